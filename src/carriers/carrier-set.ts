/**
 * The carriers a provider is configured with, and the one a resource uses when it names none. Handlers take a
 * CarrierSet: they ask it for the carrier of each resource, and ask whether one is configured at plan time, so a
 * Telnyx number in a stack without a Telnyx API key fails the preview, naming the field and the setting to add.
 */
import { ValidationError } from '../core/errors';
import { CARRIER_NAMES, type Carrier, type CarrierName } from './carrier';
import { carrierTraits } from './traits';

/** How each carrier is configured in each tool, for messages. */
const CONFIG_HINTS: Readonly<Record<CarrierName, string>> = {
  twilio: 'set the Twilio account SID and auth token (Pulumi: `didops:twilioAccountSid` and `didops:twilioAuthToken`; Terraform: `twilio_account_sid` and `twilio_auth_token`, or DIDOPS_TWILIO_ACCOUNT_SID and DIDOPS_TWILIO_AUTH_TOKEN)',
  telnyx: 'set the Telnyx API key (Pulumi: `pulumi config set --secret didops:telnyxApiKey …`; Terraform: `telnyx_api_key`, or DIDOPS_TELNYX_API_KEY)',
};

export interface CarrierSet {
  /** The carrier of resources that name none. */
  readonly defaultName: CarrierName;
  /** False while the configuration is not known yet (Terraform validates first): then `defaultName` is a guess. */
  readonly configured: boolean;
  /** The carrier called `name` (the default when absent); throws a ValidationError on `carrier` when it is not configured. */
  get(name?: CarrierName): Carrier;
  /**
   * Why `name` cannot be used, when the configuration is known and lacks it; undefined when it is configured or the
   * configuration is not known yet (Terraform validates before it configures).
   */
  missing(name: CarrierName): MissingCarrier | undefined;
}

/** Why a carrier cannot be used, and the setting that would make it usable. */
export interface MissingCarrier {
  readonly summary: string;
  readonly detail: string;
}

/** What a provider was configured with: built carriers (or builders, so an unused SDK is never loaded). */
export type CarrierBuilders = Partial<Record<CarrierName, () => Carrier>>;

/** What a provider configuration was given, before its carriers are built: which credentials, which default. */
export interface GivenCarrierSettings {
  /** Any Twilio credential (account SID or auth token). */
  readonly twilioCredential: boolean;
  readonly telnyxKey: boolean;
  /** The default carrier as written (checked to be a carrier name elsewhere). */
  readonly defaultCarrier?: string;
  /** A billing provider's key (src/billing/billing-config.ts): a provider for billing alone needs no carrier. */
  readonly billingKey?: boolean;
}

/**
 * Whether a configuration sets Twilio up: when any of its credentials is given, when nothing else is (neither
 * another carrier nor billing: a provider needs something to talk to, and Twilio's missing credential is then the
 * error to show), or when it is the default.
 */
export function wantsTwilio(given: GivenCarrierSettings): boolean {
  return given.twilioCredential || (!given.telnyxKey && !given.billingKey) || given.defaultCarrier === 'twilio';
}

/**
 * The default carrier of a configuration: the one written, else Telnyx when it is the only carrier configured, else
 * Twilio (in a configuration for billing alone, a number naming no carrier then asks for Twilio's credentials).
 */
export function defaultCarrierOf(given: GivenCarrierSettings, twilioConfigured: boolean): CarrierName {
  return (given.defaultCarrier as CarrierName | undefined) ?? (!twilioConfigured && given.telnyxKey ? 'telnyx' : 'twilio');
}

/** The set of configured carriers. */
export function carrierSet(builders: CarrierBuilders, defaultName?: CarrierName): CarrierSet {
  const built = new Map<CarrierName, Carrier>();
  const configured = CARRIER_NAMES.filter((n) => builders[n] !== undefined);
  const fallback = defaultName ?? configured[0] ?? 'twilio';
  const missing = (name: CarrierName): MissingCarrier | undefined =>
    builders[name]
      ? undefined
      : { summary: `the provider has no ${carrierTraits(name).label} configuration`, detail: `${CONFIG_HINTS[name]}${configured.length ? ` (configured: ${configured.join(', ')})` : ''}` };
  return {
    defaultName: fallback,
    configured: true,
    missing,
    get(name = fallback) {
      let carrier = built.get(name);
      if (!carrier) {
        const why = missing(name);
        if (why) throw new ValidationError({ field: 'carrier', ...why });
        carrier = builders[name]!();
        built.set(name, carrier);
      }
      return carrier;
    },
  };
}

/** A set whose configuration is not known yet: plan-time checks pass, and any carrier call says what is missing. */
export function unconfiguredCarrierSet(defaultName: CarrierName = 'twilio', why = 'the didops provider is not configured yet'): CarrierSet {
  return {
    defaultName,
    configured: false,
    missing: () => undefined,
    get() {
      throw new ValidationError({ summary: why, detail: 'Terraform configures the provider before it plans, applies or reads' });
    },
  };
}
