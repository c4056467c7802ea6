/**
 * An invoice's life as Stripe runs it: draft → open (finalize) → paid | void | uncollectible (and uncollectible →
 * paid | void). A transition from any other state is a 400 naming the state. Finalizing numbers the invoice
 * (`PREFIX-0001`, per customer), applies the customer's balance for good (an `applied_to_invoice` balance
 * transaction) and marks an invoice with nothing due paid at once. Each step publishes its event: invoice.created,
 * invoice.finalized, invoice.paid with invoice.payment_succeeded, invoice.payment_failed, invoice.voided,
 * invoice.marked_uncollectible, invoice.sent, invoice.deleted, invoice.updated.
 */
import { applyCustomerBalance } from '../billing/customer-balance';
import type { BillingContext } from '../billing-context';
import { invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { PublishOptions } from '../events/event-publisher';
import type { BillingCustomer, InvoiceDoc, InvoiceStatus } from './billing-types';
import { discountTerms } from './coupons';
import { recalculateInvoice } from './invoice-amounts';
import { servedInvoice } from './invoice-documents';
import { INVOICE_ITEM_TYPE, updateInvoiceItem } from './invoice-items';
import { deleteInvoiceDoc, insertInvoiceDoc, updateInvoiceDoc } from './invoice-line-store';
import type { InvoiceItemDoc } from './billing-types';

/** The store type of invoices. */
export const INVOICE_TYPE = 'invoice';

/** Where hosted invoice pages would be (the sandbox serves none; the URLs only have Stripe's shape). */
const HOSTED_BASE = 'https://invoice.stripe.com/i/acct_didops_sandbox';

/** The customer an invoice bills (the foundation keeps customers; billing reads and numbers with them). */
export function invoiceCustomer(bc: BillingContext, customerId: string): BillingCustomer {
  const customer = bc.store.get<BillingCustomer>('customer', customerId);
  if (!customer) throw new Error(`customer ${customerId} of an invoice is gone`);
  return customer;
}

/** Publishes an event about an invoice, in its served form. */
export function publishInvoiceEvent(bc: BillingContext, type: string, invoice: InvoiceDoc, options: PublishOptions = {}): void {
  bc.events.publish(type, servedInvoice(invoice), options);
}

/** A draft recalculated for its customer's current balance and its discounts that apply at its creation. */
export function recalculateDraft(bc: BillingContext, invoice: InvoiceDoc): InvoiceDoc {
  return recalculateInvoice(invoice, invoiceCustomer(bc, invoice.customer).balance ?? 0, discountTerms(bc, invoice.discounts, invoice.created));
}

/** Stores a new invoice (indexed by customer and by its subscription) and publishes invoice.created. */
export function insertInvoice(bc: BillingContext, invoice: InvoiceDoc): InvoiceDoc {
  const calculated = invoice.status === 'draft' ? recalculateDraft(bc, invoice) : invoice;
  insertInvoiceDoc(bc.store, calculated);
  bc.due.schedule(calculated.id, dueTimeOf(calculated), calculated.test_clock);
  publishInvoiceEvent(bc, 'invoice.created', calculated);
  return calculated;
}

/**
 * Replaces a stored invoice (a draft is recalculated first) and keeps its due time in step. Only a draft's lines
 * change, so its line list is rewritten only for a draft or when `linesChanged` (finalization).
 */
export function saveInvoice(bc: BillingContext, invoice: InvoiceDoc, options: { linesChanged?: boolean } = {}): InvoiceDoc {
  const calculated = invoice.status === 'draft' ? recalculateDraft(bc, invoice) : invoice;
  updateInvoiceDoc(bc.store, calculated, calculated.status === 'draft' || options.linesChanged === true);
  bc.due.schedule(calculated.id, dueTimeOf(calculated), calculated.test_clock);
  return calculated;
}

/**
 * When billing must next act on an invoice: a draft that auto-advances at its finalization time, an open one that
 * charges automatically at its next payment attempt.
 */
function dueTimeOf(invoice: InvoiceDoc): number | null {
  if (invoice.status === 'draft') return invoice.auto_advance ? invoice.automatically_finalizes_at : null;
  return invoice.status === 'open' ? invoice.next_payment_attempt : null;
}

/** Refuses a transition unless the invoice is in one of `allowed` states. */
export function requireStatus(invoice: InvoiceDoc, allowed: readonly InvoiceStatus[], action: string): void {
  if (!allowed.includes(invoice.status)) {
    throw invalidRequest(`You can only ${action} an invoice whose status is ${allowed.join(' or ')}; invoice ${invoice.id} is ${invoice.status}.`, undefined, 'invoice_not_editable');
  }
}

/**
 * Finalizes a draft at `at`: numbers it, applies the customer balance, and opens it (or marks it paid when nothing
 * is due). Publishes invoice.finalized (and invoice.paid / invoice.payment_succeeded for nothing due).
 */
export function finalizeInvoice(bc: BillingContext, draft: InvoiceDoc, at: number): InvoiceDoc {
  if (draft.status !== 'draft') {
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice (invoice ${draft.id} is ${draft.status}).`, undefined, 'invoice_not_editable');
  }
  const customer = invoiceCustomer(bc, draft.customer);
  const calculated = recalculateDraft(bc, draft);
  const balance = applyCustomerBalance(calculated.total, customer.balance ?? 0);
  if (balance.balanceTransactionAmount !== 0) bc.ledger.applyToInvoice(customer.id, balance.balanceTransactionAmount, calculated.currency, calculated.id, at);
  const number = nextInvoiceNumber(bc, invoiceCustomer(bc, customer.id), calculated.currency);
  let invoice: InvoiceDoc = {
    ...calculated,
    number,
    status: 'open',
    starting_balance: balance.starting_balance,
    ending_balance: balance.ending_balance,
    amount_due: balance.amount_due,
    amount_remaining: balance.amount_due - calculated.amount_paid,
    automatically_finalizes_at: null,
    // An invoice that collects itself is charged after the grace period (a caller that charges at once clears this).
    next_payment_attempt: calculated.auto_advance && calculated.collection_method === 'charge_automatically' && balance.amount_due > 0
      ? at + bc.settings.finalizationGraceSeconds : null,
    effective_at: at,
    hosted_invoice_url: `${HOSTED_BASE}/test_${calculated.id}`,
    invoice_pdf: `${HOSTED_BASE}/test_${calculated.id}/pdf`,
    status_transitions: { ...calculated.status_transitions, finalized_at: at },
  };
  invoice = saveInvoice(bc, invoice, { linesChanged: !sameLineAmounts(draft, calculated) });
  publishInvoiceEvent(bc, 'invoice.finalized', invoice);
  if (invoice.amount_due === 0) invoice = markPaid(bc, invoice, at, 0);
  return invoice;
}

/**
 * Whether recalculation left every line's amounts as the draft had them (a stored draft was recalculated at its last
 * save, so unless its coupons changed since, finalizing need not rewrite 10,000 lines).
 */
function sameLineAmounts(before: InvoiceDoc, after: InvoiceDoc): boolean {
  const a = before.lines.data;
  const b = after.lines.data;
  if (a.length !== b.length) return false;
  const amounts = (line: InvoiceDoc['lines']['data'][number]) => JSON.stringify([line.id, line.amount, line.discount_amounts, line.taxes]);
  // Recalculation keeps a line it leaves as it was (invoice-amounts.ts): the same object needs no comparing.
  return a.every((line, i) => line === b[i] || amounts(line) === amounts(b[i]!));
}

/** Charges an open invoice's amount due; a decline leaves it open, counted as an attempt, and is returned. */
export function attemptInvoicePayment(
  bc: BillingContext,
  open: InvoiceDoc,
  options: { paymentMethod: string | null; offSession: boolean; at: number },
): { invoice: InvoiceDoc; declined?: StripeApiError } {
  requireStatus(open, ['open', 'uncollectible'], 'pay');
  if (open.amount_remaining === 0) return { invoice: markPaid(bc, open, options.at, 0) };
  const attempted: InvoiceDoc = { ...open, attempted: true, attempt_count: open.attempt_count + 1 };
  const outcome = bc.charger.charge(attempted, options.paymentMethod ?? open.default_payment_method, options.offSession);
  if (outcome.paid) return { invoice: markPaid(bc, attempted, options.at, attempted.amount_remaining) };
  const failed = saveInvoice(bc, { ...attempted, next_payment_attempt: null });
  publishInvoiceEvent(bc, 'invoice.payment_failed', failed);
  return { invoice: failed, declined: outcome.error };
}

/** Records an open invoice as paid outside Stripe (`paid_out_of_band`). */
export function payOutOfBand(bc: BillingContext, open: InvoiceDoc, at: number): InvoiceDoc {
  requireStatus(open, ['open', 'uncollectible'], 'pay');
  const offStripe = open.amount_remaining;
  return markPaid(bc, { ...open, amount_paid_off_stripe: (open.amount_paid_off_stripe ?? 0) + offStripe }, at, offStripe);
}

/** Marks an invoice paid with `amount` more paid, and publishes invoice.paid then invoice.payment_succeeded. */
function markPaid(bc: BillingContext, invoice: InvoiceDoc, at: number, amount: number): InvoiceDoc {
  const paid = saveInvoice(bc, {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.amount_paid + amount,
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: at },
  });
  publishInvoiceEvent(bc, 'invoice.paid', paid);
  publishInvoiceEvent(bc, 'invoice.payment_succeeded', paid);
  return paid;
}

/** Voids an open or uncollectible invoice; its invoice items stay attached to it, as on Stripe. */
export function voidInvoice(bc: BillingContext, invoice: InvoiceDoc, at: number): InvoiceDoc {
  if (invoice.status === 'draft') throw invalidRequest(`You can't void a draft invoice; delete invoice ${invoice.id} instead.`, undefined, 'invoice_not_editable');
  requireStatus(invoice, ['open', 'uncollectible'], 'void');
  const voided = saveInvoice(bc, { ...invoice, status: 'void', amount_remaining: 0, next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, voided_at: at } });
  publishInvoiceEvent(bc, 'invoice.voided', voided);
  return voided;
}

/** Marks an open invoice uncollectible. */
export function markInvoiceUncollectible(bc: BillingContext, invoice: InvoiceDoc, at: number): InvoiceDoc {
  requireStatus(invoice, ['open'], 'mark uncollectible');
  const marked = saveInvoice(bc, { ...invoice, status: 'uncollectible', next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, marked_uncollectible_at: at } });
  publishInvoiceEvent(bc, 'invoice.marked_uncollectible', marked);
  return marked;
}

/** "Sends" an open invoice (the sandbox mails nothing) and publishes invoice.sent. */
export function sendInvoice(bc: BillingContext, invoice: InvoiceDoc): InvoiceDoc {
  requireStatus(invoice, ['open'], 'send');
  publishInvoiceEvent(bc, 'invoice.sent', invoice);
  return invoice;
}

/** Deletes a draft; its invoice items become pending again, as on Stripe. */
export function deleteDraftInvoice(bc: BillingContext, invoice: InvoiceDoc): void {
  requireStatus(invoice, ['draft'], 'delete');
  bc.store.transaction(() => {
    for (const item of bc.store.scan<InvoiceItemDoc>({ type: INVOICE_ITEM_TYPE, parent: invoice.id })) updateInvoiceItem(bc.store, { ...item, invoice: null });
    deleteInvoiceDoc(bc.store, invoice.id);
    bc.due.schedule(invoice.id, null, invoice.test_clock);
  });
  publishInvoiceEvent(bc, 'invoice.deleted', invoice);
}

/**
 * The next number of a customer's invoices (`PREFIX-0001`), advancing its sequence; a customer's first invoice also
 * gives it its currency, as on Stripe.
 */
function nextInvoiceNumber(bc: BillingContext, customer: BillingCustomer, currency: string): string {
  const prefix = customer.invoice_prefix ?? customer.id.slice(-8).toUpperCase();
  const sequence = customer.next_invoice_sequence ?? 1;
  bc.store.update({ ...customer, currency: customer.currency ?? currency, invoice_prefix: prefix, next_invoice_sequence: sequence + 1 });
  return `${prefix}-${String(sequence).padStart(4, '0')}`;
}
