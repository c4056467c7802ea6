/**
 * Billing in a Pulumi stack's configuration, through Pulumi's real dynamic-provider host: `didops:stripeSecretKey`
 * (a secret) and `didops:stripeBaseUrl` set Stripe up beside the carriers, and neither needs the other: a stack for
 * billing alone configures no carrier, and a number in it asks for the Twilio settings on `carrier`, as in a stack
 * for Telnyx alone; a stack for numbers alone refuses a billing resource at preview, naming the key to set. A key of
 * the wrong form fails the step naming the setting, never echoing the value.
 */
import { ACME_ACCOUNT, RETAIL_CARD_YAML } from '../support/billing-stack';
import { useTestSandbox } from '../support/sandbox';
import { startCarriersProviderHost } from '../support/telnyx-stack';
import type { DynamicProviderHost } from '../support/pulumi-provider-host';
import { PulumiSteps } from '../support/pulumi-steps';

jest.setTimeout(30_000);
const t = useTestSandbox();
const steps = new PulumiSteps();
const hosts: DynamicProviderHost[] = [];

beforeAll(() => steps.load());
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

/** A host configured from `config`, every key and token a secret, as `pulumi config set --secret` leaves them. */
async function stack(config: Record<string, string>): Promise<DynamicProviderHost> {
  const host = await startCarriersProviderHost(t.sandbox, { config, secrets: ['didops:twilioAuthToken', 'didops:telnyxApiKey', 'didops:stripeSecretKey'] });
  hosts.push(host);
  return host;
}

/** A key of Stripe's form that the test can look for in messages. */
const STRIPE_KEY = 'sk_test_didopsConfigStory0123456789';
const billingOnly = () => ({ 'didops:stripeSecretKey': STRIPE_KEY, 'didops:stripeBaseUrl': t.sandbox.url });

describe('a stack configured for billing only', () => {
  let host: DynamicProviderHost;
  beforeAll(async () => {
    host = await stack(billingOnly());
  });

  it('needs no carrier credentials: its rate card and account pass the preview', async () => {
    expect((await steps.check(host, 'RateCard', 'retail', { card: RETAIL_CARD_YAML })).failures).toEqual([]);
    expect((await steps.check(host, 'BillingAccount', 'acme', ACME_ACCOUNT)).failures).toEqual([]);
  });

  it('a number in it is refused on `carrier`, naming the Twilio settings', async () => {
    const { failures } = await steps.check(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' } });
    expect(failures).toEqual([{ property: 'carrier', reason: expect.stringContaining('the provider has no Twilio configuration') }]);
    expect(failures[0].reason).toContain('didops:twilioAccountSid');
  });

  it('writes the key into no serialized provider and no host log', () => {
    expect(steps.providerText('PhoneNumber')).not.toContain(STRIPE_KEY);
    expect(host.logs.join('\n')).not.toContain(STRIPE_KEY);
  });
});

describe('a stack configured for numbers only', () => {
  let host: DynamicProviderHost;
  beforeAll(async () => {
    host = await stack({ 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url });
  });

  it('refuses each billing resource at preview, naming didops:stripeSecretKey and the sandbox', async () => {
    const subscription = { account: 'cus_Acme0123', rateCard: 'retail', numbers: [{ e164: '+14155550100' }] };
    for (const [kind, args] of [['RateCard', { card: RETAIL_CARD_YAML }], ['BillingAccount', ACME_ACCOUNT], ['BillingSubscription', subscription]] as const) {
      const { failures } = await steps.check(host, kind, 'acme', args);
      expect([kind, failures]).toEqual([kind, [{ property: '', reason: expect.stringContaining('the provider has no billing configuration') }]]);
      expect(failures[0].reason).toContain('pulumi config set --secret didops:stripeSecretKey');
      expect(failures[0].reason).toContain('didops sandbox');
    }
  });

  it('still checks the resource itself beside that', async () => {
    const { failures } = await steps.check(host, 'RateCard', 'retail', { card: RETAIL_CARD_YAML.replace('currency: USD', 'currency: DOLLARS') });
    expect(failures.map((f) => f.property)).toEqual(['card.currency', '']);
  });
});

describe('a stack whose didops:stripeSecretKey is not a secret key', () => {
  it('fails the step naming didops:stripeSecretKey and the form of a key, without the value', async () => {
    const publishable = 'pk_test_notASecretKey0123456789';
    const host = await stack({ 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url, 'didops:stripeSecretKey': publishable });
    const failed = steps.check(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' } });
    await expect(failed).rejects.toMatchObject({ method: 'Check', message: expect.stringContaining('didops:stripeSecretKey: is not a Stripe secret key') });
    await expect(failed).rejects.toMatchObject({ message: expect.stringContaining('pulumi config set --secret didops:stripeSecretKey') });
    await expect(failed).rejects.toMatchObject({ message: expect.not.stringContaining(publishable) });
    expect(host.logs.join('\n')).not.toContain(publishable);
  });
});
