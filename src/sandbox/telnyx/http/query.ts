/**
 * Typed reads of Telnyx query parameters. Telnyx filters are deepObject style (`filter[phone_number][contains]=`); the
 * official SDK writes arrays comma-separated (`filter[features]=sms,voice`), others repeat the key or add `[]`, so
 * lists accept all three. Every failure is a 400 naming the parameter.
 */
import { invalidQuery } from './telnyx-error';

const clip = (value: string, max = 40) => (value.length > max ? `${value.slice(0, max)}…` : value);

/** Read-only view of one request's query string. */
export class TelnyxQuery {
  constructor(private readonly values: URLSearchParams) {}

  /** A string parameter; sent twice is an error, as only one could be meant. */
  string(name: string, opts: { maxLength?: number } = {}): string | undefined {
    const all = this.values.getAll(name);
    if (all.length === 0) return undefined;
    if (all.length > 1) throw invalidQuery(name, 'was sent more than once; send it once');
    if (opts.maxLength !== undefined && all[0].length > opts.maxLength) {
      throw invalidQuery(name, `must be at most ${opts.maxLength} characters (got ${all[0].length})`);
    }
    return all[0];
  }

  /** `true`/`false`, any case. */
  boolean(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (/^true$/i.test(raw)) return true;
    if (/^false$/i.test(raw)) return false;
    throw invalidQuery(name, `"${clip(raw)}" is not a boolean; send true or false`);
  }

  /** An integer within bounds. */
  integer(name: string, bounds: { min: number; max: number }): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^\d{1,9}$/.test(raw.trim())) throw invalidQuery(name, `"${clip(raw)}" is not a whole number`);
    const value = Number(raw.trim());
    if (value < bounds.min || value > bounds.max) throw invalidQuery(name, `must be between ${bounds.min} and ${bounds.max} (got ${value})`);
    return value;
  }

  /** One of a fixed set (case-insensitive), returned in its canonical spelling. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!found) throw invalidQuery(name, `"${clip(raw)}" is not one of ${allowed.join(', ')}`);
    return found;
  }

  /** A list: `name=a,b`, `name=a&name=b` or `name[]=a&name[]=b`, each item one of `allowed`. */
  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const raw = [...this.values.getAll(name), ...this.values.getAll(`${name}[]`)];
    if (raw.length === 0) return undefined;
    const items = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    return items.map((item) => {
      const found = allowed.find((a) => a.toLowerCase() === item.toLowerCase());
      if (!found) throw invalidQuery(name, `"${clip(item)}" is not one of ${allowed.join(', ')}`);
      return found;
    });
  }

  /** An ISO 8601 instant, as epoch milliseconds. */
  instant(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms)) throw invalidQuery(name, `"${clip(raw)}" is not an ISO 8601 date-time (e.g. 2026-04-14T09:26:42Z)`);
    return ms;
  }
}
