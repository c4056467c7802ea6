/**
 * Reading Telnyx JSON bodies: the body must be a JSON object, and each field read names its JSON pointer when it is
 * wrong, as Telnyx's `source.pointer` does.
 */
import type { Context } from 'hono';
import { invalidField, telnyxError, TelnyxErrorCode } from './telnyx-error';

/** A JSON object body (an empty body is `{}`, as the SDK sends none for some updates). */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw telnyxError(400, TelnyxErrorCode.invalidJson, 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw telnyxError(400, TelnyxErrorCode.invalidJson, 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Typed reads of one JSON object at a pointer (`''` for the body, `/phone_numbers/0` for an item). */
export class JsonFields {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly at = '',
  ) {}

  /** Whether the field was sent (null included). */
  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.fields, key);
  }

  /** The pointer of a field. */
  pointer(key: string): string {
    return `${this.at}/${key}`;
  }

  /** A string; `null` clears when `nullable`. */
  string(key: string, opts: { required?: boolean; maxLength?: number; nullable?: boolean } = {}): string | null | undefined {
    const value = this.fields[key];
    if (value === undefined || (value === null && !opts.nullable)) {
      if (opts.required) throw invalidField(this.pointer(key), 'is required', TelnyxErrorCode.missingParameter);
      return value === null ? undefined : value;
    }
    if (value === null) return null;
    if (typeof value !== 'string') throw invalidField(this.pointer(key), `must be a string (got ${typeof value})`);
    if (opts.required && value.trim() === '') throw invalidField(this.pointer(key), 'is required', TelnyxErrorCode.missingParameter);
    if (opts.maxLength !== undefined && value.length > opts.maxLength) {
      throw invalidField(this.pointer(key), `must be at most ${opts.maxLength} characters (got ${value.length})`);
    }
    return value;
  }

  /** A boolean. */
  boolean(key: string, opts: { required?: boolean } = {}): boolean | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) {
      if (opts.required) throw invalidField(this.pointer(key), 'is required', TelnyxErrorCode.missingParameter);
      return undefined;
    }
    if (typeof value !== 'boolean') throw invalidField(this.pointer(key), `must be true or false (got ${JSON.stringify(value).slice(0, 40)})`);
    return value;
  }

  /** A whole number within bounds; `null` clears it when `nullable`. */
  integer(key: string, bounds: { min: number; max: number; nullable?: boolean }): number | null | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    if (value === null && bounds.nullable) return null;
    if (!Number.isInteger(value) || (value as number) < bounds.min || (value as number) > bounds.max) {
      throw invalidField(this.pointer(key), `must be a whole number from ${bounds.min} to ${bounds.max}${bounds.nullable ? ', or null' : ''}`);
    }
    return value as number;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined || value === null) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw invalidField(this.pointer(key), `must be one of ${allowed.join(', ')} (got "${value.slice(0, 40)}")`);
    return value as T;
  }

  /** An absolute http(s) URL; `null` or `""` clears it. */
  url(key: string, opts: { required?: boolean } = {}): string | null | undefined {
    const value = this.string(key, { required: opts.required, maxLength: 2000, nullable: true });
    if (value === undefined || value === null || value === '') return value === '' ? null : value;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw telnyxError(422, TelnyxErrorCode.invalidUrl, `${this.pointer(key).slice(1)} "${value.slice(0, 60)}" is not an absolute http(s) URL`, { pointer: this.pointer(key) });
    }
    return value;
  }

  /** An array of strings (tags). */
  stringArray(key: string, opts: { maxItems?: number; maxLength?: number } = {}): string[] | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw invalidField(this.pointer(key), 'must be an array of strings');
    if (opts.maxItems !== undefined && value.length > opts.maxItems) throw invalidField(this.pointer(key), `may hold at most ${opts.maxItems} items`);
    return value.map((item, i) => {
      if (typeof item !== 'string') throw invalidField(`${this.pointer(key)}/${i}`, 'must be a string');
      if (opts.maxLength !== undefined && item.length > opts.maxLength) throw invalidField(`${this.pointer(key)}/${i}`, `must be at most ${opts.maxLength} characters`);
      return item;
    });
  }

  /** A nested object, as fields at its pointer. */
  object(key: string, opts: { required?: boolean } = {}): JsonFields | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) {
      if (opts.required) throw invalidField(this.pointer(key), 'is required', TelnyxErrorCode.missingParameter);
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidField(this.pointer(key), 'must be an object');
    return new JsonFields(value as Record<string, unknown>, this.pointer(key));
  }

  /** An array of objects, each as fields at its pointer. */
  objects(key: string, opts: { required?: boolean; minItems?: number; maxItems?: number } = {}): JsonFields[] | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) {
      if (opts.required) throw invalidField(this.pointer(key), 'is required', TelnyxErrorCode.missingParameter);
      return undefined;
    }
    if (!Array.isArray(value)) throw invalidField(this.pointer(key), 'must be an array of objects');
    if (opts.minItems !== undefined && value.length < opts.minItems) throw invalidField(this.pointer(key), `must hold at least ${opts.minItems} item${opts.minItems === 1 ? '' : 's'}`);
    if (opts.maxItems !== undefined && value.length > opts.maxItems) throw invalidField(this.pointer(key), `may hold at most ${opts.maxItems} items`);
    return value.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidField(`${this.pointer(key)}/${i}`, 'must be an object');
      return new JsonFields(item as Record<string, unknown>, `${this.pointer(key)}/${i}`);
    });
  }
}
