/**
 * The billing provider a configuration sets up, the counterpart of src/carriers/carrier-set.ts: Stripe when a Stripe
 * secret key is given, none otherwise. Both adapters (Pulumi's `didops:stripe*` keys, Terraform's `stripe_*`
 * attributes) ask this file, so a stack of numbers needs no Stripe key and a stack of billing resources needs no
 * carrier credentials.
 *
 * The {@link ConfiguredBilling} handlers receive is a {@link Billing} built on first use (the SDK takes ~80 ms to
 * load, and Terraform starts the provider several times per command, often only for its schema). Without a
 * configuration, using it fails with a ValidationError naming the setting to set, in both tools' words, and the
 * sandbox hint; `missing()` says so before any call, for plan-time refusals.
 */
import { DidopsError, ValidationError } from '../core/errors';
import type { CheckRequest, CheckResponse, ResourceHandler } from '../core/lifecycle';
import { errorDiagnostic } from '../core/diagnostics';
import type { Billing, BillingProviderName } from './billing';
import type { StripeClient, StripeClientConfig } from './stripe/client';

/** How Stripe is configured in each tool, for messages. */
export const STRIPE_CONFIG_HINT =
  'set the Stripe secret key (Pulumi: `pulumi config set --secret didops:stripeSecretKey sk_test_…`; Terraform: `stripe_secret_key`, or DIDOPS_STRIPE_SECRET_KEY); ' +
  'for the didops sandbox, `didops sandbox` prints the key it accepts and its URL, which goes in `didops:stripeBaseUrl` (Terraform: `stripe_base_url`, or DIDOPS_STRIPE_BASE_URL)';

/** What a provider configuration was given for billing, before anything is built. */
export interface GivenBillingSettings {
  /** Stripe secret key (`sk_test_…`, `sk_live_…`, or a restricted `rk_…` key). */
  readonly stripeSecretKey?: string;
  /** Another Stripe API origin, such as the didops sandbox. */
  readonly stripeBaseUrl?: string;
}

/** The billing provider a configuration sets up, with its client settings. */
export interface BillingSettings {
  readonly provider: BillingProviderName;
  readonly stripe: StripeClientConfig;
}

/** Why billing cannot be used, and the setting that would make it usable. */
export interface MissingBilling {
  readonly summary: string;
  readonly detail: string;
}

/**
 * Which billing provider a configuration sets up: Stripe when its secret key is given (an empty one counts as not
 * given, as for the carriers' keys); undefined when none is.
 */
export function billingSettingsOf(given: GivenBillingSettings | undefined): BillingSettings | undefined {
  const secretKey = given?.stripeSecretKey || undefined;
  if (!secretKey) return undefined;
  const baseUrl = given?.stripeBaseUrl || undefined;
  return { provider: 'stripe', stripe: { secretKey, ...(baseUrl ? { baseUrl } : {}) } };
}

/** True when a billing key is given: a provider with billing alone is configured without any carrier. */
export function wantsBilling(given: GivenBillingSettings | undefined): boolean {
  return billingSettingsOf(given) !== undefined;
}

/**
 * What is wrong with a Stripe secret key's form, without the setting's name (each adapter adds its own), or
 * undefined when it looks like one. The client checks the full form again when it is built.
 */
export function stripeSecretKeyProblem(key: string): MissingBilling | undefined {
  if (/^(sk|rk)_(test|live)_\S+$/.test(key)) return undefined;
  return {
    summary: 'is not a Stripe secret key',
    detail: 'a secret key starts with sk_test_ or sk_live_ (restricted keys with rk_); for the didops sandbox, `didops sandbox` prints the one it accepts',
  };
}

/** A {@link Billing} as a configuration provides it: built on first use, or missing with the reason why. */
export interface ConfiguredBilling extends Billing {
  /** False while the configuration is not known yet (Terraform validates before it configures). */
  readonly configured: boolean;
  /** Why billing cannot be used, when the configuration is known and sets none up; undefined otherwise. */
  missing(): MissingBilling | undefined;
}

/** Builds the billing provider of a configuration; tests and the adapters' defaults pass Stripe's. */
export type BillingBuilder = (settings: BillingSettings) => Billing;

/** Parts of {@link Billing} that handlers call; each becomes a stand-in that builds the provider on its first call. */
const BILLING_PARTS = ['catalogue', 'customers', 'subscriptions', 'payments'] as const;

/** The Stripe billing provider: the SDK client (createStripeClient) behind the Stripe implementation of the port. */
export function stripeBillingOf(settings: BillingSettings): Billing {
  // Required here, not at the top: loading the SDK is what laziness saves.
  const { createStripeClient } = require('./stripe/client') as typeof import('./stripe/client');
  const { stripeBilling } = require('./stripe') as { stripeBilling(client: StripeClient): Billing };
  let client: StripeClient;
  try {
    client = createStripeClient(settings.stripe);
  } catch (err) {
    // The client names the Pulumi key; the fix is the same in both tools.
    throw new ValidationError({ summary: 'the Stripe configuration is not usable', detail: `${(err as Error).message}; ${STRIPE_CONFIG_HINT}`, cause: err });
  }
  return stripeBilling(client);
}

/**
 * The billing provider a configuration sets up (none when `settings` is undefined), built by `build` the first time
 * a handler calls one of its parts. Reading a part builds nothing, so handlers may keep `billing.catalogue` around.
 */
export function configuredBilling(settings: BillingSettings | undefined, build: BillingBuilder = stripeBillingOf): ConfiguredBilling {
  let built: Billing | undefined;
  const missing = (): MissingBilling | undefined =>
    settings ? undefined : { summary: 'the provider has no billing configuration', detail: STRIPE_CONFIG_HINT };
  return lazyBilling(
    () => {
      if (built) return built;
      const why = missing();
      if (why) throw new ValidationError(why);
      return (built = build(settings!));
    },
    { configured: true, missing, name: settings?.provider ?? 'stripe' },
  );
}

/** Billing whose configuration is not known yet: plan-time checks pass, and any billing call says what is missing. */
export function unconfiguredBilling(why = 'the didops provider is not configured yet'): ConfiguredBilling {
  return lazyBilling(
    () => {
      throw new DidopsError({ summary: why, detail: 'Terraform configures the provider before it plans, applies or reads' });
    },
    { configured: false, missing: () => undefined, name: 'stripe' },
  );
}

/** Why `billing` cannot be used: a {@link ConfiguredBilling}'s reason, never one for a Billing built directly (tests). */
export function billingMissing(billing: Billing | undefined): MissingBilling | undefined {
  if (!billing) return { summary: 'the provider has no billing configuration', detail: STRIPE_CONFIG_HINT };
  const maybe = billing as Partial<ConfiguredBilling>;
  return typeof maybe.missing === 'function' ? maybe.missing() : undefined;
}

/**
 * `handler`, whose `check` also refuses when `billing` is missing, so a billing resource in a configuration without
 * a billing key fails the preview or plan (before any call) with the setting to set, beside its own problems.
 */
export function requiringBilling<I extends object, O extends object>(handler: ResourceHandler<I, O>, billing: Billing): ResourceHandler<I, O> {
  const check = async (request: CheckRequest): Promise<CheckResponse<I>> => {
    const result = await handler.check(request);
    const why = billingMissing(billing);
    if (!why) return result;
    return { failures: [...result.failures, errorDiagnostic(why.summary, { detail: why.detail })] };
  };
  // The handler stays the prototype, so its optional capabilities (import, field rules) are still there.
  return Object.assign(Object.create(handler) as ResourceHandler<I, O>, { check });
}

function lazyBilling(billing: () => Billing, own: { configured: boolean; missing: () => MissingBilling | undefined; name: BillingProviderName }): ConfiguredBilling {
  const parts = Object.fromEntries(BILLING_PARTS.map((part) => [part, lazyPart(() => billing()[part])]));
  return { ...own, ...parts } as unknown as ConfiguredBilling;
}

/** A stand-in for one part of the port: each method call builds the provider (once) and calls the real method. */
function lazyPart(part: () => object): object {
  return new Proxy(
    {},
    {
      get(_target, property) {
        // Not a thenable, and nothing for inspection: only the port's methods are forwarded.
        if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
        return (...args: unknown[]) => {
          const real = part() as Record<string, unknown>;
          const method = real[property];
          if (typeof method !== 'function') throw new TypeError(`billing: ${property} is not a method of the billing port`);
          return (method as (...a: unknown[]) => unknown).apply(real, args);
        };
      },
    },
  );
}
