/**
 * What Stripe charges for a period's quantity on a metered price: per unit, graduated or volume tiers, computed
 * exactly and rounded once, half up, to a whole minor unit, because Stripe rounds at the invoice line and never per
 * unit, per tier or per meter event ("Decimal amounts": 0.05¢ × 30 = 1.5¢ bills 2¢).
 *
 * A quantity of 0 still lies in the first tier (tier ranges start at 0 and each `up_to` is inclusive), so that
 * tier's flat amount is charged for an idle period, graduated or volume alike; a per-unit price of an idle period
 * is 0. The sandbox's invoice totals must follow the same rules; these functions are pure so it can call them.
 */
import { ExactDecimal, roundHalfUpToMinor, type ExactDecimalValue } from './exact-decimal';
import type { MeteredPriceSpec, StripeTierSpec } from './metered-price';

/** The amount of `quantity` units on `price` in minor units, exact (not yet rounded to a whole minor unit). */
export function exactAmountFor(price: MeteredPriceSpec, quantity: number): ExactDecimalValue {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`a metered quantity is a whole number of units, not ${quantity}`);
  }
  if (price.billingScheme === 'per_unit') return new ExactDecimal(price.unitAmountDecimal).times(quantity);
  return price.tiersMode === 'graduated' ? graduated(price.tiers, quantity) : volume(price.tiers, quantity);
}

/** The invoice line Stripe makes for `quantity` units on `price`: {@link exactAmountFor} rounded half up, in whole minor units. */
export function lineAmountFor(price: MeteredPriceSpec, quantity: number): number {
  return roundHalfUpToMinor(exactAmountFor(price, quantity));
}

/** Each unit at the price of the tier it falls in, plus the flat amount of every tier the quantity reaches. */
function graduated(tiers: readonly StripeTierSpec[], quantity: number): ExactDecimalValue {
  let total = new ExactDecimal(0);
  let below = 0;
  for (const tier of tiers) {
    const top = tier.upTo === 'inf' ? Infinity : tier.upTo;
    const units = Math.min(quantity, top) - below;
    total = total.plus(new ExactDecimal(tier.unitAmountDecimal).times(units)).plus(tier.flatAmount ?? 0);
    if (quantity <= top) break;
    below = top;
  }
  return total;
}

/** Every unit at the price of the tier the total falls in, plus that tier's flat amount. */
function volume(tiers: readonly StripeTierSpec[], quantity: number): ExactDecimalValue {
  const tier = tiers.find((t) => t.upTo === 'inf' || quantity <= t.upTo) ?? tiers[tiers.length - 1];
  if (!tier) return new ExactDecimal(0);
  return new ExactDecimal(tier.unitAmountDecimal).times(quantity).plus(tier.flatAmount ?? 0);
}
