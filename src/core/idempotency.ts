/**
 * Derived idempotency keys: the same resource, operation and inputs always give the same key,
 * so a run that crashed after buying a number and is started again finds the first purchase
 * (by FriendlyName on Twilio, by Idempotency-Key on Stripe) instead of buying twice.
 */
import { createHash } from 'node:crypto';

/** What an idempotency key is derived from. */
export interface IdempotencyKeyInput {
  /** The resource's stable identity: its Pulumi URN, or `type/name` for Terraform. */
  readonly resource: string;
  /** The lifecycle step, e.g. `create` or `purchase`; becomes readable text in the key. */
  readonly operation: string;
  /** The inputs that define what the operation does; key order and undefined fields do not matter. */
  readonly inputs: unknown;
}

// Bumped if the derivation ever changes, so old and new keys can never collide by accident.
const SCHEME = 'didops-idempotency/v1';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const HASH_CHARS = 22; // 110 bits: collision-free in practice, short enough for Twilio's 64-char FriendlyName.
const MAX_OPERATION_CHARS = 16;

/**
 * Returns `didops-<operation>-<22 base32 chars>`, at most 46 characters of `[a-z0-9-]`, safe in a
 * Twilio FriendlyName (64 max) and a Stripe Idempotency-Key (255 max).
 */
export function idempotencyKey(input: IdempotencyKeyInput): string {
  const payload = canonicalJson({ scheme: SCHEME, resource: input.resource, operation: input.operation, inputs: input.inputs });
  const digest = createHash('sha256').update(payload, 'utf8').digest();
  return `didops-${operationSlug(input.operation)}-${base32(digest).slice(0, HASH_CHARS)}`;
}

/** True when `text` has the shape {@link idempotencyKey} produces, e.g. to recognise our own FriendlyNames. */
export function isIdempotencyKey(text: string): boolean {
  return new RegExp(`^didops-[a-z0-9]{1,${MAX_OPERATION_CHARS}}-[a-z2-7]{${HASH_CHARS}}$`).test(text);
}

/**
 * JSON with object keys sorted and undefined object fields dropped, so equal data always
 * serialises to the same text. Throws TypeError for values JSON cannot represent faithfully
 * (functions, symbols, bigints, NaN/Infinity, Map/Set, cycles) rather than hashing them wrongly.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set<object>(), '$');
}

function write(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      // -0 and 0 are the same amount; JSON.stringify already prints both as "0".
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot represent`);
    case 'object':
      break;
  }
  const object = value as object;
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(object), seen, path);
  if (object instanceof Map || object instanceof Set) {
    throw new TypeError(`canonicalJson: ${path} is a ${object.constructor.name}; convert it to an array or object first`);
  }
  if (seen.has(object)) throw new TypeError(`canonicalJson: ${path} refers back to itself`);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      // Arrays keep their order (it is meaningful) and, like JSON.stringify, write holes as null.
      const items = object.map((item: unknown, i) => (item === undefined ? 'null' : write(item, seen, `${path}[${i}]`)));
      return `[${items.join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], seen, `${path}.${key}`)}`);
    return `{${fields.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}

function operationSlug(operation: string): string {
  const slug = operation.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, MAX_OPERATION_CHARS);
  return slug === '' ? 'op' : slug;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
