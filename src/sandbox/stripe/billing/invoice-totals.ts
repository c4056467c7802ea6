/**
 * An invoice's totals from its lines, to the cent, in the field names of API 2026-10-28:
 *   subtotal               = Σ line amounts (inclusive tax inside, before discounts and exclusive tax)
 *   subtotal_excluding_tax = Σ (line amount − the inclusive tax that amount would carry undiscounted)
 *   total_excluding_tax    = subtotal − discounts − inclusive tax
 *   total                  = subtotal − discounts + exclusive tax
 * Discounts come off discountable lines first (discounts.ts), then each line is taxed on what is left
 * (line-taxes.ts). `total_taxes` aggregates the lines' taxes per tax rate and behaviour; `total_discount_amounts`
 * the discounts' shares. The customer balance (amount_due and friends) is applied on top (customer-balance.ts).
 */
import { discountLines, totalDiscountAmounts, type DiscountAmount, type DiscountTerms } from './discounts';
import { exclusiveTaxOf, inclusiveTaxOf, lineTaxes, type LineTax, type TaxRateTerms } from './line-taxes';

/** A line as the totals see it: its amount, whether coupons may touch it, and the tax rates that apply to it. */
export interface TotalsLineInput {
  amount: number;
  discountable: boolean;
  /** The rates in effect for this line (its own, or the invoice's defaults: `effectiveTaxRates`). */
  taxRates: readonly TaxRateTerms[];
}

/** What the totals work out for one line. */
export interface LineCalculation {
  discount_amounts: DiscountAmount[];
  taxes: LineTax[];
}

/** The invoice-level amounts (before the customer balance). */
export interface InvoiceTotals {
  lines: LineCalculation[];
  subtotal: number;
  subtotal_excluding_tax: number;
  total_excluding_tax: number;
  total: number;
  total_discount_amounts: DiscountAmount[];
  total_taxes: LineTax[];
}

/**
 * Discounts, taxes and totals of an invoice whose lines are `lines` and whose discounts are `discounts`, in one pass
 * over the lines (an invoice may have 10,000 of them).
 */
export function invoiceTotals(lines: readonly TotalsLineInput[], discounts: readonly DiscountTerms[] = []): InvoiceTotals {
  const discountShares = discountLines(lines, discounts);
  const calculations: LineCalculation[] = new Array(lines.length);
  let subtotal = 0;
  let discountTotal = 0;
  let inclusiveTax = 0;
  let exclusiveTax = 0;
  let undiscountedInclusiveTax = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const shares = discountShares[index]!;
    const discount = sumOf(shares);
    const taxes = line.taxRates.length === 0 ? [] : lineTaxes(line.amount - discount, line.taxRates);
    calculations[index] = { discount_amounts: shares, taxes };
    subtotal += line.amount;
    discountTotal += discount;
    if (taxes.length === 0) continue;
    inclusiveTax += inclusiveTaxOf(taxes);
    exclusiveTax += exclusiveTaxOf(taxes);
    const inclusiveRates = line.taxRates.filter((r) => r.inclusive);
    if (inclusiveRates.length > 0) undiscountedInclusiveTax += inclusiveTaxOf(lineTaxes(line.amount, inclusiveRates));
  }
  return {
    lines: calculations,
    subtotal,
    subtotal_excluding_tax: subtotal - undiscountedInclusiveTax,
    total_excluding_tax: subtotal - discountTotal - inclusiveTax,
    total: subtotal - discountTotal + exclusiveTax,
    total_discount_amounts: totalDiscountAmounts(discountShares),
    total_taxes: aggregateTaxes(calculations.flatMap((c) => c.taxes)),
  };
}

/** One entry per tax rate and behaviour, amounts and taxable amounts summed, in order of first appearance. */
function aggregateTaxes(taxes: readonly LineTax[]): LineTax[] {
  const byRate = new Map<string, LineTax>();
  for (const tax of taxes) {
    const key = `${tax.tax_rate_details.tax_rate}:${tax.tax_behavior}`;
    const seen = byRate.get(key);
    if (seen) byRate.set(key, { ...seen, amount: seen.amount + tax.amount, taxable_amount: seen.taxable_amount + tax.taxable_amount });
    else byRate.set(key, { ...tax, tax_rate_details: { ...tax.tax_rate_details } });
  }
  return [...byRate.values()];
}

function sumOf(values: readonly { amount: number }[]): number {
  return values.reduce((sum, v) => sum + v.amount, 0);
}
