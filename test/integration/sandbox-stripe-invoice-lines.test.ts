/**
 * The lines of a large invoice as a user pages them through the official SDK, before and after the sandbox restarts:
 * a renewal that takes 25 pending setup fees (each line its own amount, discounted by a coupon and taxed) embeds its
 * first 10 lines, pages all 26 with the discounts and taxes it was finalized with, and they add up to its totals; a
 * draft of 12 fees follows an item deleted and one changed after the restart. (The sandbox keeps an invoice item's
 * line as a reference to its item; after a restart every line is built from the stored items.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { advanceClock, at, customerOnClock, monthlyPrice } from '../support/stripe-clock';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const MAY_1 = at('2026-05-01T00:00:00Z');

const sumOf = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the lines of a large invoice, across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'didops-stripe-lines-'));
  let sandbox: TestSandbox | undefined;
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pages the 26 lines of a renewal with their discounts and taxes, and they add up to its totals', async () => {
    sandbox = await startTestSandbox({ dataDir });
    let stripe = sandboxStripe(sandbox.sandbox);
    const price = await monthlyPrice(stripe, 1000);
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const tax = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.875, inclusive: false });
    const { clock, customer } = await customerOnClock(stripe, 'Setup fees Inc', APRIL_1);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id, items: [{ price: price.id, quantity: 3 }], default_tax_rates: [tax.id], discounts: [{ coupon: coupon.id }],
    });
    // $1.01 … $1.25: each line is told apart by its amount.
    for (let i = 1; i <= 25; i++) await stripe.invoiceItems.create({ customer: customer.id, amount: 100 + i, currency: 'usd', description: `Setup fee ${i}` });
    const draft = await stripe.invoices.create({ customer: customer.id, auto_advance: false });
    for (let i = 1; i <= 12; i++) await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 200 + i, currency: 'usd', description: `Port-in fee ${i}` });
    await advanceClock(stripe, clock.id, MAY_1 + 3600);

    const renewal = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    expect(renewal).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' });
    const before = await stripe.invoices.listLineItems(renewal.id, { limit: 7 }).autoPagingToArray({ limit: 100 });
    await sandbox.close({ keepData: true });
    sandbox = await startTestSandbox({ dataDir });
    stripe = sandboxStripe(sandbox.sandbox);

    const retrieved = await stripe.invoices.retrieve(renewal.id);
    expect(retrieved).toEqual(renewal);
    expect(retrieved.lines).toMatchObject({ has_more: true, total_count: 26 });
    const lines = await stripe.invoices.listLineItems(renewal.id, { limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(lines).toEqual(before);
    expect(lines.slice(0, 10)).toEqual(retrieved.lines.data);
    expect(lines.map((line) => line.amount).sort((a, b) => a - b)).toEqual([...Array.from({ length: 25 }, (_, i) => 101 + i), 3000]);
    const fee = lines.find((line) => line.amount === 125)!;
    // 125 − 10% = 112.5 → 113 off 13 (half up); tax on 112: 9.94 → 10
    expect(fee).toMatchObject({
      description: 'Setup fee 25', invoice: renewal.id, discount_amounts: [{ amount: 13, discount: subscription.discounts[0] }], discounts: [subscription.discounts[0]],
      taxes: [{ amount: 10, taxable_amount: 112, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: tax.id } }],
      parent: { type: 'invoice_item_details', invoice_item_details: { invoice_item: expect.stringMatching(/^ii_/) } },
    });
    expect(sumOf(lines.map((line) => line.amount))).toBe(retrieved.subtotal);
    expect(sumOf(lines.flatMap((line) => line.discount_amounts!.map((d) => d.amount)))).toBe(sumOf(retrieved.total_discount_amounts!.map((d) => d.amount)));
    expect(sumOf(lines.flatMap((line) => line.taxes!.map((t) => t.amount)))).toBe(sumOf(retrieved.total_taxes!.map((t) => t.amount)));
    expect(retrieved.total).toBe(retrieved.subtotal - sumOf(retrieved.total_discount_amounts!.map((d) => d.amount)) + sumOf(retrieved.total_taxes!.map((t) => t.amount)));

    // The draft of 12 fees loses one and changes another after the restart: their lines and its total follow.
    const onDraft = await stripe.invoiceItems.list({ invoice: draft.id, limit: 100 });
    await stripe.invoiceItems.del(onDraft.data.find((item) => item.amount === 205)!.id);
    const changed = await stripe.invoiceItems.update(onDraft.data.find((item) => item.amount === 212)!.id, { amount: 300, description: 'Port-in fee 12, rush' });
    const left = await stripe.invoices.listLineItems(draft.id, { limit: 100 });
    expect(left.data.map((line) => line.amount).sort((a, b) => a - b)).toEqual([201, 202, 203, 204, 206, 207, 208, 209, 210, 211, 300]);
    expect(left.data.find((line) => line.amount === 300)).toMatchObject({ description: 'Port-in fee 12, rush', parent: { invoice_item_details: { invoice_item: changed.id } } });
    expect((await stripe.invoices.retrieve(draft.id)).total).toBe(sumOf(left.data.map((line) => line.amount)));
  });
});
