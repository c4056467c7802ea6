/**
 * Which billing provider a configuration sets up (src/billing/billing-config.ts), the one rule both adapters ask:
 * Stripe when its secret key is given, built the first time a handler calls it; without a key, every use names the
 * setting to set in both tools, and a billing resource's check says so before any call.
 */
import {
  billingMissing,
  billingSettingsOf,
  configuredBilling,
  requiringBilling,
  stripeSecretKeyProblem,
  unconfiguredBilling,
  type BillingSettings,
} from '../../src/billing/billing-config';
import type { Billing } from '../../src/billing/billing';
import { defaultCarrierOf, wantsTwilio } from '../../src/carriers/carrier-set';
import { ValidationError } from '../../src/core/errors';
import type { ResourceHandler } from '../../src/core/lifecycle';

const SETTINGS: BillingSettings = { provider: 'stripe', stripe: { secretKey: 'sk_test_123', baseUrl: 'http://127.0.0.1:4010' } };

/** A billing provider whose catalogue answers one call, recording who built it and what was asked. */
function recordingBilling(): { build: (settings: BillingSettings) => Billing; builds: BillingSettings[]; calls: unknown[][] } {
  const builds: BillingSettings[] = [];
  const calls: unknown[][] = [];
  const part = { describe: async (...args: unknown[]) => (calls.push(args), 'described') };
  // The port's capabilities are the other helpers' to define; the lazy layer forwards whatever methods they have.
  const billing = { name: 'stripe', catalogue: part, customers: part, subscriptions: part, payments: part, invoices: part, usage: part } as unknown as Billing;
  return { build: (settings) => (builds.push(settings), billing), builds, calls };
}

/** Calls `method` on a part of `billing`, as a handler calls the port. */
function call(billing: Billing, part: 'catalogue' | 'customers', method: string, ...args: unknown[]): unknown {
  return (billing[part] as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args);
}

describe('which billing provider a configuration sets up', () => {
  it('Stripe when a secret key is given, with its base URL; none without a key (an empty one is none)', () => {
    expect(billingSettingsOf({ stripeSecretKey: 'sk_test_123', stripeBaseUrl: 'http://127.0.0.1:4010' })).toEqual(SETTINGS);
    expect(billingSettingsOf({ stripeSecretKey: 'sk_live_9' })).toEqual({ provider: 'stripe', stripe: { secretKey: 'sk_live_9' } });
    expect(billingSettingsOf({ stripeBaseUrl: 'http://127.0.0.1:4010' })).toBeUndefined();
    expect(billingSettingsOf({ stripeSecretKey: '' })).toBeUndefined();
    expect(billingSettingsOf(undefined)).toBeUndefined();
  });

  it('knows a Stripe secret key by its form and says what one looks like, without repeating the value', () => {
    expect(stripeSecretKeyProblem('sk_test_4eC39HqLyjWDarjtT1zdp7dc')).toBeUndefined();
    expect(stripeSecretKeyProblem('rk_live_abc')).toBeUndefined();
    const problem = stripeSecretKeyProblem('pk_test_publishable');
    expect(problem?.summary).toBe('is not a Stripe secret key');
    expect(problem?.detail).toContain('sk_test_');
    expect(JSON.stringify(problem)).not.toContain('pk_test_publishable');
  });
});

describe('a stack for billing alone, or for numbers alone', () => {
  it('a Stripe key alone wants no carrier, and a number naming none then asks for Twilio', () => {
    const billingOnly = { twilioCredential: false, telnyxKey: false, billingKey: true };
    expect(wantsTwilio(billingOnly)).toBe(false);
    expect(defaultCarrierOf(billingOnly, false)).toBe('twilio');
  });

  it('carriers keep their rules beside billing: nothing at all wants Twilio, a Telnyx key alone makes Telnyx the default', () => {
    expect(wantsTwilio({ twilioCredential: false, telnyxKey: false })).toBe(true);
    expect(wantsTwilio({ twilioCredential: true, telnyxKey: false, billingKey: true })).toBe(true);
    expect(wantsTwilio({ twilioCredential: false, telnyxKey: false, billingKey: true, defaultCarrier: 'twilio' })).toBe(true);
    expect(defaultCarrierOf({ twilioCredential: false, telnyxKey: true, billingKey: true }, false)).toBe('telnyx');
    expect(defaultCarrierOf({ twilioCredential: true, telnyxKey: true }, true)).toBe('twilio');
  });
});

describe('the billing a configuration provides', () => {
  it('is built the first time a handler calls it, once, and not when a handler only keeps a part', async () => {
    const provider = recordingBilling();
    const billing = configuredBilling(SETTINGS, provider.build);
    const catalogue = billing.catalogue;
    expect(billing.name).toBe('stripe');
    expect(billing.missing()).toBeUndefined();
    expect(provider.builds).toEqual([]);

    await expect(call({ ...billing, catalogue }, 'catalogue', 'describe', 'rate card')).resolves.toBe('described');
    await expect(call(billing, 'customers', 'describe', 'account')).resolves.toBe('described');
    expect(provider.builds).toEqual([SETTINGS]);
    expect(provider.calls).toEqual([['rate card'], ['account']]);
  });

  it('without a key, says which setting to set in both tools and how to reach the sandbox, and builds nothing', () => {
    const provider = recordingBilling();
    const billing = configuredBilling(undefined, provider.build);
    const why = billing.missing();
    expect(why?.summary).toBe('the provider has no billing configuration');
    for (const words of ['didops:stripeSecretKey', 'stripe_secret_key', 'DIDOPS_STRIPE_SECRET_KEY', 'didops sandbox', 'didops:stripeBaseUrl']) expect(why?.detail).toContain(words);
    expect(() => call(billing, 'catalogue', 'describe')).toThrow(ValidationError);
    expect(() => call(billing, 'catalogue', 'describe')).toThrow(/didops:stripeSecretKey/);
    expect(provider.builds).toEqual([]);
  });

  it('before Terraform configures the provider, misses nothing yet and refuses every call', () => {
    const billing = unconfiguredBilling();
    expect(billing.configured).toBe(false);
    expect(billing.missing()).toBeUndefined();
    expect(() => call(billing, 'catalogue', 'describe')).toThrow('the didops provider is not configured yet');
  });

  it('is no promise and shows nothing to inspection, so awaiting or logging a part builds nothing', async () => {
    const provider = recordingBilling();
    const billing = configuredBilling(SETTINGS, provider.build);
    expect(await Promise.resolve(billing.catalogue)).toBe(billing.catalogue);
    expect(JSON.stringify(billing.customers)).toBe('{}');
    expect(provider.builds).toEqual([]);
  });
});

describe('a billing resource’s check', () => {
  type Inputs = { currency: string };
  const handler: ResourceHandler<Inputs, object> = {
    check: async ({ news }) => {
      const currency = (news as Partial<Inputs>).currency;
      return typeof currency === 'string' ? { inputs: { currency }, failures: [] } : { failures: [{ severity: 'error', summary: 'currency is required', field: 'currency' }] };
    },
    diff: async () => ({ changes: false, replaces: [], updates: [], explanation: [] }),
    create: async () => ({ id: 'x', outputs: {} }),
    read: async () => null,
    update: async () => ({ outputs: {} }),
    delete: async () => {},
    import: async ({ id }) => ({ id, inputs: { currency: 'USD' }, outputs: {} }),
  };

  it('in a configuration without billing, fails beside its own problems, naming the setting', async () => {
    const checked = await requiringBilling(handler, configuredBilling(undefined)).check({ news: {} });
    expect(checked.inputs).toBeUndefined();
    expect(checked.failures.map((f) => f.summary)).toEqual(['currency is required', 'the provider has no billing configuration']);
    expect(checked.failures[1].detail).toContain('didops:stripeSecretKey');
  });

  it('with billing configured (or not known yet), is the handler’s own, import and all', async () => {
    for (const billing of [configuredBilling(SETTINGS, recordingBilling().build), unconfiguredBilling()]) {
      const wrapped = requiringBilling(handler, billing);
      await expect(wrapped.check({ news: { currency: 'EUR' } })).resolves.toEqual({ inputs: { currency: 'EUR' }, failures: [] });
      expect(typeof wrapped.import).toBe('function');
    }
  });

  it('a Billing built directly (as tests build one) is never missing; no billing at all is', () => {
    expect(billingMissing(recordingBilling().build(SETTINGS))).toBeUndefined();
    expect(billingMissing(undefined)?.detail).toContain('DIDOPS_STRIPE_SECRET_KEY');
  });
});
