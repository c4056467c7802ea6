/**
 * tfplugin6 attributes generated from the zod models, through zod's own JSON Schema output (`io: 'input'`, what a
 * user writes), so the Terraform schema cannot drift from what `check` validates:
 *
 * - names become snake_case; descriptions come from the models' `.meta({ description })`;
 * - objects become nested attributes (nesting `single`); a union of objects (`search.near`) becomes one nested
 *   object with every field optional, and the description says which combinations are accepted;
 * - strings and enums become `string` (the enum's values are listed in the description), numbers `number`, booleans
 *   `bool`, arrays of strings `list(string)`;
 * - a field with a zod default is `optional` + `computed` and keeps the default for the plan to fill in, so apply
 *   never produces a value the plan did not predict.
 */
import { z } from 'zod';
import type { CtyType } from '../server/types';
import type { AttributeModel } from './attributes';
import { snakeCaseFieldNames, toSnakeCase } from './naming';

/** The part of JSON Schema zod emits for the models. */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

/** Options of {@link attributesFromZod}. */
export interface ZodToTerraformOptions {
  /** Descriptions for fields whose model has none, by camelCase path (`voice.method`). */
  readonly fallbackDescriptions?: Readonly<Record<string, string>>;
  /** Text appended to a field's description, by camelCase path (replacement rules, Terraform-specific notes). */
  readonly notes?: Readonly<Record<string, string>>;
  /** Top-level fields to leave out of the schema. */
  readonly omit?: readonly string[];
  /** Other attributes' field names (the outputs) that descriptions may mention, to be rewritten as well. */
  readonly otherFields?: readonly string[];
}

/** The attributes of a zod object model, ready for a resource or data source schema. */
export function attributesFromZod(schema: z.ZodType, options: ZodToTerraformOptions = {}): AttributeModel[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const context: Context = { root, options, fields: collectFieldNames(root, root, new Set(options.otherFields ?? [])), missing: [] };
  const object = resolve(root, context);
  if (!object.properties) throw new TypeError('attributesFromZod: the model is not an object');
  const omitted = new Set(options.omit ?? []);
  const models = objectAttributes(object, '', context).filter((m) => !omitted.has(m.field));
  if (context.missing.length > 0) {
    // Every attribute feeds generated docs and CDKTF bindings; an undocumented one is a bug to fix in the model.
    throw new TypeError(`attributesFromZod: no description for ${context.missing.join(', ')}; add .meta({ description }) or a fallback`);
  }
  return models;
}

interface Context {
  readonly root: JsonSchema;
  readonly options: ZodToTerraformOptions;
  /** Every property name in the model, for rewriting backticked names in descriptions. */
  readonly fields: ReadonlySet<string>;
  readonly missing: string[];
}

function resolve(schema: JsonSchema, context: Context): JsonSchema {
  if (!schema.$ref) return schema;
  const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name !== undefined ? context.root.$defs?.[name] : undefined;
  if (!target) throw new TypeError(`attributesFromZod: cannot resolve ${schema.$ref}`);
  // Keep what the referring site says (description, default) over the shared definition.
  const { $ref: _ref, ...site } = schema;
  return { ...resolve(target, context), ...site };
}

function collectFieldNames(schema: JsonSchema, root: JsonSchema, into = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    into.add(name);
    collectFieldNames(child, root, into);
  }
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) collectFieldNames(branch, root, into);
  if (schema.items) collectFieldNames(schema.items, root, into);
  for (const def of Object.values(schema === root ? (root.$defs ?? {}) : {})) collectFieldNames(def, root, into);
  return into;
}

function objectAttributes(object: JsonSchema, base: string, context: Context): AttributeModel[] {
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([field, child]) =>
    attribute(field, base ? `${base}.${field}` : field, child, required.has(field), context),
  );
}

function attribute(field: string, path: string, raw: JsonSchema, required: boolean, context: Context): AttributeModel {
  const schema = resolve(raw, context);
  const hasDefault = schema.default !== undefined;
  const flags = required && !hasDefault ? { required: true } : hasDefault ? { optional: true, computed: true } : { optional: true };
  const objects = objectBranches(schema, context);
  const name = toSnakeCase(field);

  if (objects.length > 1) {
    // A union of objects has no tfplugin6 form; one nested object holding every branch's fields, all optional,
    // lets users write any branch, and `check` (zod) still refuses a mix of branches.
    const merged = mergeBranches(objects);
    const combos = objects.map((o) => `{ ${Object.keys(o.properties ?? {}).map(toSnakeCase).join(', ')} }`).join(' or ');
    const description = describe(path, schema, context, `Give one of: ${combos}.`);
    const attributes = objectAttributes(merged, path, context).map((a) => ({ ...a, required: undefined, optional: true }));
    return { name, field, description, ...flags, ...defaultOf(schema), nested: { nesting: 'single', attributes: attributes.map(stripUndefined) } };
  }
  if (objects.length === 1) {
    const object = objects[0];
    const description = describe(path, { ...object, ...schema }, context);
    return { name, field, description, ...flags, ...defaultOf(schema), nested: { nesting: 'single', attributes: objectAttributes(object, path, context) } };
  }
  const items = schema.items ? resolve(schema.items, context) : undefined;
  if (items && objectBranches(items, context).length === 1) {
    const object = objectBranches(items, context)[0];
    return { name, field, description: describe(path, schema, context), ...flags, ...defaultOf(schema), nested: { nesting: 'list', attributes: objectAttributes(object, path, context) } };
  }
  const type = ctyType(schema, context);
  const enumValues = schema.enum ?? items?.enum;
  const extra = enumValues ? `${items ? 'Each one of' : 'One of'}: ${enumValues.map((v) => `\`${String(v)}\``).join(', ')}.` : undefined;
  return { name, field, type, description: describe(path, schema, context, extra), ...flags, ...defaultOf(schema) };
}

function stripUndefined(model: AttributeModel): AttributeModel {
  return Object.fromEntries(Object.entries(model).filter(([, v]) => v !== undefined)) as unknown as AttributeModel;
}

function defaultOf(schema: JsonSchema): { default?: unknown } {
  return schema.default !== undefined ? { default: schema.default } : {};
}

/** The object schemas a value may be: one for a plain object, several for a union of objects. */
function objectBranches(schema: JsonSchema, context: Context): JsonSchema[] {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const resolved = branches.map((b) => resolve(b, context)).filter((b) => b.type !== 'null');
    return resolved.every((b) => b.type === 'object' && b.properties) ? resolved : [];
  }
  return schema.type === 'object' && schema.properties ? [schema] : [];
}

/** One object with every branch's properties; a field in several branches keeps the first branch's schema. */
function mergeBranches(branches: JsonSchema[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const branch of branches) {
    for (const [name, schema] of Object.entries(branch.properties ?? {})) properties[name] ??= schema;
  }
  return { type: 'object', properties, required: [] };
}

function ctyType(schema: JsonSchema, context: Context): CtyType {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const concrete = branches.map((b) => resolve(b, context)).filter((b) => b.type !== 'null');
    if (concrete.length === 1) return ctyType(concrete[0], context);
    throw new TypeError(`attributesFromZod: no Terraform type for a union of ${concrete.map((b) => String(b.type)).join(', ')}`);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'array': {
      const items = schema.items ? ctyType(resolve(schema.items, context), context) : 'string';
      return ['list', items];
    }
    default:
      if (schema.enum?.every((v) => typeof v === 'string') || typeof schema.const === 'string') return 'string';
      throw new TypeError(`attributesFromZod: no Terraform type for JSON Schema type ${JSON.stringify(schema.type)}`);
  }
}

/** The field's description: the model's (or the fallback), the generated extras, the default and any note. */
function describe(path: string, schema: JsonSchema, context: Context, extra?: string): string {
  const own = schema.description ?? context.options.fallbackDescriptions?.[path];
  if (own === undefined) context.missing.push(path);
  const parts = [own ?? '', extra ?? ''];
  if (schema.default !== undefined && !isEmptyObject(schema.default)) parts.push(`Defaults to \`${typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default)}\`.`);
  const note = context.options.notes?.[path];
  if (note) parts.push(note);
  return snakeCaseFieldNames(parts.filter((p) => p.length > 0).join(' '), context.fields);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
