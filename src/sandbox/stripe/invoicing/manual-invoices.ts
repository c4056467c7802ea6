/**
 * Invoices made through the API (`POST /v1/invoices`, billing_reason `manual`): a draft that takes pending invoice
 * items only when asked (`pending_invoice_items_behavior=include`; the default is exclude in current API versions),
 * finalized by the caller, or by itself an hour later when `auto_advance` is true (default false, as on Stripe).
 * A draft's fields can be updated; a finalized invoice only keeps changing its description, footer and metadata.
 */
import type { BillingContext } from '../billing-context';
import { invalidRequest } from '../http/stripe-error';
import type { BillingCustomer, BillingTaxRate, InvoiceDoc, SubscriptionDoc } from './billing-types';
import { redeemCoupons } from './coupons';
import { withPendingItems } from './draft-lines';
import { newDraftInvoice } from './invoice-documents';
import { insertInvoice, publishInvoiceEvent, saveInvoice } from './invoice-lifecycle';

/** A manual invoice to create. */
export interface ManualInvoiceSpec {
  customer: BillingCustomer;
  currency: string;
  autoAdvance: boolean;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  dueDate: number | null;
  defaultPaymentMethod: string | null;
  defaultTaxRates: BillingTaxRate[];
  description: string | null;
  metadata: Record<string, string>;
  includePending: boolean;
  subscription?: SubscriptionDoc;
  /** Coupons to redeem for the invoice (`discounts[][coupon]`). */
  coupons: string[];
}

/** Creates a manual draft invoice (publishes invoice.created). */
export function createManualInvoice(bc: BillingContext, spec: ManualInvoiceSpec): InvoiceDoc {
  const now = bc.timeOf(spec.customer.id);
  return bc.store.transaction(() => {
    const draft = newDraftInvoice({
      customer: spec.customer,
      now,
      currency: spec.currency,
      billingReason: 'manual',
      collectionMethod: spec.collectionMethod,
      daysUntilDue: spec.daysUntilDue,
      dueDate: spec.dueDate,
      autoAdvance: spec.autoAdvance,
      finalizesAt: now + bc.settings.finalizationGraceSeconds,
      subscription: spec.subscription,
      defaultTaxRates: spec.defaultTaxRates,
      defaultPaymentMethod: spec.defaultPaymentMethod,
      description: spec.description,
      metadata: spec.metadata,
    });
    draft.discounts = redeemCoupons(bc, spec.coupons, { customer: spec.customer.id, invoice: draft.id, currency: spec.currency, now });
    const withItems = spec.includePending
      ? withPendingItems(bc, draft, { subscription: spec.subscription?.id, includeUnattached: spec.subscription === undefined })
      : draft;
    return insertInvoice(bc, withItems);
  });
}

/** Fields an invoice update may change; undefined leaves a field as it is. */
export interface InvoiceChanges {
  autoAdvance?: boolean;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number;
  dueDate?: number | null;
  defaultPaymentMethod?: string | null;
  defaultTaxRates?: BillingTaxRate[];
  description?: string | null;
  footer?: string | null;
  metadata?: Record<string, string>;
  /** Coupons that replace the draft's discounts (`[]` clears them). */
  coupons?: string[];
}

/** Applies changes to an invoice (publishes invoice.updated); fields beyond description, footer and metadata need a draft. */
export function updateInvoice(bc: BillingContext, invoice: InvoiceDoc, changes: InvoiceChanges): InvoiceDoc {
  const draftOnly = (['autoAdvance', 'collectionMethod', 'daysUntilDue', 'dueDate', 'defaultPaymentMethod', 'defaultTaxRates', 'coupons'] as const)
    .filter((field) => changes[field] !== undefined);
  if (invoice.status !== 'draft' && draftOnly.length > 0) {
    throw invalidRequest(`Invoice ${invoice.id} is ${invoice.status}; once finalized only its description, footer and metadata can change.`, undefined, 'invoice_not_editable');
  }
  const now = bc.timeOf(invoice.customer);
  const collectionMethod = changes.collectionMethod ?? invoice.collection_method;
  const dueDate = changes.dueDate !== undefined ? changes.dueDate
    : changes.daysUntilDue !== undefined ? invoice.created + changes.daysUntilDue * 86_400
      : collectionMethod === 'send_invoice' ? (invoice.due_date ?? now + 30 * 86_400) : null;
  const autoAdvance = changes.autoAdvance ?? invoice.auto_advance;
  const updated = saveInvoice(bc, {
    ...invoice,
    auto_advance: autoAdvance,
    automatically_finalizes_at: invoice.status !== 'draft' ? invoice.automatically_finalizes_at
      : autoAdvance ? (invoice.automatically_finalizes_at ?? now + bc.settings.finalizationGraceSeconds) : null,
    collection_method: collectionMethod,
    due_date: invoice.status === 'draft' ? (collectionMethod === 'send_invoice' ? dueDate : null) : invoice.due_date,
    default_payment_method: changes.defaultPaymentMethod !== undefined ? changes.defaultPaymentMethod : invoice.default_payment_method,
    default_tax_rates: changes.defaultTaxRates ?? invoice.default_tax_rates,
    description: changes.description !== undefined ? changes.description : invoice.description,
    footer: changes.footer !== undefined ? changes.footer : invoice.footer,
    metadata: changes.metadata ?? invoice.metadata,
    discounts: changes.coupons === undefined ? invoice.discounts
      : redeemCoupons(bc, changes.coupons, { customer: invoice.customer, invoice: invoice.id, currency: invoice.currency, now }),
  });
  publishInvoiceEvent(bc, 'invoice.updated', updated);
  return updated;
}
