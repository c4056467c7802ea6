/**
 * Schemas and diagnostics: the contract's plain types (types.ts) -> tfplugin6 messages, in the JavaScript shape
 * of server/protobuf.ts (snake_case field names, enum value names).
 */
import type { ProtoMessage } from './protobuf';
import type { AttributePath, TfAttribute, TfBlock, TfDiagnostic, TfNestedObject, TfSchema } from './types';

/** tfplugin6.Schema for a schema. */
export function schemaToProto(schema: TfSchema): ProtoMessage {
  return { version: schema.version, block: blockToProto(schema.block) };
}

function blockToProto(block: TfBlock): ProtoMessage {
  return {
    version: block.version ?? 0,
    attributes: block.attributes.map((a) => attributeToProto(a, block.descriptionKind)),
    block_types: (block.blockTypes ?? []).map((nested) => ({
      type_name: nested.typeName,
      block: blockToProto(nested.block),
      nesting: nested.nesting.toUpperCase(),
      min_items: nested.minItems ?? 0,
      max_items: nested.maxItems ?? 0,
    })),
    description: block.description,
    description_kind: block.descriptionKind === 'markdown' ? 'MARKDOWN' : 'PLAIN',
    deprecated: false,
  };
}

// Attributes carry no description kind of their own in the contract: they share their block's.
function attributeToProto(attribute: TfAttribute, kind: TfBlock['descriptionKind']): ProtoMessage {
  return {
    name: attribute.name,
    // Terraform's JSON type encoding, as bytes: "string" is sent as the 8 bytes `"string"`.
    type: attribute.type === undefined ? undefined : Buffer.from(JSON.stringify(attribute.type), 'utf8'),
    nested_type: attribute.nestedType ? nestedToProto(attribute.nestedType, kind) : undefined,
    description: attribute.description,
    required: attribute.required ?? false,
    optional: attribute.optional ?? false,
    computed: attribute.computed ?? false,
    sensitive: attribute.sensitive ?? false,
    description_kind: kind === 'markdown' ? 'MARKDOWN' : 'PLAIN',
    deprecated: attribute.deprecated ?? false,
  };
}

function nestedToProto(nested: TfNestedObject, kind: TfBlock['descriptionKind']): ProtoMessage {
  return { attributes: nested.attributes.map((a) => attributeToProto(a, kind)), nesting: nested.nesting.toUpperCase() };
}

/** tfplugin6.AttributePath for a path. */
export function attributePathToProto(path: AttributePath): ProtoMessage {
  return {
    steps: path.map((step) =>
      'attributeName' in step
        ? { attribute_name: step.attributeName }
        : 'elementKeyString' in step
          ? { element_key_string: step.elementKeyString }
          : { element_key_int: step.elementKeyInt },
    ),
  };
}

/** tfplugin6.Diagnostic list for diagnostics. */
export function diagnosticsToProto(diagnostics: readonly TfDiagnostic[] | undefined): ProtoMessage[] {
  return (diagnostics ?? []).map((d) => ({
    severity: d.severity === 'warning' ? 'WARNING' : 'ERROR',
    summary: d.summary,
    detail: d.detail ?? '',
    attribute: d.attribute && d.attribute.length > 0 ? attributePathToProto(d.attribute) : undefined,
  }));
}

/**
 * Problems Terraform would report as "Internal validation of the provider failed" or mis-handle: caught here,
 * with a readable path, so an implementation bug shows up in unit tests rather than in a user's plan.
 */
export function checkSchema(name: string, schema: TfSchema): string[] {
  const problems: string[] = [];
  const checkAttributes = (path: string, attributes: TfAttribute[]): void => {
    for (const a of attributes) {
      const p = `${path}.${a.name}`;
      if ((a.type === undefined) === (a.nestedType === undefined)) problems.push(`${p}: exactly one of type and nestedType`);
      if (!a.required && !a.optional && !a.computed) problems.push(`${p}: must be required, optional or computed`);
      if (a.required && (a.optional || a.computed)) problems.push(`${p}: required excludes optional and computed`);
      if (a.nestedType) checkAttributes(p, a.nestedType.attributes);
    }
  };
  const checkBlock = (path: string, block: TfBlock): void => {
    checkAttributes(path, block.attributes);
    for (const nested of block.blockTypes ?? []) checkBlock(`${path}.${nested.typeName}`, nested.block);
  };
  checkBlock(name, schema.block);
  return problems;
}
