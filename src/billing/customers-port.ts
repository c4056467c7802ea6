/** Billing accounts: customers with address, tax ids, tax rates, prepaid credit and payment methods. */

/** Billing accounts: customers with address, tax ids, tax rates, prepaid credit and payment methods. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BillingCustomers {}
