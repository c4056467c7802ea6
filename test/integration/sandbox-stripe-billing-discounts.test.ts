/**
 * Coupons through the official SDK: percent-off and amount-off discounts taken before tax, once, for a few months or
 * forever, on subscriptions and on invoices, never on lines that are not discountable; and the coupons' own life
 * (redemption limits, deletion). Amounts by hand.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure } from '../support/stripe';
import { advanceClock, at, customerOnClock, monthlyPrice } from '../support/stripe-clock';
import { expectStripeConformance } from '../support/stripe-conformance';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const renewalsAfter = (months: number) => at(`2026-${String(4 + months).padStart(2, '0')}-01T01:00:00Z`);

describe('discounts', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let price: Stripe.Price;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    price = await monthlyPrice(stripe, 2000);
  });

  const clockCustomer = (name: string) => customerOnClock(stripe, name, APRIL_1);
  const totalsOf = async (subscription: string) => {
    const invoices = (await stripe.invoices.list({ subscription, limit: 100 })).data.sort((a, b) => a.created - b.created);
    return invoices.map((i) => i.total);
  };

  it('takes 25% off before tax, every month, with a forever coupon', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever', name: 'Quarter off' });
    const nyc = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.875, inclusive: false });
    const { clock, customer } = await clockCustomer('Forever');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_tax_rates: [nyc.id], discounts: [{ coupon: coupon.id }] });
    expect(subscription.discounts).toHaveLength(1);
    const first = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    // 2000 − 25% = 1500; tax 1500 × 8.875% = 133.125 → 133; total 1633
    expect(first).toMatchObject({ subtotal: 2000, total_excluding_tax: 1500, total: 1633, amount_paid: 1633 });
    expect(first.total_discount_amounts).toEqual([{ amount: 500, discount: subscription.discounts[0] }]);
    expect(first.lines.data[0]).toMatchObject({ discount_amounts: [{ amount: 500, discount: subscription.discounts[0] }], discounts: [subscription.discounts[0]] });
    await advanceClock(stripe, clock.id, renewalsAfter(1));
    expect(await totalsOf(subscription.id)).toEqual([1633, 1633]);
    const discount = (await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] })).discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({ object: 'discount', start: APRIL_1, end: null, subscription: subscription.id, source: { type: 'coupon', coupon: coupon.id } });
    expectStripeConformance([discount]);
  });

  it('takes $5.00 off once, then bills in full', async () => {
    const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' });
    const { clock, customer } = await clockCustomer('Once');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    // The first invoice spends the discount: 2000 − 500 = 1500
    expect((await stripe.subscriptions.retrieve(subscription.id)).discounts).toEqual([]);
    await advanceClock(stripe, clock.id, renewalsAfter(1));
    expect(await totalsOf(subscription.id)).toEqual([1500, 2000]);
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
  });

  it('takes 10% off for three months', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'repeating', duration_in_months: 3 });
    const { clock, customer } = await clockCustomer('Repeating');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    for (let month = 1; month <= 4; month += 1) await advanceClock(stripe, clock.id, renewalsAfter(month));
    // Apr, May, Jun: 2000 − 200 = 1800; the discount ends Jul 1, so Jul and Aug bill 2000
    expect(await totalsOf(subscription.id)).toEqual([1800, 1800, 1800, 2000, 2000]);
  });

  it('spreads an amount off over the discountable lines of an invoice only', async () => {
    const coupon = await stripe.coupons.create({ amount_off: 300, currency: 'usd', duration: 'once' });
    const { customer } = await clockCustomer('Invoice discount');
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd', description: 'Setup' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', description: 'Porting', discountable: false });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', discounts: [{ coupon: coupon.id }] });
    // 1000 − 300 + 500 = 1200; the porting line keeps its 500
    expect(invoice).toMatchObject({ subtotal: 1500, total: 1200 });
    expect(invoice.lines.data.map((l) => l.discount_amounts!.map((d) => d.amount))).toEqual([[300], []]);
    const cleared = await stripe.invoices.update(invoice.id, { discounts: '' });
    expect(cleared).toMatchObject({ discounts: [], total: 1500 });
  });

  it('refuses coupons at their redemption limit, deleted ones, and bad definitions', async () => {
    const limited = await stripe.coupons.create({ id: 'LAUNCH', percent_off: 50, max_redemptions: 1, duration: 'once' });
    expect(limited).toMatchObject({ id: 'LAUNCH', object: 'coupon', valid: true, times_redeemed: 0, duration: 'once', percent_off: 50, amount_off: null });
    const { customer } = await clockCustomer('Limits');
    await stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: 'LAUNCH' }] });
    expect(await stripe.coupons.retrieve('LAUNCH')).toMatchObject({ times_redeemed: 1, valid: false });
    const spent = await stripeFailure(stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: 'LAUNCH' }] }));
    expect(spent.raw).toMatchObject({ code: 'coupon_expired', param: 'discounts[0][coupon]' });
    const gone = await stripe.coupons.create({ percent_off: 5, duration: 'forever' });
    expect(await stripe.coupons.update(gone.id, { name: 'Five' })).toMatchObject({ name: 'Five' });
    expect(await stripe.coupons.del(gone.id)).toEqual({ id: gone.id, object: 'coupon', deleted: true });
    expect((await stripeFailure(stripe.coupons.retrieve(gone.id))).statusCode).toBe(404);
    expect((await stripeFailure(stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: gone.id }] }))).param).toBe('discounts[0][coupon]');
    expect((await stripeFailure(stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: 'usd' }))).param).toBe('percent_off');
    expect((await stripeFailure(stripe.coupons.create({ percent_off: 10, duration: 'repeating' }))).param).toBe('duration_in_months');
    expect((await stripeFailure(stripe.coupons.create({ id: 'LAUNCH', percent_off: 10 }))).param).toBe('id');
    const eur = await stripe.coupons.create({ amount_off: 100, currency: 'eur' });
    expect((await stripeFailure(stripe.invoices.create({ customer: customer.id, currency: 'usd', discounts: [{ coupon: eur.id }] }))).message).toContain('eur');
  });
});
