/**
 * The rules a rate card's minute rates must follow beyond their shape, each reported on the field to change.
 *
 * "Overlapping or duplicate prefixes" (issue #12) is read as: two rates of one direction that cover the same
 * numbers with no longest-prefix winner. Prefixes are compared after the model's normalisation ("+44", " 44" and
 * 44 are all "44"), so the only such overlap is the same direction and prefix twice; a tiered rate and a flat rate
 * on the same direction and prefix are the same conflict. A prefix that starts another ("44" and "447") is allowed:
 * the longer one is a specialisation and wins for the numbers it covers. The same prefix in both directions is two
 * rate classes, also allowed.
 *
 * A rate prices with `perMinute` or with `tiers`, never both or neither. Tiers ascend by `upTo` (whole minutes, at
 * least 1), and only the last is open (`upTo: inf`), so every minute of a period has exactly one tier. A prefix
 * starting with 0 is a national or international dialling form no E.164 number has (an error, with the fix); a
 * prefix no calling code fits matches nothing today (a warning: numbering plans grow).
 */
import { errorDiagnostic, warningDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { prefixCanMatchANumber } from './calling-codes';
import { rateClassKey } from './find-rate';
import { SECONDS_PER_MINUTE } from './metered-price';
import type { MinuteRate } from './rate-card';
import { stripeAmountFailures } from './stripe-amount-limits';

/** A rate that passed the model, with its index in `minutes.rates`. */
export interface IndexedRate {
  /** Position in `minutes.rates`. */
  readonly index: number;
  /** The parsed rate; when its price failed the model, only `direction` and `prefix`. */
  readonly rate: MinuteRate;
  /** False when the rate's price failed the model (already reported), so only the prefix rules apply. */
  readonly priced: boolean;
}

const base = (index: number): string => `minutes.rates[${index}]`;

/** Every rule the rates break, alone and together; `currency` is the card's, when valid. */
export function minuteRateFailures(rates: readonly IndexedRate[], currency: string | undefined): Diagnostic[] {
  const failures: Diagnostic[] = [];
  const firstOfClass = new Map<string, IndexedRate>();
  for (const entry of rates) {
    failures.push(...oneRateFailures(entry, currency));
    const key = rateClassKey(entry.rate);
    const first = firstOfClass.get(key);
    if (first) failures.push(duplicate(first, entry));
    else firstOfClass.set(key, entry);
  }
  return failures;
}

function duplicate(first: IndexedRate, again: IndexedRate): Diagnostic {
  const { direction, prefix } = again.rate;
  const whose = direction === 'inbound' ? `inbound calls from "+${prefix}…"` : `outbound calls to "+${prefix}…"`;
  const mixed = Boolean(first.rate.tiers) !== Boolean(again.rate.tiers);
  return errorDiagnostic(`${whose} already have a rate (${base(first.index)})`, {
    field: `${base(again.index)}.prefix`,
    detail: mixed
      ? 'a tiered rate and a flat rate for one prefix leave no longest-prefix winner; keep one of them (a flat price is a single open tier)'
      : 'two rates for one prefix leave no longest-prefix winner; keep one, or make this one more specific (e.g. "447" for UK mobiles under "44")',
  });
}

function oneRateFailures({ index, rate, priced }: IndexedRate, currency: string | undefined): Diagnostic[] {
  const failures: Diagnostic[] = [...prefixFailures(rate.prefix, `${base(index)}.prefix`)];
  if (!priced) return failures;
  if (rate.perMinute !== undefined && rate.tiers !== undefined) {
    failures.push(errorDiagnostic('give `perMinute` or `tiers`, not both', { field: base(index), detail: '`perMinute` is one price for every minute; `tiers` prices minutes by the period’s volume; remove one' }));
  } else if (rate.perMinute === undefined && rate.tiers === undefined) {
    failures.push(errorDiagnostic('the rate has no price', { field: base(index), detail: 'add `perMinute` (e.g. "1.5" minor units) or `tiers`' }));
  }
  if (rate.perMinute !== undefined) failures.push(...stripeAmountFailures({ value: rate.perMinute, field: `${base(index)}.perMinute`, kind: 'decimal', currency }));
  if (rate.tiers) failures.push(...tierFailures(rate, `${base(index)}.tiers.steps`, currency));
  return failures;
}

function prefixFailures(prefix: string, field: string): Diagnostic[] {
  if (prefix.startsWith('0')) {
    const international = /^(00|011)(?=[1-9])/.exec(prefix);
    const detail = international
      ? `"${international[1]}" is a dialling prefix, not part of the number; write "${prefix.slice(international[1].length)}"`
      : 'E.164 numbers never start with 0; drop the trunk 0 and start with the country code (e.g. "44" for the UK)';
    return [errorDiagnostic(`prefix "${prefix}" matches no E.164 number`, { field, detail })];
  }
  if (!prefixCanMatchANumber(prefix)) {
    return [warningDiagnostic(`no country calling code starts "${prefix}", so this rate matches no number today`, { field, detail: 'check the digits: a prefix starts with the country code, e.g. "1", "44" or "353"' })];
  }
  return [];
}

function tierFailures(rate: MinuteRate, field: string, currency: string | undefined): Diagnostic[] {
  const steps = rate.tiers?.steps ?? [];
  const failures: Diagnostic[] = [];
  let previous = 0;
  steps.forEach((step, k) => {
    const at = `${field}[${k}]`;
    const last = k === steps.length - 1;
    if (step.upTo === 'inf') {
      if (!last) failures.push(errorDiagnostic('only the last tier can be open (`upTo: inf`)', { field: `${at}.upTo`, detail: `tiers after an open tier would never apply; give this one a number of minutes above ${previous}, or remove the tiers after it` }));
    } else if (step.upTo < 1) {
      failures.push(errorDiagnostic(`upTo ${step.upTo} covers no minutes`, { field: `${at}.upTo`, detail: 'upTo is the last minute of the period the tier covers: a whole number of at least 1' }));
    } else if (step.upTo <= previous) {
      failures.push(errorDiagnostic(`tiers must ascend: upTo ${step.upTo} is not above the previous tier's ${previous}`, { field: `${at}.upTo`, detail: 'order the tiers by upTo, each covering more minutes than the one before' }));
    } else if (!Number.isSafeInteger(step.upTo * SECONDS_PER_MINUTE)) {
      failures.push(errorDiagnostic(`upTo ${step.upTo} minutes is too large`, { field: `${at}.upTo`, detail: 'use `inf` for a tier without an end' }));
    } else {
      previous = step.upTo;
    }
    if (last && step.upTo !== 'inf') {
      failures.push(errorDiagnostic('the last tier must be open (`upTo: inf`)', { field: `${at}.upTo`, detail: `minutes past ${step.upTo} in a period would have no price; change this upTo to inf or add a last tier { upTo: inf, perMinute: ... }` }));
    }
    failures.push(...stripeAmountFailures({ value: step.perMinute, field: `${at}.perMinute`, kind: 'decimal', currency }));
    if (step.flatFee !== undefined) failures.push(...stripeAmountFailures({ value: step.flatFee, field: `${at}.flatFee`, kind: 'whole', currency }));
  });
  return failures;
}
