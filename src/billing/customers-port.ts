/**
 * Billing accounts (owned by the BillingAccount resource), in didops' terms: a customer with a postal address, tax
 * ids, the tax rates of its jurisdiction, prepaid credit and a default payment method. Amounts are whole minor units;
 * a credit is a positive amount in this port, whatever sign the provider writes it with.
 *
 * Every write that creates something takes an idempotency key the caller derives (src/core/idempotency.ts), so a
 * create repeated after a crash answers with the first object. Finds never create.
 */
import type { BillingMetadata, IdempotentWrite } from './catalogue-port';

/** A postal address as invoices print it. */
export interface PostalAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city?: string;
  /** State, province or region; US and Canada use the two-letter code. */
  readonly state?: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
}

/** How tax applies to an account: normally, not at all, or reverse charged (the buyer accounts for the VAT). */
export type TaxTreatment = 'none' | 'exempt' | 'reverse';

/** A billing account as the provider has it. */
export interface BillingCustomer {
  /** Provider id (`cus_…`). */
  readonly id: string;
  readonly name: string | null;
  /** Where invoices are e-mailed. */
  readonly email: string | null;
  readonly address: PostalAddress | null;
  /** The currency the provider fixed for it (by its first balance change or invoice), upper case; null before. */
  readonly currency: string | null;
  /** What it owes (positive) or holds as credit (negative), in minor units of `currency`, as the provider reports it. */
  readonly balance: number;
  readonly taxTreatment: TaxTreatment;
  /** Payment method charged for invoices by default. */
  readonly defaultPaymentMethodId: string | null;
  /** The test clock (`clock_…`) whose time the account lives in, in test mode; null on real time. */
  readonly testClockId: string | null;
  readonly metadata: BillingMetadata;
}

/** What an account is made with or changed to. */
export interface CustomerSpec {
  readonly name: string;
  readonly email?: string;
  readonly address?: PostalAddress;
  readonly taxTreatment: TaxTreatment;
  readonly metadata: BillingMetadata;
}

/** What a new account is made with: a spec, and the test clock it lives in, which only a create can set. */
export interface NewCustomerSpec extends CustomerSpec {
  /** A test clock id (`clock_…`, test mode only): the account's invoices and periods follow that clock's time. */
  readonly testClock?: string;
}

/** A tax id recorded on an account (a VAT number, an EIN). */
export interface CustomerTaxId {
  /** Provider id (`txi_…`). */
  readonly id: string;
  /** Provider's type code, e.g. `eu_vat`, `us_ein`, `gb_vat`. */
  readonly type: string;
  readonly value: string;
}

/** A credit put on an account's balance, which later invoices use up before charging. */
export interface CreditGrant {
  /** Provider id (`cbtxn_…`). */
  readonly id: string;
  /** Credit granted, positive, in minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly metadata: BillingMetadata;
}

/** What a credit is granted with. */
export interface CreditSpec {
  /** Credit to grant, positive, in minor units. */
  readonly amount: number;
  readonly currency: string;
  /** Shown on the account's balance history. */
  readonly description: string;
  readonly metadata: BillingMetadata;
}

/** An invoice that still asks for money (draft or open), which makes deleting the account unsafe. */
export interface UnsettledInvoice {
  readonly id: string;
  readonly status: 'draft' | 'open';
  /** Amount still due, in minor units of `currency`. */
  readonly amountDue: number;
  readonly currency: string;
}

/** A tax rate: a percentage for a jurisdiction, applied to invoice lines. */
export interface BillingTaxRate {
  /** Provider id (`txr_…`). */
  readonly id: string;
  readonly displayName: string;
  /** Percentage as decimal text ("8.875"). */
  readonly percentage: string;
  /** True when prices already include it. */
  readonly inclusive: boolean;
  readonly country: string | null;
  readonly state: string | null;
  readonly active: boolean;
  readonly metadata: BillingMetadata;
}

/** What a tax rate is made with. */
export interface TaxRateSpec {
  readonly displayName: string;
  readonly percentage: string;
  readonly inclusive: boolean;
  readonly country?: string;
  readonly state?: string;
  /** Name of the jurisdiction on invoices ("New York", "DE"). */
  readonly jurisdiction?: string;
  /** The provider's kind of tax (`vat`, `sales_tax`, `gst`, …). */
  readonly taxType?: string;
  readonly description?: string;
  readonly metadata: BillingMetadata;
}

/** A payment method attached to an account. */
export interface AttachedPaymentMethod {
  /** Provider id (`pm_…`); a test token such as `pm_card_visa` becomes a new id when attached. */
  readonly id: string;
  /** `card`, `us_bank_account`, … */
  readonly type: string;
  /** Card brand and last four digits, or the bank's last four, for messages. */
  readonly label: string;
}

/** Billing accounts: customers with address, tax ids, tax rates, prepaid credit and payment methods. */
export interface BillingCustomers {
  /** The account with this id; undefined when there is none or it was deleted. */
  getCustomer(id: string): Promise<BillingCustomer | undefined>;
  /** Accounts whose metadata holds every given pair. */
  findCustomers(metadata: BillingMetadata): Promise<BillingCustomer[]>;
  /** Creates an account. */
  createCustomer(spec: NewCustomerSpec, write: IdempotentWrite): Promise<BillingCustomer>;
  /** Changes an account's details; metadata keys given replace those keys only. */
  updateCustomer(id: string, changes: Partial<CustomerSpec> & { readonly defaultPaymentMethodId?: string }): Promise<BillingCustomer>;
  /** Deletes an account; succeeds when it is already gone. */
  deleteCustomer(id: string): Promise<void>;
  /** Invoices of the account that still ask for money. */
  unsettledInvoices(customerId: string): Promise<UnsettledInvoice[]>;

  /** Tax ids recorded on the account. */
  listTaxIds(customerId: string): Promise<CustomerTaxId[]>;
  /** Records a tax id on the account. */
  addTaxId(customerId: string, taxId: { readonly type: string; readonly value: string }, write: IdempotentWrite): Promise<CustomerTaxId>;
  /** Removes a tax id from the account. */
  removeTaxId(customerId: string, taxIdId: string): Promise<void>;

  /** Credits granted to the account (balance changes in its favour). */
  listCredits(customerId: string): Promise<CreditGrant[]>;
  /** Grants credit to the account's balance. */
  grantCredit(customerId: string, credit: CreditSpec, write: IdempotentWrite): Promise<CreditGrant>;

  /** Tax rates whose metadata holds every given pair, archived ones included. */
  findTaxRates(metadata: BillingMetadata): Promise<BillingTaxRate[]>;
  /** Creates a tax rate. */
  createTaxRate(spec: TaxRateSpec, write: IdempotentWrite): Promise<BillingTaxRate>;
  /** Archives or restores a tax rate (rates are never deleted). */
  setTaxRateActive(id: string, active: boolean): Promise<BillingTaxRate>;

  /** Attaches a payment method (an id or a test token such as `pm_card_visa`) to the account. */
  attachPaymentMethod(customerId: string, paymentMethod: string, write: IdempotentWrite): Promise<AttachedPaymentMethod>;
  /** The payment method with this id, if it is attached to the account. */
  getPaymentMethod(customerId: string, paymentMethodId: string): Promise<AttachedPaymentMethod | undefined>;
}
