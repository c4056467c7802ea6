/**
 * Invoices through the official SDK, every total worked out by hand: numbers billed on graduated and on volume tiers,
 * tax by jurisdiction (exclusive in New York, inclusive in Germany), a prepaid credit applied at finalization, and an
 * invoice's life from draft to paid, void or uncollectible.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe, stripeFailure } from '../support/stripe';
import { expectStripeConformance } from '../support/stripe-conformance';

/** The fixtures are stripe-mock's; since API basil an invoice names its subscription in `parent`, not `subscription`. */
const CURRENT_INVOICE = { except: ['subscription'] };

describe('invoices', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let numbers: Stripe.Product;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    numbers = await stripe.products.create({ name: 'Phone numbers' });
  });

  const payingCustomer = (name: string, extra: Stripe.CustomerCreateParams = {}) =>
    stripe.customers.create({ name, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' }, ...extra });
  const latestInvoice = async (subscription: Stripe.Subscription) => stripe.invoices.retrieve(subscription.latest_invoice as string);

  // First 10 numbers $5.00 each plus a $20.00 platform fee, the next 40 at $4.00, the rest at $3.00.
  const tiers: Stripe.PriceCreateParams.Tier[] = [
    { up_to: 10, unit_amount: 500, flat_amount: 2000 },
    { up_to: 50, unit_amount: 400 },
    { up_to: 'inf', unit_amount: 300 },
  ];

  it('bills 60 numbers on graduated tiers as each tier\'s own numbers plus the platform fee', async () => {
    const price = await stripe.prices.create({ product: numbers.id, currency: 'usd', recurring: { interval: 'month' }, billing_scheme: 'tiered', tiers_mode: 'graduated', tiers });
    const customer = await payingCustomer('Graduated Ltd');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 60 }] });
    expect(subscription.status).toBe('active');
    const invoice = await latestInvoice(subscription);
    // 10 × 500 + 2000 = 7000; 40 × 400 = 16000; 10 × 300 = 3000 → 26000
    expect(invoice).toMatchObject({ billing_reason: 'subscription_create', status: 'paid', subtotal: 26_000, total: 26_000, amount_due: 26_000, amount_paid: 26_000, amount_remaining: 0 });
    expect(invoice.lines.data).toHaveLength(1);
    expect(invoice.lines.data[0]).toMatchObject({ amount: 26_000, quantity: 60, description: '60 × Phone numbers', parent: { type: 'subscription_item_details' } });
    expect(invoice.number).toMatch(new RegExp(`^${customer.invoice_prefix}-0001$`));
    expectStripeConformance([subscription, invoice, invoice.lines], CURRENT_INVOICE);
  });

  it('bills 60 numbers on volume tiers all at the third tier\'s price', async () => {
    const price = await stripe.prices.create({ product: numbers.id, currency: 'usd', recurring: { interval: 'month' }, billing_scheme: 'tiered', tiers_mode: 'volume', tiers });
    const customer = await payingCustomer('Volume Ltd');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 60 }] });
    // 60 × 300 = 18000 (the third tier has no flat fee)
    expect(await latestInvoice(subscription)).toMatchObject({ total: 18_000, amount_paid: 18_000, status: 'paid' });
    const ten = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 10 }] });
    // 10 numbers stay in the first tier: 10 × 500 + 2000 flat = 7000
    expect((await latestInvoice(ten)).total).toBe(7000);
  });

  it('adds New York City sales tax on top, rounded half up per line', async () => {
    const nyc = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.875, inclusive: false, country: 'US', state: 'NY', jurisdiction: 'New York City' });
    const price = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const customer = await payingCustomer('Brooklyn Calls', { address: { country: 'US', state: 'NY', postal_code: '11201', line1: '1 Main St', city: 'Brooklyn' } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], default_tax_rates: [nyc.id] });
    const invoice = await latestInvoice(subscription);
    // 2 × 1000 = 2000; tax 2000 × 8.875% = 177.5 → 178; total 2178
    expect(invoice).toMatchObject({ subtotal: 2000, total_excluding_tax: 2000, total: 2178, amount_paid: 2178 });
    expect(invoice.total_taxes).toEqual([{ amount: 178, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: nyc.id }, taxability_reason: 'not_available', taxable_amount: 2000, type: 'tax_rate_details' }]);
    expect(invoice.lines.data[0]!.taxes).toEqual(invoice.total_taxes);
    expect(invoice.default_tax_rates.map((r) => r.id)).toEqual([nyc.id]);
  });

  it('finds German VAT inside the price when the rate is inclusive, and lets an item\'s own rate win over the default', async () => {
    const vat = await stripe.taxRates.create({ display_name: 'USt.', percentage: 19, inclusive: true, country: 'DE', jurisdiction: 'DE' });
    const reduced = await stripe.taxRates.create({ display_name: 'USt. reduced', percentage: 7, inclusive: true, country: 'DE' });
    const eur = await stripe.prices.create({ product: numbers.id, currency: 'eur', unit_amount: 1190, recurring: { interval: 'month' } });
    const extra = await stripe.prices.create({ product: numbers.id, currency: 'eur', unit_amount: 1070, recurring: { interval: 'month' } });
    const customer = await payingCustomer('Berlin GmbH');
    const subscription = await stripe.subscriptions.create({
      customer: customer.id, default_tax_rates: [vat.id],
      items: [{ price: eur.id, quantity: 1 }, { price: extra.id, quantity: 1, tax_rates: [reduced.id] }],
    });
    const invoice = await latestInvoice(subscription);
    // 1190 / 1.19 = 1000 → VAT 190; 1070 / 1.07 = 1000 → VAT 70; subtotal 2260 with the VAT inside, total 2260
    expect(invoice).toMatchObject({ currency: 'eur', subtotal: 2260, subtotal_excluding_tax: 2000, total_excluding_tax: 2000, total: 2260 });
    expect(invoice.total_taxes!.map((tax) => [tax.tax_rate_details!.tax_rate, tax.amount, tax.taxable_amount, tax.tax_behavior]))
      .toEqual([[vat.id, 190, 1000, 'inclusive'], [reduced.id, 70, 1000, 'inclusive']]);
  });

  it('applies a prepaid credit at finalization and records it on the customer\'s ledger', async () => {
    const customer = await payingCustomer('Prepaid Inc');
    await stripe.customers.createBalanceTransaction(customer.id, { amount: -300, currency: 'usd', description: 'Prepaid credit' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd', description: 'Porting fee' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    // The draft shows the balance it would use: 1000 − 300 = 700 due
    expect(draft).toMatchObject({ status: 'draft', total: 1000, starting_balance: -300, amount_due: 700, ending_balance: null, number: null });
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open).toMatchObject({ status: 'open', total: 1000, starting_balance: -300, ending_balance: 0, amount_due: 700, amount_remaining: 700 });
    expect(open.number).toBe(`${customer.invoice_prefix}-0001`);
    expect(open.hosted_invoice_url).toEqual(expect.stringContaining(open.id));
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(0);
    const ledger = await stripe.customers.listBalanceTransactions(customer.id);
    expect(ledger.data[0]).toMatchObject({ type: 'applied_to_invoice', amount: 300, invoice: open.id, ending_balance: 0 });
    const paid = await stripe.invoices.pay(open.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 700, amount_remaining: 0 });
    expectStripeConformance([paid], CURRENT_INVOICE);
  });

  it('keeps what is left of a credit larger than the invoice', async () => {
    const customer = await payingCustomer('Big Credit');
    await stripe.customers.createBalanceTransaction(customer.id, { amount: -1500, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    // 1000 − 1500 credit: nothing due, so it is paid at once; −500 of credit remains
    expect(finalized).toMatchObject({ status: 'paid', amount_due: 0, ending_balance: -500, starting_balance: -1500 });
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-500);
  });

  it('leaves pending items out of a manual invoice unless asked, and attaches an item to a draft', async () => {
    const customer = await payingCustomer('Manual Co');
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 250, currency: 'usd', description: 'Setup' });
    expect(pending).toMatchObject({ object: 'invoiceitem', invoice: null, net_amount: 250, proration: false, parent: null, pricing: { type: 'price_details' } });
    // stripe-node 23 reads *_decimal fields as Decimal objects
    expect(String(pending.pricing!.unit_amount_decimal)).toBe('250');
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect(draft.lines.data).toHaveLength(0);
    const oneOff = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount_decimal: decimal('12.5') });
    const onDraft = await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: oneOff.id }, quantity: 3 });
    // 3 × 12.5 = 37.5 → 38 (half up)
    expect(onDraft).toMatchObject({ amount: 38, invoice: draft.id, quantity: 3, pricing: { price_details: { price: oneOff.id, product: numbers.id } } });
    expect(String(onDraft.pricing!.unit_amount_decimal)).toBe('12.5');
    const lines = await stripe.invoices.listLineItems(draft.id);
    expect(lines.data.map((l) => l.amount)).toEqual([38]);
    expect((await stripe.invoices.retrieve(draft.id)).total).toBe(38);
    expect((await stripe.invoiceItems.retrieve(pending.id)).invoice).toBeNull();
    await stripe.invoiceItems.del(onDraft.id);
    expect((await stripe.invoices.retrieve(draft.id)).total).toBe(0);
    expectStripeConformance([pending]);
  });

  it('embeds the first 10 of 25 setup fees on the invoice and pages all of them, through payment', async () => {
    const customer = await payingCustomer('Many Numbers Ltd');
    // $1.01, $1.02, … $1.25: each line is told apart by its amount, and they add up to $28.25.
    for (let i = 1; i <= 25; i++) {
      await stripe.invoiceItems.create({ customer: customer.id, amount: 100 + i, currency: 'usd', description: `Setup fee ${i}` });
    }
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const expectEmbedsFirstTen = (invoice: Stripe.Invoice) => {
      expect(invoice.lines).toMatchObject({ object: 'list', has_more: true, total_count: 25, url: `/v1/invoices/${invoice.id}/lines` });
      expect(invoice.lines.data).toHaveLength(10);
    };
    expectEmbedsFirstTen(draft);
    expect(draft.total).toBe(2825);
    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expectEmbedsFirstTen(finalized);
    const paid = await stripe.invoices.pay(draft.id);
    expect(paid.status).toBe('paid');
    expectEmbedsFirstTen(await stripe.invoices.retrieve(draft.id));
    const lines = await stripe.invoices.listLineItems(draft.id, { limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(lines.map((line) => line.amount).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => 101 + i));
    expect(new Set(lines.map((line) => line.id)).size).toBe(25);
    expect(lines.reduce((sum, line) => sum + line.amount, 0)).toBe(paid.total);
    expect(paid.lines.data.map((line) => line.id)).toEqual(lines.slice(0, 10).map((line) => line.id));
  });

  it('shows the invoice on every pending item it takes, and lets them go when the draft is deleted', async () => {
    const customer = await payingCustomer('Item Keeper');
    const fees = [];
    for (let i = 1; i <= 12; i++) fees.push(await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd', description: `Setup fee ${i}` }));
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const retrieved = await stripe.invoiceItems.retrieve(fees[11]!.id);
    expect(retrieved).toEqual({ ...fees[11], invoice: draft.id });
    const onDraft = await stripe.invoiceItems.list({ invoice: draft.id, limit: 100 });
    expect(onDraft.data.map((item) => item.id).sort()).toEqual(fees.map((fee) => fee.id).sort());
    expect(onDraft.data.every((item) => item.invoice === draft.id)).toBe(true);
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
    await stripe.invoices.del(draft.id);
    const released = await stripe.invoiceItems.list({ customer: customer.id, pending: true, limit: 100 });
    expect(released.data.map((item) => item.id).sort()).toEqual(fees.map((fee) => fee.id).sort());
    expect(await stripe.invoiceItems.retrieve(fees[0]!.id)).toEqual(fees[0]);
  });

  it('refuses transitions Stripe refuses, naming the state', async () => {
    const customer = await payingCustomer('Transitions');
    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect((await stripeFailure(stripe.invoices.voidInvoice(draft.id))).message).toContain('draft');
    expect((await stripeFailure(stripe.invoices.markUncollectible(draft.id))).message).toMatch(/open.*is draft/);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect((await stripeFailure(stripe.invoices.finalizeInvoice(open.id))).message).toContain('already finalized');
    expect((await stripeFailure(stripe.invoices.del(open.id))).message).toMatch(/draft.*is open/);
    const uncollectible = await stripe.invoices.markUncollectible(open.id);
    expect(uncollectible.status).toBe('uncollectible');
    const voided = await stripe.invoices.voidInvoice(open.id);
    expect(voided).toMatchObject({ status: 'void', amount_remaining: 0 });
    expect((await stripeFailure(stripe.invoices.pay(open.id))).message).toContain('void');
  });

  it('answers a declined card with a 402, keeps the invoice open and counts the attempt', async () => {
    const customer = await stripe.customers.create({ name: 'Declined', payment_method: 'pm_card_chargeCustomerFail', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const declined = await stripeFailure(stripe.invoices.pay(draft.id));
    expect(declined.statusCode).toBe(402);
    expect(declined.raw).toMatchObject({ type: 'card_error', code: 'card_declined' });
    // The charge went through a payment intent, which the error embeds as Stripe's does
    expect(declined.raw.payment_intent).toMatchObject({ id: expect.stringMatching(/^pi_/), amount: 900 });
    expect(await stripe.invoices.retrieve(draft.id)).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_remaining: 900 });
    const outOfBand = await stripe.invoices.pay(draft.id, { paid_out_of_band: true });
    expect(outOfBand).toMatchObject({ status: 'paid', amount_paid: 900, amount_remaining: 0 });
  });

  it('lists invoices by customer, subscription and status', async () => {
    const price = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const customer = await payingCustomer('Lister');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.invoices.create({ customer: customer.id });
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(2);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data.map((i) => i.id)).toEqual([subscription.latest_invoice]);
    expect((await stripe.invoices.list({ customer: customer.id, status: 'draft' })).data).toHaveLength(1);
  });
});
