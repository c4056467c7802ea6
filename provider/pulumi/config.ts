/** didops' Pulumi configuration (`didops:*` keys), read once into the explicit settings the core takes. */
import * as pulumi from '@pulumi/pulumi';
import { carrierSettings, type CarrierSettings, type HostSettings } from './settings';

/**
 * Reads `didops:twilioAccountSid`, `didops:twilioAuthToken`, `didops:twilioBaseUrl`, `didops:telnyxApiKey`,
 * `didops:telnyxBaseUrl`, `didops:defaultCarrier`, `didops:stripeSecretKey` and `didops:stripeBaseUrl` (set the
 * token and the keys with `--secret`).
 */
export function hostSettingsFromPulumi(config: pulumi.Config = new pulumi.Config('didops')): HostSettings {
  // `get` (not `getSecret`) because the clients need the plain secrets now; they only ever go to the HTTP clients
  // and never into a resource output or the state.
  return {
    twilioAccountSid: config.get('twilioAccountSid'),
    twilioAuthToken: config.get('twilioAuthToken'),
    twilioBaseUrl: config.get('twilioBaseUrl'),
    telnyxApiKey: config.get('telnyxApiKey'),
    telnyxBaseUrl: config.get('telnyxBaseUrl'),
    defaultCarrier: config.get('defaultCarrier'),
    stripeSecretKey: config.get('stripeSecretKey'),
    stripeBaseUrl: config.get('stripeBaseUrl'),
  };
}

/** The carriers the stack configures. */
export function carrierSettingsFromPulumi(config?: pulumi.Config): CarrierSettings {
  return carrierSettings(hostSettingsFromPulumi(config));
}
