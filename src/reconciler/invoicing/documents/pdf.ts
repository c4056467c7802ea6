/**
 * The invoice document as a PDF (A4, pdfkit, standard Helvetica): the issuer and the invoice's number and dates, who
 * is billed and for which period, the amount due at a glance, the lines as the provider bills them (a table that
 * breaks across pages), the totals, then the usage breakdown on pages of its own: calls and minutes by direction,
 * rate class, day and number, and the calls no rate covered with the reason. Every page carries a footer with the
 * invoice number and "Page i of n". Amounts are formatted per currency with Intl (pdf-text.ts keeps them printable).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { formatCount, formatDateTime, formatDay, formatMinutes, formatPeriod, formatUnitPrice, resolveRenderOptions, type RenderOptions, type ResolvedRenderOptions } from './document-format';
import { totalRows } from './document-rows';
import type { InvoiceDocument } from './invoice-document';
import { presentLine, quantityWithUnit } from './line-presentation';
import { BODY_BOTTOM, COLOR, CONTENT_WIDTH, drawFooters, drawTable, ensureSpace, FONT, newPage, note, PAGE, sectionHeading, type Pdf, type PdfCell, type PdfColumn } from './pdf-layout';
import { pdfAmount, pdfText } from './pdf-text';
import type { UsageCounts } from './usage-breakdown';

/** Writes the PDF to `out` and ends it; resolves once `out` has finished. */
export async function renderInvoicePdf(doc: InvoiceDocument, out: Writable, options: RenderOptions = {}): Promise<void> {
  const resolved = resolveRenderOptions(options, doc.usage.timeZone);
  const title = doc.source.number ? `Invoice ${doc.source.number}` : `Draft invoice ${doc.source.invoiceId}`;
  // Pages are buffered so the footer can say "of n"; an invoice's pages are few, the calls go to CSV and XLSX.
  const pdf: Pdf = new PDFDocument({ size: 'A4', margin: PAGE.margin, bufferPages: true, info: { Title: pdfText(title), Author: pdfText(doc.issuer.name), Creator: 'didops' } });
  const finished = once(out, 'finish');
  pdf.pipe(out);
  pdf.x = PAGE.margin;
  pdf.y = PAGE.margin;
  drawMasthead(pdf, doc, title, resolved);
  drawLines(pdf, doc, resolved);
  drawTotals(pdf, doc, resolved);
  newPage(pdf);
  drawUsage(pdf, doc, resolved);
  drawFooters(pdf, `${doc.issuer.name} · ${title} · ${doc.account.name ?? doc.account.customerId}`);
  pdf.end();
  await finished;
}

/** Issuer and invoice facts, bill-to and period, and the amount due in a box. */
function drawMasthead(pdf: Pdf, doc: InvoiceDocument, title: string, options: ResolvedRenderOptions): void {
  const top = PAGE.margin;
  pdf.font(FONT.bold).fontSize(18).fillColor(COLOR.text).text(pdfText(doc.issuer.name), PAGE.margin, top, { width: CONTENT_WIDTH / 2, lineBreak: false });
  if (doc.issuer.country) pdf.font(FONT.regular).fontSize(8.5).fillColor(COLOR.muted).text(pdfText(regionName(doc.issuer.country, options.locale)), PAGE.margin, top + 24);
  pdf.font(FONT.bold).fontSize(20).fillColor(COLOR.accent).text(doc.source.number ? 'INVOICE' : 'DRAFT INVOICE', PAGE.margin, top, { width: CONTENT_WIDTH, align: 'right', lineBreak: false, characterSpacing: 1 });
  const facts: [string, string][] = [
    ['Invoice number', doc.source.number ?? 'not yet numbered'],
    ['Issued', formatDay(doc.issuedAt, options)],
    ...(doc.dueAt ? [['Due', formatDay(doc.dueAt, options)] as [string, string]] : []),
    ['Status', doc.source.status.charAt(0).toUpperCase() + doc.source.status.slice(1)],
  ];
  let y = top + 30;
  for (const [label, value] of facts) {
    pdf.font(FONT.regular).fontSize(8.5).fillColor(COLOR.muted).text(label, PAGE.margin + CONTENT_WIDTH - 220, y, { width: 100, align: 'right', lineBreak: false });
    pdf.font(FONT.bold).fillColor(COLOR.text).text(pdfText(value), PAGE.margin + CONTENT_WIDTH - 110, y, { width: 110, align: 'right', lineBreak: false });
    y += 13;
  }

  // Bill to (left) and the period with the amount due (right).
  const blockTop = Math.max(y, top + 60) + 22;
  const label = (text: string, x: number, at: number) => pdf.font(FONT.bold).fontSize(7.5).fillColor(COLOR.muted).text(text, x, at, { characterSpacing: 0.5, lineBreak: false });
  label('BILL TO', PAGE.margin, blockTop);
  const account = doc.account;
  const address = account.address;
  const billTo = [
    ...(address ? [address.line1, address.line2, [address.postalCode, address.city, address.state].filter(Boolean).join(' '), regionName(address.country, options.locale)] : []),
    account.email,
    ...account.taxIds.map((t) => `${taxIdLabel(t.type)} ${t.value}`),
  ].filter((line): line is string => Boolean(line));
  pdf.font(FONT.bold).fontSize(10.5).fillColor(COLOR.text).text(pdfText(account.name ?? account.customerId), PAGE.margin, blockTop + 12, { width: 240 });
  pdf.font(FONT.regular).fontSize(9).fillColor(COLOR.text);
  for (const line of billTo) pdf.text(pdfText(line), PAGE.margin, pdf.y + 1, { width: 240 });
  pdf.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted).text(`Customer ${account.customerId}`, PAGE.margin, pdf.y + 3, { width: 240 });
  const leftBottom = pdf.y;

  const boxX = PAGE.margin + CONTENT_WIDTH - 230;
  label('BILLING PERIOD', boxX, blockTop);
  pdf.font(FONT.regular).fontSize(9.5).fillColor(COLOR.text).text(pdfText(formatPeriod(doc.period, options)), boxX, blockTop + 12, { width: 230, lineBreak: false });
  const boxTop = blockTop + 34;
  pdf.roundedRect(boxX, boxTop, 230, 52, 4).fill(COLOR.fill);
  pdf.font(FONT.bold).fontSize(7.5).fillColor(COLOR.muted).text('AMOUNT DUE', boxX + 12, boxTop + 10, { characterSpacing: 0.5, lineBreak: false });
  pdf.font(FONT.bold).fontSize(17).fillColor(COLOR.accent).text(pdfAmount(doc.totals.amountDue, options.locale), boxX + 12, boxTop + 24, { width: 206, lineBreak: false });
  const status = doc.source.status === 'paid' ? 'Paid' : doc.dueAt ? `Due ${formatDay(doc.dueAt, options)}` : 'Charged automatically';
  pdf.font(FONT.regular).fontSize(8).fillColor(COLOR.muted).text(pdfText(status), boxX + 12, boxTop + 10, { width: 206, align: 'right', lineBreak: false });
  pdf.x = PAGE.margin;
  pdf.y = Math.max(leftBottom, boxTop + 52) + 26;
}

/** The provider's lines: what each bills, its quantity and unit price, and its amount. */
function drawLines(pdf: Pdf, doc: InvoiceDocument, options: ResolvedRenderOptions): void {
  const columns: PdfColumn[] = [
    { header: 'Description', width: CONTENT_WIDTH - 235 },
    { header: 'Quantity', width: 75, align: 'right' },
    { header: 'Unit price', width: 75, align: 'right' },
    { header: 'Amount', width: 85, align: 'right' },
  ];
  const rows = doc.lines.map((line): PdfCell[] => {
    const shown = presentLine(line, doc.currency, doc.usage);
    const detail = line.kind === 'minutes' ? `${formatCount(line.billableSeconds, options.locale)} billable seconds` : shown.detail;
    const description: PdfCell = [
      { text: shown.title, bold: true },
      ...(detail ? [{ text: detail, size: 7.5, muted: true }] : []),
      { text: formatPeriod(line.period, options), size: 7.5, muted: true },
    ];
    const quantity = shown.quantity === null ? '' : quantityWithUnit(shown.quantity, shown.unit, formatCount(Number(shown.quantity.toFixed(4)), options.locale));
    const unitPrice = shown.unitPrice === null ? '' : formatUnitPrice(shown.unitPrice, doc.currency, options.locale);
    const discount = line.discount.amountMinor === 0 ? [] : [{ text: `-${pdfAmount(line.discount, options.locale)} discount`, size: 7.5, muted: true }];
    return [description, quantity, unitPrice, [{ text: pdfAmount(line.amount, options.locale) }, ...discount]];
  });
  drawTable(pdf, columns, rows, 'Invoice lines');
}

/** Subtotal, discounts, credits, tax, total and what is due, right-aligned under the amounts. */
function drawTotals(pdf: Pdf, doc: InvoiceDocument, options: ResolvedRenderOptions): void {
  const rows = totalRows(doc);
  ensureSpace(pdf, rows.length * 16 + 10);
  const labelX = PAGE.margin + CONTENT_WIDTH - 300;
  for (const row of rows) {
    if (row.kind === 'total' || row.kind === 'amount_due') {
      pdf.moveTo(labelX, pdf.y).lineTo(PAGE.margin + CONTENT_WIDTH, pdf.y).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      pdf.y += 4;
    }
    const y = pdf.y;
    pdf.font(row.emphasis ? FONT.bold : FONT.regular).fontSize(row.emphasis ? 10 : 9).fillColor(row.kind === 'included_tax' ? COLOR.muted : COLOR.text);
    pdf.text(pdfText(row.label), labelX, y, { width: 205, align: 'right', lineBreak: false });
    pdf.text(pdfAmount(row.amount, options.locale), labelX + 205, y, { width: 95 - 6, align: 'right', lineBreak: false });
    pdf.y = y + (row.emphasis ? 17 : 15);
  }
  pdf.y += 8;
  if (doc.usageDifferences.length > 0) {
    const classes = doc.usageDifferences.map((d) => `${d.rateClass}: ${formatMinutes(d.invoicedSeconds, options.locale)} min billed, ${formatMinutes(d.ratedSeconds, options.locale)} min rated`);
    note(pdf, `Billed minutes differ from the rated call records in ${classes.join('; ')}. The amounts above are the ones billed.`, COLOR.warn);
  }
  if (doc.source.hostedUrl) note(pdf, `Pay or download online: ${doc.source.hostedUrl}`);
}

/** The usage breakdown pages. */
function drawUsage(pdf: Pdf, doc: InvoiceDocument, options: ResolvedRenderOptions): void {
  const u = doc.usage;
  const minutes = (counts: UsageCounts) => formatMinutes(counts.billableSeconds, options.locale);
  const count = (n: number) => formatCount(n, options.locale);
  sectionHeading(pdf, 'Usage breakdown');
  note(pdf, `Calls of ${formatPeriod(u.period ?? doc.period, options)} (days in ${u.timeZone}). Billable minutes are after the billing increment and minimum; they are what the minute lines bill.`);
  pdf.y += 6;
  drawFigures(pdf, [
    ['Calls', count(u.total.calls)],
    ['Answered', count(u.total.answeredCalls)],
    ['Billable minutes', minutes(u.total)],
    ['Unrated calls', count(u.unrated.calls)],
  ]);

  const countsColumns = (first: PdfColumn[]): PdfColumn[] => {
    const rest = [
      { header: 'Calls', width: 60, align: 'right' as const },
      { header: 'Answered', width: 65, align: 'right' as const },
      { header: 'Talk min', width: 65, align: 'right' as const },
      { header: 'Billable min', width: 75, align: 'right' as const },
    ];
    const used = first.reduce((s, c) => s + c.width, 0) + rest.reduce((s, c) => s + c.width, 0);
    return [...first.slice(0, -1), { ...first[first.length - 1], width: first[first.length - 1].width + CONTENT_WIDTH - used }, ...rest];
  };
  const countsCells = (c: UsageCounts): PdfCell[] => [count(c.calls), count(c.answeredCalls), formatMinutes(c.durationSeconds, options.locale), minutes(c)];

  sectionHeading(pdf, 'By direction');
  drawTable(pdf, countsColumns([{ header: 'Direction', width: 100 }]), [
    ['Inbound', ...countsCells(u.byDirection.inbound)],
    ['Outbound', ...countsCells(u.byDirection.outbound)],
  ]);

  sectionHeading(pdf, 'By rate class');
  drawTable(
    pdf,
    countsColumns([{ header: 'Class', width: 70 }, { header: 'Destination', width: 100 }]),
    u.byRateClass.map((c) => [c.rateClass, [{ text: c.description ?? `${c.direction === 'outbound' ? 'to' : 'from'} +${c.prefix}` }], ...countsCells(c)]),
    'By rate class',
  );

  sectionHeading(pdf, 'By day');
  drawTable(
    pdf,
    countsColumns([{ header: 'Day', width: 100 }]),
    u.byDay.map((d) => [d.day, ...countsCells(sum(d.inbound, d.outbound))]),
    'By day',
  );

  sectionHeading(pdf, 'By number');
  drawTable(
    pdf,
    countsColumns([{ header: 'Number', width: 100 }, { header: 'In / out calls', width: 80 }]),
    u.byNumber.map((n) => [n.number, `${count(n.inbound.calls)} / ${count(n.outbound.calls)}`, ...countsCells(sum(n.inbound, n.outbound))]),
    'By number',
  );

  sectionHeading(pdf, 'Unrated calls');
  if (u.unrated.calls > 0) {
    note(pdf, `${count(u.unrated.calls)} calls matched no rate and were not billed: ${u.unrated.byReason.map((r) => `${count(r.calls)} ${r.reason}`).join(', ')}.${u.unrated.listed.length < u.unrated.calls ? ` The first ${count(u.unrated.listed.length)} are listed.` : ''}`);
  }
  drawTable(
    pdf,
    [
      { header: 'Started', width: 95 },
      { header: 'Direction', width: 58 },
      { header: 'Number', width: 80 },
      { header: 'Other party', width: 80 },
      { header: 'Duration', width: 58, align: 'right' },
      { header: 'Reason', width: CONTENT_WIDTH - 371 },
    ],
    u.unrated.listed.map((c) => [
      formatDateTime(c.startedAt, options),
      c.direction === 'inbound' ? 'In' : 'Out',
      c.number,
      c.otherParty ?? 'withheld',
      `${count(c.durationSeconds)} s`,
      [{ text: c.reason, bold: true, size: 8 }, ...(c.summary ? [{ text: c.summary, size: 7.5, muted: true }] : [])],
    ]),
    'Unrated calls',
  );
}

/** A row of headline figures in boxes. */
function drawFigures(pdf: Pdf, figures: readonly [string, string][]): void {
  ensureSpace(pdf, 56);
  const gap = 10;
  const width = (CONTENT_WIDTH - gap * (figures.length - 1)) / figures.length;
  const top = pdf.y;
  figures.forEach(([label, value], i) => {
    const x = PAGE.margin + i * (width + gap);
    pdf.roundedRect(x, top, width, 44, 4).fill(COLOR.fill);
    pdf.font(FONT.bold).fontSize(7).fillColor(COLOR.muted).text(label.toUpperCase(), x + 10, top + 9, { width: width - 20, lineBreak: false, characterSpacing: 0.4 });
    pdf.font(FONT.bold).fontSize(14).fillColor(COLOR.text).text(pdfText(value), x + 10, top + 22, { width: width - 20, lineBreak: false });
  });
  pdf.y = Math.min(top + 44 + 16, BODY_BOTTOM);
}

function sum(a: UsageCounts, b: UsageCounts): UsageCounts {
  return { calls: a.calls + b.calls, answeredCalls: a.answeredCalls + b.answeredCalls, durationSeconds: a.durationSeconds + b.durationSeconds, billableSeconds: a.billableSeconds + b.billableSeconds };
}

/** "United States" for "US" in the locale's words; the code itself when the runtime does not know it. */
function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "VAT" for `eu_vat`, "EIN" for `us_ein`: the last part of Stripe's type, upper case. */
function taxIdLabel(type: string): string {
  return (type.split('_').pop() ?? type).toUpperCase();
}
