/** The DynamicValue codec of the Terraform plugin server: schema types, msgpack as cty writes it, JSON. */
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { UNKNOWN, type TfBlock, type TfObject } from '../../provider/terraform/server/types';
import { decodeDynamicValue, decodeObject, encodeDynamicValue, encodeObject, impliedType, inferType, ValueTypeError } from '../../provider/terraform/server/values';

const block: TfBlock = {
  description: 'test',
  attributes: [
    { name: 'id', type: 'string', computed: true, description: '' },
    { name: 'count', type: 'number', optional: true, description: '' },
    { name: 'enabled', type: 'bool', optional: true, description: '' },
    { name: 'tags', type: ['map', 'string'], optional: true, description: '' },
    { name: 'names', type: ['set', 'string'], optional: true, description: '' },
    { name: 'anything', type: 'dynamic', optional: true, description: '' },
    {
      name: 'single',
      optional: true,
      description: '',
      nestedType: {
        nesting: 'single',
        attributes: [
          { name: 'a', type: 'string', optional: true, description: '' },
          { name: 'b', type: 'string', computed: true, description: '' },
        ],
      },
    },
    {
      name: 'items',
      optional: true,
      description: '',
      nestedType: { nesting: 'list', attributes: [{ name: 'n', type: 'number', required: true, description: '' }] },
    },
  ],
  blockTypes: [
    { typeName: 'rule', nesting: 'list', block: { description: '', attributes: [{ name: 'name', type: 'string', required: true, description: '' }] } },
    { typeName: 'settings', nesting: 'group', block: { description: '', attributes: [{ name: 'level', type: 'number', optional: true, description: '' }] } },
    { typeName: 'owner', nesting: 'single', block: { description: '', attributes: [{ name: 'email', type: 'string', optional: true, description: '' }] } },
    { typeName: 'labels', nesting: 'map', block: { description: '', attributes: [{ name: 'v', type: 'string', optional: true, description: '' }] } },
  ],
};

/** The object with every attribute of `block` null, and block collections as Terraform requires them. */
const empty: TfObject = {
  id: null,
  count: null,
  enabled: null,
  tags: null,
  names: null,
  anything: null,
  single: null,
  items: null,
  rule: [],
  settings: { level: null },
  owner: null,
  labels: {},
};

/** msgpack as cty writes it: unknown is fixext1 type 0 data 0. */
const ctyUnknown = new ExtData(0, Uint8Array.of(0));

/** An extension value as plain data (the decoder hands out Buffers, which toEqual tells from Uint8Arrays). */
const ext = (v: unknown): unknown => (v instanceof ExtData ? { type: v.type, data: [...(v.data as Uint8Array)] } : v);
const CTY_UNKNOWN = { type: 0, data: [0] };

describe('impliedType', () => {
  it('builds the object type Terraform implies from attributes, nested attributes and nested blocks', () => {
    expect(impliedType(block)).toEqual([
      'object',
      {
        id: 'string',
        count: 'number',
        enabled: 'bool',
        tags: ['map', 'string'],
        names: ['set', 'string'],
        anything: 'dynamic',
        single: ['object', { a: 'string', b: 'string' }],
        items: ['list', ['object', { n: 'number' }]],
        rule: ['list', ['object', { name: 'string' }]],
        settings: ['object', { level: 'number' }],
        owner: ['object', { email: 'string' }],
        labels: ['map', ['object', { v: 'string' }]],
      },
    ]);
  });
});

describe('encodeObject / decodeObject', () => {
  it('fills every missing attribute with null, at every level, and block collections with empty ones', () => {
    const wire = encodeObject({ id: 'x', single: { a: 'y' }, items: [{}] }, block);
    expect(decode(wire.msgpack)).toEqual({ ...empty, id: 'x', single: { a: 'y', b: null }, items: [{ n: null }] });
  });

  it('round-trips a full value', () => {
    const value: TfObject = {
      id: 'e-1',
      count: 3,
      enabled: false,
      tags: { env: 'prod', 'cost centre': 'x' },
      names: ['a', 'b'],
      anything: { k: [1, 'two', true] },
      single: { a: 'a', b: 'A' },
      items: [{ n: 1 }, { n: 2.5 }],
      rule: [{ name: 'r1' }, { name: 'r2' }],
      settings: { level: 7 },
      owner: { email: 'o@example.com' },
      labels: { x: { v: 'y' } },
    };
    expect(decodeObject(encodeObject(value, block), block)).toEqual(value);
  });

  it('keeps null attributes when decoding, and fills those the sender left out', () => {
    const bytes = encode({ id: null, count: 1 });
    expect(decodeObject({ msgpack: bytes }, block)).toEqual({ ...empty, count: 1, rule: null, settings: null, labels: null });
  });

  it('decodes a msgpack nil (and an absent value) as null', () => {
    expect(decodeObject({ msgpack: encode(null) }, block)).toBeNull();
    expect(decodeObject(undefined, block)).toBeNull();
    expect(decodeObject({ msgpack: Buffer.alloc(0), json: Buffer.alloc(0) }, block)).toBeNull();
    expect(decode(encodeObject(null, block).msgpack)).toBeNull();
  });

  it('encodes unknowns as cty does (fixext1, type 0, data 0), anywhere', () => {
    const wire = encodeObject({ id: UNKNOWN, tags: { a: UNKNOWN }, single: UNKNOWN, rule: UNKNOWN }, block);
    const bytes = Buffer.from(wire.msgpack);
    expect(bytes.includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true);
    const decoded = decode(bytes) as Record<string, unknown>;
    expect(ext(decoded.id)).toEqual(CTY_UNKNOWN);
    expect(ext(decoded.single)).toEqual(CTY_UNKNOWN);
    expect(ext(decoded.rule)).toEqual(CTY_UNKNOWN);
    expect(ext((decoded.tags as Record<string, unknown>).a)).toEqual(CTY_UNKNOWN);
    expect(decodeObject(wire, block)).toMatchObject({ id: UNKNOWN, tags: { a: UNKNOWN }, single: UNKNOWN, rule: UNKNOWN });
  });

  it('decodes refined unknowns (extension 12, Terraform >= 1.6) as UNKNOWN', () => {
    // cty: refinements map {1: not null, 2: string prefix}.
    const refined = new ExtData(12, encode(new Map<number, unknown>([[1, true], [2, 'echo-']])));
    const bytes = encode({ id: refined, count: ctyUnknown });
    expect(decodeObject({ msgpack: bytes }, block)).toMatchObject({ id: UNKNOWN, count: UNKNOWN });
  });

  it('rejects attributes the schema does not have, unless asked to drop them', () => {
    expect(() => encodeObject({ id: 'x', bogus: 1 }, block)).toThrow(/bogus: is not an attribute of the schema/);
    expect(() => encodeObject({ single: { a: 'x', c: 1 } }, block)).toThrow(/single\.c/);
    expect(decode(encodeObject({ id: 'x', bogus: 1 }, block, { extraAttributes: 'drop' }).msgpack)).toEqual({ ...empty, id: 'x' });
  });

  it('reports a value that does not fit its type with its path', () => {
    expect(() => encodeObject({ count: 'many' }, block)).toThrow(ValueTypeError);
    expect(() => encodeObject({ count: 'many' }, block)).toThrow('count: expected number, got string "many"');
    expect(() => encodeObject({ items: [{ n: true }] }, block)).toThrow('items[0].n: expected number');
    expect(() => encodeObject({ rule: {} as never }, block)).toThrow('rule: expected a list of blocks');
    expect(() => decodeObject({ msgpack: encode({ enabled: 'yes' }) }, block)).toThrow('enabled: expected bool');
  });

  it('converts primitives the way Terraform would', () => {
    const decoded = decode(encodeObject({ id: 42, count: '17', enabled: 'true' }, block).msgpack) as Record<string, unknown>;
    expect(decoded).toMatchObject({ id: '42', count: '17', enabled: true });
  });
});

describe('numbers', () => {
  const type = 'number' as const;
  it('decodes ints, floats and the decimal strings cty uses for numbers no int64/float64 holds exactly', () => {
    expect(decodeDynamicValue({ msgpack: encode(5) }, type)).toBe(5);
    expect(decodeDynamicValue({ msgpack: encode(-(2 ** 40)) }, type)).toBe(-(2 ** 40));
    expect(decodeDynamicValue({ msgpack: encode(1.5) }, type)).toBe(1.5);
    expect(decodeDynamicValue({ msgpack: encode('0.1') }, type)).toBe(0.1);
    expect(decodeDynamicValue({ msgpack: encode('123456789012345678901234567890') }, type)).toBe(1.2345678901234568e29);
  });

  it('encodes safe integers as ints and other numbers as exact decimal strings', () => {
    expect(decode(encodeDynamicValue(5, type).msgpack)).toBe(5);
    expect(decode(encodeDynamicValue(-7, type).msgpack)).toBe(-7);
    // 0.1 as a float64 would come back from cty as 0.1000000000000000055..., not the configuration's 0.1.
    expect(decode(encodeDynamicValue(0.1, type).msgpack)).toBe('0.1');
    expect(decode(encodeDynamicValue(1e21, type).msgpack)).toBe('1e+21');
    expect(decode(encodeDynamicValue(Infinity, type).msgpack)).toBe(Infinity);
    expect(() => encodeDynamicValue(NaN, type)).toThrow('NaN');
  });
});

describe('dynamic values', () => {
  it('encodes a known value as cty does: [type JSON bytes, value]', () => {
    const wire = decode(encodeDynamicValue({ a: 1, b: ['x'] }, 'dynamic').msgpack) as [Uint8Array, unknown];
    expect(JSON.parse(Buffer.from(wire[0]).toString())).toEqual(['object', { a: 'number', b: ['tuple', ['string']] }]);
    expect(wire[1]).toEqual({ a: 1, b: ['x'] });
    expect(decodeDynamicValue(encodeDynamicValue({ a: 1, b: ['x'] }, 'dynamic'), 'dynamic')).toEqual({ a: 1, b: ['x'] });
  });

  it('encodes null and unknown without a type', () => {
    expect(decode(encodeDynamicValue(null, 'dynamic').msgpack)).toBeNull();
    expect(ext(decode(encodeDynamicValue(UNKNOWN, 'dynamic').msgpack))).toEqual(CTY_UNKNOWN);
  });

  it('infers types from JavaScript values', () => {
    expect(inferType([1, 'a', null])).toEqual(['tuple', ['number', 'string', 'dynamic']]);
    expect(inferType(true)).toBe('bool');
  });
});

describe('JSON DynamicValues', () => {
  it('decodes cty JSON against the type, including dynamic {value, type} wrappers', () => {
    const json = Buffer.from(JSON.stringify({ id: 'j', count: 2, anything: { value: ['a', 1], type: ['tuple', ['string', 'number']] } }));
    expect(decodeObject({ json }, block)).toEqual({
      ...empty,
      id: 'j',
      count: 2,
      anything: ['a', 1],
      rule: null,
      settings: null,
      labels: null,
    });
  });
});
