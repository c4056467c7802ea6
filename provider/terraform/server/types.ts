/**
 * The contract between the Terraform plugin server (gRPC, TLS, msgpack: server/) and what it serves (schemas and
 * resource logic: provider.ts, resources/). Everything here is plain JavaScript: values are decoded from msgpack
 * `DynamicValue`s before they arrive and encoded after they leave, so the provider side never sees protobuf.
 *
 * Names follow tfplugin6.proto (camelCase), so the protocol documentation reads straight onto these types.
 */

/** Terraform's "not known until apply" value (msgpack extension type 0). */
export const UNKNOWN: unique symbol = Symbol.for('didops.terraform.unknown');

/** A Terraform value: null, a primitive, a list/set/tuple (array), an object/map (record), or unknown. */
export type TfValue = null | string | number | boolean | typeof UNKNOWN | TfValue[] | { [key: string]: TfValue };

/** An object value (a resource's or a block's attributes). */
export type TfObject = { [key: string]: TfValue };

/** One step of an attribute path: an attribute name, a map key or a list index. */
export type AttributePathStep = { attributeName: string } | { elementKeyString: string } | { elementKeyInt: number };

/** A path to an attribute, e.g. `search.area_code` = [{attributeName:'search'},{attributeName:'area_code'}]. */
export type AttributePath = AttributePathStep[];

/** A diagnostic for Terraform to show. */
export interface TfDiagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

/**
 * A cty type as Terraform's JSON type encoding has it: `"string"`, `"number"`, `"bool"`, `"dynamic"`,
 * `["list", T]`, `["set", T]`, `["map", T]`, `["object", { name: T }]`, `["tuple", [T...]]`.
 */
export type CtyType = 'string' | 'number' | 'bool' | 'dynamic' | ['list' | 'set' | 'map', CtyType] | ['object', Record<string, CtyType>] | ['tuple', CtyType[]];

/** Schema.Attribute. Exactly one of `type` and `nestedType`. */
export interface TfAttribute {
  name: string;
  type?: CtyType;
  nestedType?: TfNestedObject;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
}

/** Schema.Object: attributes nested in an attribute (protocol 6). */
export interface TfNestedObject {
  attributes: TfAttribute[];
  nesting: 'single' | 'list' | 'set' | 'map';
}

/** Schema.NestedBlock. */
export interface TfNestedBlock {
  typeName: string;
  block: TfBlock;
  nesting: 'single' | 'list' | 'set' | 'map' | 'group';
  minItems?: number;
  maxItems?: number;
}

/** Schema.Block. */
export interface TfBlock {
  version?: number;
  attributes: TfAttribute[];
  blockTypes?: TfNestedBlock[];
  description: string;
  descriptionKind?: 'plain' | 'markdown';
}

/** Schema. */
export interface TfSchema {
  version: number;
  block: TfBlock;
}

/** GetProviderSchema.Response, without diagnostics. */
export interface TfProviderSchemas {
  provider: TfSchema;
  resourceSchemas: Record<string, TfSchema>;
  dataSourceSchemas: Record<string, TfSchema>;
}

/** What every call that can fail returns besides its result. */
export interface WithDiagnostics {
  diagnostics?: TfDiagnostic[];
}

/**
 * Everything the server needs from the provider. The server calls `schemas()` once at start-up (it needs the types
 * to decode values) and then one method per RPC; methods may throw, and the server turns the error into an error
 * diagnostic (a `DidopsError` with a `field` keeps its attribute path via `toTfDiagnostics`).
 */
export interface TerraformProviderImplementation {
  /** The provider's, resources' and data sources' schemas. */
  schemas(): TfProviderSchemas;
  /** ValidateProviderConfig: checks the provider block (values may be unknown). */
  validateProviderConfig(config: TfObject): Promise<WithDiagnostics>;
  /** ConfigureProvider: the provider block, fully known; env defaults are applied by the implementation. */
  configureProvider(config: TfObject, terraformVersion: string): Promise<WithDiagnostics>;
  /** ValidateResourceConfig: checks a resource block (values may be unknown). */
  validateResourceConfig(typeName: string, config: TfObject): Promise<WithDiagnostics>;
  /** ValidateDataResourceConfig. */
  validateDataResourceConfig(typeName: string, config: TfObject): Promise<WithDiagnostics>;
  /** UpgradeResourceState: `rawStateJson` is the stored JSON; returns the state as a value of the current schema. */
  upgradeResourceState(typeName: string, version: number, rawStateJson: string): Promise<WithDiagnostics & { upgradedState: TfObject | null }>;
  /** ReadResource: `newState` null means the resource is gone. */
  readResource(typeName: string, currentState: TfObject, priorPrivate: Uint8Array): Promise<WithDiagnostics & { newState: TfObject | null; private?: Uint8Array }>;
  /** PlanResourceChange: `priorState` null means create, `proposedNewState` null means destroy. */
  planResourceChange(request: {
    typeName: string;
    priorState: TfObject | null;
    proposedNewState: TfObject | null;
    config: TfObject | null;
    priorPrivate: Uint8Array;
  }): Promise<WithDiagnostics & { plannedState: TfObject | null; requiresReplace?: AttributePath[]; plannedPrivate?: Uint8Array }>;
  /** ApplyResourceChange: `priorState` null means create, `plannedState` null means destroy (then return newState null). */
  applyResourceChange(request: {
    typeName: string;
    priorState: TfObject | null;
    plannedState: TfObject | null;
    config: TfObject | null;
    plannedPrivate: Uint8Array;
  }): Promise<WithDiagnostics & { newState: TfObject | null; private?: Uint8Array }>;
  /** ImportResourceState: `terraform import ADDRESS ID`. */
  importResourceState(typeName: string, id: string): Promise<WithDiagnostics & { importedResources: { typeName: string; state: TfObject; private?: Uint8Array }[] }>;
  /** ReadDataSource. */
  readDataSource(typeName: string, config: TfObject): Promise<WithDiagnostics & { state: TfObject | null }>;
  /** StopProvider: Terraform asks in-flight work to stop (Ctrl-C). */
  stopProvider(): Promise<void>;
}
