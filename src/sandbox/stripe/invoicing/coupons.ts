/**
 * Coupons and the discounts that apply them. A coupon (`percent_off`, or `amount_off` in one currency; `once`,
 * `repeating` for `duration_in_months`, or `forever`) is redeemed by a subscription or an invoice through
 * `discounts[][coupon]`, which makes a `discount` object (`di_…`) recording when it started and, for a repeating
 * coupon, when it ends. A coupon past its `redeem_by` or at its `max_redemptions` is no longer `valid` and refused.
 * How a discount reduces lines is discounts.ts; which invoices it reaches is subscription-invoices.ts.
 */
import { discountApplies, discountEnd, type CouponTerms, type DiscountTerms } from '../billing/discounts';
import type { BillingContext } from '../billing-context';
import { newStripeId } from '../ids';
import { invalidParam } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';

/** The store type of coupons. */
export const COUPON_TYPE = 'coupon';
/** The store type of discounts. */
export const DISCOUNT_TYPE = 'discount';

/** A coupon as stored and served. */
export interface CouponDoc extends StripeObject, CouponTerms {
  object: 'coupon';
  currency: string | null;
  duration_in_months: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Record<string, string>;
  name: string | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
}

/** A discount as stored and served (its coupon named by id in `source`). */
export interface DiscountDoc extends StripeObject {
  object: 'discount';
  customer: string | null;
  end: number | null;
  invoice: string | null;
  source: { coupon: string; type: 'coupon' };
  start: number;
  subscription: string | null;
}

/** Whether a coupon can still be redeemed at `now`. */
export function couponValid(coupon: CouponDoc, now: number): boolean {
  return (coupon.redeem_by === null || now < coupon.redeem_by) && (coupon.max_redemptions === null || coupon.times_redeemed < coupon.max_redemptions);
}

/**
 * Redeems coupons for a subscription or an invoice: one discount each, the coupons' redemptions counted. An unknown,
 * invalid or other-currency coupon is a 400 on its `discounts[i][coupon]`.
 */
export function redeemCoupons(
  bc: BillingContext,
  couponIds: readonly string[],
  owner: { customer: string; subscription?: string; invoice?: string; currency: string; now: number },
  param = 'discounts',
): string[] {
  return couponIds.map((id, i) => {
    const name = `${param}[${i}][coupon]`;
    const coupon = bc.store.get<CouponDoc>(COUPON_TYPE, id);
    // A deleted coupon is kept only for the discounts that redeemed it.
    if (!coupon || coupon.deleted_at !== undefined) throw invalidParam(name, `No such coupon: '${id}'`, 'resource_missing');
    if (!couponValid(coupon, owner.now)) throw invalidParam(name, `Coupon ${id} is no longer valid (redeem_by passed or max_redemptions reached).`, 'coupon_expired');
    if (coupon.amount_off !== null && coupon.currency !== owner.currency) {
      throw invalidParam(name, `Coupon ${id} takes ${coupon.amount_off} off in ${coupon.currency}; this is billed in ${owner.currency}.`);
    }
    const redeemed = coupon.times_redeemed + 1;
    bc.store.update({ ...coupon, times_redeemed: redeemed, valid: couponValid({ ...coupon, times_redeemed: redeemed }, owner.now) });
    const discount: DiscountDoc = {
      id: newStripeId('di'),
      object: 'discount',
      checkout_session: null,
      created: owner.now,
      customer: owner.customer,
      customer_account: null,
      end: discountEnd(coupon, owner.now),
      invoice: owner.invoice ?? null,
      invoice_item: null,
      promotion_code: null,
      source: { coupon: coupon.id, type: 'coupon' },
      start: owner.now,
      subscription: owner.subscription ?? null,
      subscription_item: null,
    };
    bc.store.insert(discount, { customer: owner.customer });
    return discount.id;
  });
}

/** The discount terms of discount ids that still apply at `at` (a `once` discount applies wherever it still is). */
export function discountTerms(bc: BillingContext, discountIds: readonly string[], at: number): DiscountTerms[] {
  return discountIds.flatMap((id) => {
    const discount = bc.store.get<DiscountDoc>(DISCOUNT_TYPE, id);
    const coupon = discount ? bc.store.get<CouponDoc>(COUPON_TYPE, discount.source.coupon) : undefined;
    if (!discount || !coupon || !discountApplies({ end: discount.end }, coupon, at)) return [];
    return [{ id, coupon }];
  });
}

/** The `once` discounts among `discountIds` (used up by the first invoice they reach). */
export function onceDiscounts(bc: BillingContext, discountIds: readonly string[]): Set<string> {
  return new Set(discountIds.filter((id) => {
    const discount = bc.store.get<DiscountDoc>(DISCOUNT_TYPE, id);
    return discount !== undefined && bc.store.get<CouponDoc>(COUPON_TYPE, discount.source.coupon)?.duration === 'once';
  }));
}
