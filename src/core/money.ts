/**
 * Money as an integer count of the currency's minor unit plus an ISO 4217 code. Never floats:
 * `0.1 + 0.2` cents of rounding error per call record add up across a month of invoices.
 */
import { z } from 'zod';
import { ValidationError } from './errors';

/** An amount of money in minor units (cents for USD, yen for JPY, fils for BHD). */
export interface Money {
  /** Integer count of the currency's minor unit; negative for credits and refunds. */
  readonly amountMinor: number;
  /** ISO 4217 code, upper-case, e.g. `USD`. */
  readonly currency: string;
}

/**
 * ISO 4217 currencies whose minor unit is not 1/100. Deliberately our own table: ICU (and so
 * Intl) rounds some currencies for display (HUF, TWD show no decimals) while ISO, Twilio and
 * Stripe amounts still count hundredths.
 */
export const NON_DECIMAL_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
});

let knownCurrencies: ReadonlySet<string> | undefined;

/** True when `code` is an ISO 4217 currency this runtime knows (upper-case, three letters). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(NON_DECIMAL_MINOR_UNITS)]);
  return knownCurrencies.has(code);
}

/** Number of decimal places of the currency's minor unit: 2 for USD, 0 for JPY, 3 for BHD. */
export function minorUnits(currency: string): number {
  return NON_DECIMAL_MINOR_UNITS[normaliseCurrency(currency)] ?? 2;
}

/** Builds a Money, accepting lower-case codes (Stripe's `usd`) and refusing non-integer amounts. */
export function money(amountMinor: number, currency: string, field?: string): Money {
  const code = normaliseCurrency(currency, field);
  if (!Number.isSafeInteger(amountMinor)) {
    throw new ValidationError({
      field,
      summary: `${amountMinor} is not a whole number of ${code} minor units`,
      detail: `amounts are integers in the smallest unit (cents for USD); use parseDecimalMoney("1.15", "${code}") for decimal text`,
    });
  }
  // Normalise -0 so that equal amounts are also equal by Object.is and in canonical JSON.
  return Object.freeze({ amountMinor: amountMinor === 0 ? 0 : amountMinor, currency: code });
}

/** Zero in the given currency. */
export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

/**
 * Reads decimal text exactly (no floating point): `parseDecimalMoney("1.15", "USD")` is 115 cents,
 * `("500", "JPY")` is 500 yen, `("1.5", "BHD")` is 1500 fils. More decimals than the currency
 * has is an error unless they are zeros, because silently rounding a price is a billing bug.
 */
export function parseDecimalMoney(text: string, currency: string, field?: string): Money {
  const code = normaliseCurrency(currency, field);
  const digits = minorUnits(code);
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) {
    throw new ValidationError({
      field,
      summary: `"${text}" is not a decimal amount`,
      detail: `write digits with an optional "." and no thousands separators or symbols, e.g. "1234.50"`,
    });
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  const extra = fraction.slice(digits);
  if (/[^0]/.test(extra)) {
    throw new ValidationError({
      field,
      summary: `"${text}" has more decimals than ${code} allows (${digits})`,
      detail: digits === 0 ? `${code} has no minor unit; write a whole number` : `round it to ${digits} decimal places first`,
    });
  }
  const minorText = `${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`;
  const amount = Number(minorText);
  if (!Number.isSafeInteger(amount)) {
    throw new ValidationError({ field, summary: `"${text}" ${code} is too large to represent exactly` });
  }
  return money(sign === '-' ? -amount : amount, code, field);
}

/** Decimal text of the amount without symbols, e.g. `1.15` or `-0.05`; exact, no floats. */
export function toDecimalString(value: Money): string {
  const digits = minorUnits(value.currency);
  const negative = value.amountMinor < 0;
  const abs = String(Math.abs(value.amountMinor));
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const padded = abs.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** BCP 47 locale for a localised form (`$1.15`, `1,15 €`); without it the form is `1.15 USD`. */
  readonly locale?: string;
}

/** Human-readable amount: `1.15 USD` by default (stable for logs and tests), localised when a locale is given. */
export function formatMoney(value: Money, options: FormatMoneyOptions = {}): string {
  if (options.locale === undefined) return `${toDecimalString(value)} ${value.currency}`;
  const digits = minorUnits(value.currency);
  return new Intl.NumberFormat(options.locale, {
    style: 'currency',
    currency: value.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value.amountMinor / 10 ** digits);
}

/** Sum of two amounts in the same currency; throws on mixed currencies. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'add');
  return money(a.amountMinor + b.amountMinor, a.currency);
}

/** `a - b` in the same currency; throws on mixed currencies. */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtract');
  return money(a.amountMinor - b.amountMinor, a.currency);
}

/** Sum of many amounts, all in `currency` (needed so an empty list still has a currency). */
export function sumMoney(values: readonly Money[], currency: string): Money {
  return values.reduce((total, value) => addMoney(total, value), zeroMoney(currency));
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; throws on mixed currencies. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compare');
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

/** True when both amounts are the same currency and amount (mixed currencies are simply unequal). */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor;
}

/** Zod schema for ISO 4217 codes in upper case, e.g. `USD`. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'expected an upper-case ISO 4217 currency code such as "USD"' })
  .refine(isCurrencyCode, { error: 'not an ISO 4217 currency code' })
  .meta({ description: 'ISO 4217 currency code, upper case', examples: ['USD', 'EUR', 'JPY'] });

/** Zod schema for {@link Money}: integer minor units plus currency. */
export const moneySchema = z
  .object({
    amountMinor: z
      .number()
      .int({ error: 'amountMinor must be a whole number of minor units (cents for USD)' })
      .refine(Number.isSafeInteger, { error: 'amountMinor is too large to represent exactly' })
      .meta({ description: 'Amount in the currency\'s minor unit (cents for USD, yen for JPY)' }),
    currency: currencySchema,
  })
  .strict()
  .meta({ description: 'An amount of money in integer minor units', examples: [{ amountMinor: 115, currency: 'USD' }] });

function normaliseCurrency(currency: string, field?: string): string {
  const code = currency.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw new ValidationError({
      field,
      summary: `"${currency}" is not an ISO 4217 currency code`,
      detail: 'use a three-letter code such as "USD", "EUR" or "GBP"',
    });
  }
  return code;
}

function assertSameCurrency(a: Money, b: Money, verb: string): void {
  if (a.currency !== b.currency) {
    throw new ValidationError({
      summary: `cannot ${verb} ${formatMoney(a)} and ${formatMoney(b)}: different currencies`,
      detail: 'convert one amount at an explicit rate first; didops never converts currencies implicitly',
    });
  }
}

/**
 * A carrier's decimal amount as Money when it is exact, otherwise undefined: carriers pad prices with zeros (fine)
 * but per-call costs can be fractions of a cent, which Money cannot hold; rounding them silently would be a billing
 * error, so such amounts are left out and the reconciler rates the call itself.
 */
export function exactMoney(text: string | null | undefined, currency: string | null | undefined): Money | undefined {
  const code = String(currency ?? '').toUpperCase();
  if (text === null || text === undefined || text === '' || !isCurrencyCode(code)) return undefined;
  try {
    return parseDecimalMoney(text, code);
  } catch {
    return undefined;
  }
}
