/**
 * The catalogue through the official SDK: products, prices (per unit, decimal, tiered graduated and volume, metered on
 * a billing meter, lookup keys moved between prices), tax rates; and what Stripe refuses: changing a price, deleting
 * a product that has prices, tiers out of order, a metered price without a meter.
 */
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe, stripeFailure, stripeRaw } from '../support/stripe';
import { conformanceAfterAll } from '../support/stripe-conformance';

describe('Stripe catalogue in the sandbox', () => {
  const t = useTestSandbox();
  const served = conformanceAfterAll();

  it('creates a product with a default price and archives it instead of deleting it', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const product = await stripe.products.create({ id: 'prod_us_local_number', name: 'US local number', metadata: { kind: 'number' }, default_price_data: { currency: 'usd', unit_amount: 115, recurring: { interval: 'month' } } });
    served.push(product);
    expect(product).toMatchObject({ id: 'prod_us_local_number', object: 'product', active: true, name: 'US local number', default_price: expect.stringMatching(/^price_/) });
    const price = await stripe.prices.retrieve(product.default_price as string);
    served.push(price);
    expect(price).toMatchObject({ unit_amount: 115, type: 'recurring', recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null }, product: product.id });
    expect(String(price.unit_amount_decimal)).toBe('115');
    const expanded = await stripe.prices.retrieve(price.id, { expand: ['product'] });
    expect(expanded.product).toMatchObject({ id: product.id, object: 'product' });
    const again = await stripeFailure(stripe.products.create({ id: 'prod_us_local_number', name: 'again' }));
    expect(again.raw).toMatchObject({ code: 'resource_already_exists', param: 'id' });
    const refused = await stripeFailure(stripe.products.del(product.id));
    expect([refused.statusCode, refused.raw.message]).toEqual([400, expect.stringContaining('cannot be deleted because it has one or more user-created prices')]);
    const archived = await stripe.products.update(product.id, { active: false, description: 'retired' });
    served.push(archived);
    expect(archived).toMatchObject({ active: false, description: 'retired' });
    const bare = await stripe.products.create({ name: 'No prices' });
    expect(await stripe.products.del(bare.id)).toEqual({ id: bare.id, object: 'product', deleted: true });
    const listed = await stripe.products.list({ active: false });
    served.push(listed);
    expect(listed.data.map((p) => p.id)).toEqual([product.id]);
    const found = await stripe.products.search({ query: "metadata['kind']:'number' AND active:'false'" });
    expect(found.data.map((p) => p.id)).toEqual([product.id]);
  });

  it('keeps sub-cent per-minute rates as unit_amount_decimal, with at most 12 decimals', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const price = await stripe.prices.create({ currency: 'usd', unit_amount_decimal: decimal('0.850'), product_data: { name: 'Minutes to +44' }, nickname: 'per second' });
    served.push(price);
    expect(String(price.unit_amount_decimal)).toBe('0.85');
    expect(price).toMatchObject({ unit_amount: null, billing_scheme: 'per_unit', type: 'one_time', nickname: 'per second', tax_behavior: 'unspecified' });
    const product = await stripe.products.retrieve(price.product as string);
    expect(product.name).toBe('Minutes to +44');
    const tooFine = await stripeFailure(stripe.prices.create({ currency: 'usd', unit_amount_decimal: decimal('0.1234567890123'), product: product.id }));
    expect(tooFine.raw.param).toBe('unit_amount_decimal');
    const both = await stripeFailure(stripe.prices.create({ currency: 'usd', unit_amount: 1, unit_amount_decimal: decimal('1'), product: product.id }));
    expect(both.raw.param).toBe('unit_amount_decimal');
    const neither = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id }));
    expect(neither.raw).toMatchObject({ code: 'parameter_missing', param: 'unit_amount' });
    const badCurrency = await stripeFailure(stripe.prices.create({ currency: 'xyz', unit_amount: 1, product: product.id }));
    expect(badCurrency.raw.param).toBe('currency');
    const noProduct = await stripeFailure(stripe.prices.create({ currency: 'usd', unit_amount: 1, product: 'prod_missing' }));
    expect([noProduct.statusCode, noProduct.raw.code, noProduct.raw.param]).toEqual([400, 'resource_missing', 'product']);
  });

  it('takes graduated and volume tiers ending at inf, served only when expanded', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const product = await stripe.products.create({ name: 'Numbers, tiered' });
    const graduated = await stripe.prices.create({
      currency: 'usd', product: product.id, billing_scheme: 'tiered', tiers_mode: 'graduated', recurring: { interval: 'month' },
      tiers: [{ up_to: 10, unit_amount: 100 }, { up_to: 100, unit_amount_decimal: decimal('80.5'), flat_amount: 500 }, { up_to: 'inf', unit_amount: 50 }],
    });
    served.push(graduated);
    expect(graduated).toMatchObject({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, unit_amount_decimal: null });
    expect(graduated.tiers).toBeUndefined();
    const withTiers = await stripe.prices.retrieve(graduated.id, { expand: ['tiers'] });
    // The SDK turns decimal strings into its Decimal objects; compare them as the strings on the wire.
    const tiers = withTiers.tiers!.map((tier) => ({ ...tier, unit_amount_decimal: tier.unit_amount_decimal === null ? null : String(tier.unit_amount_decimal), flat_amount_decimal: tier.flat_amount_decimal === null ? null : String(tier.flat_amount_decimal) }));
    expect(tiers).toEqual([
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 100, unit_amount_decimal: '100', up_to: 10 },
      { flat_amount: 500, flat_amount_decimal: '500', unit_amount: null, unit_amount_decimal: '80.5', up_to: 100 },
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 50, unit_amount_decimal: '50', up_to: null },
    ]);
    const listed = await stripe.prices.list({ product: product.id, expand: ['data.tiers'] });
    expect(listed.data[0].tiers).toHaveLength(3);
    const volume = await stripe.prices.create({ currency: 'usd', product: product.id, billing_scheme: 'tiered', tiers_mode: 'volume', tiers: [{ up_to: 5, unit_amount: 10 }, { up_to: 'inf', unit_amount: 8 }] });
    expect(volume.tiers_mode).toBe('volume');

    const refusals: [object, string][] = [
      [{ tiers: [{ up_to: 10, unit_amount: 1 }, { up_to: 5, unit_amount: 1 }, { up_to: 'inf', unit_amount: 1 }] }, 'tiers[1][up_to]'],
      [{ tiers: [{ up_to: 10, unit_amount: 1 }, { up_to: 20, unit_amount: 1 }] }, 'tiers[1][up_to]'],
      [{ tiers: [{ up_to: 'inf', unit_amount: 1 }, { up_to: 20, unit_amount: 1 }] }, 'tiers[0][up_to]'],
      [{ tiers: [{ up_to: 10 }, { up_to: 'inf', unit_amount: 1 }] }, 'tiers[0][unit_amount]'],
      [{ tiers: [{ up_to: 'inf', unit_amount: 1 }], tiers_mode: undefined }, 'tiers_mode'],
    ];
    for (const [extra, param] of refusals) {
      const err = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, billing_scheme: 'tiered', tiers_mode: 'graduated', ...extra } as never));
      expect([err.statusCode, err.raw.param]).toEqual([400, param]);
    }
  });

  it('needs an existing billing meter behind a metered price', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const product = await stripe.products.create({ name: 'Minutes' });
    const missing = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, unit_amount_decimal: decimal('0.5'), recurring: { interval: 'month', usage_type: 'metered' } }));
    expect(missing.raw).toMatchObject({ code: 'parameter_missing', param: 'recurring[meter]' });
    const unknown = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: 'mtr_nope' } }));
    expect(unknown.raw).toMatchObject({ code: 'resource_missing', param: 'recurring[meter]', message: "No such billing meter: 'mtr_nope'" });
    // Meters are the billing part's objects; a stored one (as it will store them) is enough for the catalogue.
    const meter = { id: 'mtr_test_minutes', object: 'billing.meter', created: 1, event_name: 'minutes', status: 'active' };
    t.sandbox.context.stripe.store.insert(meter);
    const metered = await stripe.prices.create({ currency: 'usd', product: product.id, unit_amount_decimal: decimal('0.0141666'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    served.push(metered);
    expect(metered.recurring).toEqual({ interval: 'month', interval_count: 1, meter: meter.id, trial_period_days: null, usage_type: 'metered' });
    const filtered = await stripe.prices.list({ recurring: { meter: meter.id } });
    expect(filtered.data.map((p) => p.id)).toEqual([metered.id]);
    const licensedWithMeter = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 1, recurring: { interval: 'month', meter: meter.id } }));
    expect(licensedWithMeter.raw.param).toBe('recurring[meter]');
    const tooLong = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 1, recurring: { interval: 'month', interval_count: 37 } }));
    expect(tooLong.raw.param).toBe('recurring[interval_count]');
  });

  it('is immutable but for active, metadata, nickname, lookup_key and an unspecified tax_behavior', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const product = await stripe.products.create({ name: 'Immutable' });
    const price = await stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 500, lookup_key: 'gb-mobile-monthly', transform_quantity: { divide_by: 60, round: 'up' } });
    served.push(price);
    expect(price.transform_quantity).toEqual({ divide_by: 60, round: 'up' });
    for (const [params, param] of [[{ unit_amount: 600 }, 'unit_amount'], [{ currency: 'eur' }, 'currency'], [{ recurring: { interval: 'year' } }, 'recurring']] as const) {
      const err = await stripeFailure(stripe.prices.update(price.id, params as never));
      expect([err.statusCode, err.raw.param, err.raw.message]).toEqual([400, param, expect.stringContaining('Prices are immutable')]);
    }
    const updated = await stripe.prices.update(price.id, { active: false, nickname: 'old', metadata: { v: '1' }, tax_behavior: 'exclusive' });
    served.push(updated);
    expect(updated).toMatchObject({ active: false, nickname: 'old', metadata: { v: '1' }, tax_behavior: 'exclusive', unit_amount: 500 });
    const taxAgain = await stripeFailure(stripe.prices.update(price.id, { tax_behavior: 'inclusive' }));
    expect(taxAgain.raw.param).toBe('tax_behavior');

    const taken = await stripeFailure(stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 550, lookup_key: 'gb-mobile-monthly' }));
    expect(taken.raw).toMatchObject({ param: 'lookup_key', message: expect.stringContaining(price.id) });
    const successor = await stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 550, lookup_key: 'gb-mobile-monthly', transfer_lookup_key: true });
    expect(successor.lookup_key).toBe('gb-mobile-monthly');
    expect((await stripe.prices.retrieve(price.id)).lookup_key).toBeNull();
    const byKey = await stripe.prices.list({ lookup_keys: ['gb-mobile-monthly'] });
    expect(byKey.data.map((p) => p.id)).toEqual([successor.id]);
    const searched = await stripe.prices.search({ query: "lookup_key:'gb-mobile-monthly'" });
    served.push(searched);
    expect(searched.data.map((p) => p.id)).toEqual([successor.id]);
  });

  it('keeps tax rates with a fixed percentage, filtered by active and inclusive', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 19, inclusive: false, country: 'DE', jurisdiction: 'DE', tax_type: 'vat', description: 'VAT Germany' });
    const gst = await stripe.taxRates.create({ display_name: 'GST', percentage: 5, inclusive: true, country: 'CA', state: 'on' });
    served.push(vat, gst);
    expect(vat).toMatchObject({ object: 'tax_rate', percentage: 19, effective_percentage: 19, inclusive: false, active: true, country: 'DE', tax_type: 'vat' });
    expect(gst.state).toBe('ON');
    const fixed = await stripeFailure(stripe.taxRates.update(vat.id, { percentage: 20 } as never));
    expect(fixed.raw).toMatchObject({ param: 'percentage' });
    const archived = await stripe.taxRates.update(gst.id, { active: false, display_name: 'GST (old)' });
    expect(archived).toMatchObject({ active: false, display_name: 'GST (old)', percentage: 5 });
    expect((await stripe.taxRates.list({ active: true })).data.map((r) => r.id)).toEqual([vat.id]);
    expect((await stripe.taxRates.list({ inclusive: true })).data.map((r) => r.id)).toEqual([gst.id]);
    const bad = await stripeFailure(stripe.taxRates.create({ display_name: 'x', percentage: 101, inclusive: false }));
    expect(bad.raw.param).toBe('percentage');
    const raw = await stripeRaw(t.sandbox, 'POST', '/v1/tax_rates', 'display_name=VAT&inclusive=maybe&percentage=20');
    expect(raw.body.error).toMatchObject({ param: 'inclusive', message: 'Invalid boolean: maybe' });
  });
});
