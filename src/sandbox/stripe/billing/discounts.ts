/**
 * Coupon discounts on invoice lines, before tax (Stripe taxes the amount after discounts).
 *
 * Discounts apply in order, each to what the previous ones left of every discountable line:
 * - `percent_off`: each discountable line loses round(remaining × percent / 100), half up, per line;
 * - `amount_off`: the amount (capped at what the discountable lines have left) is spread over those lines in
 *   proportion to what each has left, each share rounded half up and the last line absorbing the rounding cent, so
 *   the shares always add up to the discount exactly.
 * Lines with `discountable: false` (and credits, whose amount is not positive) are never discounted.
 *
 * Durations: `once` covers the first invoice it meets, `repeating` the `duration_in_months` after the discount
 * starts, `forever` every invoice.
 */
import Decimal from 'decimal.js';
import { addMonthsClamped } from './billing-periods';
import { roundMinorUnits } from './price-amount';

/** The fields of a Stripe coupon that decide a discount. */
export interface CouponTerms {
  id: string;
  percent_off: number | null;
  amount_off: number | null;
  currency?: string | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months?: number | null;
}

/** A discount (a coupon applied to a customer, subscription or invoice) as Stripe's `Discount` identifies it. */
export interface DiscountTerms {
  /** The `di_…` id that `discount_amounts[].discount` names. */
  id: string;
  coupon: CouponTerms;
}

/** A line as discounting sees it. */
export interface DiscountableLine {
  amount: number;
  discountable: boolean;
}

/** One discount's share of a line (`InvoiceLineItem.DiscountAmount`). */
export interface DiscountAmount {
  amount: number;
  discount: string;
}

/** Per line (same order as `lines`), the amount each discount takes from it; lines no discount touches get `[]`. */
export function discountLines(lines: readonly DiscountableLine[], discounts: readonly DiscountTerms[]): DiscountAmount[][] {
  const remaining = lines.map((line) => (line.discountable && line.amount > 0 ? line.amount : 0));
  const shares: DiscountAmount[][] = lines.map(() => []);
  for (const discount of discounts) {
    const taken = discount.coupon.percent_off !== null
      ? remaining.map((left) => roundMinorUnits(new Decimal(left).times(discount.coupon.percent_off!).dividedBy(100)))
      : spreadAmount(Math.min(discount.coupon.amount_off ?? 0, sum(remaining)), remaining);
    taken.forEach((amount, index) => {
      if (amount === 0) return;
      remaining[index] = remaining[index]! - amount;
      shares[index]!.push({ amount, discount: discount.id });
    });
  }
  return shares;
}

/** Totals per discount over all lines, in the order the discounts first appear (`Invoice.total_discount_amounts`). */
export function totalDiscountAmounts(perLine: readonly (readonly DiscountAmount[])[]): DiscountAmount[] {
  const totals = new Map<string, number>();
  for (const amounts of perLine) for (const a of amounts) totals.set(a.discount, (totals.get(a.discount) ?? 0) + a.amount);
  return [...totals].map(([discount, amount]) => ({ amount, discount }));
}

/** When a discount starting at `start` (unix seconds) stops applying: null for `forever` and `once` (used up instead). */
export function discountEnd(coupon: CouponTerms, start: number): number | null {
  if (coupon.duration !== 'repeating' || !coupon.duration_in_months) return null;
  return addMonthsClamped(start, coupon.duration_in_months);
}

/** True when a discount still applies to an invoice dated `at`; a `once` discount applies until it has been used. */
export function discountApplies(discount: { end: number | null; used?: boolean }, coupon: CouponTerms, at: number): boolean {
  if (coupon.duration === 'once') return !discount.used;
  return discount.end === null || at < discount.end;
}

/** `amount` spread over `weights` in proportion, each share rounded half up, the last weighted line taking the rest. */
function spreadAmount(amount: number, weights: readonly number[]): number[] {
  const total = sum(weights);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const lastWeighted = weights.reduce((last, w, i) => (w > 0 ? i : last), -1);
  let given = 0;
  return weights.map((weight, index) => {
    if (weight <= 0) return 0;
    const share = index === lastWeighted ? amount - given : Math.min(weight, roundMinorUnits(new Decimal(amount).times(weight).dividedBy(total)));
    given += share;
    return share;
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
