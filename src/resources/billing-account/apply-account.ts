/**
 * Brings a customer on the billing provider to what a BillingAccount declares, for both create and update: the
 * customer itself (found by its owner and currency before one is created), its tax ids, the tax rates of its
 * jurisdiction, its prepaid credit and its default payment method. Every create carries a derived idempotency key and
 * every step reads what is there first, so a run repeated after a crash makes nothing twice.
 */
import { ACCOUNT_CURRENCY_METADATA_KEY, ACCOUNT_TAX_RATES_METADATA_KEY } from '../../billing/account-terms';
import type { BillingCustomer, BillingCustomers, CustomerSpec, CustomerTaxId } from '../../billing/customers-port';
import { OWNER_METADATA_KEY } from '../../billing/rate-card-keys';
import { deepEqual } from '../../core/field-rules';
import { idempotencyKey } from '../../core/idempotency';
import { grantCreditUpTo } from './account-credit';
import type { AccountTax } from './account-tax';
import { ensureTaxRates } from './account-tax-rates';
import type { AccountTaxId, BillingAccountInputs, BillingAccountOutputs } from './model';

/** Metadata key of the payment method types its subscriptions offer, comma-separated. */
export const PAYMENT_METHOD_TYPES_METADATA_KEY = 'didops_payment_method_types';

/** One apply: the provider, who owns the account, what it declares, its tax, and the last record (none on create). */
export interface AccountApply {
  readonly customers: BillingCustomers;
  readonly owner: string;
  readonly inputs: BillingAccountInputs;
  readonly tax: AccountTax;
  readonly recorded?: BillingAccountInputs & BillingAccountOutputs;
}

/** Applies the inputs and returns the outputs that describe the account now. */
export async function applyAccount(apply: AccountApply): Promise<BillingAccountOutputs> {
  const { customers, owner, inputs, tax } = apply;
  // Tax rates first: the customer carries their ids, which BillingSubscription reads (account-terms.ts).
  const taxRateIds = tax.reverseCharge ? [] : await ensureTaxRates(customers, tax.rates);
  const spec = customerSpec(owner, inputs, tax.reverseCharge, taxRateIds);
  const customer = await ensureCustomer(apply, spec);
  await syncTaxIds(customers, owner, customer.id, inputs.taxIds);
  const creditGranted = await grantCreditUpTo(customers, customer.id, owner, inputs.currency, inputs.prepaidCredit);
  const paymentMethodId = await ensureDefaultPaymentMethod(apply, customer);
  const now = (await customers.getCustomer(customer.id)) ?? customer;
  return { customerId: customer.id, owner, taxRateIds, reverseCharge: tax.reverseCharge, balance: now.balance, creditGranted, paymentMethodId };
}

/**
 * What the customer is made with: the declared details, tax treatment and didops' metadata, which is also what
 * BillingSubscription reads of the account (account-terms.ts): its currency and its tax rates.
 */
export function customerSpec(owner: string, inputs: BillingAccountInputs, reverseCharge: boolean, taxRateIds: readonly string[]): CustomerSpec {
  return {
    name: inputs.name,
    ...(inputs.email !== undefined ? { email: inputs.email } : {}),
    address: inputs.address,
    taxTreatment: reverseCharge ? 'reverse' : 'none',
    metadata: {
      [OWNER_METADATA_KEY]: owner,
      [ACCOUNT_CURRENCY_METADATA_KEY]: inputs.currency,
      [ACCOUNT_TAX_RATES_METADATA_KEY]: taxRateIds.join(','),
      [PAYMENT_METHOD_TYPES_METADATA_KEY]: inputs.paymentMethodTypes.join(','),
    },
  };
}

/** Tax ids compare as tax authorities read them: without case, spaces, dots or dashes. */
export function sameTaxId(a: { type: string; value: string }, b: { type: string; value: string }): boolean {
  const norm = (value: string) => value.toUpperCase().replace(/[\s.-]/g, '');
  return a.type === b.type && norm(a.value) === norm(b.value);
}

/** The recorded customer, or the one a crashed create made (same owner, currency and clock), or a new one (on the declared clock); then updated to the spec. */
async function ensureCustomer(apply: AccountApply, spec: CustomerSpec): Promise<BillingCustomer> {
  const { customers, owner, inputs, recorded } = apply;
  let customer = recorded ? await customers.getCustomer(recorded.customerId) : undefined;
  if (!customer) {
    // Search may lag a moment behind a create; the create's derived key answers with the first customer then.
    // A customer on another clock (or none) is not this account: a changed `testClock` replaces it with a new one.
    const clock = inputs.testClock ?? null;
    const found = (await customers.findCustomers({ [OWNER_METADATA_KEY]: owner, [ACCOUNT_CURRENCY_METADATA_KEY]: inputs.currency })).filter((c) => c.testClockId === clock);
    const created = inputs.testClock !== undefined ? { ...spec, testClock: inputs.testClock } : spec;
    customer = found[0] ?? (await customers.createCustomer(created, { idempotencyKey: idempotencyKey({ resource: owner, operation: 'customer', inputs: created }) }));
  }
  if (!differs(customer, spec)) return customer;
  // An e-mail no longer declared is cleared (Stripe clears a field sent empty and keeps one left out).
  return customers.updateCustomer(customer.id, spec.email === undefined && customer.email !== null ? { ...spec, email: '' } : spec);
}

function differs(customer: BillingCustomer, spec: CustomerSpec): boolean {
  const address = customer.address ?? undefined;
  return (
    customer.name !== spec.name ||
    (customer.email ?? undefined) !== spec.email ||
    !deepEqual(address, spec.address) ||
    customer.taxTreatment !== spec.taxTreatment ||
    Object.entries(spec.metadata).some(([k, v]) => customer.metadata[k] !== v)
  );
}

/** Makes the customer's tax ids the declared ones: extras removed, missing ones added (tax ids cannot be edited). */
async function syncTaxIds(customers: BillingCustomers, owner: string, customerId: string, wanted: readonly AccountTaxId[]): Promise<CustomerTaxId[]> {
  const existing = await customers.listTaxIds(customerId);
  for (const taxId of existing) {
    if (!wanted.some((w) => sameTaxId(w, taxId))) await customers.removeTaxId(customerId, taxId.id);
  }
  const kept = existing.filter((taxId) => wanted.some((w) => sameTaxId(w, taxId)));
  for (const taxId of wanted) {
    if (kept.some((k) => sameTaxId(k, taxId))) continue;
    kept.push(await customers.addTaxId(customerId, taxId, { idempotencyKey: idempotencyKey({ resource: owner, operation: 'taxid', inputs: { customerId, ...taxId } }) }));
  }
  return kept;
}

/** The default payment method after this apply: the declared one attached and made default, or whatever is there. */
async function ensureDefaultPaymentMethod(apply: AccountApply, customer: BillingCustomer): Promise<string | null> {
  const { customers, owner, inputs, recorded } = apply;
  const declared = inputs.defaultPaymentMethod;
  if (declared === undefined) return customer.defaultPaymentMethodId;
  // The same declaration as last time, still the default: a test token would otherwise attach a new card every run.
  const earlier = recorded?.defaultPaymentMethod === declared ? recorded.paymentMethodId : null;
  if (earlier && customer.defaultPaymentMethodId === earlier) return earlier;
  const attached = declared === customer.defaultPaymentMethodId
    ? { id: declared }
    : await customers.attachPaymentMethod(customer.id, declared, { idempotencyKey: idempotencyKey({ resource: owner, operation: 'attachpm', inputs: { customerId: customer.id, paymentMethod: declared } }) });
  if (customer.defaultPaymentMethodId !== attached.id) await customers.updateCustomer(customer.id, { defaultPaymentMethodId: attached.id });
  return attached.id;
}
