/**
 * didops' own invoice document: ONE pure model that the PDF, CSV and XLSX renderers all draw, so the three can never
 * disagree with each other, and built from the billing provider's invoice so they never disagree with it either.
 *
 * The lines are Stripe's lines, one for one, each told apart by what it bills (a kind of number, a rate class's
 * minutes, the connect fee, a setup fee, a proration); amounts are the provider's, never recomputed. Beside them
 * stands the usage breakdown the reconciler tallied from the call records (usage-breakdown.ts), so a reader sees
 * which calls made the minute lines. Money is {@link Money} (integer minor units); times are UTC instants.
 */
import type { PostalAddress } from '../../../billing/customers-port';
import type { BillingInvoiceStatus } from '../../../billing/invoices-port';
import type { CallDirection, RatedNumberType } from '../../../billing/rating';
import type { Money } from '../../../core/money';
import type { UsageBreakdown } from './usage-breakdown';

/** A span of time: from `start` (inclusive) to `end` (exclusive), UTC instants. */
export interface DocumentPeriod {
  readonly start: Date;
  readonly end: Date;
}

/** Who is billed, as the invoice prints it. */
export interface InvoiceAccount {
  /** The billing account's id: the Stripe customer (`cus_…`), which is also the reconciler's account id. */
  readonly customerId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly address: PostalAddress | null;
  /** Tax ids printed on the invoice (`eu_vat` `DE123456789`). */
  readonly taxIds: readonly { readonly type: string; readonly value: string }[];
}

/** What every line has. */
interface LineCommon {
  /** The provider's line id (`il_…`). */
  readonly id: string;
  /** The provider's description, as the customer sees it on the provider's invoice. */
  readonly description: string;
  /** What the line bills before discounts and exclusive tax (negative for a credit). */
  readonly amount: Money;
  /** Discounts taken off this line (positive; zero when none). */
  readonly discount: Money;
  /** The service period the line covers: numbers are billed ahead, minutes behind. */
  readonly period: DocumentPeriod;
}

/** A kind of number in a country, billed monthly: `quantity` numbers at `unitAmount` each. */
export interface NumbersLine extends LineCommon {
  readonly kind: 'numbers';
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly numberType: RatedNumberType | string;
  readonly quantity: number;
  readonly unitAmount: Money;
}

/** One rate class's minutes: the period's billable seconds at the class's per-minute rate. */
export interface MinutesLine extends LineCommon {
  readonly kind: 'minutes';
  /** `out-44`, `in-1800` (rateClassKey). */
  readonly rateClass: string;
  readonly direction: CallDirection;
  /** Leading digits of the other party's number the rate applies to. */
  readonly prefix: string;
  /** The meter's sum for the period, as billed. */
  readonly billableSeconds: number;
  /** Price of a minute in minor units, decimal text ("0.85"); null for a tiered rate (its tiers decide). */
  readonly perMinute: string | null;
}

/** The connect fee: answered calls at the fee per call. */
export interface ConnectFeeLine extends LineCommon {
  readonly kind: 'connect-fee';
  readonly answeredCalls: number;
  /** Fee per answered call in minor units, decimal text ("0.5"). */
  readonly perCall: string | null;
}

/** A number's one-time setup fee. */
export interface SetupFeeLine extends LineCommon {
  readonly kind: 'setup-fee';
  /** The number (E.164) it is for, when the charge names it. */
  readonly number: string | null;
  /** Country and type of number, when known from the price. */
  readonly country: string | null;
  readonly numberType: string | null;
}

/** Time added or credited because a subscription changed mid-period. */
export interface ProrationLine extends LineCommon {
  readonly kind: 'proration';
  readonly quantity: number | null;
}

/** Anything else on the invoice (a charge added by hand in the dashboard). */
export interface OtherLine extends LineCommon {
  readonly kind: 'other';
  readonly quantity: number | null;
  /** Price of one unit in minor units, decimal text; null when unknown. */
  readonly unitAmountDecimal: string | null;
}

/** One line of the invoice, exactly as the provider bills it. */
export type InvoiceDocumentLine = NumbersLine | MinutesLine | ConnectFeeLine | SetupFeeLine | ProrationLine | OtherLine;

/** A discount on the invoice. */
export interface DocumentDiscount {
  readonly id: string;
  /** "Launch offer (10% off)", "Discount". */
  readonly label: string;
  /** Taken off, positive. */
  readonly amount: Money;
}

/** A tax of the invoice, per rate. */
export interface DocumentTax {
  readonly taxRateId: string;
  /** "Sales tax NY 8.875%". */
  readonly label: string;
  /** Percentage as decimal text. */
  readonly percentage: string;
  /** True when it is inside the amounts (then it does not add to the total). */
  readonly inclusive: boolean;
  readonly taxableAmount: Money | null;
  readonly amount: Money;
}

/** The invoice's sums. `amountDue = total − creditNotes + balanceApplied`, and `total = subtotal − discount − credits + tax`. */
export interface DocumentTotals {
  /** Σ line amounts. */
  readonly subtotal: Money;
  /** Σ discounts. */
  readonly discount: Money;
  /** Billing credits applied before tax. */
  readonly credits: Money;
  /** Exclusive tax: what tax adds to the total. */
  readonly tax: Money;
  /** Inclusive tax: already inside the amounts, shown for the reader. */
  readonly includedTax: Money;
  readonly total: Money;
  /** Credit notes issued before payment. */
  readonly creditNotes: Money;
  /** The customer's balance applied: negative when prepaid credit paid part of it, positive when an earlier debt is added. */
  readonly balanceApplied: Money;
  readonly amountDue: Money;
  readonly amountPaid: Money;
  readonly amountRemaining: Money;
}

/** A rate class whose billed seconds differ from the seconds rated from call records (usage not yet pushed, say). */
export interface UsageDifference {
  readonly rateClass: string;
  readonly invoicedSeconds: number;
  readonly ratedSeconds: number;
}

/** The provider's invoice this document stands beside. */
export interface DocumentSource {
  /** `in_…`. */
  readonly invoiceId: string;
  /** The number printed on it; null for a draft. */
  readonly number: string | null;
  readonly status: BillingInvoiceStatus;
  readonly subscriptionId: string | null;
  readonly hostedUrl: string | null;
}

/** didops' invoice document: the provider's invoice, line for line, and the usage behind it. */
export interface InvoiceDocument {
  /** The operator that bills: its name and country as the provider prints them. */
  readonly issuer: { readonly name: string; readonly country: string | null };
  readonly account: InvoiceAccount;
  readonly source: DocumentSource;
  /** ISO 4217, upper case: every Money of the document is in it. */
  readonly currency: string;
  /** The billing period the invoice closes. */
  readonly period: DocumentPeriod;
  /** When it was issued (finalized; created for a draft) and is due (null: charged automatically). */
  readonly issuedAt: Date;
  readonly dueAt: Date | null;
  readonly lines: readonly InvoiceDocumentLine[];
  readonly discounts: readonly DocumentDiscount[];
  readonly taxes: readonly DocumentTax[];
  readonly totals: DocumentTotals;
  /** Calls and minutes behind the usage lines. */
  readonly usage: UsageBreakdown;
  /** Rate classes where the provider billed other seconds than the call records rate to; empty when they agree. */
  readonly usageDifferences: readonly UsageDifference[];
}
