/**
 * The shapes billing reads and writes in the shared store, as API 2026-10-28 serves them: its own objects
 * (subscriptions, subscription items, invoice items, invoices and their lines) and the fields it reads of the
 * foundation's (customers, prices, tax rates, products). Only the fields billing uses are typed; a document keeps the
 * rest as it was written.
 */
import type { PriceTerms } from '../billing/price-amount';
import type { BillingPeriod, RecurringInterval } from '../billing/billing-periods';
import type { LineTax } from '../billing/line-taxes';
import type { DiscountAmount } from '../billing/discounts';
import type { StripeObject } from '../store/stripe-objects-repository';

/** The customer fields billing reads and updates. */
export interface BillingCustomer extends StripeObject {
  object: 'customer';
  balance: number;
  currency: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  address: Record<string, string | null> | null;
  shipping: unknown;
  tax_exempt: 'none' | 'exempt' | 'reverse' | null;
  invoice_prefix: string | null;
  next_invoice_sequence?: number;
  invoice_settings?: { default_payment_method?: string | null };
  test_clock: string | null;
}

/** A price as billing reads it (tiers are kept in the stored document). */
export interface BillingPrice extends StripeObject, PriceTerms {
  object: 'price';
  active: boolean;
  currency: string;
  product: string;
  nickname: string | null;
  type: 'one_time' | 'recurring';
  recurring: { interval: RecurringInterval; interval_count: number; meter: string | null; usage_type: 'licensed' | 'metered' } | null;
  tax_behavior: 'inclusive' | 'exclusive' | 'unspecified' | null;
}

/** A tax rate as billing reads it. */
export interface BillingTaxRate extends StripeObject {
  object: 'tax_rate';
  active: boolean;
  percentage: number;
  inclusive: boolean;
  display_name: string;
}

/** A product's name, for line descriptions. */
export interface BillingProduct extends StripeObject {
  object: 'product';
  name: string;
}

/** A subscription item as stored and served (periods live on items since API basil). */
export interface SubscriptionItemDoc extends StripeObject {
  object: 'subscription_item';
  current_period_end: number;
  current_period_start: number;
  discounts: string[];
  metadata: Record<string, string>;
  price: BillingPrice;
  plan: Record<string, unknown>;
  quantity?: number;
  subscription: string;
  tax_rates: BillingTaxRate[] | null;
}

/** Stripe's subscription statuses. */
export type SubscriptionStatus = 'active' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'past_due' | 'paused' | 'trialing' | 'unpaid';

/** A subscription as stored and served; `items.data` holds the same items the `subscription_item` documents do. */
export interface SubscriptionDoc extends StripeObject {
  object: 'subscription';
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null } | null;
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  customer: string;
  days_until_due: number | null;
  default_payment_method: string | null;
  default_tax_rates: BillingTaxRate[] | null;
  /** Discount ids (`di_…`) that apply to the subscription's invoices. */
  discounts: string[];
  ended_at: number | null;
  items: { object: 'list'; data: SubscriptionItemDoc[]; has_more: false; total_count: number; url: string };
  latest_invoice: string | null;
  metadata: Record<string, string>;
  payment_settings: { payment_method_types: string[] | null; payment_method_options: null; save_default_payment_method: 'off' | 'on_subscription' | null } | null;
  /** The schedule managing it (`sub_sched_…`), null when none does. */
  schedule: string | null;
  start_date: number;
  status: SubscriptionStatus;
  test_clock: string | null;
}

/** Where an invoice item or line comes from (`parent` of API basil and later). */
export interface InvoiceItemDoc extends StripeObject {
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  date: number;
  description: string | null;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  metadata: Record<string, string>;
  net_amount: number;
  parent: { type: 'subscription_details'; subscription_details: { subscription: string; subscription_item?: string } } | null;
  period: BillingPeriod;
  pricing: { type: 'price_details'; price_details?: { price: string; product: string }; unit_amount_decimal: string | null } | null;
  proration: boolean;
  proration_details: { credited_items: null; discount_amounts: DiscountAmount[] };
  quantity: number;
  quantity_decimal: string;
  tax_rates: BillingTaxRate[] | null;
  test_clock: string | null;
}

/** An invoice line as served, plus the ids of the tax rates it carries of its own (kept, never served). */
export interface InvoiceLineDoc {
  id: string;
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  discount_amounts: DiscountAmount[];
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  parent: {
    type: 'subscription_item_details' | 'invoice_item_details';
    invoice_item_details: { invoice_item: string; proration: boolean; proration_details: { credited_items: null }; subscription: string | null } | null;
    subscription_item_details: { invoice_item: string | null; proration: boolean; proration_details: { credited_items: null }; subscription: string | null; subscription_item: string } | null;
  };
  period: BillingPeriod;
  pretax_credit_amounts: unknown[];
  pricing: { type: 'price_details'; price_details?: { price: string; product: string }; unit_amount_decimal: string | null } | null;
  quantity: number | null;
  quantity_decimal: string | null;
  subscription: string | null;
  subtotal: number;
  taxes: LineTax[];
  /** The tax rates this line has of its own (never served: the invoice's defaults apply where it has none). */
  own_tax_rates?: BillingTaxRate[];
}

/** Stripe's invoice statuses. */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

/** Why an invoice was made. */
export type BillingReason = 'manual' | 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'subscription' | 'upcoming';

/** An invoice as stored (its lines inside, each with its own tax rates) and, without those, as served. */
export interface InvoiceDoc extends StripeObject {
  object: 'invoice';
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_paid_off_stripe?: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  billing_reason: BillingReason;
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  customer: string;
  default_payment_method: string | null;
  default_tax_rates: BillingTaxRate[];
  description: string | null;
  discounts: string[];
  due_date: number | null;
  effective_at: number | null;
  ending_balance: number | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  lines: { object: 'list'; data: InvoiceLineDoc[]; has_more: boolean; total_count: number; url: string };
  metadata: Record<string, string>;
  next_payment_attempt: number | null;
  number: string | null;
  parent: { type: 'subscription_details'; quote_details: null; subscription_details: { metadata: Record<string, string> | null; subscription: string } } | null;
  period_end: number;
  period_start: number;
  starting_balance: number;
  status: InvoiceStatus;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null; voided_at: number | null };
  subtotal: number;
  subtotal_excluding_tax: number | null;
  test_clock: string | null;
  total: number;
  total_discount_amounts: DiscountAmount[];
  total_excluding_tax: number | null;
  total_taxes: LineTax[];
  webhooks_delivered_at: number | null;
}
