/**
 * didops' stack configuration (`didops:*`), turned into the carriers' and the billing provider's settings. One check
 * for both places that read it: the program (getAvailableNumbers) and the dynamic provider host (configure). No
 * Pulumi import here, so the host can load it without the Pulumi runtime.
 */
import { billingSettingsOf, stripeSecretKeyProblem, wantsBilling, type BillingSettings } from '../../src/billing/billing-config';
import { CARRIER_NAMES, type CarrierName } from '../../src/carriers/carrier';
import { defaultCarrierOf, wantsTwilio } from '../../src/carriers/carrier-set';
import type { TwilioClientConfig } from '../../src/carriers/twilio/client';
import { ValidationError } from '../../src/core/errors';

/** Provider settings from the stack configuration (`didops:*`). */
export interface HostSettings {
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  twilioBaseUrl?: string;
  telnyxApiKey?: string;
  telnyxBaseUrl?: string;
  defaultCarrier?: string;
  stripeSecretKey?: string;
  stripeBaseUrl?: string;
}

/** The stack configuration keys, as `pulumi config set` takes them. */
export const CONFIG_KEYS = {
  twilioAccountSid: 'didops:twilioAccountSid',
  twilioAuthToken: 'didops:twilioAuthToken',
  twilioBaseUrl: 'didops:twilioBaseUrl',
  telnyxApiKey: 'didops:telnyxApiKey',
  telnyxBaseUrl: 'didops:telnyxBaseUrl',
  defaultCarrier: 'didops:defaultCarrier',
  stripeSecretKey: 'didops:stripeSecretKey',
  stripeBaseUrl: 'didops:stripeBaseUrl',
} as const;

/** Each configured carrier's settings, and the default carrier. */
export interface CarrierSettings {
  twilio?: TwilioClientConfig;
  telnyx?: { apiKey: string; baseUrl?: string };
  defaultCarrier: CarrierName;
}

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

/**
 * The carriers the stack configures. Twilio is configured when either of its keys is set, or when nothing else is
 * (then its missing key is the error); Telnyx when its API key is set.
 */
export function carrierSettings(settings: HostSettings | undefined): CarrierSettings {
  const defaultCarrier = settings?.defaultCarrier;
  if (defaultCarrier !== undefined && !(CARRIER_NAMES as readonly string[]).includes(defaultCarrier)) {
    throw new ValidationError({ field: CONFIG_KEYS.defaultCarrier, summary: `"${defaultCarrier}" is not a carrier didops speaks`, detail: `use ${CARRIER_NAMES.join(' or ')}` });
  }
  const apiKey = settings?.telnyxApiKey || undefined;
  const telnyx = apiKey ? { apiKey, ...(settings?.telnyxBaseUrl ? { baseUrl: settings.telnyxBaseUrl } : {}) } : undefined;
  const given = { twilioCredential: Boolean(settings?.twilioAccountSid || settings?.twilioAuthToken), telnyxKey: Boolean(telnyx), defaultCarrier, billingKey: wantsBilling(settings) };
  const twilio = wantsTwilio(given) ? twilioClientConfig(settings) : undefined;
  if (defaultCarrier === 'telnyx' && !telnyx) {
    throw new ValidationError({ field: CONFIG_KEYS.telnyxApiKey, summary: 'not set in the stack configuration', detail: `${CONFIG_KEYS.defaultCarrier} is "telnyx": run \`pulumi config set --secret ${CONFIG_KEYS.telnyxApiKey} …\`` });
  }
  return { ...(twilio ? { twilio } : {}), ...(telnyx ? { telnyx } : {}), defaultCarrier: defaultCarrierOf(given, Boolean(twilio)) };
}

/** The billing provider the stack configures (none without `didops:stripeSecretKey`), its key's form checked. */
export function billingSettings(settings: HostSettings | undefined): BillingSettings | undefined {
  const billing = billingSettingsOf(settings);
  const problem = billing && stripeSecretKeyProblem(billing.stripe.secretKey);
  // The key itself never goes into the message.
  if (problem) throw new ValidationError({ field: CONFIG_KEYS.stripeSecretKey, summary: problem.summary, detail: `${problem.detail}; run \`pulumi config set --secret ${CONFIG_KEYS.stripeSecretKey} …\`` });
  return billing;
}
