/**
 * The customers part of the billing port on Stripe: customers, their tax ids, balance credits and unsettled invoices
 * (this file), tax rates (tax-rates.ts) and payment methods (payment-methods.ts). Stripe writes a credit as a
 * negative balance transaction; the port's credits are positive.
 */
import type Stripe from 'stripe';
import type {
  BillingCustomer,
  BillingCustomers,
  CreditGrant,
  CustomerSpec,
  PostalAddress,
  TaxTreatment,
  UnsettledInvoice,
} from '../customers-port';
import type { StripeClient } from './client';
import { isStripeMissing, stripeCall } from './errors';
import { attachPaymentMethod, getPaymentMethod } from './payment-methods';
import { collect, metadataQuery, unlessMissing, wasReplayed } from './requests';
import { createTaxRate, findTaxRates, setTaxRateActive } from './tax-rates';

/** The customers part of the billing port, on the given Stripe client. */
export function stripeCustomers(stripe: StripeClient): BillingCustomers {
  const retrieve = (id: string): Promise<BillingCustomer | undefined> =>
    unlessMissing(async () => {
      const customer = await stripe.customers.retrieve(id);
      return customer.deleted ? undefined : customerOf(customer);
    });

  return {
    getCustomer: (id) => stripeCall({ operation: `read customer ${id}` }, () => retrieve(id)),

    findCustomers: (metadata) =>
      stripeCall({ operation: 'find customers' }, async () => (await collect(stripe.customers.search({ query: metadataQuery(metadata), limit: 100 }))).map(customerOf)),

    createCustomer: (spec, write) =>
      stripeCall({ operation: `create customer "${spec.name}"`, fieldOfParam: (param) => (param === 'test_clock' ? 'testClock' : undefined) }, async () => {
        const params = { ...customerParams(spec), ...(spec.testClock !== undefined ? { test_clock: spec.testClock } : {}) };
        const created = await stripe.customers.create(params, { idempotencyKey: write.idempotencyKey });
        return wasReplayed(created) ? ((await retrieve(created.id)) ?? customerOf(created)) : customerOf(created);
      }),

    updateCustomer: (id, changes) =>
      stripeCall({ operation: `update customer ${id}` }, async () => {
        const params: Stripe.CustomerUpdateParams = customerParams(changes);
        if (changes.defaultPaymentMethodId !== undefined) params.invoice_settings = { default_payment_method: changes.defaultPaymentMethodId };
        return customerOf(await stripe.customers.update(id, params));
      }),

    deleteCustomer: (id) =>
      stripeCall({ operation: `delete customer ${id}` }, async () => {
        try {
          await stripe.customers.del(id);
        } catch (err) {
          if (!isStripeMissing(err)) throw err;
        }
      }),

    unsettledInvoices: (customerId) =>
      stripeCall({ operation: `list unsettled invoices of ${customerId}` }, async () => {
        const unsettled: UnsettledInvoice[] = [];
        for (const status of ['draft', 'open'] as const) {
          for (const invoice of await collect(stripe.invoices.list({ customer: customerId, status, limit: 100 }))) {
            unsettled.push({ id: invoice.id ?? '', status, amountDue: invoice.amount_due, currency: invoice.currency.toUpperCase() });
          }
        }
        return unsettled;
      }),

    listTaxIds: (customerId) =>
      stripeCall({ operation: `list tax ids of ${customerId}` }, async () =>
        (await collect(stripe.customers.listTaxIds(customerId, { limit: 100 }))).map((taxId) => ({ id: taxId.id, type: taxId.type, value: taxId.value })),
      ),

    addTaxId: (customerId, taxId, write) =>
      stripeCall({ operation: `add tax id ${taxId.value} to ${customerId}` }, async () => {
        const created = await stripe.customers.createTaxId(customerId, { type: taxId.type as Stripe.CustomerCreateTaxIdParams.Type, value: taxId.value }, { idempotencyKey: write.idempotencyKey });
        return { id: created.id, type: created.type, value: created.value };
      }),

    removeTaxId: (customerId, taxIdId) =>
      stripeCall({ operation: `remove tax id ${taxIdId} from ${customerId}` }, async () => {
        try {
          await stripe.customers.deleteTaxId(customerId, taxIdId);
        } catch (err) {
          if (!isStripeMissing(err)) throw err;
        }
      }),

    listCredits: (customerId) =>
      stripeCall({ operation: `list credits of ${customerId}` }, async () =>
        (await collect(stripe.customers.listBalanceTransactions(customerId, { limit: 100 }))).filter((t) => t.amount < 0).map(creditOf),
      ),

    grantCredit: (customerId, credit, write) =>
      stripeCall({ operation: `grant ${credit.amount} ${credit.currency} credit to ${customerId}` }, async () =>
        creditOf(
          await stripe.customers.createBalanceTransaction(
            customerId,
            { amount: -credit.amount, currency: credit.currency.toLowerCase(), description: credit.description, metadata: { ...credit.metadata } },
            { idempotencyKey: write.idempotencyKey },
          ),
        ),
      ),

    findTaxRates: (metadata) => findTaxRates(stripe, metadata),
    createTaxRate: (spec, write) => createTaxRate(stripe, spec, write),
    setTaxRateActive: (id, active) => setTaxRateActive(stripe, id, active),
    attachPaymentMethod: (customerId, paymentMethod, write) => attachPaymentMethod(stripe, customerId, paymentMethod, write),
    getPaymentMethod: (customerId, paymentMethodId) => getPaymentMethod(stripe, customerId, paymentMethodId),
  };
}

/** Stripe's parameters for what is given of a customer spec; a field left out is not sent (and so not changed). */
function customerParams(spec: Partial<CustomerSpec>): Stripe.CustomerCreateParams & Stripe.CustomerUpdateParams {
  return {
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    ...(spec.email !== undefined ? { email: spec.email } : {}),
    ...(spec.address !== undefined ? { address: addressParam(spec.address) } : {}),
    ...(spec.taxTreatment !== undefined ? { tax_exempt: spec.taxTreatment } : {}),
    ...(spec.metadata !== undefined ? { metadata: { ...spec.metadata } } : {}),
  };
}

// Stripe clears an address field sent empty and keeps one left out; an address is always sent whole.
function addressParam(address: PostalAddress): Stripe.AddressParam {
  return {
    line1: address.line1,
    line2: address.line2 ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    postal_code: address.postalCode ?? '',
    country: address.country,
  };
}

function customerOf(customer: Stripe.Customer): BillingCustomer {
  const pm = customer.invoice_settings?.default_payment_method ?? null;
  return {
    id: customer.id,
    name: customer.name ?? null,
    email: customer.email ?? null,
    address: addressOf(customer.address ?? null),
    currency: customer.currency ? customer.currency.toUpperCase() : null,
    balance: customer.balance ?? 0,
    taxTreatment: taxTreatmentOf(customer.tax_exempt),
    defaultPaymentMethodId: typeof pm === 'string' || pm === null ? pm : pm.id,
    testClockId: typeof customer.test_clock === 'string' || !customer.test_clock ? (customer.test_clock ?? null) : customer.test_clock.id,
    metadata: { ...customer.metadata },
  };
}

/** A Stripe address as a postal address; null unless it has a first line and a country (an invoice prints nothing less). */
export function addressOf(address: Stripe.Address | null): PostalAddress | null {
  if (!address || !address.line1 || !address.country) return null;
  const optional = (value: string | null) => (value ? value : undefined);
  return withoutUndefined({
    line1: address.line1,
    line2: optional(address.line2),
    city: optional(address.city),
    state: optional(address.state),
    postalCode: optional(address.postal_code),
    country: address.country,
  });
}

function taxTreatmentOf(value: Stripe.Customer.TaxExempt | null | undefined): TaxTreatment {
  if (value === 'exempt') return 'exempt';
  return value === 'reverse' ? 'reverse' : 'none';
}

function creditOf(transaction: Stripe.CustomerBalanceTransaction): CreditGrant {
  return { id: transaction.id, amount: -transaction.amount, currency: transaction.currency.toUpperCase(), metadata: { ...(transaction.metadata ?? {}) } };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
