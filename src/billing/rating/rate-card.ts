/**
 * A rate card: what an operator charges for numbers and minutes, in one currency. It is the input of the RateCard
 * resource (which turns it into Stripe products, prices and meters), of BillingSubscription (which bills numbers at
 * its monthly prices) and of the reconciler's rating (which prices each call). `schemas/rate-card.schema.json` is
 * generated from this model, so YAML files can be checked in an editor.
 *
 * Amounts: fees and monthly prices are whole minor units (cents for USD), as Stripe's `unit_amount`; per-minute
 * rates and connect fees may carry fractions of a minor unit ("0.85" cents), as Stripe's `unit_amount_decimal`.
 *
 * How minutes reach Stripe (docs/billing.md, "How calls become invoice lines"): every rate (a direction and a
 * destination prefix) is a rate class with its own meter, whose events carry billable *seconds* (after the increment
 * and the minimum), and its own metered price per second; a connect fee is one more meter counting calls. Stripe then
 * applies the class's tiers to the period's seconds, so its invoice is the rating the reconciler works out.
 *
 * Cross-field rules (prefixes that overlap, tiers that do not ascend, and so on) are checked by `checkRateCard`
 * (check-rate-card.ts), which returns every problem with its field path before any API call.
 */
import { z } from 'zod';

/** Number types a rate card prices, as PhoneNumber names them. */
export const RATED_NUMBER_TYPES = ['local', 'mobile', 'tollFree'] as const;
/** One of {@link RATED_NUMBER_TYPES}. */
export type RatedNumberType = (typeof RATED_NUMBER_TYPES)[number];

/** Call directions a rate applies to. */
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
/** One of {@link CALL_DIRECTIONS}. */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Whole minor units: `115` is $1.15. Numbers or digit strings (YAML writes either). */
const wholeMinorUnits = z
  .union([z.number(), z.string().trim().regex(/^-?\d+$/, { error: 'expected a whole number of minor units, e.g. 115 for $1.15' }).transform(Number)])
  .pipe(z.number().int({ error: 'expected a whole number of minor units (cents for USD), e.g. 115 for $1.15' }));

/** Minor units with an optional fraction (`"0.85"` cents), kept as the decimal text the user wrote (never a float). */
const decimalMinorUnits = z
  .union([z.number().transform((n) => String(n)), z.string().trim()])
  .pipe(z.string().regex(/^-?\d+(\.\d{1,12})?$/, { error: 'expected minor units with at most 12 decimals, e.g. "0.85" for 0.85 cents' }));

/** A tier of a per-minute rate: minutes up to `upTo` in the billing period cost `perMinute`. */
export const minuteTierSchema = z
  .object({
    upTo: z
      .union([z.number().int(), z.literal('inf')])
      .meta({ description: 'Last minute of the period this tier covers (whole minutes), or `inf` for the open last tier.' }),
    perMinute: decimalMinorUnits.meta({ description: 'Price of a minute in this tier, in minor units; fractions allowed ("0.85").' }),
    flatFee: wholeMinorUnits.optional().meta({ description: 'A flat amount added when the period reaches this tier, in minor units.' }),
  })
  .strict();

/** A per-minute rate for calls in one direction whose other party's number starts with `prefix`. */
export const minuteRateSchema = z
  .object({
    direction: z.enum(CALL_DIRECTIONS).meta({ description: '`inbound` (calls to your numbers) or `outbound` (calls from them).' }),
    prefix: z
      // YAML reads an unquoted `prefix: 44` as a number; accept it (loadRateCard keeps the written digits, so a
      // leading zero is never lost) and drop the "+" and separators people copy from written numbers.
      .union([z.number().int().nonnegative().transform((n) => String(n)), z.string()])
      .transform((p) => p.trim().replace(/^\+/, '').replace(/[\s.-]/g, ''))
      .pipe(z.string().regex(/^\d{1,15}$/, { error: 'expected the leading digits of an E.164 number without "+", e.g. "1" or "44"' }))
      .meta({
        description:
          'Leading digits of the number that decides the rate (the caller for inbound, the callee for outbound), country code included: "1", "1800", "44". The longest matching prefix wins.',
      }),
    perMinute: decimalMinorUnits.optional().meta({ description: 'Price of a minute in minor units (fractions allowed); give it or `tiers`.' }),
    tiers: z
      .object({
        mode: z.enum(['graduated', 'volume']).meta({
          description: '`graduated`: each minute costs its own tier’s price; `volume`: every minute costs the price of the tier the period’s total reaches.',
        }),
        steps: z.array(minuteTierSchema).min(1),
      })
      .strict()
      .optional()
      .meta({ description: 'Volume pricing across the billing period, instead of one `perMinute`.' }),
    description: z.string().trim().min(1).max(200).optional().meta({ description: 'Name of the rate on invoices, e.g. "Calls to the UK".' }),
  })
  .strict();

/** Setup fee and monthly price of one kind of number in one country. */
export const numberPriceSchema = z
  .object({
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, { error: 'expected a two-letter ISO 3166-1 country code, e.g. "US"' })
      .transform((c) => c.toUpperCase()),
    type: z.enum(RATED_NUMBER_TYPES),
    setupFee: wholeMinorUnits.meta({ description: 'Charged once when a number is added, in minor units (0 for none).' }),
    monthlyPrice: wholeMinorUnits.meta({ description: 'Charged every month per number, in minor units.' }),
  })
  .strict();

/** Billing increment of calls: the first `initial` seconds are billed whole, then blocks of `subsequent` seconds. */
export const billingIncrementSchema = z
  .union([
    z
      .string()
      .trim()
      .regex(/^\d+\/\d+$/, { error: 'expected "initial/subsequent" seconds, e.g. "60/60", "6/6" or "1/1"' })
      .transform((s) => {
        const [initial, subsequent] = s.split('/').map(Number);
        return { initial, subsequent };
      }),
    z.object({ initial: z.number().int(), subsequent: z.number().int() }).strict(),
  ])
  .meta({ description: 'Billing increment in seconds, "initial/subsequent": "60/60" bills whole minutes, "6/6" six-second blocks, "1/1" per second.' });

/** How calls are priced. */
export const minutePricingSchema = z
  .object({
    increment: billingIncrementSchema.default({ initial: 60, subsequent: 60 }),
    minimumSeconds: z.number().int().default(0).meta({ description: 'Shortest billable duration of an answered call, in seconds.' }),
    connectFee: decimalMinorUnits.optional().meta({ description: 'Charged per answered call, in minor units (fractions allowed).' }),
    rates: z.array(minuteRateSchema).min(1),
  })
  .strict();

/** A rate card, as written in YAML or TypeScript. */
export const rateCardSchema = z
  .object({
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, { error: 'expected a three-letter ISO 4217 currency code, e.g. "USD"' })
      .transform((c) => c.toUpperCase())
      .meta({ description: 'ISO 4217 currency of every amount on the card.' }),
    numbers: z.array(numberPriceSchema).default([]).meta({ description: 'Setup fee and monthly price per country and number type.' }),
    minutes: minutePricingSchema.optional(),
  })
  .strict();

/** A rate card as written. */
export type RateCardInput = z.input<typeof rateCardSchema>;
/** A rate card after parsing (upper-case codes, increments as numbers, decimal rates as text). */
export type RateCard = z.output<typeof rateCardSchema>;
/** One rate of a card. */
export type MinuteRate = z.output<typeof minuteRateSchema>;
/** One tier of a rate. */
export type MinuteTier = z.output<typeof minuteTierSchema>;
/** One number price of a card. */
export type NumberPrice = z.output<typeof numberPriceSchema>;
/** The card's call pricing. */
export type MinutePricing = z.output<typeof minutePricingSchema>;
