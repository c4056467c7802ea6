/**
 * Billing under `terraform apply`, through the real terraform CLI: a rate card, an account and a subscription for a
 * number (`numbers = [didops_phone_number.support]`). The provider is killed while Stripe holds the answer to the
 * subscription's creation, so the subscription exists but Terraform never heard of it; the next apply finishes that
 * subscription instead of making another, and then a plan shows no changes. Every customer, product, price, meter,
 * subscription and invoice item is counted through the official stripe SDK: exactly one of each, every time.
 */
import { ONE_OF_EACH, RETAIL_AND_ACME_HCL, stripeEnv, stripeObjects } from '../support/billing-stack';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { eventually } from '../support/telnyx';
import { filesContaining, recordSandboxRequests } from '../support/telnyx-stack';
import { BUILD_MIRROR, killProviders, REQUIRED_PROVIDERS, terraformOk, terraformWorkspace } from '../support/terraform-cli';

jest.setTimeout(60_000);
const t = useTestSandbox();
const stripe = () => sandboxStripe(t.sandbox);
afterEach(() => t.sandbox.context.faults.configure([]));

const STACK_HCL = `${REQUIRED_PROVIDERS}provider "didops" {}

${RETAIL_AND_ACME_HCL}
resource "didops_phone_number" "support" {
  key    = "support"
  search = { country = "US", area_code = "415" }
}

resource "didops_billing_subscription" "acme" {
  key       = "acme-numbers"
  account   = didops_billing_account.acme.customer_id
  rate_card = didops_rate_card.retail.card_key
  numbers   = [didops_phone_number.support]
}

output "subscription" {
  value = didops_billing_subscription.acme.subscription_id
}
`;

describe('a rate card, an account and a subscription for a number', () => {
  it('killed mid-apply, re-applied, then planned again: exactly one customer, product, price, subscription and setup fee', async () => {
    const ws = terraformWorkspace({
      mirrorDir: BUILD_MIRROR,
      env: { DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid, DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken, DIDOPS_TWILIO_BASE_URL: t.sandbox.url, ...stripeEnv(t.sandbox) },
    });
    try {
      ws.writeMain(STACK_HCL);
      await terraformOk(ws, ['init']);

      // Stripe creates the subscription, then holds its answer until the provider is gone.
      t.sandbox.context.faults.configure([{ method: 'POST', path: '/v1/subscriptions', responseDelayMs: 30_000 }]);
      let terraformPid = 0;
      const crashed = ws.run(['apply', '-auto-approve'], { onStart: (child) => (terraformPid = child.pid ?? 0) });
      await eventually(async () => ((await stripeObjects(stripe())).subscriptions === 1 ? true : undefined), 30_000, 100);
      expect(killProviders(terraformPid)).toBeGreaterThan(0);
      const result = await crashed;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/plugin|provider/i);
      t.sandbox.context.faults.configure([]);

      // The next apply finds the subscription by its owner and finishes it: the setup fee, once.
      const requests = recordSandboxRequests(t.sandbox);
      try {
        await terraformOk(ws, ['apply', '-auto-approve']);
      } finally {
        requests.stop();
      }
      expect(requests.seen.filter((r) => r === 'POST /v1/subscriptions')).toEqual([]);
      expect(await stripeObjects(stripe())).toEqual(ONE_OF_EACH);
      const [live] = (await stripe().subscriptions.list({ status: 'all' })).data;
      expect((await terraformOk(ws, ['output', '-raw', 'subscription'])).trim()).toBe(live.id);
      expect(live.status).toBe('active');

      // Applied again: no changes, nothing made.
      const plan = await ws.run(['plan', '-detailed-exitcode']);
      expect([plan.code, plan.stdout]).toEqual([0, expect.stringContaining('No changes.')]);
      expect(await stripeObjects(stripe())).toEqual(ONE_OF_EACH);
      // The Stripe secret key is in no state file, plan or log Terraform wrote.
      expect(filesContaining(ws.root, t.sandbox.stripeSecretKey)).toEqual([]);
    } finally {
      ws.close();
    }
  });
});
