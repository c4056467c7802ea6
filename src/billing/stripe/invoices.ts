/**
 * The invoices part of the billing port on Stripe: an invoice with every line (Stripe embeds ten and pages the rest
 * at `/v1/invoices/{id}/lines`), its discounts with their coupons and its taxes with their rates' names, in didops'
 * terms. Tax rates are named from the invoice's `default_tax_rates` and, for a line's own rates, read once per
 * invoice; discounts come expanded with the invoice.
 */
import type Stripe from 'stripe';
import type { BillingMetadata } from '../catalogue-port';
import type { BillingInvoice, BillingInvoiceLine, BillingInvoices, BillingInvoiceStatus, InvoiceDiscount, InvoiceTax, InvoiceTaxRate } from '../invoices-port';
import type { StripeClient } from './client';
import { addressOf } from './customers';
import { stripeCall } from './errors';
import { unlessMissing } from './requests';
import { ITEM_LOOKUP_KEY_METADATA_KEY } from './subscriptions';

/** Expansions every invoice read asks for: the discounts with their coupons (names, terms). */
const INVOICE_EXPAND = ['discounts', 'discounts.source.coupon'];

/** The invoices part of the billing port, on the given Stripe client. */
export function stripeInvoices(stripe: StripeClient): BillingInvoices {
  const linesOf = async function* (invoiceId: string): AsyncGenerator<BillingInvoiceLine> {
    for await (const line of stripe.invoices.listLineItems(invoiceId, { limit: 100 })) yield lineOf(line);
  };

  /** The invoice in didops' terms; its embedded lines are used when they are all there, else every page is read. */
  const whole = async (invoice: Stripe.Invoice): Promise<BillingInvoice> => {
    const lines: BillingInvoiceLine[] = [];
    if (invoice.lines.has_more) for await (const line of linesOf(invoice.id)) lines.push(line);
    else lines.push(...invoice.lines.data.map(lineOf));
    const rates = await taxRatesOf(stripe, invoice, lines);
    return invoiceOf(invoice, await withLookupKeys(stripe, lines), rates);
  };

  return {
    getInvoice: (id) =>
      stripeCall({ operation: `read invoice ${id}` }, async () => {
        const found = await unlessMissing(() => stripe.invoices.retrieve(id, { expand: INVOICE_EXPAND }));
        return found && whole(found);
      }),

    listInvoices: (customerId, filter = {}) =>
      stripeCall({ operation: `list the invoices of ${customerId}` }, async () => {
        const out: BillingInvoice[] = [];
        const params: Stripe.InvoiceListParams = {
          customer: customerId,
          limit: 100,
          expand: INVOICE_EXPAND.map((path) => `data.${path}`),
          ...(filter.status !== undefined ? { status: filter.status } : {}),
          ...(filter.subscriptionId !== undefined ? { subscription: filter.subscriptionId } : {}),
        };
        for await (const invoice of stripe.invoices.list(params)) out.push(await whole(invoice));
        return out;
      }),

    invoiceLines: (invoiceId) => linesOf(invoiceId),
  };
}

/**
 * The lines with the lookup key of what they bill. A line of Stripe carries its subscription's metadata, not its
 * item's, so the key is read from the subscription's items (one list per subscription), then from the price for an
 * item since removed; a line that already names its key (as the sandbox's do) costs no request.
 */
async function withLookupKeys(stripe: StripeClient, lines: readonly BillingInvoiceLine[]): Promise<BillingInvoiceLine[]> {
  const unknown = lines.filter((line) => line.lookupKey === null && line.subscriptionItemId !== null);
  if (unknown.length === 0) return [...lines];
  const keys = new Map<string, string | null>();
  const subscriptions = new Set(unknown.map((line) => line.subscriptionId).filter((id): id is string => id !== null));
  for (const subscription of subscriptions) {
    for await (const item of stripe.subscriptionItems.list({ subscription, limit: 100 })) {
      keys.set(item.id, item.metadata?.[ITEM_LOOKUP_KEY_METADATA_KEY] ?? item.price.lookup_key ?? null);
    }
  }
  const prices = new Map<string, string | null>();
  for (const line of unknown) {
    if (keys.has(line.subscriptionItemId!) || line.priceId === null || prices.has(line.priceId)) continue;
    prices.set(line.priceId, (await unlessMissing(() => stripe.prices.retrieve(line.priceId!)))?.lookup_key ?? null);
  }
  return lines.map((line) => {
    if (line.lookupKey !== null || line.subscriptionItemId === null) return line;
    const key = keys.get(line.subscriptionItemId) ?? (line.priceId === null ? null : prices.get(line.priceId)) ?? null;
    return { ...line, lookupKey: key };
  });
}

/** Names of every tax rate the invoice's taxes mention: its defaults as given, any other rate read once. */
async function taxRatesOf(stripe: StripeClient, invoice: Stripe.Invoice, lines: readonly BillingInvoiceLine[]): Promise<Map<string, InvoiceTaxRate>> {
  const rates = new Map<string, InvoiceTaxRate>(invoice.default_tax_rates.map((rate) => [rate.id, taxRateOf(rate)]));
  const mentioned = new Set<string>([...(invoice.total_taxes ?? []).flatMap((tax) => (tax.tax_rate_details ? [tax.tax_rate_details.tax_rate] : [])), ...lines.flatMap((line) => line.taxes.map((tax) => tax.taxRateId))]);
  for (const id of mentioned) {
    if (!rates.has(id)) rates.set(id, taxRateOf(await stripe.taxRates.retrieve(id)));
  }
  return rates;
}

function invoiceOf(invoice: Stripe.Invoice, lines: readonly BillingInvoiceLine[], rates: ReadonlyMap<string, InvoiceTaxRate>): BillingInvoice {
  const discounts = new Map<string, InvoiceDiscount>(invoice.discounts.flatMap((d) => (typeof d === 'string' ? [] : [[d.id, discountOf(d)] as const])));
  const subscription = invoice.parent?.subscription_details?.subscription;
  return {
    id: invoice.id,
    number: invoice.number,
    status: (invoice.status ?? 'draft') as BillingInvoiceStatus,
    currency: invoice.currency.toUpperCase(),
    customerId: idOf(invoice.customer) ?? '',
    customerName: invoice.customer_name,
    customerEmail: invoice.customer_email,
    customerAddress: addressOf(invoice.customer_address),
    customerTaxIds: (invoice.customer_tax_ids ?? []).flatMap((taxId) => (taxId.value ? [{ type: taxId.type, value: taxId.value }] : [])),
    issuerName: invoice.account_name,
    issuerCountry: invoice.account_country,
    subscriptionId: idOf(subscription),
    created: invoice.created,
    finalizedAt: invoice.status_transitions.finalized_at ?? null,
    dueDate: invoice.due_date,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    subtotal: invoice.subtotal,
    discounts: (invoice.total_discount_amounts ?? []).map((share) => {
      const id = idOf(share.discount) ?? '';
      return { discount: discounts.get(id) ?? { id, name: null, percentOff: null, amountOff: null }, amount: share.amount };
    }),
    pretaxCredits: (invoice.total_pretax_credit_amounts ?? []).reduce((sum, credit) => sum + credit.amount, 0),
    taxes: (invoice.total_taxes ?? []).map((tax) => {
      const id = tax.tax_rate_details?.tax_rate ?? '';
      const rate = rates.get(id) ?? { id, displayName: 'Tax', percentage: '0', inclusive: tax.tax_behavior === 'inclusive', jurisdiction: null };
      return { rate: { ...rate, inclusive: tax.tax_behavior === 'inclusive' }, amount: tax.amount, taxableAmount: tax.taxable_amount };
    }),
    total: invoice.total,
    prePaymentCreditNotes: invoice.pre_payment_credit_notes_amount,
    startingBalance: invoice.starting_balance,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    metadata: { ...(invoice.metadata ?? {}) },
    lines,
  };
}

function lineOf(line: Stripe.InvoiceLineItem): BillingInvoiceLine {
  const price = line.pricing?.price_details?.price;
  const metadata: BillingMetadata = { ...(line.metadata ?? {}) };
  const parent = line.parent;
  return {
    id: line.id,
    description: line.description,
    amount: line.amount,
    currency: line.currency.toUpperCase(),
    quantity: textOf(line.quantity_decimal) ?? (line.quantity === null ? null : String(line.quantity)),
    unitAmountDecimal: textOf(line.pricing?.unit_amount_decimal),
    priceId: idOf(price),
    // The item's recorded key first: a price gives its lookup key up to the next one when the card changes it.
    // Filled from the subscription's items by withLookupKeys when the line does not carry it.
    lookupKey: metadata[ITEM_LOOKUP_KEY_METADATA_KEY] ?? null,
    periodStart: line.period.start,
    periodEnd: line.period.end,
    proration: Boolean(parent?.subscription_item_details?.proration ?? parent?.invoice_item_details?.proration ?? false),
    source: parent?.type === 'invoice_item_details' ? 'invoice-item' : 'subscription-item',
    subscriptionItemId: parent?.subscription_item_details?.subscription_item ?? null,
    subscriptionId: idOf(line.subscription) ?? parent?.subscription_item_details?.subscription ?? parent?.invoice_item_details?.subscription ?? null,
    discountAmounts: (line.discount_amounts ?? []).map((share) => ({ discountId: idOf(share.discount) ?? '', amount: share.amount })),
    taxes: (line.taxes ?? []).map(
      (tax): InvoiceTax => ({ taxRateId: tax.tax_rate_details?.tax_rate ?? '', inclusive: tax.tax_behavior === 'inclusive', amount: tax.amount, taxableAmount: tax.taxable_amount }),
    ),
    metadata,
  };
}

function taxRateOf(rate: Stripe.TaxRate): InvoiceTaxRate {
  return { id: rate.id, displayName: rate.display_name, percentage: String(rate.percentage), inclusive: rate.inclusive, jurisdiction: rate.jurisdiction ?? rate.state ?? rate.country ?? null };
}

function discountOf(discount: Stripe.Discount | Stripe.DeletedDiscount): InvoiceDiscount {
  const coupon = discount.source?.coupon;
  if (typeof coupon !== 'object' || coupon === null) return { id: discount.id, name: null, percentOff: null, amountOff: null };
  return { id: discount.id, name: coupon.name, percentOff: coupon.percent_off === null ? null : String(coupon.percent_off), amountOff: coupon.amount_off };
}

/** The id of an expandable field, whether it came as an id or as the object. */
function idOf(value: string | { id?: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : (value.id ?? null);
}

/** A decimal field's text (the SDK may give a string or its Decimal). */
function textOf(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
