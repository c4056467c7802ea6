/**
 * The columns of a calls export, once for the CSV and the XLSX Calls sheet: header, width and kind of each, and how
 * its value is read from a {@link UsageCall}. A value is typed (a Date, a count, an amount as exact major-unit
 * text), and each writer turns it into its own form: ISO text and decimals in CSV, dates and numbers in XLSX.
 */
import { minorDecimalToMajor } from './document-format';
import type { UsageCall } from './usage-breakdown';

/** How a column's value is written. */
export type CallColumnKind = 'datetime' | 'text' | 'count' | 'amount';

/** A column's value: a Date for `datetime`, a number for `count`, exact major-unit text for `amount`, else text. */
export type CallColumnValue = Date | number | string | null;

/** One column of the calls export. */
export interface CallColumn {
  readonly header: string;
  readonly kind: CallColumnKind;
  /** Width in characters, for spreadsheets. */
  readonly width: number;
  readonly value: (call: UsageCall, currency: string) => CallColumnValue;
}

/** Every column, in order. */
export const CALL_COLUMNS: readonly CallColumn[] = [
  { header: 'started_at', kind: 'datetime', width: 20, value: (c) => c.startedAt },
  { header: 'carrier', kind: 'text', width: 9, value: (c) => c.carrier ?? null },
  { header: 'call_id', kind: 'text', width: 36, value: (c) => c.callId ?? null },
  { header: 'direction', kind: 'text', width: 9, value: (c) => c.direction },
  { header: 'number', kind: 'text', width: 16, value: (c) => c.number },
  { header: 'other_party', kind: 'text', width: 16, value: (c) => c.otherParty },
  { header: 'duration_seconds', kind: 'count', width: 10, value: (c) => (Number.isFinite(c.durationSeconds) ? c.durationSeconds : null) },
  { header: 'billable_seconds', kind: 'count', width: 10, value: (c) => (c.rating.kind === 'rated' ? c.rating.billableSeconds : null) },
  { header: 'rate_class', kind: 'text', width: 10, value: (c) => (c.rating.kind === 'rated' ? c.rating.rateClass : null) },
  { header: 'amount', kind: 'amount', width: 12, value: (c, currency) => (c.amountMinor === undefined ? null : minorDecimalToMajor(c.amountMinor, currency)) },
  { header: 'currency', kind: 'text', width: 8, value: (_c, currency) => currency },
  { header: 'unrated_reason', kind: 'text', width: 18, value: (c) => (c.rating.kind === 'unrated' ? c.rating.reason : null) },
];
