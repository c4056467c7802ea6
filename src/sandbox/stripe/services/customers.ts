/**
 * Customers: create (with tax ids, a payment method to attach, a test clock to live in), update, delete. A customer's
 * `invoice_settings.default_payment_method` must be attached to it; its `balance` moves through balance transactions
 * (customer-balance.ts) or is set outright.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../context';
import type { TestClock } from '../clocks/test-clocks';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import type { SearchFields } from '../http/search-query';
import { invalidRequest, resourceMissing } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { readAddress, readShipping, type StripeAddress, type StripeShipping } from './addresses';
import { findObject, kindName } from './lookup';
import { attachPaymentMethod, declineError, paymentOutcomeOf, resolvePaymentMethod, type StripePaymentMethod } from './payment-methods';
import { addTaxId, checkTaxIdInput, type TaxIdInput } from './tax-ids';

/** A customer's invoice settings. */
export interface InvoiceSettings {
  custom_fields: { name: string; value: string }[] | null;
  default_payment_method: string | null;
  footer: string | null;
  rendering_options: { amount_tax_display: string | null; template: string | null } | null;
}

/** A customer as served. */
export interface StripeCustomer extends StripeObject {
  object: 'customer';
  address: StripeAddress | null;
  balance: number;
  currency: string | null;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: InvoiceSettings;
  metadata: Record<string, string>;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: StripeShipping | null;
  tax_exempt: 'none' | 'exempt' | 'reverse';
  test_clock: string | null;
}

const COMMON_PARAMS = [
  'address', 'balance', 'description', 'email', 'invoice_prefix', 'invoice_settings', 'metadata', 'name', 'next_invoice_sequence',
  'phone', 'preferred_locales', 'shipping', 'tax_exempt', 'tax', 'business_name', 'individual_name',
] as const;

/** What customers can be searched by (Stripe: created, email, metadata, name, phone). */
export const CUSTOMER_SEARCH_FIELDS: SearchFields<StripeCustomer> = {
  created: { kind: 'number', read: (c) => c.created },
  email: { kind: 'string', read: (c) => c.email },
  name: { kind: 'string', read: (c) => c.name },
  phone: { kind: 'string', read: (c) => c.phone },
};

/** Applies the fields create and update share; returns the default payment method asked for (checked by the caller). */
function applyCommonFields(params: StripeParams, customer: StripeCustomer): string | null | undefined {
  const address = readAddress(params, 'address', customer.address);
  if (address !== undefined) customer.address = address;
  customer.balance = params.integer('balance', { min: -99_999_999_999, max: 99_999_999_999 }) ?? customer.balance;
  for (const [field, max] of [['description', 350], ['email', 512], ['name', 256], ['phone', 20]] as const) {
    const value = params.nullableString(field, { maxLength: max });
    if (value !== undefined) customer[field] = value;
  }
  const prefix = params.string('invoice_prefix', { maxLength: 12 });
  if (prefix !== undefined) {
    if (!/^[A-Z0-9]{3,12}$/.test(prefix)) throw invalidRequest('Invalid invoice_prefix: use 3 to 12 capital letters or digits.', 'invoice_prefix');
    customer.invoice_prefix = prefix;
  }
  customer.next_invoice_sequence = params.integer('next_invoice_sequence', { min: 1, max: 1_000_000_000 }) ?? customer.next_invoice_sequence;
  customer.metadata = applyMetadata(customer.metadata, params.metadata());
  customer.preferred_locales = params.strings('preferred_locales', { maxItems: 10, maxLength: 20 }) ?? customer.preferred_locales;
  const shipping = readShipping(params);
  if (shipping !== undefined) customer.shipping = shipping;
  customer.tax_exempt = params.oneOf('tax_exempt', ['none', 'exempt', 'reverse'] as const) ?? customer.tax_exempt;
  params.object('tax', { allowed: ['ip_address', 'validate_location'] });
  params.nullableString('business_name', { maxLength: 150 });
  params.nullableString('individual_name', { maxLength: 150 });
  const settings = params.object('invoice_settings', { allowed: ['custom_fields', 'default_payment_method', 'footer', 'rendering_options'] });
  if (!settings) return undefined;
  const next: InvoiceSettings = { ...customer.invoice_settings };
  const footer = settings.nullableString('footer', { maxLength: 5000 });
  if (footer !== undefined) next.footer = footer;
  if (settings.has('custom_fields')) {
    const fields = settings.raw('custom_fields') === '' ? [] : settings.objects('custom_fields', { maxItems: 4, allowed: ['name', 'value'] })!;
    next.custom_fields = fields.length === 0 ? null : fields.map((f) => ({ name: f.requiredString('name', { maxLength: 40 }), value: f.requiredString('value', { maxLength: 140 }) }));
  }
  const rendering = settings.nullableObject('rendering_options', { allowed: ['amount_tax_display', 'template'] });
  if (rendering !== undefined) {
    next.rendering_options = rendering === null ? null : {
      amount_tax_display: rendering.oneOf('amount_tax_display', ['exclude_tax', 'include_inclusive_tax'] as const) ?? null,
      template: rendering.string('template', { maxLength: 100 }) ?? null,
    };
  }
  customer.invoice_settings = next;
  return settings.nullableString('default_payment_method', { maxLength: 255 });
}

/** Sets the default payment method, which must be attached to the customer (Stripe's check and message). */
function setDefaultPaymentMethod(ctx: SandboxContext, customer: StripeCustomer, pmId: string | null): void {
  if (pmId !== null) {
    const pm = ctx.stripe.store.get<StripePaymentMethod>('payment_method', pmId);
    if (!pm) throw resourceMissing(kindName('payment_method'), pmId, 'invoice_settings[default_payment_method]');
    if (pm.customer !== customer.id) {
      throw invalidRequest(`The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`, 'invoice_settings[default_payment_method]', 'resource_missing');
    }
  }
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pmId };
}

/** `POST /v1/customers`. */
export function createCustomer(ctx: SandboxContext, params: StripeParams): StripeCustomer {
  params.allowOnly([...COMMON_PARAMS, 'payment_method', 'tax_id_data', 'test_clock', 'validate', 'source', 'cash_balance']);
  const clockId = params.string('test_clock', { maxLength: 255 });
  const clock = clockId === undefined ? undefined : findObject<TestClock>(ctx, 'test_helpers.test_clock', clockId, 'test_clock');
  const id = newStripeId('cus');
  const customer: StripeCustomer = {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: clock ? clock.frozen_time : ctx.stripe.timeOf(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: clock ? clock.id : null,
  };
  const defaultPm = applyCommonFields(params, customer);
  params.boolean('validate');
  if (params.has('source')) throw invalidRequest('Sources are a legacy API the sandbox does not serve; attach a payment method with payment_method instead.', 'source');
  params.object('cash_balance');
  const taxIds: TaxIdInput[] = (params.objects('tax_id_data', { maxItems: 25, allowed: ['type', 'value'] }) ?? []).map((datum) =>
    checkTaxIdInput(datum.requiredString('type', { maxLength: 40 }), datum.requiredString('value', { maxLength: 200 }), datum.name('type'), datum.name('value')),
  );
  // Resolved, and checked as attaching will check it, before the customer exists: a refusal leaves nothing behind.
  const pmParam = params.string('payment_method', { maxLength: 255 });
  const pm = pmParam === undefined ? undefined : resolvePaymentMethod(ctx, pmParam, 'payment_method');
  if (pm && pm.customer !== null) throw invalidRequest('The payment method you provided has already been attached to a customer.', 'payment_method', 'payment_method_unexpected_state');
  if (pm && paymentOutcomeOf(pm) === 'decline') throw declineError(pm, 'decline');
  if (defaultPm) {
    if (!pm || (defaultPm !== pm.id && defaultPm !== pmParam)) {
      throw invalidRequest(`The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`, 'invoice_settings[default_payment_method]', 'resource_missing');
    }
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm.id };
  }
  ctx.stripe.store.insert(customer, { customer: id, parent: clock?.id ?? null });
  ctx.stripe.events.publish('customer.created', customer);
  if (pm) attachPaymentMethod(ctx, pm.id, id, 'payment_method');
  for (const input of taxIds) addTaxId(ctx, id, input);
  return customer;
}

/** `POST /v1/customers/{id}`; publishes `customer.updated` with what changed. */
export function updateCustomer(ctx: SandboxContext, customer: StripeCustomer, params: StripeParams): StripeCustomer {
  params.allowOnly([...COMMON_PARAMS, 'default_source', 'source', 'cash_balance', 'validate']);
  const next: StripeCustomer = structuredClone(customer);
  const defaultPm = applyCommonFields(params, next);
  if (defaultPm !== undefined) setDefaultPaymentMethod(ctx, next, defaultPm);
  if (params.has('source') || params.has('default_source')) throw invalidRequest('Sources are a legacy API the sandbox does not serve; use payment methods and invoice_settings[default_payment_method].', params.has('source') ? 'source' : 'default_source');
  params.object('cash_balance');
  params.boolean('validate');
  const changed = previousAttributes(customer, next);
  if (changed) {
    ctx.stripe.store.update(next);
    ctx.stripe.events.publish('customer.updated', next, { previousAttributes: changed });
  }
  return next;
}

/** `DELETE /v1/customers/{id}`: the customer and its tax ids go; its payments stay, as on Stripe. */
export function deleteCustomer(ctx: SandboxContext, customer: StripeCustomer): { id: string; object: 'customer'; deleted: true } {
  const store = ctx.stripe.store;
  store.transaction(() => {
    for (const taxId of [...store.scan({ type: 'tax_id', parent: customer.id })]) store.delete(taxId.id);
    store.delete(customer.id);
  });
  ctx.stripe.events.publish('customer.deleted', customer);
  return { id: customer.id, object: 'customer', deleted: true };
}
