/**
 * Number prices for search results: the carrier's monthly price per country and number type (Twilio Pricing v1),
 * shown in the buyer's currency through a rates table the buyer supplies. didops never fetches exchange rates
 * itself: a converted price is only as good as its rates, so the table's date travels with every converted price.
 */
import { z } from 'zod';
import type { Carrier, NumberKind } from '../carriers/carrier';
import { zodIssuesToDiagnostics, type Diagnostic } from '../core/diagnostics';
import { CarrierError, NotFoundError, ValidationError } from '../core/errors';
import { currencySchema, isCurrencyCode, minorUnits, money, type Money } from '../core/money';
import { NUMBER_TYPE_LABELS, type SearchNumberType } from './criteria';

/** Currency every rates table is based on, and the one Twilio prices numbers in. */
export const RATES_BASE_CURRENCY = 'USD';

/** Number types a price can be asked for, spelled as in the search criteria. */
export type PricedNumberType = SearchNumberType;

const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written YYYY-MM-DD, e.g. "2025-01-31"' })
  .refine(isCalendarDate, { error: 'not a real calendar date' })
  .meta({ description: 'Day the rates were taken, YYYY-MM-DD' });

const rateSchema = z
  .number({ error: 'expected a number of units of the currency per 1 USD, e.g. 0.92' })
  .positive({ error: 'a rate must be greater than 0' });

/** Zod schema of a rates table: how many units of each currency one US dollar buys, on one date. */
export const ratesTableSchema = z
  .object({
    base: z.literal(RATES_BASE_CURRENCY, { error: 'rates are per 1 USD; set base to "USD"' }),
    date: calendarDateSchema,
    rates: z
      .record(currencySchema, rateSchema, {
        // zod's own "Invalid key in record" does not say which key or why.
        error: (issue) => (issue.code === 'invalid_key' ? `"${String(issue.input)}" is not an upper-case ISO 4217 currency code such as "EUR"` : undefined),
      })
      .refine((rates) => rates[RATES_BASE_CURRENCY] === undefined || rates[RATES_BASE_CURRENCY] === 1, {
        error: 'USD is the base, so its rate must be 1 (or left out)',
        path: [RATES_BASE_CURRENCY],
      })
      .meta({ description: 'Units of each currency per 1 USD, e.g. {"EUR": 0.92, "JPY": 151.3}' }),
  })
  .strict()
  .meta({
    description: 'Exchange rates against USD on one date, supplied by the user',
    examples: [{ base: 'USD', date: '2025-01-31', rates: { EUR: 0.92, GBP: 0.79 } }],
  });

/** A rates table: `rates[C]` units of currency C per 1 USD, as of `date`. */
export type RatesTable = z.infer<typeof ratesTableSchema>;

/**
 * Reads a rates table from text, in either of two forms (told apart by the first non-blank character):
 *
 * - JSON, the {@link RatesTable} shape: `{"base": "USD", "date": "2025-01-31", "rates": {"EUR": 0.92}}`
 * - CSV, one `currency,rate` per line, an optional `currency,rate` header, blank lines and `#` comments allowed,
 *   and exactly one `# date: YYYY-MM-DD` line (`# base: USD` may be given too; no other base is accepted).
 *
 * `source` names the text in errors (a file name or `--rates`); each error names the line (`rates.csv:4`) or the
 * field (`rates.json: rates.EUR`) and the fix. Currency codes must be upper-case ISO 4217 codes.
 */
export function loadRatesTable(text: string, source: string): RatesTable {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    throw new ValidationError({
      field: source,
      summary: 'the rates table is empty',
      detail: 'write "# date: YYYY-MM-DD" and one "CURRENCY,rate" line per currency (units per 1 USD), or the JSON form',
    });
  }
  return trimmed.startsWith('{') ? loadJsonRates(trimmed, source) : loadCsvRates(text, source);
}

function loadJsonRates(text: string, source: string): RatesTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ValidationError({
      field: source,
      summary: `the rates table is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
      detail: 'write {"base": "USD", "date": "YYYY-MM-DD", "rates": {"EUR": 0.92}} or use the CSV form',
      cause: err,
    });
  }
  const parsed = ratesTableSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const diagnostics = zodIssuesToDiagnostics(parsed.error).map(
    (d): Diagnostic => ({ ...d, field: d.field ? `${source}: ${d.field}` : source }),
  );
  throw ValidationError.fromDiagnostics(diagnostics);
}

function loadCsvRates(text: string, source: string): RatesTable {
  let date: { value: string; line: number } | undefined;
  const rates: Record<string, number> = {};
  const seenOn = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const field = `${source}:${lineNo}`;
    const line = rawLine.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const directive = /^#\s*(date|base)\s*:\s*(.*)$/i.exec(line);
      if (!directive) return;
      const [, key, value] = directive;
      if (key.toLowerCase() === 'base') {
        if (value !== RATES_BASE_CURRENCY) {
          throw new ValidationError({ field, summary: `base "${value}" is not supported`, detail: 'rates are units of each currency per 1 USD; write "# base: USD" or leave the line out' });
        }
        return;
      }
      if (date) {
        throw new ValidationError({ field, summary: `a second "# date:" line (the first is line ${date.line})`, detail: 'a rates table has one date; keep one of them' });
      }
      const checked = calendarDateSchema.safeParse(value);
      if (!checked.success) {
        throw new ValidationError({ field, summary: `date "${value}" is not a YYYY-MM-DD calendar date`, detail: 'write it like "# date: 2025-01-31"' });
      }
      date = { value: checked.data, line: lineNo };
      return;
    }
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== 2) {
      throw new ValidationError({ field, summary: `"${line}" has ${cells.length} columns, expected 2`, detail: 'write "CURRENCY,rate", e.g. "EUR,0.92"' });
    }
    const [currency, rateText] = cells;
    if (currency.toLowerCase() === 'currency' && rateText.toLowerCase() === 'rate') return;
    if (!isCurrencyCode(currency)) {
      throw new ValidationError({ field, summary: `"${currency}" is not an upper-case ISO 4217 currency code`, detail: 'use a code such as "EUR", "GBP" or "JPY"' });
    }
    const firstSeen = seenOn.get(currency);
    if (firstSeen !== undefined) {
      throw new ValidationError({ field, summary: `${currency} is listed again (first on line ${firstSeen})`, detail: 'keep one rate per currency' });
    }
    // Plain decimals only: "1,234.5" or "9.2e-1" are more likely typos than intent in a hand-kept table.
    if (!/^\d+(?:\.\d+)?$/.test(rateText)) {
      throw new ValidationError({ field, summary: `rate "${rateText}" of ${currency} is not a decimal number`, detail: 'write units of the currency per 1 USD with digits and an optional ".", e.g. "0.92"' });
    }
    const rate = Number(rateText);
    if (!(rate > 0)) {
      throw new ValidationError({ field, summary: `rate "${rateText}" of ${currency} is not greater than 0`, detail: 'write units of the currency per 1 USD, e.g. "0.92"' });
    }
    if (currency === RATES_BASE_CURRENCY && rate !== 1) {
      throw new ValidationError({ field, summary: `USD rate "${rateText}" is not 1`, detail: 'USD is the base of every rates table; drop the line or write "USD,1"' });
    }
    seenOn.set(currency, lineNo);
    rates[currency] = rate;
  });
  if (!date) {
    throw new ValidationError({ field: source, summary: 'the rates table has no "# date: YYYY-MM-DD" line', detail: 'add the day the rates were taken, e.g. "# date: 2025-01-31", so prices can say how current they are' });
  }
  return { base: RATES_BASE_CURRENCY, date: date.value, rates };
}

/**
 * Converts an amount to another currency at the table's rates, exactly: the arithmetic is on decimal integers
 * (the rates as written, never binary floats) and rounds once, to the target's minor unit, half to even, so
 * that rounding does not drift one way when many converted prices are added up. The same currency comes back
 * unchanged and needs no table.
 */
export function convertMoney(amount: Money, to: string, table?: RatesTable): Money {
  const target = money(0, to, 'currency').currency;
  if (amount.currency === target) return amount;
  return convertDecimal({ units: BigInt(amount.amountMinor), scale: minorUnits(amount.currency) }, amount.currency, target, table);
}

/** A decimal number `units / 10^scale`, exact. */
interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

function convertDecimal(value: Decimal, from: string, to: string, table: RatesTable | undefined): Money {
  if (from === to) return money(Number(roundToScale(value, minorUnits(to))), to);
  if (!table) {
    throw new ValidationError({
      field: 'currency',
      summary: `no rates table to convert ${from} to ${to}`,
      detail: `supply a rates table with ${to === RATES_BASE_CURRENCY ? from : to} in it, or use ${from}`,
    });
  }
  const rateFrom = rateOf(table, from);
  const rateTo = rateOf(table, to);
  // value × rateTo / rateFrom, scaled to the target's minor unit, as one integer fraction.
  const numerator = value.units * rateTo.units * pow10(rateFrom.scale + minorUnits(to));
  const denominator = pow10(value.scale + rateTo.scale) * rateFrom.units;
  const minor = divideHalfEven(numerator, denominator);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ValidationError({ field: 'currency', summary: `${to} amount converted from ${from} is too large to represent exactly` });
  }
  return money(Number(minor), to);
}

function rateOf(table: RatesTable, currency: string): Decimal {
  if (currency === RATES_BASE_CURRENCY) return { units: 1n, scale: 0 };
  const rate = table.rates[currency];
  if (rate === undefined) {
    throw new ValidationError({
      field: 'currency',
      summary: `rates table dated ${table.date} has no ${currency}`,
      detail: `add it or use ${RATES_BASE_CURRENCY}`,
    });
  }
  return decimalOfNumber(rate);
}

/**
 * The decimal a JS number was written as: `String(0.92)` is the shortest text that reads back as the same double,
 * which is what the user wrote for any rate with up to 15 significant digits.
 */
function decimalOfNumber(value: number): Decimal {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`not a finite non-negative number: ${value}`);
  const [, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  const units = BigInt(`${whole}${fraction}`);
  const scale = fraction.length - exponent;
  return scale >= 0 ? { units, scale } : { units: units * pow10(-scale), scale: 0 };
}

/** Reads a price the carrier sent (a decimal string, or a number where the SDK's types say so). */
function decimalOfPrice(value: unknown): Decimal | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) return undefined;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return typeof value === 'number' && value >= 0 ? decimalOfNumber(value) : undefined;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function roundToScale(value: Decimal, scale: number): bigint {
  return value.scale <= scale ? value.units * pow10(scale - value.scale) : divideHalfEven(value.units, pow10(value.scale - scale));
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** `numerator / denominator` rounded to the nearest integer, ties to even; `denominator` is positive. */
function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

/** What one number of a type costs in a country, in the price book's currency. */
export interface NumberPrice {
  /** Monthly rental (Twilio's `currentPrice`, which includes any discount on the base price). */
  readonly monthly: Money;
  /** One-off setup fee. */
  readonly setup: Money;
  /** Currency of both amounts. */
  readonly currency: string;
  /** Date of the rates table used, when the price was converted from the carrier's currency. */
  readonly ratesDate?: string;
}

/** Options of {@link NumberPriceBook}. */
export interface NumberPriceBookOptions {
  /** Currency to show prices in (ISO 4217); USD when not given. */
  readonly currency?: string;
  /** Rates for converting from the carrier's currency; required for any currency but USD. */
  readonly rates?: RatesTable;
}

/** The carrier's price list of one country: price text per number type, in `unit`. */
interface CountryPriceList {
  readonly unit: string;
  readonly monthly: ReadonlyMap<NumberKind, unknown>;
  readonly setup: ReadonlyMap<NumberKind, unknown>;
}

/**
 * Monthly and setup prices of numbers by country and type, from the carrier's price list, in the buyer's currency.
 * Each country's price list is fetched once per book (concurrent asks share one request), so pricing a page of
 * search results costs one request per country, not one per number.
 */
export class NumberPriceBook {
  /** Currency every price from this book is in. */
  readonly currency: string;
  private readonly rates: RatesTable | undefined;
  private readonly countries = new Map<string, Promise<CountryPriceList>>();

  constructor(
    private readonly carrier: Carrier,
    options: NumberPriceBookOptions = {},
  ) {
    this.currency = money(0, options.currency ?? RATES_BASE_CURRENCY, 'currency').currency;
    this.rates = options.rates;
    // Refuse an unusable currency now, before any API call, rather than on the first price.
    if (this.currency !== RATES_BASE_CURRENCY) convertMoney(money(0, RATES_BASE_CURRENCY), this.currency, this.rates);
  }

  /** Monthly and setup price of a number of `type` in `isoCountry`, converted to the book's currency. */
  async priceOf(isoCountry: string, type: PricedNumberType): Promise<NumberPrice> {
    const iso = isoCountry.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(iso)) {
      throw new ValidationError({ field: 'country', summary: `"${isoCountry}" is not an ISO 3166 country code`, detail: 'use a two-letter code such as "US", "GB" or "DE"' });
    }
    if (!Object.hasOwn(NUMBER_TYPE_LABELS, type)) {
      throw new ValidationError({ field: 'type', summary: `"${String(type)}" is not a number type`, detail: 'use "local", "mobile" or "tollFree"' });
    }
    const list = await this.countryPrices(iso);
    const raw = list.monthly.get(type);
    if (raw === undefined) {
      throw new NotFoundError({
        field: 'type',
        source: this.carrier.name,
        summary: `${this.carrier.traits.label} lists no price for ${NUMBER_TYPE_LABELS[type]} numbers in ${iso}`,
        detail: `it does not sell ${NUMBER_TYPE_LABELS[type]} numbers there; choose another type (${[...list.monthly.keys()].join(', ') || 'none offered'})`,
      });
    }
    const monthly = decimalOfPrice(raw);
    if (!monthly) {
      throw new CarrierError({ source: this.carrier.name, summary: `${this.carrier.traits.label} priced ${NUMBER_TYPE_LABELS[type]} numbers in ${iso} at ${JSON.stringify(raw)}, which is not a decimal amount` });
    }
    const rawSetup = list.setup.get(type);
    const setup = rawSetup === undefined ? undefined : decimalOfPrice(rawSetup);
    // A price with more decimals than the currency has is rounded (half to even), not refused: it is shown to help
    // choose a number, and the carrier's invoice, not this figure, is what gets paid.
    const converted = convertDecimal(monthly, list.unit, this.currency, this.rates);
    const price: NumberPrice = {
      monthly: converted,
      // A carrier that lists no setup fee charges none (Twilio: the first month's rental is the whole cost).
      setup: setup ? convertDecimal(setup, list.unit, this.currency, this.rates) : money(0, this.currency),
      currency: this.currency,
    };
    return list.unit === this.currency || !this.rates ? price : { ...price, ratesDate: this.rates.date };
  }

  private countryPrices(iso: string): Promise<CountryPriceList> {
    let pending = this.countries.get(iso);
    if (!pending) {
      pending = this.fetchCountryPrices(iso);
      this.countries.set(iso, pending);
      // A failed fetch is forgotten so that the next ask tries again instead of repeating a stale failure.
      pending.catch(() => this.countries.delete(iso));
    }
    return pending;
  }

  private async fetchCountryPrices(iso: string): Promise<CountryPriceList> {
    const label = this.carrier.traits.label;
    const list = await this.carrier.numberPrices(iso);
    if (!list) {
      throw new NotFoundError({
        field: 'country',
        status: 404,
        source: this.carrier.name,
        summary: `${label} lists no number prices for ${iso}`,
        detail: 'it sells no numbers in that country; choose another country',
      });
    }
    const unit = list.currency.trim().toUpperCase();
    if (!isCurrencyCode(unit)) {
      throw new CarrierError({ source: this.carrier.name, summary: `${label} priced numbers in ${iso} in "${list.currency}", which is not an ISO 4217 currency` });
    }
    return { unit, monthly: list.monthly, setup: list.setup };
  }
}
