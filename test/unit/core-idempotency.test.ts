import fc from 'fast-check';
import { canonicalJson, idempotencyKey, isIdempotencyKey } from '../../src/core';

const urn = 'urn:pulumi:prod::phones::didops:index:PhoneNumber::support';

describe('idempotency keys let a re-run find what a crashed run bought', () => {
  it('gives the same key for the same purchase whatever order the inputs were written in', () => {
    const a = idempotencyKey({ resource: urn, operation: 'create', inputs: { areaCode: '415', country: 'US', voice: { url: 'https://x', method: 'POST' } } });
    const b = idempotencyKey({ resource: urn, operation: 'create', inputs: { voice: { method: 'POST', url: 'https://x' }, country: 'US', areaCode: '415' } });
    expect(a).toBe(b);
  });

  it('ignores fields left undefined, as state round-tripped through JSON would', () => {
    const a = idempotencyKey({ resource: urn, operation: 'create', inputs: { country: 'US' } });
    const b = idempotencyKey({ resource: urn, operation: 'create', inputs: { country: 'US', friendlyName: undefined } });
    expect(a).toBe(b);
  });

  it('changes when any input, the operation or the resource changes', () => {
    const base = { resource: urn, operation: 'create', inputs: { country: 'US', areaCode: '415', tags: ['a', 'b'] } };
    const key = idempotencyKey(base);
    const variants = [
      { ...base, inputs: { ...base.inputs, areaCode: '628' } },
      { ...base, inputs: { ...base.inputs, tags: ['b', 'a'] } },
      { ...base, inputs: { ...base.inputs, extra: null } },
      { ...base, operation: 'update' },
      { ...base, resource: `${urn}2` },
    ];
    for (const variant of variants) expect(idempotencyKey(variant)).not.toBe(key);
  });

  it('is short and safe for a Twilio FriendlyName and a Stripe Idempotency-Key', () => {
    const key = idempotencyKey({ resource: urn, operation: 'Purchase Number!', inputs: { n: 1 } });
    expect(key).toMatch(/^didops-purchasenumber-[a-z2-7]{22}$/);
    expect(key.length).toBeLessThanOrEqual(64);
    expect(isIdempotencyKey(key)).toBe(true);
    expect(isIdempotencyKey('support line')).toBe(false);
    expect(idempotencyKey({ resource: urn, operation: '***', inputs: {} })).toMatch(/^didops-op-/);
  });

  it('is stable across releases (a changed derivation would buy numbers twice)', () => {
    // Pinned value: sha256 of the canonical JSON, RFC 4648 base32 (lower case), cross-checked with Python's base64.b32encode.
    expect(idempotencyKey({ resource: urn, operation: 'create', inputs: { country: 'US', areaCode: '415' } })).toBe('didops-create-plpgbsbdjgypayqd3tvhpy');
  });

  it('holds for arbitrary JSON: key order never matters', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(idempotencyKey({ resource: urn, operation: 'create', inputs: reversed })).toBe(
          idempotencyKey({ resource: urn, operation: 'create', inputs: record }),
        );
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('writes dates as ISO strings and array holes as null, like JSON', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05Z'), list: [1, undefined] })).toBe('{"at":"2026-01-02T03:04:05.000Z","list":[1,null]}');
  });

  it('refuses values it cannot hash faithfully instead of guessing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/refers back to itself/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/\$\.n is NaN/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson(new Map())).toThrow(/Map/);
    expect(() => canonicalJson(undefined)).toThrow(/undefined/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
