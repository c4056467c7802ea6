/**
 * How invoices are kept: the invoice document holds its first lines (as it is served), and an invoice with more
 * keeps its whole line list in a document of its own beside it. Lines only change while the invoice is a draft (and
 * once more as it is finalized), so the many saves of an open or paid invoice rewrite a small document instead of
 * every line: a 10,000-line invoice was re-serialised whole at each of them.
 *
 * In that list an invoice item's line is kept as a reference to its item (the item's document already holds every
 * other field of the line, and an item changes only while its invoice is a draft, when draft-lines.ts rewrites its
 * line), so closing an invoice of 10,000 setup fees writes 0.8 MB instead of 7.2 MB of line JSON, and a line's
 * JSON is built from its item when it is read: a page of `/lines` reads only that page's items.
 */
import type { LineTax } from '../billing/line-taxes';
import type { DiscountAmount } from '../billing/discounts';
import { pageOfArray } from '../http/array-list';
import type { ListRequest, StripeList } from '../http/list';
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { InvoiceDoc, InvoiceItemDoc, InvoiceLineDoc } from './billing-types';
import { EMBEDDED_LINES, invoiceItemLine, servedLine } from './invoice-documents';
import { INVOICE_ITEM_TYPE } from './invoice-items';

/** The store type of invoices (invoice-lifecycle.ts's INVOICE_TYPE, which builds on this file). */
const INVOICE_DOC_TYPE = 'invoice';

/** The store type of an invoice's full line list. */
const INVOICE_LINES_TYPE = 'invoice_lines';

/** An invoice item's line as stored: its id, its item, and what the invoice's calculation set on it (if anything). */
interface ItemLineRef {
  id: string;
  invoice_item: string;
  discount_amounts?: DiscountAmount[];
  taxes?: LineTax[];
}

/** A line as the line list stores it: an invoice item's as a reference, any other whole (it has `object`). */
type StoredLine = InvoiceLineDoc | ItemLineRef;

/** An invoice's full line list, stored beside it under the invoice's customer. */
interface InvoiceLinesDoc extends StripeObject {
  object: typeof INVOICE_LINES_TYPE;
  data: StoredLine[];
}

function isItemLineRef(line: StoredLine): line is ItemLineRef {
  return !('object' in line);
}

/** How a line is stored: an invoice item's as a reference to it, any other whole. */
function storedLine(line: InvoiceLineDoc): StoredLine {
  const item = line.parent.invoice_item_details?.invoice_item;
  if (item === undefined) return line;
  const ref: ItemLineRef = { id: line.id, invoice_item: item };
  if (line.discount_amounts.length > 0) ref.discount_amounts = line.discount_amounts;
  if (line.taxes.length > 0) ref.taxes = line.taxes;
  return ref;
}

/** Stored lines as full lines: each invoice item's line built from its item, the items read in one query. */
function expandLines(store: StripeObjectsRepository, invoiceId: string, stored: readonly StoredLine[]): InvoiceLineDoc[] {
  const items = store.getMany<InvoiceItemDoc>(INVOICE_ITEM_TYPE, stored.filter(isItemLineRef).map((ref) => ref.invoice_item));
  return stored.map((line) => {
    if (!isItemLineRef(line)) return line;
    const item = items.get(line.invoice_item);
    if (!item) throw new Error(`invoice item ${line.invoice_item} of line ${line.id} of invoice ${invoiceId} is gone`);
    const built = invoiceItemLine(invoiceId, item, line.id);
    if (line.discount_amounts) {
      built.discount_amounts = line.discount_amounts;
      built.discounts = line.discount_amounts.map((share) => share.discount);
    }
    if (line.taxes) built.taxes = line.taxes;
    return built;
  });
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
  const doc: InvoiceLinesDoc = { id, object: INVOICE_LINES_TYPE, created: invoice.created, data: invoice.lines.data.map(storedLine) };
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

/** The stored line list of an invoice that has more lines than it embeds. */
function storedLines(store: StripeObjectsRepository, invoiceId: string): StoredLine[] {
  const lines = store.get<InvoiceLinesDoc>(INVOICE_LINES_TYPE, linesIdOf(invoiceId));
  if (!lines) throw new Error(`the lines of invoice ${invoiceId} are gone`);
  return lines.data;
}

/** A stored invoice (as the store returns it) with all its lines. */
export function withAllLines(store: StripeObjectsRepository, stored: InvoiceDoc): InvoiceDoc {
  if (!stored.lines.has_more) return stored;
  const data = rememberedLines(store, stored.id) ?? expandLines(store, stored.id, storedLines(store, stored.id));
  return { ...stored, lines: { ...stored.lines, data, has_more: false } };
}

/**
 * One page of a stored invoice's lines as served (`GET /v1/invoices/{id}/lines`): the page is chosen among the
 * stored lines and only its lines are built, so paging a 10,000-line invoice does not build every line per page.
 */
export function pageOfInvoiceLines(store: StripeObjectsRepository, stored: InvoiceDoc, request: Pick<ListRequest, 'limit' | 'startingAfter' | 'endingBefore'>): StripeList<ReturnType<typeof servedLine>> {
  const url = `/v1/invoices/${stored.id}/lines`;
  const all = stored.lines.has_more ? (rememberedLines(store, stored.id) ?? storedLines(store, stored.id)) : stored.lines.data;
  const page = pageOfArray<StoredLine>(all, request, url, 'line_item');
  return { ...page, data: expandLines(store, stored.id, page.data).map(servedLine) };
}

/** An invoice by id with all its lines, or undefined. */
export function readInvoice(store: StripeObjectsRepository, invoiceId: string): InvoiceDoc | undefined {
  const stored = store.get<InvoiceDoc>(INVOICE_DOC_TYPE, invoiceId);
  return stored && withAllLines(store, stored);
}
