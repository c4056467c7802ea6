/**
 * The invoice document as an XLSX workbook with three sheets: Invoice (who, when, the lines, the totals), Usage (the
 * breakdown as one table) and Calls (every call, streamed). Amounts are numbers with the currency's format, counts
 * are numbers and dates are dates, so a reader can sum and filter; never text that looks like a number.
 *
 * Written with exceljs's streaming WorkbookWriter: each row is committed as it is made, and the calls are read from
 * an async iterable and written with the output's backpressure honoured, so a million calls keep memory flat.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { minorUnits } from '../../../core/money';
import { CALL_COLUMNS } from './call-columns';
import { totalRows, usageRows } from './document-rows';
import { majorUnits, minutesOf, resolveRenderOptions, spreadsheetCurrencyFormat, type RenderOptions } from './document-format';
import type { InvoiceDocument } from './invoice-document';
import { presentLine, unitPriceDecimals } from './line-presentation';
import type { UsageCall } from './usage-breakdown';

/** Options of {@link renderInvoiceXlsx}. */
export interface XlsxOptions extends RenderOptions {
  /** The period's calls for the Calls sheet, read once, a row at a time; without them the sheet holds its header. */
  readonly calls?: Iterable<UsageCall> | AsyncIterable<UsageCall>;
}

/** Rows between checks of the output's backpressure. */
const ROWS_PER_YIELD = 1000;
const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };

/** Writes the workbook to `out` and ends it; resolves with the number of calls written once `out` has finished. */
export async function renderInvoiceXlsx(doc: InvoiceDocument, out: Writable, options: XlsxOptions = {}): Promise<{ calls: number }> {
  const resolved = resolveRenderOptions(options, doc.usage.timeZone);
  const money = spreadsheetCurrencyFormat(doc.currency, resolved.locale);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = 'didops';
  writeInvoiceSheet(workbook.addWorksheet('Invoice', { views: [{ showGridLines: false }] }), doc, money, resolved.locale);
  writeUsageSheet(workbook.addWorksheet('Usage', { views: [{ state: 'frozen', ySplit: 1 }] }), doc);
  const calls = await writeCallsSheet(workbook.addWorksheet('Calls', { views: [{ state: 'frozen', ySplit: 1 }] }), doc.currency, resolved.locale, options.calls ?? [], out);
  await workbook.commit();
  return { calls };
}

/**
 * Writes a workbook with the Calls sheet alone (a call log export, the same columns as an invoice's Calls sheet) and
 * ends `out`; resolves with the number of calls written once `out` has finished.
 */
export async function renderCallsXlsx(calls: Iterable<UsageCall> | AsyncIterable<UsageCall>, out: Writable, currency: string, options: RenderOptions = {}): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  workbook.creator = 'didops';
  const written = await writeCallsSheet(workbook.addWorksheet('Calls', { views: [{ state: 'frozen', ySplit: 1 }] }), currency, resolveRenderOptions(options).locale, calls, out);
  await workbook.commit();
  return written;
}

function writeInvoiceSheet(sheet: ExcelJS.Worksheet, doc: InvoiceDocument, money: string, locale: string): void {
  sheet.columns = [{ width: 16 }, { width: 34 }, { width: 40 }, { width: 11 }, { width: 9 }, { width: 13 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const title = sheet.addRow(['Invoice', doc.source.number ?? `${doc.source.invoiceId} (${doc.source.status})`]);
  title.font = { bold: true, size: 16 };
  title.commit();
  const address = doc.account.address;
  const facts: [string, ExcelJS.CellValue][] = [
    ['Issuer', doc.issuer.name],
    ['Bill to', doc.account.name ?? doc.account.customerId],
    ['Customer id', doc.account.customerId],
    ['Address', address ? [address.line1, address.line2, address.city, address.state, address.postalCode, address.country].filter(Boolean).join(', ') : null],
    ['Tax ids', doc.account.taxIds.map((t) => `${t.type} ${t.value}`).join('; ') || null],
    ['Period start', doc.period.start],
    ['Period end', doc.period.end],
    ['Issued', doc.issuedAt],
    ['Due', doc.dueAt],
    ['Status', doc.source.status],
    ['Stripe invoice', doc.source.invoiceId],
    ['Currency', doc.currency],
  ];
  for (const [label, value] of facts) {
    if (value === null || value === '') continue;
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = HEADER_FONT;
    if (value instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
    row.commit();
  }
  sheet.addRow([]).commit();
  const header = sheet.addRow(['Kind', 'Item', 'Description', 'Quantity', 'Unit', 'Unit price', 'Amount', 'Discount', 'From', 'To']);
  styleHeader(header);
  header.commit();
  for (const line of doc.lines) {
    const shown = presentLine(line, doc.currency, doc.usage);
    const row = sheet.addRow([
      line.kind,
      shown.title,
      line.description,
      shown.quantity,
      shown.unit,
      shown.unitPrice === null ? null : Number(shown.unitPrice),
      majorUnits(line.amount),
      line.discount.amountMinor === 0 ? null : majorUnits(line.discount),
      line.period.start,
      line.period.end,
    ]);
    row.getCell(4).numFmt = '#,##0.####';
    row.getCell(6).numFmt = shown.unitPrice === null ? money : spreadsheetCurrencyFormat(doc.currency, locale, unitPriceDecimals(shown.unitPrice, doc.currency));
    row.getCell(7).numFmt = money;
    row.getCell(8).numFmt = money;
    row.getCell(9).numFmt = DATE_FORMAT;
    row.getCell(10).numFmt = DATE_FORMAT;
    row.commit();
  }
  sheet.addRow([]).commit();
  for (const total of totalRows(doc)) {
    const row = sheet.addRow([null, total.label, null, null, null, null, majorUnits(total.amount)]);
    row.getCell(7).numFmt = money;
    if (total.emphasis) row.font = { bold: true };
    row.commit();
  }
  sheet.commit();
}

function writeUsageSheet(sheet: ExcelJS.Worksheet, doc: InvoiceDocument): void {
  sheet.columns = [
    { header: 'Group', width: 15 },
    { header: 'Key', width: 24 },
    { header: 'Direction', width: 10 },
    { header: 'Calls', width: 10, style: { numFmt: '#,##0' } },
    { header: 'Answered', width: 10, style: { numFmt: '#,##0' } },
    { header: 'Duration (s)', width: 13, style: { numFmt: '#,##0' } },
    { header: 'Billable (s)', width: 13, style: { numFmt: '#,##0' } },
    { header: 'Billable (min)', width: 14, style: { numFmt: '#,##0.00' } },
    { header: 'Label', width: 40 },
    { header: 'Number', width: 16 },
    { header: 'Other party', width: 16 },
  ];
  styleHeader(sheet.getRow(1));
  for (const r of usageRows(doc)) {
    sheet.addRow([r.group, r.key, r.direction, r.calls, r.answeredCalls, r.durationSeconds, r.billableSeconds, minutesOf(r.billableSeconds), r.label, r.number, r.otherParty]).commit();
  }
  sheet.commit();
}

async function writeCallsSheet(sheet: ExcelJS.Worksheet, currency: string, locale: string, calls: Iterable<UsageCall> | AsyncIterable<UsageCall>, out: Writable): Promise<number> {
  // A call's exact price is a fraction of a minor unit: four more decimals than the currency's.
  const amount = spreadsheetCurrencyFormat(currency, locale, minorUnits(currency) + 4);
  sheet.columns = CALL_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.kind === 'datetime' ? { numFmt: DATETIME_FORMAT } : c.kind === 'amount' ? { numFmt: amount } : c.kind === 'count' ? { numFmt: '#,##0' } : {},
  }));
  styleHeader(sheet.getRow(1));
  let written = 0;
  for await (const call of calls) {
    sheet.addRow(CALL_COLUMNS.map((c) => {
      const value = c.value(call, currency);
      return c.kind === 'amount' && typeof value === 'string' ? Number(value) : value;
    })).commit();
    written += 1;
    if (written % ROWS_PER_YIELD === 0) await caughtUp(sheet, out);
  }
  sheet.commit();
  return written;
}

/**
 * Waits until the zip has taken what the sheet wrote. exceljs writes a sheet's XML into the zip entry's input without
 * heeding backpressure, so rows made faster than the zip deflates (or than `out` takes them) would pile up there,
 * outside the JS heap; the entry's input (the stream exceljs pipes the sheet into) says when it is full. Without it
 * (another exceljs), the output's own backpressure and a turn of the event loop are the fallback.
 */
async function caughtUp(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  // archiver's entry is a readable-stream v2 PassThrough: its state says what Node's `writableNeedDrain` would.
  type Entry = Writable & { _writableState?: { needDrain?: boolean } };
  const entry = (sheet as unknown as { stream?: { pipes?: Entry[] } }).stream?.pipes?.[0];
  if (entry?._writableState?.needDrain ?? entry?.writableNeedDrain) await once(entry!, 'drain');
  else if (out.writableNeedDrain) await once(out, 'drain');
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = HEADER_FONT;
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
}
