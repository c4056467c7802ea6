/**
 * Inputs not known yet: while an engine plans (Pulumi preview, terraform plan), an input that is an output of a
 * resource not created yet has no value. Each adapter translates its engine's own representation (Pulumi's sentinel
 * string, Terraform's unknown value) to {@link UNKNOWN}; everything decided about such inputs is decided here, once:
 * which problems `check` leaves until the value is known, and what a diff says about a change nobody can see yet.
 *
 * The rule both engines need: an unknown field is assumed to change, and if the handler's field rules let it replace
 * the resource, the plan says replace now. An engine that planned an update and then, with the value known, has to
 * replace is wrong twice: Terraform rejects such an apply, and a Pulumi preview would have hidden a purchase.
 */
import { parseFieldPath, type Diagnostic } from './diagnostics';
import { deepEqual, replaceRuleOf, type FieldRule } from './field-rules';
import type { DiffResponse, ResourceHandler, ResourceState } from './lifecycle';

/** Stands for a value not known until apply; adapters put it where their engine's unknown was. */
export const UNKNOWN: unique symbol = Symbol.for('didops.unknown');

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** Inputs as an adapter hands them over: handler-shaped (camelCase, unset left out), {@link UNKNOWN} where unknown. */
export type InputsWithUnknowns = Record<string, unknown>;

/** True for the unknown marker itself. */
export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** True when the value is unknown or holds an unknown anywhere inside; `unknown` tells an engine's own unknowns, too. */
export function containsUnknown(value: unknown, unknown: (value: unknown) => boolean = isUnknown): boolean {
  if (unknown(value)) return true;
  if (Array.isArray(value)) return value.some((item) => containsUnknown(item, unknown));
  if (isRecord(value)) return Object.values(value).some((item) => containsUnknown(item, unknown));
  return false;
}

/** A copy of `value` with every engine-specific unknown (`isEngineUnknown`) replaced by {@link UNKNOWN}. */
export function markUnknowns(value: unknown, isEngineUnknown: (value: unknown) => boolean): unknown {
  if (isEngineUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map((item) => markUnknowns(item, isEngineUnknown));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markUnknowns(v, isEngineUnknown)]));
  return value;
}

/** Top-level fields that are, or hold, an unknown value. */
export function unknownFields(inputs: InputsWithUnknowns): string[] {
  return Object.keys(inputs).filter((key) => containsUnknown(inputs[key]));
}

/**
 * The known part of `inputs`, and the paths (`voice.url`) of what was left out. Objects are looked into; a list
 * holding an unknown is unknown as a whole (its length and order may change with the value).
 */
export function knownPart(inputs: InputsWithUnknowns, base = ''): { value: Record<string, unknown>; unknownPaths: string[] } {
  const value: Record<string, unknown> = {};
  const unknownPaths: string[] = [];
  for (const [key, v] of Object.entries(inputs)) {
    const path = base ? `${base}.${key}` : key;
    if (isRecord(v) && !isUnknown(v)) {
      const inner = knownPart(v, path);
      value[key] = inner.value;
      unknownPaths.push(...inner.unknownPaths);
    } else if (containsUnknown(v)) {
      unknownPaths.push(path);
    } else if (v !== undefined) {
      value[key] = v;
    }
  }
  return { value, unknownPaths };
}

/**
 * True when a `check` problem may go away once the unknown values are known, so it waits: it has no field, or its
 * field is (inside, or holds) an unknown path, or it is about a field left unset (the unknown may make it needless).
 */
export function waitsForUnknowns(failure: Diagnostic, unknownPaths: readonly string[], given: InputsWithUnknowns): boolean {
  if (unknownPaths.length === 0) return false;
  if (!failure.field) return true;
  const path = fieldSegments(failure.field);
  if (unknownPaths.some((p) => isPrefix(fieldSegments(p), path) || isPrefix(path, fieldSegments(p)))) return true;
  return given[String(path[0])] === undefined;
}

/** What `check` says of the known part of some inputs; see {@link checkKnown}. */
export interface KnownCheck<I> {
  /** The handler's checked inputs, when its check passed. */
  readonly inputs?: I;
  /** Problems that stand whatever the unknown values turn out to be (errors and warnings). */
  readonly failures: Diagnostic[];
  /** Top-level fields that held an unknown value. */
  readonly unknownFields: string[];
  /** What was given to the handler's check: the known part (after any substitution). */
  readonly known: Record<string, unknown>;
}

/** Request of {@link checkKnown}. */
export interface KnownCheckRequest {
  /** Inputs as the user wrote them, {@link UNKNOWN} where the engine does not know them yet. */
  readonly news: InputsWithUnknowns;
  /** Recorded inputs of the previous deployment, passed on to `check`. */
  readonly olds?: unknown;
  /** Resource URN for `check`'s messages. */
  readonly urn?: string;
  /**
   * The recorded inputs (as written) to stand in for each unknown top-level field, so that a diff of the checked
   * inputs sees those fields unchanged; a field not recorded is left unset. Without it, unknown parts are left out.
   */
  readonly substitute?: InputsWithUnknowns;
}

/** Runs the handler's `check` on what is known, and keeps only the problems that do not wait for unknown values. */
export async function checkKnown<I>(handler: Pick<ResourceHandler<I, object>, 'check'>, request: KnownCheckRequest): Promise<KnownCheck<I>> {
  const { news, substitute } = request;
  const fields = unknownFields(news);
  let source = news;
  if (substitute && fields.length > 0) {
    source = { ...news };
    for (const field of fields) {
      if (substitute[field] === undefined || containsUnknown(substitute[field])) delete source[field];
      else source[field] = substitute[field];
    }
  }
  const { value, unknownPaths } = knownPart(source);
  const waiting = [...unknownPaths, ...(substitute ? fields : [])];
  const result = await handler.check({ news: value, ...(request.olds !== undefined ? { olds: request.olds } : {}), ...(request.urn ? { urn: request.urn } : {}) });
  const failures = result.failures.filter((failure) => !waitsForUnknowns(failure, waiting, news));
  return { ...(result.inputs !== undefined ? { inputs: result.inputs } : {}), failures, unknownFields: fields, known: value };
}

/** Request of {@link diffKnown}. */
export interface KnownDiffRequest<I, O> {
  /** Provider id of the existing resource. */
  readonly id: string;
  /** Recorded state, as the handler's `diff` takes it. */
  readonly olds: ResourceState<I, O>;
  /** New inputs, {@link UNKNOWN} where not known yet; when none is unknown they must be `check`'s inputs already. */
  readonly news: InputsWithUnknowns;
  /** The recorded inputs as written: what unknown fields stand in for, and what changes are judged against when the known part fails `check`. */
  readonly recorded: InputsWithUnknowns;
  /** The adapter's own {@link checkKnown} of `news` with `substitute: recorded`, if it made one; otherwise it is made here. */
  readonly checked?: KnownCheck<I>;
}

/**
 * The handler's diff, extended over values not known yet: the known fields are diffed as usual (unknown ones standing
 * in with their recorded values), and every unknown field is a change: a replacement when a field rule lets it replace
 * (with that rule's delete-before-replace), otherwise an update. When the known part fails `check`, what was written
 * is compared with what was recorded, field by field, by the same rules.
 */
export async function diffKnown<I, O>(handler: ResourceHandler<I, O>, request: KnownDiffRequest<I, O>): Promise<DiffResponse> {
  const { id, olds, news, recorded } = request;
  // The rules of this resource where they depend on it (its carrier), so an unknown value is planned as the known one will be.
  const rules = handler.fieldRulesFor?.(olds) ?? handler.fieldRules ?? [];
  const unknown = unknownFields(news);
  const checked = request.checked ?? (unknown.length === 0 ? { inputs: news as I, failures: [], unknownFields: [], known: news } : await checkKnown(handler, { news, olds: recorded, substitute: recorded }));
  const known = checked.inputs !== undefined ? await handler.diff({ id, olds, news: checked.inputs }) : diffAsWritten(rules, recorded, news);
  const replaces = [...known.replaces];
  const updates = [...known.updates];
  const explanation = [...known.explanation];
  let deleteBeforeReplace = known.deleteBeforeReplace === true;
  for (const field of checked.unknownFields) {
    const change = changeOfUnknown(rules, field);
    if (change.replaces) replaces.push(field);
    else updates.push(field);
    deleteBeforeReplace ||= change.deleteBeforeReplace;
    explanation.push(change.explanation);
  }
  const replaced = unique(replaces);
  const response: DiffResponse = {
    changes: replaced.length + updates.length > 0,
    replaces: replaced,
    updates: unique(updates).filter((field) => !replaced.includes(field)),
    explanation,
  };
  return deleteBeforeReplace ? { ...response, deleteBeforeReplace: true } : response;
}

/** What a change to `field`, whose new value is not known yet, does by the rules: see the module comment. */
export function changeOfUnknown(rules: readonly FieldRule[], field: string): { replaces: boolean; deleteBeforeReplace: boolean; explanation: string } {
  const rule = replaceRuleOf(rules, field);
  if (rule) return { replaces: true, deleteBeforeReplace: rule.deleteBeforeReplace === true, explanation: `${field}: not known until apply (replace) ${rule.description}` };
  return { replaces: false, deleteBeforeReplace: false, explanation: `${field}: not known until apply (update in place)` };
}

/** Known fields written differently from the record, split by the rules (any rule that may replace, replaces). */
function diffAsWritten(rules: readonly FieldRule[], recorded: InputsWithUnknowns, news: InputsWithUnknowns): DiffResponse {
  const fields = unique([...Object.keys(news), ...rules.map((rule) => String(parseFieldPath(rule.field)[0]))]).sort();
  const changed = fields.filter((field) => !containsUnknown(news[field]) && !deepEqual(recorded[field], news[field]));
  const replaces = changed.filter((field) => replaceRuleOf(rules, field) !== undefined);
  const updates = changed.filter((field) => !replaces.includes(field));
  return { changes: changed.length > 0, replaces, updates, explanation: changed.map((field) => `${field}: changed (${replaces.includes(field) ? 'replace' : 'update in place'})`) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field path's segments; a field that is no path (`didops:twilioAuthToken`) is one segment. */
function fieldSegments(field: string): (string | number)[] {
  try {
    return parseFieldPath(field);
  } catch {
    return [field];
  }
}

function isPrefix(prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
