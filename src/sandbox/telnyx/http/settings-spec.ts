/**
 * Declarative settings of a Telnyx resource: each field's kind, bounds and default in one place, from which both the
 * defaults of a new resource and the validation of a create or update body follow. Connections carry some sixty
 * settings in nested objects (`inbound`, `outbound`, `rtcp_settings`, ...); writing a read per field would repeat the
 * same five lines sixty times.
 */
import type { JsonFields } from './json-body';
import { invalidField } from './telnyx-error';

/** One field: its kind, its default, and whether clients may set it (`readOnly` fields are only ever the default). */
export type FieldSpec = { readOnly?: boolean } & (
  | { kind: 'boolean'; default: boolean | null }
  | { kind: 'string'; default: string | null; maxLength: number; pattern?: RegExp; hint?: string }
  | { kind: 'url'; default: string | null }
  | { kind: 'enum'; values: readonly string[]; default: string | null }
  | { kind: 'integer'; min: number; max: number; default: number | null }
  | { kind: 'strings'; default: string[]; maxItems: number; maxLength: number }
  | { kind: 'object'; fields: SettingsSpec }
);

/** The fields of an object. */
export type SettingsSpec = Readonly<Record<string, FieldSpec>>;

/** A boolean field; `null` as default makes it nullable. */
export const bool = (d: boolean | null): FieldSpec => ({ kind: 'boolean', default: d });
/** A free string; `null` as default makes it nullable (and unset). */
export const text = (d: string | null, maxLength = 255, check?: { pattern: RegExp; hint: string }): FieldSpec =>
  ({ kind: 'string', default: d, maxLength, pattern: check?.pattern, hint: check?.hint });
/** An absolute http(s) URL, unset by default. */
export const url = (): FieldSpec => ({ kind: 'url', default: null });
/** One of fixed values. */
export const oneOf = (values: readonly string[], d: string | null): FieldSpec => ({ kind: 'enum', values, default: d });
/** A whole number within bounds. */
export const int = (min: number, max: number, d: number | null): FieldSpec => ({ kind: 'integer', min, max, default: d });
/** An array of strings (tags, codecs). */
export const strings = (d: string[], maxItems = 50, maxLength = 255): FieldSpec => ({ kind: 'strings', default: d, maxItems, maxLength });
/** A nested object. */
export const object = (fields: SettingsSpec): FieldSpec => ({ kind: 'object', fields });
/** The same field, never read from a body. */
export const readOnly = (field: FieldSpec): FieldSpec => ({ ...field, readOnly: true });

/** The settings of a new resource: every field at its default. */
export function defaultsOf(spec: SettingsSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).map(([key, field]) => [key, field.kind === 'object' ? defaultsOf(field.fields) : field.kind === 'strings' ? [...field.default] : field.default]));
}

/**
 * `current` with every settable field the body sends applied, each validated (a bad one is a 422 pointing at it).
 * Fields the spec does not know are ignored, as Telnyx ignores them; a nullable field takes `null` to clear it.
 */
export function applySettings(body: JsonFields, spec: SettingsSpec, current: Record<string, unknown>): Record<string, unknown> {
  const next = { ...current };
  for (const [key, field] of Object.entries(spec)) {
    if (field.readOnly || !body.has(key)) continue;
    const nullable = field.kind !== 'object' && field.kind !== 'strings' && field.default === null;
    switch (field.kind) {
      case 'object': {
        const nested = body.object(key);
        if (nested) next[key] = applySettings(nested, field.fields, (current[key] as Record<string, unknown>) ?? defaultsOf(field.fields));
        break;
      }
      case 'boolean': {
        const value = body.boolean(key);
        if (value !== undefined) next[key] = value;
        else if (nullable) next[key] = null;
        break;
      }
      case 'string': {
        const value = body.string(key, { maxLength: field.maxLength, nullable });
        if (value && field.pattern && !field.pattern.test(value)) throw invalidField(body.pointer(key), `"${value.slice(0, 40)}" ${field.hint}`);
        if (value !== undefined) next[key] = value;
        break;
      }
      case 'url': {
        const value = body.url(key);
        if (value !== undefined) next[key] = value;
        break;
      }
      case 'enum': {
        const value = body.oneOf(key, field.values);
        if (value !== undefined) next[key] = value;
        else if (nullable) next[key] = null;
        break;
      }
      case 'integer': {
        const value = body.integer(key, { min: field.min, max: field.max, nullable });
        if (value !== undefined) next[key] = value;
        break;
      }
      case 'strings': {
        const value = body.stringArray(key, { maxItems: field.maxItems, maxLength: field.maxLength });
        if (value !== undefined) next[key] = value;
        break;
      }
    }
  }
  return next;
}
