/**
 * Products: create (with a chosen id, as Stripe allows, and optionally a default price), update, delete (refused while
 * the product has prices, as on Stripe: archive it with active=false instead).
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import type { SearchFields } from '../http/search-query';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { createPrice, type StripePrice } from './prices';

/** A product as served. */
export interface StripeProduct extends StripeObject {
  object: 'product';
  active: boolean;
  default_price: string | null;
  description: string | null;
  metadata: Record<string, string>;
  name: string;
  updated: number;
}

/** What products can be searched by (Stripe: active, description, metadata, name, shippable, url, created). */
export const PRODUCT_SEARCH_FIELDS: SearchFields<StripeProduct> = {
  active: { kind: 'token', read: (p) => String(p.active) },
  created: { kind: 'number', read: (p) => p.created },
  description: { kind: 'string', read: (p) => p.description },
  name: { kind: 'string', read: (p) => p.name },
  shippable: { kind: 'token', read: (p) => (p.shippable === null ? null : String(p.shippable)) },
  url: { kind: 'string', read: (p) => p.url },
};

const UPDATABLE = ['active', 'description', 'metadata', 'name', 'images', 'marketing_features', 'package_dimensions', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url'] as const;

/** Applies the fields create and update share. */
function applyFields(params: StripeParams, product: StripeProduct): void {
  product.active = params.boolean('active') ?? product.active;
  const name = params.string('name', { maxLength: 250 });
  if (name !== undefined) product.name = name;
  for (const [field, max] of [['description', 40000], ['statement_descriptor', 22], ['tax_code', 100], ['unit_label', 12], ['url', 5000]] as const) {
    const value = params.nullableString(field, { maxLength: max });
    if (value !== undefined) product[field] = value;
  }
  product.metadata = applyMetadata(product.metadata, params.metadata());
  const images = params.strings('images', { maxItems: 8, maxLength: 2048 });
  if (images !== undefined) product.images = images;
  if (params.has('marketing_features')) {
    const features = params.raw('marketing_features') === '' ? [] : params.objects('marketing_features', { maxItems: 15, allowed: ['name'] })!;
    product.marketing_features = features.map((f) => ({ name: f.requiredString('name', { maxLength: 80 }) }));
  }
  const dimensions = params.nullableObject('package_dimensions', { allowed: ['height', 'length', 'weight', 'width'] });
  if (dimensions !== undefined) {
    product.package_dimensions = dimensions === null ? null : Object.fromEntries(['height', 'length', 'weight', 'width'].map((k) => [k, dimensions.number(k, { required: true, min: 0, max: 1_000_000 })!]));
  }
  const shippable = params.boolean('shippable');
  if (shippable !== undefined) product.shippable = shippable;
}

/** Builds and stores a product (`id` may be chosen: a product id that already exists is a 400). */
export function insertProduct(ctx: SandboxContext, params: StripeParams): StripeProduct {
  const id = params.string('id', { maxLength: 255 });
  if (id !== undefined && !/^[A-Za-z0-9_-]+$/.test(id)) throw invalidParam('id', 'Invalid id: a product id may use letters, digits, underscores and dashes.');
  if (id !== undefined && ctx.stripe.store.getAny(id)) throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  const now = ctx.stripe.timeOf();
  const product: StripeProduct = {
    id: id ?? newStripeId('prod'),
    object: 'product',
    active: true,
    created: now,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: '',
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
  params.requiredString('name', { maxLength: 250 });
  applyFields(params, product);
  params.oneOf('type', ['good', 'service'] as const);
  ctx.stripe.store.insert(product);
  ctx.stripe.events.publish('product.created', product);
  return product;
}

/** `POST /v1/products`, with `default_price_data` making its first price. */
export function createProduct(ctx: SandboxContext, params: StripeParams): StripeProduct {
  params.allowOnly([...UPDATABLE, 'id', 'default_price_data', 'type', 'tax_details']);
  const priceData = params.object('default_price_data', { allowed: ['currency', 'unit_amount', 'unit_amount_decimal', 'recurring', 'tax_behavior', 'currency_options', 'custom_unit_amount', 'metadata'] });
  return ctx.stripe.store.transaction(() => {
    const product = insertProduct(ctx, params);
    if (!priceData) return product;
    const price = createPrice(ctx, priceData, { product: product.id });
    const withDefault: StripeProduct = { ...product, default_price: price.id };
    ctx.stripe.store.update(withDefault);
    return withDefault;
  });
}

/** `POST /v1/products/{id}`: a default price must be one of the product's own. */
export function updateProduct(ctx: SandboxContext, product: StripeProduct, params: StripeParams): StripeProduct {
  params.allowOnly([...UPDATABLE, 'default_price', 'tax_details']);
  const next: StripeProduct = structuredClone(product);
  applyFields(params, next);
  const defaultPrice = params.nullableString('default_price', { maxLength: 255 });
  if (defaultPrice !== undefined) {
    if (defaultPrice !== null) {
      const price = ctx.stripe.store.get<StripePrice>('price', defaultPrice);
      if (!price || price.product !== product.id) throw invalidRequest(`No such price: '${defaultPrice}' on product ${product.id}; a default price must be one of the product's prices.`, 'default_price', 'resource_missing');
      if (!price.active) throw invalidParam('default_price', 'The default price of a product must be active.');
    }
    next.default_price = defaultPrice;
  }
  const changed = previousAttributes(product, next);
  if (!changed) return product;
  next.updated = ctx.stripe.timeOf();
  ctx.stripe.store.update(next);
  ctx.stripe.events.publish('product.updated', next, { previousAttributes: changed });
  return next;
}

/** `DELETE /v1/products/{id}`: refused while the product has prices. */
export function deleteProduct(ctx: SandboxContext, product: StripeProduct): { id: string; object: 'product'; deleted: true } {
  if (ctx.stripe.store.countByParent('price', product.id) > 0) {
    throw invalidRequest('This product cannot be deleted because it has one or more user-created prices. Archive it (active=false) instead.', undefined, 'product_has_prices');
  }
  ctx.stripe.store.delete(product.id);
  ctx.stripe.events.publish('product.deleted', product);
  return { id: product.id, object: 'product', deleted: true };
}
