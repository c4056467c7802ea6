/**
 * The provider's schemas in the JSON form `terraform providers schema -json` prints: what the CDKTF binding
 * generator reads, so the bindings come from the same schemas Terraform sees without running Terraform.
 */
import type { TfAttribute, TfBlock, TfNestedObject, TfProviderSchemas, TfSchema } from '../server/types';

/** The provider's source address, as HCL's `required_providers` names it. */
export const PROVIDER_SOURCE = 'registry.terraform.io/didops/didops';

/** One provider's part of `terraform providers schema -json`. */
export interface ProviderSchemaJson {
  provider: SchemaJson;
  resource_schemas: Record<string, SchemaJson>;
  data_source_schemas: Record<string, SchemaJson>;
}

/** A schema as Terraform's JSON output has it. */
export interface SchemaJson {
  version: number;
  block: BlockJson;
}

interface BlockJson {
  attributes?: Record<string, AttributeJson>;
  block_types?: Record<string, { nesting_mode: string; block: BlockJson; min_items?: number; max_items?: number }>;
  description?: string;
  description_kind: 'plain' | 'markdown';
}

interface AttributeJson {
  type?: unknown;
  nested_type?: { attributes: Record<string, AttributeJson>; nesting_mode: string };
  description?: string;
  description_kind: 'plain' | 'markdown';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  deprecated?: true;
}

function attribute(a: TfAttribute): AttributeJson {
  const json: AttributeJson = { description_kind: 'plain' };
  if (a.type !== undefined) json.type = a.type;
  if (a.nestedType) json.nested_type = nested(a.nestedType);
  if (a.description) json.description = a.description;
  if (a.required) json.required = true;
  if (a.optional) json.optional = true;
  if (a.computed) json.computed = true;
  if (a.sensitive) json.sensitive = true;
  if (a.deprecated) json.deprecated = true;
  // Terraform prints the keys in this order; keeping it makes the file diff cleanly against the real output.
  const { type, nested_type, description, description_kind, required, optional, computed, sensitive, deprecated } = json;
  return JSON.parse(JSON.stringify({ type, nested_type, description, description_kind, required, optional, computed, sensitive, deprecated }));
}

function nested(o: TfNestedObject): NonNullable<AttributeJson['nested_type']> {
  return { attributes: byName(o.attributes), nesting_mode: o.nesting };
}

function byName(attributes: readonly TfAttribute[]): Record<string, AttributeJson> {
  return Object.fromEntries([...attributes].sort((x, y) => x.name.localeCompare(y.name)).map((a) => [a.name, attribute(a)]));
}

function block(b: TfBlock): BlockJson {
  const json: BlockJson = { description_kind: b.descriptionKind ?? 'plain' };
  if (b.attributes.length > 0) json.attributes = byName(b.attributes);
  if (b.blockTypes && b.blockTypes.length > 0) {
    json.block_types = Object.fromEntries(
      b.blockTypes.map((t) => [t.typeName, { nesting_mode: t.nesting, block: block(t.block), ...(t.minItems ? { min_items: t.minItems } : {}), ...(t.maxItems ? { max_items: t.maxItems } : {}) }]),
    );
  }
  if (b.description) json.description = b.description;
  return { ...(json.attributes ? { attributes: json.attributes } : {}), ...(json.block_types ? { block_types: json.block_types } : {}), ...(json.description ? { description: json.description } : {}), description_kind: json.description_kind };
}

function schema(s: TfSchema): SchemaJson {
  return { version: s.version, block: block(s.block) };
}

/** `terraform providers schema -json` for this provider alone. */
export function providersSchemaJson(schemas: TfProviderSchemas): { format_version: '1.0'; provider_schemas: Record<string, ProviderSchemaJson> } {
  const sorted = (record: Record<string, TfSchema>) =>
    Object.fromEntries(Object.keys(record).sort().map((name) => [name, schema(record[name])]));
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_SOURCE]: {
        provider: schema(schemas.provider),
        resource_schemas: sorted(schemas.resourceSchemas),
        data_source_schemas: sorted(schemas.dataSourceSchemas),
      },
    },
  };
}
