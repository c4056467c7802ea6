/**
 * Typed reads of an API v2 JSON body, as params.ts reads v1 forms: each read checks one field and, when it is wrong,
 * throws Stripe's 400 `invalid_fields` naming it by its JSON path (`events[3].payload.value`), the value and the fix.
 * v2 sends `null` for an absent optional field (stripe-node's JSON), so optional reads take `null` as absent.
 */
import { invalidField } from './stripe-v2-error';

const clip = (value: string, max = 60) => (value.length > max ? `${value.slice(0, max)}…` : value);

/** What a JSON value is, in a message. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${clip(JSON.stringify(value) ?? String(value), 40)}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One JSON object of a body (the body itself, or a nested one such as `events[3]`). */
export class JsonFields {
  constructor(
    private readonly fields: Record<string, unknown>,
    /** The JSON path of this object (`events[3]`), empty for the body itself. */
    readonly path = '',
  ) {}

  /** Parses a request body: empty means `{}`; anything but a JSON object is a 400. */
  static parse(text: string): JsonFields {
    if (text.trim() === '') return new JsonFields({});
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidField('', `The request body is not valid JSON (${clip(text, 40)}); API v2 takes a JSON object with Content-Type: application/json.`);
    }
    if (!isObject(value)) throw invalidField('', `The request body must be a JSON object, not ${kindOf(value)}.`);
    return new JsonFields(value);
  }

  /** The JSON path of a field here (`events[3].payload`). */
  name(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** Refuses any field not listed, as Stripe does. Returns this, for chaining. */
  allowOnly(allowed: readonly string[]): this {
    for (const key in this.fields) {
      if (!Object.prototype.hasOwnProperty.call(this.fields, key) || allowed.includes(key)) continue;
      const hint = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
      throw invalidField(this.name(key), `Received unknown field ${clip(this.name(key), 120)}${hint ? `; did you mean ${hint}?` : `; this object takes ${allowed.join(', ')}`}.`);
    }
    return this;
  }

  private present(key: string): unknown {
    const value = Object.prototype.hasOwnProperty.call(this.fields, key) ? this.fields[key] : undefined;
    return value === null ? undefined : value;
  }

  /** An optional string of at most `maxLength` characters. */
  string(key: string, options: { maxLength: number }): string | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidField(this.name(key), `${this.name(key)} must be a string, not ${kindOf(value)}.`);
    if (value.length > options.maxLength) throw invalidField(this.name(key), `${this.name(key)} is ${value.length} characters long; at most ${options.maxLength} are allowed.`);
    return value;
  }

  /** A required non-empty string of at most `maxLength` characters. */
  requiredString(key: string, options: { maxLength: number }): string {
    const value = this.string(key, options);
    if (value === undefined || value === '') throw invalidField(this.name(key), `Missing required field ${this.name(key)}.`);
    return value;
  }

  /** One of the listed strings. */
  oneOf<T extends string>(key: string, values: readonly T[], options: { required: true }): T {
    const value = this.requiredString(key, { maxLength: 100 });
    if (!(values as readonly string[]).includes(value)) throw invalidField(this.name(key), `${this.name(key)} "${clip(value)}" is not one of ${values.join(', ')}.`);
    return value as T;
  }

  /** A required nested object. */
  object(key: string): JsonFields {
    const value = this.present(key);
    if (value === undefined) throw invalidField(this.name(key), `Missing required field ${this.name(key)}.`);
    if (!isObject(value)) throw invalidField(this.name(key), `${this.name(key)} must be an object, not ${kindOf(value)}.`);
    return new JsonFields(value, this.name(key));
  }

  /** A required object whose values are strings (`payload`), of at most `maxKeys` keys. */
  stringMap(key: string, options: { maxKeys: number; maxLength: number }): Record<string, string> {
    const value = this.present(key);
    if (value === undefined) throw invalidField(this.name(key), `Missing required field ${this.name(key)}.`);
    if (!isObject(value)) throw invalidField(this.name(key), `${this.name(key)} must be an object of strings, not ${kindOf(value)}.`);
    let count = 0;
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      const v = value[k];
      const path = `${this.name(key)}.${k}`;
      if (typeof v !== 'string') throw invalidField(path, `${clip(path, 120)} must be a string, not ${kindOf(v)}; payload values are strings, such as "60".`);
      if (v.length > options.maxLength) throw invalidField(path, `${clip(path, 120)} is ${v.length} characters long; at most ${options.maxLength} are allowed.`);
      if (++count > options.maxKeys) throw invalidField(this.name(key), `${this.name(key)} has more than ${options.maxKeys} keys.`);
    }
    return value as Record<string, string>;
  }

  /** A required array of 1 to `maxItems` objects. */
  objects(key: string, options: { maxItems: number }): JsonFields[] {
    const value = this.present(key);
    if (value === undefined) throw invalidField(this.name(key), `Missing required field ${this.name(key)}.`);
    if (!Array.isArray(value)) throw invalidField(this.name(key), `${this.name(key)} must be an array, not ${kindOf(value)}.`);
    if (value.length === 0 || value.length > options.maxItems) {
      throw invalidField(this.name(key), `${this.name(key)} has ${value.length} items; send 1 to ${options.maxItems} per request.`);
    }
    const items = new Array<JsonFields>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const path = `${this.name(key)}[${i}]`;
      if (!isObject(item)) throw invalidField(path, `${path} must be an object, not ${kindOf(item)}.`);
      items[i] = new JsonFields(item, path);
    }
    return items;
  }

  /** An optional RFC 3339 timestamp (`2026-04-01T12:00:00.000Z`), as unix seconds. */
  timestamp(key: string): number | undefined {
    const value = this.string(key, { maxLength: 40 });
    if (value === undefined) return undefined;
    const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) throw invalidField(this.name(key), `${this.name(key)} "${clip(value)}" is not an RFC 3339 timestamp such as 2026-04-01T12:00:00.000Z.`);
    return Math.floor(ms / 1000);
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** A unix time in seconds as API v2 writes times (`2026-04-01T12:00:00.000Z`). */
export function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}
