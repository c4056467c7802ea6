/**
 * What the billing services work with: the foundation's store, events and time, billing's own tables, and two
 * narrow ports onto the foundation's services (paying an invoice through a payment intent, and recording a customer
 * balance transaction), so billing never copies them.
 */
import type { PublishOptions } from './events/event-publisher';
import type { StripeApiError } from './http/stripe-error';
import type { InvoiceDoc } from './invoicing/billing-types';
import type { BillingDueRepository } from './store/billing-due-repository';
import type { MeterEventsRepository } from './store/meter-events-repository';
import type { StripeObject, StripeObjectsRepository } from './store/stripe-objects-repository';

/** The outcome of charging an invoice's amount due. */
export type InvoiceChargeOutcome =
  | { paid: true; paymentIntent: string }
  | { paid: false; paymentIntent: string | null; error: StripeApiError };

/** Charges invoices (the foundation's chargeCustomer behind it). */
export interface InvoiceCharger {
  /** Charges `invoice.amount_due` to `paymentMethod` (or the customer's default), off session when billing runs unattended. */
  charge(invoice: InvoiceDoc, paymentMethod: string | null, offSession: boolean): InvoiceChargeOutcome;
}

/** Records customer balance transactions (the foundation's ledger behind it). */
export interface CustomerBalanceLedger {
  /** Adds `amount` to the customer's balance as an `applied_to_invoice` transaction of `invoice`, dated `at`. */
  applyToInvoice(customer: string, amount: number, currency: string, invoice: string, at: number): void;
}

/** Settings of the billing engine. */
export interface BillingSettings {
  /** How long a subscription's draft invoice waits before it is finalized, in seconds (Stripe: one hour). */
  finalizationGraceSeconds: number;
}

/** Where billing publishes events: the foundation's publisher, or a buffer that holds them until a change commits. */
export interface EventSink {
  publish(type: string, object: StripeObject, options?: PublishOptions): unknown;
}

/** Everything billing services need. */
export interface BillingContext {
  store: StripeObjectsRepository;
  events: EventSink;
  /** The Stripe time of a customer (its test clock's frozen time, or the sandbox's time). */
  timeOf: (customer?: string | null) => number;
  meterEvents: MeterEventsRepository;
  due: BillingDueRepository;
  charger: InvoiceCharger;
  ledger: CustomerBalanceLedger;
  settings: BillingSettings;
}
