/**
 * Values between Terraform and the handlers, driven by the attribute models: Terraform objects carry every
 * attribute (null when unset) under snake_case names; handler values are camelCase and leave unset fields out.
 * Unknown values (Terraform's "known after apply") never reach a handler: `toModelInputs` translates them to the
 * core's marker, and src/core/unknowns.ts decides what they mean.
 */
import { containsUnknown as containsUnknownOf, knownPart as knownPartOfInputs, UNKNOWN as CORE_UNKNOWN, type InputsWithUnknowns } from '../../../src/core/unknowns';
import { UNKNOWN, type TfObject, type TfValue } from '../server/types';
import type { AttributeModel } from './attributes';

/** A handler-side (camelCase, JSON-like) object. */
export type ModelObject = Record<string, unknown>;

/** True for Terraform's unknown value. */
export function isUnknown(value: unknown): value is typeof UNKNOWN {
  return value === UNKNOWN;
}

/** True when the value is unknown or holds an unknown anywhere inside. */
export function containsUnknown(value: TfValue): boolean {
  return containsUnknownOf(value, isUnknown);
}

/** True for a Terraform object value (not null, not a list, not unknown). */
export function isTfObject(value: TfValue | undefined): value is TfObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): value is ModelObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A handler value as a Terraform object with every attribute of `models` (null where the value has none). */
export function toTfObject(models: readonly AttributeModel[], value: unknown): TfObject {
  const source = isRecord(value) ? value : {};
  const out: TfObject = {};
  for (const model of models) out[model.name] = toTfValue(model, source[model.field]);
  return out;
}

/** One handler field value as a Terraform value of `model`'s type. */
export function toTfValue(model: AttributeModel, value: unknown): TfValue {
  if (value === undefined || value === null) return null;
  if (model.nested) {
    const { nesting, attributes } = model.nested;
    if (nesting === 'list') return Array.isArray(value) ? value.map((item) => toTfObject(attributes, item)) : null;
    return toTfObject(attributes, value);
  }
  return plain(value);
}

/** JSON-like data as a TfValue (lists of strings, numbers, booleans). */
function plain(value: unknown): TfValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return String(value);
}

/** A fully known Terraform object as a handler value: camelCase names, nulls left out. Throws on unknown values. */
export function fromTfObject(models: readonly AttributeModel[], value: TfObject): ModelObject {
  const { value: known, unknownPaths } = knownPart(models, value);
  if (unknownPaths.length > 0) throw new TypeError(`unexpected unknown value at ${unknownPaths.join(', ')}`);
  return known;
}

/**
 * A Terraform object as handler-shaped inputs: camelCase names, nulls left out, and the core's unknown marker where
 * Terraform's unknown was (a list holding one is unknown as a whole, as is a plain value holding one).
 */
export function toModelInputs(models: readonly AttributeModel[], value: TfObject): InputsWithUnknowns {
  const out: InputsWithUnknowns = {};
  for (const model of models) {
    const v = value[model.name];
    if (v === null || v === undefined) continue;
    if (model.nested?.nesting === 'single' && isTfObject(v)) {
      out[model.field] = toModelInputs(model.nested.attributes, v);
    } else if (containsUnknown(v)) {
      out[model.field] = CORE_UNKNOWN;
    } else if (model.nested?.nesting === 'list' && Array.isArray(v)) {
      const attributes = model.nested.attributes;
      out[model.field] = v.map((item) => (isTfObject(item) ? toModelInputs(attributes, item) : item));
    } else {
      out[model.field] = fromPlain(v);
    }
  }
  return out;
}

/** The known part of a Terraform object as a handler value, and the camelCase paths of what was unknown. */
export function knownPart(models: readonly AttributeModel[], value: TfObject): { value: ModelObject; unknownPaths: string[] } {
  return knownPartOfInputs(toModelInputs(models, value));
}

/**
 * A recorded output of a plain or collection type, as the handler returned it: {@link toTfValue} kept its keys and
 * nulls (a map entry or an object attribute that is null says so), so they are kept here too, unlike inputs, where
 * null means unset.
 */
export function fromTfOutput(value: TfValue): unknown {
  if (Array.isArray(value)) return value.map(fromTfOutput);
  if (isTfObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromTfOutput(v)]));
  return value;
}

function fromPlain(value: TfValue): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (isTfObject(value)) {
    const out: ModelObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = fromPlain(v);
    return out;
  }
  return value;
}

/** The object with every null attribute that has a zod default set to it, at every depth; unknowns stay unknown. */
export function fillDefaults(models: readonly AttributeModel[], value: TfObject): TfObject {
  const out: TfObject = { ...value };
  for (const model of models) {
    const v = value[model.name] ?? null;
    if (v === null) {
      // zod returns a default as it is, without parsing it again, so neither is it filled in further here.
      out[model.name] = model.default !== undefined ? toTfValue(model, model.default) : null;
    } else if (model.nested?.nesting === 'single' && isTfObject(v)) {
      out[model.name] = fillDefaults(model.nested.attributes, v);
    } else if (model.nested?.nesting === 'list' && Array.isArray(v)) {
      const attributes = model.nested.attributes;
      out[model.name] = v.map((item) => (isTfObject(item) ? fillDefaults(attributes, item) : item));
    } else {
      out[model.name] = v;
    }
  }
  return out;
}

/**
 * A stored (JSON) value made to fit `models`: every attribute present, nested objects completed, attributes the
 * schema no longer has dropped.
 */
export function conformTfObject(models: readonly AttributeModel[], raw: unknown): TfObject {
  const source = isRecord(raw) ? raw : {};
  const out: TfObject = {};
  for (const model of models) {
    const v = source[model.name];
    if (v === undefined || v === null) out[model.name] = null;
    else if (model.nested?.nesting === 'single') out[model.name] = conformTfObject(model.nested.attributes, v);
    else if (model.nested?.nesting === 'list') out[model.name] = Array.isArray(v) ? v.map((item) => conformTfObject(model.nested!.attributes, item)) : null;
    else out[model.name] = plain(v);
  }
  return out;
}

/**
 * What apply reports: every value the plan knew, as planned (Terraform refuses a result that differs from a known
 * planned value), and what the plan left unknown from `actual`.
 */
export function mergeKnown(planned: TfValue, actual: TfValue | undefined): TfValue {
  if (isUnknown(planned)) return actual === undefined || isUnknown(actual) ? null : actual;
  if (isTfObject(planned)) {
    const source = isTfObject(actual) ? actual : {};
    const out: TfObject = {};
    for (const [name, value] of Object.entries(planned)) out[name] = mergeKnown(value, source[name]);
    return out;
  }
  if (Array.isArray(planned)) {
    const source = Array.isArray(actual) ? actual : [];
    return planned.map((value, i) => mergeKnown(value, source[i]));
  }
  return planned;
}

/** Deep equality of Terraform values; unknown equals only unknown. */
export function tfEqual(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => tfEqual(v, b[i]));
  }
  if (isTfObject(a) && isTfObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!tfEqual(a[key] ?? null, b[key] ?? null)) return false;
    return true;
  }
  return false;
}

/** The attributes of `value` named in `models` (the rest left out). */
export function pickAttributes(models: readonly AttributeModel[], value: TfObject): TfObject {
  const out: TfObject = {};
  for (const model of models) out[model.name] = value[model.name] ?? null;
  return out;
}
