/**
 * Builds invoice documents as Stripe shapes them (API 2026-10-28): a new draft for a customer (and subscription),
 * its lines from subscription items and from invoice items, and the served form (a stored line keeps its own tax
 * rates for recalculation; answers and events never show them).
 */
import type { BillingPeriod } from '../billing/billing-periods';
import { newStripeId } from '../ids';
import type { BillingCustomer, BillingReason, BillingTaxRate, InvoiceDoc, InvoiceItemDoc, InvoiceLineDoc, SubscriptionDoc, SubscriptionItemDoc } from './billing-types';

/** What a new draft invoice is made of. */
export interface DraftInvoiceSpec {
  customer: BillingCustomer;
  /** The customer's time: `created` and the default period. */
  now: number;
  currency: string;
  billingReason: BillingReason;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  dueDate?: number | null;
  autoAdvance: boolean;
  /** When a draft that auto-advances is finalized (Stripe: an hour after it was created). */
  finalizesAt: number | null;
  subscription?: SubscriptionDoc;
  defaultTaxRates: BillingTaxRate[];
  defaultPaymentMethod: string | null;
  description: string | null;
  metadata: Record<string, string>;
  period?: BillingPeriod;
  /** Discount ids (`di_…`) that apply to the whole invoice. */
  discounts?: string[];
}

/** A new draft invoice without lines (its amounts are worked out by recalculateInvoice). */
export function newDraftInvoice(spec: DraftInvoiceSpec): InvoiceDoc {
  const id = newStripeId('in');
  const customer = spec.customer;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'didops sandbox',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: spec.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: spec.autoAdvance ? spec.finalizesAt : null,
    billing_reason: spec.billingReason,
    collection_method: spec.collectionMethod,
    created: spec.now,
    currency: spec.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: customer.shipping ?? null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: spec.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: spec.defaultTaxRates,
    description: spec.description,
    discounts: spec.discounts ?? [],
    // Stripe dates a send_invoice invoice's due date when it is created: `due_date`, or `days_until_due` (30) later.
    due_date: spec.collectionMethod === 'send_invoice' ? (spec.dueDate ?? spec.now + (spec.daysUntilDue ?? 30) * 86_400) : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: spec.metadata,
    // Stripe shows when a draft that collects itself will be charged: when it is finalized.
    next_payment_attempt: spec.autoAdvance && spec.collectionMethod === 'charge_automatically' ? spec.finalizesAt : null,
    number: null,
    on_behalf_of: null,
    parent: spec.subscription
      ? { type: 'subscription_details', quote_details: null, subscription_details: { metadata: spec.subscription.metadata, subscription: spec.subscription.id } }
      : null,
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: spec.subscription?.payment_settings?.payment_method_types ?? null,
    },
    period_end: spec.period?.end ?? spec.now,
    period_start: spec.period?.start ?? spec.now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: customer.balance ?? 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: customer.test_clock ?? null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: spec.now,
  };
}

/** What a subscription item bills on one line. */
export interface SubscriptionLineSpec {
  item: SubscriptionItemDoc;
  amount: number;
  quantity: string;
  unitAmountDecimal: string | null;
  period: BillingPeriod;
  description: string;
}

/** The line of a subscription item (licensed in advance, or metered usage in arrears). */
export function subscriptionItemLine(invoiceId: string | null, spec: SubscriptionLineSpec): InvoiceLineDoc {
  const quantity = Number(spec.quantity);
  return {
    id: newStripeId('il'),
    object: 'line_item',
    amount: spec.amount,
    currency: spec.item.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: { ...spec.item.metadata },
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: spec.item.subscription, subscription_item: spec.item.id,
      },
    },
    period: spec.period,
    pretax_credit_amounts: [],
    pricing: { type: 'price_details', price_details: { price: spec.item.price.id, product: spec.item.price.product }, unit_amount_decimal: spec.unitAmountDecimal },
    quantity: Number.isInteger(quantity) ? quantity : null,
    quantity_decimal: spec.quantity,
    subscription: spec.item.subscription,
    subtotal: spec.amount,
    taxes: [],
    own_tax_rates: spec.item.tax_rates ?? [],
  };
}

/** The line of an invoice item on `invoiceId` (a new line, or the line `id` the item already has there). */
export function invoiceItemLine(invoiceId: string | null, item: InvoiceItemDoc, id = newStripeId('il')): InvoiceLineDoc {
  const subscription = item.parent?.subscription_details.subscription ?? null;
  return {
    id,
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: { ...item.metadata },
    parent: {
      type: 'invoice_item_details',
      invoice_item_details: { invoice_item: item.id, proration: item.proration, proration_details: { credited_items: null }, subscription },
      subscription_item_details: null,
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription,
    subtotal: item.amount,
    taxes: [],
    own_tax_rates: item.tax_rates ?? [],
  };
}

/** A line as served: without the tax rates kept for recalculation. */
export function servedLine(line: InvoiceLineDoc): Omit<InvoiceLineDoc, 'own_tax_rates'> {
  const { own_tax_rates: _own, ...served } = line;
  return served;
}

/** How many lines an invoice embeds in `lines`; the rest are paged at `GET /v1/invoices/{id}/lines` (as on Stripe). */
export const EMBEDDED_LINES = 10;

/**
 * An invoice as served (and as events carry it): like Stripe, it embeds only the first lines, so an answer or event
 * about an invoice of 10,000 lines stays small, and `lines.has_more` tells the client to page the rest.
 */
export function servedInvoice(invoice: InvoiceDoc, embedded = EMBEDDED_LINES): InvoiceDoc {
  const all = invoice.lines.data;
  // A stored invoice holds only its first lines and says how many it has (invoice-line-store.ts).
  const total = invoice.lines.has_more ? invoice.lines.total_count : all.length;
  const data = (all.length > embedded ? all.slice(0, embedded) : all).map(servedLine);
  return { ...invoice, lines: { object: 'list', data, has_more: total > data.length, total_count: total, url: invoice.lines.url } };
}
