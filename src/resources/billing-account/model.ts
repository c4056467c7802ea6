/**
 * The BillingAccount resource's inputs and outputs: a customer on the billing provider with what its invoices need
 * (name, invoice e-mail, postal address, tax ids, currency), the tax that applies to it, prepaid credit, how it
 * pays and, in test mode, the test clock it lives on. `schemas/billing-account.schema.json` is generated from this model.
 */
import { z } from 'zod';
import { numberPriceSchema, rateCardSchema } from '../../billing/rating/rate-card';
import { requiresReplace, updatesInPlace, type FieldRule } from '../../core/field-rules';

/** Payment method types an account may pay invoices with (Stripe's names). */
export const ACCOUNT_PAYMENT_METHOD_TYPES = ['card', 'us_bank_account', 'sepa_debit', 'bacs_debit', 'acss_debit', 'au_becs_debit', 'link', 'customer_balance'] as const;

/** An ISO 3166-1 alpha-2 code, upper-cased, as the rate card writes a number's country. */
const countryCode = numberPriceSchema.shape.country;

/** The postal address invoices print, which also decides the tax jurisdiction. */
export const accountAddressSchema = z
  .object({
    line1: z.string().trim().min(1).max(200).meta({ description: 'House number and street, e.g. "1 Main St".' }),
    line2: z.string().trim().min(1).max(200).optional().meta({ description: 'Suite, floor or unit.' }),
    city: z.string().trim().min(1).max(100).optional(),
    state: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'State, province or region. In the US and Canada the two-letter code (NY, ON), which picks the state or provincial tax.' }),
    postalCode: z.string().trim().min(1).max(20).optional(),
    country: countryCode.meta({ description: 'ISO 3166-1 alpha-2 country code; decides the tax jurisdiction with `state`.' }),
  })
  .strict();

/** A tax id of the customer, as Stripe types them. */
export const accountTaxIdSchema = z
  .object({
    type: z
      .string()
      .trim()
      .regex(/^[a-z]{2}_[a-z_]+$/, { error: 'expected a Stripe tax id type such as "eu_vat", "gb_vat", "us_ein" or "ca_bn"' })
      .meta({ description: 'Stripe’s tax id type: `eu_vat`, `gb_vat`, `us_ein`, `ca_bn`, `au_abn`, …' }),
    value: z.string().trim().min(1).max(64).meta({ description: 'The id as the tax authority writes it, e.g. "DE123456789".' }),
  })
  .strict();

/** Everything a user declares about a billing account. */
export const billingAccountInputsSchema = z
  .object({
    name: z.string().trim().min(1).max(256).meta({ description: 'Name of the customer on invoices (a company or a person).' }),
    email: z.email({ error: 'expected one e-mail address, e.g. "billing@example.com"' }).optional().meta({ description: 'Where invoices and receipts are e-mailed.' }),
    address: accountAddressSchema.meta({ description: 'Billing address: printed on invoices and deciding which taxes apply.' }),
    taxIds: z
      .array(accountTaxIdSchema)
      .default([])
      .meta({ description: 'Tax ids printed on invoices; a valid EU VAT id with a `businessCountry` in another EU country makes the account reverse charged. Each is checked against its country’s format before any API call.' }),
    currency: rateCardSchema.shape.currency.meta({ description: 'ISO 4217 currency the account is invoiced and credited in; it must match its subscriptions’ rate card. Changing it replaces the account.' }),
    prepaidCredit: z
      .number()
      .int({ error: 'expected whole minor units, e.g. 5000 for $50.00' })
      .min(0, { error: 'credit cannot be negative' })
      .default(0)
      .meta({
        description:
          'Credit granted to the account’s balance, in minor units of `currency`, which invoices use up before charging. Granted once (a re-run never grants it twice); raising it grants the difference; lowering it is refused, since credit already granted may be spent.',
      }),
    paymentMethodTypes: z
      .array(z.enum(ACCOUNT_PAYMENT_METHOD_TYPES))
      .min(1)
      .default(['card'])
      .meta({ description: 'Ways the account may pay its invoices (Stripe payment method types); its subscriptions offer exactly these.' }),
    defaultPaymentMethod: z
      .string()
      .trim()
      .regex(/^pm_[A-Za-z0-9_]+$/, { error: 'expected a payment method id ("pm_…") or a Stripe test token such as "pm_card_visa"' })
      .optional()
      .meta({
        description:
          'Payment method charged for invoices: a `pm_…` id, or in test mode a token such as `pm_card_visa`, which is attached to the account (a new `pm_…`, reported as `paymentMethodId`). Removing it leaves the method attached and the default as it is.',
      }),
    businessCountry: countryCode
      .optional()
      .meta({ description: 'Your (the seller’s) country, for EU VAT: a business customer in another EU country with a valid VAT id is reverse charged (no VAT, the customer accounts for it).' }),
    testClock: z
      .string()
      .trim()
      .regex(/^clock_[A-Za-z0-9]{1,250}$/, { error: 'expected a Stripe test clock id, e.g. "clock_1Q…" (test mode only)' })
      .optional()
      .meta({
        description:
          'Test mode only: a Stripe test clock (`clock_…`) the account lives on, so that its subscriptions renew and invoice when the clock is advanced. Stripe puts a customer on a clock only when it creates it: changing or removing it replaces the account. Live mode refuses it.',
      }),
  })
  .strict();

/** Inputs as written by the user. */
export type BillingAccountInputsInput = z.input<typeof billingAccountInputsSchema>;
/** Inputs after `check`. */
export type BillingAccountInputs = z.output<typeof billingAccountInputsSchema>;
/** A tax id as declared. */
export type AccountTaxId = z.output<typeof accountTaxIdSchema>;
/** An address as declared. */
export type AccountAddress = z.output<typeof accountAddressSchema>;

/** What didops reports about a billing account. */
export interface BillingAccountOutputs {
  /** The customer id (`cus_…`); also the resource id. Give it to BillingSubscription's `account`. */
  customerId: string;
  /** The resource identity the customer carries as `didops_owner` metadata. */
  owner: string;
  /** Tax rates of the account's jurisdiction (`txr_…`), shared by every account there; empty when reverse charged or untaxed. */
  taxRateIds: string[];
  /** True when EU reverse charge applies: no VAT is charged and the invoice says the customer accounts for it. */
  reverseCharge: boolean;
  /** What the account owes (positive) or holds as credit (negative), in minor units, as the billing provider reports it. */
  balance: number;
  /** Credit didops has granted in total, in minor units (the `prepaidCredit` reached so far). */
  creditGranted: number;
  /** The attached default payment method (`pm_…`), or null. */
  paymentMethodId: string | null;
}

/** Output field names, for adapters. */
export const BILLING_ACCOUNT_OUTPUT_FIELDS = ['customerId', 'owner', 'taxRateIds', 'reverseCharge', 'balance', 'creditGranted', 'paymentMethodId'] as const satisfies readonly (keyof BillingAccountOutputs)[];

/** How each field changes; the descriptions feed the docs. */
export const BILLING_ACCOUNT_FIELD_RULES: readonly FieldRule[] = [
  requiresReplace(
    'currency',
    'Stripe fixes a customer’s currency with its first invoice or credit; a new account is created in the new currency (with its prepaid credit) and the old one deleted, which is refused while it has unsettled invoices',
  ),
  updatesInPlace('name', 'renames the customer; later invoices show the new name'),
  updatesInPlace('email', 'later invoices are e-mailed to the new address'),
  updatesInPlace('address', 'later invoices print it, and the tax rates and reverse charge are worked out again for the new jurisdiction'),
  updatesInPlace('taxIds', 'tax ids removed are deleted from the customer, new ones added (Stripe cannot edit one); reverse charge is judged again'),
  updatesInPlace('prepaidCredit', 'raising it grants the difference once; lowering it is refused'),
  updatesInPlace('paymentMethodTypes', 'recorded on the customer for its subscriptions, which offer the new set from their next update'),
  updatesInPlace('defaultPaymentMethod', 'attaches the new payment method and makes it the default for invoices'),
  updatesInPlace('businessCountry', 'reverse charge is judged again'),
  requiresReplace(
    'testClock',
    'Stripe puts a customer on a test clock only when it creates it; a new account is created on the new clock (or on none) and the old one deleted, which is refused while it has unsettled invoices',
  ),
];
