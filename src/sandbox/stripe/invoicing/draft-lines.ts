/**
 * Keeping a draft invoice's lines in step with its invoice items: an item attached to a draft becomes a line, an
 * updated item rewrites its line, a deleted one removes it, and a manual invoice can take the customer's pending
 * items. Every change recalculates the draft and publishes invoice.updated. Only drafts change this way.
 */
import type { BillingContext } from '../billing-context';
import { invalidParam } from '../http/stripe-error';
import type { InvoiceDoc, InvoiceItemDoc } from './billing-types';
import { invoiceItemLine } from './invoice-documents';
import { readInvoice } from './invoice-line-store';
import { attachInvoiceItems, pendingInvoiceItems } from './invoice-items';
import { publishInvoiceEvent, saveInvoice } from './invoice-lifecycle';

/** The draft invoice `id` names, for an invoice item to join (400 on `param` unless it is a draft of `customer`). */
export function draftFor(bc: BillingContext, id: string, customer: string, param: string): InvoiceDoc {
  const invoice = readInvoice(bc.store, id);
  if (!invoice) throw invalidParam(param, `No such invoice: '${id}'`, 'resource_missing');
  if (invoice.customer !== customer) throw invalidParam(param, `The invoice ${id} belongs to another customer than ${customer}.`);
  if (invoice.status !== 'draft') throw invalidParam(param, `Invoice ${id} is ${invoice.status}; invoice items can only be added to draft invoices.`, 'invoice_not_editable');
  return invoice;
}

/** Replaces (or adds, or with `item` null removes) the line of invoice item `itemId` on a draft. */
export function syncItemLine(bc: BillingContext, invoiceId: string, itemId: string, item: InvoiceItemDoc | null): InvoiceDoc {
  const invoice = readInvoice(bc.store, invoiceId)!;
  const lines = invoice.lines.data.filter((line) => line.parent.invoice_item_details?.invoice_item !== itemId);
  if (item) {
    const old = invoice.lines.data.find((line) => line.parent.invoice_item_details?.invoice_item === itemId);
    const line = invoiceItemLine(invoice.id, item, old?.id);
    const at = old ? invoice.lines.data.indexOf(old) : lines.length;
    lines.splice(at, 0, line);
  }
  const saved = saveInvoice(bc, { ...invoice, lines: { ...invoice.lines, data: lines } });
  publishInvoiceEvent(bc, 'invoice.updated', saved);
  return saved;
}

/**
 * Attaches the customer's pending invoice items in `scope` to a draft being built and returns it with their lines
 * appended (the caller stores it): a subscription's invoice takes that subscription's items and unattached ones, a
 * manual invoice with `pending_invoice_items_behavior=include` the unattached ones (or its subscription's).
 */
export function withPendingItems(bc: BillingContext, invoice: InvoiceDoc, scope: { subscription?: string; includeUnattached: boolean }): InvoiceDoc {
  const taken: string[] = [];
  const lines = [...invoice.lines.data];
  for (const item of pendingInvoiceItems(bc.store, invoice.customer, scope)) {
    taken.push(item.id);
    lines.push(invoiceItemLine(invoice.id, item));
  }
  if (taken.length === 0) return invoice;
  attachInvoiceItems(bc.store, taken, invoice.id);
  return { ...invoice, lines: { ...invoice.lines, data: lines, total_count: lines.length } };
}
