/**
 * What both adapters build every resource handler from: the configured carriers and the configured billing
 * provider, made once per provider configuration. Each SDK is loaded when a resource first uses it (an SDK takes
 * 80–200 ms to load; Terraform starts the provider several times per command, often only to read its schema).
 */
import type { CarrierName } from '../src/carriers/carrier';
import { carrierSet, type CarrierSet } from '../src/carriers/carrier-set';
import type { TwilioClientConfig } from '../src/carriers/twilio/client';
import { configuredBilling, requiringBilling, type BillingSettings, type ConfiguredBilling } from '../src/billing/billing-config';
import type { ResourceHandler } from '../src/core/lifecycle';

/** One dependency object for every handler factory: `createPhoneNumberHandler(deps)`, `createRateCardHandler(deps)`. */
export interface ResourceDependencies {
  /** The carriers the configuration sets up, and the default one. */
  readonly carriers: CarrierSet;
  /** The billing provider the configuration sets up (built on first use; missing, with the setting to set, when none is). */
  readonly billing: ConfiguredBilling;
}

/** What a provider configuration settled on, in either tool. */
export interface DependencySettings {
  readonly twilio?: TwilioClientConfig;
  readonly telnyx?: { readonly apiKey: string; readonly baseUrl?: string };
  readonly defaultCarrier: CarrierName;
  readonly billing?: BillingSettings;
}

/** The dependencies of one configuration. */
export function resourceDependencies(settings: DependencySettings): ResourceDependencies {
  const { twilio, telnyx } = settings;
  const carriers = carrierSet(
    {
      ...(twilio ? { twilio: () => (require('../src/carriers/twilio/carrier') as typeof import('../src/carriers/twilio/carrier')).createTwilioCarrier(twilio) } : {}),
      ...(telnyx ? { telnyx: () => (require('../src/carriers/telnyx') as typeof import('../src/carriers/telnyx')).createTelnyxCarrier(telnyx) } : {}),
    },
    settings.defaultCarrier,
  );
  return { carriers, billing: configuredBilling(settings.billing) };
}

/**
 * A billing resource's handler factory for the adapters: `create` (typically a lazy `require` of the handler, which
 * brings rating's decimal.js and yaml only to configurations that use billing) around the configuration's billing,
 * refusing at check time when the configuration has none.
 */
export function billingHandler<I extends object, O extends object>(create: (deps: ResourceDependencies) => ResourceHandler<I, O>): (deps: ResourceDependencies) => ResourceHandler<I, O> {
  return (deps) => requiringBilling(create(deps), deps.billing);
}
