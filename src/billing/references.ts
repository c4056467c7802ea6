/**
 * How a resource names a billing account and a rate card: by the account's customer id (`account.customerId`) and the
 * card's key (`card.cardKey`), plain strings both tools can plan with when they are not known yet. What the card
 * holds may be given as well (the model given to the RateCard), so that `check` refuses a number the card does not
 * price, or a card in another currency than the account, at plan time rather than at apply.
 */
import { z } from 'zod';
import { cardKeyProblem } from './rate-card-keys';
import { minuteRateSchema, numberPriceSchema, rateCardSchema } from './rating/rate-card';

/** A Stripe customer id as BillingAccount outputs it. */
export const customerIdSchema = z
  .string()
  .trim()
  .regex(/^cus_[A-Za-z0-9]{1,250}$/, { error: 'expected the BillingAccount’s customer id, e.g. "cus_Q3X…" (Pulumi `account.customerId`, Terraform `didops_billing_account.<name>.customer_id`)' })
  .meta({ description: 'The BillingAccount billed: its customer id (cus_…).' });

/** A rate card's key as RateCard outputs it. */
export const cardKeySchema = z
  .string()
  .trim()
  .check((ctx) => {
    const problem = cardKeyProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: `the rate card key ${problem}`, input: ctx.value });
  })
  .meta({ description: 'The RateCard whose prices bill: its card key. Prices are found by lookup key, so an amount changed on the card is the one billed.' });

/** An ISO 4217 code, upper-cased (as a rate card writes its currency). */
export const currencyCodeSchema = rateCardSchema.shape.currency;

/**
 * What a rate card holds, as far as a subscription goes: its currency, the kinds of number it prices and its rate
 * classes and connect fee (each a metered item). The whole rate card model may be given; its amounts are ignored.
 */
export const rateCardModelSchema = z
  .object({
    currency: currencyCodeSchema,
    numbers: z.array(numberPriceSchema.pick({ country: true, type: true }).strip()).default([]),
    // The rate classes and the connect fee are metered items of the subscription: check counts them against Stripe's 20.
    // Text (a YAML `prefix: 44` is coerced), so that Terraform's `yamldecode` of the card file fits one attribute type.
    minutes: z
      .object({
        rates: z
          .array(
            z
              .object({
                direction: minuteRateSchema.shape.direction,
                prefix: z.coerce.string().trim().min(1).meta({ description: 'Leading digits the rate applies to (`prefix` of the card’s rate).' }),
              })
              .strip(),
          )
          .default([])
          .meta({ description: 'The card’s per-minute rates; only `direction` and `prefix` are read: each rate class is one metered item.' }),
        connectFee: z.coerce.string().optional().meta({ description: 'The card’s connect fee, if any: one more metered item.' }),
      })
      .strip()
      .optional()
      .meta({ description: 'The card’s `minutes`, so that check counts its metered items (one per rate class, one for the connect fee).' }),
  })
  .meta({
    description:
      'Optional: the rate card model given to the RateCard (at least its `currency` and `numbers`, and its `minutes` for the item count), so that a number it does not price, a currency other than the account currency given, or more items than Stripe’s 20 is refused at plan time instead of at apply. The card billed is always the one `rateCard` names.',
  });

/** What a rate card holds, after `check`. */
export type RateCardModel = z.output<typeof rateCardModelSchema>;
