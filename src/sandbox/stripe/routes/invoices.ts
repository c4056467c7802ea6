/**
 * `/v1/invoices`: create (a manual draft), list (customer, subscription, status, collection_method), retrieve,
 * update, delete (drafts only), the lines (`/lines`), and the state changes: finalize, pay (`paid_out_of_band` too;
 * a decline is a 402 card_error), void, mark_uncollectible, send. The invoicing services do the work; refused
 * transitions are 400s naming the invoice's state.
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import { readCouponIds, readCustomer, readSubscription, readTaxRates, requireCustomerCurrency } from '../invoicing/billing-params';
import type { InvoiceDoc, InvoiceStatus } from '../invoicing/billing-types';
import { servedInvoice } from '../invoicing/invoice-documents';
import { pageOfInvoiceLines, withAllLines } from '../invoicing/invoice-line-store';
import { deleteDraftInvoice, finalizeInvoice, INVOICE_TYPE, markInvoiceUncollectible, saveInvoice, sendInvoice, voidInvoice } from '../invoicing/invoice-lifecycle';
import { createManualInvoice, updateInvoice } from '../invoicing/manual-invoices';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';
import { payInvoice, settleSubscriptionOf } from '../subscriptions/subscription-collection';

const STATUSES: readonly InvoiceStatus[] = ['draft', 'open', 'paid', 'uncollectible', 'void'];

/** Registers the routes. */
export function registerStripeInvoiceRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);
  // As stored (its first lines), for what needs no others; `find` reads every line, for what recalculates or saves.
  const findStored = (id: string) => findObject<InvoiceDoc>(ctx, INVOICE_TYPE, id);
  const find = (id: string) => withAllLines(bc.store, findStored(id));
  ctx.stripe.expander.register('in', (id) => {
    const invoice = bc.store.get<InvoiceDoc>(INVOICE_TYPE, id);
    return invoice ? servedInvoice(invoice) : undefined;
  });

  app.post('/invoices', (c) => {
    const params = c.get('params').allowOnly([
      'customer', 'auto_advance', 'collection_method', 'currency', 'days_until_due', 'due_date', 'default_payment_method', 'default_tax_rates',
      'description', 'footer', 'metadata', 'pending_invoice_items_behavior', 'subscription', 'statement_descriptor', 'automatic_tax', 'discounts',
    ]);
    const customer = readCustomer(ctx, params)!;
    const subscription = readSubscription(ctx, params, 'subscription', customer.id);
    const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const) ?? 'charge_automatically';
    const daysUntilDue = params.integer('days_until_due', { min: 0, max: 730 });
    const dueDate = params.timestamp('due_date');
    if (collectionMethod !== 'send_invoice' && (daysUntilDue !== undefined || dueDate !== undefined)) {
      throw invalidParam(daysUntilDue !== undefined ? 'days_until_due' : 'due_date', 'days_until_due and due_date are only valid for invoices with collection_method=send_invoice.');
    }
    if (collectionMethod === 'send_invoice' && daysUntilDue === undefined && dueDate === undefined) {
      throw invalidRequest('Missing required param: days_until_due or due_date (an invoice with collection_method=send_invoice needs one).', 'days_until_due', 'parameter_missing');
    }
    const defaultPaymentMethod = params.string('default_payment_method', { maxLength: 255 });
    if (defaultPaymentMethod !== undefined) findObject(ctx, 'payment_method', defaultPaymentMethod, 'default_payment_method');
    params.string('statement_descriptor', { maxLength: 22 });
    if (params.object('automatic_tax', { allowed: ['enabled', 'liability'] })?.boolean('enabled')) {
      throw invalidParam('automatic_tax[enabled]', 'Stripe Tax (automatic_tax) is not served by the sandbox; apply tax rates (default_tax_rates, tax_rates) instead.');
    }
    const currency = params.currency('currency') ?? subscription?.currency ?? customer.currency ?? 'usd';
    requireCustomerCurrency(customer, currency, 'currency');
    const invoice = createManualInvoice(bc, {
      customer,
      currency,
      autoAdvance: params.boolean('auto_advance') ?? false,
      collectionMethod,
      daysUntilDue: daysUntilDue ?? null,
      dueDate: dueDate ?? null,
      defaultPaymentMethod: defaultPaymentMethod ?? null,
      defaultTaxRates: readTaxRates(ctx, params, 'default_tax_rates') ?? [],
      description: params.nullableString('description', { maxLength: 1500 }) ?? null,
      metadata: applyMetadata({}, params.metadata()),
      includePending: (params.oneOf('pending_invoice_items_behavior', ['include', 'exclude'] as const) ?? 'exclude') === 'include',
      subscription,
      coupons: readCouponIds(params) ?? [],
    });
    const footer = params.nullableString('footer', { maxLength: 5000 });
    return respond(ctx, c, servedInvoice(footer ? saveInvoice(bc, { ...invoice, footer }) : invoice));
  });

  app.get('/invoices', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'subscription', 'status', 'collection_method', 'due_date']);
    const status = params.oneOf('status', STATUSES);
    const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
    params.object('due_date', { allowed: ['gt', 'gte', 'lt', 'lte'] });
    const page = listObjects<InvoiceDoc>(bc.store, {
      type: INVOICE_TYPE,
      customer: params.string('customer', { maxLength: 255 }),
      parent: params.string('subscription', { maxLength: 255 }),
      where: (i) => (status === undefined || i.status === status) && (collectionMethod === undefined || i.collection_method === collectionMethod),
    }, request, '/v1/invoices');
    return respond(ctx, c, { ...page, data: page.data.map(servedInvoice) });
  });

  app.get('/invoices/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, servedInvoice(findStored(c.req.param('id'))));
  });

  app.post('/invoices/:id', (c) => {
    const invoice = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['auto_advance', 'collection_method', 'days_until_due', 'due_date', 'default_payment_method', 'default_tax_rates', 'description', 'discounts', 'footer', 'metadata']);
    const defaultPaymentMethod = params.nullableString('default_payment_method', { maxLength: 255 });
    if (defaultPaymentMethod) findObject(ctx, 'payment_method', defaultPaymentMethod, 'default_payment_method');
    return respond(ctx, c, servedInvoice(updateInvoice(bc, invoice, {
      autoAdvance: params.boolean('auto_advance'),
      collectionMethod: params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const),
      daysUntilDue: params.integer('days_until_due', { min: 0, max: 730 }),
      dueDate: params.nullableInteger('due_date', { min: 0 }),
      defaultPaymentMethod,
      defaultTaxRates: readTaxRates(ctx, params, 'default_tax_rates'),
      description: params.nullableString('description', { maxLength: 1500 }),
      footer: params.nullableString('footer', { maxLength: 5000 }),
      metadata: params.has('metadata') ? applyMetadata(invoice.metadata, params.metadata()) : undefined,
      coupons: readCouponIds(params),
    })));
  });

  app.delete('/invoices/:id', (c) => {
    c.get('params').allowOnly([]);
    const invoice = find(c.req.param('id'));
    deleteDraftInvoice(bc, invoice);
    return respond(ctx, c, { id: invoice.id, object: 'invoice', deleted: true });
  });

  app.get('/invoices/:id/lines', (c) => {
    const invoice = findStored(c.req.param('id'));
    return respond(ctx, c, pageOfInvoiceLines(bc.store, invoice, readListRequest(c.get('params'))));
  });

  app.post('/invoices/:id/finalize', (c) => {
    const invoice = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['auto_advance']);
    const autoAdvance = params.boolean('auto_advance');
    const finalized = finalizeInvoice(bc, autoAdvance === undefined ? invoice : { ...invoice, auto_advance: autoAdvance }, ctx.stripe.timeOf(invoice.customer));
    settleSubscriptionOf(bc, finalized);
    return respond(ctx, c, servedInvoice(finalized));
  });

  app.post('/invoices/:id/pay', (c) => {
    const invoice = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['paid_out_of_band', 'payment_method', 'off_session', 'forgive', 'mandate', 'source']);
    const paymentMethod = params.string('payment_method', { maxLength: 255 }) ?? null;
    params.boolean('forgive');
    params.nullableString('mandate');
    params.string('source');
    const paid = payInvoice(bc, invoice, { paidOutOfBand: params.boolean('paid_out_of_band') ?? false, paymentMethod, offSession: params.boolean('off_session') ?? true });
    return respond(ctx, c, servedInvoice(paid));
  });

  app.post('/invoices/:id/void', (c) => {
    c.get('params').allowOnly([]);
    const invoice = find(c.req.param('id'));
    return respond(ctx, c, servedInvoice(voidInvoice(bc, invoice, ctx.stripe.timeOf(invoice.customer))));
  });

  app.post('/invoices/:id/mark_uncollectible', (c) => {
    c.get('params').allowOnly([]);
    const invoice = find(c.req.param('id'));
    return respond(ctx, c, servedInvoice(markInvoiceUncollectible(bc, invoice, ctx.stripe.timeOf(invoice.customer))));
  });

  app.post('/invoices/:id/send', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, servedInvoice(sendInvoice(bc, find(c.req.param('id')))));
  });
}
