/**
 * `add_invoice_items` of a subscription create or update: one-off prices (up to 20) billed once on the
 * subscription's next invoice, as pending invoice items of the subscription.
 */
import { priceAmount } from '../billing/price-amount';
import type { BillingContext } from '../billing-context';
import type { BillingCustomer, BillingPrice, BillingTaxRate, SubscriptionDoc } from '../invoicing/billing-types';
import { createInvoiceItem } from '../invoicing/invoice-items';
import { productNameOf } from './subscription-lines';

/** One `add_invoice_items[]` entry. */
export interface OneOffItemSpec {
  price: BillingPrice;
  quantity: number;
  taxRates: BillingTaxRate[] | null;
  metadata: Record<string, string>;
}

/** Adds the one-off items as pending invoice items of `subscription`. */
export function addOneOffItems(bc: BillingContext, customer: BillingCustomer, subscription: SubscriptionDoc, items: readonly OneOffItemSpec[], now: number): void {
  for (const spec of items) {
    const priced = priceAmount(spec.price, spec.quantity);
    createInvoiceItem(bc, {
      customer,
      now,
      currency: spec.price.currency,
      amount: priced.amount,
      quantity: String(spec.quantity),
      unitAmountDecimal: priced.unitAmountDecimal,
      price: { id: spec.price.id, product: spec.price.product },
      description: productNameOf(bc, spec.price),
      taxRates: spec.taxRates,
      metadata: spec.metadata,
      invoice: null,
      subscription: { id: subscription.id },
    });
  }
}
