/**
 * didops' stack configuration (`didops:*`), turned into the Twilio client's settings. One check for both places that
 * read it: the program (getAvailableNumbers) and the dynamic provider host (configure). No Pulumi import here, so
 * the host can load it without the Pulumi runtime.
 */
import type { TwilioClientConfig } from '../../src/carriers/twilio/client';
import { ValidationError } from '../../src/core/errors';

/** Provider settings from the stack configuration (`didops:*`). */
export interface HostSettings {
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  twilioBaseUrl?: string;
}

/** The stack configuration keys, as `pulumi config set` takes them. */
export const CONFIG_KEYS = {
  twilioAccountSid: 'didops:twilioAccountSid',
  twilioAuthToken: 'didops:twilioAuthToken',
  twilioBaseUrl: 'didops:twilioBaseUrl',
} as const;

/** The Twilio client settings, or a ValidationError naming the missing key and the `pulumi config set` that fixes it. */
export function twilioClientConfig(settings: HostSettings | undefined): TwilioClientConfig {
  const accountSid = settings?.twilioAccountSid;
  const authToken = settings?.twilioAuthToken;
  if (!accountSid || !authToken) {
    const missing = !accountSid ? CONFIG_KEYS.twilioAccountSid : CONFIG_KEYS.twilioAuthToken;
    throw new ValidationError({
      field: missing,
      summary: 'not set in the stack configuration',
      detail: `run \`pulumi config set ${missing === CONFIG_KEYS.twilioAuthToken ? '--secret ' : ''}${missing} …\` (for the sandbox: \`didops sandbox\` prints both values and ${CONFIG_KEYS.twilioBaseUrl})`,
    });
  }
  return { accountSid, authToken, baseUrl: settings?.twilioBaseUrl || undefined };
}
