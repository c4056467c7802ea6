/**
 * Phone numbers as validated E.164 strings (`+14155550100`), the only form didops stores or sends.
 * People may type spaces, dashes or a national form; parsing normalises it or says exactly how to fix it.
 */
import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { z } from 'zod';
import { ValidationError } from './errors';

declare const e164Brand: unique symbol;

/** A phone number in canonical E.164 form, checked against libphonenumber's full metadata. */
export type E164 = string & { readonly [e164Brand]: 'E164' };

/** Options for {@link parseE164}. */
export interface ParseE164Options {
  /** ISO 3166-1 alpha-2 country assumed for numbers written without `+` (e.g. `US` for `415 555 0100`). */
  readonly defaultCountry?: string;
  /** Input field path used in the error, e.g. `numbers[2].phoneNumber`. */
  readonly field?: string;
}

/** The same shape as E.164 itself: `+`, a non-zero digit, at most 15 digits in all. */
const E164_SHAPE = /^\+[1-9]\d{1,14}$/;

// Country codes people commonly type that ISO spells differently.
const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB', EN: 'GB', EL: 'GR' };

/** The ISO code someone most likely meant by a common misspelling (`UK` → `GB`), if any. */
export function suggestIsoCountry(code: string): string | undefined {
  return COUNTRY_ALIASES[code.trim().toUpperCase()];
}

/**
 * Parses a human-written phone number into E.164, or throws a ValidationError naming the field,
 * the value and the fix (`"4155550100" has no country code; write "+14155550100"`).
 */
export function parseE164(input: unknown, options: ParseE164Options = {}): E164 {
  const { field } = options;
  if (typeof input !== 'string') {
    throw new ValidationError({ field, summary: `expected a phone number string, got ${describe(input)}`, detail: 'write it like "+14155550100"' });
  }
  const text = input.trim();
  if (text === '') {
    throw new ValidationError({ field, summary: 'the phone number is empty', detail: 'write it in E.164 form, like "+14155550100"' });
  }
  const defaultCountry = checkCountry(options.defaultCountry, field);

  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(text, defaultCountry ? { defaultCountry } : undefined);
  } catch (err) {
    throw parseFailure(text, err, field, defaultCountry);
  }
  if (parsed.ext) {
    throw new ValidationError({
      field,
      summary: `"${text}" has an extension (${parsed.ext})`,
      detail: `E.164 numbers have no extensions; use "${parsed.number}" and route the extension in a routing plan`,
    });
  }
  if (!parsed.isValid()) {
    const where = parsed.country ? ` in ${parsed.country}` : ` for country code +${parsed.countryCallingCode}`;
    throw new ValidationError({
      field,
      summary: `"${text}" is not a valid phone number${where}`,
      detail: `check the digits; libphonenumber read it as ${parsed.number}, which no numbering plan${where} allows`,
    });
  }
  return parsed.number as E164;
}

/** True when `value` is already canonical, valid E.164 (no spaces, leading `+`). */
export function isE164(value: unknown): value is E164 {
  if (typeof value !== 'string' || !E164_SHAPE.test(value)) return false;
  try {
    const parsed = parsePhoneNumberWithError(value);
    return parsed.isValid() && parsed.number === value;
  } catch {
    return false;
  }
}

/** Facts about a valid number that resources and search commonly need. */
export interface E164Info {
  /** ISO country the number belongs to, when the calling code maps to one (`+1` can be US, CA, ...). */
  readonly country?: string;
  /** Country calling code without `+`, e.g. `1` or `44`. */
  readonly callingCode: string;
  /** Digits after the calling code. */
  readonly nationalNumber: string;
  /** libphonenumber's number type (`MOBILE`, `FIXED_LINE`, `TOLL_FREE`, ...), when known. */
  readonly type?: string;
}

/** Describes an E.164 number: country, calling code, national digits and type. */
export function e164Info(number: E164): E164Info {
  const parsed = parsePhoneNumberWithError(number);
  const info: { country?: string; callingCode: string; nationalNumber: string; type?: string } = {
    callingCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
  };
  if (parsed.country) info.country = parsed.country;
  const type = parsed.getType();
  if (type) info.type = type;
  return info;
}

/** The kinds of number didops buys and prices. */
export type NumberKind = 'local' | 'mobile' | 'tollFree';

/**
 * The kind of number libphonenumber's type (from {@link e164Info}) makes: `tollFree`, `mobile`, else `local` (NANP
 * numbers, which libphonenumber cannot tell mobile from fixed, are `local`, as carriers list them).
 */
export function numberKindOf(type: string | undefined): NumberKind {
  return type === 'TOLL_FREE' ? 'tollFree' : type === 'MOBILE' ? 'mobile' : 'local';
}

/**
 * Zod schema that accepts any way of writing a number (`+1 (415) 555-0100`) and outputs E.164.
 * JSON Schema generation sees a plain string (use `io: "input"`); the parsing is a transform.
 */
export const e164Schema = z
  .string()
  .transform((value, ctx): E164 => {
    try {
      return parseE164(value);
    } catch (err) {
      const message = err instanceof ValidationError ? (err.detail ? `${err.summary}; ${err.detail}` : err.summary) : String(err);
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
  })
  .meta({ description: 'Phone number in E.164 form, e.g. +14155550100', examples: ['+14155550100'] });

/** Zod schema for numbers that must already be canonical E.164 (state, API responses); no normalising. */
export const strictE164Schema = z
  .string()
  .regex(E164_SHAPE, { error: 'expected E.164: "+", country code and number, digits only, e.g. "+14155550100"' })
  .refine(isE164, { error: 'not a valid phone number in any numbering plan' })
  .transform((value) => value as E164)
  .meta({ description: 'Phone number in canonical E.164 form', examples: ['+14155550100'] });

/** The country code in upper case when libphonenumber knows it, or a ValidationError naming the field (with `UK` → `GB` hints). */
export function checkCountry(country: string | undefined, field: string | undefined): CountryCode | undefined {
  if (country === undefined) return undefined;
  const upper = country.trim().toUpperCase();
  if (isSupportedCountry(upper)) return upper;
  const alias = suggestIsoCountry(upper);
  throw new ValidationError({
    field,
    summary: `"${country}" is not an ISO 3166 country code`,
    detail: alias ? `did you mean "${alias}"?` : 'use a two-letter ISO 3166-1 code such as "US", "GB" or "DE"',
  });
}

function parseFailure(text: string, err: unknown, field: string | undefined, defaultCountry: CountryCode | undefined): ValidationError {
  const reason = err instanceof ParseError ? err.message : 'UNPARSEABLE';
  if (reason === 'INVALID_COUNTRY' && !defaultCountry) {
    const suggestion = suggestWithoutCountry(text);
    return new ValidationError({
      field,
      summary: `"${text}" has no country code`,
      detail: suggestion
        ? `write it in E.164 with a leading "+", e.g. "${suggestion}", or set defaultCountry`
        : 'write it in E.164 with "+" and the country code (e.g. "+14155550100"), or set defaultCountry',
      cause: err,
    });
  }
  const problems: Record<string, string> = {
    NOT_A_NUMBER: 'is not a phone number',
    TOO_SHORT: 'is too short to be a phone number',
    TOO_LONG: 'is too long to be a phone number',
    INVALID_LENGTH: 'has the wrong number of digits',
    INVALID_COUNTRY: `does not start with a country code libphonenumber knows`,
  };
  return new ValidationError({
    field,
    summary: `"${text}" ${problems[reason] ?? 'could not be read as a phone number'}`,
    detail: 'write it in E.164 form: "+", the country code, then the number, e.g. "+14155550100"',
    cause: err,
  });
}

/**
 * Guesses what a number typed without a country code meant. A bare 10-digit number is read as
 * North American first: that is by far the common case in Twilio accounts, and "+" in front of
 * it often happens to be valid elsewhere too (4155550100 is also a Swiss number). Otherwise the
 * user probably dropped the "+". Returns undefined rather than a guess that is not valid.
 */
function suggestWithoutCountry(text: string): string | undefined {
  const digits = text.replace(/\D/g, '');
  if (digits === '') return undefined;
  const candidates = digits.length === 10 ? [`+1${digits}`, `+${digits}`] : [`+${digits}`];
  for (const candidate of candidates) {
    if (isE164(candidate)) return candidate;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'number' ? `the number ${value} (quote it so leading zeros and "+" survive)` : `a ${typeof value}`;
}
