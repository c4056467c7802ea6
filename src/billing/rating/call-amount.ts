/**
 * What one call costs, exactly: the amount the reconciler stores per record (`amount_decimal`) and shows in call
 * logs. Amounts are counted in 10⁻¹² minor units as BigInt — every per-second price has at most 12 decimals (Stripe's
 * `unit_amount_decimal` limit) and flat fees are whole minor units, so each amount is an exact integer and the
 * reconciler's hot loop avoids decimal objects.
 *
 * How per-call amounts relate to the invoice (docs/billing.md, "Rounding", rule 11): a line is the period's exact
 * amount rounded once, so the per-call amounts are shown unrounded and their sum over the period, rounded once, is
 * the line. For a per-unit price a call's amount is its seconds × the per-second price. For tiered prices the price
 * of a second depends on the whole period, so a call's amount is an ALLOCATION: the increase of the period's exact
 * amount that the call causes, in rating order (`amount(before + seconds) − amount(before)`), and the period's first
 * answered call also carries what an idle period owes (the first tier's flat fee); an unanswered call is 0. The allocations of a period then add up to
 * its exact amount, to the 10⁻¹² minor unit. Under volume tiers the call that moves the period into a cheaper tier
 * carries the discount on every earlier second, so its amount can be negative.
 *
 * The tier arithmetic here is tier-amount.ts's (the decimal copy that the sandbox's invoices and `ratePeriod` use)
 * in integers; test/unit/billing-compiled-rater.test.ts checks the two agree on random prices and periods.
 */
import type { MeteredPriceSpec } from './metered-price';

/** Decimals of a minor unit that per-call amounts keep: 12, Stripe's limit on `unit_amount_decimal`. */
export const AMOUNT_DECIMALS = 12;
const SCALE = 10n ** BigInt(AMOUNT_DECIMALS);
const SCALE_NUMBER = 10 ** AMOUNT_DECIMALS;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A tier of a metered price in integers: `upTo` in units (Infinity for the open tier), amounts in 10⁻¹² minor units. */
interface ScaledTier {
  readonly upTo: number;
  readonly unit: bigint;
  readonly flat: bigint;
  /** `unit` and `flat` as numbers when they are safe integers. */
  readonly unitNumber: number | undefined;
  readonly flatNumber: number | undefined;
}

/** A metered price with its amounts in 10⁻¹² minor units. */
export type ScaledPrice =
  | {
      readonly billingScheme: 'per_unit';
      readonly unit: bigint;
      /** `unit` as a number when it is a safe integer, for the allocation-free path of {@link callCostText}. */
      readonly unitNumber: number | undefined;
    }
  | {
      readonly billingScheme: 'tiered';
      readonly tiersMode: 'graduated' | 'volume';
      readonly tiers: readonly ScaledTier[];
      /** True when every tier's amounts are safe, non-negative numbers, so {@link callCostText} may add in numbers. */
      readonly numberSafe: boolean;
    };

/** Where a period stands in one rate class before the next call: the tiered allocation's running state. */
export interface ClassTally {
  /** Billable seconds of the class already allocated in the period. */
  seconds: number;
  /** Answered calls of the class already allocated in the period (the first one carries the idle amount). */
  calls: number;
  /** Exact amount of `seconds`, when known (a cache the allocation keeps so each call costs one tier evaluation). */
  amount?: bigint;
}

/** Decimal text of minor units with at most 12 decimals ("0.014166666667", "-3", "500") as 10⁻¹² minor units. */
export function toScaledAmount(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,12}))?$/.exec(decimal);
  if (!match) throw new RangeError(`"${decimal}" is not an amount of minor units with at most ${AMOUNT_DECIMALS} decimals`);
  const magnitude = BigInt(match[2]) * SCALE + BigInt((match[3] ?? '').padEnd(AMOUNT_DECIMALS, '0'));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** 10⁻¹² minor units as decimal text of minor units without trailing zeros, as decimal.js writes it: "5.00000000004", "3", "-0.5". */
export function scaledAmountText(scaled: bigint): string {
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const whole = (magnitude / SCALE).toString();
  const fraction = magnitude % SCALE;
  const sign = negative ? '-' : '';
  if (fraction === 0n) return `${sign}${whole}`;
  return `${sign}${whole}.${fraction.toString().padStart(AMOUNT_DECIMALS, '0').replace(/0+$/, '')}`;
}

/**
 * The same text as {@link scaledAmountText} for an amount held as a safe integer number: the reconciler's common
 * case (a per-unit price), written without BigInt so a batch of records makes less garbage.
 */
export function safeScaledAmountText(scaled: number): string {
  const negative = scaled < 0;
  const magnitude = negative ? -scaled : scaled;
  // Division by 10¹² may round up near a multiple; the correction keeps whole and fraction exact integers.
  let whole = Math.floor(magnitude / SCALE_NUMBER);
  let fraction = magnitude - whole * SCALE_NUMBER;
  if (fraction < 0) {
    whole -= 1;
    fraction += SCALE_NUMBER;
  }
  const sign = negative ? '-' : '';
  if (fraction === 0) return `${sign}${whole}`;
  let decimals = AMOUNT_DECIMALS;
  while (fraction % 10 === 0) {
    fraction /= 10;
    decimals -= 1;
  }
  return `${sign}${whole}.${String(fraction).padStart(decimals, '0')}`;
}

/** `value` as a number when it is a safe integer, else undefined. */
export function safeNumberOf(value: bigint): number | undefined {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : undefined;
}

/**
 * The exact cost of a call as decimal text: its minutes' amount ({@link allocateCallAmount}, which advances a
 * tiered price's tally) plus `extra` (its connect fee), in 10⁻¹² minor units given as a bigint and, when safe, a
 * number. A per-unit price, or a graduated one (what a call adds to it stays call-sized, however long the period),
 * is added up in numbers while the result is a safe integer, so the common record makes no BigInt; anything else
 * takes BigInt. Both paths give the same text (test/unit/billing-compiled-rater.test.ts).
 */
export function callCostText(price: ScaledPrice, seconds: number, tally: ClassTally | undefined, extra: bigint, extraNumber: number | undefined): string {
  if (extraNumber !== undefined) {
    if (price.billingScheme === 'per_unit' && price.unitNumber !== undefined) {
      const cost = price.unitNumber * seconds + extraNumber;
      if (Math.abs(cost) <= Number.MAX_SAFE_INTEGER) {
        if (tally) advancePerUnit(tally, seconds);
        return safeScaledAmountText(cost);
      }
    } else if (price.billingScheme === 'tiered' && price.tiersMode === 'graduated' && price.numberSafe && tally && seconds > 0 && (tally.calls > 0 || tally.seconds === 0)) {
      const cost = graduatedIncrease(price.tiers, tally.seconds, tally.seconds + seconds, tally.calls === 0) + extraNumber;
      if (Math.abs(cost) <= Number.MAX_SAFE_INTEGER) {
        tally.seconds += seconds;
        tally.calls += 1;
        tally.amount = undefined;
        return safeScaledAmountText(cost);
      }
    }
  }
  return scaledAmountText(allocateCallAmount(price, seconds, tally) + extra);
}

/** A metered price (metered-price.ts) in integers, once per card. */
export function scaledPriceOf(spec: MeteredPriceSpec): ScaledPrice {
  if (spec.billingScheme === 'per_unit') {
    const unit = toScaledAmount(spec.unitAmountDecimal);
    return { billingScheme: 'per_unit', unit, unitNumber: safeNumberOf(unit) };
  }
  const tiers = spec.tiers.map((tier): ScaledTier => {
    const unit = toScaledAmount(tier.unitAmountDecimal);
    const flat = BigInt(tier.flatAmount ?? 0) * SCALE;
    return { upTo: tier.upTo === 'inf' ? Infinity : tier.upTo, unit, flat, unitNumber: safeNumberOf(unit), flatNumber: safeNumberOf(flat) };
  });
  const numberSafe = tiers.every((t) => t.unitNumber !== undefined && t.unitNumber >= 0 && t.flatNumber !== undefined && t.flatNumber >= 0);
  return { billingScheme: 'tiered', tiersMode: spec.tiersMode, tiers, numberSafe };
}

/** The exact amount of `quantity` units (a period's seconds) on `price`, in 10⁻¹² minor units. */
export function scaledAmountFor(price: ScaledPrice, quantity: number): bigint {
  if (price.billingScheme === 'per_unit') return price.unit * BigInt(quantity);
  const { tiers } = price;
  if (price.tiersMode === 'volume') {
    let at = 0;
    while (at < tiers.length - 1 && quantity > tiers[at].upTo) at += 1;
    const tier = tiers[at];
    return tier ? tier.unit * BigInt(quantity) + tier.flat : 0n;
  }
  let total = 0n;
  let below = 0;
  for (const tier of tiers) {
    const units = Math.max(0, Math.min(quantity, tier.upTo) - below);
    total += tier.unit * BigInt(units) + tier.flat;
    if (quantity <= tier.upTo) break;
    below = tier.upTo;
  }
  return total;
}

/**
 * The exact amount of a call of `seconds` billable seconds on `price`, in 10⁻¹² minor units: seconds × price for a
 * per-unit price; for a tiered one the call's allocation from the period's `tally` (see the file's comment), which is
 * then advanced past the call. A tiered price without a tally is a RangeError: the amount would silently be wrong.
 */
export function allocateCallAmount(price: ScaledPrice, seconds: number, tally?: ClassTally): bigint {
  if (price.billingScheme === 'per_unit') {
    if (tally) advancePerUnit(tally, seconds);
    return price.unit * BigInt(seconds);
  }
  if (!tally) throw new RangeError('a call on a tiered price has an amount only within its period: pass the rate class’s tally for the period');
  if (seconds === 0) return 0n; // an unanswered call adds nothing, and leaves the idle amount to the first answered one
  const before = tally.calls === 0 ? 0n : (tally.amount ?? scaledAmountFor(price, tally.seconds));
  const after = scaledAmountFor(price, tally.seconds + seconds);
  tally.seconds += seconds;
  tally.calls += 1;
  tally.amount = after;
  return after - before;
}

/** Moves a per-unit class's tally past a call (its amount needs no cache: seconds × price). */
function advancePerUnit(tally: ClassTally, seconds: number): void {
  if (seconds === 0) return;
  tally.seconds += seconds;
  tally.calls += 1;
  tally.amount = undefined;
}

/**
 * What moving a period from `before` to `after` seconds adds to a graduated price's amount, in numbers: the seconds
 * of (before, after] in each tier at its unit amount, plus the flat amount of every tier first reached (the first
 * tier's only for the period's first answered call, whose allocation starts from nothing). It equals
 * `scaledAmountFor(after) − scaledAmountFor(before)` without ever forming either, so it stays small and exact for
 * any period; the caller checks the result is a safe integer (every term is non-negative, so no partial sum is larger).
 */
function graduatedIncrease(tiers: readonly ScaledTier[], before: number, after: number, first: boolean): number {
  let increase = 0;
  let lower = 0;
  for (let k = 0; k < tiers.length; k++) {
    const tier = tiers[k];
    const units = Math.min(after, tier.upTo) - Math.max(before, lower);
    if (units > 0) increase += units * (tier.unitNumber as number);
    if (k === 0 ? first : before <= lower && lower < after) increase += tier.flatNumber as number;
    if (after <= tier.upTo) break;
    lower = tier.upTo;
  }
  return increase;
}
