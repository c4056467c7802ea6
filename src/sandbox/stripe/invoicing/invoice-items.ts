/**
 * Invoice items (`invoiceitem`): one-off charges and credits, and the prorations subscription changes make. An item
 * is pending (`invoice: null`) until an invoice takes it: the customer's next subscription invoice takes every
 * pending item of the customer that belongs to that subscription or to none; a manually created invoice only when
 * asked (`pending_invoice_items_behavior=include`). Items are stored with their customer and, once on an invoice,
 * that invoice as their parent.
 */
import type { BillingPeriod } from '../billing/billing-periods';
import { newStripeId } from '../ids';
import type { BillingContext } from '../billing-context';
import type { StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { BillingCustomer, BillingTaxRate, InvoiceItemDoc } from './billing-types';

/** The store type of invoice items. */
export const INVOICE_ITEM_TYPE = 'invoiceitem';

/** What a new invoice item is made of (amounts already worked out). */
export interface InvoiceItemSpec {
  customer: BillingCustomer;
  now: number;
  currency: string;
  amount: number;
  quantity: string;
  unitAmountDecimal: string | null;
  price?: { id: string; product: string };
  description: string | null;
  period?: BillingPeriod;
  discountable?: boolean;
  taxRates: BillingTaxRate[] | null;
  metadata: Record<string, string>;
  invoice: string | null;
  subscription?: { id: string; item?: string };
  proration?: boolean;
}

/** A new invoice item document (not stored). */
export function newInvoiceItem(spec: InvoiceItemSpec): InvoiceItemDoc {
  const quantity = Number(spec.quantity);
  return {
    id: newStripeId('ii'),
    object: 'invoiceitem',
    amount: spec.amount,
    currency: spec.currency,
    customer: spec.customer.id,
    customer_account: null,
    created: spec.now,
    date: spec.now,
    description: spec.description,
    // Stripe never discounts a credit: negative items are not discountable unless asked otherwise.
    discountable: spec.discountable ?? spec.amount >= 0,
    discounts: [],
    invoice: spec.invoice,
    livemode: false,
    metadata: spec.metadata,
    net_amount: spec.amount,
    parent: spec.subscription
      ? { type: 'subscription_details', subscription_details: { subscription: spec.subscription.id, ...(spec.subscription.item ? { subscription_item: spec.subscription.item } : {}) } }
      : null,
    period: spec.period ?? { start: spec.now, end: spec.now },
    pricing: { type: 'price_details', ...(spec.price ? { price_details: { price: spec.price.id, product: spec.price.product } } : {}), unit_amount_decimal: spec.unitAmountDecimal },
    proration: spec.proration ?? false,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: Number.isInteger(quantity) ? quantity : 1,
    quantity_decimal: spec.quantity,
    tax_rates: spec.taxRates,
    test_clock: spec.customer.test_clock ?? null,
  };
}

/** Stores an invoice item, indexed by customer and (once invoiced) invoice. */
export function storeInvoiceItem(store: StripeObjectsRepository, item: InvoiceItemDoc): InvoiceItemDoc {
  return store.insert(item, { customer: item.customer, parent: item.invoice });
}

/** Replaces an invoice item (its invoice may have changed). */
export function updateInvoiceItem(store: StripeObjectsRepository, item: InvoiceItemDoc): InvoiceItemDoc {
  return store.update(item, { parent: item.invoice });
}

/**
 * Attaches invoice items to an invoice (or with null makes them pending again) in one statement: an item's `invoice`
 * is served from its parent column (the store's PARENT_FIELDS), so their documents are not rewritten.
 */
export function attachInvoiceItems(store: StripeObjectsRepository, itemIds: readonly string[], invoice: string | null): void {
  store.setParents(INVOICE_ITEM_TYPE, itemIds, invoice);
}

/**
 * The customer's pending items an invoice takes, oldest first, read as they are walked (an invoice may take 10,000):
 * for a subscription's invoice those of that subscription and those of none; for a manual invoice (`subscription`
 * undefined) those of none, or with `subscription` given only that subscription's.
 */
export function pendingInvoiceItems(store: StripeObjectsRepository, customer: string, scope: { subscription?: string; includeUnattached: boolean }): Generator<InvoiceItemDoc> {
  return store.scanOldestFirst<InvoiceItemDoc>({
    type: INVOICE_ITEM_TYPE,
    customer,
    // Only pending items are read: those of the customer's earlier invoices stay unparsed.
    parent: null,
    where: (item) => {
      if (item.invoice !== null) return false;
      const owner = item.parent?.subscription_details.subscription;
      return owner === undefined ? scope.includeUnattached : owner === scope.subscription;
    },
  });
}

/** Creates and stores an invoice item and publishes invoiceitem.created. */
export function createInvoiceItem(bc: Pick<BillingContext, 'store' | 'events'>, spec: InvoiceItemSpec): InvoiceItemDoc {
  const item = storeInvoiceItem(bc.store, newInvoiceItem(spec));
  bc.events.publish('invoiceitem.created', item);
  return item;
}
