/**
 * The catalogue part of the billing port on Stripe: products and prices (this file), meters (meters.ts) and moving
 * subscription items between prices (price-users.ts). Prices are found by lookup key through the list endpoint, which
 * Stripe answers from its primary store, so a price created a moment ago is found; search (eventually consistent) is
 * only used for products and prices by metadata, where a derived idempotency key covers the last minute.
 */
import Stripe from 'stripe';
import type {
  BillingCatalogue,
  BillingMetadata,
  CataloguePrice,
  CatalogueProduct,
  IdempotentWrite,
  PriceSpec,
  PriceTiers,
  ProductSpec,
} from '../catalogue-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { createMeter, listMeters, renameMeter, setMeterActive } from './meters';
import { movePriceUsers } from './price-users';
import { chunks, collect, metadataQuery, unlessMissing, wasReplayed } from './requests';

// Tiers are left out of a price unless asked for (`expand`); every read asks, so terms compare whole.
/** Stripe's limit on lookup keys in one price list filter. */
const LOOKUP_KEYS_PER_LIST = 10;

/** The catalogue part of the billing port, on the given Stripe client. */
export function stripeCatalogue(stripe: StripeClient): BillingCatalogue {
  const retrievePrice = (id: string): Promise<CataloguePrice | undefined> => unlessMissing(async () => priceOf(await stripe.prices.retrieve(id, { expand: ['tiers'] })));
  const retrieveProduct = (id: string): Promise<CatalogueProduct | undefined> =>
    unlessMissing(async () => {
      const product = await stripe.products.retrieve(id);
      return product.deleted ? undefined : productOf(product);
    });

  return {
    getProduct: (id) => stripeCall({ operation: `read product ${id}` }, () => retrieveProduct(id)),

    findProducts: (metadata) =>
      stripeCall({ operation: 'find products' }, async () => (await collect(stripe.products.search({ query: metadataQuery(metadata), limit: 100 }))).map(productOf)),

    createProduct: (spec: ProductSpec, write: IdempotentWrite) =>
      stripeCall({ operation: `create product "${spec.name}"` }, async () => {
        const created = await stripe.products.create({ name: spec.name, metadata: { ...spec.metadata } }, { idempotencyKey: write.idempotencyKey });
        return wasReplayed(created) ? ((await retrieveProduct(created.id)) ?? productOf(created)) : productOf(created);
      }),

    updateProduct: (id, changes) =>
      stripeCall({ operation: `update product ${id}` }, async () =>
        productOf(await stripe.products.update(id, { ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.active !== undefined ? { active: changes.active } : {}) })),
      ),

    getPrice: (id) => stripeCall({ operation: `read price ${id}` }, () => retrievePrice(id)),

    pricesByLookupKey: (lookupKeys) =>
      stripeCall({ operation: 'find prices by lookup key' }, async () => {
        const found: CataloguePrice[] = [];
        for (const keys of chunks([...new Set(lookupKeys)], LOOKUP_KEYS_PER_LIST)) {
          const prices = await collect(stripe.prices.list({ lookup_keys: keys, limit: 100, expand: ['data.tiers'] }));
          found.push(...prices.map(priceOf));
        }
        return found;
      }),

    findPrices: (metadata: BillingMetadata) =>
      stripeCall({ operation: 'find prices' }, async () => (await collect(stripe.prices.search({ query: metadataQuery(metadata), limit: 100, expand: ['data.tiers'] }))).map(priceOf)),

    createPrice: (spec, write) =>
      stripeCall({ operation: `create price ${spec.lookupKey}` }, async () => {
        const created = await stripe.prices.create({ ...priceParams(spec, write.transferLookupKey === true), expand: ['tiers'] }, { idempotencyKey: write.idempotencyKey });
        return wasReplayed(created) ? ((await retrievePrice(created.id)) ?? priceOf(created)) : priceOf(created);
      }),

    listActivePrices: (filter) =>
      stripeCall({ operation: 'list active prices' }, async () => {
        const params: Stripe.PriceListParams = { active: true, limit: 100, expand: ['data.tiers'] };
        if (filter.productId !== undefined) params.product = filter.productId;
        if (filter.meterId !== undefined) params.recurring = { meter: filter.meterId };
        const prices = (await collect(stripe.prices.list(params))).map(priceOf);
        // The filters are checked again here: what matters is that no price still using it is missed or invented.
        return prices.filter((p) => p.active && (filter.productId === undefined || p.productId === filter.productId) && (filter.meterId === undefined || p.recurring?.meterId === filter.meterId));
      }),

    updatePrice: (id, changes) =>
      stripeCall({ operation: `${changes.active === false ? 'archive' : changes.active === true ? 'restore' : 'update'} price ${id}` }, async () =>
        priceOf(
          await stripe.prices.update(id, {
            ...(changes.active !== undefined ? { active: changes.active } : {}),
            ...(changes.metadata !== undefined ? { metadata: { ...changes.metadata } } : {}),
            expand: ['tiers'],
          }),
        ),
      ),

    listMeters: () => listMeters(stripe),
    createMeter: (spec, write) => createMeter(stripe, spec, write),
    setMeterActive: (id, active) => setMeterActive(stripe, id, active),
    renameMeter: (id, displayName) => renameMeter(stripe, id, displayName),
    movePriceUsers: (fromPriceId, toPriceId, timing, write) => movePriceUsers(stripe, fromPriceId, toPriceId, timing, write),
  };
}

/** Stripe's create parameters for a price spec. */
function priceParams(spec: PriceSpec, transferLookupKey: boolean): Stripe.PriceCreateParams {
  const params: Stripe.PriceCreateParams = {
    currency: spec.currency.toLowerCase(),
    product: spec.productId,
    lookup_key: spec.lookupKey,
    metadata: { ...spec.metadata },
    ...(spec.nickname !== undefined ? { nickname: spec.nickname } : {}),
    ...(transferLookupKey ? { transfer_lookup_key: true } : {}),
  };
  if (spec.recurring) {
    params.recurring = { interval: spec.recurring.interval, usage_type: spec.recurring.usage, ...(spec.recurring.meterId ? { meter: spec.recurring.meterId } : {}) };
  }
  if (spec.tiers) {
    params.billing_scheme = 'tiered';
    params.tiers_mode = spec.tiers.mode;
    params.tiers = spec.tiers.steps.map((step) => ({
      up_to: step.upTo,
      unit_amount_decimal: Stripe.Decimal.from(step.unitAmountDecimal),
      ...(step.flatAmount !== undefined ? { flat_amount: step.flatAmount } : {}),
    }));
  } else if (spec.unitAmountDecimal !== undefined) {
    params.unit_amount_decimal = Stripe.Decimal.from(spec.unitAmountDecimal);
  } else {
    params.unit_amount = spec.unitAmount ?? 0;
  }
  return params;
}

/** A Stripe product in the port's terms. */
function productOf(product: Stripe.Product): CatalogueProduct {
  return { id: product.id, name: product.name, active: product.active, metadata: { ...product.metadata } };
}

/** A Stripe price in the port's terms; tiers come back only when the price was read with them. */
export function priceOf(price: Stripe.Price): CataloguePrice {
  const productId = typeof price.product === 'string' ? price.product : price.product.id;
  const decimal = price.unit_amount_decimal === null || price.unit_amount_decimal === undefined ? undefined : String(price.unit_amount_decimal);
  const base = {
    id: price.id,
    lookupKey: price.lookup_key,
    productId,
    active: price.active,
    nickname: price.nickname,
    metadata: { ...price.metadata },
    currency: price.currency.toUpperCase(),
    ...(price.recurring
      ? { recurring: { interval: 'month' as const, usage: price.recurring.usage_type === 'metered' ? ('metered' as const) : ('licensed' as const), ...(price.recurring.meter ? { meterId: price.recurring.meter } : {}) } }
      : {}),
  };
  if (price.billing_scheme === 'tiered') return { ...base, tiers: tiersOf(price) };
  // A whole amount comes back in both fields; the whole one is what was set unless the decimal has a fraction.
  if (decimal !== undefined && !/^-?\d+(\.0*)?$/.test(decimal)) return { ...base, unitAmountDecimal: decimal };
  return { ...base, unitAmount: price.unit_amount ?? Number(decimal ?? 0) };
}

function tiersOf(price: Stripe.Price): PriceTiers {
  return {
    mode: price.tiers_mode === 'volume' ? 'volume' : 'graduated',
    steps: (price.tiers ?? []).map((tier) => ({
      upTo: tier.up_to ?? 'inf',
      unitAmountDecimal: tier.unit_amount_decimal !== null && tier.unit_amount_decimal !== undefined ? String(tier.unit_amount_decimal) : String(tier.unit_amount ?? 0),
      ...(tier.flat_amount !== null && tier.flat_amount !== undefined && tier.flat_amount !== 0 ? { flatAmount: tier.flat_amount } : {}),
    })),
  };
}
