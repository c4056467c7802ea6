/**
 * `checkRateCard`: a rate card as written (YAML, JSON or a TypeScript object) checked against the model and every
 * rule the model cannot say, with ALL problems reported at once, each on its field path (`minutes.rates[3].prefix`)
 * with the fix, before any API call. A piece that fails the model is reported by the model; the rules still run on
 * every piece that passes, so one typo never hides the other problems.
 *
 * Rules (docs/billing.md): the currency is an ISO 4217 currency to invoice in; number prices name ISO countries and
 * price each (country, type) once; rates follow check-rates.ts (overlapping prefixes, tiers, perMinute or tiers);
 * increments are at least 1 second each; the minimum is not negative; and every amount is within Stripe's limits
 * (stripe-amount-limits.ts). Warnings (a prefix no calling code fits) leave the card usable.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { errorDiagnostic, hasErrors, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { suggestIsoCountry } from '../../core/e164';
import { checkCurrency } from './check-currency';
import { minuteRateFailures, type IndexedRate } from './check-rates';
import { minutePricingSchema, minuteRateSchema, numberPriceSchema, rateCardSchema, type MinutePricing, type NumberPrice, type RateCard } from './rate-card';
import { stripeAmountFailures } from './stripe-amount-limits';

/** A rate's direction and prefix alone, other fields ignored. */
const rateWhereSchema = minuteRateSchema.pick({ direction: true, prefix: true }).loose();

/** The outcome of {@link checkRateCard}: the parsed card when nothing is an error, and every diagnostic found. */
export interface RateCardCheck {
  /** The normalised card; absent when any failure is an error. */
  readonly card?: RateCard;
  /** Errors and warnings, each with its field path. */
  readonly failures: Diagnostic[];
}

/** The parts of a card that passed the model, each with its position, for the cross-field rules. */
interface CardPieces {
  readonly currency?: string;
  readonly numbers: readonly { readonly index: number; readonly price: NumberPrice }[];
  readonly minutes?: Partial<Omit<MinutePricing, 'rates'>> & { readonly rates: readonly IndexedRate[]; readonly incrementWrittenAsText: boolean };
}

/** Checks a rate card as written: the model, then every cross-field rule; all problems at once. */
export function checkRateCard(raw: unknown): RateCardCheck {
  const parsed = rateCardSchema.safeParse(raw);
  const failures = parsed.success ? [] : zodIssuesToDiagnostics(parsed.error);
  const pieces = parsed.success ? piecesOf(parsed.data, raw) : salvage(raw);
  failures.push(...ruleFailures(pieces));
  return parsed.success && !hasErrors(failures) ? { card: parsed.data, failures } : { failures };
}

function piecesOf(card: RateCard, raw: unknown): CardPieces {
  const minutes = card.minutes;
  return {
    currency: card.currency,
    numbers: card.numbers.map((price, index) => ({ index, price })),
    ...(minutes ? { minutes: { ...minutes, rates: minutes.rates.map((rate, index) => ({ index, rate, priced: true })), incrementWrittenAsText: typeof field(field(raw, 'minutes'), 'increment') === 'string' } } : {}),
  };
}

/** The pieces of a card the model refused as a whole, each parsed on its own so the rules can still look at them. */
function salvage(raw: unknown): CardPieces {
  const currency = rateCardSchema.shape.currency.safeParse(field(raw, 'currency'));
  const numbers = listAt(raw, 'numbers').flatMap((item, index) => {
    const price = numberPriceSchema.safeParse(item);
    return price.success ? [{ index, price: price.data }] : [];
  });
  const rawMinutes = field(raw, 'minutes');
  if (typeof rawMinutes !== 'object' || rawMinutes === null) return { ...(currency.success ? { currency: currency.data } : {}), numbers };
  const shape = minutePricingSchema.shape;
  const increment = shape.increment.safeParse(field(rawMinutes, 'increment'));
  const minimumSeconds = shape.minimumSeconds.safeParse(field(rawMinutes, 'minimumSeconds'));
  const connectFee = shape.connectFee.safeParse(field(rawMinutes, 'connectFee'));
  const rates = listAt(rawMinutes, 'rates').flatMap((item, index): IndexedRate[] => {
    const rate = minuteRateSchema.safeParse(item);
    if (rate.success) return [{ index, rate: rate.data, priced: true }];
    // A rate whose price is malformed still has a prefix worth checking (and counting for duplicates).
    const where = rateWhereSchema.safeParse(item);
    return where.success ? [{ index, rate: where.data, priced: false }] : [];
  });
  return {
    ...(currency.success ? { currency: currency.data } : {}),
    numbers,
    minutes: {
      ...(increment.success ? { increment: increment.data } : {}),
      ...(minimumSeconds.success ? { minimumSeconds: minimumSeconds.data } : {}),
      ...(connectFee.success && connectFee.data !== undefined ? { connectFee: connectFee.data } : {}),
      rates,
      incrementWrittenAsText: typeof field(rawMinutes, 'increment') === 'string',
    },
  };
}

function ruleFailures(pieces: CardPieces): Diagnostic[] {
  const failures: Diagnostic[] = [];
  const currencyProblem = pieces.currency === undefined ? undefined : checkCurrency(pieces.currency, 'currency');
  if (currencyProblem) failures.push(currencyProblem);
  // Amount limits that depend on the currency are only judged against a currency that exists.
  const currency = currencyProblem ? undefined : pieces.currency;
  failures.push(...numberPriceFailures(pieces.numbers, currency));
  if (pieces.minutes) failures.push(...minutePricingFailures(pieces.minutes, currency));
  return failures;
}

function numberPriceFailures(numbers: CardPieces['numbers'], currency: string | undefined): Diagnostic[] {
  const failures: Diagnostic[] = [];
  const firstOf = new Map<string, number>();
  for (const { index, price } of numbers) {
    const at = `numbers[${index}]`;
    if (!isSupportedCountry(price.country)) {
      const alias = suggestIsoCountry(price.country);
      failures.push(errorDiagnostic(`"${price.country}" is not an ISO 3166 country code`, { field: `${at}.country`, detail: alias ? `did you mean "${alias}"?` : 'use a two-letter ISO 3166-1 code such as "US", "GB" or "DE"' }));
    }
    const key = `${price.country}/${price.type}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      failures.push(errorDiagnostic(`${price.country} ${price.type} numbers are already priced (numbers[${first}])`, { field: at, detail: 'keep one entry per country and number type: a subscription bills each number at one monthly price' }));
    } else {
      firstOf.set(key, index);
    }
    failures.push(...stripeAmountFailures({ value: price.setupFee, field: `${at}.setupFee`, kind: 'whole', currency }));
    failures.push(...stripeAmountFailures({ value: price.monthlyPrice, field: `${at}.monthlyPrice`, kind: 'whole', currency }));
  }
  return failures;
}

function minutePricingFailures(minutes: NonNullable<CardPieces['minutes']>, currency: string | undefined): Diagnostic[] {
  const failures: Diagnostic[] = [];
  const { increment } = minutes;
  if (increment) {
    const example = 'write "60/60" for whole minutes, "6/6" for six-second blocks or "1/1" per second';
    for (const block of ['initial', 'subsequent'] as const) {
      if (increment[block] >= 1) continue;
      const which = block === 'initial' ? 'first block' : 'later blocks';
      failures.push(errorDiagnostic(`an increment's ${which} of ${increment[block]} seconds cannot bill a call`, {
        field: minutes.incrementWrittenAsText ? 'minutes.increment' : `minutes.increment.${block}`,
        detail: `each block is at least 1 second; ${example}`,
      }));
    }
  }
  if (minutes.minimumSeconds !== undefined && minutes.minimumSeconds < 0) {
    failures.push(errorDiagnostic(`a minimum of ${minutes.minimumSeconds} seconds is negative`, { field: 'minutes.minimumSeconds', detail: 'use 0 for no minimum, or the shortest duration an answered call is billed for (e.g. 30)' }));
  }
  if (minutes.connectFee !== undefined) failures.push(...stripeAmountFailures({ value: minutes.connectFee, field: 'minutes.connectFee', kind: 'decimal', currency }));
  failures.push(...minuteRateFailures(minutes.rates, currency));
  return failures;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function listAt(value: unknown, key: string): unknown[] {
  const list = field(value, key);
  return Array.isArray(list) ? list : [];
}
