/**
 * Terraform values on the wire (DynamicValue) <-> plain JavaScript (TfValue), driven by schema types.
 *
 * Terraform encodes values with cty's msgpack encoding, and decodes what a provider returns *against the schema's
 * type*: an object must carry every attribute of its type (null when absent), a list of nested blocks must be an
 * empty list rather than null, and numbers must keep their decimal value. So nothing leaves here without its type:
 *
 * - Unknown values are msgpack extension 0 (cty writes fixext1 type 0, data 0). Terraform >= 1.6 may also send
 *   *refined* unknowns as extension 12 (a map of refinements: not-null, string prefix, number bounds...); both
 *   decode to {@link UNKNOWN}, refinements are dropped, and unknowns are always encoded as plain extension 0.
 * - Numbers: cty encodes a number as an int when it is an exact int64, a float64 when exact, and otherwise as a
 *   decimal *string* ("0.1" is not an exact float64). All three decode to a JS number. When encoding, safe integers
 *   go out as ints and every other finite number as its shortest decimal string (String(n)): cty parses that
 *   exactly, so 0.1 from the configuration comes back as exactly 0.1 — a float64 would come back as
 *   0.1000000000000000055..., and Terraform would reject the plan as inconsistent with the configuration.
 * - Attributes of type "dynamic" are encoded as cty does, a 2-element array [type JSON (bytes), value]; encoding
 *   infers the type from the JavaScript value.
 * - `json` DynamicValues (cty's JSON encoding; dynamic values are {"value":...,"type":...}) decode the same way.
 */
import type { CtyType, TfAttribute, TfBlock, TfNestedObject, TfObject, TfValue } from './types';
import { UNKNOWN } from './types';

/** A DynamicValue as the wire codec produces it (either field may be empty). */
export interface DynamicValueMessage {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

/** A value does not fit its schema type; `path` is where, in `a.b[0]["k"]` form. */
export class ValueTypeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'ValueTypeError';
  }
}

// @msgpack/msgpack costs ~8 ms to load: required on first use, after the handshake line, not at start-up.
type Msgpack = typeof import('@msgpack/msgpack');
let msgpackModule: Msgpack | undefined;
let extensionCodec: import('@msgpack/msgpack').ExtensionCodec<undefined> | undefined;
let unknownExt: InstanceType<Msgpack['ExtData']> | undefined;

function msgpack(): Msgpack {
  if (!msgpackModule) {
    msgpackModule = require('@msgpack/msgpack') as Msgpack;
    extensionCodec = new msgpackModule.ExtensionCodec<undefined>();
    const unknown = { encode: () => null, decode: () => UNKNOWN };
    extensionCodec.register({ type: 0, ...unknown });
    extensionCodec.register({ type: 12, ...unknown });
    unknownExt = new msgpackModule.ExtData(0, Uint8Array.of(0));
  }
  return msgpackModule;
}

// ---- Types -------------------------------------------------------------------------------------------------

/** The cty type of a nested attribute type (Schema.Object): object, or list/set/map of object. */
export function nestedObjectType(nested: TfNestedObject): CtyType {
  const object: CtyType = ['object', attributeTypes(nested.attributes)];
  return nested.nesting === 'single' ? object : [nested.nesting, object];
}

function attributeType(attribute: TfAttribute): CtyType {
  if (attribute.nestedType) return nestedObjectType(attribute.nestedType);
  if (attribute.type === undefined) throw new Error(`attribute ${attribute.name} has neither type nor nestedType`);
  return attribute.type;
}

function attributeTypes(attributes: TfAttribute[]): Record<string, CtyType> {
  const out: Record<string, CtyType> = {};
  for (const attribute of attributes) out[attribute.name] = attributeType(attribute);
  return out;
}

/**
 * The implied type of a block, as Terraform computes it (configschema.Block.ImpliedType): an object of its
 * attributes and nested blocks; single and group blocks are objects, list/set/map blocks collections of objects.
 */
export function impliedType(block: TfBlock): CtyType {
  const attrs = attributeTypes(block.attributes);
  for (const nested of block.blockTypes ?? []) {
    const object = impliedType(nested.block);
    attrs[nested.typeName] = nested.nesting === 'single' || nested.nesting === 'group' ? object : [nested.nesting, object];
  }
  return ['object', attrs];
}

// ---- Decoding ----------------------------------------------------------------------------------------------

/** Decodes a DynamicValue of type `type`; an absent or empty DynamicValue is null. */
export function decodeDynamicValue(value: DynamicValueMessage | null | undefined, type: CtyType): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) {
    const m = msgpack();
    return fromWire(m.decode(value.msgpack, { extensionCodec: extensionCodec! }), type, '', 'msgpack');
  }
  if (value?.json && value.json.length > 0) {
    return fromWire(JSON.parse(Buffer.from(value.json).toString('utf8')), type, '', 'json');
  }
  return null;
}

/** Decodes a DynamicValue that must be an object of `block`'s implied type (or null). */
export function decodeObject(value: DynamicValueMessage | null | undefined, block: TfBlock): TfObject | null {
  const decoded = decodeDynamicValue(value, impliedType(block));
  if (decoded === UNKNOWN) throw new ValueTypeError('', 'expected an object, got an unknown value');
  return decoded as TfObject | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function describe(v: unknown): string {
  if (v === UNKNOWN) return 'an unknown value';
  if (Array.isArray(v)) return 'a list';
  if (ArrayBuffer.isView(v)) return 'bytes';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return isRecord(v) ? 'an object' : `${typeof v} ${String(v)}`;
}

function fromWire(raw: unknown, type: CtyType, path: string, encoding: 'msgpack' | 'json'): TfValue {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (type === 'dynamic') {
    if (encoding === 'msgpack' && Array.isArray(raw) && raw.length === 2 && (ArrayBuffer.isView(raw[0]) || typeof raw[0] === 'string')) {
      const typeJson = typeof raw[0] === 'string' ? raw[0] : Buffer.from(raw[0] as Uint8Array).toString('utf8');
      return fromWire(raw[1], JSON.parse(typeJson) as CtyType, path, encoding);
    }
    if (encoding === 'json' && isRecord(raw) && 'value' in raw && 'type' in raw) {
      return fromWire(raw.value, raw.type as CtyType, path, encoding);
    }
    return plain(raw, path);
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        if (ArrayBuffer.isView(raw)) return Buffer.from(raw as Uint8Array).toString('utf8');
        break;
      case 'number':
        if (typeof raw === 'number') return raw;
        if (typeof raw === 'bigint') return Number(raw);
        // cty sends numbers that are neither exact int64 nor exact float64 as decimal strings.
        if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
        break;
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        break;
    }
    throw new ValueTypeError(path, `expected ${type}, got ${describe(raw)}`);
  }
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(raw)) throw new ValueTypeError(path, `expected a ${kind}, got ${describe(raw)}`);
      return raw.map((v, i) => fromWire(v, inner, `${path}[${i}]`, encoding));
    case 'tuple':
      if (!Array.isArray(raw)) throw new ValueTypeError(path, `expected a tuple, got ${describe(raw)}`);
      return raw.map((v, i) => fromWire(v, inner[i] ?? 'dynamic', `${path}[${i}]`, encoding));
    case 'map': {
      if (!isRecord(raw)) throw new ValueTypeError(path, `expected a map, got ${describe(raw)}`);
      const out: TfObject = {};
      for (const [k, v] of Object.entries(raw)) out[k] = fromWire(v, inner, `${path}[${JSON.stringify(k)}]`, encoding);
      return out;
    }
    case 'object': {
      if (!isRecord(raw)) throw new ValueTypeError(path, `expected an object, got ${describe(raw)}`);
      const out: TfObject = {};
      // Every attribute of the type, null when the sender left it out; attributes the type lacks are dropped.
      for (const [name, attrType] of Object.entries(inner)) {
        out[name] = fromWire(raw[name], attrType, path ? `${path}.${name}` : name, encoding);
      }
      return out;
    }
  }
}

/** A value of unknown type, taken as it comes (dynamic without type information). */
function plain(raw: unknown, path: string): TfValue {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (ArrayBuffer.isView(raw)) return Buffer.from(raw as Uint8Array).toString('utf8');
  if (Array.isArray(raw)) return raw.map((v, i) => plain(v, `${path}[${i}]`));
  if (isRecord(raw)) {
    const out: TfObject = {};
    for (const [k, v] of Object.entries(raw)) out[k] = plain(v, `${path}.${k}`);
    return out;
  }
  throw new ValueTypeError(path, `cannot decode ${describe(raw)}`);
}

// ---- Encoding ----------------------------------------------------------------------------------------------

/** Encodes `value` as a msgpack DynamicValue of type `type`. */
export function encodeDynamicValue(value: TfValue | undefined, type: CtyType): { msgpack: Buffer } {
  const m = msgpack();
  const wire = toWire(value ?? null, type, '');
  return { msgpack: Buffer.from(m.encode(wire, { extensionCodec: extensionCodec! })) };
}

/** Options of {@link encodeObject}. */
export interface EncodeOptions {
  /** Attributes the schema does not have: an error (default), or dropped (for state written by older schemas). */
  extraAttributes?: 'error' | 'drop';
}

/**
 * Encodes an object of `block`'s schema (or null), applying the block rules Terraform enforces on provider
 * results: every attribute present, and a list/set/map of nested blocks empty rather than null.
 */
export function encodeObject(value: TfObject | null | undefined, block: TfBlock, options: EncodeOptions = {}): { msgpack: Buffer } {
  const m = msgpack();
  const wire = value === null || value === undefined ? null : blockToWire(value, block, '', options.extraAttributes === 'drop');
  return { msgpack: Buffer.from(m.encode(wire, { extensionCodec: extensionCodec! })) };
}

function blockToWire(value: TfValue, block: TfBlock, path: string, drop: boolean): unknown {
  if (value === UNKNOWN) return unknownExt;
  if (!isRecord(value)) throw new ValueTypeError(path, `expected an object, got ${describe(value)}`);
  const known = new Set<string>();
  const out: Record<string, unknown> = {};
  for (const attribute of block.attributes) {
    known.add(attribute.name);
    out[attribute.name] = toWire(value[attribute.name] ?? null, attributeType(attribute), join(path, attribute.name));
  }
  for (const nested of block.blockTypes ?? []) {
    known.add(nested.typeName);
    const p = join(path, nested.typeName);
    const v = value[nested.typeName] ?? null;
    if (v === UNKNOWN) {
      out[nested.typeName] = unknownExt;
      continue;
    }
    switch (nested.nesting) {
      case 'single':
        out[nested.typeName] = v === null ? null : blockToWire(v, nested.block, p, drop);
        break;
      case 'group':
        // A group block is never null: absent means an object of null attributes.
        out[nested.typeName] = blockToWire(v ?? {}, nested.block, p, drop);
        break;
      case 'list':
      case 'set': {
        const items = v ?? [];
        if (!Array.isArray(items)) throw new ValueTypeError(p, `expected a ${nested.nesting} of blocks, got ${describe(items)}`);
        out[nested.typeName] = items.map((item, i) => blockToWire(item, nested.block, `${p}[${i}]`, drop));
        break;
      }
      case 'map': {
        const items = v ?? {};
        if (!isRecord(items)) throw new ValueTypeError(p, `expected a map of blocks, got ${describe(items)}`);
        const map: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(items)) map[k] = blockToWire(item as TfValue, nested.block, `${p}[${JSON.stringify(k)}]`, drop);
        out[nested.typeName] = map;
        break;
      }
    }
  }
  if (!drop) rejectExtraKeys(value, known, path);
  return out;
}

function rejectExtraKeys(value: Record<string, unknown>, known: Set<string>, path: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined) {
      throw new ValueTypeError(join(path, key), 'is not an attribute of the schema (Terraform would reject the object)');
    }
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function toWire(value: TfValue, type: CtyType, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (value === UNKNOWN) return unknownExt;
  if (type === 'dynamic') {
    // cty's encoding of a known value where the schema says "any type": [type JSON, value of that type].
    const actual = inferType(value);
    return [Buffer.from(JSON.stringify(actual), 'utf8'), toWire(value, actual, path)];
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        // Terraform converts primitives to string the same way.
        if (typeof value === 'string') return value;
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        break;
      case 'number':
        if (typeof value === 'number') return numberToWire(value, path);
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return value.trim();
        break;
      case 'bool':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return value === 'true';
        break;
    }
    throw new ValueTypeError(path, `expected ${type}, got ${describe(value)}`);
  }
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw new ValueTypeError(path, `expected a ${kind}, got ${describe(value)}`);
      return value.map((v, i) => toWire(v, inner, `${path}[${i}]`));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== inner.length) {
        throw new ValueTypeError(path, `expected a tuple of ${inner.length} elements, got ${describe(value)}`);
      }
      return value.map((v, i) => toWire(v, inner[i]!, `${path}[${i}]`));
    case 'map': {
      if (!isRecord(value)) throw new ValueTypeError(path, `expected a map, got ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v, inner, `${path}[${JSON.stringify(k)}]`);
      return out;
    }
    case 'object': {
      if (!isRecord(value)) throw new ValueTypeError(path, `expected an object, got ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [name, attrType] of Object.entries(inner)) out[name] = toWire(value[name] ?? null, attrType, join(path, name));
      rejectExtraKeys(value, new Set(Object.keys(inner)), path);
      return out;
    }
  }
}

function numberToWire(n: number, path: string): number | string {
  if (Number.isNaN(n)) throw new ValueTypeError(path, 'NaN is not a Terraform number');
  if (Number.isSafeInteger(n) || !Number.isFinite(n)) return n;
  // Shortest decimal that round-trips: cty parses it exactly (see the file comment).
  return String(n);
}

/** The cty type of a known JavaScript value, for attributes of type "dynamic". */
export function inferType(value: TfValue): CtyType {
  if (value === null || value === UNKNOWN) return 'dynamic';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(inferType)];
  const attrs: Record<string, CtyType> = {};
  for (const [k, v] of Object.entries(value)) attrs[k] = inferType(v);
  return ['object', attrs];
}
