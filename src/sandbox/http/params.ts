/** Typed reads of Twilio request parameters (query string or form body), each failure a 400 naming the parameter. */
import { invalidParameter, missingParameter } from './twilio-error';

/** Read-only view of the parameters of one request. */
export class Params {
  constructor(private readonly values: URLSearchParams) {}

  /** Parameters from a form-encoded body (Twilio POSTs) or an empty set when there is none. */
  static fromForm(body: string): Params {
    return new Params(new URLSearchParams(body));
  }

  /** True when the parameter was sent at all (even empty). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Names of every parameter sent. */
  names(): string[] {
    return [...new Set(this.values.keys())];
  }

  /** A string parameter; a repeated scalar parameter is an error, as Twilio would read only one. */
  string(name: string, opts: { required?: boolean; maxLength?: number } = {}): string | undefined {
    const all = this.values.getAll(name);
    if (all.length === 0) {
      if (opts.required) throw missingParameter(name);
      return undefined;
    }
    if (all.length > 1) throw invalidParameter(name, 'was sent more than once; send it once');
    const value = all[0];
    if (opts.required && value.trim() === '') throw missingParameter(name);
    if (opts.maxLength !== undefined && value.length > opts.maxLength) {
      throw invalidParameter(name, `must be at most ${opts.maxLength} characters (got ${value.length})`);
    }
    return value;
  }

  /** A required string parameter. */
  required(name: string, opts: { maxLength?: number } = {}): string {
    return this.string(name, { ...opts, required: true }) as string;
  }

  /** A boolean sent as `true`/`false` (any case), as the SDK serialises them. */
  boolean(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const lowered = raw.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
    throw invalidParameter(name, `"${truncate(raw)}" is not a boolean; send true or false`);
  }

  /** An integer within bounds. */
  integer(name: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(raw.trim())) throw invalidParameter(name, `"${truncate(raw)}" is not an integer`);
    const value = Number(raw.trim());
    if (bounds.min !== undefined && value < bounds.min) throw invalidParameter(name, `must be at least ${bounds.min} (got ${value})`);
    if (bounds.max !== undefined && value > bounds.max) throw invalidParameter(name, `must be at most ${bounds.max} (got ${value})`);
    return value;
  }

  /** One of a fixed set of values (matched case-insensitively, returned in the canonical spelling). */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const found = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!found) throw invalidParameter(name, `"${truncate(raw)}" is not one of ${allowed.join(', ')}`);
    return found;
  }

  /** A URL parameter: empty clears it, anything else must be an absolute http(s) URL. */
  url(name: string): string | undefined {
    const raw = this.string(name, { maxLength: 2048 });
    if (raw === undefined || raw === '') return raw;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw invalidParameter(name, `"${truncate(raw)}" is not an absolute URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw invalidParameter(name, `"${truncate(raw)}" must be an http or https URL`);
    }
    return raw;
  }

  /** A SID of the given prefix; an empty value clears the reference. */
  sid(name: string, prefix: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined || raw === '') return raw;
    if (!new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(raw)) {
      throw invalidParameter(name, `"${truncate(raw)}" is not a ${prefix} SID (${prefix} followed by 32 hex characters)`);
    }
    return raw;
  }
}

/** Keeps echoed input short in error messages. */
export function truncate(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
