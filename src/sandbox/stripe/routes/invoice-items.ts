/**
 * `/v1/invoiceitems`: create (an `amount`, a `pricing[price]`, `price_data` or `unit_amount_decimal` times a
 * quantity; pending, or on a draft `invoice`), list (customer, invoice, pending), retrieve, update and delete while
 * pending or on a draft. Invoice items in the current API carry `pricing`, `parent` and `net_amount`.
 */
import Decimal from 'decimal.js';
import type { SandboxContext } from '../../context';
import { priceAmount, roundMinorUnits } from '../billing/price-amount';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata, type StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import { readCustomer, readPrice, readSubscription, readTaxRates, requireCustomerCurrency } from '../invoicing/billing-params';
import type { BillingCustomer, InvoiceDoc, InvoiceItemDoc } from '../invoicing/billing-types';
import { draftFor, syncItemLine } from '../invoicing/draft-lines';
import { createInvoiceItem, INVOICE_ITEM_TYPE, updateInvoiceItem } from '../invoicing/invoice-items';
import { INVOICE_TYPE } from '../invoicing/invoice-lifecycle';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';

const PRICING_PARAMS = ['amount', 'currency', 'pricing', 'price_data', 'quantity', 'quantity_decimal', 'unit_amount_decimal'] as const;

/** What an item charges, from whichever of its pricing parameters was sent. */
interface ItemPricing {
  currency: string;
  amount: number;
  quantity: string;
  unitAmountDecimal: string | null;
  price?: { id: string; product: string };
}

function readQuantity(params: StripeParams): string | undefined {
  const whole = params.integer('quantity', { min: 0, max: 99_999_999 });
  const decimal = params.decimal('quantity_decimal', { maxDecimals: 12, min: 0 });
  if (whole !== undefined && decimal !== undefined) throw invalidParam('quantity_decimal', 'You may only specify one of these parameters: quantity, quantity_decimal.');
  return whole !== undefined ? String(whole) : decimal;
}

/** Reads the pricing parameters; `current` is the item being updated (its pricing stays where nothing new is sent). */
function readPricing(ctx: SandboxContext, params: StripeParams, customer: BillingCustomer, current?: InvoiceItemDoc): ItemPricing | undefined {
  const quantity = readQuantity(params);
  const amount = params.integer('amount', { min: -99_999_999, max: 99_999_999 });
  const pricing = params.object('pricing', { allowed: ['price'] });
  const priceData = params.object('price_data', { allowed: ['currency', 'product', 'tax_behavior', 'unit_amount', 'unit_amount_decimal'] });
  const unitDecimal = params.decimal('unit_amount_decimal', { maxDecimals: 12 });
  const sources = [amount !== undefined, pricing !== undefined, priceData !== undefined, unitDecimal !== undefined].filter(Boolean).length;
  if (sources > 1) throw invalidRequest('You may only specify one of these parameters: amount, pricing, price_data, unit_amount_decimal.', 'amount');
  const currency = params.currency('currency') ?? current?.currency ?? customer.currency ?? undefined;
  if (sources === 0) {
    if (!current) throw invalidRequest('You must specify either amount, pricing[price], price_data or unit_amount_decimal.', 'amount', 'parameter_missing');
    if (quantity === undefined) return undefined;
    const unit = current.pricing?.unit_amount_decimal ?? '0';
    return { currency: current.currency, amount: roundMinorUnits(new Decimal(unit).times(quantity)), quantity, unitAmountDecimal: unit, price: current.pricing?.price_details ? { id: current.pricing.price_details.price, product: current.pricing.price_details.product } : undefined };
  }
  if (pricing) {
    const price = readPrice(ctx, pricing, 'price', { required: true })!;
    const q = quantity ?? '1';
    const priced = priceAmount(price, q);
    return { currency: price.currency, amount: priced.amount, quantity: q, unitAmountDecimal: priced.unitAmountDecimal, price: { id: price.id, product: price.product } };
  }
  if (priceData) {
    const product = priceData.requiredString('product', { maxLength: 255 });
    findObject(ctx, 'product', product, priceData.name('product'));
    const whole = priceData.integer('unit_amount', { min: 0, max: 99_999_999 });
    const decimal = priceData.decimal('unit_amount_decimal', { maxDecimals: 12, min: 0 });
    priceData.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const);
    if (whole === undefined && decimal === undefined) throw invalidRequest('Missing required param: price_data[unit_amount].', 'price_data[unit_amount]', 'parameter_missing');
    const q = quantity ?? '1';
    const priced = priceAmount({ billing_scheme: 'per_unit', unit_amount: whole, unit_amount_decimal: decimal }, q);
    return { currency: priceData.currency('currency', { required: true })!, amount: priced.amount, quantity: q, unitAmountDecimal: priced.unitAmountDecimal };
  }
  if (currency === undefined) throw invalidRequest('Missing required param: currency.', 'currency', 'parameter_missing');
  if (unitDecimal !== undefined) {
    const q = quantity ?? '1';
    return { currency, amount: roundMinorUnits(new Decimal(unitDecimal).times(q)), quantity: q, unitAmountDecimal: unitDecimal };
  }
  const q = quantity ?? '1';
  return { currency, amount: amount!, quantity: q, unitAmountDecimal: new Decimal(amount!).dividedBy(q === '0' ? 1 : q).toString() };
}

function readPeriod(params: StripeParams): { start: number; end: number } | undefined {
  const period = params.object('period', { allowed: ['start', 'end'] });
  if (!period) return undefined;
  const start = period.timestamp('start', { required: true })!;
  const end = period.timestamp('end', { required: true })!;
  if (end < start) throw invalidParam('period[end]', 'Invalid period: period[end] must not be before period[start].');
  return { start, end };
}

/** Registers the routes. */
export function registerStripeInvoiceItemRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);
  const find = (id: string) => findObject<InvoiceItemDoc>(ctx, INVOICE_ITEM_TYPE, id);
  /** An item may change only while pending or on a draft. */
  const refuseInvoiced = (item: InvoiceItemDoc, action: string) => {
    const invoice = item.invoice ? bc.store.get<InvoiceDoc>(INVOICE_TYPE, item.invoice) : undefined;
    if (invoice && invoice.status !== 'draft') {
      throw invalidRequest(`You cannot ${action} invoice item ${item.id}: it is on invoice ${invoice.id}, which is ${invoice.status}. Only pending items and items on draft invoices change.`, undefined, 'invoice_not_editable');
    }
  };

  app.post('/invoiceitems', (c) => {
    const params = c.get('params').allowOnly(['customer', ...PRICING_PARAMS, 'description', 'discountable', 'discounts', 'invoice', 'metadata', 'period', 'subscription', 'tax_behavior', 'tax_code', 'tax_rates']);
    const customer = readCustomer(ctx, params)!;
    const pricing = readPricing(ctx, params, customer)!;
    requireCustomerCurrency(customer, pricing.currency, 'currency');
    const subscription = readSubscription(ctx, params, 'subscription', customer.id);
    const invoiceId = params.string('invoice', { maxLength: 255 });
    const draft = invoiceId === undefined ? undefined : draftFor(bc, invoiceId, customer.id, 'invoice');
    if (draft && draft.currency !== pricing.currency) throw invalidParam('currency', `The invoice ${draft.id} is in ${draft.currency}; the item is in ${pricing.currency}.`);
    params.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const);
    params.nullableString('tax_code');
    if (params.has('discounts')) throw invalidParam('discounts', 'Discounts on invoice items are not supported by the sandbox.');
    const item = createInvoiceItem(bc, {
      customer,
      now: ctx.stripe.timeOf(customer.id),
      currency: pricing.currency,
      amount: pricing.amount,
      quantity: pricing.quantity,
      unitAmountDecimal: pricing.unitAmountDecimal,
      price: pricing.price,
      description: params.nullableString('description', { maxLength: 500 }) ?? null,
      period: readPeriod(params),
      discountable: params.boolean('discountable'),
      taxRates: readTaxRates(ctx, params, 'tax_rates') ?? null,
      metadata: applyMetadata({}, params.metadata()),
      invoice: draft?.id ?? null,
      subscription: subscription ? { id: subscription.id } : undefined,
    });
    if (draft) syncItemLine(bc, draft.id, item.id, item);
    return respond(ctx, c, item);
  });

  app.get('/invoiceitems', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'invoice', 'pending']);
    const customer = params.string('customer', { maxLength: 255 });
    const invoice = params.string('invoice', { maxLength: 255 });
    const pending = params.boolean('pending');
    return respond(ctx, c, listObjects<InvoiceItemDoc>(bc.store, {
      type: INVOICE_ITEM_TYPE,
      customer,
      parent: invoice,
      where: (item) => pending === undefined || (item.invoice === null) === pending,
    }, request, '/v1/invoiceitems'));
  });

  app.get('/invoiceitems/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, find(c.req.param('id')));
  });

  app.post('/invoiceitems/:id', (c) => {
    const item = find(c.req.param('id'));
    const params = c.get('params').allowOnly([...PRICING_PARAMS.filter((p) => p !== 'currency'), 'description', 'discountable', 'discounts', 'metadata', 'period', 'tax_behavior', 'tax_code', 'tax_rates']);
    refuseInvoiced(item, 'update');
    const customer = findObject<BillingCustomer>(ctx, 'customer', item.customer);
    const pricing = readPricing(ctx, params, customer, item);
    if (pricing && pricing.currency !== item.currency) throw invalidParam('price_data[currency]', `The invoice item is in ${item.currency}; it cannot change currency.`);
    const description = params.nullableString('description', { maxLength: 500 });
    const taxRates = readTaxRates(ctx, params, 'tax_rates');
    const changed: InvoiceItemDoc = {
      ...item,
      ...(pricing ? {
        amount: pricing.amount, net_amount: pricing.amount, quantity: Number.isInteger(Number(pricing.quantity)) ? Number(pricing.quantity) : 1, quantity_decimal: pricing.quantity,
        pricing: { type: 'price_details', ...(pricing.price ? { price_details: { price: pricing.price.id, product: pricing.price.product } } : {}), unit_amount_decimal: pricing.unitAmountDecimal },
      } : {}),
      description: description === undefined ? item.description : description,
      discountable: params.boolean('discountable') ?? item.discountable,
      metadata: applyMetadata(item.metadata, params.metadata()),
      period: readPeriod(params) ?? item.period,
      tax_rates: taxRates === undefined ? item.tax_rates : taxRates,
    };
    // The item and its line on a draft change together: a stored line is built from its item (invoice-line-store.ts).
    const updated = bc.store.transaction(() => {
      const saved = updateInvoiceItem(bc.store, changed);
      bc.events.publish('invoiceitem.updated', saved);
      if (saved.invoice) syncItemLine(bc, saved.invoice, saved.id, saved);
      return saved;
    });
    return respond(ctx, c, updated);
  });

  app.delete('/invoiceitems/:id', (c) => {
    c.get('params').allowOnly([]);
    const item = find(c.req.param('id'));
    refuseInvoiced(item, 'delete');
    // Its line goes first: a draft's stored lines are built from their items (invoice-line-store.ts).
    bc.store.transaction(() => {
      if (item.invoice) syncItemLine(bc, item.invoice, item.id, null);
      bc.store.delete(item.id);
    });
    bc.events.publish('invoiceitem.deleted', item);
    return respond(ctx, c, { id: item.id, object: 'invoiceitem', deleted: true });
  });
}
