/**
 * The one copy of Stripe's unit and tier arithmetic, exact (60 significant digits) and not yet rounded: the rating
 * (metered-amount.ts) and the Stripe sandbox's invoice lines both call it, so a rated period and the invoice line
 * the sandbox bills for it can never disagree, however large the quantity.
 *
 * A tier covers the quantities above the previous tier's `upTo` up to and including its own (null for the open last
 * tier). Graduated charges each tier's units at that tier's unit amount plus the flat amount of every tier the
 * quantity reaches; volume charges every unit at the unit amount of the one tier the whole quantity falls in, plus
 * its flat amount. A quantity of 0 reaches the first tier, so its flat amount is charged.
 */
import type Decimal from 'decimal.js';
import { ExactDecimal, type ExactDecimalValue } from './exact-decimal';

/** One tier in the shape the arithmetic needs, whoever stores it (a rate card's spec or a Stripe price). */
export interface TierTerms {
  /** Last quantity the tier covers, inclusive; null for the open last tier. */
  readonly upTo: Decimal.Value | null;
  /** Price of one unit in this tier, in minor units (may be fractional). */
  readonly unitAmount: Decimal.Value;
  /** Amount added once when the quantity reaches this tier, in minor units. */
  readonly flatAmount: Decimal.Value;
}

/** `quantity` units at `unitAmount` each, exact. */
export function perUnitAmount(unitAmount: Decimal.Value, quantity: Decimal.Value): ExactDecimalValue {
  return new ExactDecimal(unitAmount).times(quantity);
}

/** Each tier's units at its unit amount, plus the flat amount of every tier the quantity reaches, exact. */
export function graduatedAmount(tiers: readonly TierTerms[], quantity: Decimal.Value): ExactDecimalValue {
  const q = new ExactDecimal(quantity);
  let total = new ExactDecimal(0);
  let below = new ExactDecimal(0);
  for (const tier of tiers) {
    const ceiling = tier.upTo === null ? q : ExactDecimal.min(q, tier.upTo);
    const units = ExactDecimal.max(0, ceiling.minus(below));
    total = total.plus(new ExactDecimal(tier.unitAmount).times(units)).plus(tier.flatAmount);
    if (tier.upTo === null || q.lessThanOrEqualTo(tier.upTo)) break;
    below = new ExactDecimal(tier.upTo);
  }
  return total;
}

/** Every unit at the unit amount of the tier the whole quantity falls in, plus that tier's flat amount, exact. */
export function volumeAmount(tiers: readonly TierTerms[], quantity: Decimal.Value): ExactDecimalValue {
  const q = new ExactDecimal(quantity);
  const tier = tiers.find((t) => t.upTo === null || q.lessThanOrEqualTo(t.upTo)) ?? tiers[tiers.length - 1];
  if (!tier) return new ExactDecimal(0);
  return new ExactDecimal(tier.unitAmount).times(q).plus(tier.flatAmount);
}
