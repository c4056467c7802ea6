/**
 * Subscriptions, their items and one-off invoice items (owned by the BillingSubscription resource), in didops' terms:
 * an item bills one lookup key (rate-card-keys.ts) at a price, for a quantity of numbers or for what a meter counted;
 * a setup fee is an invoice item that waits for the customer's next invoice. Nothing here names an SDK type.
 *
 * Every write takes an idempotency key the caller derives (src/core/idempotency.ts), and everything a write makes
 * carries the caller's metadata, so a run that crashed before recording what it made finds it again by metadata
 * (idempotency keys only last a day). Finds never create.
 */
import type { BillingMetadata, IdempotentWrite } from './catalogue-port';

/**
 * Which objects a find returns: those whose metadata has each key with the given value, or with any value for
 * `true` (every setup fee, whatever number it is for).
 */
export type MetadataFilter = Readonly<Record<string, string | true>>;

/** True when `metadata` passes the filter. */
export function matchesMetadata(metadata: BillingMetadata | null | undefined, filter: MetadataFilter): boolean {
  return Object.entries(filter).every(([key, wanted]) => (wanted === true ? Boolean(metadata?.[key]) : metadata?.[key] === wanted));
}

/** How invoices are paid: the default payment method is charged, or the invoice is e-mailed and due later. */
export type CollectionMethod = 'charge_automatically' | 'send_invoice';

/** How a change mid-period is billed: prorated on the next invoice, not at all, or invoiced at once. */
export type ProrationBehavior = 'create_prorations' | 'none' | 'always_invoice';

/** A subscription's state as the provider reports it (Stripe's words). */
export type SubscriptionStatus = 'active' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'past_due' | 'paused' | 'trialing' | 'unpaid';

/** One line a subscription bills: a lookup key's price, for a quantity (numbers) or for metered usage. */
export interface SubscriptionLine {
  /** The lookup key the line bills (kept on the item, since a price loses its key when the card changes it). */
  readonly lookupKey: string;
  /** Provider id of the price (`price_…`). */
  readonly priceId: string;
  /** Numbers billed; absent for a metered line, which bills what its meter counted. */
  readonly quantity?: number;
}

/** A line as the provider has it. */
export interface SubscriptionItem extends SubscriptionLine {
  /** Provider id (`si_…`). */
  readonly id: string;
  /** Start of the item's current period (unix seconds); null when the provider says none. */
  readonly currentPeriodStart: number | null;
  /** End of the item's current period (unix seconds); null when the provider says none. */
  readonly currentPeriodEnd: number | null;
}

/**
 * Lines a subscription is planned to take at a later moment (a price change from its next period: a phase of its
 * schedule on Stripe). Until then its items bill what they bill now.
 */
export interface PlannedLines {
  /** When they take over (unix seconds): the end of the current period for a change from the next period. */
  readonly startsAt: number;
  readonly lines: readonly SubscriptionLine[];
}

/** A subscription as the provider has it. */
export interface BillingSubscription {
  /** Provider id (`sub_…`). */
  readonly id: string;
  readonly customerId: string;
  readonly status: SubscriptionStatus;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  readonly items: readonly SubscriptionItem[];
  readonly collectionMethod: CollectionMethod;
  readonly daysUntilDue: number | null;
  /** Tax rates applied to every item (`txr_…`). */
  readonly taxRateIds: readonly string[];
  /** True once it is set to end with its current period. */
  readonly cancelAtPeriodEnd: boolean;
  /** The latest invoice (`in_…`), null before the first. */
  readonly latestInvoiceId: string | null;
  readonly metadata: BillingMetadata;
  /** What it is planned to take later, in time order (a rate card's price change from the next period); empty when nothing is. */
  readonly planned: readonly PlannedLines[];
}

/** What a subscription is made with. */
export interface SubscriptionSpec {
  readonly customerId: string;
  readonly lines: readonly SubscriptionLine[];
  readonly taxRateIds: readonly string[];
  readonly collectionMethod: CollectionMethod;
  /** Only with `send_invoice`. */
  readonly daysUntilDue?: number;
  readonly metadata: BillingMetadata;
}

/** One change to a subscription's items. */
export type ItemChange =
  | { readonly kind: 'add'; readonly line: SubscriptionLine }
  | { readonly kind: 'update'; readonly itemId: string; readonly lookupKey: string; readonly priceId?: string; readonly quantity?: number }
  | { readonly kind: 'remove'; readonly itemId: string };

/**
 * A change to a subscription, made at once; fields left out stay as they are. A subscription with planned lines keeps
 * its plan: the item changes and settings apply now and to every planned step, whose lines become `plannedLines`
 * when given (so a number added now is billed both before and after a planned price change).
 */
export interface SubscriptionChange {
  readonly items: readonly ItemChange[];
  /** The lines every planned step takes instead of its own; only for a subscription with planned lines. */
  readonly plannedLines?: readonly SubscriptionLine[];
  readonly taxRateIds?: readonly string[];
  readonly collectionMethod?: CollectionMethod;
  /** A number with `send_invoice`; null clears it (going back to `charge_automatically`). */
  readonly daysUntilDue?: number | null;
  readonly prorationBehavior: ProrationBehavior;
}

/** How a subscription ends: now (with a final invoice of usage not yet invoiced) or with its current period. */
export interface CancelOptions {
  readonly atPeriodEnd: boolean;
  /** Ending now: credit the unused part of the period (a proration). */
  readonly prorate: boolean;
}

/** A one-off charge waiting for the customer's next invoice (or already on one). */
export interface InvoiceCharge {
  /** Provider id (`ii_…`). */
  readonly id: string;
  readonly customerId: string;
  /** Whole minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  /** The invoice it is on; null while it waits for the next one. */
  readonly invoiceId: string | null;
  readonly metadata: BillingMetadata;
}

/** What a one-off charge is made with: a one-time price (a setup fee), for the next invoice. */
export interface InvoiceChargeSpec {
  readonly customerId: string;
  /** The one-time price charged (`price_…`). */
  readonly priceId: string;
  /** The subscription whose next invoice takes it; absent, the customer's next invoice does. */
  readonly subscriptionId?: string;
  /** Shown on the invoice line. */
  readonly description: string;
  readonly metadata: BillingMetadata;
}

/** Subscriptions, their items and one-off invoice items (setup fees). */
export interface BillingSubscriptions {
  /** The subscription with this id, whatever its status; undefined when there is none. */
  getSubscription(id: string): Promise<BillingSubscription | undefined>;
  /** The customer's subscriptions whose metadata passes the filter, whatever their status (those over included). */
  findSubscriptions(customerId: string, metadata: MetadataFilter): Promise<BillingSubscription[]>;
  /** Creates a subscription; its first invoice takes the customer's waiting invoice items. */
  createSubscription(spec: SubscriptionSpec, write: IdempotentWrite): Promise<BillingSubscription>;
  /** Changes items, tax rates and collection at once (and its planned lines, when it has some). */
  changeSubscription(id: string, change: SubscriptionChange, write: IdempotentWrite): Promise<BillingSubscription>;
  /** Ends a subscription, dropping what was planned for it after its end; succeeds when it is already over. */
  cancelSubscription(id: string, options: CancelOptions): Promise<void>;

  /** The customer's one-off charges (waiting or invoiced) whose metadata passes the filter. */
  findInvoiceCharges(customerId: string, metadata: MetadataFilter): Promise<InvoiceCharge[]>;
  /** Adds a one-off charge to the next invoice. */
  createInvoiceCharge(spec: InvoiceChargeSpec, write: IdempotentWrite): Promise<InvoiceCharge>;
}
