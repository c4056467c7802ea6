/**
 * Prorations of a mid-period change to a subscription item (quantity, price, added or removed), as Stripe makes them.
 *
 * factor = remaining seconds / period seconds = (period end − change time) / (period end − period start), exact.
 * A change creates up to two proration invoice items, each rounded half up on its own:
 *   credit  = −round(old full-period amount × factor)   "Unused time on …" (when the item had a price before)
 *   charge  =  round(new full-period amount × factor)   "Remaining time on …" (when it has a price after)
 * both with `proration: true` and period [change time, period end). Full-period amounts are the price applied to
 * the quantity (price-amount.ts), i.e. what a whole period would bill. `proration_behavior` decides their fate:
 * `create_prorations` leaves them pending for the next invoice, `always_invoice` invoices them now, `none` makes none.
 */
import Decimal from 'decimal.js';
import { roundMinorUnits } from './price-amount';
import type { BillingPeriod } from './billing-periods';

/** Stripe's `proration_behavior` values. */
export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

/** One proration invoice item to create. */
export interface ProrationItem {
  kind: 'unused_time' | 'remaining_time';
  amount: number;
  period: BillingPeriod;
}

/** The share of `period` still to run at `at`, exactly, between 0 and 1. */
export function prorationFactor(period: BillingPeriod, at: number): Decimal {
  const length = period.end - period.start;
  if (length <= 0) return new Decimal(0);
  const remaining = Math.min(Math.max(period.end - at, 0), length);
  return new Decimal(remaining).dividedBy(length);
}

/** The prorations of changing an item from `oldFullAmount` to `newFullAmount` at `at` (null: no price before/after). */
export function prorationItems(
  change: { oldFullAmount: number | null; newFullAmount: number | null; period: BillingPeriod; at: number },
  behavior: ProrationBehavior = 'create_prorations',
): ProrationItem[] {
  if (behavior === 'none') return [];
  const factor = prorationFactor(change.period, change.at);
  if (factor.isZero()) return [];
  const remainder: BillingPeriod = { start: change.at, end: change.period.end };
  const items: ProrationItem[] = [];
  if (change.oldFullAmount !== null) {
    items.push({ kind: 'unused_time', amount: 0 - roundMinorUnits(factor.times(change.oldFullAmount)), period: remainder });
  }
  if (change.newFullAmount !== null) {
    items.push({ kind: 'remaining_time', amount: roundMinorUnits(factor.times(change.newFullAmount)), period: remainder });
  }
  return items;
}
