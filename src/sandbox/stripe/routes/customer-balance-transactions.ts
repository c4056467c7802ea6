/**
 * `/v1/customers/{id}/balance_transactions`: credits (negative amounts) and debits that move `customer.balance`;
 * create, list, retrieve, and update of description and metadata.
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam } from '../http/stripe-error';
import { adjustCustomerBalance, type StripeBalanceTransaction } from '../services/customer-balance';
import type { StripeCustomer } from '../services/customers';
import { findCustomerObject, findObject } from '../services/lookup';

/** Registers the routes. */
export function registerStripeCustomerBalanceRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const customerOf = (id: string) => findObject<StripeCustomer>(ctx, 'customer', id);
  const transactionOf = (customerId: string, id: string) => findCustomerObject<StripeBalanceTransaction>(ctx, customerId, 'customer_balance_transaction', id);

  app.post('/customers/:id/balance_transactions', (c) => {
    const customer = customerOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['amount', 'currency', 'description', 'metadata']);
    const amount = params.integer('amount', { required: true, min: -99_999_999, max: 99_999_999 })!;
    if (amount === 0) throw invalidParam('amount', 'Invalid amount: a balance transaction must move the balance (use a non-zero amount).');
    const { transaction } = adjustCustomerBalance(ctx, {
      customer: customer.id,
      amount,
      currency: params.currency('currency', { required: true })!,
      description: params.string('description', { maxLength: 350 }) ?? null,
      metadata: applyMetadata({}, params.metadata()),
    });
    return respond(ctx, c, transaction);
  });

  app.get('/customers/:id/balance_transactions', (c) => {
    const customer = customerOf(c.req.param('id'));
    const params = c.get('params');
    const request = readListRequest(params, ['invoice']);
    const invoice = params.string('invoice', { maxLength: 255 });
    return respond(ctx, c, listObjects<StripeBalanceTransaction>(store, {
      type: 'customer_balance_transaction', parent: customer.id, where: (t) => invoice === undefined || t.invoice === invoice,
    }, request, `/v1/customers/${customer.id}/balance_transactions`));
  });

  app.get('/customers/:id/balance_transactions/:txn', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, transactionOf(c.req.param('id'), c.req.param('txn')));
  });

  app.post('/customers/:id/balance_transactions/:txn', (c) => {
    const transaction = transactionOf(c.req.param('id'), c.req.param('txn'));
    const params = c.get('params').allowOnly(['description', 'metadata']);
    const description = params.nullableString('description', { maxLength: 350 });
    const updated: StripeBalanceTransaction = {
      ...transaction,
      description: description === undefined ? transaction.description : description,
      metadata: applyMetadata(transaction.metadata, params.metadata()),
    };
    store.update(updated);
    return respond(ctx, c, updated);
  });
}
