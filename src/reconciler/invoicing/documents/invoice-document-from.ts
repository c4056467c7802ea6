/**
 * Builds the {@link InvoiceDocument} from the billing provider's invoice (in the billing port's terms) and the usage
 * the reconciler tallied. Each line is told apart by the lookup key of what it bills (rate-card-keys.ts) or, for a
 * one-off charge, by its metadata; its amount is the provider's. The sums are checked before anything is printed:
 * lines that do not add up to the provider's subtotal (a page of lines missing, say) are refused, because a
 * document whose lines and totals disagree is worse than none.
 */
import { SETUP_FEE_FOR_METADATA_KEY } from '../../../billing/setup-fees';
import type { BillingInvoice, BillingInvoiceLine } from '../../../billing/invoices-port';
import { parseLookupKey } from '../../../billing/rate-card-keys';
import { SECONDS_PER_MINUTE, STRIPE_MAX_DECIMALS } from '../../../billing/rating';
import { ExactDecimal } from '../../../billing/rating/exact-decimal';
import { ValidationError } from '../../../core/errors';
import { money, sumMoney } from '../../../core/money';
import type { DocumentDiscount, DocumentPeriod, DocumentTax, DocumentTotals, InvoiceDocument, InvoiceDocumentLine, UsageDifference } from './invoice-document';
import { parseRateClass, type UsageBreakdown } from './usage-breakdown';

/** Options of {@link invoiceDocumentFrom}. */
export interface InvoiceDocumentOptions {
  /** The operator's name printed as the issuer, instead of the provider's account name. */
  readonly issuerName?: string;
}

/** didops' invoice document for the provider's invoice and the usage tallied for its period. */
export function invoiceDocumentFrom(invoice: BillingInvoice, usage: UsageBreakdown, options: InvoiceDocumentOptions = {}): InvoiceDocument {
  const currency = invoice.currency;
  const m = (amountMinor: number) => money(amountMinor, currency);
  const perMinute = new Map(usage.byRateClass.map((c) => [c.rateClass, c.perMinute]));
  const lines = invoice.lines.map((line) => documentLine(line, currency, perMinute));
  const discounts = invoice.discounts.map(({ discount, amount }): DocumentDiscount => ({ id: discount.id, label: discountLabel(discount), amount: m(amount) }));
  const taxes = invoice.taxes.map(
    ({ rate, amount, taxableAmount }): DocumentTax => ({
      taxRateId: rate.id,
      label: `${rate.displayName}${rate.jurisdiction ? ` ${rate.jurisdiction}` : ''} ${rate.percentage}%${rate.inclusive ? ' (included)' : ''}`,
      percentage: rate.percentage,
      inclusive: rate.inclusive,
      taxableAmount: taxableAmount === null ? null : m(taxableAmount),
      amount: m(amount),
    }),
  );
  const totals: DocumentTotals = {
    subtotal: m(invoice.subtotal),
    discount: sumMoney(discounts.map((d) => d.amount), currency),
    credits: m(invoice.pretaxCredits),
    tax: sumMoney(taxes.filter((t) => !t.inclusive).map((t) => t.amount), currency),
    includedTax: sumMoney(taxes.filter((t) => t.inclusive).map((t) => t.amount), currency),
    total: m(invoice.total),
    creditNotes: m(invoice.prePaymentCreditNotes),
    balanceApplied: m(invoice.amountDue - invoice.total + invoice.prePaymentCreditNotes),
    amountDue: m(invoice.amountDue),
    amountPaid: m(invoice.amountPaid),
    amountRemaining: m(invoice.amountRemaining),
  };
  checkSums(invoice, lines, totals);
  return {
    issuer: { name: options.issuerName ?? invoice.issuerName ?? 'didops', country: invoice.issuerCountry },
    account: {
      customerId: invoice.customerId,
      name: invoice.customerName,
      email: invoice.customerEmail,
      address: invoice.customerAddress,
      taxIds: invoice.customerTaxIds.map((t) => ({ type: t.type, value: t.value })),
    },
    source: { invoiceId: invoice.id, number: invoice.number, status: invoice.status, subscriptionId: invoice.subscriptionId, hostedUrl: invoice.hostedUrl },
    currency,
    period: periodOf(invoice.periodStart, invoice.periodEnd),
    issuedAt: new Date((invoice.finalizedAt ?? invoice.created) * 1000),
    dueAt: invoice.dueDate === null ? null : new Date(invoice.dueDate * 1000),
    lines,
    discounts,
    taxes,
    totals,
    usage,
    usageDifferences: usageDifferences(lines, usage),
  };
}

/** One provider line in the document's terms: what it bills, read from its lookup key or metadata. */
function documentLine(line: BillingInvoiceLine, currency: string, perMinute: ReadonlyMap<string, string | null>): InvoiceDocumentLine {
  const common = {
    id: line.id,
    description: line.description ?? '',
    amount: money(line.amount, currency),
    discount: money(line.discountAmounts.reduce((sum, d) => sum + d.amount, 0), currency),
    period: periodOf(line.periodStart, line.periodEnd),
  };
  const quantity = line.quantity === null ? null : Number(line.quantity);
  const key = line.lookupKey === null ? undefined : parseLookupKey(line.lookupKey);
  if (line.proration) return { ...common, kind: 'proration', quantity };
  if (key?.kind === 'numberSetup' || line.metadata[SETUP_FEE_FOR_METADATA_KEY] !== undefined) {
    const numberKey = key?.kind === 'numberSetup' ? key : undefined;
    return { ...common, kind: 'setup-fee', number: line.metadata[SETUP_FEE_FOR_METADATA_KEY] ?? null, country: numberKey?.country ?? null, numberType: numberKey?.type ?? null };
  }
  if (key?.kind === 'numberMonthly') {
    return {
      ...common,
      kind: 'numbers',
      country: key.country,
      numberType: key.type,
      quantity: quantity ?? 0,
      // A licensed price is whole minor units; a fraction would be a price made outside didops, shown as its amount.
      unitAmount: money(line.unitAmountDecimal === null ? 0 : Math.round(Number(line.unitAmountDecimal)), currency),
    };
  }
  if (key?.kind === 'minutes') {
    const { direction, prefix } = parseRateClass(key.classKey);
    const cardPrice = perMinute.get(key.classKey) ?? null;
    return { ...common, kind: 'minutes', rateClass: key.classKey, direction, prefix, billableSeconds: quantity ?? 0, perMinute: cardPrice ?? perMinuteOf(line.unitAmountDecimal) };
  }
  if (key?.kind === 'connect') return { ...common, kind: 'connect-fee', answeredCalls: quantity ?? 0, perCall: line.unitAmountDecimal };
  return { ...common, kind: 'other', quantity, unitAmountDecimal: line.unitAmountDecimal };
}

/**
 * The per-minute price behind a per-second price, when the card is not at hand: × 60, then rounded to two decimals
 * fewer than Stripe keeps, which undoes the round-up of metered-price.ts (less than 60 × 10⁻¹² above the card's).
 */
function perMinuteOf(perSecond: string | null): string | null {
  if (perSecond === null) return null;
  return new ExactDecimal(perSecond).times(SECONDS_PER_MINUTE).toDecimalPlaces(STRIPE_MAX_DECIMALS - 2).toFixed();
}

function discountLabel(discount: BillingInvoice['discounts'][number]['discount']): string {
  const terms = discount.percentOff !== null ? `${discount.percentOff}% off` : null;
  if (discount.name && terms) return `${discount.name} (${terms})`;
  return discount.name ?? (terms ? `Discount (${terms})` : 'Discount');
}

/** Refuses a document whose lines or totals do not add up as the provider's own rules say they must. */
function checkSums(invoice: BillingInvoice, lines: readonly InvoiceDocumentLine[], totals: DocumentTotals): void {
  const currency = invoice.currency;
  const lineSum = sumMoney(lines.map((l) => l.amount), currency);
  if (lineSum.amountMinor !== totals.subtotal.amountMinor) {
    throw new ValidationError({
      field: 'invoice.lines',
      summary: `the ${lines.length} lines of invoice ${invoice.id} add up to ${lineSum.amountMinor} but its subtotal is ${totals.subtotal.amountMinor} (${currency} minor units)`,
      detail: 'read every page of the lines (billing.invoices.getInvoice does) before building its document',
    });
  }
  const expected = totals.subtotal.amountMinor - totals.discount.amountMinor - totals.credits.amountMinor + totals.tax.amountMinor;
  if (expected !== totals.total.amountMinor) {
    throw new ValidationError({
      field: 'invoice.total',
      summary: `invoice ${invoice.id}: subtotal ${totals.subtotal.amountMinor} − discounts ${totals.discount.amountMinor} − credits ${totals.credits.amountMinor} + tax ${totals.tax.amountMinor} is ${expected}, not its total ${totals.total.amountMinor}`,
      detail: 'the invoice carries an adjustment the document does not model; report it with the invoice id',
    });
  }
}

/** Classes whose billed seconds are not the rated seconds (each class is billed on one line per invoice). */
function usageDifferences(lines: readonly InvoiceDocumentLine[], usage: UsageBreakdown): UsageDifference[] {
  const invoiced = new Map<string, number>();
  for (const line of lines) if (line.kind === 'minutes') invoiced.set(line.rateClass, (invoiced.get(line.rateClass) ?? 0) + line.billableSeconds);
  // Without minute lines (a first invoice, billed ahead) there is nothing to compare.
  if (invoiced.size === 0) return [];
  const rated = new Map(usage.byRateClass.map((c) => [c.rateClass, c.billableSeconds]));
  return [...new Set([...invoiced.keys(), ...rated.keys()])]
    .map((rateClass) => ({ rateClass, invoicedSeconds: invoiced.get(rateClass) ?? 0, ratedSeconds: rated.get(rateClass) ?? 0 }))
    .filter((d) => d.invoicedSeconds !== d.ratedSeconds);
}

function periodOf(start: number, end: number): DocumentPeriod {
  return { start: new Date(start * 1000), end: new Date(end * 1000) };
}

