/**
 * What a serialized didops provider loads inside Pulumi's dynamic provider host: the handlers, built once per
 * configuration around one set of carriers and one billing provider. Requiring it from the serialized code (rather
 * than capturing it) keeps the state's `__provider` small and lets a newer didops serve resources an older one created.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { CarrierSet } from '../../src/carriers/carrier-set';
import { createEmergencyAddressHandler } from '../../src/resources/emergency-address/handler';
import { createPhoneNumberHandler } from '../../src/resources/phone-number/handler';
import { createRoutingPlanHandler } from '../../src/resources/routing-plan/handler';
import { billingHandler, resourceDependencies, type ResourceDependencies } from '../dependencies';
import { dynamicProviderFromHandler } from './dynamic-adapter';
import { billingSettings, carrierSettings, CONFIG_KEYS, type CarrierSettings, type HostSettings } from './settings';

export { CONFIG_KEYS, type HostSettings };

/** The resource kinds a didops dynamic provider serves. */
export type DidopsResourceKind = 'PhoneNumber' | 'EmergencyAddress' | 'RoutingPlan' | 'RateCard' | 'BillingAccount' | 'BillingSubscription';

type Provider = ReturnType<typeof dynamicProviderFromHandler>;
const providers = new Map<string, Provider>();
const dependencySets = new Map<string, ResourceDependencies>();

/** The carriers of one configuration; each carrier's SDK is loaded when a resource first uses it. */
export function carriersOf(config: CarrierSettings): CarrierSet {
  return resourceDependencies(config).carriers;
}

/** The provider for `kind` under `settings`, built on first use and then reused for every resource. */
export function loadDidopsProvider(kind: DidopsResourceKind, settings: HostSettings | undefined): Provider {
  const config = { ...carrierSettings(settings), billing: billingSettings(settings) };
  // Secrets are part of the cache key only in memory; they never reach state, outputs or messages.
  const account = JSON.stringify(config);
  const key = JSON.stringify([kind, account]);
  let provider = providers.get(key);
  if (!provider) {
    // One set of carriers and one billing provider per configuration for every kind of resource: a client learns
    // its account's limits once.
    let deps = dependencySets.get(account);
    if (!deps) dependencySets.set(account, (deps = resourceDependencies(config)));
    provider = providerFor(kind, deps);
    providers.set(key, provider);
  }
  return provider;
}

/** The dynamic provider of one kind of resource around the configured carriers and billing provider. */
function providerFor(kind: DidopsResourceKind, deps: ResourceDependencies): Provider {
  switch (kind) {
    case 'PhoneNumber':
      return dynamicProviderFromHandler(createPhoneNumberHandler(deps), 'didops:PhoneNumber');
    case 'EmergencyAddress':
      return dynamicProviderFromHandler(createEmergencyAddressHandler(deps), 'didops:EmergencyAddress');
    case 'RoutingPlan':
      return dynamicProviderFromHandler(createRoutingPlanHandler(deps), 'didops:RoutingPlan');
    // Billing handlers are loaded on first use (rating brings decimal.js and yaml), and refuse at check without billing.
    case 'RateCard':
      return dynamicProviderFromHandler(billingHandler((d) => (require('../../src/resources/rate-card/handler') as typeof import('../../src/resources/rate-card/handler')).createRateCardHandler(d))(deps), 'didops:RateCard');
    case 'BillingAccount':
      return dynamicProviderFromHandler(billingHandler((d) => (require('../../src/resources/billing-account/handler') as typeof import('../../src/resources/billing-account/handler')).createBillingAccountHandler(d))(deps), 'didops:BillingAccount');
    case 'BillingSubscription':
      return dynamicProviderFromHandler(billingHandler((d) => (require('../../src/resources/billing-subscription/handler') as typeof import('../../src/resources/billing-subscription/handler')).createBillingSubscriptionHandler(d))(deps), 'didops:BillingSubscription');
  }
}

/** Reads didops' settings from the configuration Pulumi gives a dynamic provider's `configure`. */
export function settingsFromConfig(config: pulumi.dynamic.Config): HostSettings {
  return {
    twilioAccountSid: config.get(CONFIG_KEYS.twilioAccountSid),
    twilioAuthToken: config.get(CONFIG_KEYS.twilioAuthToken),
    twilioBaseUrl: config.get(CONFIG_KEYS.twilioBaseUrl),
    telnyxApiKey: config.get(CONFIG_KEYS.telnyxApiKey),
    telnyxBaseUrl: config.get(CONFIG_KEYS.telnyxBaseUrl),
    defaultCarrier: config.get(CONFIG_KEYS.defaultCarrier),
    stripeSecretKey: config.get(CONFIG_KEYS.stripeSecretKey),
    stripeBaseUrl: config.get(CONFIG_KEYS.stripeBaseUrl),
  };
}
