/**
 * Turns a didops lifecycle handler into a `pulumi.dynamic.ResourceProvider`. This runs inside Pulumi's dynamic
 * provider host (loaded by host.ts), never in the user's program.
 *
 * Pulumi's dynamic protocol hands `diff`, `update`, `read` and `delete` the previous *outputs* only, so every create
 * and update returns the inputs and the outputs together; the handler's state is exactly that union.
 */
import type * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic, parseFieldPath, type Diagnostic } from '../../src/core/diagnostics';
import { DidopsError, toDiagnostics, ValidationError } from '../../src/core/errors';
import type { ResourceHandler, ResourceIdentity, ResourceState } from '../../src/core/lifecycle';

/** Inputs the Pulumi classes add for the provider: never user data, never given to handlers. */
export const HIDDEN_INPUTS = ['__provider', '__identity'] as const;

/** What Pulumi sends for a value not known yet (an output of a resource not created yet, during preview). */
export const UNKNOWN_INPUT = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** True when the value is, or holds anywhere inside it, a value Pulumi does not know yet. */
export function containsUnknownInput(value: unknown): boolean {
  if (value === UNKNOWN_INPUT) return true;
  if (Array.isArray(value)) return value.some(containsUnknownInput);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknownInput);
  return false;
}

/** How a resource tells its provider who it is (dynamic providers are not told the URN). */
export interface IdentityInput {
  type: string;
  name: string;
  urn?: string;
}

type Props = Record<string, unknown>;

function withoutHidden(props: Props | undefined): Props {
  const copy: Props = { ...(props ?? {}) };
  for (const key of HIDDEN_INPUTS) delete copy[key];
  return copy;
}

function identityOf(props: Props, fallbackType: string): ResourceIdentity {
  const given = props.__identity as IdentityInput | undefined;
  if (!given || typeof given.name !== 'string') {
    // Only a resource created by something other than didops' classes lacks it; without it, exactly-once cannot hold.
    throw new DidopsError({
      summary: `${fallbackType} has no identity input`,
      detail: 'create it with didops’ PhoneNumber/EmergencyAddress classes, not pulumi.dynamic.Resource directly',
    });
  }
  return given.urn ? { type: given.type, name: given.name, urn: given.urn } : { type: given.type, name: given.name };
}

/** One error whose message says everything (Pulumi shows only the message): `field: summary; detail`, for each problem. */
function engineError(err: unknown): Error {
  if (!(err instanceof DidopsError)) return err instanceof Error ? err : new Error(String(err));
  const lines = toDiagnostics(err).map(formatDiagnostic);
  const message = lines.length === 1 ? lines[0] : lines.map((l) => `- ${l}`).join('\n');
  const wrapped = new Error(message);
  wrapped.name = err.name;
  return wrapped;
}

async function engineCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw engineError(err);
  }
}

/** Where the plain-words preview lines go; Pulumi shows a provider's stderr with the resource's diagnostics. */
export type ExplanationSink = (line: string) => void;

/** The dynamic provider for one handler. `type` names the resource in messages. */
export function dynamicProviderFromHandler<I extends object, O extends object>(
  handler: ResourceHandler<I, O>,
  type: string,
  explain: ExplanationSink = (line) => process.stderr.write(`didops: ${line}\n`),
): Required<Pick<pulumi.dynamic.ResourceProvider, 'check' | 'diff' | 'create' | 'read' | 'update' | 'delete'>> {
  const stateOf = (props: Props) => withoutHidden(props) as ResourceState<I, O>;
  const replaceFields = new Set((handler.fieldRules ?? []).filter((r) => r.effect === 'replace').map((r) => String(parseFieldPath(r.field)[0])));

  return {
    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const identity = news.__identity as IdentityInput | undefined;
      const urn = typeof identity?.urn === 'string' && identity.urn !== UNKNOWN_INPUT ? identity.urn : undefined;
      const given = withoutHidden(news);
      const result = await engineCall(() => handler.check({ olds: withoutHidden(olds), news: given, ...(urn ? { urn } : {}) }));
      const name = typeof identity?.name === 'string' ? identity.name : type;
      for (const d of result.failures) if (d.severity === 'warning') explain(`${name}: warning: ${formatDiagnostic(d)}`);
      // During preview an input may come from a resource not created yet; its problems wait for `up`, where Pulumi
      // checks again with every value known. Problems no input can be told apart for (a plan's step paths) wait too.
      const unknown = unknownInputs(given);
      const deferred = (d: Diagnostic): boolean => {
        if (unknown.length === 0) return false;
        const top = d.field ? String(safeFieldPath(d.field)[0]) : undefined;
        return top === undefined || unknown.includes(top) || !(top in given);
      };
      const failures = result.failures
        .filter((d: Diagnostic) => d.severity === 'error' && !deferred(d))
        .map((d) => ({ property: d.field ?? '', reason: d.detail ? `${d.summary}; ${d.detail}` : d.summary }));
      if (failures.length > 0) return { failures };
      // Only while values are unknown can there be no inputs without failures: pass them on as given.
      if (!result.inputs) return { inputs: news, failures: [] };
      return { inputs: { ...result.inputs, __identity: news.__identity }, failures: [] };
    },

    async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const given = withoutHidden(news);
      const unknown = unknownInputs(given);
      if (unknown.length > 0) {
        // Not known until the resources it comes from exist: assume it changes, and say now if it could replace.
        // The known fields are diffed as usual, so a replacement they force still shows in the preview.
        const known = await engineCall(() => diffOfKnown(id, olds, given, unknown));
        for (const line of known?.explanation ?? []) explain(`${identityOf(news, type).name}: ${line}`);
        const replaces = [...new Set([...(known?.replaces ?? []), ...unknown.filter((key) => replaceFields.has(key))])];
        return { changes: true, replaces, deleteBeforeReplace: replaces.length > 0 };
      }
      const result = await engineCall(() => handler.diff({ id, olds: stateOf(olds), news: given as I }));
      for (const line of result.explanation) explain(`${identityOf(news, type).name}: ${line}`);
      return {
        changes: result.changes,
        replaces: result.replaces,
        deleteBeforeReplace: result.deleteBeforeReplace ?? false,
      };
    },

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
      const identity = identityOf(inputs, type);
      refuseUnknown(inputs, 'created');
      const created = await engineCall(() => handler.create({ inputs: withoutHidden(inputs) as I, preview: false, identity }));
      return { id: created.id, outs: { ...created.outputs, ...withoutHidden(inputs), __identity: inputs.__identity } };
    },

    async read(id: string, props: Props | undefined): Promise<pulumi.dynamic.ReadResult> {
      const recorded = props ?? {};
      const result = await engineCall(() => handler.read({ id, state: stateOf(recorded) }));
      // An empty id tells the engine the resource is gone, so a refresh removes it from the state.
      if (!result) return { id: '', props: {} };
      const inputs = { ...(result.inputs ?? stateInputs(recorded, result.outputs)), __identity: recorded.__identity };
      return { id: result.id, props: { ...inputs, ...result.outputs }, inputs };
    },

    async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      refuseUnknown(news, 'updated');
      const result = await engineCall(() => handler.update({ id, olds: stateOf(olds), news: withoutHidden(news) as I, preview: false }));
      // The new inputs win over anything a handler hands back under the same name: they are what the user declared.
      return { outs: { ...result.outputs, ...withoutHidden(news), __identity: news.__identity ?? olds.__identity } };
    },

    async delete(id: string, props: Props): Promise<void> {
      await engineCall(() => handler.delete({ id, state: stateOf(props) }));
    },
  };

  /**
   * The handler's diff of the known fields: unknown ones take their recorded values (or stay unset), and the result
   * is checked as `check` would. Undefined when that does not pass: the known values are then only checked at `up`.
   */
  async function diffOfKnown(id: string, olds: Props, given: Props, unknown: string[]) {
    const recorded = withoutHidden(olds);
    const substituted: Props = { ...given };
    for (const key of unknown) {
      if (recorded[key] === undefined) delete substituted[key];
      else substituted[key] = recorded[key];
    }
    const checked = await handler.check({ olds: recorded, news: substituted });
    if (!checked.inputs || checked.failures.some((d) => d.severity === 'error')) return undefined;
    return handler.diff({ id, olds: stateOf(olds), news: checked.inputs });
  }

  /**
   * `check` lets problems about unknown values wait, and then hands back the inputs unchecked; Pulumi sends every
   * value known to create and update, so an unknown one here means those inputs were never checked: refuse them
   * before anything reaches Twilio.
   */
  function refuseUnknown(props: Props, done: string): void {
    const unknown = unknownInputs(withoutHidden(props));
    if (unknown.length === 0) return;
    throw engineError(
      new ValidationError({
        field: unknown[0],
        summary: `${unknown.map((key) => `\`${key}\``).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not known, so the ${type} cannot be ${done}`,
        detail: 'the value comes from another resource that has no value yet; run `pulumi up` again once that resource exists (nothing was sent to Twilio)',
      }),
    );
  }
}

/** Top-level inputs that are, or hold, a value Pulumi does not know yet. */
function unknownInputs(given: Props): string[] {
  return Object.keys(given).filter((key) => containsUnknownInput(given[key]));
}

/** A field path's segments; a field that is no path (`didops:twilioAuthToken`) is one segment. */
function safeFieldPath(field: string): (string | number)[] {
  try {
    return parseFieldPath(field);
  } catch {
    return [field];
  }
}

/** The recorded inputs: the recorded state minus the outputs' keys. */
function stateInputs(recorded: Props, outputs: object): Props {
  const inputs = withoutHidden(recorded);
  for (const key of Object.keys(outputs)) delete inputs[key];
  return inputs;
}
