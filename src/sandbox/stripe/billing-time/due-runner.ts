/**
 * Passing time for billing: runs, in time order, everything due up to a moment for the customers of one clock (a
 * test clock's while it advances, or the sandbox's own clock on each request). Each due object runs at its due
 * time, with the test clock first moved there, so what it creates and publishes is dated then, and the webhooks go
 * out in that order.
 */
import type { BillingContext } from '../billing-context';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { readInvoice } from '../invoicing/invoice-line-store';
import { collectInvoice } from '../subscriptions/subscription-collection';
import { SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { endWithCustomer, runSubscriptionDue } from '../subscriptions/subscription-cycle';

/** Runs what is due for `testClock`'s customers (null: customers on no clock) up to `until`, in time order. */
export function runDueBilling(bc: BillingContext, testClock: string | null, until: number, moveTo?: (time: number) => void): void {
  for (;;) {
    const entry = bc.due.next(testClock, until);
    if (!entry) return;
    moveTo?.(entry.due_at);
    try {
      runDueObject(bc, entry.object_id, entry.due_at);
    } catch (err) {
      // One broken object must not stop time for every other (nor fail the request that happened to pass it).
      console.error(`[sandbox] stripe billing: ${entry.object_id} failed at ${entry.due_at}; dropped from the schedule: ${(err as Error).stack ?? err}`);
      bc.due.schedule(entry.object_id, null, testClock);
      continue;
    }
    const again = bc.due.next(testClock, until);
    // An object still due at the same time did nothing to move on (a sandbox bug): drop it rather than loop forever.
    if (again && again.object_id === entry.object_id && again.due_at === entry.due_at) {
      console.error(`[sandbox] stripe billing: ${entry.object_id} stayed due at ${entry.due_at}; dropped from the schedule`);
      bc.due.schedule(entry.object_id, null, testClock);
    }
  }
}

/** Runs one due object at its due time. */
function runDueObject(bc: BillingContext, objectId: string, at: number): void {
  if (objectId.startsWith('sub_')) {
    const subscription = bc.store.get<SubscriptionDoc>(SUBSCRIPTION_TYPE, objectId);
    if (!subscription) bc.due.schedule(objectId, null, null);
    // A deleted customer's subscriptions end with it, as on Stripe.
    else if (!bc.store.get('customer', subscription.customer)) endWithCustomer(bc, subscription, at);
    else runSubscriptionDue(bc, subscription, at);
    return;
  }
  const invoice = readInvoice(bc.store, objectId);
  const collectable = invoice && ((invoice.status === 'draft' && invoice.auto_advance) || (invoice.status === 'open' && invoice.next_payment_attempt !== null));
  if (collectable) collectInvoice(bc, invoice, { at, offSession: true });
  else bc.due.schedule(objectId, null, invoice?.test_clock ?? null);
}
