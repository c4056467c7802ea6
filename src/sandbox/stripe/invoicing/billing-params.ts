/**
 * Parameter readers the billing routes share: the objects a parameter names (a customer, an active price, active tax
 * rates, a subscription of the customer), each refused with Stripe's error on the parameter that named it.
 */
import type { SandboxContext } from '../../context';
import type { StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';
import { findObject } from '../services/lookup';
import type { BillingCustomer, BillingPrice, BillingTaxRate, SubscriptionDoc } from './billing-types';

/** The customer a parameter names. */
export function readCustomer(ctx: SandboxContext, params: StripeParams, key = 'customer', required = true): BillingCustomer | undefined {
  const id = params.string(key, { required, maxLength: 255 });
  return id === undefined ? undefined : findObject<BillingCustomer>(ctx, 'customer', id, params.name(key));
}

/** The active price a parameter names; `recurring` demands a recurring one (subscription items). */
export function readPrice(ctx: SandboxContext, params: StripeParams, key: string, options: { required?: boolean; recurring?: boolean } = {}): BillingPrice | undefined {
  const id = params.string(key, { required: options.required, maxLength: 255 });
  if (id === undefined) return undefined;
  const price = findObject<BillingPrice>(ctx, 'price', id, params.name(key));
  if (!price.active) throw invalidParam(params.name(key), `The price specified (${id}) is inactive. This field only accepts active prices.`);
  if (options.recurring && price.type !== 'recurring') {
    throw invalidParam(params.name(key), `The price specified (${id}) is a one-time price; a subscription item needs a recurring price. Add one-time prices with add_invoice_items.`);
  }
  return price;
}

/** Active tax rates a list parameter names (`""` for none); undefined when the parameter was not sent. */
export function readTaxRates(ctx: SandboxContext, params: StripeParams, key: string): BillingTaxRate[] | undefined {
  const ids = params.strings(key, { maxItems: 10, maxLength: 255 });
  return ids?.map((id, i) => {
    const rate = findObject<BillingTaxRate>(ctx, 'tax_rate', id, `${params.name(key)}[${i}]`);
    if (!rate.active) throw invalidParam(`${params.name(key)}[${i}]`, `Tax rate ${id} is inactive; only active tax rates can be applied.`);
    return rate;
  });
}

/** The subscription a parameter names, which must belong to `customer` when given. */
export function readSubscription(ctx: SandboxContext, params: StripeParams, key: string, customer?: string): SubscriptionDoc | undefined {
  const id = params.string(key, { maxLength: 255 });
  if (id === undefined) return undefined;
  const subscription = findObject<SubscriptionDoc>(ctx, 'subscription', id, params.name(key));
  if (customer !== undefined && subscription.customer !== customer) {
    throw invalidParam(params.name(key), `The subscription ${id} belongs to another customer than ${customer}.`);
  }
  return subscription;
}

/**
 * `discounts[][coupon]`: the coupons to redeem (`""` for none, which clears an update's discounts); undefined when the
 * parameter was not sent. Existing discounts (`discount`) and promotion codes are not served by the sandbox.
 */
export function readCouponIds(params: StripeParams, key = 'discounts'): string[] | undefined {
  const entries = params.objects(key, { maxItems: 20, allowed: ['coupon', 'discount', 'promotion_code'] });
  return entries?.map((entry) => {
    for (const unserved of ['discount', 'promotion_code']) {
      if (entry.has(unserved)) throw invalidParam(entry.name(unserved), `${entry.name(unserved)} is not supported by the sandbox; pass ${entry.name('coupon')}.`);
    }
    return entry.requiredString('coupon', { maxLength: 255 });
  });
}

/** Refuses a currency other than the customer's (once it has one, a customer is billed in one currency only). */
export function requireCustomerCurrency(customer: BillingCustomer, currency: string, param: string): void {
  if (customer.currency && customer.currency !== currency) {
    throw invalidParam(param, `You cannot combine currencies on a single customer. This customer has had a subscription or payment in ${customer.currency}, but you are trying to bill in ${currency}.`);
  }
}
