/**
 * What each kind of invoice line shows in a table: a title a person understands ("Local numbers (US)", "Calls to the
 * UK"), a quantity in its own unit (numbers, minutes, calls), and a unit price in major units. Every renderer reads
 * lines through this, so a line reads the same in the PDF, the CSV and the XLSX.
 */
import { minorUnits } from '../../../core/money';
import { minorDecimalToMajor, minutesOf } from './document-format';
import type { InvoiceDocumentLine } from './invoice-document';
import type { UsageBreakdown } from './usage-breakdown';

/** A line as a table row shows it. */
export interface PresentedLine {
  /** What the line bills, for a person. */
  readonly title: string;
  /** The provider's description where it says more than the title (a proration's what and since when); else ''. */
  readonly detail: string;
  /** Units billed in {@link unit}; null when the line has no quantity. */
  readonly quantity: number | null;
  /** `numbers`, `min`, `calls`, `fee`, `units`. */
  readonly unit: string;
  /** Price of one unit in major units, exact decimal text (`0.0085`); null when tiered or unknown. */
  readonly unitPrice: string | null;
}

const NUMBER_TYPE_WORDS: Readonly<Record<string, string>> = { local: 'Local', mobile: 'Mobile', tollFree: 'Toll-free' };

/** A line's title, quantity and unit price; `usage` supplies the rate card's names for minute lines. */
export function presentLine(line: InvoiceDocumentLine, currency: string, usage?: UsageBreakdown): PresentedLine {
  const major = (minor: string | null) => (minor === null ? null : minorDecimalToMajor(minor, currency));
  const wholeMajor = (amountMinor: number) => minorDecimalToMajor(String(amountMinor), currency);
  const detail = '';
  switch (line.kind) {
    case 'numbers':
      return { title: `${NUMBER_TYPE_WORDS[line.numberType] ?? line.numberType} numbers (${line.country})`, detail, quantity: line.quantity, unit: 'numbers', unitPrice: wholeMajor(line.unitAmount.amountMinor) };
    case 'minutes': {
      const named = usage?.byRateClass.find((c) => c.rateClass === line.rateClass)?.description;
      const title = named ?? (line.direction === 'outbound' ? `Outbound calls to +${line.prefix}` : `Inbound calls from +${line.prefix}`);
      return { title, detail, quantity: minutesOf(line.billableSeconds), unit: 'min', unitPrice: major(line.perMinute) };
    }
    case 'connect-fee':
      return { title: 'Connect fee per answered call', detail, quantity: line.answeredCalls, unit: 'calls', unitPrice: major(line.perCall) };
    case 'setup-fee': {
      const what = line.number ?? (line.country && line.numberType ? `${NUMBER_TYPE_WORDS[line.numberType] ?? line.numberType} number (${line.country})` : 'number');
      return { title: `Setup fee, ${what}`, detail, quantity: 1, unit: 'fee', unitPrice: wholeMajor(line.amount.amountMinor) };
    }
    case 'proration':
      return { title: 'Proration', detail: line.description, quantity: line.quantity, unit: 'numbers', unitPrice: null };
    case 'other':
      return { title: line.description || 'Charge', detail: '', quantity: line.quantity, unit: 'units', unitPrice: major(line.unitAmountDecimal) };
  }
}

/** A quantity with its unit for people, singular for one: "1 number", "855.1 min", "251 calls". */
export function quantityWithUnit(quantity: number, unit: string, formatted: string): string {
  const singular: Readonly<Record<string, string>> = { numbers: 'number', calls: 'call', units: 'unit', fees: 'fee' };
  return `${formatted} ${quantity === 1 ? (singular[unit] ?? unit) : unit}`;
}

/** Decimals a unit price needs to show exactly: the currency's, or more for fractional per-minute prices. */
export function unitPriceDecimals(unitPrice: string, currency: string): number {
  return Math.max(minorUnits(currency), (unitPrice.split('.')[1] ?? '').length);
}
