/**
 * The tfplugin6.Provider service: one handler per RPC, from a decoded request message to a response message
 * (server/protobuf.ts shapes). Values are decoded against the schemas before the implementation sees them and
 * encoded against them afterwards. Nothing here throws at Terraform: implementation errors, bad values and unknown
 * type names all become error diagnostics in the response, which Terraform shows like any provider's.
 */
import type { DynamicValueMessage } from './values';
import { decodeObject, encodeObject, ValueTypeError } from './values';
import type { ProtoMessage } from './protobuf';
import { attributePathToProto, checkSchema, diagnosticsToProto, schemaToProto } from './schema';
import type { TerraformProviderImplementation, TfBlock, TfDiagnostic, TfObject, TfProviderSchemas } from './types';

/** A unary RPC handler. */
export type UnaryHandler = (request: ProtoMessage) => Promise<ProtoMessage>;

/**
 * What the provider tells Terraform about itself. plan_destroy: Terraform calls PlanResourceChange for destroys too
 * (proposed_new_state null), and the server answers planned_state null whatever the implementation returns.
 * get_provider_schema_optional false: Terraform must call GetProviderSchema on every start, which this server also
 * needs, because it is what loads the schemas used to decode values.
 */
export const SERVER_CAPABILITIES = { plan_destroy: true, get_provider_schema_optional: false };

/** The implementation, given directly or as a factory called on first use (keeps start-up cheap). */
export type ImplementationSource = TerraformProviderImplementation | (() => TerraformProviderImplementation);

interface Loaded {
  impl: TerraformProviderImplementation;
  schemas: TfProviderSchemas;
  schemaResponse: ProtoMessage;
}

/** The error's diagnostics: `toTfDiagnostics` from provider/terraform/diagnostics.ts when present, else its message. */
export function errorToDiagnostics(err: unknown): TfDiagnostic[] {
  try {
    // Optional module, owned by the provider implementation; required lazily so a missing file costs nothing.
    const mod = require('../diagnostics') as { toTfDiagnostics?: (e: unknown) => TfDiagnostic[] | TfDiagnostic };
    if (typeof mod.toTfDiagnostics === 'function') {
      const result = mod.toTfDiagnostics(err);
      const list = Array.isArray(result) ? result : result ? [result] : [];
      if (list.length > 0) return list;
    }
  } catch {
    // Not there (or broken): fall back to the message below.
  }
  const message = err instanceof Error ? err.message : String(err);
  return [{ severity: 'error', summary: message || 'Unexpected error in the didops provider' }];
}

/** The Provider service handlers, keyed by RPC name. `log` receives one line per RPC. */
export function createProviderService(source: ImplementationSource, log: (line: string) => void = () => {}): Record<string, UnaryHandler> {
  let loaded: Loaded | undefined;
  let loadError: unknown;

  const load = (): Loaded => {
    if (loaded) return loaded;
    if (loadError) throw loadError;
    try {
      const impl = typeof source === 'function' ? source() : source;
      const schemas = impl.schemas();
      const problems = [
        ...checkSchema('provider', schemas.provider),
        ...Object.entries(schemas.resourceSchemas).flatMap(([n, s]) => checkSchema(n, s)),
        ...Object.entries(schemas.dataSourceSchemas).flatMap(([n, s]) => checkSchema(n, s)),
      ];
      if (problems.length > 0) throw new Error(`invalid provider schema: ${problems.join('; ')}`);
      const resourceSchemas: Record<string, ProtoMessage> = {};
      for (const [n, s] of Object.entries(schemas.resourceSchemas)) resourceSchemas[n] = schemaToProto(s);
      const dataSourceSchemas: Record<string, ProtoMessage> = {};
      for (const [n, s] of Object.entries(schemas.dataSourceSchemas)) dataSourceSchemas[n] = schemaToProto(s);
      loaded = {
        impl,
        schemas,
        schemaResponse: {
          provider: schemaToProto(schemas.provider),
          resource_schemas: resourceSchemas,
          data_source_schemas: dataSourceSchemas,
          diagnostics: [],
          server_capabilities: SERVER_CAPABILITIES,
        },
      };
      return loaded;
    } catch (err) {
      loadError = new Error(`The didops provider failed to start: ${err instanceof Error ? err.message : String(err)}`);
      throw loadError;
    }
  };

  const resourceBlock = (typeName: string): TfBlock => {
    const schema = load().schemas.resourceSchemas[typeName];
    if (!schema) throw new Error(`The didops provider has no resource type "${typeName}"`);
    return schema.block;
  };
  const dataSourceBlock = (typeName: string): TfBlock => {
    const schema = load().schemas.dataSourceSchemas[typeName];
    if (!schema) throw new Error(`The didops provider has no data source "${typeName}"`);
    return schema.block;
  };
  const dv = (m: unknown): DynamicValueMessage | undefined => m as DynamicValueMessage | undefined;
  const bytes = (m: unknown): Uint8Array => (m instanceof Uint8Array ? m : new Uint8Array(0));

  /** Runs `body`; an exception becomes error diagnostics in `fallback` (the response with empty results). */
  const guard =
    (name: string, diagnosticsField: string, body: (req: ProtoMessage) => Promise<ProtoMessage>): UnaryHandler =>
    async (req) => {
      log(`rpc ${name}${req.type_name ? ` ${String(req.type_name)}` : ''}`);
      try {
        return await body(req);
      } catch (err) {
        const diagnostics =
          err instanceof ValueTypeError
            ? [{ severity: 'error' as const, summary: 'The didops provider produced or received a value that does not match its schema', detail: err.message }]
            : errorToDiagnostics(err);
        log(`rpc ${name} failed: ${diagnostics.map((d) => d.summary).join('; ')}`);
        return { [diagnosticsField]: diagnosticsToProto(diagnostics) };
      }
    };

  const objectOrEmpty = (value: TfObject | null, block: TfBlock): TfObject => {
    if (value) return value;
    const empty: TfObject = {};
    for (const a of block.attributes) empty[a.name] = null;
    return empty;
  };

  return {
    GetMetadata: guard('GetMetadata', 'diagnostics', async () => {
      const { schemas } = load();
      return {
        server_capabilities: SERVER_CAPABILITIES,
        diagnostics: [],
        resources: Object.keys(schemas.resourceSchemas).map((type_name) => ({ type_name })),
        data_sources: Object.keys(schemas.dataSourceSchemas).map((type_name) => ({ type_name })),
      };
    }),

    GetProviderSchema: guard('GetProviderSchema', 'diagnostics', async () => load().schemaResponse),

    ValidateProviderConfig: guard('ValidateProviderConfig', 'diagnostics', async (req) => {
      const { impl, schemas } = load();
      const block = schemas.provider.block;
      const result = await impl.validateProviderConfig(objectOrEmpty(decodeObject(dv(req.config), block), block));
      return { diagnostics: diagnosticsToProto(result.diagnostics) };
    }),

    ValidateResourceConfig: guard('ValidateResourceConfig', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      const result = await load().impl.validateResourceConfig(typeName, objectOrEmpty(decodeObject(dv(req.config), block), block));
      return { diagnostics: diagnosticsToProto(result.diagnostics) };
    }),

    ValidateDataResourceConfig: guard('ValidateDataResourceConfig', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = dataSourceBlock(typeName);
      const result = await load().impl.validateDataResourceConfig(typeName, objectOrEmpty(decodeObject(dv(req.config), block), block));
      return { diagnostics: diagnosticsToProto(result.diagnostics) };
    }),

    UpgradeResourceState: guard('UpgradeResourceState', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      const raw = (req.raw_state ?? {}) as { json?: Uint8Array; flatmap?: Record<string, string> };
      if ((!raw.json || raw.json.length === 0) && raw.flatmap && Object.keys(raw.flatmap).length > 0) {
        throw new Error(`The state of this ${typeName} is in the legacy flatmap format, which didops never wrote`);
      }
      const json = raw.json && raw.json.length > 0 ? Buffer.from(raw.json).toString('utf8') : 'null';
      const result = await load().impl.upgradeResourceState(typeName, Number(req.version ?? 0), json);
      return {
        // Stored state may hold attributes a newer schema dropped: they are discarded rather than rejected.
        upgraded_state: encodeObject(result.upgradedState, block, { extraAttributes: 'drop' }),
        diagnostics: diagnosticsToProto(result.diagnostics),
      };
    }),

    ConfigureProvider: guard('ConfigureProvider', 'diagnostics', async (req) => {
      const { impl, schemas } = load();
      const block = schemas.provider.block;
      const config = objectOrEmpty(decodeObject(dv(req.config), block), block);
      const result = await impl.configureProvider(config, String(req.terraform_version ?? ''));
      return { diagnostics: diagnosticsToProto(result.diagnostics) };
    }),

    ReadResource: guard('ReadResource', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      const current = decodeObject(dv(req.current_state), block);
      const priorPrivate = bytes(req.private);
      if (!current) return { new_state: encodeObject(null, block), diagnostics: [], private: priorPrivate };
      const result = await load().impl.readResource(typeName, current, priorPrivate);
      return {
        new_state: encodeObject(result.newState, block),
        diagnostics: diagnosticsToProto(result.diagnostics),
        private: result.private ?? priorPrivate,
      };
    }),

    PlanResourceChange: guard('PlanResourceChange', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      const proposedNewState = decodeObject(dv(req.proposed_new_state), block);
      const result = await load().impl.planResourceChange({
        typeName,
        priorState: decodeObject(dv(req.prior_state), block),
        proposedNewState,
        config: decodeObject(dv(req.config), block),
        priorPrivate: bytes(req.prior_private),
      });
      // A destroy plan is null whatever the implementation said (the plan_destroy capability promises it).
      const planned = proposedNewState === null ? null : result.plannedState;
      return {
        planned_state: encodeObject(planned, block),
        requires_replace: (result.requiresReplace ?? []).map(attributePathToProto),
        planned_private: result.plannedPrivate ?? bytes(req.prior_private),
        diagnostics: diagnosticsToProto(result.diagnostics),
      };
    }),

    ApplyResourceChange: guard('ApplyResourceChange', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      const plannedState = decodeObject(dv(req.planned_state), block);
      const result = await load().impl.applyResourceChange({
        typeName,
        priorState: decodeObject(dv(req.prior_state), block),
        plannedState,
        config: decodeObject(dv(req.config), block),
        plannedPrivate: bytes(req.planned_private),
      });
      const newState = plannedState === null ? null : result.newState;
      return {
        new_state: encodeObject(newState, block),
        private: result.private ?? new Uint8Array(0),
        diagnostics: diagnosticsToProto(result.diagnostics),
      };
    }),

    ImportResourceState: guard('ImportResourceState', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      resourceBlock(typeName);
      const result = await load().impl.importResourceState(typeName, String(req.id ?? ''));
      return {
        imported_resources: result.importedResources.map((r) => ({
          type_name: r.typeName,
          state: encodeObject(r.state, resourceBlock(r.typeName)),
          private: r.private ?? new Uint8Array(0),
        })),
        diagnostics: diagnosticsToProto(result.diagnostics),
      };
    }),

    ReadDataSource: guard('ReadDataSource', 'diagnostics', async (req) => {
      const typeName = String(req.type_name);
      const block = dataSourceBlock(typeName);
      const config = objectOrEmpty(decodeObject(dv(req.config), block), block);
      const result = await load().impl.readDataSource(typeName, config);
      return { state: encodeObject(result.state, block), diagnostics: diagnosticsToProto(result.diagnostics) };
    }),

    // didops declares no provider functions; answering "none" is cheaper for Terraform than UNIMPLEMENTED.
    GetFunctions: guard('GetFunctions', 'diagnostics', async () => ({ diagnostics: [] })),

    StopProvider: async () => {
      log('rpc StopProvider');
      try {
        // Only an already-loaded implementation can have work in flight.
        if (loaded) await loaded.impl.stopProvider();
        return { Error: '' };
      } catch (err) {
        return { Error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

