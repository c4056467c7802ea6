/**
 * Invoices as the billing provider made them, read-only and in didops' terms: the amounts, the lines, the discounts
 * and the taxes of one invoice, so the reconciler can put its own invoice document beside the provider's and check
 * that both say the same to the cent. Nothing here names an SDK type; times are unix seconds, amounts whole minor
 * units of the invoice's currency (negative for credits), exactly as the provider stored them.
 *
 * An invoice always comes with ALL its lines: providers embed only the first few in an invoice and page the rest
 * (Stripe: 10), and a document built from a partial list would not add up.
 */
import type { BillingMetadata } from './catalogue-port';
import type { PostalAddress } from './customers-port';

/** Where an invoice stands (Stripe's statuses). */
export type BillingInvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

/** One tax of a line, or of the invoice (summed over its lines per rate and behaviour). */
export interface InvoiceTax {
  /** The tax rate (`txr_…`). */
  readonly taxRateId: string;
  /** True when the tax is inside the amounts (VAT-style prices); false when it is added on top. */
  readonly inclusive: boolean;
  /** The tax, in minor units. */
  readonly amount: number;
  /** The amount it was computed on, in minor units; null when the provider does not say. */
  readonly taxableAmount: number | null;
}

/** What a discount took from a line, or from the whole invoice. */
export interface InvoiceDiscountAmount {
  /** The discount (`di_…`). */
  readonly discountId: string;
  /** Minor units taken off, positive. */
  readonly amount: number;
}

/** One line of an invoice as the provider bills it. */
export interface BillingInvoiceLine {
  /** Provider id (`il_…`). */
  readonly id: string;
  readonly description: string | null;
  /** What the line bills before discounts and exclusive tax, in minor units (negative for a credit). */
  readonly amount: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** Units billed as decimal text: numbers for a licensed line, billable seconds or calls for a metered one; null when none. */
  readonly quantity: string | null;
  /** Price of one unit in minor units, decimal text (per second for minutes); null when the price is tiered or unknown. */
  readonly unitAmountDecimal: string | null;
  /** The price billed (`price_…`), when the line has one. */
  readonly priceId: string | null;
  /**
   * didops' lookup key of what the line bills (rate-card-keys.ts): the subscription item's recorded key, else the
   * price's; null for anything didops did not name.
   */
  readonly lookupKey: string | null;
  /** The service period the line covers (unix seconds). */
  readonly periodStart: number;
  readonly periodEnd: number;
  /** True for a proration (time added or credited when a subscription changed mid-period). */
  readonly proration: boolean;
  /** Whether the line comes from a subscription item or from an invoice item (a one-off charge, a proration). */
  readonly source: 'subscription-item' | 'invoice-item';
  /** The subscription item billed (`si_…`), for a subscription item's line. */
  readonly subscriptionItemId: string | null;
  /** The subscription the line belongs to (`sub_…`), if any. */
  readonly subscriptionId: string | null;
  readonly discountAmounts: readonly InvoiceDiscountAmount[];
  readonly taxes: readonly InvoiceTax[];
  /** The line's metadata (a subscription item's, or an invoice item's: a setup fee names its number). */
  readonly metadata: BillingMetadata;
}

/** A tax rate as an invoice names it. */
export interface InvoiceTaxRate {
  /** Provider id (`txr_…`). */
  readonly id: string;
  readonly displayName: string;
  /** Percentage as decimal text ("8.875"). */
  readonly percentage: string;
  readonly inclusive: boolean;
  /** Where it applies, for the reader ("New York", "DE"); null when not given. */
  readonly jurisdiction: string | null;
}

/** A discount applied to an invoice, with its coupon's terms. */
export interface InvoiceDiscount {
  /** Provider id (`di_…`). */
  readonly id: string;
  /** The coupon's name, when it has one. */
  readonly name: string | null;
  /** Percentage off as decimal text ("10"), or null for an amount off. */
  readonly percentOff: string | null;
  /** Amount off in minor units, or null for a percentage off. */
  readonly amountOff: number | null;
}

/** An invoice as the provider has it, with every line. */
export interface BillingInvoice {
  /** Provider id (`in_…`). */
  readonly id: string;
  /** The number printed on it (`ACME-0001`); null while it is a draft. */
  readonly number: string | null;
  readonly status: BillingInvoiceStatus;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** Who is billed (`cus_…`). */
  readonly customerId: string;
  /** The customer's details as printed on the invoice (frozen when it was finalized). */
  readonly customerName: string | null;
  readonly customerEmail: string | null;
  readonly customerAddress: PostalAddress | null;
  readonly customerTaxIds: readonly { readonly type: string; readonly value: string }[];
  /** The issuing business's name and country, as the provider prints them. */
  readonly issuerName: string | null;
  readonly issuerCountry: string | null;
  /** The subscription it bills, if any (`sub_…`). */
  readonly subscriptionId: string | null;
  /** When it was made, finalized and is due (unix seconds; null when not (yet) so). */
  readonly created: number;
  readonly finalizedAt: number | null;
  readonly dueDate: number | null;
  /** The billing period it closes (unix seconds). */
  readonly periodStart: number;
  readonly periodEnd: number;
  /** Σ line amounts, before discounts and exclusive tax. */
  readonly subtotal: number;
  /** Discounts per discount, each with its coupon's terms. */
  readonly discounts: readonly { readonly discount: InvoiceDiscount; readonly amount: number }[];
  /** Credits applied before tax (billing credits), positive, in minor units. */
  readonly pretaxCredits: number;
  /** Taxes per rate and behaviour. */
  readonly taxes: readonly { readonly rate: InvoiceTaxRate; readonly amount: number; readonly taxableAmount: number | null }[];
  /** subtotal − discounts − pretax credits + exclusive tax. */
  readonly total: number;
  /** Credit notes issued before payment, reducing what is due. */
  readonly prePaymentCreditNotes: number;
  /** The customer's balance before the invoice (negative: credit they hold; positive: money owed from before). */
  readonly startingBalance: number;
  /** What is to be paid: total less credit notes, with the customer's balance applied. */
  readonly amountDue: number;
  readonly amountPaid: number;
  readonly amountRemaining: number;
  /** The provider's page for the customer, when there is one. */
  readonly hostedUrl: string | null;
  readonly metadata: BillingMetadata;
  /** Every line, in the provider's order. */
  readonly lines: readonly BillingInvoiceLine[];
}

/** Which of a customer's invoices to list. */
export interface InvoiceFilter {
  readonly status?: BillingInvoiceStatus;
  readonly subscriptionId?: string;
}

/** Reading the provider's invoices. */
export interface BillingInvoices {
  /** The invoice with this id, with all its lines; undefined when there is none. */
  getInvoice(id: string): Promise<BillingInvoice | undefined>;
  /** The customer's invoices (newest first), each with all its lines. */
  listInvoices(customerId: string, filter?: InvoiceFilter): Promise<BillingInvoice[]>;
  /** Every line of an invoice, page by page as they are read (an invoice of 10,000 numbers is never held at once). */
  invoiceLines(invoiceId: string): AsyncIterable<BillingInvoiceLine>;
}
