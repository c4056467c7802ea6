/**
 * How a price's amounts are read: a unit amount as whole minor units or a decimal string of them (at most 12 places),
 * and tiers (`up_to` ascending, the last one `inf`) each with a unit and/or flat amount. Served as Stripe serves them:
 * `unit_amount` is the whole number when the decimal is one, else null; `unit_amount_decimal` is always the string.
 */
import type { StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';

/** One tier as served; `up_to: null` is the last, open tier (`inf` when sent). */
export interface PriceTier {
  flat_amount: number | null;
  flat_amount_decimal: string | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  up_to: number | null;
}

/** An amount as Stripe serves it: the integer (when whole) and the decimal string. */
export interface ServedAmount {
  amount: number | null;
  decimal: string | null;
}

/**
 * Reads `<name>` or `<name>_decimal` (not both), e.g. `unit_amount` / `unit_amount_decimal`; undefined when neither
 * was sent.
 */
export function readAmount(params: StripeParams, name: string): ServedAmount | undefined {
  const whole = params.integer(name, { min: 0, max: 99_999_999_999 });
  const decimal = params.decimal(`${name}_decimal`, { maxDecimals: 12, min: 0 });
  if (whole !== undefined && decimal !== undefined) {
    throw invalidParam(params.name(`${name}_decimal`), `You may only specify one of these parameters: ${params.name(name)}, ${params.name(`${name}_decimal`)}.`);
  }
  if (whole !== undefined) return { amount: whole, decimal: String(whole) };
  if (decimal !== undefined) return { amount: /^\d+$/.test(decimal) ? Number(decimal) : null, decimal };
  return undefined;
}

/** Reads `tiers`: ascending whole `up_to`s, then one `inf`; each tier with a unit amount, a flat amount, or both. */
export function readTiers(params: StripeParams): PriceTier[] {
  const tiers = params.objects('tiers', { required: true, maxItems: 250, allowed: ['up_to', 'unit_amount', 'unit_amount_decimal', 'flat_amount', 'flat_amount_decimal'] })!;
  if (tiers.length === 0) throw invalidParam('tiers', 'Invalid tiers: a tiered price needs at least one tier, the last with up_to=inf.');
  let previous = 0;
  return tiers.map((tier, i) => {
    const last = i === tiers.length - 1;
    const rawUpTo = tier.string('up_to', { required: true, maxLength: 20 })!;
    let upTo: number | null;
    if (rawUpTo === 'inf') {
      if (!last) throw invalidParam(tier.name('up_to'), `Invalid ${tier.name('up_to')}: only the last tier may be unbounded (inf).`);
      upTo = null;
    } else {
      upTo = tier.integer('up_to', { min: 1 })!;
      if (last) throw invalidParam(tier.name('up_to'), `Invalid ${tier.name('up_to')}: the last tier must have up_to=inf.`);
      if (upTo <= previous) throw invalidParam(tier.name('up_to'), `Invalid ${tier.name('up_to')}: tiers must be in ascending order of up_to (${upTo} follows ${previous}).`);
      previous = upTo;
    }
    const unit = readAmount(tier, 'unit_amount');
    const flat = readAmount(tier, 'flat_amount');
    if (!unit && !flat) throw invalidParam(tier.name('unit_amount'), `Invalid ${tier.name('unit_amount')}: each tier needs a unit_amount, a flat_amount, or both (or their _decimal forms).`);
    return {
      flat_amount: flat?.amount ?? null,
      flat_amount_decimal: flat?.decimal ?? null,
      unit_amount: unit?.amount ?? null,
      unit_amount_decimal: unit?.decimal ?? null,
      up_to: upTo,
    };
  });
}
