/**
 * An invoice's amounts from its lines: the billing math (invoice-totals.ts, customer-balance.ts) applied to a stored
 * invoice. A draft is recalculated whenever a line, its default tax rates or the customer's balance may have changed;
 * its `starting_balance` and `amount_due` show the customer's current balance, as on Stripe, and only finalization
 * applies it for good. An open or closed invoice's amounts are frozen, except what payment changes.
 */
import { applyCustomerBalance } from '../billing/customer-balance';
import type { DiscountTerms } from '../billing/discounts';
import { invoiceTotals } from '../billing/invoice-totals';
import { effectiveTaxRates } from '../billing/line-taxes';
import type { InvoiceDoc } from './billing-types';

/**
 * The draft `invoice` with its lines' discounts and taxes and its totals worked out for a customer balance and the
 * discounts (of `invoice.discounts`) that apply to it.
 */
export function recalculateInvoice(invoice: InvoiceDoc, customerBalance: number, discounts: readonly DiscountTerms[] = []): InvoiceDoc {
  const lines = invoice.lines.data;
  const totals = invoiceTotals(lines.map((line) => ({
    amount: line.amount,
    discountable: line.discountable,
    taxRates: effectiveTaxRates(line.own_tax_rates, invoice.default_tax_rates),
  })), discounts);
  const balance = applyCustomerBalance(totals.total, customerBalance);
  return {
    ...invoice,
    lines: {
      ...invoice.lines,
      data: lines.map((line, i) => {
        const { discount_amounts: shares, taxes } = totals.lines[i]!;
        // A line neither discounted nor taxed before or now stays the same object (most of a large invoice's lines).
        if (shares.length === 0 && taxes.length === 0 && line.discount_amounts.length === 0 && line.discounts.length === 0 && line.taxes.length === 0) return line;
        return { ...line, discount_amounts: shares, discounts: shares.map((share) => share.discount), taxes };
      }),
      total_count: lines.length,
    },
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal_excluding_tax,
    total_excluding_tax: totals.total_excluding_tax,
    total: totals.total,
    total_discount_amounts: totals.total_discount_amounts,
    total_taxes: totals.total_taxes,
    starting_balance: customerBalance,
    amount_due: balance.amount_due,
    amount_remaining: balance.amount_due - invoice.amount_paid,
  };
}
