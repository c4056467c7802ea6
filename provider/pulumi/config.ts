/** didops' Pulumi configuration (`didops:*` keys), read once into the explicit settings the core takes. */
import * as pulumi from '@pulumi/pulumi';
import type { TwilioClientConfig } from '../../src/carriers/twilio';
import { twilioClientConfig } from './settings';

/** Reads `didops:twilioAccountSid`, `didops:twilioAuthToken` (set it with `--secret`) and `didops:twilioBaseUrl`. */
export function twilioConfigFromPulumi(config: pulumi.Config = new pulumi.Config('didops')): TwilioClientConfig {
  // `get` (not `getSecret`) because the client needs the plain token now; it only ever goes to the HTTP client and
  // never into a resource output or the state.
  return twilioClientConfig({
    twilioAccountSid: config.get('twilioAccountSid'),
    twilioAuthToken: config.get('twilioAuthToken'),
    twilioBaseUrl: config.get('twilioBaseUrl'),
  });
}
