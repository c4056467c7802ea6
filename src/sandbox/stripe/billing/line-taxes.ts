/**
 * Tax of one invoice line from its tax rates, in the `taxes[]` shape of API 2026-10-28 (InvoiceLineItem.Tax).
 *
 * Exclusive rates add to the line: tax = round(taxable × percentage / 100), per line and rate, half up.
 * Inclusive rates are inside the line amount: the taxable base is round(amount / (1 + Σp/100)) over the line's
 * inclusive rates, and their tax is what is left (amount − base), so base + inclusive tax is the amount to the cent.
 * With several inclusive rates each gets round(base × p/100) and the last absorbs the cent the roundings lose.
 * Exclusive rates are charged on the base net of inclusive tax (equal to the amount when there is none).
 * The amount taxed is the line's amount after its discounts.
 */
import Decimal from 'decimal.js';
import { roundMinorUnits } from './price-amount';

/** The fields of a Stripe tax rate that decide the tax. */
export interface TaxRateTerms {
  id: string;
  /** Percentage as Stripe stores it (a number such as 8.875). */
  percentage: number;
  inclusive: boolean;
}

/** One tax of a line, exactly as Stripe's `InvoiceLineItem.Tax` / `Invoice.TotalTax`. */
export interface LineTax {
  amount: number;
  tax_behavior: 'exclusive' | 'inclusive';
  tax_rate_details: { tax_rate: string };
  /** Manual tax rates carry no Stripe Tax reasoning. */
  taxability_reason: 'not_available';
  taxable_amount: number;
  type: 'tax_rate_details';
}

/** The taxes of a line whose amount after discounts is `amount`, one entry per rate, inclusive rates first. */
export function lineTaxes(amount: number, rates: readonly TaxRateTerms[]): LineTax[] {
  const inclusive = rates.filter((r) => r.inclusive);
  const exclusive = rates.filter((r) => !r.inclusive);
  const taxes: LineTax[] = [];
  let base = amount;
  if (inclusive.length > 0) {
    const totalPercent = inclusive.reduce((sum, r) => sum.plus(r.percentage), new Decimal(0));
    base = roundMinorUnits(new Decimal(amount).dividedBy(totalPercent.dividedBy(100).plus(1)));
    let remaining = amount - base;
    inclusive.forEach((rate, index) => {
      const share = index === inclusive.length - 1 ? remaining : roundMinorUnits(new Decimal(base).times(rate.percentage).dividedBy(100));
      remaining -= share;
      taxes.push(taxEntry(rate, share, base));
    });
  }
  for (const rate of exclusive) {
    taxes.push(taxEntry(rate, roundMinorUnits(new Decimal(base).times(rate.percentage).dividedBy(100)), base));
  }
  return taxes;
}

/** Sum of a line's exclusive taxes (what it adds to the invoice total). */
export function exclusiveTaxOf(taxes: readonly LineTax[]): number {
  return taxes.filter((t) => t.tax_behavior === 'exclusive').reduce((sum, t) => sum + t.amount, 0);
}

/** Sum of a line's inclusive taxes (already inside its amount). */
export function inclusiveTaxOf(taxes: readonly LineTax[]): number {
  return taxes.filter((t) => t.tax_behavior === 'inclusive').reduce((sum, t) => sum + t.amount, 0);
}

/**
 * The tax rates that apply to a line: its own when it has any, otherwise the invoice's (or subscription's) defaults,
 * as Stripe does (`default_tax_rates` fill in only where a line names none).
 */
export function effectiveTaxRates<T>(lineRates: readonly T[] | null | undefined, defaultRates: readonly T[] | null | undefined): readonly T[] {
  return lineRates && lineRates.length > 0 ? lineRates : (defaultRates ?? []);
}

function taxEntry(rate: TaxRateTerms, amount: number, taxable: number): LineTax {
  return {
    amount,
    tax_behavior: rate.inclusive ? 'inclusive' : 'exclusive',
    tax_rate_details: { tax_rate: rate.id },
    taxability_reason: 'not_available',
    taxable_amount: taxable,
    type: 'tax_rate_details',
  };
}
