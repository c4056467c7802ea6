/**
 * Typed reads of decoded Stripe parameters (form.ts). Each read validates one parameter and, when it is wrong,
 * throws Stripe's 400 naming it in bracket form (`recurring[interval]`, `items[0][price]`), with Stripe's wording
 * where it is known (`Missing required param: currency.`, `Invalid integer: abc`, `Received unknown parameter: foo`).
 * An empty string is Stripe's way to unset: nullable reads return `null` for it, others refuse it as Stripe does.
 */
import { formObject, isFormObject, type FormObject, type FormValue } from './form';
import { invalidParam, invalidRequest, missingParam } from './stripe-error';

/** Metadata as sent: a value per key, `null` to remove the key. */
export type MetadataUpdate = Record<string, string | null>;

const clip = (value: string, max = 60) => (value.length > max ? `${value.slice(0, max)}…` : value);
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

/** Read-only, typed view of one object of parameters (the request's, or a nested one such as `recurring`). */
export class StripeParams {
  constructor(
    private readonly values: FormObject = formObject(),
    /** The bracket name of this object (`items[0]`), empty for the request itself. */
    readonly prefix = '',
  ) {}

  /** The bracket name of a key here (`recurring[interval]`). */
  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  /** Whether a key was sent. */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.values, key);
  }

  /** The keys sent here. */
  keys(): string[] {
    return Object.keys(this.values);
  }

  /** The raw decoded value of a key. */
  raw(key: string): FormValue | undefined {
    return this.has(key) ? this.values[key] : undefined;
  }

  /** The decoded parameters as they were sent (for hashing and echoing). */
  toObject(): FormObject {
    return this.values;
  }

  /**
   * Refuses any key not listed, as Stripe does: `Received unknown parameter: foo`. `expand` is always allowed on the
   * request itself (every Stripe operation takes it). Returns this, for chaining.
   */
  allowOnly(allowed: readonly string[]): this {
    for (const key of this.keys()) {
      if (!allowed.includes(key) && !(key === 'expand' && this.prefix === '')) {
        const hint = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
        throw invalidRequest(`Received unknown parameter: ${clip(this.name(key), 120)}${hint ? `. Did you mean ${hint}?` : ''}`, this.name(key), 'parameter_unknown');
      }
    }
    return this;
  }

  private scalar(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidParam(this.name(key), `Invalid ${this.name(key)}: expected a single value, got ${Array.isArray(value) ? 'a list' : 'a hash'}.`);
    return value;
  }

  private cannotUnset(key: string) {
    const name = this.name(key);
    return invalidParam(name, `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`, 'parameter_invalid_empty');
  }

  /** A single value that must be sent when `required` and cannot be unset (an empty string is refused). */
  private present(key: string, required: boolean | undefined): string | undefined {
    const value = this.scalar(key);
    if (value === undefined) {
      if (required) throw missingParam(this.name(key));
      return undefined;
    }
    if (value === '') throw this.cannotUnset(key);
    return value;
  }

  /** A string that cannot be unset; `required` makes it mandatory. */
  string(key: string, opts: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const value = this.present(key, opts.required);
    if (value === undefined) return undefined;
    const max = opts.maxLength ?? 5000;
    if (value.length > max) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be at most ${max} characters`, 'parameter_invalid_string_too_long');
    return value;
  }

  /** A string that `""` unsets (returned as `null`). */
  nullableString(key: string, opts: { maxLength?: number } = {}): string | null | undefined {
    return this.scalar(key) === '' ? null : this.string(key, opts);
  }

  /** A required string (shorthand). */
  requiredString(key: string, opts: { maxLength?: number } = {}): string {
    return this.string(key, { ...opts, required: true }) as string;
  }

  /** A whole number within bounds (default: Stripe's 64-bit range within JavaScript's safe integers). */
  integer(key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.present(key, opts.required);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,16}$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw invalidParam(this.name(key), `Invalid integer: ${clip(value)}`, 'parameter_invalid_integer');
    const n = Number(value);
    if (opts.min !== undefined && n < opts.min) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be greater than or equal to ${opts.min}`, 'parameter_invalid_integer');
    if (opts.max !== undefined && n > opts.max) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be less than or equal to ${opts.max}`, 'parameter_invalid_integer');
    return n;
  }

  /** A whole number that `""` unsets (`null`). */
  nullableInteger(key: string, opts: { min?: number; max?: number } = {}): number | null | undefined {
    return this.scalar(key) === '' ? null : this.integer(key, opts);
  }

  /** A non-negative amount in minor units (at most 99,999,999, Stripe's eight digits). */
  amount(key: string, opts: { required?: boolean; min?: number } = {}): number | undefined {
    return this.integer(key, { required: opts.required, min: opts.min ?? 0, max: 99_999_999 });
  }

  /** A unix timestamp in seconds. */
  timestamp(key: string, opts: { required?: boolean } = {}): number | undefined {
    return this.integer(key, { ...opts, min: 0, max: 253_402_300_799 });
  }

  /** A floating-point number (percentages); amounts of money never use this. */
  number(key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.present(key, opts.required);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,12}(\.\d{1,12})?$/.test(value.trim())) throw invalidParam(this.name(key), `Invalid decimal: ${clip(value)}`, 'parameter_invalid_decimal');
    const n = Number(value);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}`, 'parameter_invalid_decimal');
    }
    return n;
  }

  /** A decimal string (`unit_amount_decimal`) with at most `maxDecimals` places, normalised (`"0.850"` → `"0.85"`). */
  decimal(key: string, opts: { required?: boolean; maxDecimals?: number; min?: number } = {}): string | undefined {
    const value = this.present(key, opts.required);
    if (value === undefined) return undefined;
    const max = opts.maxDecimals ?? 12;
    const match = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(value.trim());
    if (!match) throw invalidParam(this.name(key), `Invalid decimal: ${clip(value)}`, 'parameter_invalid_decimal');
    if ((match[3] ?? '').length > max) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must have at most ${max} decimal places (got ${clip(value)})`, 'parameter_invalid_decimal');
    const fraction = (match[3] ?? '').replace(/0+$/, '');
    const whole = match[2].replace(/^0+(?=\d)/, '');
    const text = `${match[1]}${whole}${fraction ? `.${fraction}` : ''}`;
    if (opts.min !== undefined && Number(text) < opts.min) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be greater than or equal to ${opts.min}`, 'parameter_invalid_decimal');
    return text === '-0' ? '0' : text;
  }

  /** `true` or `false`. */
  boolean(key: string, opts: { required?: boolean } = {}): boolean | undefined {
    const value = this.present(key, opts.required);
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidParam(this.name(key), `Invalid boolean: ${clip(value)}`, 'parameter_invalid_boolean');
  }

  /** One of fixed values, with Stripe's message listing them. */
  oneOf<T extends string>(key: string, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const value = this.string(key, opts);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')}, or ${allowed[allowed.length - 1]}` : allowed[0];
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${list}`);
    }
    return value as T;
  }

  /** A lowercase ISO 4217 currency code. */
  currency(key: string, opts: { required?: boolean } = {}): string | undefined {
    const value = this.string(key, opts);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (!CURRENCIES.has(lower)) throw invalidParam(this.name(key), `Invalid currency: ${clip(lower)}. Stripe currently supports these currencies: ${[...CURRENCIES].slice(0, 12).join(', ')}, …`);
    return lower;
  }

  /** A nested object, or undefined; `allowed` refuses unknown keys inside it. */
  object(key: string, opts: { required?: boolean; allowed?: readonly string[] } = {}): StripeParams | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (opts.required) throw missingParam(this.name(key));
      return undefined;
    }
    if (!isFormObject(value)) {
      throw invalidParam(this.name(key), `Invalid object: ${this.name(key)} must be a hash of parameters such as ${this.name(key)}[key]=value${value === '' ? ' (it cannot be unset)' : ''}.`);
    }
    const nested = new StripeParams(value, this.name(key));
    return opts.allowed ? nested.allowOnly(opts.allowed) : nested;
  }

  /** A nested object that `""` unsets (`null`). */
  nullableObject(key: string, opts: { allowed?: readonly string[] } = {}): StripeParams | null | undefined {
    return this.raw(key) === '' ? null : this.object(key, opts);
  }

  /** A list: sent as `key[]=a` or `key[0]=a` (the SDK's way), in index order. `""` is the empty list. */
  list(key: string, opts: { required?: boolean; maxItems?: number } = {}): FormValue[] | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      if (opts.required) throw missingParam(this.name(key));
      return undefined;
    }
    let items: FormValue[];
    if (value === '') items = [];
    else if (Array.isArray(value)) items = value;
    else if (isFormObject(value) && Object.keys(value).every((k) => /^\d{1,4}$/.test(k))) {
      items = Object.keys(value).map(Number).sort((a, b) => a - b).map((i) => value[String(i)]);
    } else throw invalidParam(this.name(key), `Invalid array: ${this.name(key)} must be a list, sent as ${this.name(key)}[0]=… or ${this.name(key)}[]=…`);
    const max = opts.maxItems ?? 1000;
    if (items.length > max) throw invalidParam(this.name(key), `Invalid ${this.name(key)}: at most ${max} items are allowed`);
    return items;
  }

  /** A list of strings. */
  strings(key: string, opts: { required?: boolean; maxItems?: number; maxLength?: number } = {}): string[] | undefined {
    const items = this.list(key, opts);
    return items?.map((item, i) => {
      if (typeof item !== 'string') throw invalidParam(`${this.name(key)}[${i}]`, `Invalid ${this.name(key)}[${i}]: expected a string`);
      if (item.length > (opts.maxLength ?? 5000)) throw invalidParam(`${this.name(key)}[${i}]`, `Invalid ${this.name(key)}[${i}]: too long`);
      return item;
    });
  }

  /** A list of nested objects, each named by its index (`items[0]`); `allowed` refuses unknown keys in each. */
  objects(key: string, opts: { required?: boolean; maxItems?: number; allowed?: readonly string[] } = {}): StripeParams[] | undefined {
    const items = this.list(key, opts);
    return items?.map((item, i) => {
      const name = `${this.name(key)}[${i}]`;
      if (!isFormObject(item)) throw invalidParam(name, `Invalid object: ${name} must be a hash of parameters`);
      const nested = new StripeParams(item, name);
      return opts.allowed ? nested.allowOnly(opts.allowed) : nested;
    });
  }

  /**
   * Metadata with Stripe's limits (50 keys, keys up to 40 characters, values up to 500): a value per key, `null` for
   * a key sent empty (remove it); `null` for the whole when `metadata=""` (remove all).
   */
  metadata(key = 'metadata'): MetadataUpdate | null | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (value === '') return null;
    const nested = this.object(key)!;
    const keys = nested.keys();
    if (keys.length > 50) throw invalidParam(this.name(key), 'Invalid metadata: metadata may have at most 50 keys');
    const update: MetadataUpdate = {};
    for (const k of keys) {
      const name = nested.name(k);
      if (k.length > 40) throw invalidParam(name, `Invalid metadata: keys must be at most 40 characters (${clip(k, 40)})`);
      const v = nested.raw(k);
      if (typeof v !== 'string') throw invalidParam(name, `Invalid metadata: ${name} must be a string value`);
      if (v.length > 500) throw invalidParam(name, `Invalid metadata: values must be at most 500 characters (${name})`);
      update[k] = v === '' ? null : v;
    }
    return update;
  }

  /** The `expand[]` paths asked for (at most 4 levels each, as Stripe allows). */
  expand(): string[] {
    const paths = this.strings('expand', { maxItems: 50, maxLength: 200 }) ?? [];
    for (const path of paths) {
      if (!/^[a-z0-9_]+(\.[a-z0-9_]+){0,3}$/.test(path)) throw invalidParam('expand', `Invalid expand: "${clip(path)}" is not a field path such as customer or data.customer (at most 4 levels)`);
    }
    return paths;
  }
}

/** Metadata after an update: keys sent empty are removed, `null` (metadata="") clears all. */
export function applyMetadata(current: Record<string, string>, update: MetadataUpdate | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
