/**
 * The one lifecycle every didops resource implements, written once and driven by both the
 * Pulumi and the Terraform adapter.
 *
 * Shaped after terraform-plugin-framework (one request and one response type per call, every
 * field documented, optional capabilities separate) and pulumi-go-provider `infer` (plain typed
 * inputs/outputs, `preview` as an explicit argument). Two contracts from Pulumi's dynamic
 * providers hold for every handler: a failed `create` leaves nothing behind, and a failed
 * `delete` means the resource still exists.
 */
import type { Diagnostic } from './diagnostics';
import type { FieldRule } from './field-rules';

/**
 * What the engine recorded after the last successful create, update or read: the inputs as the
 * user gave them (after `check`) merged with the outputs the carrier computed.
 */
export type ResourceState<Inputs, Outputs> = Inputs & Outputs;

/** Who a resource is, stable across runs; the source of derived idempotency keys. */
export interface ResourceIdentity {
  /** Type token, e.g. `didops:index:PhoneNumber` (Pulumi) or `didops_phone_number` (Terraform). */
  readonly type: string;
  /** Logical name the user gave the resource in their program (`support`). */
  readonly name: string;
  /** Full Pulumi URN when the engine provides it; more specific than type + name. */
  readonly urn?: string;
}

/** Request to validate and normalise raw user input. */
export interface CheckRequest {
  /** Resource URN, when the engine knows it; only for messages. */
  readonly urn?: string;
  /** Inputs of the previous deployment, if any; lets check keep a previously generated default stable. */
  readonly olds?: unknown;
  /** Raw inputs exactly as the user wrote them; untrusted, so `unknown`. */
  readonly news: unknown;
}

/** Result of {@link ResourceHandler.check}. */
export interface CheckResponse<Inputs> {
  /** Normalised inputs (E.164 numbers, upper-case currencies); absent when there are errors. */
  readonly inputs?: Inputs;
  /** Every problem found, each tied to a field; an empty list means valid. */
  readonly failures: Diagnostic[];
}

/** Request to compare recorded state with new inputs. */
export interface DiffRequest<Inputs, Outputs> {
  /** Provider id of the existing resource (e.g. the PN... SID). */
  readonly id: string;
  /** Recorded state: last inputs plus outputs. */
  readonly olds: ResourceState<Inputs, Outputs>;
  /** New inputs, already through `check`. */
  readonly news: Inputs;
}

/** Result of {@link ResourceHandler.diff}; the adapters turn it into Pulumi DiffResult / Terraform RequiresReplace. */
export interface DiffResponse {
  /** True when anything at all changes. */
  readonly changes: boolean;
  /** Field paths whose change forces a new resource (buy a new number, release the old). */
  readonly replaces: string[];
  /** Field paths changed in place by `update`. */
  readonly updates: string[];
  /** Delete the old resource before creating its replacement (default: create first, then delete). */
  readonly deleteBeforeReplace?: boolean;
  /** One plain-words line per change for the preview, e.g. `phoneNumber: "+1415..." → "+1628..." (replace: ...)`. */
  readonly explanation: string[];
}

/** Request to create a resource (buy the number, create the subscription). */
export interface CreateRequest<Inputs> {
  /** Inputs, already through `check`. */
  readonly inputs: Inputs;
  /** True during preview/plan: compute what you can and return without side effects. */
  readonly preview: boolean;
  /** Who this resource is; derive idempotency keys from it so a re-run finds what a crashed run did. */
  readonly identity: ResourceIdentity;
  /** Cancelled when the engine is interrupted; pass it to SDK calls that accept one. */
  readonly signal?: AbortSignal;
}

/** Result of {@link ResourceHandler.create}. */
export interface CreateResponse<Outputs> {
  /** Provider id of the new resource; during preview, an empty string if not yet known. */
  readonly id: string;
  /** Everything known about the resource now; during preview, placeholders where `unknowns` says so. */
  readonly outputs: Outputs;
  /** Preview only: output field paths that are not known until the real create (adapters mark them unknown). */
  readonly unknowns?: string[];
}

/** Request to read what really exists now (refresh, drift detection). */
export interface ReadRequest<Inputs, Outputs> {
  /** Provider id of the resource. */
  readonly id: string;
  /** Recorded state, to compare against or to fill fields the API does not return. */
  readonly state: ResourceState<Inputs, Outputs>;
  /** Cancelled when the engine is interrupted. */
  readonly signal?: AbortSignal;
}

/** Result of {@link ResourceHandler.read}; `null` means the resource is gone. */
export type ReadResponse<Inputs, Outputs> = {
  /** Provider id (may differ from the request if the upstream renamed it). */
  readonly id: string;
  /** Outputs as they are now upstream. */
  readonly outputs: Outputs;
  /** Inputs reconstructed from upstream, so drift shows up as a diff; omit to keep the recorded inputs. */
  readonly inputs?: Inputs;
} | null;

/** Request to change a resource in place. */
export interface UpdateRequest<Inputs, Outputs> {
  /** Provider id of the resource. */
  readonly id: string;
  /** Recorded state before the change. */
  readonly olds: ResourceState<Inputs, Outputs>;
  /** New inputs, already through `check`; only fields `diff` listed in `updates` differ. */
  readonly news: Inputs;
  /** True during preview/plan: return the expected outputs without side effects. */
  readonly preview: boolean;
  /** Cancelled when the engine is interrupted. */
  readonly signal?: AbortSignal;
}

/** Result of {@link ResourceHandler.update}. */
export interface UpdateResponse<Outputs> {
  /** Outputs after the change. */
  readonly outputs: Outputs;
  /** Preview only: output field paths not known until the real update. */
  readonly unknowns?: string[];
}

/** Request to delete (release, cancel) a resource; must be safe to repeat. */
export interface DeleteRequest<Inputs, Outputs> {
  /** Provider id of the resource. */
  readonly id: string;
  /** Recorded state. */
  readonly state: ResourceState<Inputs, Outputs>;
  /** Cancelled when the engine is interrupted. */
  readonly signal?: AbortSignal;
}

/** Request to adopt an existing upstream resource into didops by its id. */
export interface ImportRequest {
  /** Provider id given by the user (`pulumi import ... PN...`, `terraform import ...`). */
  readonly id: string;
  /** Cancelled when the engine is interrupted. */
  readonly signal?: AbortSignal;
}

/** Result of {@link ResourceHandler.import}. */
export interface ImportResponse<Inputs, Outputs> {
  /** Canonical provider id. */
  readonly id: string;
  /** Outputs as they are upstream. */
  readonly outputs: Outputs;
  /** Inputs that would recreate the resource as it is, so the first diff after import is empty. */
  readonly inputs: Inputs;
}

/**
 * The lifecycle of one kind of resource. Handlers are plain objects that `satisfies
 * ResourceHandler<I, O>`; carrier and billing clients come in through a factory's arguments,
 * never from globals.
 */
export interface ResourceHandler<Inputs, Outputs> {
  /**
   * Validates and normalises raw input; reports every problem as a field diagnostic instead of throwing. Pure: the
   * same request always gets the same answer and no carrier is asked, so an adapter may remember answers (the
   * Terraform adapter does), and callers must not change the answer they get.
   */
  check(request: CheckRequest): Promise<CheckResponse<Inputs>>;
  /** Says which fields change and which force replacement; usually `diffFields(olds, news, rules)`. */
  diff(request: DiffRequest<Inputs, Outputs>): Promise<DiffResponse>;
  /** Creates the resource; idempotent, and if it fails nothing may remain upstream. Returns early on preview. */
  create(request: CreateRequest<Inputs>): Promise<CreateResponse<Outputs>>;
  /** Reads the resource as it is now; returns `null` when it no longer exists. */
  read(request: ReadRequest<Inputs, Outputs>): Promise<ReadResponse<Inputs, Outputs>>;
  /** Applies in-place changes only; anything needing replacement was routed to create/delete by `diff`. */
  update(request: UpdateRequest<Inputs, Outputs>): Promise<UpdateResponse<Outputs>>;
  /** Deletes the resource; succeeds if it is already gone; throwing means it still exists. */
  delete(request: DeleteRequest<Inputs, Outputs>): Promise<void>;
  /** Optional: adopts an existing upstream resource; see {@link supportsImport}. */
  import?(request: ImportRequest): Promise<ImportResponse<Inputs, Outputs>>;
  /** Optional: the field rules `diff` uses, published so docs can list what forces replacement. */
  readonly fieldRules?: readonly FieldRule[];
  /**
   * Optional: the field rules that hold for one recorded resource, when they depend on it (an address at a carrier
   * that cannot update addresses is replaced where others are updated); planning over unknown values asks this
   * before `fieldRules`.
   */
  fieldRulesFor?(olds: ResourceState<Inputs, Outputs>): readonly FieldRule[];
}

/** A handler that implements the optional import capability. */
export type ImportableResourceHandler<Inputs, Outputs> = ResourceHandler<Inputs, Outputs> &
  Required<Pick<ResourceHandler<Inputs, Outputs>, 'import'>>;

/** True when the handler can import existing resources, so adapters can advertise it. */
export function supportsImport<I, O>(handler: ResourceHandler<I, O>): handler is ImportableResourceHandler<I, O> {
  return typeof handler.import === 'function';
}

/** The stable string an identity stands for: the URN when known, else `type::name`; feed it to `idempotencyKey`. */
export function identityKey(identity: ResourceIdentity): string {
  return identity.urn ?? `${identity.type}::${identity.name}`;
}

// Field rules live in their own file; re-exported here, where handlers have always found them.
export * from './field-rules';
