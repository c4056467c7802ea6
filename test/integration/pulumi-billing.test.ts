/**
 * Billing under `pulumi up`, through Pulumi's real dynamic-provider host: a rate card, an account and a subscription
 * for a number. The host is killed while Stripe holds the answer to the number's setup fee, so the subscription and
 * the fee exist but the engine recorded nothing; the next `pulumi up` (a new host, the same URNs) finishes that
 * subscription instead of making another, and a third plans no change. Every customer, product, price, meter,
 * subscription and invoice item is counted through the official stripe SDK: exactly one of each, every time. And the
 * same stack written with didops' classes, run twice as a program: the second run changes and makes nothing.
 */
import { BillingAccount, BillingSubscription, PhoneNumber, RateCard } from '../../provider/pulumi';
import { numberMonthlyLookupKey } from '../../src/billing/rate-card-keys';
import { ACME_ACCOUNT, ONE_OF_EACH, RETAIL_CARD_YAML, stripeConfig, stripeObjects } from '../support/billing-stack';
import { MockEngine } from '../support/pulumi-mock-engine';
import { ProviderHostError, type DynamicProviderHost } from '../support/pulumi-provider-host';
import { PulumiSteps, type Recorded, type StepKind } from '../support/pulumi-steps';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { eventually } from '../support/telnyx';
import { recordSandboxRequests, startCarriersProviderHost } from '../support/telnyx-stack';

jest.setTimeout(40_000);
const t = useTestSandbox();
const steps = new PulumiSteps();
const stripe = () => sandboxStripe(t.sandbox);
const hosts: DynamicProviderHost[] = [];

beforeAll(() => steps.load());
afterEach(() => t.sandbox.context.faults.configure([]));
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

/** The stack's `didops:*` configuration: the sandbox's Twilio account and Stripe. */
const stackConfig = () => ({ 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url, ...stripeConfig(t.sandbox) });

/** A host configured as `pulumi up` configures it. */
async function startHost(): Promise<DynamicProviderHost> {
  const host = await startCarriersProviderHost(t.sandbox, { config: stackConfig(), secrets: ['didops:twilioAuthToken', 'didops:stripeSecretKey'] });
  hosts.push(host);
  return host;
}

const CARD_ARGS = { card: RETAIL_CARD_YAML };
const ACME_ARGS = ACME_ACCOUNT;
const SUPPORT_ARGS = { search: { country: 'US', areaCode: '415' } };

describe('a rate card, an account and a subscription for a number', () => {
  it('killed mid-apply, re-applied, then applied again: exactly one customer, product, price, subscription and setup fee', async () => {
    const first = await startHost();
    const card = await steps.create(first, 'RateCard', 'retail', CARD_ARGS);
    const acme = await steps.create(first, 'BillingAccount', 'acme', ACME_ARGS);
    const support = await steps.create(first, 'PhoneNumber', 'support', SUPPORT_ARGS);
    expect(card.id).toBe('retail');
    expect(acme.id).toMatch(/^cus_/);
    const subscriptionArgs = {
      account: acme.state.customerId,
      rateCard: card.state.cardKey,
      numbers: [{ e164: support.state.e164, country: support.state.country, type: support.state.type }],
    };

    // Stripe makes the setup fee (first, so that it lands on the subscription's first invoice), then holds its answer
    // until the host is gone: the subscription is never asked for.
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/v1/invoiceitems', responseDelayMs: 30_000 }]);
    const { urn, inputs, failures } = await steps.check(first, 'BillingSubscription', 'acme-numbers', subscriptionArgs);
    expect(failures).toEqual([]);
    const dying = first.create(urn, inputs).then(
      () => 'answered',
      (err: unknown) => err,
    );
    await eventually(async () => ((await stripeObjects(stripe())).invoiceItems === 1 ? true : undefined), 15_000);
    await first.kill('SIGKILL');
    await expect(dying).resolves.toBeInstanceOf(ProviderHostError);
    t.sandbox.context.faults.configure([]);
    expect(await stripeObjects(stripe())).toEqual({ ...ONE_OF_EACH, subscriptions: 0 });

    // The next `pulumi up`: the engine recorded everything but the subscription; it finds the fee and makes the subscription.
    const requests = recordSandboxRequests(t.sandbox);
    let subscription: Recorded;
    const second = await startHost();
    try {
      const created = await second.create(urn, inputs);
      subscription = { urn, id: created.id, inputs, state: created.properties };
    } finally {
      requests.stop();
    }
    expect(requests.seen.filter((r) => r === 'POST /v1/subscriptions' || r === 'POST /v1/invoiceitems')).toEqual(['POST /v1/subscriptions']);
    expect(await stripeObjects(stripe())).toEqual(ONE_OF_EACH);
    const [live] = (await stripe().subscriptions.list({ customer: acme.id })).data;
    expect(subscription.id).toBe(live.id);
    expect(subscription.state).toMatchObject({ status: 'active', currency: 'USD', setupFees: { [support.state.e164 as string]: expect.stringMatching(/^ii_/) } });
    // One item for the number at the card's monthly price, and the metered minutes.
    expect(live.items.data.map((item) => [item.price.lookup_key, item.quantity ?? null]).sort()).toEqual([
      [expect.stringMatching(/^didops\.retail\.minutes\./), null],
      [numberMonthlyLookupKey('retail', 'US', 'local'), 1],
    ]);

    // And once more: nothing to change, nothing made.
    const third = await startHost();
    const stack: [StepKind, Recorded, Record<string, unknown>][] = [
      ['RateCard', card, CARD_ARGS],
      ['BillingAccount', acme, ACME_ARGS],
      ['PhoneNumber', support, SUPPORT_ARGS],
      ['BillingSubscription', subscription, subscriptionArgs],
    ];
    for (const [kind, recorded, args] of stack) {
      const { diff } = await steps.diff(third, kind, recorded, args);
      expect([kind, diff.changes, diff.replaces]).toEqual([kind, 'none', []]);
    }
    expect(await stripeObjects(stripe())).toEqual(ONE_OF_EACH);

    // The Stripe secret key is in no state, no serialized provider and no host log.
    const key = t.sandbox.stripeSecretKey;
    expect(JSON.stringify(stack.map(([, recorded]) => recorded))).not.toContain(key);
    for (const kind of ['RateCard', 'BillingAccount', 'BillingSubscription'] as const) expect(steps.providerText(kind)).not.toContain(key);
    expect(hosts.flatMap((h) => h.logs).join('\n')).not.toContain(key);
  });
});

describe('the stack as a program of didops classes', () => {
  it('runs twice: the second run changes nothing and makes nothing on Stripe', async () => {
    const engine = new MockEngine({ config: stackConfig() });
    const program = () => {
      const card = new RateCard('wholesale', { card: RETAIL_CARD_YAML, name: 'Globex Voice' });
      const globex = new BillingAccount('globex', { ...ACME_ACCOUNT, name: 'Globex Corp' });
      const desk = new PhoneNumber('front-desk', { search: { country: 'US', areaCode: '628' } });
      const numbers = new BillingSubscription('globex-numbers', {
        account: globex.customerId,
        rateCard: card.cardKey,
        numbers: [{ e164: desk.e164, country: desk.country, type: desk.type }],
      });
      return { e164: desk.e164, setupFees: numbers.setupFees, status: numbers.status, monthly: card.priceTerms };
    };
    const first = await engine.up(program);
    expect(first.status).toBe('active');
    expect(Object.keys(first.setupFees)).toEqual([first.e164]);
    expect(first.monthly[numberMonthlyLookupKey('wholesale', 'US', 'local')]).toBe('USD 115 per month');
    const made = await stripeObjects(stripe());

    expect(await engine.up(program)).toEqual(first);
    expect([...engine.steps.values()]).toEqual(['same', 'same', 'same', 'same']);
    expect(await stripeObjects(stripe())).toEqual(made);
  });
});
