/**
 * What a billing account is on the provider now: its outputs, and its declared details as the provider has them, so
 * a name, address, e-mail or tax id changed in the dashboard shows as drift that the next update puts back.
 */
import { ACCOUNT_CURRENCY_METADATA_KEY, ACCOUNT_TAX_RATES_METADATA_KEY } from '../../billing/account-terms';
import type { BillingCustomer, BillingCustomers } from '../../billing/customers-port';
import { OWNER_METADATA_KEY } from '../../billing/rate-card-keys';
import { creditGranted } from './account-credit';
import { ACCOUNT_PAYMENT_METHOD_TYPES, type AccountTaxId, type BillingAccountInputs, type BillingAccountOutputs } from './model';
import { PAYMENT_METHOD_TYPES_METADATA_KEY, sameTaxId } from './apply-account';

/** An account as read: outputs, and the inputs that would make it as it is. */
export interface ReadAccount {
  readonly customer: BillingCustomer;
  readonly outputs: BillingAccountOutputs;
  readonly inputs: BillingAccountInputs;
}

/**
 * Reads the account `customerId`; undefined when it is gone. `recorded` fills what the provider does not say
 * (prepaid credit declared, tax rates, business country) and keeps the declared spelling of what it only re-spelled.
 */
export async function readAccount(customers: BillingCustomers, customerId: string, recorded?: Partial<BillingAccountInputs & BillingAccountOutputs>): Promise<ReadAccount | undefined> {
  const customer = await customers.getCustomer(customerId);
  if (!customer) return undefined;
  const owner = recorded?.owner ?? customer.metadata[OWNER_METADATA_KEY] ?? `import:${customer.id}`;
  const currency = recorded?.currency ?? customer.metadata[ACCOUNT_CURRENCY_METADATA_KEY] ?? customer.currency ?? 'USD';
  const granted = await creditGranted(customers, customer.id, owner, currency);
  const taxIds = await customers.listTaxIds(customer.id);
  // Declared tax ids keep their place and spelling; others follow in the provider's order.
  const declared = recorded?.taxIds ?? [];
  const ordered: AccountTaxId[] = [
    ...declared.filter((d) => taxIds.some((t) => sameTaxId(d, t))),
    ...taxIds.filter((t) => !declared.some((d) => sameTaxId(d, t))).map((t) => ({ type: t.type, value: t.value })),
  ];
  const inputs: BillingAccountInputs = {
    name: customer.name ?? '',
    ...(customer.email !== null ? { email: customer.email } : {}),
    address: customer.address ?? recorded?.address ?? { line1: '', country: '' },
    taxIds: ordered,
    currency,
    prepaidCredit: recorded?.prepaidCredit ?? granted,
    paymentMethodTypes: recorded?.paymentMethodTypes ?? paymentMethodTypesOf(customer),
    ...(recorded?.defaultPaymentMethod !== undefined ? { defaultPaymentMethod: recorded.defaultPaymentMethod } : {}),
    ...(recorded?.businessCountry !== undefined ? { businessCountry: recorded.businessCountry } : {}),
    ...(customer.testClockId !== null ? { testClock: customer.testClockId } : {}),
  };
  const outputs: BillingAccountOutputs = {
    customerId: customer.id,
    owner,
    taxRateIds: (customer.metadata[ACCOUNT_TAX_RATES_METADATA_KEY] ?? '').split(',').filter((id) => id !== ''),
    reverseCharge: customer.taxTreatment === 'reverse',
    balance: customer.balance,
    creditGranted: granted,
    paymentMethodId: customer.defaultPaymentMethodId,
  };
  return { customer, outputs, inputs };
}

function paymentMethodTypesOf(customer: BillingCustomer): BillingAccountInputs['paymentMethodTypes'] {
  const known = new Set<string>(ACCOUNT_PAYMENT_METHOD_TYPES);
  const listed = (customer.metadata[PAYMENT_METHOD_TYPES_METADATA_KEY] ?? '').split(',').filter((t): t is BillingAccountInputs['paymentMethodTypes'][number] => known.has(t));
  return listed.length > 0 ? listed : ['card'];
}
