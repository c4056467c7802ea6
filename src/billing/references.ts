/**
 * How a resource names a billing account and a rate card: by id and key (`account: acct.customerId`,
 * `rateCard: card.key`), or by those together with what they hold, so that `check` can refuse a number the card does
 * not price, or a card in another currency than the account, at plan time (before any request) rather than at apply.
 * BillingSubscription and PhoneNumber's `billing` take the same references.
 */
import { z } from 'zod';
import { cardKeyProblem } from './rate-card-keys';
import { RATED_NUMBER_TYPES, type RatedNumberType } from './rating/rate-card';

/** A Stripe customer id as BillingAccount outputs it. */
export const customerIdSchema = z
  .string()
  .trim()
  .regex(/^cus_[A-Za-z0-9]{1,250}$/, { error: 'expected the BillingAccount’s customer id, e.g. "cus_Q3X…" (Pulumi `account.customerId`, Terraform `didops_billing_account.<name>.customer_id`)' });

/** A rate card's key as RateCard outputs it. */
export const cardKeySchema = z
  .string()
  .trim()
  .check((ctx) => {
    const problem = cardKeyProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: `the rate card key ${problem}`, input: ctx.value });
  });

const isoCountrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, { error: 'expected a two-letter ISO 3166-1 country code, e.g. "US"' })
  .transform((c) => c.toUpperCase());

const currencyCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, { error: 'expected a three-letter ISO 4217 currency code, e.g. "USD"' })
  .transform((c) => c.toUpperCase());

/** The billing account: its customer id, or the id with the account's currency. */
export const accountReferenceSchema = z
  .union([
    customerIdSchema,
    z
      .object({
        customerId: customerIdSchema,
        currency: currencyCodeSchema.optional().meta({ description: 'The account’s currency; given, a rate card in another currency is refused at plan time.' }),
      })
      .strict(),
  ])
  .meta({ description: 'The BillingAccount billed: its `customerId` (cus_…), or `{ customerId, currency }` to have the currency checked at plan time.' });

/** One kind of number a rate card prices; other fields of the card's entry (its amounts) are allowed and ignored. */
const pricedKindSchema = z.object({ country: isoCountrySchema, type: z.enum(RATED_NUMBER_TYPES) }).loose();

/** The rate card: its key, or its key with what it prices. */
export const rateCardReferenceSchema = z
  .union([
    cardKeySchema,
    z
      .object({
        key: cardKeySchema,
        currency: currencyCodeSchema,
        numbers: z.array(pricedKindSchema).default([]),
      })
      .loose(),
  ])
  .meta({
    description:
      'The RateCard whose prices bill: its `key`, or the key with the card itself (`{ key, currency, numbers }`, e.g. `{ key: card.key, ...cardModel }`) so numbers it does not price are refused at plan time. Prices are always found by lookup key, so a price changed on the card is the one used.',
  });

/** A reference to a billing account, after `check`. */
export type AccountReference = z.output<typeof accountReferenceSchema>;
/** A reference to a rate card, after `check`. */
export type RateCardReference = z.output<typeof rateCardReferenceSchema>;

/** The customer id a reference names. */
export function customerIdOf(account: AccountReference): string {
  return typeof account === 'string' ? account : account.customerId;
}

/** The account's currency, when the reference says it. */
export function declaredAccountCurrency(account: AccountReference): string | undefined {
  return typeof account === 'string' ? undefined : account.currency;
}

/** The card key a reference names. */
export function cardKeyOf(card: RateCardReference): string {
  return typeof card === 'string' ? card : card.key;
}

/** What the reference says the card holds (currency and priced kinds), when it says it. */
export function declaredCard(card: RateCardReference): { currency: string; priced: readonly { country: string; type: RatedNumberType }[] } | undefined {
  return typeof card === 'string' ? undefined : { currency: card.currency, priced: card.numbers };
}

/** Two account references name the same customer (however they are written). */
export function sameAccount(a: unknown, b: unknown): boolean {
  const id = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as { customerId?: unknown }).customerId : v);
  return id(a) === id(b);
}

/** Two rate card references name the same card (however they are written). */
export function sameRateCard(a: unknown, b: unknown): boolean {
  const key = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as { key?: unknown }).key : v);
  return key(a) === key(b);
}
