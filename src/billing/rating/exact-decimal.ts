/**
 * The one decimal.js configuration billing arithmetic uses. The library's default of 20 significant digits is too
 * few: a per-second price has up to 12 decimals and a period can hold billions of seconds, so a product needs over
 * 30 digits before the single rounding to whole minor units. A private clone keeps the global `Decimal` untouched
 * for other code.
 */
import Decimal from 'decimal.js';

/** decimal.js with 60 significant digits, so every intermediate value of rating is exact. */
export const ExactDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });

/** An exact decimal value of {@link ExactDecimal}. */
export type ExactDecimalValue = InstanceType<typeof ExactDecimal>;

/** Rounds an exact amount of minor units to a whole minor unit, half up (Stripe's line rounding: 1.5 → 2). */
export function roundHalfUpToMinor(amount: Decimal.Value): number {
  const whole = new ExactDecimal(amount).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(whole)) throw new RangeError(`${String(amount)} minor units is too large to bill exactly`);
  return whole === 0 ? 0 : whole;
}
