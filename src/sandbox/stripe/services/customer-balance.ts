/**
 * A customer's credit balance and its ledger (`customer_balance_transaction`, `cbtxn_…`): every change to
 * `customer.balance` is a transaction with the balance after it. Negative amounts are credit the customer has,
 * positive ones are owed. Billing applies the balance to invoices through {@link adjustCustomerBalance}.
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { invalidParam } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import type { StripeCustomer } from './customers';
import { findObject } from './lookup';

/** A balance transaction as served. */
export interface StripeBalanceTransaction extends StripeObject {
  object: 'customer_balance_transaction';
  amount: number;
  currency: string;
  customer: string;
  description: string | null;
  ending_balance: number;
  invoice: string | null;
  metadata: Record<string, string>;
  type: string;
}

/** What a balance change is. */
export interface BalanceAdjustment {
  customer: string;
  /** Minor units; negative adds credit, positive adds what the customer owes. */
  amount: number;
  currency: string;
  /** Stripe's transaction type: `adjustment` (manual), `applied_to_invoice`, `unapplied_from_invoice`, `initial`, … */
  type?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  invoice?: string | null;
  /** The parameter that named the currency, for the mismatch error (default `currency`). */
  currencyParam?: string;
}

/**
 * Records a balance transaction and moves the customer's balance (setting its currency when it had none); publishes
 * `customer.updated` with the old balance. A currency other than the customer's is a 400 on `currencyParam`.
 */
export function adjustCustomerBalance(ctx: SandboxContext, change: BalanceAdjustment): { transaction: StripeBalanceTransaction; customer: StripeCustomer } {
  const customer = findObject<StripeCustomer>(ctx, 'customer', change.customer, 'customer');
  if (customer.currency !== null && customer.currency !== change.currency) {
    throw invalidParam(change.currencyParam ?? 'currency', `The currency ${change.currency} does not match the customer's currency, ${customer.currency}; a customer's balance has one currency.`);
  }
  const updated: StripeCustomer = { ...customer, balance: customer.balance + change.amount, currency: change.currency };
  const transaction: StripeBalanceTransaction = {
    id: newStripeId('cbtxn'),
    object: 'customer_balance_transaction',
    amount: change.amount,
    checkout_session: null,
    created: ctx.stripe.timeOf(customer.id),
    credit_note: null,
    currency: change.currency,
    customer: customer.id,
    description: change.description ?? null,
    ending_balance: updated.balance,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: change.metadata ?? {},
    type: change.type ?? 'adjustment',
  };
  ctx.stripe.store.transaction(() => {
    ctx.stripe.store.insert(transaction, { customer: customer.id, parent: customer.id });
    ctx.stripe.store.update(updated);
  });
  ctx.stripe.events.publish('customer.updated', updated, { previousAttributes: previousAttributes(customer, updated) });
  return { transaction, customer: updated };
}
