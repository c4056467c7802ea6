/**
 * What Stripe charges for a period's quantity on a metered price: per unit, graduated or volume tiers, computed
 * exactly and rounded once, half up, to a whole minor unit, because Stripe rounds at the invoice line and never per
 * unit, per tier or per meter event ("Decimal amounts": 0.05¢ × 30 = 1.5¢ bills 2¢).
 *
 * A quantity of 0 still lies in the first tier (tier ranges start at 0 and each `up_to` is inclusive), so that
 * tier's flat amount is charged for an idle period, graduated or volume alike; a per-unit price of an idle period
 * is 0. The arithmetic itself lives in tier-amount.ts, which the sandbox's invoice lines call too.
 */
import { roundHalfUpToMinor, type ExactDecimalValue } from './exact-decimal';
import { graduatedAmount, perUnitAmount, volumeAmount, type TierTerms } from './tier-amount';
import type { MeteredPriceSpec, StripeTierSpec } from './metered-price';

/** The amount of `quantity` units on `price` in minor units, exact (not yet rounded to a whole minor unit). */
export function exactAmountFor(price: MeteredPriceSpec, quantity: number): ExactDecimalValue {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`a metered quantity is a whole number of units, not ${quantity}`);
  }
  if (price.billingScheme === 'per_unit') return perUnitAmount(price.unitAmountDecimal, quantity);
  const tiers = tierTermsOf(price.tiers);
  return price.tiersMode === 'graduated' ? graduatedAmount(tiers, quantity) : volumeAmount(tiers, quantity);
}

/** The invoice line Stripe makes for `quantity` units on `price`: {@link exactAmountFor} rounded half up, in whole minor units. */
export function lineAmountFor(price: MeteredPriceSpec, quantity: number): number {
  return roundHalfUpToMinor(exactAmountFor(price, quantity));
}

/** A rate card's tiers in the shared arithmetic's shape. */
function tierTermsOf(tiers: readonly StripeTierSpec[]): TierTerms[] {
  return tiers.map((tier) => ({ upTo: tier.upTo === 'inf' ? null : tier.upTo, unitAmount: tier.unitAmountDecimal, flatAmount: tier.flatAmount ?? 0 }));
}
