/**
 * Turns a didops lifecycle handler into a `pulumi.dynamic.ResourceProvider`. This runs inside Pulumi's dynamic
 * provider host (loaded by host.ts), never in the user's program.
 *
 * Pulumi's dynamic protocol hands `diff`, `update`, `read` and `delete` the previous *outputs* only, so every create
 * and update returns the inputs and the outputs together; the handler's state is exactly that union.
 */
import type * as pulumi from '@pulumi/pulumi';
import { formatDiagnostic } from '../../src/core/diagnostics';
import { DidopsError, toDiagnostics, ValidationError } from '../../src/core/errors';
import type { ResourceHandler, ResourceIdentity, ResourceState } from '../../src/core/lifecycle';
import { checkKnown, containsUnknown, diffKnown, markUnknowns, unknownFields } from '../../src/core/unknowns';

/** Inputs the Pulumi classes add for the provider: never user data, never given to handlers. */
export const HIDDEN_INPUTS = ['__provider', '__identity'] as const;

/** What Pulumi sends for a value not known yet (an output of a resource not created yet, during preview). */
export const UNKNOWN_INPUT = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** True when the value is, or holds anywhere inside it, a value Pulumi does not know yet. */
export function containsUnknownInput(value: unknown): boolean {
  return containsUnknown(value, (v) => v === UNKNOWN_INPUT);
}

/** Pulumi's unknowns translated to the core's marker, which src/core/unknowns.ts reasons about. */
function withCoreUnknowns<T>(value: T): T {
  return markUnknowns(value, (v) => v === UNKNOWN_INPUT) as T;
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
      detail: 'create it with didops’ resource classes (PhoneNumber, RateCard, …), not pulumi.dynamic.Resource directly',
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

  return {
    async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      const identity = news.__identity as IdentityInput | undefined;
      const urn = typeof identity?.urn === 'string' && identity.urn !== UNKNOWN_INPUT ? identity.urn : undefined;
      const given = withoutHidden(news);
      // During preview an input may come from a resource not created yet; the core leaves its problems for `up`,
      // where Pulumi checks again with every value known.
      const result = await engineCall(() => checkKnown(handler, { news: withCoreUnknowns(given), olds: withoutHidden(olds), ...(urn ? { urn } : {}) }));
      const name = typeof identity?.name === 'string' ? identity.name : type;
      for (const d of result.failures) if (d.severity === 'warning') explain(`${name}: warning: ${formatDiagnostic(d)}`);
      const failures = result.failures
        .filter((d) => d.severity === 'error')
        .map((d) => ({ property: d.field ?? '', reason: d.detail ? `${d.summary}; ${d.detail}` : d.summary }));
      if (failures.length > 0) return { failures };
      // Only while values are unknown can there be no inputs without failures: pass them on as given.
      if (!result.inputs) return { inputs: news, failures: [] };
      // The unknown fields go on as Pulumi gave them, so that the engine still knows they are unknown.
      const unknown = Object.fromEntries(result.unknownFields.map((key) => [key, given[key]]));
      return { inputs: { ...result.inputs, ...unknown, __identity: news.__identity }, failures: [] };
    },

    async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const given = withCoreUnknowns(withoutHidden(news));
      const result = await engineCall(() => diffKnown(handler, { id, olds: stateOf(olds), news: given, recorded: withoutHidden(olds) }));
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
   * `check` lets problems about unknown values wait, and then hands back the inputs unchecked; Pulumi sends every
   * value known to create and update, so an unknown one here means those inputs were never checked: refuse them
   * before anything reaches a carrier or the billing provider.
   */
  function refuseUnknown(props: Props, done: string): void {
    const unknown = unknownFields(withCoreUnknowns(withoutHidden(props)));
    if (unknown.length === 0) return;
    throw engineError(
      new ValidationError({
        field: unknown[0],
        summary: `${unknown.map((key) => `\`${key}\``).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not known, so the ${type} cannot be ${done}`,
        detail: 'the value comes from another resource that has no value yet; run `pulumi up` again once that resource exists (nothing was sent to the carrier or the billing provider)',
      }),
    );
  }
}

/** The recorded inputs: the recorded state minus the outputs' keys. */
function stateInputs(recorded: Props, outputs: object): Props {
  const inputs = withoutHidden(recorded);
  for (const key of Object.keys(outputs)) delete inputs[key];
  return inputs;
}
