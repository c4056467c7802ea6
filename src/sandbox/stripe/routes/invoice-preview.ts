/**
 * `POST /v1/invoices/create_preview` (the current API's replacement of `GET /v1/invoices/upcoming`): the next invoice
 * of a customer or subscription, optionally with `subscription_details[items]` changes, computed and never stored
 * (invoicing/invoice-preview.ts).
 */
import type { SandboxContext } from '../../context';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import { readCustomer, readSubscription } from '../invoicing/billing-params';
import type { BillingCustomer } from '../invoicing/billing-types';
import { previewInvoice } from '../invoicing/invoice-preview';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';
import { readItemChanges, readPaymentBehavior, readProrationBehavior } from '../subscriptions/subscription-params';

/** Registers the route. */
export function registerStripeInvoicePreviewRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);

  app.post('/invoices/create_preview', (c) => {
    const params = c.get('params').allowOnly(['customer', 'subscription', 'subscription_details', 'automatic_tax', 'currency', 'invoice_items', 'preview_mode', 'issuer', 'on_behalf_of']);
    if (params.has('invoice_items')) throw invalidParam('invoice_items', 'invoice_items in a preview are not supported by the sandbox; create pending invoice items instead.');
    params.oneOf('preview_mode', ['next', 'recurring'] as const);
    params.object('automatic_tax', { allowed: ['enabled'] })?.boolean('enabled');
    params.currency('currency');
    const subscription = readSubscription(ctx, params, 'subscription');
    const customer = readCustomer(ctx, params, 'customer', false) ?? (subscription ? findObject<BillingCustomer>(ctx, 'customer', subscription.customer) : undefined);
    if (!customer) throw invalidRequest('Missing required param: customer or subscription.', 'customer', 'parameter_missing');
    if (subscription && subscription.customer !== customer.id) throw invalidParam('subscription', `The subscription ${subscription.id} belongs to another customer than ${customer.id}.`);
    const details = params.object('subscription_details', { allowed: ['items', 'proration_behavior', 'proration_date', 'billing_cycle_anchor', 'cancel_at_period_end', 'default_tax_rates'] });
    if (details && !subscription) throw invalidParam('subscription_details', 'subscription_details needs subscription: the sandbox previews changes to an existing subscription only.');
    for (const key of ['billing_cycle_anchor', 'cancel_at_period_end', 'default_tax_rates']) {
      if (details?.has(key)) throw invalidParam(details.name(key), `${details.name(key)} is not supported in sandbox previews.`);
    }
    return respond(ctx, c, previewInvoice(bc, {
      customer,
      subscription,
      changes: details && subscription ? readItemChanges(ctx, details, subscription) : [],
      changeOptions: {
        prorationBehavior: details ? readProrationBehavior(details) : 'create_prorations',
        prorationDate: details?.timestamp('proration_date'),
        paymentBehavior: readPaymentBehavior(params),
      },
    }));
  });
}
