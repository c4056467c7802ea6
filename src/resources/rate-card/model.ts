/**
 * The RateCard resource's inputs and outputs. The card itself is the rate card model (src/billing/rating/rate-card.ts,
 * `schemas/rate-card.schema.json`); this model says how it arrives (an object, or YAML/JSON text for Terraform's
 * `file("rates.yaml")`), under which key its prices and meters are named (src/billing/rate-card-keys.ts), and what the
 * billing provider reports back.
 */
import { z } from 'zod';
import type { RateCard } from '../../billing/rating/rate-card';
import { MAX_CARD_KEY_LENGTH } from '../../billing/rate-card-keys';
import type { PriceMigrationTiming } from '../../billing/catalogue-port';
import { requiresReplaceJudged, updatesInPlace, type FieldRule } from '../../core/field-rules';

/** When subscriptions move to a changed price. */
export const PRICE_MIGRATIONS = ['nextPeriod', 'now'] as const satisfies readonly PriceMigrationTiming[];

/** Everything a user declares about a rate card resource. */
export const rateCardInputsSchema = z
  .object({
    key: z
      .string()
      .trim()
      .optional()
      .meta({
        description: `Names the card's prices and meters on the billing provider (lookup keys \`didops.<key>.…\`, meter events \`didops_<key>_…\`): lower-case letters, digits and dashes, at most ${MAX_CARD_KEY_LENGTH} characters, unique in the Stripe account. Defaults to the resource name. Changing it replaces the card.`,
      }),
    card: z
      .union([z.string().min(1, { error: 'the rate card text is empty; give the YAML or JSON of a rate card' }), z.record(z.string(), z.unknown())])
      .meta({
        description:
          'The rate card (docs/billing.md): the model object, or its YAML or JSON text. Changing an amount creates a new price and moves subscriptions to it (see `migration`); changing the currency replaces the card.',
      }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .meta({ description: 'Put before every product name on invoices, e.g. "Acme Voice" gives "Acme Voice: United States local number". Product names have no prefix when unset.' }),
    migration: z
      .enum(PRICE_MIGRATIONS)
      .default('nextPeriod')
      .meta({
        description:
          'When subscriptions move to a changed price: `nextPeriod` (default) plans the new price from the end of each subscription\'s current period (a Stripe subscription schedule phase), so the period in progress is billed at the old price to its end, the minutes it counted included (billed in arrears at the old per-second price), and the renewal bills the new amount; numbers added meanwhile are billed on both sides of the change. `now` switches the items at once with prorations (credit at the old monthly price, charge at the new one for the rest of the period), and the minutes of the period in progress are billed at the new per-second price.',
      }),
  })
  .strict();

/** Inputs as written by the user. */
export type RateCardResourceInputsInput = z.input<typeof rateCardInputsSchema>;

/** Inputs after `check`: the card read, checked and normalised. */
export interface RateCardResourceInputs {
  /** Card key as written; absent means the resource name (recorded as the `cardKey` output). */
  key?: string;
  /** The checked rate card. */
  card: RateCard;
  /** Prefix of product names. */
  name?: string;
  /** When subscriptions move to a changed price. */
  migration: PriceMigrationTiming;
}

/** What didops reports about a rate card on the billing provider. */
export interface RateCardOutputs {
  /** The key its lookup keys and meter event names are made from; also the resource id. */
  cardKey: string;
  /** The resource identity its objects carry as `didops_owner` metadata; objects of another owner are never touched. */
  owner: string;
  /** ISO 4217 currency of every price. */
  currency: string;
  /** Product id per invoice line: `number.<CC>.<type>`, `minutes.<classKey>`, `connect`. */
  products: Record<string, string>;
  /** Price id per lookup key (rate-card-keys.ts): what BillingSubscription and the reconciler find prices by. */
  prices: Record<string, string>;
  /** Meter id per meter event name: where the reconciler sends billable seconds and answered calls. */
  meters: Record<string, string>;
  /** What each lookup key's price charges, in words ("USD 115 per month"), so a changed amount shows in the diff. */
  priceTerms: Record<string, string>;
}

/** Output field names, for adapters that must list them. */
export const RATE_CARD_OUTPUT_FIELDS = ['cardKey', 'owner', 'currency', 'products', 'prices', 'meters', 'priceTerms'] as const satisfies readonly (keyof RateCardOutputs)[];

/** How each field changes; the descriptions feed the docs. `key` and `card` are judged in `diff` (see handler.ts). */
export const RATE_CARD_FIELD_RULES: readonly FieldRule[] = [
  requiresReplaceJudged(
    'key',
    'the key it comes to (the resource name when unset) changes',
    'lookup keys and meter event names are made from it; the card is created under the new key (new products, prices and meters) and the old one archived, and subscriptions on the old prices keep them until BillingSubscription moves to the new lookup keys',
  ),
  requiresReplaceJudged(
    'card',
    '`card.currency` changes',
    'a price has one currency and a subscription cannot change its currency, so the card’s prices are made anew in the new currency (taking over the lookup keys) and the old ones archived. Any other change to the card updates it in place: a changed amount creates a new price that takes over the lookup key, moves every subscription item on the old price to it (see `migration`) and archives the old price; a removed line archives its price and product and deactivates its meter; a new line is created',
  ),
  updatesInPlace('name', 'renames the products on the billing provider (invoice lines show the new names)'),
  updatesInPlace('migration', 'only changes how a later price change moves subscriptions; nothing is sent to the billing provider'),
];
