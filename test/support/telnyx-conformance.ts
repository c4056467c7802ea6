/**
 * Conformance of the Telnyx sandbox's responses to the shapes the official `telnyx` SDK declares
 * (`test/fixtures/telnyx-sdk-shapes/shapes.json`, from `scripts/extract-telnyx-shapes.ts`).
 *
 * Every field sent must be declared, of its declared kind, and within its literal values; declared required fields
 * must be present. An optional field may be `null`: the SDK types most unset values as optional, and live Telnyx sends
 * them as `null`. With `allFieldsPresent`, every declared field must be sent, except the ones named as not served.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A declared shape, as the fixture stores it. */
interface Shape {
  kind: string | string[];
  nullable?: boolean;
  optional?: boolean;
  enum?: string[];
  fields?: Record<string, Shape>;
  open?: boolean;
  items?: Shape;
}

const FIXTURE = join(__dirname, '..', 'fixtures', 'telnyx-sdk-shapes', 'shapes.json');
let shapes: Record<string, Shape> | undefined;

/** The fixture's operations (`GET /phone_numbers/{id}`, `WEBHOOK number_order.complete`, ...). */
export function telnyxOperations(): Record<string, Shape> {
  shapes ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { operations: Record<string, Shape> }).operations;
  return shapes;
}

/** The operation a request matches: ids (numeric, UUID or +E.164) fill `{id}`. */
export function telnyxOperationFor(method: string, path: string): string | undefined {
  const template = path.replace(/\/v2(?=\/)/, '').replace(/\/(?:\d{1,25}|\+\d{6,15}|%2B\d{6,15}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/gi, '/{id}');
  const operation = `${method.toUpperCase()} ${template}`;
  return operation in telnyxOperations() ? operation : undefined;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/** Options of a check. */
export interface TelnyxConformanceOptions {
  /** Also require every declared field, except those listed (by path, e.g. `data.messaging_campaign_id`, `[]` for any item). */
  allFieldsPresent?: { except: string[] };
}

/** Everything wrong with `value` against `shape`, each message starting with the field's path. */
function check(value: unknown, shape: Shape, path: string, opts: TelnyxConformanceOptions, errors: string[]): void {
  if (value === null) {
    if (!shape.nullable && !shape.optional) errors.push(`${path}: null, but the SDK declares it required and not nullable`);
    return;
  }
  const kinds = Array.isArray(shape.kind) ? shape.kind : [shape.kind];
  const actual = kindOf(value);
  if (!kinds.includes('unknown') && !kinds.includes(actual)) {
    errors.push(`${path}: ${actual}, but the SDK declares ${kinds.join(' | ')}`);
    return;
  }
  if (shape.enum && typeof value === 'string' && !shape.enum.includes(value)) errors.push(`${path}: "${value}" is not one of ${shape.enum.join(', ')}`);
  if (actual === 'array' && shape.items) (value as unknown[]).forEach((item, i) => check(item, shape.items!, `${path}[${i}]`, opts, errors));
  if (actual === 'object' && shape.fields) {
    const object = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(object)) {
      const field = shape.fields[key];
      if (!field) {
        if (!shape.open) errors.push(`${path ? `${path}.` : ''}${key}: sent, but the SDK declares no such field`);
        continue;
      }
      check(v, field, path ? `${path}.${key}` : key, opts, errors);
    }
    for (const [key, field] of Object.entries(shape.fields)) {
      if (key in object) continue;
      const fieldPath = path ? `${path}.${key}` : key;
      const generic = fieldPath.replace(/\[\d+\]/g, '[]');
      if (!field.optional) errors.push(`${fieldPath}: missing, and the SDK declares it required`);
      else if (opts.allFieldsPresent && !opts.allFieldsPresent.except.includes(generic)) errors.push(`${fieldPath}: declared by the SDK but not sent`);
    }
  }
}

/** The problems of one response body for an operation (empty when it conforms). */
export function telnyxConformanceErrors(operation: string, body: unknown, opts: TelnyxConformanceOptions = {}): string[] {
  const shape = telnyxOperations()[operation];
  if (!shape) return [`${operation}: not in the SDK shapes fixture`];
  const errors: string[] = [];
  check(body, shape, '', opts, errors);
  return errors.map((e) => `${operation}: ${e}`);
}
