/**
 * Turns a didops lifecycle handler into a Terraform managed resource: ValidateResourceConfig, PlanResourceChange,
 * ApplyResourceChange, ReadResource, ImportResourceState and UpgradeResourceState, the Terraform counterpart of
 * provider/pulumi/dynamic-adapter.ts.
 *
 * Terraform holds the provider to rules Pulumi does not, and they shape everything here:
 * - a planned value for an attribute the user sets must be the configured value (or the prior one, when the
 *   provider judges them equal), so the state keeps what the user wrote (`"+1 (415) 555-0100"`) and only the
 *   handler sees normalised values;
 * - apply must return every value the plan knew, unchanged, so defaults are filled in at plan time, computed values
 *   a change may touch are planned unknown, and apply reports the known planned values as they were planned;
 * - values from other resources may be unknown at plan time; they are translated to the core's marker, and
 *   src/core/unknowns.ts says which problems wait and what such a change does (the handler's field rules decide
 *   whether it replaces); Terraform plans again with them known before it applies.
 */
import type { z } from 'zod';
import { parseFieldPath } from '../../../src/core/diagnostics';
import { DidopsError, ValidationError } from '../../../src/core/errors';
import {
  deepEqual,
  identityKey,
  supportsImport,
  type DiffResponse,
  type ResourceHandler,
  type ResourceIdentity,
  type ResourceState,
} from '../../../src/core/lifecycle';
import { checkKnown, diffKnown, type KnownCheck } from '../../../src/core/unknowns';
import { isOwnershipTag, readMarker } from '../../../src/carriers/ownership-marker';
import { diagnosticToTf, fieldToAttributePath, hasTfErrors, toTfDiagnostics } from '../diagnostics';
import { computedAttribute, schemaOf, type AttributeModel } from '../schema/attributes';
import {
  conformTfObject,
  containsUnknown,
  fillDefaults,
  fromTfObject,
  fromTfOutput,
  isTfObject,
  mergeKnown,
  pickAttributes,
  toModelInputs,
  toTfObject,
  toTfValue,
  type ModelObject,
} from '../schema/values';
import { attributesFromZod, type ZodToTerraformOptions } from '../schema/zod-to-terraform';
import {
  UNKNOWN,
  type AttributePath,
  type TerraformProviderImplementation,
  type TfDiagnostic,
  type TfObject,
  type TfSchema,
  type TfValue,
} from '../server/types';
import type { ResourceDependencies } from '../../dependencies';
import { withRememberedChecks } from './check-memo';
import { isValidKey, keyAttribute, keyDiagnostics, type KeyWording } from './key-attribute';
import { OwnershipClaims } from './ownership-claims';

export { keyAttribute, type KeyWording } from './key-attribute';

/** What resources need from the configured provider. */
export interface ResourceRuntime {
  /** The carriers and billing provider ConfigureProvider set up; undefined before. */
  configuredDependencies(): ResourceDependencies | undefined;
  /** Dependencies for `check` before the provider is configured (Terraform validates first): any call fails. */
  readonly offlineDependencies: ResourceDependencies;
  /** The ownership scope (provider `ownership_scope`, else the Terraform workspace). */
  scope(): string;
  /** Duplicate-key guard of the current walk. */
  readonly claims: OwnershipClaims;
  /** Aborted when Terraform calls StopProvider. */
  signal(): AbortSignal;
}

/** PlanResourceChange's request. */
export type PlanRequest = Parameters<TerraformProviderImplementation['planResourceChange']>[0];
/** PlanResourceChange's answer. */
export type PlanResponse = Awaited<ReturnType<TerraformProviderImplementation['planResourceChange']>>;
/** ApplyResourceChange's request. */
export type ApplyRequest = Parameters<TerraformProviderImplementation['applyResourceChange']>[0];
/** ApplyResourceChange's answer. */
export type ApplyResponse = Awaited<ReturnType<TerraformProviderImplementation['applyResourceChange']>>;

/** A managed resource as the provider serves it. */
export interface TerraformResource {
  /** `didops_phone_number`. */
  readonly typeName: string;
  /** The input attributes (from the zod model). */
  readonly inputs: readonly AttributeModel[];
  /** The computed attributes (outputs), `id` not included. */
  readonly outputs: readonly AttributeModel[];
  /** Every attribute: `id`, `key`, inputs, outputs. */
  readonly attributes: readonly AttributeModel[];
  /** The resource's schema. */
  schema(): TfSchema;
  /** ValidateResourceConfig. */
  validate(config: TfObject): Promise<TfDiagnostic[]>;
  /** PlanResourceChange. */
  plan(request: PlanRequest): Promise<PlanResponse>;
  /** ApplyResourceChange. */
  apply(request: ApplyRequest): Promise<ApplyResponse>;
  /** ReadResource. */
  read(state: TfObject): Promise<{ newState: TfObject | null; diagnostics: TfDiagnostic[] }>;
  /** ImportResourceState: the state of the resource with this id (SID, or whatever the handler accepts). */
  import(id: string): Promise<{ state: TfObject | null; diagnostics: TfDiagnostic[] }>;
  /** UpgradeResourceState. */
  upgrade(version: number, rawStateJson: string): Promise<{ upgradedState: TfObject | null; diagnostics: TfDiagnostic[] }>;
}

/** How to serve one handler. */
export interface HandlerResourceOptions<I extends object, O extends object> {
  /** Terraform type name, e.g. `didops_phone_number`. */
  readonly typeName: string;
  /** The resource's documentation (markdown). */
  readonly description: string;
  /** What one resource owns, in words, for messages and the `key` description. */
  readonly wording: KeyWording;
  /** What else `key` means for this resource, appended to its description. */
  readonly keyNote?: string;
  /** Builds the handler around the configured carriers and billing provider. */
  readonly createHandler: (deps: ResourceDependencies) => ResourceHandler<I, O>;
  /** The zod model of the inputs; the input attributes are generated from it. */
  readonly inputSchema: z.ZodType;
  /** Fallback descriptions and notes (replacement rules) for the generated attributes. */
  readonly inputDocs?: ZodToTerraformOptions;
  /** The computed attributes, one per output field the handler keeps in its state. */
  readonly outputs: readonly AttributeModel[];
  /** Documentation of `id`. */
  readonly idDescription: string;
  /** Input field → output fields an in-place change of it may change (planned unknown); others keep their values. */
  readonly affectedOutputs?: Readonly<Record<string, readonly string[]>>;
  /** Output field(s) holding the ownership tag (bare, or in a label), first that has one, for the duplicate-key guard. */
  readonly markerField?: string | readonly string[];
  /** Corrects a check failure's field where the handler names another spelling of what the user wrote. */
  readonly failureField?: (field: string, inputs: ModelObject) => string;
}

/** Builds the Terraform resource for a handler. */
export function terraformResourceFromHandler<I extends object, O extends object>(
  options: HandlerResourceOptions<I, O>,
  runtime: ResourceRuntime,
): TerraformResource {
  const { typeName } = options;
  const outputs = options.outputs;
  const inputs = attributesFromZod(options.inputSchema, { ...options.inputDocs, otherFields: outputs.map((m) => m.field) });
  const idAttribute = computedAttribute('id', 'string', options.idDescription);
  const key = keyAttribute(options.wording);
  const attributes: AttributeModel[] = [idAttribute, options.keyNote ? { ...key, description: `${key.description} ${options.keyNote}` } : key, ...inputs, ...outputs];
  const names = attributes.map((a) => a.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new TypeError(`${typeName}: attribute ${duplicate} is both an input and an output`);
  const subject = { typeName, noun: options.wording.noun, act: options.wording.act };

  // Handlers are cheap, but one per configuration keeps their caches (prices, listings) for the whole walk.
  const handlers = new WeakMap<ResourceDependencies, ResourceHandler<I, O>>();
  const handlerFor = (deps: ResourceDependencies): ResourceHandler<I, O> => {
    let handler = handlers.get(deps);
    if (!handler) {
      handler = withRememberedChecks(options.createHandler(deps));
      handlers.set(deps, handler);
    }
    return handler;
  };
  const liveHandler = (): ResourceHandler<I, O> => {
    const deps = runtime.configuredDependencies();
    if (!deps) {
      throw new DidopsError({ summary: 'the didops provider is not configured', detail: 'Terraform configures the provider before it plans or applies; this is a bug in the caller' });
    }
    return handlerFor(deps);
  };
  // Checks and diffs are local; before ConfigureProvider (validation) they run against dependencies that refuse calls.
  const localHandler = (): ResourceHandler<I, O> => handlerFor(runtime.configuredDependencies() ?? runtime.offlineDependencies);

  const identityFor = (key: string): ResourceIdentity => ({ type: typeName, name: key, urn: `terraform:${runtime.scope()}:${typeName}:${key}` });
  const markerFields = typeof options.markerField === 'string' ? [options.markerField] : (options.markerField ?? []);
  const markerTag = (state: TfObject): string | undefined => {
    for (const field of markerFields) {
      const model = outputs.find((m) => m.field === field);
      const value = model ? state[model.name] : undefined;
      // A marker field is a label carrying the tag (Twilio's FriendlyName) or the bare tag a carrier keeps elsewhere.
      const tag = typeof value !== 'string' ? undefined : isOwnershipTag(value) ? value : readMarker(value).tag;
      if (tag) return tag;
    }
    return undefined;
  };
  const idOf = (state: TfObject): string => {
    const id = state.id;
    if (typeof id !== 'string' || id === '') throw new DidopsError({ summary: `the ${typeName} state has no id`, detail: 'remove it from the state (terraform state rm) and import it again' });
    return id;
  };

  /** The handler's view of a recorded state: normalised inputs (as `check` makes them) plus the outputs, nulls kept. */
  async function handlerState(handler: ResourceHandler<I, O>, state: TfObject): Promise<ResourceState<I, O>> {
    const raw = fromTfObject(inputs, pickAttributes(inputs, state));
    // A state another version wrote may no longer pass `check`; the recorded values are still the best account of it.
    const checked = await handler.check({ news: raw }).catch(() => undefined);
    const recorded: ModelObject = { ...((checked?.inputs as ModelObject | undefined) ?? raw) };
    for (const model of outputs) {
      const value = state[model.name] ?? null;
      // A typed output (a map, an object type) is the handler's own value, null entries included; nested attributes
      // carry Terraform's names and are read back through their models.
      recorded[model.field] = value === null ? null : model.nested ? (fromTfObject([model], { [model.name]: value })[model.field] ?? null) : fromTfOutput(value);
    }
    return recorded as ResourceState<I, O>;
  }

  /**
   * `check` on what is known of `config` (src/core/unknowns.ts defers what waits for unknown values: Terraform plans
   * again with every value known before it applies). With `prior` (the recorded inputs), unknown top-level attributes
   * take its values instead, so the diff sees them unchanged, and the check sees them as the previous inputs, as
   * Pulumi's check does.
   */
  async function checkConfig(handler: ResourceHandler<I, O>, config: TfObject, key: TfValue | undefined, prior?: TfObject): Promise<KnownCheck<I> & { diagnostics: TfDiagnostic[] }> {
    const recorded = prior ? toModelInputs(inputs, prior) : undefined;
    const checked = await checkKnown(handler, { news: toModelInputs(inputs, config), ...checkUrn(key), ...(recorded ? { substitute: recorded, olds: fromTfObject(inputs, prior!) } : {}) });
    const fix = options.failureField;
    const located = fix ? checked.failures.map((f) => (f.field ? { ...f, field: fix(f.field, checked.known) } : f)) : checked.failures;
    return { ...checked, diagnostics: located.map(diagnosticToTf) };
  }

  /** The identity's URN for `check`, when the key is known: handlers name things by it in messages (a plan's step paths). */
  const checkUrn = (key: TfValue | undefined): { urn?: string } => (typeof key === 'string' && isValidKey(key) ? { urn: identityFor(key).urn! } : {});

  const allUnknown = (): TfObject => Object.fromEntries([idAttribute, ...outputs].map((m) => [m.name, UNKNOWN]));

  /** The in-place changes and replacements between the prior state and the configuration. */
  async function changesOf(handler: ResourceHandler<I, O>, prior: TfObject, config: TfObject, checked: KnownCheck<I>): Promise<Pick<DiffResponse, 'replaces' | 'updates'>> {
    const recorded = pickAttributes(inputs, prior);
    const diff = await diffKnown(handler, { id: idOf(prior), olds: await handlerState(handler, prior), news: toModelInputs(inputs, config), recorded: toModelInputs(inputs, recorded), checked });
    const replaces = [...diff.replaces];
    const updates = [...diff.updates];
    // Planning the prior value for an unset (or newly set) attribute breaks Terraform's plan rules, whatever the
    // handler's diff says; such an attribute is changed.
    for (const model of inputs) {
      if (model.computed) continue;
      const before = prior[model.name] ?? null;
      const now = config[model.name] ?? null;
      if ((before === null) !== (now === null) && ![...replaces, ...updates].some((f) => topField(f) === model.field)) updates.push(model.field);
    }
    return { replaces, updates };
  }

  return {
    typeName,
    inputs,
    outputs,
    attributes,

    schema: () => schemaOf(options.description, attributes),

    async validate(config) {
      const checked = await checkConfig(localHandler(), pickAttributes(inputs, config), config.key);
      return [...keyDiagnostics(config.key), ...checked.diagnostics];
    },

    async plan(request) {
      const { priorState, proposedNewState, config } = request;
      if (proposedNewState === null || config === null) {
        const diagnostic = priorState ? runtime.claims.noteExisting(subject, markerTag(priorState), String(priorState.id), 'destroy') : undefined;
        return { plannedState: null, diagnostics: diagnostic ? [diagnostic] : [] };
      }
      const handler = localHandler();
      const diagnostics = keyDiagnostics(config.key);
      const configured = fillDefaults(inputs, pickAttributes(inputs, config));

      if (priorState === null) {
        const checked = await checkConfig(handler, configured, config.key);
        diagnostics.push(...checked.diagnostics);
        if (hasTfErrors(diagnostics)) return { plannedState: null, diagnostics };
        if (typeof config.key === 'string') {
          const key = config.key;
          const claim = runtime.claims.claimCreate(subject, OwnershipClaims.tagOf(identityKey(identityFor(key))), key, 'plan', runtime.scope());
          if (claim) return { plannedState: null, diagnostics: [...diagnostics, claim] };
        }
        return { plannedState: { ...allUnknown(), ...configured, key: config.key ?? null }, diagnostics };
      }

      const checked = await checkConfig(handler, configured, config.key, pickAttributes(inputs, priorState));
      diagnostics.push(...checked.diagnostics);
      if (hasTfErrors(diagnostics)) return { plannedState: null, diagnostics };
      const { replaces, updates } = await changesOf(handler, priorState, configured, checked);
      if (replaces.length === 0) {
        const claim = runtime.claims.noteExisting(subject, markerTag(priorState), idOf(priorState), 'keep');
        if (claim) diagnostics.push(claim);
      }
      if (replaces.length === 0 && updates.length === 0) return { plannedState: priorState, diagnostics };

      const planned: TfObject = { ...priorState, ...configured, key: config.key ?? null };
      if (replaces.length > 0) {
        for (const model of outputs) planned[model.name] = UNKNOWN;
      } else {
        for (const field of updates) {
          for (const output of options.affectedOutputs?.[topField(field)] ?? []) {
            const model = outputs.find((m) => m.field === output);
            if (model) planned[model.name] = UNKNOWN;
          }
        }
      }
      const requiresReplace: AttributePath[] = replaces.map(fieldToAttributePath);
      return { plannedState: planned, requiresReplace, diagnostics };
    },

    async apply(request) {
      const { priorState, plannedState, config } = request;
      try {
        const handler = liveHandler();
        const signal = runtime.signal();
        if (plannedState === null) {
          if (priorState) await handler.delete({ id: idOf(priorState), state: await handlerState(handler, priorState), signal });
          return { newState: null, diagnostics: [] };
        }
        // The configuration is wholly known at apply; anything still unknown in the plan comes from it.
        const configured = config ? fillDefaults(inputs, pickAttributes(inputs, config)) : {};
        const tfInputs = pickAttributes(inputs, plannedState);
        for (const model of inputs) if (containsUnknown(tfInputs[model.name] ?? null)) tfInputs[model.name] = configured[model.name] ?? null;
        const key = typeof plannedState.key === 'string' ? plannedState.key : typeof config?.key === 'string' ? config.key : undefined;
        const checked = await handler.check({ news: fromTfObject(inputs, tfInputs), ...checkUrn(key) });
        if (!checked.inputs) throw ValidationError.fromDiagnostics(checked.failures);

        if (priorState === null) {
          if (key === undefined) throw new ValidationError({ field: 'key', summary: 'key is not set', detail: 'every didops resource needs a key' });
          const identity = identityFor(key);
          const tag = OwnershipClaims.tagOf(identityKey(identity));
          const claim = runtime.claims.claimCreate(subject, tag, key, 'apply', runtime.scope());
          if (claim) return { newState: null, diagnostics: [claim] };
          const createInputs = checked.inputs;
          // Creates with identical searches take turns inside the handler (src/resources/phone-number/handler.ts).
          const created = await handler.create({ inputs: createInputs, preview: false, identity, signal });
          runtime.claims.recordCreated(subject, tag, created.id);
          const actual: TfObject = { ...tfInputs, ...toTfObject(outputs, created.outputs), key, id: created.id };
          return { newState: asObject(mergeKnown(plannedState, actual)), diagnostics: [] };
        }
        const id = idOf(priorState);
        const updated = await handler.update({ id, olds: await handlerState(handler, priorState), news: checked.inputs, preview: false, signal });
        const actual: TfObject = { ...priorState, ...tfInputs, ...toTfObject(outputs, updated.outputs), key: key ?? priorState.key ?? null, id };
        return { newState: asObject(mergeKnown(plannedState, actual)), diagnostics: [] };
      } catch (err) {
        // A failed create leaves nothing behind and a failed update or delete leaves the resource as it was
        // (the handlers' contract), so the prior state is still the truth.
        return { newState: priorState, diagnostics: toTfDiagnostics(err) };
      }
    },

    async read(state) {
      try {
        const handler = liveHandler();
        const recorded = await handlerState(handler, state);
        const result = await handler.read({ id: idOf(state), state: recorded, signal: runtime.signal() });
        if (!result) return { newState: null, diagnostics: [] };
        const next: TfObject = { ...state, ...toTfObject(outputs, result.outputs), id: result.id };
        if (result.inputs) {
          const current = result.inputs as ModelObject;
          const before = recorded as ModelObject;
          for (const model of inputs) {
            // What the carrier still agrees with keeps the user's spelling; only real drift is written back.
            if (deepEqual(current[model.field], before[model.field])) continue;
            next[model.name] = fillDefaults([model], { [model.name]: toTfValue(model, current[model.field]) })[model.name];
          }
        }
        return { newState: next, diagnostics: [] };
      } catch (err) {
        return { newState: state, diagnostics: toTfDiagnostics(err) };
      }
    },

    async import(id) {
      try {
        const handler = liveHandler();
        if (!supportsImport(handler)) {
          return { state: null, diagnostics: [{ severity: 'error', summary: `${typeName} cannot be imported` }] };
        }
        const imported = await handler.import({ id, signal: runtime.signal() });
        const state: TfObject = {
          ...fillDefaults(inputs, toTfObject(inputs, imported.inputs)),
          ...toTfObject(outputs, imported.outputs),
          // The key only matters when a resource is created; the imported id is a valid key and tells where it came from.
          key: imported.id,
          id: imported.id,
        };
        return { state, diagnostics: [] };
      } catch (err) {
        return { state: null, diagnostics: toTfDiagnostics(err) };
      }
    },

    async upgrade(version, rawStateJson) {
      if (version !== 0) {
        return {
          upgradedState: null,
          diagnostics: [{ severity: 'error', summary: `the ${typeName} state has schema version ${version}, newer than this provider knows (0)`, detail: 'use the didops provider version that wrote the state, or a newer one' }],
        };
      }
      let raw: unknown;
      try {
        raw = JSON.parse(rawStateJson);
      } catch (err) {
        return { upgradedState: null, diagnostics: [{ severity: 'error', summary: `the stored ${typeName} state is not JSON: ${(err as Error).message}` }] };
      }
      return { upgradedState: conformTfObject(attributes, raw), diagnostics: [] };
    },
  };

  function topField(field: string): string {
    return String(fieldSegments(field)[0]);
  }

  function fieldSegments(field: string): (string | number)[] {
    try {
      return parseFieldPath(field);
    } catch {
      return [field];
    }
  }
}

function asObject(value: TfValue): TfObject {
  return isTfObject(value) ? value : {};
}
