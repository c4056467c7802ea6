/**
 * Billing in a Terraform configuration, through the real terraform CLI: `stripe_secret_key` (sensitive) and
 * `stripe_base_url`, or DIDOPS_STRIPE_SECRET_KEY and DIDOPS_STRIPE_BASE_URL, set Stripe up beside the carriers, and
 * neither needs the other: with only a Stripe key a rate card and an account plan, and a number fails on `carrier`
 * naming the Twilio settings; with only Twilio's, a billing resource fails the plan naming the Stripe settings. A key
 * of the wrong form is refused on its attribute (or its variable), never echoed.
 */
import { RETAIL_AND_ACME_HCL } from '../support/billing-stack';
import { useTestSandbox } from '../support/sandbox';
import { credentialFreeWorkspace, REQUIRED_PROVIDERS, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';

jest.setTimeout(60_000);
const t = useTestSandbox();
/** A key of Stripe's form that the test can look for in messages. */
const STRIPE_KEY = 'sk_test_didopsConfigStory0123456789';
const PUBLISHABLE_KEY = 'pk_test_notASecretKey0123456789';

let ws: TerraformWorkspace;
beforeAll(async () => {
  ws = await credentialFreeWorkspace();
});
afterAll(() => ws.close());

const SUPPORT_NUMBER = `resource "didops_phone_number" "support" {
  key    = "support"
  search = { country = "US", area_code = "415" }
}
`;

/** Runs `args` on `hcl`, expects it to fail having bought nothing, and returns stderr on one line. */
async function refused(hcl: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  ws.writeMain(`${REQUIRED_PROVIDERS}${hcl}`);
  const result = await ws.run(args, { env });
  expect(result.code).not.toBe(0);
  expect(await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).toEqual([]);
  return result.stderr.replace(/\s+/g, ' ');
}

describe('a provider configured for billing only', () => {
  it('needs no carrier credentials: a rate card and an account plan', async () => {
    ws.writeMain(`${REQUIRED_PROVIDERS}provider "didops" {}\n${RETAIL_AND_ACME_HCL}`);
    const plan = await terraformOk(ws, ['plan'], { env: { DIDOPS_STRIPE_SECRET_KEY: STRIPE_KEY, DIDOPS_STRIPE_BASE_URL: t.sandbox.url } });
    expect(plan).toContain('2 to add, 0 to change, 0 to destroy');
  });

  it('needs no carrier credentials: a number then fails on carrier, naming the Twilio settings', async () => {
    const err = await refused(`provider "didops" {}\n${SUPPORT_NUMBER}`, ['plan'], { DIDOPS_STRIPE_SECRET_KEY: STRIPE_KEY, DIDOPS_STRIPE_BASE_URL: t.sandbox.url });
    expect(err).toContain('the provider has no Twilio configuration');
    expect(err).toContain('twilio_account_sid');
    expect(err).toContain('with didops_phone_number.support');
    // The provider itself configured: no complaint about the provider block.
    expect(err).not.toContain('no Twilio account SID');
    expect(err).not.toContain(STRIPE_KEY);
  });
});

describe('a provider configured for numbers only', () => {
  it('fails the plan of a billing resource, naming stripe_secret_key, DIDOPS_STRIPE_SECRET_KEY and the sandbox', async () => {
    const err = await refused(`provider "didops" {}\n${RETAIL_AND_ACME_HCL}`, ['plan'], {
      DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid,
      DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken,
      DIDOPS_TWILIO_BASE_URL: t.sandbox.url,
    });
    expect(err).toContain('the provider has no billing configuration');
    expect(err).toContain('stripe_secret_key');
    expect(err).toContain('DIDOPS_STRIPE_SECRET_KEY');
    expect(err).toContain('didops sandbox');
    expect(err).toContain('with didops_rate_card.retail');
    expect(err).toContain('with didops_billing_account.acme');
  });
});

describe('a Stripe key that is not a secret key', () => {
  it('in the provider block, is refused on stripe_secret_key by terraform validate', async () => {
    const err = await refused(`provider "didops" {\n  stripe_secret_key = "${PUBLISHABLE_KEY}"\n}\n${SUPPORT_NUMBER}`, ['validate']);
    expect(err).toContain('stripe_secret_key is not a Stripe secret key');
    expect(err).toContain('starts with sk_test_ or sk_live_');
    // Terraform quotes the configuration line the diagnostic points at.
    expect(err).toContain('stripe_secret_key =');
  });

  it('in DIDOPS_STRIPE_SECRET_KEY, fails the plan naming the variable, without its value', async () => {
    const err = await refused(`provider "didops" {}\n${SUPPORT_NUMBER}`, ['plan'], {
      DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid,
      DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken,
      DIDOPS_TWILIO_BASE_URL: t.sandbox.url,
      DIDOPS_STRIPE_SECRET_KEY: PUBLISHABLE_KEY,
    });
    expect(err).toContain('DIDOPS_STRIPE_SECRET_KEY is not a Stripe secret key');
    expect(err).not.toContain(PUBLISHABLE_KEY);
  });
});
