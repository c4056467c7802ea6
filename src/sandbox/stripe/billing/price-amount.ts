/**
 * What a price charges for a quantity, as Stripe applies it to one invoice line.
 *
 * Rounding (Stripe's rule, which the sandbox follows): every intermediate product is exact (60 digits, never floats),
 * and the line amount is rounded ONCE, half up (away from zero at exactly half a minor unit), to a whole minor unit.
 * So 3 units at `unit_amount_decimal` "0.5" is 1.5 → 2 cents, and a graduated price's tiers are summed exactly before
 * that one rounding, never rounded tier by tier.
 *
 * Tiers (Stripe's documented semantics): a tier covers the quantities above the previous tier's `up_to` up to and
 * including its own (`inf` for the last). `graduated` charges each tier's units at that tier's unit amount and adds
 * the flat amount of every tier the quantity reaches; `volume` charges every unit at the unit amount of the one tier
 * the whole quantity falls in, plus that tier's flat amount. A quantity of 0 reaches the first tier, so its flat
 * amount is charged (how Stripe bills a "base fee plus usage" tiered price in a period without usage).
 *
 * `transform_quantity` (per-unit prices only) divides the quantity first and rounds the result up or down to a whole
 * number: packages of 1,000 at `divide_by=1000, round=up` bill 1,001 units as 2 packages.
 *
 * The unit and tier arithmetic is the rating's own (src/billing/rating/tier-amount.ts), so what didops rates and what
 * the sandbox invoices agree to the cent; this file keeps only the Stripe price shape (decimal vs whole amounts,
 * `transform_quantity`).
 */
import type Decimal from 'decimal.js';
import { ExactDecimal, roundHalfUpToMinor, type ExactDecimalValue } from '../../../billing/rating/exact-decimal';
import { graduatedAmount, perUnitAmount, volumeAmount, type TierTerms } from '../../../billing/rating/tier-amount';

/** One tier of a tiered price, as stored on a Stripe price (`up_to: null` is the open last tier). */
export interface PriceTier {
  /** Last quantity this tier covers, or null for the open last tier (`inf` on the wire). */
  up_to: number | null;
  unit_amount?: number | null;
  unit_amount_decimal?: string | null;
  flat_amount?: number | null;
  flat_amount_decimal?: string | null;
}

/** The fields of a Stripe price that decide what it charges. */
export interface PriceTerms {
  billing_scheme: 'per_unit' | 'tiered';
  unit_amount?: number | null;
  unit_amount_decimal?: string | null;
  tiers?: readonly PriceTier[] | null;
  tiers_mode?: 'graduated' | 'volume' | null;
  transform_quantity?: { divide_by: number; round: 'up' | 'down' } | null;
}

/** What a price charges for a quantity on one line. */
export interface PricedAmount {
  /** The line amount in whole minor units, rounded once, half up. */
  amount: number;
  /** The exact amount before rounding, as decimal text (for tests and diagnostics). */
  exactAmount: string;
  /** The quantity the price was applied to, after `transform_quantity`. */
  billedQuantity: string;
  /** Per-unit price as decimal text for `pricing.unit_amount_decimal`; null for tiered prices (no single unit price). */
  unitAmountDecimal: string | null;
}

/** A quantity as Stripe passes it around: a whole number, or decimal text from an aggregated meter. */
export type Quantity = number | string | Decimal;

/** Rounds an exact amount of minor units to a whole one, half away from zero: Stripe's once-per-line rule. */
export function roundMinorUnits(exact: Decimal.Value): number {
  return roundHalfUpToMinor(exact);
}

/** The quantity a per-unit price bills after `transform_quantity` (unchanged without one). */
export function transformedQuantity(terms: Pick<PriceTerms, 'transform_quantity'>, quantity: Quantity): ExactDecimalValue {
  const q = new ExactDecimal(quantity);
  const transform = terms.transform_quantity;
  if (!transform) return q;
  const divided = q.dividedBy(transform.divide_by);
  return transform.round === 'up' ? divided.ceil() : divided.floor();
}

/** What `terms` charges for `quantity` on one line, rounded once (see the file header for the rules). */
export function priceAmount(terms: PriceTerms, quantity: Quantity): PricedAmount {
  if (terms.billing_scheme === 'tiered') {
    const q = new ExactDecimal(quantity);
    const exact = terms.tiers_mode === 'volume' ? volumeAmount(tiersOf(terms), q) : graduatedAmount(tiersOf(terms), q);
    return { amount: roundMinorUnits(exact), exactAmount: exact.toString(), billedQuantity: q.toString(), unitAmountDecimal: null };
  }
  const unit = unitAmountOf(terms.unit_amount, terms.unit_amount_decimal);
  const billed = transformedQuantity(terms, quantity);
  const exact = perUnitAmount(unit, billed);
  return { amount: roundMinorUnits(exact), exactAmount: exact.toString(), billedQuantity: billed.toString(), unitAmountDecimal: unit.toString() };
}

/** A Stripe price's tiers in the shared arithmetic's shape (decimal amounts win over whole ones). */
function tiersOf(terms: PriceTerms): TierTerms[] {
  if (!terms.tiers || terms.tiers.length === 0) throw new Error('a tiered price has no tiers (the price route must refuse it)');
  return terms.tiers.map((tier) => ({
    upTo: tier.up_to,
    unitAmount: unitAmountOf(tier.unit_amount, tier.unit_amount_decimal),
    flatAmount: unitAmountOf(tier.flat_amount, tier.flat_amount_decimal),
  }));
}

/** The decimal form wins when both are given: it carries the fraction the integer form drops. */
function unitAmountOf(whole: number | null | undefined, decimal: string | null | undefined): ExactDecimalValue {
  if (decimal !== null && decimal !== undefined && decimal !== '') return new ExactDecimal(decimal);
  return new ExactDecimal(whole ?? 0);
}
