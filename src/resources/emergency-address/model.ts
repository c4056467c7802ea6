/**
 * The EmergencyAddress resource's inputs and outputs as zod models (`schemas/emergency-address.schema.json` is
 * generated from them).
 */
import { z } from 'zod';
import { CARRIER_NAMES } from '../../carriers/carrier';
import { MARKER_LENGTH } from '../../carriers/ownership-marker';

/** Longest `friendlyName`: Twilio allows 64 characters and didops keeps the rest for its ownership marker. */
export const MAX_ADDRESS_FRIENDLY_NAME = 64 - MARKER_LENGTH;

/** Where emergency services are sent when someone dials 911 from a number registered here. */
export const emergencyAddressInputsSchema = z
  .object({
    carrier: z
      .enum(CARRIER_NAMES)
      .optional()
      .meta({ description: 'Carrier that keeps the address: `twilio` or `telnyx` (the carrier of the numbers registered at it). Defaults to the provider’s default carrier; changing it replaces the address.' }),
    customerName: z.string().trim().min(1).max(255).meta({ description: 'Name of the business or person at the address.' }),
    street: z.string().trim().min(1).max(255).meta({ description: 'House number and street, e.g. "1 Main St".' }),
    streetSecondary: z.string().trim().min(1).max(255).optional().meta({ description: 'Suite, floor or unit, e.g. "Floor 3".' }),
    city: z.string().trim().min(1).max(128),
    region: z.string().trim().min(1).max(128).meta({ description: 'State or province; US and Canada use the two-letter code (CA, ON).' }),
    postalCode: z.string().trim().min(1).max(32),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, { error: 'expected a two-letter ISO 3166-1 country code, e.g. "US"' })
      .transform((c) => c.toUpperCase())
      .meta({ description: 'ISO 3166-1 alpha-2 country code.' }),
    friendlyName: z
      .string()
      .min(1)
      .max(MAX_ADDRESS_FRIENDLY_NAME, { error: `at most ${MAX_ADDRESS_FRIENDLY_NAME} characters (Twilio allows 64; didops keeps ${MARKER_LENGTH} for its ownership marker)` })
      .optional()
      .meta({ description: 'Name of the address at the carrier (Twilio: the FriendlyName; Telnyx: with the ownership marker in `customer_reference`); defaults to the resource name. On Telnyx, changing it replaces the address.' }),
  })
  .strict();

/** Inputs as written by the user. */
export type EmergencyAddressInputsInput = z.input<typeof emergencyAddressInputsSchema>;
/** Inputs after `check`. */
export type EmergencyAddressInputs = z.output<typeof emergencyAddressInputsSchema>;

/** What didops reports about an emergency address. */
export interface EmergencyAddressOutputs {
  /** The carrier's id of the address (Twilio AD…, a Telnyx address id), to give a PhoneNumber's `emergencyAddress`. */
  sid: string;
  /** Twilio validated the address (it exists and is complete). */
  validated: boolean;
  /** Twilio verified the address for emergency use. */
  verified: boolean;
  /** Emergency calling is enabled for the address. */
  emergencyEnabled: boolean;
  /** FriendlyName as Twilio shows it, ownership marker included. */
  carrierFriendlyName: string;
}

/** Output field names, for adapters. */
export const EMERGENCY_ADDRESS_OUTPUT_FIELDS = ['sid', 'validated', 'verified', 'emergencyEnabled', 'carrierFriendlyName'] as const satisfies readonly (keyof EmergencyAddressOutputs)[];
