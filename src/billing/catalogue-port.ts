/**
 * Products, prices and meters a rate card becomes (owned by the RateCard resource), in didops' terms: a price is a
 * lookup key, a currency, an amount (whole minor units, a decimal of minor units, or tiers), whether it recurs and
 * which meter counts its usage; nothing here names an SDK type. Names of lookup keys and meter events come from
 * rate-card-keys.ts.
 *
 * Every write takes an idempotency key the caller derives (src/core/idempotency.ts), so a create repeated after a
 * crash answers with the first object instead of a second one. Finds never create.
 */

/** Metadata as billing providers keep it: string keys and values. */
export type BillingMetadata = Readonly<Record<string, string>>;

/** A product: what an invoice line is named after. */
export interface CatalogueProduct {
  /** Provider id (`prod_…`). */
  readonly id: string;
  /** Name shown on invoices. */
  readonly name: string;
  /** False once archived: no new subscriptions may use its prices. */
  readonly active: boolean;
  readonly metadata: BillingMetadata;
}

/** What a product is made with. */
export interface ProductSpec {
  readonly name: string;
  readonly metadata: BillingMetadata;
}

/** One tier of a tiered price: units up to `upTo` in the period cost `unitAmountDecimal` each, plus `flatAmount` once. */
export interface PriceTier {
  /** Last unit of the period this tier covers, or `inf` for the open last tier. */
  readonly upTo: number | 'inf';
  /** Price of one unit in minor units, as decimal text ("0.0125"). */
  readonly unitAmountDecimal: string;
  /** Whole minor units charged once when the period reaches this tier. */
  readonly flatAmount?: number;
}

/** Tiers of a price and how they apply (graduated: each unit at its tier's price; volume: all at the reached tier's). */
export interface PriceTiers {
  readonly mode: 'graduated' | 'volume';
  readonly steps: readonly PriceTier[];
}

/** How a price recurs: monthly, for a quantity (licensed) or for what a meter counted (metered). */
export interface PriceRecurrence {
  readonly interval: 'month';
  readonly usage: 'licensed' | 'metered';
  /** The meter whose events a metered price bills (provider id); absent for licensed prices. */
  readonly meterId?: string;
}

/**
 * The terms of a price: what it charges. Exactly one of `unitAmount`, `unitAmountDecimal` and `tiers` is set. Terms
 * never change on a provider; a different amount is a new price (see {@link BillingCatalogue.createPrice}).
 */
export interface PriceTerms {
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** Whole minor units per unit. */
  readonly unitAmount?: number;
  /** Minor units per unit with a fraction, as decimal text ("0.014166666667"). */
  readonly unitAmountDecimal?: string;
  readonly tiers?: PriceTiers;
  /** Absent for a one-time price. */
  readonly recurring?: PriceRecurrence;
}

/** What a price is made with: its terms, the product it belongs to and the names it is found by. */
export interface PriceSpec extends PriceTerms {
  /** The lookup key (rate-card-keys.ts) the price is found by. */
  readonly lookupKey: string;
  /** Product id the price belongs to. */
  readonly productId: string;
  /** Internal name of the price (not shown to customers). */
  readonly nickname?: string;
  readonly metadata: BillingMetadata;
}

/** A price as the provider has it. */
export interface CataloguePrice extends PriceTerms {
  /** Provider id (`price_…`). */
  readonly id: string;
  /** The lookup key it holds now; null once another price took it. */
  readonly lookupKey: string | null;
  readonly productId: string;
  /** False once archived: existing subscriptions keep it, new ones cannot use it. */
  readonly active: boolean;
  readonly nickname: string | null;
  readonly metadata: BillingMetadata;
}

/** How a meter adds up its events over a period: `sum` of their values (seconds) or `count` of events (calls). */
export type MeterAggregation = 'sum' | 'count';

/** A meter: the running total, per customer and period, that a metered price bills. */
export interface CatalogueMeter {
  /** Provider id (`mtr_…`). */
  readonly id: string;
  /** Name of the events it counts (rate-card-keys.ts). */
  readonly eventName: string;
  /** Name shown in the provider's dashboard. */
  readonly displayName: string;
  readonly aggregation: MeterAggregation;
  /** False once deactivated: events sent to it are refused. */
  readonly active: boolean;
}

/** What a meter is made with. */
export interface MeterSpec {
  readonly eventName: string;
  readonly displayName: string;
  readonly aggregation: MeterAggregation;
}

/**
 * When subscriptions move to a new price: from their next period (no proration; the period in progress, metered usage
 * included, is billed at the old price), or now with prorations.
 */
export type PriceMigrationTiming = 'nextPeriod' | 'now';

/** Options of a write: the derived idempotency key that makes a repeat answer with the first result. */
export interface IdempotentWrite {
  readonly idempotencyKey: string;
}

/** Products, prices and meters a rate card becomes (owned by the RateCard resource). */
export interface BillingCatalogue {
  /** The product with this id, archived or not; undefined when there is none. */
  getProduct(id: string): Promise<CatalogueProduct | undefined>;
  /** Products whose metadata holds every given pair, archived ones included. */
  findProducts(metadata: BillingMetadata): Promise<CatalogueProduct[]>;
  /** Creates a product. */
  createProduct(spec: ProductSpec, write: IdempotentWrite): Promise<CatalogueProduct>;
  /** Renames, archives (`active: false`) or restores a product. */
  updateProduct(id: string, changes: { readonly name?: string; readonly active?: boolean }): Promise<CatalogueProduct>;

  /** The price with this id; undefined when there is none. */
  getPrice(id: string): Promise<CataloguePrice | undefined>;
  /** The prices holding these lookup keys now, active or not (any number of keys). */
  pricesByLookupKey(lookupKeys: readonly string[]): Promise<CataloguePrice[]>;
  /** Prices whose metadata holds every given pair, archived ones included. */
  findPrices(metadata: BillingMetadata): Promise<CataloguePrice[]>;
  /**
   * Creates a price. With `transferLookupKey`, a price holding the same lookup key gives it up to the new one (the old
   * price keeps working for the subscriptions on it); without, such a price makes the create fail.
   */
  createPrice(spec: PriceSpec, write: IdempotentWrite & { readonly transferLookupKey?: boolean }): Promise<CataloguePrice>;
  /** Active prices of a product, or billed by a meter: what still uses it (filters given together must all hold). */
  listActivePrices(filter: { readonly productId?: string; readonly meterId?: string }): Promise<CataloguePrice[]>;
  /**
   * Archives (`active: false`) or restores a price, or replaces the given metadata keys; terms never change. Prices
   * are never deleted.
   */
  updatePrice(id: string, changes: { readonly active?: boolean; readonly metadata?: BillingMetadata }): Promise<CataloguePrice>;

  /** Every meter of the account, active or not. */
  listMeters(): Promise<CatalogueMeter[]>;
  /** Creates a meter. */
  createMeter(spec: MeterSpec, write: IdempotentWrite): Promise<CatalogueMeter>;
  /** Deactivates or reactivates a meter. */
  setMeterActive(id: string, active: boolean): Promise<CatalogueMeter>;
  /** Renames a meter in the dashboard. */
  renameMeter(id: string, displayName: string): Promise<CatalogueMeter>;

  /**
   * Moves every subscription item billed at `fromPriceId` to `toPriceId` (same currency and kind), and says how many it
   * moved or planned to move. `nextPeriod` plans the move for the end of each subscription's current period (its
   * planned lines), so the period in progress is billed at the old price to its end, usage included; `now` moves them
   * at once with prorations. Items planned to move to `fromPriceId` later are planned onto `toPriceId` instead. Several
   * moves on one subscription make one plan; repeating a move (after a crash, or a second apply) plans nothing twice.
   */
  movePriceUsers(fromPriceId: string, toPriceId: string, timing: PriceMigrationTiming, write: IdempotentWrite): Promise<number>;
}
