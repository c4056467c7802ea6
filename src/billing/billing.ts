/**
 * The billing port: what resources and services ask of a billing provider, in didops' terms (rate cards, accounts,
 * subscriptions, payments), never an SDK's. Stripe implements it in `stripe/`; handlers take a {@link Billing} the
 * adapters build once from configuration, as they take carriers.
 *
 * Each part is its own interface in its own file, so a capability grows without touching the others:
 * - {@link BillingCatalogue} (catalogue-port.ts): products, prices and meters that a rate card becomes.
 * - {@link BillingCustomers} (customers-port.ts): billing accounts, their tax rates, credit and payment methods.
 * - {@link BillingSubscriptions} (subscriptions-port.ts): subscriptions, their items and one-off charges.
 * - {@link BillingPayments} (payments-port.ts): charging and refunding a one-off amount (setup fees at purchase).
 * - {@link BillingInvoices} (invoices-port.ts): reading the invoices the provider made, every line included.
 * - {@link BillingUsage} (usage-port.ts): reporting metered usage (rated minutes, answered calls), each event once.
 */
import type { BillingCatalogue } from './catalogue-port';
import type { BillingCustomers } from './customers-port';
import type { BillingInvoices } from './invoices-port';
import type { BillingPayments } from './payments-port';
import type { BillingSubscriptions } from './subscriptions-port';
import type { BillingUsage } from './usage-port';

/** Names of the billing providers didops speaks to. */
export const BILLING_PROVIDER_NAMES = ['stripe'] as const;
/** One of {@link BILLING_PROVIDER_NAMES}. */
export type BillingProviderName = (typeof BILLING_PROVIDER_NAMES)[number];

/** A configured billing provider. */
export interface Billing {
  /** Which provider this is; it appears in messages and ids. */
  readonly name: BillingProviderName;
  readonly catalogue: BillingCatalogue;
  readonly customers: BillingCustomers;
  readonly subscriptions: BillingSubscriptions;
  readonly payments: BillingPayments;
  readonly invoices: BillingInvoices;
  readonly usage: BillingUsage;
}

export type { BillingCatalogue, BillingCustomers, BillingInvoices, BillingPayments, BillingSubscriptions, BillingUsage };
