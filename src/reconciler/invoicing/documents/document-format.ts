/**
 * How the documents write amounts, prices, minutes and dates: one place, so the PDF, the CSV and the XLSX print the
 * same values the same way. Amounts are exact (integer minor units shifted by the currency's decimals, never a
 * float's text); a localised form goes through Intl. Machine-readable forms (CSV, XLSX cells) use plain decimals
 * and ISO dates.
 */
import { ExactDecimal } from '../../../billing/rating/exact-decimal';
import { ValidationError } from '../../../core/errors';
import { formatMoney, minorUnits, type Money } from '../../../core/money';
import type { DocumentPeriod } from './invoice-document';

/** Locale and zone of a rendering. */
export interface RenderOptions {
  /** BCP 47 locale of amounts and dates (default `en-US`). */
  readonly locale?: string;
  /** IANA zone of dates (default: the usage breakdown's, else `UTC`). */
  readonly timeZone?: string;
}

/** The locale and zone a rendering uses. */
export interface ResolvedRenderOptions {
  readonly locale: string;
  readonly timeZone: string;
}

/** Fills the defaults of {@link RenderOptions}. */
export function resolveRenderOptions(options: RenderOptions, usageTimeZone?: string): ResolvedRenderOptions {
  return { locale: options.locale ?? 'en-US', timeZone: options.timeZone ?? usageTimeZone ?? 'UTC' };
}

/** `$1,234.56`, `1.234,56 €`, `¥500`: the amount in the currency's own style for the locale. */
export function formatAmount(value: Money, locale: string): string {
  return formatMoney(value, { locale });
}

/** The amount in major units as a number, for spreadsheet cells (exact to the cent for any invoice amount). */
export function majorUnits(value: Money): number {
  return value.amountMinor / 10 ** minorUnits(value.currency);
}

/** Minor units, maybe with a fraction ("0.85" cents), as exact major-unit decimal text ("0.0085" dollars; "120" is "1.20"). */
export function minorDecimalToMajor(minor: string, currency: string): string {
  const digits = minorUnits(currency);
  const major = new ExactDecimal(minor).div(10 ** digits);
  return major.toFixed(Math.max(digits, major.decimalPlaces()));
}

/** A unit price given in major-unit decimal text, in the currency's style, with as many decimals as it has (`$0.0085`). */
export function formatUnitPrice(major: string, currency: string, locale: string): string {
  const digits = minorUnits(currency);
  const decimals = Math.min(Math.max(digits, (major.split('.')[1] ?? '').length), 12);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: decimals }).format(Number(major));
}

/**
 * A spreadsheet number format showing the currency: `"$"#,##0.00` (symbol before or after as the locale writes it),
 * with the currency's decimals or `decimals` when a price needs more.
 */
export function spreadsheetCurrencyFormat(currency: string, locale: string, decimals = minorUnits(currency)): string {
  const digits = decimals;
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1);
  const symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
  const number = digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
  const symbolFirst = parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer');
  const quoted = `"${symbol.replace(/"/g, '')}"`;
  const positive = symbolFirst ? `${quoted}${number}` : `${number} ${quoted}`;
  return `${positive};-${positive}`;
}

/** Billable seconds as minutes (125.5 for 7,530 s). */
export function minutesOf(seconds: number): number {
  return seconds / 60;
}

/** Minutes for people, two decimals so that a column of them aligns: `125.50`, `1,204.00`. */
export function formatMinutes(seconds: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minutesOf(seconds));
}

/** A count for people: `12,345`. */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value);
}

/**
 * `YYYY-MM-DD` of an instant in an IANA zone, the form of days in CSV and spreadsheets and the key of the usage by
 * day: made once per zone, UTC by slicing the ISO form (the hot path of a million calls).
 */
export function dayFormatter(timeZone: string): (at: Date) => string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return (at) => at.toISOString().slice(0, 10);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw new ValidationError({ field: 'timeZone', summary: `"${timeZone}" is not an IANA time zone`, detail: 'give a zone such as "UTC", "Europe/Berlin" or "America/New_York"' });
  }
  return (at) => format.format(at);
}

/** `1 May 2026` (in the locale's words) of an instant in a zone. */
export function formatDay(at: Date, options: ResolvedRenderOptions): string {
  return new Intl.DateTimeFormat(options.locale, { timeZone: options.timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(at);
}

/** `May 6, 2026, 02:45` (in the locale's words) of an instant in a zone. */
export function formatDateTime(at: Date, options: ResolvedRenderOptions): string {
  return new Intl.DateTimeFormat(options.locale, { timeZone: options.timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/**
 * A period for people: its first and LAST day (`1 May 2026 – 31 May 2026`), since a period ends at the first instant
 * of the day after it.
 */
export function formatPeriod(period: DocumentPeriod, options: ResolvedRenderOptions): string {
  const lastInstant = new Date(Math.max(period.start.getTime(), period.end.getTime() - 1));
  const first = formatDay(period.start, options);
  const last = formatDay(lastInstant, options);
  return first === last ? first : `${first} – ${last}`;
}

/** A period as ISO instants, for machine-readable columns. */
export function isoPeriod(period: DocumentPeriod): { start: string; end: string } {
  return { start: period.start.toISOString(), end: period.end.toISOString() };
}
