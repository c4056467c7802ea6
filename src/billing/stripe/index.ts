/**
 * The billing port on Stripe: each part of {@link Billing} over one SDK client, built once from configuration
 * (billing-config.ts) and handed to the resources.
 */
import type { Billing } from '../billing';
import { stripeCatalogue } from './catalogue';
import type { StripeClient } from './client';
import { stripeCustomers } from './customers';
import { stripeInvoices } from './invoices';
import { stripePayments } from './payments';
import { stripeSubscriptions } from './subscriptions';
import { stripeUsage } from './usage';

/** The billing port on the given Stripe client (`createStripeClient`, pointed at Stripe or the sandbox). */
export function stripeBilling(client: StripeClient): Billing {
  return {
    name: 'stripe',
    catalogue: stripeCatalogue(client),
    customers: stripeCustomers(client),
    subscriptions: stripeSubscriptions(client),
    payments: stripePayments(client),
    invoices: stripeInvoices(client),
    usage: stripeUsage(client),
  };
}

export { createStripeClient, STRIPE_API_VERSION, type StripeClient, type StripeClientConfig } from './client';
export { fromStripeError, isSessionExpired, paramPath, type StripeErrorContext } from './errors';
export { stripeCatalogue } from './catalogue';
export { stripeCustomers } from './customers';
export { stripeInvoices } from './invoices';
export { stripePayments } from './payments';
export { stripeSubscriptions } from './subscriptions';
export { STREAM_BATCH_SIZE, stripeUsage, type StripeUsageOptions } from './usage';
