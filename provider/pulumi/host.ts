/**
 * What a serialized didops provider loads inside Pulumi's dynamic provider host: the handlers, built once per
 * configuration around one Twilio client. Requiring it from the serialized code (rather than capturing it) keeps
 * the state's `__provider` small and lets a newer didops serve resources an older one created.
 */
import type * as pulumi from '@pulumi/pulumi';
import { createTwilioClient } from '../../src/carriers/twilio/client';
import { createEmergencyAddressHandler } from '../../src/resources/emergency-address/handler';
import { createPhoneNumberHandler } from '../../src/resources/phone-number/handler';
import { createRoutingPlanHandler } from '../../src/resources/routing-plan/handler';
import { dynamicProviderFromHandler } from './dynamic-adapter';
import { CONFIG_KEYS, twilioClientConfig, type HostSettings } from './settings';

export { CONFIG_KEYS, type HostSettings };

/** The resource kinds a didops dynamic provider serves. */
export type DidopsResourceKind = 'PhoneNumber' | 'EmergencyAddress' | 'RoutingPlan';

type Provider = ReturnType<typeof dynamicProviderFromHandler>;
const providers = new Map<string, Provider>();
const clients = new Map<string, ReturnType<typeof createTwilioClient>>();

/** The provider for `kind` under `settings`, built on first use and then reused for every resource. */
export function loadDidopsProvider(kind: DidopsResourceKind, settings: HostSettings | undefined): Provider {
  const config = twilioClientConfig(settings);
  // The token is part of the cache key only in memory; it never reaches state, outputs or messages.
  const account = JSON.stringify([config.accountSid, config.authToken, config.baseUrl ?? '']);
  const key = JSON.stringify([kind, account]);
  let provider = providers.get(key);
  if (!provider) {
    // One client per account for every kind of resource: it learns the account's concurrency limit once.
    let twilio = clients.get(account);
    if (!twilio) clients.set(account, (twilio = createTwilioClient(config)));
    provider = providerFor(kind, twilio);
    providers.set(key, provider);
  }
  return provider;
}

/** The dynamic provider of one kind of resource around a Twilio client. */
function providerFor(kind: DidopsResourceKind, twilio: ReturnType<typeof createTwilioClient>): Provider {
  switch (kind) {
    case 'PhoneNumber':
      return dynamicProviderFromHandler(createPhoneNumberHandler({ twilio }), 'didops:PhoneNumber');
    case 'EmergencyAddress':
      return dynamicProviderFromHandler(createEmergencyAddressHandler({ twilio }), 'didops:EmergencyAddress');
    case 'RoutingPlan':
      return dynamicProviderFromHandler(createRoutingPlanHandler({ twilio }), 'didops:RoutingPlan');
  }
}

/** Reads didops' settings from the configuration Pulumi gives a dynamic provider's `configure`. */
export function settingsFromConfig(config: pulumi.dynamic.Config): HostSettings {
  return {
    twilioAccountSid: config.get(CONFIG_KEYS.twilioAccountSid),
    twilioAuthToken: config.get(CONFIG_KEYS.twilioAuthToken),
    twilioBaseUrl: config.get(CONFIG_KEYS.twilioBaseUrl),
  };
}
