/**
 * Bad input never crashes the Stripe sandbox or earns a 500: property tests sending random form bodies and query
 * strings (known parameter names, bracket-nested names, odd values) to every Stripe route, random JSON bodies to the
 * API v2 routes, and random path segments, checking each answer is a success or Stripe's error body (v1's or v2's)
 * with the status that goes with its type.
 */
import fc from 'fast-check';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';

let t: TestSandbox;
const existing: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestSandbox({ stripe: { webhookRetryDelaysMs: [], webhookTimeoutMs: 200 } });
  const stripe = sandboxStripe(t.sandbox);
  const customer = await stripe.customers.create({ name: 'Fuzz', payment_method: 'pm_card_visa' });
  existing.cus = customer.id;
  existing.txi = (await stripe.customers.createTaxId(customer.id, { type: 'us_ein', value: '12-3456789' })).id;
  existing.cbtxn = (await stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'usd' })).id;
  existing.pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0].id;
  const product = await stripe.products.create({ name: 'Fuzz' });
  existing.prod = product.id;
  existing.price = (await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 })).id;
  existing.txr = (await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false })).id;
  const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  existing.pi = intent.id;
  existing.ch = intent.latest_charge as string;
  existing.re = (await stripe.refunds.create({ payment_intent: intent.id, amount: 100 })).id;
  existing.seti = (await stripe.setupIntents.create({})).id;
  existing.clock = (await stripe.testHelpers.testClocks.create({ frozen_time: 1_700_000_000 })).id;
  existing.we = (await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] })).id;
  existing.evt = (await stripe.events.list({ limit: 1 })).data[0].id;
  // Billing: a meter and its events, a subscription with a licensed and a metered item, invoice items and invoices.
  const meter = await stripe.billing.meters.create({ display_name: 'Fuzz seconds', event_name: 'fuzz_seconds', default_aggregation: { formula: 'sum' } });
  existing.mtr = meter.id;
  await stripe.billing.meterEvents.create({ event_name: 'fuzz_seconds', payload: { stripe_customer_id: customer.id, value: '60' }, identifier: 'fuzz-1' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
  const metered = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: existing.pm } });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id, quantity: 2 }, { price: metered.id }] });
  existing.sub = subscription.id;
  existing.si = subscription.items.data[0].id;
  existing.ii = (await stripe.invoiceItems.create({ customer: customer.id, amount: 300, currency: 'usd' })).id;
  existing.in = (await stripe.invoices.create({ customer: customer.id })).id;
  existing.in_open = subscription.latest_invoice as string;
  existing.coupon = (await stripe.coupons.create({ percent_off: 10, duration: 'forever' })).id;
  // A schedule of a second subscription, so fuzzing one never cancels the other's.
  const scheduled = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
  existing.sub_sched = (await stripe.subscriptionSchedules.create({ from_subscription: scheduled.id })).id;
  existing.token = (await stripe.v2.billing.meterEventSession.create()).authentication_token;
});
afterAll(async () => {
  await t.close();
});

const ROUTES: { method: 'GET' | 'POST' | 'DELETE'; path: () => string }[] = [
  ...['customers', 'products', 'prices', 'tax_rates', 'payment_methods', 'payment_intents', 'setup_intents', 'refunds', 'webhook_endpoints', 'test_helpers/test_clocks']
    .flatMap((r) => [{ method: 'GET' as const, path: () => `/v1/${r}` }, { method: 'POST' as const, path: () => `/v1/${r}` }]),
  ...['customers', 'products', 'prices', 'payment_intents'].map((r) => ({ method: 'GET' as const, path: () => `/v1/${r}/search` })),
  { method: 'GET', path: () => '/v1/events' },
  { method: 'GET', path: () => '/v1/charges' },
  { method: 'GET', path: () => `/v1/events/${existing.evt}` },
  ...([['customers', 'cus'], ['products', 'prod'], ['prices', 'price'], ['tax_rates', 'txr'], ['payment_methods', 'pm'], ['payment_intents', 'pi'], ['setup_intents', 'seti'], ['refunds', 're'], ['webhook_endpoints', 'we'], ['charges', 'ch']] as const)
    .flatMap(([r, k]) => [{ method: 'GET' as const, path: () => `/v1/${r}/${existing[k]}` }, { method: 'POST' as const, path: () => `/v1/${r}/${existing[k]}` }]),
  { method: 'GET', path: () => `/v1/test_helpers/test_clocks/${existing.clock}` },
  { method: 'POST', path: () => `/v1/test_helpers/test_clocks/${existing.clock}/advance` },
  { method: 'GET', path: () => `/v1/customers/${existing.cus}/tax_ids` },
  { method: 'POST', path: () => `/v1/customers/${existing.cus}/tax_ids` },
  { method: 'GET', path: () => `/v1/customers/${existing.cus}/balance_transactions` },
  { method: 'POST', path: () => `/v1/customers/${existing.cus}/balance_transactions` },
  { method: 'POST', path: () => `/v1/customers/${existing.cus}/balance_transactions/${existing.cbtxn}` },
  { method: 'GET', path: () => `/v1/customers/${existing.cus}/payment_methods` },
  { method: 'POST', path: () => `/v1/payment_methods/${existing.pm}/attach` },
  { method: 'POST', path: () => '/v1/payment_methods/pm_card_visa/attach' },
  { method: 'POST', path: () => `/v1/payment_intents/${existing.pi}/confirm` },
  { method: 'POST', path: () => `/v1/payment_intents/${existing.pi}/capture` },
  { method: 'POST', path: () => `/v1/payment_intents/${existing.pi}/cancel` },
  { method: 'POST', path: () => `/v1/setup_intents/${existing.seti}/confirm` },
  { method: 'POST', path: () => `/v1/setup_intents/${existing.seti}/cancel` },
  ...['subscriptions', 'invoiceitems', 'invoices', 'billing/meters', 'coupons', 'subscription_schedules'].flatMap((r) => [{ method: 'GET' as const, path: () => `/v1/${r}` }, { method: 'POST' as const, path: () => `/v1/${r}` }]),
  ...([['subscriptions', 'sub'], ['subscription_items', 'si'], ['invoiceitems', 'ii'], ['invoices', 'in'], ['billing/meters', 'mtr'], ['coupons', 'coupon'], ['subscription_schedules', 'sub_sched']] as const)
    .flatMap(([r, k]) => [{ method: 'GET' as const, path: () => `/v1/${r}/${existing[k]}` }, { method: 'POST' as const, path: () => `/v1/${r}/${existing[k]}` }]),
  { method: 'GET', path: () => '/v1/subscription_items' },
  { method: 'POST', path: () => '/v1/subscription_items' },
  { method: 'POST', path: () => '/v1/billing/meter_events' },
  { method: 'POST', path: () => '/v1/billing/meter_event_adjustments' },
  { method: 'GET', path: () => `/v1/billing/meters/${existing.mtr}/event_summaries` },
  { method: 'POST', path: () => `/v1/billing/meters/${existing.mtr}/deactivate` },
  { method: 'POST', path: () => `/v1/billing/meters/${existing.mtr}/reactivate` },
  { method: 'POST', path: () => '/v1/invoices/create_preview' },
  { method: 'GET', path: () => `/v1/invoices/${existing.in}/lines` },
  ...['finalize', 'pay', 'void', 'mark_uncollectible', 'send'].flatMap((action) => [
    { method: 'POST' as const, path: () => `/v1/invoices/${existing.in}/${action}` },
    { method: 'POST' as const, path: () => `/v1/invoices/${existing.in_open}/${action}` },
  ]),
  { method: 'POST', path: () => `/v1/subscription_schedules/${existing.sub_sched}/release` },
  { method: 'POST', path: () => `/v1/subscription_schedules/${existing.sub_sched}/cancel` },
  { method: 'DELETE', path: () => `/v1/subscription_items/${existing.si}` },
  { method: 'DELETE', path: () => `/v1/subscriptions/${existing.sub}` },
  { method: 'DELETE', path: () => `/v1/invoiceitems/${existing.ii}` },
  { method: 'DELETE', path: () => `/v1/invoices/${existing.in}` },
  { method: 'DELETE', path: () => `/v1/coupons/${existing.coupon}` },
  { method: 'DELETE', path: () => `/v1/customers/cus_${'x'.repeat(24)}` },
  { method: 'DELETE', path: () => `/v1/products/${existing.prod}` },
  { method: 'DELETE', path: () => `/v1/customers/${existing.cus}/tax_ids/txi_missing` },
  { method: 'DELETE', path: () => '/v1/webhook_endpoints/we_missing' },
];

/** Parameter names the routes read, so random values hit real validation and not only unknown keys. */
const NAMES = [
  'name', 'email', 'description', 'metadata[k]', 'metadata', 'address[country]', 'address[line1]', 'tax_id_data[0][type]', 'tax_id_data[0][value]',
  'payment_method', 'invoice_settings[default_payment_method]', 'test_clock', 'balance', 'preferred_locales[]', 'tax_exempt', 'currency', 'amount',
  'unit_amount', 'unit_amount_decimal', 'product', 'product_data[name]', 'recurring[interval]', 'recurring[usage_type]', 'recurring[meter]',
  'recurring[interval_count]', 'billing_scheme', 'tiers_mode', 'tiers[0][up_to]', 'tiers[0][unit_amount]', 'tiers[1][up_to]', 'lookup_key',
  'transfer_lookup_key', 'transform_quantity[divide_by]', 'tax_behavior', 'active', 'nickname', 'display_name', 'percentage', 'inclusive',
  'type', 'card[token]', 'card[number]', 'card[exp_month]', 'us_bank_account[routing_number]', 'customer', 'confirm', 'off_session',
  'capture_method', 'allowed_payment_method_types[]', 'amount_to_capture', 'cancellation_reason', 'charge', 'payment_intent', 'reason', 'url',
  'enabled_events[]', 'enabled_events[0]', 'disabled', 'frozen_time', 'limit', 'starting_after', 'ending_before', 'created[gte]', 'created',
  'expand[]', 'query', 'page', 'types[]', 'lookup_keys[]', 'id', 'default_price', 'default_price_data[currency]', 'usage', 'ids[]',
  // billing
  'items[0][price]', 'items[0][quantity]', 'items[0][id]', 'items[0][deleted]', 'items[0][tax_rates][]', 'items[1][price]', 'proration_behavior',
  'proration_date', 'payment_behavior', 'collection_method', 'days_until_due', 'due_date', 'cancel_at_period_end', 'cancel_at', 'billing_cycle_anchor',
  'default_tax_rates[]', 'default_tax_rates[0]', 'add_invoice_items[0][price]', 'add_invoice_items[0][quantity]', 'subscription', 'invoice',
  'pending_invoice_items_behavior', 'auto_advance', 'paid_out_of_band', 'pricing[price]', 'price_data[currency]', 'price_data[product]',
  'price_data[unit_amount]', 'period[start]', 'period[end]', 'quantity', 'quantity_decimal', 'discountable', 'tax_rates[]', 'event_name',
  'payload[stripe_customer_id]', 'payload[value]', 'identifier', 'timestamp', 'default_aggregation[formula]', 'customer_mapping[event_payload_key]',
  'customer_mapping[type]', 'value_settings[event_payload_key]', 'event_time_window', 'start_time', 'end_time', 'value_grouping_window',
  'cancel[identifier]', 'invoice_now', 'prorate', 'clear_usage', 'subscription_details[items][0][price]', 'subscription_details[proration_date]',
  'status', 'pending', 'price', 'discounts[0][coupon]', 'discounts', 'percent_off', 'amount_off', 'duration', 'duration_in_months',
  'max_redemptions', 'redeem_by',
  // subscription schedules
  'from_subscription', 'end_behavior', 'phases[0][items][0][price]', 'phases[0][items][0][quantity]', 'phases[0][start_date]', 'phases[0][end_date]',
  'phases[0][duration][interval]', 'phases[0][duration][interval_count]', 'phases[0][iterations]', 'phases[0][proration_behavior]',
  'phases[1][items][0][price]', 'phases[1][end_date]', 'phases[0][default_tax_rates][]', 'phases[0][collection_method]',
  'phases[0][invoice_settings][days_until_due]', 'phases[0][metadata][k]', 'scheduled', 'released_at[gte]', 'preserve_cancel_date',
];
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('true', 'false', '', '0', '-1', '1e9', '99999999999999999999', 'inf', 'usd', 'eur', 'xyz', 'month', 'metered', 'tiered',
    'graduated', 'pm_card_visa', 'pm_card_chargeDeclined', 'tok_visa', 'card', 'us_bank_account', "email:'a'", "name~'abc'", 'data.customer',
    'customer', '*', 'http://127.0.0.1:9/x', 'eu_vat', 'DE123456789', '4242424242424242', 'cus_missing', '__proto__', 'constructor',
    'sum', 'count', 'last', 'create_prorations', 'always_invoice', 'none', 'error_if_incomplete', 'default_incomplete', 'send_invoice',
    'charge_automatically', 'include', 'exclude', 'hour', 'day', 'fuzz_seconds', '1700000000', '12.5', '-300', 'now', 'release', 'cancel'),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }), fc.constantFrom('a[', 'a]', '[]', 'a[b][', '%', 'a[][]', 'metadata[__proto__]', 'expand[0]'));
const params = fc.array(fc.tuple(key, value), { maxLength: 8 });

/** Encodes pairs as the SDK would, keeping brackets readable, with a chance of raw (possibly bad) percent signs. */
function encode(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&');
}

const TYPES_BY_STATUS: Record<number, string[]> = {
  400: ['invalid_request_error', 'idempotency_error'],
  402: ['card_error'],
  404: ['invalid_request_error'],
};

/** Asserts Stripe's error body for a status. */
function expectStripeError(status: number, text: string): void {
  const body = JSON.parse(text) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error;
  expect(TYPES_BY_STATUS[status]).toContain(error.type);
  expect(typeof error.message).toBe('string');
  for (const field of ['code', 'param', 'doc_url', 'decline_code', 'charge']) if (field in error) expect(typeof error[field]).toBe('string');
  if (typeof error.code === 'string') expect(error.doc_url).toBe(`https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}`);
}

async function send(method: string, path: string, form: string) {
  const res = await fetch(method === 'POST' ? `${t.sandbox.url}${path}` : `${t.sandbox.url}${path}?${form}`, {
    method,
    headers: { authorization: `Bearer ${t.sandbox.stripeSecretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: method === 'POST' ? form : undefined,
  });
  return { status: res.status, text: await res.text() };
}

/** Stands for the existing customer's id in generated bodies (the id exists only once `beforeAll` ran). */
const EXISTING_CUSTOMER = 'cus_existing_placeholder';

/** A v2 meter event, or something like one: known fields with good, odd and wrong values, and stray fields. */
const v2Event = fc.record({
  event_name: fc.oneof(fc.constantFrom('fuzz_seconds', 'no_such_meter', ''), fc.string({ maxLength: 120 }), fc.integer(), fc.constant(null)),
  payload: fc.oneof(
    fc.record({ stripe_customer_id: fc.constantFrom(EXISTING_CUSTOMER, 'cus_missing', ''), value: fc.constantFrom('60', '0.5', '-1', '1e3', '', '1234567890123456') }, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null))),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  identifier: fc.oneof(fc.string({ maxLength: 110 }), fc.constantFrom('fuzz-1', 'fuzz-2'), fc.integer()),
  timestamp: fc.oneof(fc.constant(new Date().toISOString()), fc.constantFrom('2026-02-30T00:00:00Z', 'yesterday', '1700000000', '2020-01-01T00:00:00.000Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer()),
  stray: fc.jsonValue({ maxDepth: 1 }),
}, { requiredKeys: [] });

/** Bodies for the v2 routes: JSON values, event-shaped objects, stream-shaped objects, and text that is not JSON. */
const v2Body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  v2Event.map((e) => JSON.stringify(e)),
  fc.record({ events: fc.oneof(fc.array(v2Event, { maxLength: 105 }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
  fc.record({ event_name: fc.string({ maxLength: 20 }), type: fc.constantFrom('cancel', 'other', ''), cancel: fc.oneof(fc.record({ identifier: fc.constantFrom('fuzz-1', 'nope', '') }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
  fc.constantFrom('', '{', 'null', '[]', '{"events": [', 'events=1'),
);

const V2_TYPES_BY_STATUS: Record<number, string[]> = { 400: ['invalid_request_error', 'idempotency_error'], 401: ['temporary_session_expired'], 404: ['invalid_request_error'] };

describe('the Stripe sandbox facing arbitrary input', () => {
  it("never answers 500 and always uses Stripe's error shape, whatever the form body or query", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), params, fc.boolean(), async (route, pairs, rawPercent) => {
        const form = encode(pairs) + (rawPercent ? '&%E0%A4%A=1' : '');
        const { status, text } = await send(route.method, route.path(), form);
        expect([200, 400, 402, 404]).toContain(status);
        if (status >= 400) expectStripeError(status, text);
        else expect(JSON.parse(text)).toEqual(expect.objectContaining({ object: expect.any(String) }));
      }),
      { numRuns: 600, seed: 20261028 },
    );
  });

  it('answers arbitrary path segments with a Stripe 404 or 400, never a 500', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 20 }), // No '..': the client resolves it before sending, so the request would leave /v1.
    fc.constantFrom('%', '%25', 'cus_', 'search', 'pm_card_visa', 'pm_usBankAccount', 'tok_visa', existing.cus ?? 'x'));
    const shapes = [
      (s: string) => `/v1/${s}`,
      (s: string) => `/v1/customers/${s}`,
      (s: string) => `/v1/customers/${s}/tax_ids`,
      (s: string) => `/v1/customers/${existing.cus}/tax_ids/${s}`,
      (s: string) => `/v1/prices/${s}`,
      (s: string) => `/v1/payment_methods/${s}/attach`,
      (s: string) => `/v1/payment_intents/${s}/confirm`,
      (s: string) => `/v1/test_helpers/test_clocks/${s}`,
      (s: string) => `/v1/events/${s}`,
      (s: string) => `/v1/subscriptions/${s}`,
      (s: string) => `/v1/subscription_schedules/${s}/release`,
      (s: string) => `/v1/invoices/${s}/pay`,
      (s: string) => `/v1/billing/meters/${s}/event_summaries`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: shapes.length - 1 }), segment, fc.constantFrom('GET', 'POST', 'DELETE'), async (i, s, method) => {
        const raw = /%/.test(s) ? s : encodeURIComponent(s);
        const { status, text } = await send(method, shapes[i](raw), method === 'POST' ? 'customer=' + existing.cus : '');
        expect([200, 400, 402, 404]).toContain(status);
        if (status >= 400) expectStripeError(status, text);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("never answers 500 on the API v2 routes and always uses v2's error shape, whatever the JSON body", async () => {
    const paths = ['/v2/billing/meter_event_session', '/v2/billing/meter_event_stream', '/v2/billing/meter_events', '/v2/billing/meter_event_adjustments'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), v2Body, fc.boolean(), async (path, body, expiredToken) => {
        const credential = path.endsWith('stream') ? (expiredToken ? 'mets_test_expired' : existing.token) : t.sandbox.stripeSecretKey;
        const res = await fetch(`${t.sandbox.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: body.replaceAll(EXISTING_CUSTOMER, existing.cus) });
        const answer = JSON.parse(await res.text()) as { error?: Record<string, unknown> };
        expect([200, 400, 401, 404]).toContain(res.status);
        if (res.status === 200) return;
        expect(Object.keys(answer)).toEqual(['error']);
        expect(V2_TYPES_BY_STATUS[res.status]).toContain(answer.error!.type);
        expect(typeof answer.error!.message).toBe('string');
        expect(answer.error).not.toHaveProperty('doc_url');
        for (const field of ['code', 'param']) if (field in answer.error!) expect(typeof answer.error![field]).toBe('string');
      }),
      { numRuns: 400, seed: 20261028 },
    );
  });

  it('keeps serving after the barrage', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'After' });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ name: 'After' });
  });
});
