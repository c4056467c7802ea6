/**
 * Conformance of a served body to a shape an official SDK declares (fixtures written by scripts/extract-*-shapes.ts
 * from the SDK's type declarations): every field sent must be declared, of its declared kind, and within its literal
 * values; declared required fields must be present. An optional field may be `null`: SDKs type most unset values as
 * optional, and the APIs send them as `null`. With `allFieldsPresent`, every declared field must be sent, except the
 * ones named as not served. The Telnyx (telnyx-conformance.ts) and Stripe API v2 (stripe-v2-conformance.ts) checks
 * use it.
 */

/** A declared shape, as the fixtures store it. */
export interface SdkShape {
  kind: string | string[];
  nullable?: boolean;
  optional?: boolean;
  enum?: string[];
  fields?: Record<string, SdkShape>;
  open?: boolean;
  items?: SdkShape;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/** Options of a check. */
export interface ShapeCheckOptions {
  /** Also require every declared field, except those listed (by path, e.g. `data.messaging_campaign_id`, `[]` for any item). */
  allFieldsPresent?: { except: string[] };
}

function check(value: unknown, shape: SdkShape, path: string, opts: ShapeCheckOptions, errors: string[]): void {
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

/** Everything wrong with `value` against `shape`, each message starting with the field's path (empty when it conforms). */
export function sdkShapeErrors(value: unknown, shape: SdkShape, opts: ShapeCheckOptions = {}): string[] {
  const errors: string[] = [];
  check(value, shape, '', opts, errors);
  return errors;
}
