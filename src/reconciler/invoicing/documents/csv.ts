/**
 * The invoice document as CSV (RFC 4180, UTF-8, CRLF): the invoice (one record per line, then one per total), the
 * usage breakdown (one table of groups), and the period's calls, streamed a record at a time. Amounts are exact
 * decimal text in major units (`12.34`), never a float's rounding; instants are ISO 8601 UTC.
 */
import type { Writable } from 'node:stream';
import { toDecimalString } from '../../../core/money';
import { CALL_COLUMNS } from './call-columns';
import { writeCsv, type CsvValue } from './csv-writer';
import { totalRows, usageRows } from './document-rows';
import type { InvoiceDocument } from './invoice-document';
import { presentLine } from './line-presentation';
import type { UsageCall } from './usage-breakdown';

/** Columns of the invoice CSV. */
export const INVOICE_CSV_HEADER = ['invoice', 'record', 'kind', 'title', 'description', 'quantity', 'unit', 'unit_price', 'amount', 'discount', 'currency', 'period_start', 'period_end', 'line_id'] as const;

/** Columns of the usage CSV. */
export const USAGE_CSV_HEADER = ['group', 'key', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'billable_seconds', 'billable_minutes', 'label', 'number', 'other_party'] as const;

/** Columns of the calls CSV. */
export const CALLS_CSV_HEADER: readonly string[] = CALL_COLUMNS.map((c) => c.header);

/** Writes the invoice: one record per line as the provider bills it, then the totals; ends `out`. */
export async function renderInvoiceCsv(doc: InvoiceDocument, out: Writable): Promise<void> {
  const invoice = doc.source.number ?? doc.source.invoiceId;
  const records: CsvValue[][] = doc.lines.map((line) => {
    const shown = presentLine(line, doc.currency, doc.usage);
    return [
      invoice,
      'line',
      line.kind,
      shown.title,
      line.description,
      shown.quantity,
      shown.unit,
      shown.unitPrice,
      toDecimalString(line.amount),
      toDecimalString(line.discount),
      doc.currency,
      line.period.start.toISOString(),
      line.period.end.toISOString(),
      line.id,
    ];
  });
  for (const row of totalRows(doc)) {
    records.push([invoice, 'total', row.kind, row.label, null, null, null, null, toDecimalString(row.amount), null, doc.currency, doc.period.start.toISOString(), doc.period.end.toISOString(), null]);
  }
  await writeCsv(out, INVOICE_CSV_HEADER, records);
}

/** Writes the usage breakdown as one table (see document-rows.ts for its groups); ends `out`. */
export async function renderUsageCsv(doc: InvoiceDocument, out: Writable): Promise<void> {
  const records = function* (): Generator<CsvValue[]> {
    for (const r of usageRows(doc)) {
      yield [r.group, r.key, r.direction, r.calls, r.answeredCalls, r.durationSeconds, r.billableSeconds, minutesText(r.billableSeconds), r.label, r.number, r.otherParty];
    }
  };
  await writeCsv(out, USAGE_CSV_HEADER, records());
}

/**
 * Streams calls as CSV, one record per call as they arrive (a database cursor: memory stays flat whatever the
 * count); ends `out` and resolves with the number of calls written.
 */
export async function renderCallsCsv(calls: Iterable<UsageCall> | AsyncIterable<UsageCall>, out: Writable, currency: string): Promise<number> {
  const records = async function* (): AsyncGenerator<CsvValue[]> {
    for await (const call of calls) {
      yield CALL_COLUMNS.map((column) => {
        const value = column.value(call, currency);
        return value instanceof Date ? value.toISOString() : value;
      });
    }
  };
  return writeCsv(out, CALLS_CSV_HEADER, records());
}

/** Billable minutes as exact-enough text: seconds / 60 with at most 4 decimals, trailing zeros dropped. */
function minutesText(seconds: number): string {
  return String(Number((seconds / 60).toFixed(4)));
}
