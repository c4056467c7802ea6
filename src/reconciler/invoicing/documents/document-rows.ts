/**
 * The rows every rendering prints, derived once from the model: the invoice's totals in the order a reader checks
 * them (subtotal, discounts, tax, total, then what the balance and credit notes change, and what is due), and the
 * usage breakdown as one table. The PDF, the CSV and the XLSX each lay these rows out; none decides what they are.
 */
import { money, type Money } from '../../../core/money';
import type { CallDirection } from '../../../billing/rating';
import type { InvoiceDocument } from './invoice-document';
import type { UsageCounts } from './usage-breakdown';

/** One row of the totals, signed as it acts on the total (discounts negative). */
export interface TotalRow {
  /** Machine name: `subtotal`, `discount`, `credits`, `tax`, `total`, `included_tax`, `credit_notes`, `balance_applied`, `amount_due`, `amount_paid`, `amount_remaining`. */
  readonly kind: string;
  /** For people: "Subtotal", "Launch offer (10% off)", "Sales tax NY 8.875%", "Credit applied". */
  readonly label: string;
  readonly amount: Money;
  /** The rows a reader looks for first: the total and the amount due. */
  readonly emphasis: boolean;
}

/** The totals block, zero rows that mean nothing for this invoice left out (no credit notes, no balance). */
export function totalRows(doc: InvoiceDocument): TotalRow[] {
  const t = doc.totals;
  const negative = (m: Money) => money(-m.amountMinor, m.currency);
  const rows: TotalRow[] = [{ kind: 'subtotal', label: 'Subtotal', amount: t.subtotal, emphasis: false }];
  for (const d of doc.discounts) rows.push({ kind: 'discount', label: d.label, amount: negative(d.amount), emphasis: false });
  if (t.credits.amountMinor !== 0) rows.push({ kind: 'credits', label: 'Credits', amount: negative(t.credits), emphasis: false });
  for (const tax of doc.taxes.filter((x) => !x.inclusive)) rows.push({ kind: 'tax', label: tax.label, amount: tax.amount, emphasis: false });
  rows.push({ kind: 'total', label: 'Total', amount: t.total, emphasis: true });
  for (const tax of doc.taxes.filter((x) => x.inclusive)) rows.push({ kind: 'included_tax', label: `Includes ${tax.label.replace(/ \(included\)$/, '')}`, amount: tax.amount, emphasis: false });
  if (t.creditNotes.amountMinor !== 0) rows.push({ kind: 'credit_notes', label: 'Credit notes', amount: negative(t.creditNotes), emphasis: false });
  if (t.balanceApplied.amountMinor !== 0) {
    rows.push({ kind: 'balance_applied', label: t.balanceApplied.amountMinor < 0 ? 'Credit applied' : 'Previous balance', amount: t.balanceApplied, emphasis: false });
  }
  rows.push({ kind: 'amount_due', label: 'Amount due', amount: t.amountDue, emphasis: true });
  if (t.amountPaid.amountMinor !== 0) {
    rows.push({ kind: 'amount_paid', label: 'Amount paid', amount: negative(t.amountPaid), emphasis: false });
    rows.push({ kind: 'amount_remaining', label: 'Amount remaining', amount: t.amountRemaining, emphasis: false });
  }
  return rows;
}

/** One row of the usage table. */
export interface UsageRow extends UsageCounts {
  /** `total`, `direction`, `rate_class`, `number`, `day`, `unrated_reason`, `unrated_call`. */
  readonly group: string;
  /** The group's key: the direction, the class key, the number, the day, the reason; a call's start for `unrated_call`. */
  readonly key: string;
  readonly direction: CallDirection | null;
  /** For rate classes, the card's name; for unrated calls, what is missing. */
  readonly label: string | null;
  /** For unrated calls: our number and the other party. */
  readonly number: string | null;
  readonly otherParty: string | null;
}

const directions: readonly CallDirection[] = ['inbound', 'outbound'];

/** The usage breakdown as one table, group by group; numbers and days get one row per direction that has calls. */
export function* usageRows(doc: InvoiceDocument): Generator<UsageRow> {
  const u = doc.usage;
  const row = (group: string, key: string, direction: CallDirection | null, counts: UsageCounts, extra: Partial<UsageRow> = {}): UsageRow => ({
    group,
    key,
    direction,
    label: null,
    number: null,
    otherParty: null,
    calls: counts.calls,
    answeredCalls: counts.answeredCalls,
    durationSeconds: counts.durationSeconds,
    billableSeconds: counts.billableSeconds,
    ...extra,
  });
  yield row('total', 'all', null, u.total);
  for (const d of directions) yield row('direction', d, d, u.byDirection[d]);
  for (const c of u.byRateClass) yield row('rate_class', c.rateClass, c.direction, c, { label: c.description });
  for (const n of u.byNumber) for (const d of directions) if (n[d].calls > 0) yield row('number', n.number, d, n[d]);
  for (const day of u.byDay) for (const d of directions) if (day[d].calls > 0) yield row('day', day.day, d, day[d]);
  for (const r of u.unrated.byReason) yield row('unrated_reason', r.reason, null, { calls: r.calls, answeredCalls: 0, durationSeconds: 0, billableSeconds: 0 });
  for (const call of u.unrated.listed) {
    const answered = call.durationSeconds > 0 ? 1 : 0;
    yield row('unrated_call', call.startedAt.toISOString(), call.direction, { calls: 1, answeredCalls: answered, durationSeconds: answered ? call.durationSeconds : 0, billableSeconds: 0 }, {
      label: call.summary ? `${call.reason}: ${call.summary}` : call.reason,
      number: call.number,
      otherParty: call.otherParty,
    });
  }
}
