/**
 * Conformance of the Stripe sandbox's objects to stripe-mock's example objects (`test/fixtures/stripe/objects.json`,
 * see its README). A served object must have at least every field of the fixture object of its type, each of the
 * same kind (string, number, boolean, object, array), recursively into nested objects and the first item of arrays.
 * `null` is accepted for any field: Stripe's fields are nullable almost everywhere, and the fixture shows one example
 * where most would be null for a fresh object. Extra fields are allowed (API 2026-10-28 added some).
 *
 * Objects are checked as the SDK returns them, whose one change to the wire JSON is to turn `*_decimal` strings into
 * its Decimal objects; those count as the strings they came from. Check answers without `expand[]`: an expanded id is
 * an object where the fixture has a string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE = join(__dirname, '..', 'fixtures', 'stripe', 'objects.json');
let fixtures: Record<string, unknown> | undefined;

/** The fixture objects by type (`customer`, `deleted_customer`, `test_helpers.test_clock`, …). */
export function stripeFixtures(): Record<string, unknown> {
  fixtures ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { resources: Record<string, unknown> }).resources;
  return fixtures;
}

/** The SDK's Decimal (stripe 23 parses `*_decimal` fields into it); not exported, so recognised by its shape. */
function isSdkDecimal(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_coefficient' in value && '_exponent' in value;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (isSdkDecimal(value)) return 'string';
  return value === null ? 'null' : typeof value;
}

/** Options of a check. */
export interface StripeConformanceOptions {
  /** Fixture fields the sandbox knowingly does not send, by path (`discount`, `card.wallet`, `items.data[]`). */
  except?: readonly string[];
}

function check(served: unknown, example: unknown, path: string, opts: StripeConformanceOptions, errors: string[]): void {
  if (served === null || example === null) return;
  const servedKind = kindOf(served);
  const exampleKind = kindOf(example);
  if (servedKind !== exampleKind) {
    errors.push(`${path || '(root)'}: ${servedKind}, but the fixture has ${exampleKind}`);
    return;
  }
  if (servedKind === 'array') {
    const [first] = example as unknown[];
    if (first !== undefined) (served as unknown[]).forEach((item, i) => check(item, first, `${path}[${i}]`, opts, errors));
    return;
  }
  if (servedKind !== 'object') return;
  const object = served as Record<string, unknown>;
  for (const [key, value] of Object.entries(example as Record<string, unknown>)) {
    const fieldPath = path ? `${path}.${key}` : key;
    if (opts.except?.includes(fieldPath.replace(/\[\d+\]/g, '[]'))) continue;
    // Maps (metadata) are open: their example keys are data, not fields.
    if (key === 'metadata') continue;
    // Objects of several kinds carry the details of their own kind only (a payment method of type us_bank_account
    // has no `card`): the fixture's details of its kind bind only objects of that kind.
    if ((example as { type?: unknown }).type === key && object.type !== key) continue;
    if (!(key in object)) {
      errors.push(`${fieldPath}: missing (the fixture has it)`);
      continue;
    }
    check(object[key], value, fieldPath, opts, errors);
  }
}

/**
 * The problems of one served object against the fixture of its type (its `object` field, or `deleted_<type>` for a
 * deletion answer); empty when it conforms.
 */
export function stripeConformanceErrors(served: unknown, opts: StripeConformanceOptions = {}): string[] {
  if (typeof served !== 'object' || served === null) return ['(root): not an object'];
  const record = served as { object?: unknown; deleted?: unknown };
  if (typeof record.object !== 'string') return ['object: missing'];
  const type = record.deleted === true ? `deleted_${record.object}` : record.object;
  const example = stripeFixtures()[type];
  if (example === undefined) return [`${type}: no fixture object of this type`];
  const errors: string[] = [];
  check(served, example, '', opts, errors);
  return errors.map((e) => `${type} ${(record as { id?: string }).id ?? ''}: ${e}`);
}

/** Asserts that every object conforms (lists are checked item by item); reports every problem at once. */
export function expectStripeConformance(objects: readonly unknown[], opts: StripeConformanceOptions = {}): void {
  const errors = objects.flatMap((o) => {
    const list = o as { object?: string; data?: unknown[] };
    if (list.object === 'list' || list.object === 'search_result') return (list.data ?? []).flatMap((item) => stripeConformanceErrors(item, opts));
    return stripeConformanceErrors(o, opts);
  });
  expect([...new Set(errors)]).toEqual([]);
}

/** Objects a test file's stories served, checked for conformance after them all (register it inside `describe`). */
export function conformanceAfterAll(opts: StripeConformanceOptions = {}): unknown[] {
  const served: unknown[] = [];
  afterAll(() => expectStripeConformance(served, opts));
  return served;
}
