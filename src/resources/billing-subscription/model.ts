/**
 * The BillingSubscription resource's inputs and outputs as zod models: `check` validates with them, the Pulumi class
 * and the Terraform schema are typed from them, and `schemas/billing-subscription.schema.json` is generated from them.
 */
import { z } from 'zod';
import { e164Info, e164Schema, numberKindOf } from '../../core/e164';
import { cardKeySchema, currencyCodeSchema, customerIdSchema, rateCardModelSchema } from '../../billing/references';
import { numberPriceSchema, type RatedNumberType } from '../../billing/rating/rate-card';

/**
 * A number billed on the subscription: its E.164 with the country and type a PhoneNumber outputs (`{ e164: n.e164,
 * country: n.country, type: n.type }`), or the E.164 alone, whose country and type libphonenumber reads from the
 * digits (NANP numbers are `local`).
 */
export const billedNumberSchema = z
  .object({
    e164: e164Schema,
    country: numberPriceSchema.shape.country.optional().meta({ description: 'ISO country of the number (PhoneNumber `country`); read from the digits when absent.' }),
    type: numberPriceSchema.shape.type.optional().meta({ description: '`local`, `mobile` or `tollFree` (PhoneNumber `type`); read from the digits when absent.' }),
  })
  .strict()
  .transform((n, ctx) => {
    const info = e164Info(n.e164);
    const country = n.country ?? info.country;
    if (country === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: `the digits of ${n.e164} do not say which country it is in; give its country` });
      return z.NEVER;
    }
    return { e164: n.e164, country, type: n.type ?? (numberKindOf(info.type) as RatedNumberType) };
  });

/** Everything a user declares about a subscription. */
export const billingSubscriptionInputsSchema = z
  .object({
    account: customerIdSchema,
    rateCard: cardKeySchema,
    numbers: z
      .array(billedNumberSchema)
      .default([])
      .meta({
        description:
          'The numbers billed: one item per country and type at the card’s monthly price, its quantity the count of such numbers. Order does not matter. Each number added gets the card’s setup fee once (not when it was paid at purchase).',
      }),
    meteredMinutes: z.boolean().default(true).meta({ description: 'Add the card’s metered items: one per rate class, plus the connect fee when the card has one.' }),
    collectionMethod: z
      .enum(['charge_automatically', 'send_invoice'])
      .default('charge_automatically')
      .meta({ description: '`charge_automatically` charges the account’s default payment method; `send_invoice` e-mails invoices, each due a set number of days after it is sent.' }),
    daysUntilDue: z.number().int().min(0).max(365).optional().meta({ description: 'Days an invoice is due after it is sent; only with `send_invoice`, and required there.' }),
    prorationBehavior: z
      .enum(['create_prorations', 'none', 'always_invoice'])
      .default('create_prorations')
      .meta({ description: 'How adding or removing numbers mid-period is billed: prorated on the next invoice (default), not at all, or invoiced at once.' }),
    cancelAtPeriodEnd: z
      .boolean()
      .default(false)
      .meta({ description: 'What deleting the resource does: cancel at the end of the paid period (true), or now with a final invoice for metered usage (false).' }),
    rateCardModel: rateCardModelSchema.optional(),
    accountCurrency: currencyCodeSchema
      .optional()
      .meta({ description: 'Optional: the account’s currency (BillingAccount `currency`), so that a rate card model in another currency is refused at plan time.' }),
  })
  .strict();

/** Inputs as written by the user. */
export type BillingSubscriptionInputsInput = z.input<typeof billingSubscriptionInputsSchema>;
/** Inputs after `check`: numbers as objects, defaults filled in. */
export type BillingSubscriptionInputs = z.output<typeof billingSubscriptionInputsSchema>;
/** One billed number, after `check`: country and type always known. */
export type BilledNumber = z.output<typeof billedNumberSchema>;

/** One item of the subscription, under its lookup key. */
export interface SubscriptionItemOutput {
  /** Stripe's subscription item id (si_…). */
  id: string;
  /** Numbers billed on it; null for metered items (billed by usage). */
  quantity: number | null;
  /** The price it bills at (price_…): the lookup key's current price, unless the card changed since. */
  price: string;
}

/** What didops reports about a subscription. */
export interface BillingSubscriptionOutputs {
  /** Stripe's subscription id (sub_…), also the resource id. */
  subscriptionId: string;
  /** Stripe's status: `active`, `past_due`, `incomplete`, `trialing`, … */
  status: string;
  /** Items by lookup key (`didops.<card>.number.US.local.monthly`, `didops.<card>.minutes.<class>`). */
  items: Record<string, SubscriptionItemOutput>;
  /** End of the current billing period (ISO 8601, UTC); null when Stripe gives none. */
  currentPeriodEnd: string | null;
  /** The latest invoice (in_…); null before the first. */
  latestInvoice: string | null;
  /** ISO currency of the subscription (the card’s). */
  currency: string;
  /** Setup fee of each number, by E.164: the invoice item (ii_…) that bills it, or the payment (pi_…) that paid it at purchase. */
  setupFees: Record<string, string>;
}

/** Output field names, for adapters that must list them (Pulumi `declare`s, Terraform computed attributes). */
export const BILLING_SUBSCRIPTION_OUTPUT_FIELDS = [
  'subscriptionId', 'status', 'items', 'currentPeriodEnd', 'latestInvoice', 'currency', 'setupFees',
] as const satisfies readonly (keyof BillingSubscriptionOutputs)[];
