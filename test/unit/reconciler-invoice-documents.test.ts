/**
 * didops' invoice document: one model built from the provider's invoice and the rated calls, rendered as PDF, CSV
 * and XLSX, each read back (PDF.js for the PDF's text, fast-csv, exceljs's reader) and compared with the model to the
 * cent. The invoice here is in the billing port's terms, consistent as Stripe makes them; the sandbox story is in
 * test/integration/reconciler-invoice-documents.test.ts.
 */
import ExcelJS from 'exceljs';
import { money, toDecimalString } from '../../src/core/money';
import {
  invoiceDocumentFrom,
  renderCallsCsv,
  renderInvoiceCsv,
  renderInvoiceXlsx,
  renderInvoicePdf,
  renderUsageCsv,
  tallyUsage,
  totalRows,
  type InvoiceDocument,
} from '../../src/reconciler/invoicing/documents';
import { pdfAmount, pdfText } from '../../src/reconciler/invoicing/documents/pdf-text';
import { csvRecords, documentCard, invoiceFor, monthOfCalls, pdfPages, rendered } from '../support/invoice-documents';

const card = documentCard();
const MAY = { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-06-01T00:00:00Z') };

/** The document of May for `calls` calls, with `extraSetupFees` more lines to make the table long. */
async function mayDocument(calls = 400, extraSetupFees = 0, customerName?: string): Promise<InvoiceDocument> {
  const invoice = invoiceFor(card, monthOfCalls(card, calls), { extraSetupFees, customerName });
  return invoiceDocumentFrom(invoice, await tallyUsage(monthOfCalls(card, calls), { card, period: MAY, unratedListLimit: 20 }));
}

describe('the document is the provider’s invoice, line for line, with the usage behind it', () => {
  it('tells each line by what it bills and takes the minute lines’ seconds and prices from the rating', async () => {
    const doc = await mayDocument();
    expect(doc.lines.map((l) => l.kind)).toEqual(['numbers', 'numbers', 'minutes', 'minutes', 'minutes', 'connect-fee', 'setup-fee', 'setup-fee', 'proration']);
    expect(doc.lines[0]).toMatchObject({ kind: 'numbers', country: 'US', numberType: 'local', quantity: 3, unitAmount: money(120, 'USD'), discount: money(36, 'USD') });
    expect(doc.lines[6]).toMatchObject({ kind: 'setup-fee', number: '+14155550102' });
    expect(doc.lines[7]).toMatchObject({ kind: 'setup-fee', number: '+18885550123', country: 'US', numberType: 'tollFree' });
    const uk = doc.lines.find((l) => l.kind === 'minutes' && l.rateClass === 'out-44');
    expect(uk).toMatchObject({ direction: 'outbound', prefix: '44', perMinute: '0.85', billableSeconds: doc.usage.byRateClass[0].billableSeconds });
    // Every class billed what the calls rate to: nothing to report.
    expect(doc.usageDifferences).toEqual([]);
    // 10% off the numbers, 8.875% tax, a 5.00 credit from the balance.
    expect(doc.totals.total.amountMinor).toBe(doc.totals.subtotal.amountMinor - doc.totals.discount.amountMinor + doc.totals.tax.amountMinor);
    expect(doc.totals.balanceApplied).toEqual(money(-500, 'USD'));
    expect(doc.totals.amountDue.amountMinor).toBe(doc.totals.total.amountMinor - 500);
    expect(doc.discounts).toEqual([{ id: 'di_launch', label: 'Launch offer (10% off)', amount: doc.totals.discount }]);
    expect(doc.taxes[0]).toMatchObject({ label: 'Sales tax NY 8.875%', inclusive: false });
  });

  it('derives a minute line’s per-minute price from Stripe’s per-second price when the card is not at hand', async () => {
    const invoice = invoiceFor(card, monthOfCalls(card, 50));
    const doc = invoiceDocumentFrom(invoice, await tallyUsage(monthOfCalls(card, 50)));
    // 0.85 ¢ a minute is 0.014166666667 ¢ a second on Stripe (rounded up): × 60 gives the card's price back.
    expect(doc.lines.filter((l) => l.kind === 'minutes').map((l) => (l.kind === 'minutes' ? l.perMinute : null))).toEqual(['0.85', '1.3', '2']);
  });

  it('names a rate class whose billed seconds differ from the rated calls (usage not pushed yet)', async () => {
    const invoice = invoiceFor(card, monthOfCalls(card, 400));
    // The last two calls (one of them rated) are not in the records the reconciler rated.
    const doc = invoiceDocumentFrom(invoice, await tallyUsage(monthOfCalls(card, 398), { card }));
    expect(doc.usageDifferences.length).toBeGreaterThan(0);
    expect(doc.usageDifferences[0]).toMatchObject({ rateClass: expect.any(String), invoicedSeconds: expect.any(Number) });
  });

  it('refuses an invoice whose lines do not add up to its subtotal, as when a page of lines was not read', async () => {
    const invoice = invoiceFor(card, monthOfCalls(card, 50));
    const partial = { ...invoice, lines: invoice.lines.slice(0, 5) };
    const usage = await tallyUsage(monthOfCalls(card, 50), { card });
    expect(() => invoiceDocumentFrom(partial, usage)).toThrow(/lines of invoice in_doc0001 add up to \d+ but its subtotal is \d+.*read every page of the lines/s);
  });
});

describe('the usage breakdown', () => {
  it('counts every call once in each grouping and keeps the calls no rate covers with the reason', async () => {
    const usage = await tallyUsage(monthOfCalls(card, 400), { card, unratedListLimit: 20 });
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(usage.total.calls).toBe(400);
    expect(usage.byDirection.inbound.calls + usage.byDirection.outbound.calls).toBe(400);
    expect(sum(usage.byNumber.map((n) => n.inbound.calls + n.outbound.calls))).toBe(400);
    expect(sum(usage.byDay.map((d) => d.inbound.calls + d.outbound.calls))).toBe(400);
    expect(usage.byDay.map((d) => d.day)).toEqual(Array.from({ length: 31 }, (_, i) => `2026-05-${String(i + 1).padStart(2, '0')}`));
    // Every call is rated or kept as unrated; billable seconds are only the rated ones'.
    expect(sum(usage.byRateClass.map((c) => c.calls)) + usage.unrated.calls).toBe(400);
    expect(sum(usage.byRateClass.map((c) => c.billableSeconds))).toBe(usage.total.billableSeconds);
    expect(usage.unrated.byReason).toEqual([{ reason: 'no-matching-prefix', calls: usage.unrated.calls }]);
    expect(usage.unrated.listed).toHaveLength(20);
    expect(usage.unrated.listed[0].summary).toMatch(/no (inbound|outbound) rate covers \+\d+/);
    expect(usage.byRateClass.map((c) => [c.rateClass, c.description])).toEqual([['out-44', 'Calls to the UK'], ['out-1', 'Calls to the US and Canada'], ['in-1', null]]);
  });

  it('takes records as the Rate job stored them: a withheld caller, the reconciler’s own reasons, no summary', async () => {
    const stored = { direction: 'inbound', otherParty: null, durationSeconds: 42, startedAt: new Date('2026-05-03T10:00:00Z'), number: '+14155550100', rating: { kind: 'unrated', reason: 'no-account' } } as const;
    const usage = await tallyUsage([stored, { ...stored, rating: { kind: 'rated', rateClass: 'in-1', billableSeconds: 42 } }], { card });
    expect(usage.unrated).toMatchObject({ calls: 1, byReason: [{ reason: 'no-account', calls: 1 }], listed: [{ otherParty: null, reason: 'no-account', summary: null }] });
    const doc = invoiceDocumentFrom(invoiceFor(card, []), usage);
    const records = await csvRecords((await rendered((out) => renderUsageCsv(doc, out))).toString('utf8'));
    expect(records.find((r) => r[0] === 'unrated_call')).toEqual(['unrated_call', '2026-05-03T10:00:00.000Z', 'inbound', '1', '1', '42', '0', '0', 'no-account', '+14155550100', '']);
    const pages = await pdfPages(await rendered((out) => renderInvoicePdf(doc, out)));
    expect(pages.flat()).toContainEqual(expect.stringMatching(/^May 3, 2026, 10:00 \| In \| \+14155550100 \| withheld \| 42 s \| no-account$/));
  });

  it('counts days in the account’s time zone', async () => {
    const lateNight = { direction: 'outbound', otherParty: '+442079460000', durationSeconds: 60, startedAt: new Date('2026-05-01T23:30:00Z'), number: '+14155550100', rating: { kind: 'rated', rateClass: 'out-44', billableSeconds: 60 } } as const;
    expect((await tallyUsage([lateNight], { timeZone: 'Europe/Berlin' })).byDay.map((d) => d.day)).toEqual(['2026-05-02']);
    await expect(tallyUsage([lateNight], { timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone.*"Mars\/Olympus" is not an IANA time zone/s);
  });
});

describe('CSV', () => {
  it('writes one record per line and then the totals, which read back to the cent', async () => {
    const doc = await mayDocument(400, 0, 'Acme, "the phone people"');
    const [header, ...records] = await csvRecords((await rendered((out) => renderInvoiceCsv(doc, out))).toString('utf8'));
    expect(header).toEqual(['invoice', 'record', 'kind', 'title', 'description', 'quantity', 'unit', 'unit_price', 'amount', 'discount', 'currency', 'period_start', 'period_end', 'line_id']);
    const lines = records.filter((r) => r[1] === 'line');
    const totals = new Map(records.filter((r) => r[1] === 'total').map((r) => [r[2], r[8]]));
    expect(lines).toHaveLength(doc.lines.length);
    const cents = (text: string) => Math.round(Number(text) * 100);
    expect(lines.reduce((s, r) => s + cents(r[8]), 0)).toBe(doc.totals.subtotal.amountMinor);
    expect(totals.get('subtotal')).toBe(toDecimalString(doc.totals.subtotal));
    expect(totals.get('total')).toBe(toDecimalString(doc.totals.total));
    expect(totals.get('amount_due')).toBe(toDecimalString(doc.totals.amountDue));
    expect(totals.get('balance_applied')).toBe('-5.00');
    expect(lines[2]).toEqual(expect.arrayContaining(['minutes', 'Calls to the UK', 'min', '0.0085']));
  });

  it('quotes what needs quoting and ends records with CRLF', async () => {
    const doc = await mayDocument(40, 0, 'Acme, "the phone people"');
    const text = (await rendered((out) => renderInvoiceCsv(doc, out))).toString('utf8');
    expect(text.split('\r\n').length - 1).toBe(1 + doc.lines.length + totalRows(doc).length);
    expect(text).toContain('"Setup fee, +14155550102"');
  });

  it('writes the usage breakdown as one table whose groups each add up to the total', async () => {
    const doc = await mayDocument();
    const [header, ...records] = await csvRecords((await rendered((out) => renderUsageCsv(doc, out))).toString('utf8'));
    const calls = header.indexOf('calls');
    const billable = header.indexOf('billable_seconds');
    const group = (name: string) => records.filter((r) => r[0] === name);
    const total = (rows: string[][], column: number) => rows.reduce((s, r) => s + Number(r[column]), 0);
    expect(Number(group('total')[0][calls])).toBe(doc.usage.total.calls);
    for (const name of ['direction', 'number', 'day']) expect(total(group(name), calls)).toBe(doc.usage.total.calls);
    expect(total(group('rate_class'), billable)).toBe(doc.usage.total.billableSeconds);
    expect(total(group('rate_class'), calls) + total(group('unrated_reason'), calls)).toBe(doc.usage.total.calls);
    expect(group('unrated_call')).toHaveLength(20);
  });

  it('streams calls, one record each, with ISO times and exact amounts', async () => {
    const calls = [...monthOfCalls(card, 3)].map((c) => ({ ...c, amountMinor: '1.416666666667' }));
    const [header, first] = await csvRecords((await rendered((out) => renderCallsCsv(calls, out, 'USD'))).toString('utf8'));
    expect(header).toEqual(['started_at', 'carrier', 'call_id', 'direction', 'number', 'other_party', 'duration_seconds', 'billable_seconds', 'rate_class', 'amount', 'currency', 'unrated_reason']);
    expect(first).toEqual(['2026-05-01T00:00:00.000Z', 'twilio', 'CA00000000000000000000000000000000', 'inbound', '+14155550100', '+44207946000', '0', '', '', '0.01416666666667', 'USD', 'no-matching-prefix']);
  });
});

describe('XLSX', () => {
  it('has Invoice, Usage and Calls sheets whose amounts are numbers in the currency’s format, to the cent', async () => {
    const doc = await mayDocument();
    const xlsx = await rendered((out) => renderInvoiceXlsx(doc, out, { calls: monthOfCalls(card, 400) }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Invoice', 'Usage', 'Calls']);

    const sheet = book.getWorksheet('Invoice')!;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    const headerAt = rows.findIndex((r) => r.getCell(1).value === 'Kind');
    const lineRows = rows.slice(headerAt + 1, headerAt + 1 + doc.lines.length);
    expect(lineRows.map((r) => r.getCell(1).value)).toEqual(doc.lines.map((l) => l.kind));
    const amountCell = lineRows[0].getCell(7);
    expect(typeof amountCell.value).toBe('number');
    expect(amountCell.numFmt).toBe('"$"#,##0.00;-"$"#,##0.00');
    expect(lineRows.reduce((s, r) => s + Math.round((r.getCell(7).value as number) * 100), 0)).toBe(doc.totals.subtotal.amountMinor);
    const total = (label: string) => Math.round((rows.find((r) => r.getCell(2).value === label)!.getCell(7).value as number) * 100);
    expect(total('Subtotal')).toBe(doc.totals.subtotal.amountMinor);
    expect(total('Total')).toBe(doc.totals.total.amountMinor);
    expect(total('Amount due')).toBe(doc.totals.amountDue.amountMinor);
    expect(lineRows[2].getCell(6)).toMatchObject({ value: 0.0085, numFmt: '"$"#,##0.0000;-"$"#,##0.0000' });
    expect(rows.find((r) => r.getCell(1).value === 'Period start')!.getCell(2).value).toEqual(MAY.start);

    const usage = book.getWorksheet('Usage')!;
    expect(usage.getRow(2).values).toEqual([undefined, 'total', 'all', undefined, 400, doc.usage.total.answeredCalls, doc.usage.total.durationSeconds, doc.usage.total.billableSeconds, doc.usage.total.billableSeconds / 60]);

    const calls = book.getWorksheet('Calls')!;
    expect(calls.rowCount).toBe(401);
    expect(calls.getRow(2).getCell(1).value).toEqual(new Date('2026-05-01T00:00:00Z'));
    expect(calls.getRow(3).getCell(7).value).toBe([...monthOfCalls(card, 2)][1].durationSeconds);
  });
});

describe('PDF', () => {
  it('shows every line, the totals and the amount due, read back from its text to the cent', async () => {
    const doc = await mayDocument();
    const pages = await pdfPages(await rendered((out) => renderInvoicePdf(doc, out)));
    const text = pages.flat();
    const usd = (amountMinor: number) => pdfAmount(money(amountMinor, 'USD'), 'en-US');
    expect(text).toContainEqual(expect.stringMatching(/^didops Telecom \| INVOICE$/));
    expect(text).toContainEqual(`Invoice number | ${doc.source.number}`);
    expect(text).toContainEqual(`Subtotal | ${usd(doc.totals.subtotal.amountMinor)}`);
    expect(text).toContainEqual(`Launch offer (10% off) | ${usd(-doc.totals.discount.amountMinor)}`);
    expect(text).toContainEqual(`Sales tax NY 8.875% | ${usd(doc.totals.tax.amountMinor)}`);
    expect(text).toContainEqual(`Total | ${usd(doc.totals.total.amountMinor)}`);
    expect(text).toContainEqual(`Credit applied | ${usd(-500)}`);
    expect(text).toContainEqual(`Amount due | ${usd(doc.totals.amountDue.amountMinor)}`);
    // Each line's amount sits at the end of its title's row.
    for (const line of doc.lines) expect(text.some((row) => row.endsWith(`| ${usd(line.amount.amountMinor)}`))).toBe(true);
    expect(text).toContainEqual(expect.stringMatching(/^Calls to the UK \| [\d.]+ min \| \$0\.0085 \| \$[\d.]+$/));
    expect(pages.map((p) => p[p.length - 1])).toEqual(pages.map((_, i) => expect.stringMatching(new RegExp(`Page ${i + 1} of ${pages.length}$`))));
    expect(text).toContain('Usage breakdown');
    expect(text).toContainEqual(expect.stringMatching(/^CALLS \| ANSWERED \| BILLABLE MINUTES \| UNRATED CALLS$/));
  });

  it('breaks a long table across pages, repeating its header, and keeps the totals after the last line', async () => {
    const doc = await mayDocument(400, 60);
    const pages = await pdfPages(await rendered((out) => renderInvoicePdf(doc, out)));
    const withHeader = pages.filter((p) => p.some((row) => row === 'DESCRIPTION | QUANTITY | UNIT PRICE | AMOUNT'));
    expect(withHeader.length).toBeGreaterThanOrEqual(3);
    expect(pages[1][0]).toBe('Invoice lines (continued)');
    const flat = pages.flat();
    expect(flat.filter((row) => /^Setup fee, \+1415556\d{4} \| 1 fee/.test(row))).toHaveLength(60);
    expect(flat.indexOf(`Amount due | ${pdfAmount(doc.totals.amountDue, 'en-US')}`)).toBeGreaterThan(flat.findIndex((row) => row.startsWith('Proration')));
  });

  it('prints names and amounts the standard fonts cannot show legibly: accents dropped, a code for a symbol it lacks', async () => {
    expect(pdfText('Łódź Telecom Sp. z o.o.')).toBe('Lódz Telecom Sp. z o.o.');
    expect(pdfText('Müller — 1 234,56 €')).toBe('Müller — 1 234,56 €');
    expect(pdfText('東京')).toBe('??');
    expect(pdfAmount(money(123456, 'INR'), 'en-IN')).toBe('INR\u00a01,234.56');
    expect(pdfAmount(money(500, 'JPY'), 'en-US')).toBe('¥500');
    expect(pdfAmount(money(-123456, 'EUR'), 'de-DE')).toBe('-1.234,56\u00a0€');

    const doc = await mayDocument(40, 0, 'Łódź Telecom Sp. z o.o.');
    const pages = await pdfPages(await rendered((out) => renderInvoicePdf(doc, out, { locale: 'de-DE' })));
    expect(pages[0]).toContainEqual(expect.stringMatching(/^Lódz Telecom Sp\. z o\.o\. \| 1\. Mai 2026 – 31\. Mai 2026$/));
    // PDF.js reads the no-break space before the euro sign back as a space.
    expect(pages.flat()).toContainEqual(`Amount due | ${pdfAmount(doc.totals.amountDue, 'de-DE').replace(/\u00a0/g, ' ')}`);
  });
});
