/**
 * What a price charges for a quantity, as Stripe applies it to one invoice line.
 *
 * Rounding (Stripe's rule, which the sandbox follows): every intermediate product is exact (decimal.js, never floats),
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
 */
import Decimal from 'decimal.js';

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
  return new Decimal(exact).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** The quantity a per-unit price bills after `transform_quantity` (unchanged without one). */
export function transformedQuantity(terms: Pick<PriceTerms, 'transform_quantity'>, quantity: Quantity): Decimal {
  const q = new Decimal(quantity);
  const transform = terms.transform_quantity;
  if (!transform) return q;
  const divided = q.dividedBy(transform.divide_by);
  return transform.round === 'up' ? divided.ceil() : divided.floor();
}

/** What `terms` charges for `quantity` on one line, rounded once (see the file header for the rules). */
export function priceAmount(terms: PriceTerms, quantity: Quantity): PricedAmount {
  if (terms.billing_scheme === 'tiered') {
    const q = new Decimal(quantity);
    const exact = terms.tiers_mode === 'volume' ? volumeAmount(tiersOf(terms), q) : graduatedAmount(tiersOf(terms), q);
    return { amount: roundMinorUnits(exact), exactAmount: exact.toString(), billedQuantity: q.toString(), unitAmountDecimal: null };
  }
  const unit = unitAmountOf(terms.unit_amount, terms.unit_amount_decimal);
  const billed = transformedQuantity(terms, quantity);
  const exact = unit.times(billed);
  return { amount: roundMinorUnits(exact), exactAmount: exact.toString(), billedQuantity: billed.toString(), unitAmountDecimal: unit.toString() };
}

/** Each tier's units at its unit amount, plus the flat amount of every tier reached. */
function graduatedAmount(tiers: readonly PriceTier[], quantity: Decimal): Decimal {
  let total = new Decimal(0);
  let coveredUpTo = new Decimal(0);
  for (const [index, tier] of tiers.entries()) {
    const reached = index === 0 || quantity.greaterThan(coveredUpTo);
    if (!reached) break;
    const ceiling = tier.up_to === null ? quantity : Decimal.min(quantity, tier.up_to);
    const units = Decimal.max(0, ceiling.minus(coveredUpTo));
    total = total.plus(unitAmountOf(tier.unit_amount, tier.unit_amount_decimal).times(units));
    total = total.plus(unitAmountOf(tier.flat_amount, tier.flat_amount_decimal));
    if (tier.up_to === null) break;
    coveredUpTo = new Decimal(tier.up_to);
  }
  return total;
}

/** Every unit at the unit amount of the tier the whole quantity falls in, plus that tier's flat amount. */
function volumeAmount(tiers: readonly PriceTier[], quantity: Decimal): Decimal {
  const tier = tiers.find((t) => t.up_to === null || quantity.lessThanOrEqualTo(t.up_to)) ?? tiers[tiers.length - 1]!;
  return unitAmountOf(tier.unit_amount, tier.unit_amount_decimal)
    .times(quantity)
    .plus(unitAmountOf(tier.flat_amount, tier.flat_amount_decimal));
}

function tiersOf(terms: PriceTerms): readonly PriceTier[] {
  if (!terms.tiers || terms.tiers.length === 0) throw new Error('a tiered price has no tiers (the price route must refuse it)');
  return terms.tiers;
}

/** The decimal form wins when both are given: it carries the fraction the integer form drops. */
function unitAmountOf(whole: number | null | undefined, decimal: string | null | undefined): Decimal {
  if (decimal !== null && decimal !== undefined && decimal !== '') return new Decimal(decimal);
  return new Decimal(whole ?? 0);
}
