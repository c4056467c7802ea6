/**
 * Prices: one-time or recurring; per unit (a whole or decimal unit amount) or tiered (graduated or volume); metered
 * recurring prices backed by a billing meter (`recurring[meter]`, required since API 2025-03-31.basil). A price is
 * immutable once created except `active`, `metadata`, `nickname`, `lookup_key` and an unspecified `tax_behavior`:
 * changing anything else means a new price, as on Stripe.
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import type { SearchFields } from '../http/search-query';
import { invalidParam, invalidRequest, missingParam, resourceMissing } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { findObject } from './lookup';
import { findMeter } from './meter-lookup';
import { readAmount, readTiers, type PriceTier } from './price-amounts';
import { insertProduct, type StripeProduct } from './products';

/** A recurring price's schedule. */
export interface PriceRecurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  meter: string | null;
  trial_period_days: number | null;
  usage_type: 'licensed' | 'metered';
}

/** A price as stored (served without `tiers` unless expanded). */
export interface StripePrice extends StripeObject {
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit' | 'tiered';
  currency: string;
  lookup_key: string | null;
  metadata: Record<string, string>;
  nickname: string | null;
  product: string;
  recurring: PriceRecurring | null;
  tax_behavior: 'inclusive' | 'exclusive' | 'unspecified';
  tiers: PriceTier[] | null;
  tiers_mode: 'graduated' | 'volume' | null;
  transform_quantity: { divide_by: number; round: 'up' | 'down' } | null;
  type: 'one_time' | 'recurring';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

/** What prices can be searched by (Stripe: active, currency, lookup_key, metadata, product, type, created). */
export const PRICE_SEARCH_FIELDS: SearchFields<StripePrice> = {
  active: { kind: 'token', read: (p) => String(p.active) },
  created: { kind: 'number', read: (p) => p.created },
  currency: { kind: 'token', read: (p) => p.currency },
  lookup_key: { kind: 'string', read: (p) => p.lookup_key },
  product: { kind: 'token', read: (p) => p.product },
  type: { kind: 'token', read: (p) => p.type },
};

/** The longest interval Stripe allows: three years. */
const MAX_INTERVAL_COUNT: Readonly<Record<PriceRecurring['interval'], number>> = { day: 1095, week: 156, month: 36, year: 3 };

/** Create parameters that a price update refuses with the reason, not only as unknown. */
const IMMUTABLE = ['billing_scheme', 'currency', 'custom_unit_amount', 'product', 'product_data', 'recurring', 'tiers', 'tiers_mode', 'transform_quantity', 'unit_amount', 'unit_amount_decimal', 'type'];

function readRecurring(ctx: SandboxContext, params: StripeParams): PriceRecurring | null {
  const recurring = params.object('recurring', { allowed: ['interval', 'interval_count', 'meter', 'trial_period_days', 'usage_type', 'aggregate_usage'] });
  if (!recurring) return null;
  if (recurring.has('aggregate_usage')) throw invalidParam(recurring.name('aggregate_usage'), `${recurring.name('aggregate_usage')} was removed in API version 2025-03-31.basil; a metered price aggregates through its billing meter (recurring[meter]).`);
  const interval = recurring.oneOf('interval', ['day', 'month', 'week', 'year'] as const, { required: true })!;
  const intervalCount = recurring.integer('interval_count', { min: 1, max: MAX_INTERVAL_COUNT[interval] }) ?? 1;
  const usageType = recurring.oneOf('usage_type', ['licensed', 'metered'] as const) ?? 'licensed';
  const meterId = recurring.string('meter', { maxLength: 255 });
  if (usageType === 'metered' && meterId === undefined) {
    throw invalidRequest(`Missing required param: ${recurring.name('meter')}. A metered price must be backed by a billing meter (API 2025-03-31.basil and later).`, recurring.name('meter'), 'parameter_missing');
  }
  if (usageType === 'licensed' && meterId !== undefined) throw invalidParam(recurring.name('meter'), `${recurring.name('meter')} can only be set when ${recurring.name('usage_type')}=metered.`);
  if (meterId !== undefined && !findMeter(ctx, meterId)) throw resourceMissing('billing meter', meterId, recurring.name('meter'));
  return { interval, interval_count: intervalCount, meter: meterId ?? null, trial_period_days: recurring.integer('trial_period_days', { min: 0, max: 730 }) ?? null, usage_type: usageType };
}

function claimLookupKey(ctx: SandboxContext, key: string, transfer: boolean, param: string): void {
  const holder = ctx.stripe.store.findByLookupKey<StripePrice>('price', key);
  if (!holder) return;
  if (!transfer) throw invalidParam(param, `A price (${holder.id}) already uses the lookup key "${key}". Pass transfer_lookup_key=true to move it to this price.`, 'lookup_key_already_exists');
  const released: StripePrice = { ...holder, lookup_key: null };
  ctx.stripe.store.update(released, { lookupKey: null });
  ctx.stripe.events.publish('price.updated', released, { previousAttributes: { lookup_key: key } });
}

/**
 * Creates a price from create parameters (`POST /v1/prices`, or `default_price_data`/`price_data` where the caller
 * names the product in `fixed.product`).
 */
export function createPrice(ctx: SandboxContext, params: StripeParams, fixed: { product?: string } = {}): StripePrice {
  if (fixed.product === undefined) {
    params.allowOnly(['currency', 'product', 'product_data', 'active', 'billing_scheme', 'custom_unit_amount', 'lookup_key', 'metadata', 'nickname', 'recurring', 'tax_behavior', 'tiers', 'tiers_mode', 'transfer_lookup_key', 'transform_quantity', 'unit_amount', 'unit_amount_decimal', 'currency_options']);
  }
  const currency = params.currency('currency', { required: true })!;
  if (params.has('currency_options')) throw invalidParam('currency_options', 'Multi-currency prices are not served by the sandbox; create one price per currency.');
  const scheme = params.oneOf('billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit';
  const recurring = readRecurring(ctx, params);
  const unit = readAmount(params, 'unit_amount');
  let tiers: PriceTier[] | null = null;
  let tiersMode: StripePrice['tiers_mode'] = null;
  if (scheme === 'tiered') {
    if (unit) throw invalidParam(params.has('unit_amount') ? 'unit_amount' : 'unit_amount_decimal', 'A tiered price takes its amounts from tiers; leave out unit_amount and unit_amount_decimal.');
    tiersMode = params.oneOf('tiers_mode', ['graduated', 'volume'] as const, { required: true })!;
    tiers = readTiers(params);
    if (params.has('transform_quantity')) throw invalidParam('transform_quantity', 'transform_quantity cannot be combined with tiers.');
  } else {
    if (params.has('tiers')) throw invalidParam('tiers', 'tiers can only be set when billing_scheme=tiered.');
    if (params.has('tiers_mode')) throw invalidParam('tiers_mode', 'tiers_mode can only be set when billing_scheme=tiered.');
    if (!unit && !params.has('custom_unit_amount')) throw missingParam('unit_amount');
  }
  if (params.has('custom_unit_amount')) {
    throw invalidParam('custom_unit_amount', 'Customer-chosen amounts (custom_unit_amount) are a Checkout feature the sandbox does not serve.');
  }
  const transform = params.object('transform_quantity', { allowed: ['divide_by', 'round'] });
  const lookupKey = params.string('lookup_key', { maxLength: 200 });
  const transfer = params.boolean('transfer_lookup_key') ?? false;

  // Checked before anything is written: a refusal must not leave a product_data product (or its event) behind.
  if (lookupKey !== undefined && !transfer && ctx.stripe.store.findByLookupKey('price', lookupKey)) claimLookupKey(ctx, lookupKey, false, 'lookup_key');
  let productId = fixed.product;
  return ctx.stripe.store.transaction(() => {
    if (productId === undefined) {
      const named = params.string('product', { maxLength: 255 });
      const data = params.object('product_data', { allowed: ['name', 'active', 'id', 'metadata', 'statement_descriptor', 'tax_code', 'unit_label', 'tax_details'] });
      if (named !== undefined && data) throw invalidParam('product_data', 'You may only specify one of these parameters: product, product_data.');
      if (named === undefined && !data) throw missingParam('product');
      productId = named !== undefined ? findObject<StripeProduct>(ctx, 'product', named, 'product').id : insertProduct(ctx, data!).id;
    }
    if (lookupKey !== undefined) claimLookupKey(ctx, lookupKey, transfer, 'lookup_key');
    const price: StripePrice = {
      id: newStripeId('price'),
      object: 'price',
      active: params.boolean('active') ?? true,
      billing_scheme: scheme,
      created: ctx.stripe.timeOf(),
      currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: lookupKey ?? null,
      metadata: applyMetadata({}, params.metadata()),
      nickname: params.string('nickname', { maxLength: 5000 }) ?? null,
      product: productId,
      recurring,
      tax_behavior: params.oneOf('tax_behavior', ['inclusive', 'exclusive', 'unspecified'] as const) ?? 'unspecified',
      tiers,
      tiers_mode: tiersMode,
      transform_quantity: transform ? { divide_by: transform.integer('divide_by', { required: true, min: 1, max: 1_000_000_000 })!, round: transform.oneOf('round', ['up', 'down'] as const, { required: true })! } : null,
      type: recurring ? 'recurring' : 'one_time',
      unit_amount: unit?.amount ?? null,
      unit_amount_decimal: unit?.decimal ?? null,
    };
    ctx.stripe.store.insert(price, { parent: productId, lookupKey: price.lookup_key });
    ctx.stripe.events.publish('price.created', price);
    return price;
  });
}

/** `POST /v1/prices/{id}`: only what Stripe lets change; anything else is refused naming the parameter. */
export function updatePrice(ctx: SandboxContext, price: StripePrice, params: StripeParams): StripePrice {
  const immutable = params.keys().find((key) => IMMUTABLE.includes(key));
  if (immutable) throw invalidParam(immutable, `Prices are immutable: ${immutable} cannot be changed once the price exists. Create a new price (and archive this one with active=false).`);
  params.allowOnly(['active', 'metadata', 'nickname', 'lookup_key', 'transfer_lookup_key', 'tax_behavior', 'currency_options']);
  if (params.has('currency_options')) throw invalidParam('currency_options', 'Multi-currency prices are not served by the sandbox.');
  const next: StripePrice = { ...price, metadata: applyMetadata(price.metadata, params.metadata()) };
  next.active = params.boolean('active') ?? price.active;
  const nickname = params.nullableString('nickname', { maxLength: 5000 });
  if (nickname !== undefined) next.nickname = nickname;
  const taxBehavior = params.oneOf('tax_behavior', ['inclusive', 'exclusive', 'unspecified'] as const);
  if (taxBehavior !== undefined && taxBehavior !== price.tax_behavior) {
    if (price.tax_behavior !== 'unspecified') throw invalidParam('tax_behavior', `tax_behavior cannot be changed once it is ${price.tax_behavior}; create a new price.`);
    next.tax_behavior = taxBehavior;
  }
  const lookupKey = params.nullableString('lookup_key', { maxLength: 200 });
  const transfer = params.boolean('transfer_lookup_key') ?? false;
  return ctx.stripe.store.transaction(() => {
    if (lookupKey !== undefined && lookupKey !== price.lookup_key) {
      if (lookupKey !== null) claimLookupKey(ctx, lookupKey, transfer, 'lookup_key');
      next.lookup_key = lookupKey;
    }
    const changed = previousAttributes(price, next);
    if (!changed) return price;
    ctx.stripe.store.update(next, { lookupKey: next.lookup_key });
    ctx.stripe.events.publish('price.updated', next, { previousAttributes: changed });
    return next;
  });
}
