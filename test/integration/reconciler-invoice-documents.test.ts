/**
 * A month closed on the Stripe sandbox and didops' invoice document for it: an account with a subscription for 13
 * numbers (so its first invoice has more lines than Stripe embeds), a 10% coupon, 8.875% tax and a credit, a month of
 * calls rated and pushed to the meters, the test clock advanced past the period's end. The billing port reads the
 * invoices back with every line; the document carries Stripe's invoice line for line and its PDF, CSV and XLSX read
 * back to Stripe's totals to the cent; the minute lines equal the rating worked out independently.
 */
import ExcelJS from 'exceljs';
import type { Billing } from '../../src/billing/billing';
import { connectMeterEventName, minutesMeterEventName } from '../../src/billing/rate-card-keys';
import { checkRateCard, rateCall, ratePeriod, type CallToRate, type RateCard } from '../../src/billing/rating';
import type { StripeClient } from '../../src/billing/stripe/client';
import { money } from '../../src/core/money';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { invoiceDocumentFrom, renderInvoiceCsv, renderInvoicePdf, renderInvoiceXlsx, tallyUsage, type UsageCall } from '../../src/reconciler/invoicing/documents';
import { pdfAmount } from '../../src/reconciler/invoicing/documents/pdf-text';
import { createBillingSubscriptionHandler } from '../../src/resources/billing-subscription';
import { all, applyRateCard, sandboxBilling, testAccount, testCard, testClockAt } from '../support/billing-fixtures';
import { csvRecords, pdfPages, rendered } from '../support/invoice-documents';
import { useTestSandbox } from '../support/sandbox';
import { advanceClock, at } from '../support/stripe-clock';

const ctx = useTestSandbox();
let stripe: StripeClient;
let billing: Billing;
beforeAll(() => ({ stripe, billing } = sandboxBilling(ctx.sandbox)));

const numbers = [...Array.from({ length: 12 }, (_, i) => ({ e164: `+1415555${String(700 + i).padStart(4, '0')}`, country: 'US', type: 'local' })), { e164: '+18885550777', country: 'US', type: 'tollFree' }];

/** May's calls from the account's numbers: to the UK (rated), to New York and inbound (the card has no rate: kept, unbilled). */
function mayCalls(card: RateCard): (UsageCall & CallToRate)[] {
  return Array.from({ length: 90 }, (_, i) => {
    const call = { direction: i % 9 === 8 ? 'inbound' : 'outbound', otherParty: i % 6 === 5 ? `+1212555${String(i).padStart(4, '0')}` : `+4420794${String(i).padStart(5, '0')}`, durationSeconds: i % 8 === 0 ? 0 : 7 + i * 11 } as const;
    return { ...call, startedAt: new Date(at('2026-05-02T00:00:00Z') * 1000 + i * 7 * 3_600_000), number: numbers[i % numbers.length].e164, rating: rateCall(card, call), carrier: 'twilio', callId: `CAdoc${i}` };
  });
}

describe('didops’ invoice document for a month closed on Stripe', () => {
  it('carries Stripe’s invoice line for line, and its PDF, CSV and XLSX read back to Stripe’s totals to the cent', async () => {
    await applyRateCard(billing, 'docs');
    const card = checkRateCard(testCard()).card!;
    const clock = await testClockAt(stripe, '2026-05-01T00:00:00Z');
    const { customerId } = await testAccount(stripe, 'Docs GmbH', { testClock: clock, taxPercentages: [8.875] });
    await stripe.customers.update(customerId, { address: { line1: 'Friedrichstraße 68', postal_code: '10117', city: 'Berlin', country: 'DE' } });
    const handler = createBillingSubscriptionHandler({ billing });
    const checked = await handler.check({ news: { account: customerId, rateCard: 'docs', numbers } });
    const identity: ResourceIdentity = { type: 'didops:index:BillingSubscription', name: 'docs', urn: 'urn:pulumi:test::docs::didops:index:BillingSubscription::docs' };
    const subscription = await handler.create({ inputs: checked.inputs!, preview: false, identity });

    // The first invoice: 13 setup fees and the numbers billed ahead, 15 lines, of which Stripe embeds 10.
    const [first] = await billing.invoices.listInvoices(customerId);
    expect(first.lines).toHaveLength(15);
    expect(first.lines.map((l) => l.id).sort()).toEqual((await all(stripe.invoices.listLineItems(first.id, { limit: 100 }))).map((l) => l.id).sort());
    expect(first.lines.reduce((s, l) => s + l.amount, 0)).toBe(first.subtotal);
    const lines: string[] = [];
    for await (const line of billing.invoices.invoiceLines(first.id)) lines.push(line.id);
    expect(lines).toHaveLength(15);

    // From May on: 10% off, and a 5.00 credit on the balance.
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever', name: 'Launch offer' });
    await stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: coupon.id }], proration_behavior: 'none' });
    await billing.customers.grantCredit(customerId, { amount: 500, currency: 'USD', description: 'Goodwill', metadata: {} }, { idempotencyKey: `docs-credit-${customerId}` });

    // May's calls, rated and pushed as the reconciler does: seconds per class, one connect per answered call.
    await advanceClock(stripe, clock, at('2026-05-31T23:00:00Z'));
    const calls = mayCalls(card);
    for (const call of calls) {
      if (call.rating.kind !== 'rated' || call.rating.billableSeconds === 0) continue;
      const timestamp = Math.floor(call.startedAt.getTime() / 1000);
      const payload = { stripe_customer_id: customerId };
      await stripe.billing.meterEvents.create({ event_name: minutesMeterEventName('docs', call.rating.rateClass), payload: { ...payload, value: String(call.rating.billableSeconds) }, timestamp, identifier: `didops:twilio:${call.callId}:${call.rating.rateClass}` });
      await stripe.billing.meterEvents.create({ event_name: connectMeterEventName('docs'), payload: { ...payload, value: '1' }, timestamp, identifier: `didops:twilio:${call.callId}:connect` });
    }
    await advanceClock(stripe, clock, at('2026-06-01T02:00:00Z'));

    const may = (await billing.invoices.listInvoices(customerId)).find((invoice) => invoice.periodStart === at('2026-05-01T00:00:00Z') && invoice.periodEnd === at('2026-06-01T00:00:00Z'))!;
    const usage = await tallyUsage(calls, { card, period: { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-06-01T00:00:00Z') } });
    const doc = invoiceDocumentFrom(may, usage);
    const sdk = await stripe.invoices.retrieve(may.id);

    expect(doc.lines.map((l) => l.kind).sort()).toEqual(['connect-fee', 'minutes', 'numbers', 'numbers']);
    expect(doc.usageDifferences).toEqual([]);
    expect(doc.totals).toMatchObject({ subtotal: money(sdk.subtotal, 'USD'), total: money(sdk.total, 'USD'), amountDue: money(sdk.amount_due, 'USD'), balanceApplied: money(-500, 'USD') });
    expect(doc.discounts).toEqual([{ id: expect.stringMatching(/^di_/), label: 'Launch offer (10% off)', amount: money(sdk.total_discount_amounts![0].amount, 'USD') }]);
    expect(doc.taxes).toEqual([expect.objectContaining({ label: 'Sales tax NY 8.875%', amount: money(sdk.total_taxes![0].amount, 'USD') })]);
    // The rating worked out here, apart from Stripe, bills what Stripe billed for the minutes and the connect fee.
    const rated = ratePeriod(card, calls);
    const minutes = doc.lines.find((l) => l.kind === 'minutes')!;
    expect(minutes).toMatchObject({ rateClass: 'out-44', billableSeconds: rated.lines[0].billableSeconds, perMinute: '0.85', amount: rated.lines[0].amount });
    expect(doc.lines.find((l) => l.kind === 'connect-fee')).toMatchObject({ answeredCalls: rated.connectFee!.answeredCalls, amount: rated.connectFee!.amount });
    expect(usage.unrated.calls).toBe(rated.unrated.length);

    const cents = (major: number | string) => Math.round(Number(major) * 100);
    const csv = await csvRecords((await rendered((out) => renderInvoiceCsv(doc, out))).toString('utf8'));
    const totalOf = (kind: string) => cents(csv.find((r) => r[1] === 'total' && r[2] === kind)![8]);
    expect([totalOf('subtotal'), totalOf('total'), totalOf('amount_due')]).toEqual([sdk.subtotal, sdk.total, sdk.amount_due]);
    expect(csv.filter((r) => r[1] === 'line').reduce((s, r) => s + cents(r[8]), 0)).toBe(sdk.subtotal);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await rendered((out) => renderInvoiceXlsx(doc, out, { calls }))) as unknown as ArrayBuffer);
    const invoiceRows: ExcelJS.Row[] = [];
    book.getWorksheet('Invoice')!.eachRow((row) => invoiceRows.push(row));
    const cell = (label: string) => cents(invoiceRows.find((r) => r.getCell(2).value === label)!.getCell(7).value as number);
    expect([cell('Subtotal'), cell('Total'), cell('Amount due')]).toEqual([sdk.subtotal, sdk.total, sdk.amount_due]);
    expect(book.getWorksheet('Calls')!.rowCount).toBe(calls.length + 1);

    const text = (await pdfPages(await rendered((out) => renderInvoicePdf(doc, out)))).flat();
    const usd = (amountMinor: number) => pdfAmount(money(amountMinor, 'USD'), 'en-US');
    expect(text).toContainEqual(`Total | ${usd(sdk.total)}`);
    expect(text).toContainEqual(`Amount due | ${usd(sdk.amount_due)}`);
    expect(text).toContainEqual(`Credit applied | ${usd(-500)}`);
    expect(text).toContainEqual(expect.stringMatching(/^Docs GmbH \| /));
  });

  it('names what a line bills from its subscription item or price when the line does not carry the key, and finds no invoice that is not there', async () => {
    // Stripe puts the subscription's metadata on a line, not its item's: the key is then read from the item's price.
    const product = await stripe.products.create({ name: 'Local numbers (US)' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 120, recurring: { interval: 'month' }, lookup_key: 'didops.raw.number.US.local.monthly' });
    const customer = await stripe.customers.create({ name: 'Raw Corp', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }] });
    const invoice = (await billing.invoices.getInvoice(subscription.latest_invoice as string))!;
    expect(invoice.lines).toEqual([expect.objectContaining({ lookupKey: 'didops.raw.number.US.local.monthly', quantity: '2', amount: 240, source: 'subscription-item', subscriptionId: subscription.id })]);
    const doc = invoiceDocumentFrom(invoice, await tallyUsage([]));
    expect(doc.lines[0]).toMatchObject({ kind: 'numbers', country: 'US', numberType: 'local', quantity: 2, unitAmount: money(120, 'USD') });
    expect(await billing.invoices.getInvoice('in_doesnotexist')).toBeUndefined();
  });
});
