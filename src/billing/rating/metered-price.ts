/**
 * A rate as Stripe prices it: per billable SECOND, because meter events carry seconds (rate-card.ts says why).
 * The RateCard resource sends exactly these values to Stripe and rating bills with exactly these values, so the
 * invoice Stripe produces and the reconciler's rating cannot drift apart: both read {@link perSecondDecimal}.
 *
 * The conversion rounds UP at Stripe's 12th decimal. perMinute/60 rarely terminates ("2" cents a minute is
 * 0.0333… a second), and rounding it half up would make 60 × the per-second price fall just short of the
 * per-minute price: a call billed as exactly half a cent (45 s at 2¢/min, 1.5¢) would come to 1.499999999985¢ and
 * round to 1¢ instead of 2¢. Rounding up keeps 60 × per-second ≥ per-minute and less than 60 × 10⁻¹² of a minor
 * unit above it, so a line rounds as the per-minute arithmetic says unless its exact amount lies within
 * seconds × 10⁻¹² below a half. docs/billing.md, "Rounding", states the rule.
 */
import Decimal from 'decimal.js';
import { ExactDecimal } from './exact-decimal';
import type { MinuteRate } from './rate-card';

/** Stripe's limit on decimals in `unit_amount_decimal`. */
export const STRIPE_MAX_DECIMALS = 12;

/** Seconds in a minute, the factor between the card's per-minute prices and Stripe's per-second ones. */
export const SECONDS_PER_MINUTE = 60;

/** One tier of a Stripe price, in billable seconds. */
export interface StripeTierSpec {
  /** Last second of the period this tier covers (`upTo` minutes × 60), or `inf` for the open last tier. */
  readonly upTo: number | 'inf';
  /** Price of one second in this tier, in minor units, as Stripe's `unit_amount_decimal`. */
  readonly unitAmountDecimal: string;
  /** Amount added once when the period reaches this tier, in whole minor units (Stripe's `flat_amount`). */
  readonly flatAmount?: number;
}

/** A metered Stripe price for one rate class (or the connect fee), in the shape Stripe's Price API takes. */
export type MeteredPriceSpec =
  | {
      /** Every unit costs the same. */
      readonly billingScheme: 'per_unit';
      /** Price of one unit (a second, or a call for the connect fee), in minor units. */
      readonly unitAmountDecimal: string;
    }
  | {
      /** The unit price depends on the period's total. */
      readonly billingScheme: 'tiered';
      /** Stripe's `tiers_mode`: `graduated` prices each unit in its own tier, `volume` all units at the reached tier. */
      readonly tiersMode: 'graduated' | 'volume';
      /** The tiers, ascending, the last one open. */
      readonly tiers: readonly StripeTierSpec[];
    };

/**
 * The per-second price of a per-minute rate, as Stripe's `unit_amount_decimal`: perMinute / 60 rounded up to 12
 * decimals, without trailing zeros ("2" → "0.033333333334", "60" → "1", "0.85" → "0.014166666667").
 */
export function perSecondDecimal(perMinute: string): string {
  return new ExactDecimal(perMinute).div(SECONDS_PER_MINUTE).toDecimalPlaces(STRIPE_MAX_DECIMALS, Decimal.ROUND_CEIL).toFixed();
}

/** The Stripe price of one rate class, per billable second: a per-unit price, or its tiers converted to seconds. */
export function meteredPriceOf(rate: MinuteRate): MeteredPriceSpec {
  if (rate.tiers) {
    return {
      billingScheme: 'tiered',
      tiersMode: rate.tiers.mode,
      tiers: rate.tiers.steps.map((step) => ({
        upTo: step.upTo === 'inf' ? 'inf' : step.upTo * SECONDS_PER_MINUTE,
        unitAmountDecimal: perSecondDecimal(step.perMinute),
        ...(step.flatFee !== undefined ? { flatAmount: step.flatFee } : {}),
      })),
    };
  }
  // checkRateCard refuses a rate with neither perMinute nor tiers; a card that skipped it prices such a rate at 0.
  return { billingScheme: 'per_unit', unitAmountDecimal: perSecondDecimal(rate.perMinute ?? '0') };
}

/** The Stripe price of the connect fee: per answered call, the card's `connectFee` unchanged. */
export function connectFeePriceOf(connectFee: string): MeteredPriceSpec {
  return { billingScheme: 'per_unit', unitAmountDecimal: new ExactDecimal(connectFee).toFixed() };
}
