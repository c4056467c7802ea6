/**
 * Issue #13's acceptance, end to end: the sandbox generates a month of traffic on numbers of both carriers billed to
 * accounts on a Stripe test clock; the reconciler (in-process, its job queue running) ingests, rates, pushes and
 * closes the month; Stripe's invoices equal the rating worked out independently in this test, to the cent; and the
 * PDF, CSV and XLSX documents the close stored carry the same totals, read back.
 *
 * On the real PostgreSQL the month is the issue's: 50 numbers (40 Twilio, 10 Telnyx) on 3 accounts; on the embedded
 * default a smaller one (6 numbers, 2 accounts), the same story.
 */
import ExcelJS from 'exceljs';
import type { BillingInvoice } from '../../src/billing/invoices-port';
import { parseLookupKey } from '../../src/billing/rate-card-keys';
import { money } from '../../src/core/money';
import { pdfAmount } from '../../src/reconciler/invoicing/documents/pdf-text';
import type { RunningReconciler } from '../../src/reconciler/service';
import { csvRecords, pdfPages } from '../support/invoice-documents';
import { createTestDatabase, startTestReconciler, type TestDatabaseTarget } from '../support/reconciler-db';
import { advanceMonthClock, carrierCalls, expectedInvoices, registerAccounts, setUpMonth, type Month } from '../support/reconciler-month';
import { eventually } from '../support/telnyx';

const VARIANTS = [
  { backend: 'postgres', start: '2027-03-01T00:00:00Z', twilioNumbers: 40, telnyxNumbers: 10, accounts: 3, callsPerNumberPerDay: 12, cardKey: 'month' },
  { backend: 'embedded', start: '2027-05-01T00:00:00Z', twilioNumbers: 4, telnyxNumbers: 2, accounts: 2, callsPerNumberPerDay: 6, cardKey: 'small' },
] as const;

describe.each(VARIANTS)('a month billed through the reconciler on $backend', (variant) => {
  let month: Month;
  let target: TestDatabaseTarget & { drop(): Promise<void> };
  let reconciler: RunningReconciler;
  /** The reconciler's clock: ten minutes after the month, so the last calls are past ingest's lag. */
  let now: Date;

  beforeAll(async () => {
    month = await setUpMonth(variant);
    now = new Date(month.end.getTime() + 10 * 60_000);
    target = await createTestDatabase(variant.backend);
    reconciler = await startTestReconciler(target, { ...month.config, jobs: { batchSize: 1000 } }, { now: () => now });
    await registerAccounts(reconciler.context.db, month);
  });
  afterAll(async () => {
    await reconciler?.stop();
    await target?.drop();
    await month?.close();
  });

  it('ingests, rates, pushes and closes it; Stripe invoices the independent rating to the cent; the PDF, CSV and XLSX say the same', async () => {
    const { db } = reconciler.context;
    // Stripe's side stands just before the period's end while the reconciler reports the month's usage.
    await advanceMonthClock(month, new Date(month.end.getTime() - 5 * 60_000));
    await reconciler.queue!.addJob('ingest', { from: month.start.toISOString() });
    const carriers = Object.keys(month.config.carriers!).length;
    await eventually(async () => {
      const cursors = await db.selectFrom('ingest_cursors').select('ingested_until').execute();
      if (cursors.length < carriers || cursors.some((c) => c.ingested_until < month.end)) return undefined;
      const unrated = await db.selectFrom('call_records').select('carrier_call_id').where('rated_at', 'is', null).limit(1).execute();
      const unpushed = await db.selectFrom('usage_outbox').select('identifier').where('pushed_at', 'is', null).limit(1).execute();
      return unrated.length === 0 && unpushed.length === 0 ? true : undefined;
    }, 120_000, 100);

    // The first close records each account's period and finds Stripe has not invoiced it yet.
    await reconciler.queue!.addJob('close', {});
    await eventually(async () => ((await periods()).filter((p) => p.status === 'closing').length === variant.accounts ? true : undefined), 30_000, 100);
    // Stripe's clock passes the period's end and the grace hour: it invoices, finalizes and charges.
    await advanceMonthClock(month, new Date(month.end.getTime() + 2 * 3_600_000));
    now = new Date(month.end.getTime() + 2 * 3_600_000 + 60_000);
    await reconciler.queue!.addJob('close', {});
    await eventually(async () => ((await periods()).filter((p) => p.status === 'closed').length === variant.accounts ? true : undefined), 60_000, 100);

    // Every call the carriers list is in the table once, rated or kept unrated with its reason.
    const calls = await carrierCalls(month);
    const rows = await db.selectFrom('call_records').select(['carrier', 'carrier_call_id', 'rated_at', 'unrated_reason']).execute();
    expect(rows.map((r) => `${r.carrier}:${r.carrier_call_id}`).sort()).toEqual(calls.map((c) => `${c.carrier}:${c.id}`).sort());
    expect(rows.every((r) => r.rated_at !== null)).toBe(true);

    const expected = expectedInvoices(month, calls);
    const unratedTotal = [...expected.values()].reduce((sum, e) => sum + e.unrated, 0);
    expect(unratedTotal).toBeGreaterThan(0);
    expect(rows.filter((r) => r.unrated_reason !== null).length).toBe(unratedTotal);
    const metrics = await (await fetch(`${reconciler.url}/metrics`)).text();
    expect(metrics).toContain(`didops_reconciler_rated_calls_total{outcome="no-matching-prefix",service="didops-reconciler"} ${unratedTotal}`);

    for (const account of month.accounts) {
      const want = expected.get(account.customerId)!;
      const invoice = await periodInvoice(account.customerId);
      const byKind = (kind: string) => invoice.lines.filter((l) => parseLookupKey(l.lookupKey ?? '')?.kind === kind);
      const minutes = Object.fromEntries(byKind('minutes').map((l) => [(parseLookupKey(l.lookupKey!) as { classKey: string }).classKey, { quantity: Number(l.quantity), amount: l.amount }]));
      expect(minutes).toEqual(want.minutes);
      expect(byKind('connect').map((l) => ({ quantity: Number(l.quantity), amount: l.amount }))).toEqual([want.connect]);
      expect(byKind('numberMonthly').map((l) => ({ quantity: Number(l.quantity), amount: l.amount }))).toEqual([want.numbers]);
      expect({ subtotal: invoice.subtotal, tax: invoice.taxes.reduce((s, t) => s + t.amount, 0), total: invoice.total, status: invoice.status }).toEqual({ subtotal: want.subtotal, tax: want.tax, total: want.total, status: 'paid' });

      const period = (await periods()).find((p) => p.account_id === account.customerId)!;
      expect(period).toMatchObject({ status: 'closed', stripe_invoice_id: invoice.id, total_minor: invoice.total, currency: 'USD' });
      await expectDocumentsToCarry(account.customerId, invoice);
    }
  });

  function periods() {
    return reconciler.context.db.selectFrom('billing_periods').selectAll().where('period_start', '=', month.start).execute();
  }

  /** Stripe's invoice of the month for the account (the one whose usage period it is), with every line. */
  async function periodInvoice(customerId: string): Promise<BillingInvoice> {
    const invoices = await month.billing.invoices.listInvoices(customerId);
    const found = invoices.find((i) => i.periodStart === month.start.getTime() / 1000 && i.periodEnd === month.end.getTime() / 1000);
    if (!found) throw new Error(`Stripe has no invoice of ${month.start.toISOString()} for ${customerId}`);
    return found;
  }

  /** Reads the stored PDF, CSV and XLSX back: each states Stripe's subtotal, total and amount due. */
  async function expectDocumentsToCarry(customerId: string, invoice: BillingInvoice): Promise<void> {
    const documents = await reconciler.context.db.selectFrom('invoice_documents').selectAll().where('account_id', '=', customerId).where('period_start', '=', month.start).execute();
    const of = (format: string) => documents.find((d) => d.format === format)!;
    expect(documents.map((d) => [d.format, d.stripe_invoice_id]).sort()).toEqual([['csv', invoice.id], ['pdf', invoice.id], ['xlsx', invoice.id]]);
    const cents = (major: number | string) => Math.round(Number(major) * 100);

    const csv = await csvRecords(of('csv').content.toString('utf8'));
    const csvTotal = (kind: string) => cents(csv.find((r) => r[1] === 'total' && r[2] === kind)![8]!);
    expect([csvTotal('subtotal'), csvTotal('total'), csvTotal('amount_due')]).toEqual([invoice.subtotal, invoice.total, invoice.amountDue]);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(of('xlsx').content as unknown as ArrayBuffer);
    const cells: ExcelJS.Row[] = [];
    book.getWorksheet('Invoice')!.eachRow((row) => cells.push(row));
    const xlsxTotal = (label: string) => cents(cells.find((r) => r.getCell(2).value === label)!.getCell(7).value as number);
    expect([xlsxTotal('Subtotal'), xlsxTotal('Total'), xlsxTotal('Amount due')]).toEqual([invoice.subtotal, invoice.total, invoice.amountDue]);

    const text = (await pdfPages(of('pdf').content)).flat();
    const usd = (minor: number) => pdfAmount(money(minor, 'USD'), 'en-US');
    expect(text).toContainEqual(`Subtotal | ${usd(invoice.subtotal)}`);
    expect(text).toContainEqual(`Total | ${usd(invoice.total)}`);
    expect(text).toContainEqual(`Amount due | ${usd(invoice.amountDue)}`);
  }
});
