/** didops' Pulumi configuration (`didops:*` keys), read once into the explicit settings the core takes. */
import * as pulumi from '@pulumi/pulumi';
import type { TwilioClientConfig } from '../../src/carriers/twilio';

/** Reads `didops:twilioAccountSid`, `didops:twilioAuthToken` (set it with `--secret`) and `didops:twilioBaseUrl`. */
export function twilioConfigFromPulumi(config: pulumi.Config = new pulumi.Config('didops')): TwilioClientConfig {
  // `get` (not `getSecret`) because the client needs the plain token now; it only ever goes to the HTTP client and
  // never into a resource output or the state.
  const authToken = config.get('twilioAuthToken');
  const accountSid = config.get('twilioAccountSid');
  if (!accountSid) throw new Error('didops:twilioAccountSid is not set; run `pulumi config set didops:twilioAccountSid AC…`');
  if (!authToken) throw new Error('didops:twilioAuthToken is not set; run `pulumi config set --secret didops:twilioAuthToken …`');
  return { accountSid, authToken, baseUrl: config.get('twilioBaseUrl') };
}
