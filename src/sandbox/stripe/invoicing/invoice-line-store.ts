/**
 * How invoices are kept: the invoice document holds its first lines (as it is served), and an invoice with more
 * keeps its whole line list in a document of its own beside it. Lines only change while the invoice is a draft (and
 * once more as it is finalized), so the many saves of an open or paid invoice rewrite a small document instead of
 * every line: a 10,000-line invoice was re-serialised whole at each of them.
 */
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { InvoiceDoc, InvoiceLineDoc } from './billing-types';
import { EMBEDDED_LINES } from './invoice-documents';

/** The store type of invoices (invoice-lifecycle.ts's INVOICE_TYPE, which builds on this file). */
const INVOICE_DOC_TYPE = 'invoice';

/** The store type of an invoice's full line list. */
const INVOICE_LINES_TYPE = 'invoice_lines';

/** An invoice's full line list, stored beside it under the invoice's customer. */
interface InvoiceLinesDoc extends StripeObject {
  object: typeof INVOICE_LINES_TYPE;
  data: InvoiceLineDoc[];
}

function linesIdOf(invoiceId: string): string {
  return `${invoiceId}_lines`;
}

/** The invoice as stored: its first lines inline, `has_more` and `total_count` telling how many there are. */
function compactInvoice(invoice: InvoiceDoc): InvoiceDoc {
  const all = invoice.lines.data;
  if (all.length <= EMBEDDED_LINES) return { ...invoice, lines: { ...invoice.lines, has_more: false, total_count: all.length } };
  return { ...invoice, lines: { ...invoice.lines, data: all.slice(0, EMBEDDED_LINES), has_more: true, total_count: all.length } };
}

/**
 * The line list last written, per store, kept in memory so that the step after (a renewal's draft is finalized in
 * the same clock advance) does not parse back the 10,000 lines it just serialised. It stands only while no
 * transaction has rolled back since it was written (the write may have been undone); lines are never changed in
 * place (every change builds a new list and saves it), so the kept list stays what the store holds.
 */
const lastWritten = new WeakMap<StripeObjectsRepository, { invoiceId: string; lines: InvoiceLineDoc[]; rollbacks: number }>();

function rememberLines(store: StripeObjectsRepository, invoiceId: string, lines: InvoiceLineDoc[] | null): void {
  if (lines) lastWritten.set(store, { invoiceId, lines, rollbacks: store.rollbacks });
  else if (lastWritten.get(store)?.invoiceId === invoiceId) lastWritten.delete(store);
}

function rememberedLines(store: StripeObjectsRepository, invoiceId: string): InvoiceLineDoc[] | undefined {
  const kept = lastWritten.get(store);
  return kept && kept.invoiceId === invoiceId && kept.rollbacks === store.rollbacks ? kept.lines : undefined;
}

/** Stores the full line list of an invoice that has more lines than it embeds, and drops it when it has no more. */
function writeLines(store: StripeObjectsRepository, invoice: InvoiceDoc, fresh: boolean): void {
  const id = linesIdOf(invoice.id);
  if (invoice.lines.data.length <= EMBEDDED_LINES) {
    rememberLines(store, invoice.id, null);
    if (!fresh) store.delete(id);
    return;
  }
  const doc: InvoiceLinesDoc = { id, object: INVOICE_LINES_TYPE, created: invoice.created, data: invoice.lines.data };
  if (fresh || store.seqOf(id) === undefined) store.insert(doc, { customer: invoice.customer, parent: invoice.id });
  else store.update(doc);
  rememberLines(store, invoice.id, invoice.lines.data);
}

/** Stores a new invoice and its lines. */
export function insertInvoiceDoc(store: StripeObjectsRepository, invoice: InvoiceDoc): void {
  store.insert(compactInvoice(invoice), { customer: invoice.customer, parent: invoice.parent?.subscription_details.subscription ?? null });
  writeLines(store, invoice, true);
}

/** Replaces a stored invoice; its line list too when `linesChanged`. */
export function updateInvoiceDoc(store: StripeObjectsRepository, invoice: InvoiceDoc, linesChanged: boolean): void {
  store.update(compactInvoice(invoice));
  if (linesChanged) writeLines(store, invoice, false);
}

/** Removes a stored invoice and its lines. */
export function deleteInvoiceDoc(store: StripeObjectsRepository, invoiceId: string): void {
  rememberLines(store, invoiceId, null);
  store.delete(invoiceId);
  store.delete(linesIdOf(invoiceId));
}

/** A stored invoice (as the store returns it) with all its lines. */
export function withAllLines(store: StripeObjectsRepository, stored: InvoiceDoc): InvoiceDoc {
  if (!stored.lines.has_more) return stored;
  const kept = rememberedLines(store, stored.id);
  if (kept) return { ...stored, lines: { ...stored.lines, data: kept, has_more: false } };
  const lines = store.get<InvoiceLinesDoc>(INVOICE_LINES_TYPE, linesIdOf(stored.id));
  if (!lines) throw new Error(`the lines of invoice ${stored.id} are gone`);
  return { ...stored, lines: { ...stored.lines, data: lines.data, has_more: false } };
}

/** An invoice by id with all its lines, or undefined. */
export function readInvoice(store: StripeObjectsRepository, invoiceId: string): InvoiceDoc | undefined {
  const stored = store.get<InvoiceDoc>(INVOICE_DOC_TYPE, invoiceId);
  return stored && withAllLines(store, stored);
}
