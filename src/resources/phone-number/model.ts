/**
 * The PhoneNumber resource's inputs and outputs as zod models: `check` validates with them, the Pulumi classes and
 * the Terraform schema are typed from them, and `schemas/phone-number.schema.json` is generated from them.
 */
import { z } from 'zod';
import { e164Schema } from '../../core/e164';
import { searchCriteriaSchema } from '../../search/criteria';
import { CARRIER_NAMES } from '../../carriers/carrier';
import { MARKER_LENGTH } from '../../carriers/ownership-marker';
import { cardKeySchema, customerIdSchema } from '../../billing/references';

/** Twilio SIDs are two letters and 32 hex digits; the letters say what the SID names. */
export function sidSchema(prefix: string, what: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), { error: `expected ${what} SID: "${prefix}" followed by 32 hex digits` })
    .meta({ description: `${what} SID (${prefix}…).` });
}

const httpMethodSchema = z.enum(['GET', 'POST']);

/** The carrier's id of an object a number refers to; its form is checked against the number's carrier in `check`. */
const referenceSchema = z.string().min(1, { error: 'expected the carrier’s id, not an empty string' });

const webhookUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** Where Twilio sends the number's incoming calls. */
export const voiceSettingsSchema = z
  .object({
    url: webhookUrlSchema.optional().meta({ description: 'Webhook Twilio requests when a call comes in (TwiML).' }),
    method: httpMethodSchema.default('POST'),
    fallbackUrl: webhookUrlSchema.optional().meta({ description: 'Requested when `url` fails or returns an error.' }),
    fallbackMethod: httpMethodSchema.default('POST'),
    statusCallback: webhookUrlSchema.optional().meta({ description: 'Told when a call on this number changes state.' }),
    statusCallbackMethod: httpMethodSchema.default('POST'),
  })
  .strict()
  .meta({ description: 'Voice webhooks. Ignored by Twilio while `trunk` is set.' });

/** What a PhoneNumber's `search` may ask for: the number-search criteria, less the ones about listing results. */
export const phoneNumberSearchSchema = searchCriteriaSchema
  .omit({ limit: true, rank: true, currency: true, pageSize: true })
  .extend({
    contains: searchCriteriaSchema.shape.patterns.unwrap().shape.contains,
  })
  .meta({ description: 'Criteria for the number to buy: the first available match is bought and then kept.' });

/** Instant purchase with payment: the account charged the number's setup fee, and the card that prices it. */
export const phoneNumberBillingSchema = z
  .object({
    account: customerIdSchema.meta({ description: 'The BillingAccount charged: its customer id (cus_…).' }),
    rateCard: cardKeySchema.meta({ description: 'The RateCard whose setup fee for the number’s country and type is charged: its card key.' }),
  })
  .strict()
  .meta({
    description:
      'Charge the setup fee of the number’s country and type on the rate card to the account’s default payment method before the number is bought (refunded if the purchase fails; a declined card buys nothing). A BillingSubscription that later bills the number does not charge the fee again. Needs the provider’s Stripe secret key; changing it later charges nothing.',
  });

/** Longest `friendlyName`: Twilio allows 64 characters and didops keeps the rest for its ownership marker. */
export const MAX_FRIENDLY_NAME = 64 - MARKER_LENGTH;

/** Everything a user declares about a phone number. */
export const phoneNumberInputsSchema = z
  .object({
    carrier: z
      .enum(CARRIER_NAMES)
      .optional()
      .meta({ description: 'Carrier that sells and serves the number: `twilio` or `telnyx`. Defaults to the provider’s default carrier. Changing it replaces the number (numbers do not move between carriers).' }),
    number: e164Schema.optional().meta({ description: 'Exact number to buy, in E.164 (e.g. +14155550100). Give this, `search` or `adopt`.' }),
    search: phoneNumberSearchSchema.optional(),
    adopt: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          'A number the account already owns, to bring under didops without buying it: its E.164 form (+14155550100) or the carrier’s id of it (Twilio PN…, a Telnyx phone number id). This is how Pulumi programs import a number (dynamic resources cannot use the `import` option). Give this, `number` or `search`.',
      }),
    friendlyName: z
      .string()
      .min(1)
      .max(MAX_FRIENDLY_NAME, { error: `at most ${MAX_FRIENDLY_NAME} characters (Twilio allows 64; didops keeps ${MARKER_LENGTH} for its ownership marker)` })
      .optional()
      .meta({ description: 'Name shown in the Twilio console; defaults to the resource name.' }),
    voice: voiceSettingsSchema.optional(),
    routingPlan: sidSchema('FW', 'Studio flow')
      .optional()
      .meta({
        description:
          'Routing plan that answers the number’s calls: the `sid` (FW…) of a routing plan resource (Pulumi `routingPlan: plan.id`, Terraform `routing_plan = didops_routing_plan.<name>.sid`). The number’s voice webhook is pointed at the plan’s Studio flow (POST); give this or `voice.url`, not both.',
      }),
    trunk: referenceSchema.optional().meta({ description: 'SIP trunk or connection that takes the calls: a Twilio Elastic SIP trunk (TK…) or a Telnyx SIP connection id.' }),
    emergencyAddress: referenceSchema.optional().meta({ description: 'Emergency (E911) address, e.g. the `sid` of an emergency address resource on the same carrier (Twilio AD…, a Telnyx address id).' }),
    address: referenceSchema.optional().meta({ description: 'Address (AD…) that satisfies the number’s regulatory address requirement. Twilio only.' }),
    bundle: referenceSchema.optional().meta({ description: 'Regulatory bundle (BU…) for countries that require one. Twilio only.' }),
    retainOnDelete: z.boolean().default(false).meta({ description: 'Keep the number when the resource is deleted (it is detached from didops instead of released).' }),
    billing: phoneNumberBillingSchema.optional(),
  })
  .strict();

/** Inputs as written by the user. */
export type PhoneNumberInputsInput = z.input<typeof phoneNumberInputsSchema>;
/** Inputs after `check`: E.164 normalised, defaults filled in. */
export type PhoneNumberInputs = z.output<typeof phoneNumberInputsSchema>;
/** The billing part, validated. */
export type PhoneNumberBilling = z.output<typeof phoneNumberBillingSchema>;
/** The search part, validated. */
export type PhoneNumberSearch = z.output<typeof phoneNumberSearchSchema>;
/** Voice settings, validated. */
export type VoiceSettings = z.output<typeof voiceSettingsSchema>;

/** What a number can do. */
export type { NumberCapabilities } from '../../carriers/carrier';
import type { NumberCapabilities } from '../../carriers/carrier';

/** What didops reports about an owned number. */
export interface PhoneNumberOutputs {
  /** Twilio's IncomingPhoneNumber SID (PN…), also the resource id. */
  sid: string;
  /** The number in E.164. */
  e164: string;
  /** ISO country of the number. */
  country: string;
  /** State or province, when the carrier said (null for imported numbers it does not describe). */
  region: string | null;
  /** City or rate centre, when the carrier said. */
  locality: string | null;
  /** local, mobile or tollFree. */
  type: 'local' | 'mobile' | 'tollFree';
  /** What the number can do. */
  capabilities: NumberCapabilities;
  /** Monthly rental in minor units of `currency` (115 = 1.15), from the carrier's price list; null when unknown. */
  monthlyPrice: number | null;
  /** ISO currency of `monthlyPrice`. */
  currency: string | null;
  /** Twilio's status of the number (`in-use`). */
  status: string;
  /** FriendlyName as Twilio shows it, ownership marker included. */
  carrierFriendlyName: string;
  /** Emergency registration as Twilio reports it (`Active`, `Inactive`). */
  emergencyStatus: string;
  /** The payment (pi_…) that paid the number's setup fee when it was bought with `billing`; null otherwise (absent in states recorded before instant purchase). */
  setupFeePayment?: string | null;
}

/** Output field names, for adapters that must list them (Pulumi `declare`s, Terraform computed attributes). */
export const PHONE_NUMBER_OUTPUT_FIELDS = [
  'sid', 'e164', 'country', 'region', 'locality', 'type', 'capabilities', 'monthlyPrice', 'currency', 'status',
  'carrierFriendlyName', 'emergencyStatus', 'setupFeePayment',
] as const satisfies readonly (keyof PhoneNumberOutputs)[];
