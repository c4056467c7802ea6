/**
 * What billing an account needs to know of it: its currency, the tax rates of its jurisdiction and the payment method
 * charged, read through the customers port. The contract with BillingAccount: the provider's currency once it is
 * fixed, before that the currency the account declares in its metadata (`didops_currency`), and the tax rates it
 * chose in its metadata (`didops_tax_rates`: `txr_…` ids separated by commas).
 */
import { ValidationError } from '../core/errors';
import type { BillingCustomers } from './customers-port';

/** Customer metadata key holding the account's declared currency (ISO 4217, upper case). */
export const ACCOUNT_CURRENCY_METADATA_KEY = 'didops_currency';
/** Customer metadata key holding the ids of the tax rates applied to the account's invoices, separated by commas. */
export const ACCOUNT_TAX_RATES_METADATA_KEY = 'didops_tax_rates';

/** An account's billing terms. */
export interface AccountTerms {
  readonly customerId: string;
  /** ISO 4217, upper case; null when the account neither has nor declares one. */
  readonly currency: string | null;
  /** Tax rates applied to every line billed to the account. */
  readonly taxRateIds: readonly string[];
  /** The payment method charged off session; null when there is none. */
  readonly defaultPaymentMethodId: string | null;
}

/** The account's terms; an account that does not exist is an error on `field`. */
export async function accountTerms(customers: BillingCustomers, customerId: string, field: string): Promise<AccountTerms> {
  const customer = await customers.getCustomer(customerId);
  if (!customer) {
    throw new ValidationError({
      field,
      summary: `there is no billing account ${customerId}`,
      detail: 'give the `customerId` of a BillingAccount resource; it may have been deleted outside didops',
    });
  }
  const declared = customer.metadata[ACCOUNT_CURRENCY_METADATA_KEY];
  const taxRates = customer.metadata[ACCOUNT_TAX_RATES_METADATA_KEY] ?? '';
  return {
    customerId,
    currency: customer.currency ?? (declared ? declared.toUpperCase() : null),
    taxRateIds: taxRates.split(',').map((id) => id.trim()).filter((id) => id !== ''),
    defaultPaymentMethodId: customer.defaultPaymentMethodId,
  };
}
