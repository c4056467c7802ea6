/**
 * The provider's own description of an attribute: a Terraform attribute plus what the adapters need to move values
 * between Terraform and the handlers (the model's camelCase field name and the zod default). `toTfAttribute` strips
 * it down to the protocol's Schema.Attribute.
 */
import type { CtyType, TfAttribute, TfBlock, TfSchema } from '../server/types';
import { toSnakeCase } from './naming';

/** One attribute, as the adapters see it. */
export interface AttributeModel {
  /** Terraform's name, snake_case. */
  readonly name: string;
  /** The model's (handler's) name, camelCase. */
  readonly field: string;
  /** A primitive or collection type; absent when `nested` is set. */
  readonly type?: CtyType;
  /** Nested attributes (protocol 6 nested types). */
  readonly nested?: { readonly nesting: 'single' | 'list'; readonly attributes: readonly AttributeModel[] };
  /** Documentation, markdown. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /** The zod default in the model's (camelCase) form; the plan fills it in when the configuration leaves it null. */
  readonly default?: unknown;
}

/** The protocol's Schema.Attribute for a model. */
export function toTfAttribute(model: AttributeModel): TfAttribute {
  const attribute: TfAttribute = { name: model.name, description: model.description };
  if (model.nested) attribute.nestedType = { nesting: model.nested.nesting, attributes: model.nested.attributes.map(toTfAttribute) };
  else attribute.type = model.type ?? 'string';
  if (model.required) attribute.required = true;
  if (model.optional) attribute.optional = true;
  if (model.computed) attribute.computed = true;
  if (model.sensitive) attribute.sensitive = true;
  return attribute;
}

/** A schema (version 0) whose block has these attributes. */
export function schemaOf(description: string, attributes: readonly AttributeModel[]): TfSchema {
  const block: TfBlock = {
    version: 0,
    attributes: attributes.map(toTfAttribute),
    description,
    descriptionKind: 'markdown',
  };
  return { version: 0, block };
}

/** The primitive cty types outputs use. */
type Primitive = 'string' | 'number' | 'bool';

/** A computed-only attribute for an output field (`carrierFriendlyName` → `carrier_friendly_name`). */
export function computedAttribute(field: string, type: Primitive | CtyType, description: string): AttributeModel {
  return { name: toSnakeCase(field), field, type, description, computed: true };
}

/** A computed-only nested object (every nested attribute computed too, as Terraform requires). */
export function computedObject(field: string, description: string, attributes: readonly AttributeModel[], nesting: 'single' | 'list' = 'single'): AttributeModel {
  return { name: toSnakeCase(field), field, description, computed: true, nested: { nesting, attributes: attributes.map(asComputed) } };
}

/** The same attribute, computed-only (for outputs built from input models). */
export function asComputed(model: AttributeModel): AttributeModel {
  const { required: _r, optional: _o, default: _d, ...rest } = model;
  return {
    ...rest,
    computed: true,
    ...(model.nested ? { nested: { nesting: model.nested.nesting, attributes: model.nested.attributes.map(asComputed) } } : {}),
  };
}

/** Finds the attribute at a path of camelCase field names (`search.areaCode`). */
export function attributeAt(models: readonly AttributeModel[], fieldPath: string): AttributeModel | undefined {
  let current: readonly AttributeModel[] | undefined = models;
  let found: AttributeModel | undefined;
  for (const part of fieldPath.split('.')) {
    found = current?.find((m) => m.field === part);
    if (!found) return undefined;
    current = found.nested?.attributes;
  }
  return found;
}

/** Every attribute, depth first, with its camelCase path. */
export function walkAttributes(models: readonly AttributeModel[], base = ''): { path: string; model: AttributeModel }[] {
  return models.flatMap((model) => {
    const path = base ? `${base}.${model.field}` : model.field;
    return [{ path, model }, ...(model.nested ? walkAttributes(model.nested.attributes, path) : [])];
  });
}
