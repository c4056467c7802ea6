/**
 * The routing compiler: a checked routing plan in, a Twilio Studio flow definition out.
 *
 * Deterministic by construction, so that a plan's compiled JSON changes only when what callers
 * experience changes: states come in a fixed order (`Trigger`, the plan-level states, then each
 * step's states in breadth-first order from `start`, following references in the order the model
 * declares them), keys are written in a fixed order, and nothing reads a clock or a random source.
 * Only steps reachable from `start` are compiled; the checks warn about the others.
 */
import { errorDiagnostic, type Diagnostic } from '../core/diagnostics';
import { ValidationError } from '../core/errors';
import type { RoutingPlan, Step } from './model';
import { planPath, stepPath } from './parse';
import { compileStep } from './compile-steps';
import { sayPlayState, transition, type StudioFlowDefinition, type StudioState } from './compile-studio';
import { stepReferences } from './graph';

export { stepReferences, reachableSteps, type StepReference } from './graph';

export type {
  StudioCondition,
  StudioConditionType,
  StudioFlowDefinition,
  StudioJson,
  StudioOffset,
  StudioProperties,
  StudioState,
  StudioTransition,
  StudioWidgetType,
} from './compile-studio';
export { SCHEDULE_COMPILED_FROM, SCHEDULE_COMPILED_UNTIL } from './compile-zone-offsets';

/** Options of {@link compileRoutingPlan}. */
export interface CompileOptions {
  /** The plan's name (its key under `plans:`), used in the flow's description and in error paths. */
  readonly name: string;
}

/** The name of the flow's trigger state. */
export const TRIGGER_STATE = 'Trigger';

/** Prefix of states that belong to the plan rather than to a step (`didops__disclosure`). */
export const PLAN_STATE_PREFIX = 'didops__';

/** The state that plays the recording disclosure before anything else. */
export const DISCLOSURE_STATE = `${PLAN_STATE_PREFIX}disclosure`;

/** Most states Studio holds in one flow. */
export const MAX_STUDIO_STATES = 1000;

/** Editor layout: columns by distance from the trigger, rows within a column. */
const COLUMN_WIDTH = 400;
const ROW_HEIGHT = 250;

/** Compiles a checked routing plan into a Studio flow definition; throws a ValidationError naming the step path when a reference dangles. */
export function compileRoutingPlan(plan: RoutingPlan, options: CompileOptions): StudioFlowDefinition {
  const planName = options.name;
  const reachable = reachableSteps(plan, planName);
  const disclosure = recordingDisclosure(plan, planName, reachable);
  const columns: Array<{ state: StudioState; column: number }> = [];
  const firstStep = disclosure === undefined ? plan.start : DISCLOSURE_STATE;
  columns.push({ state: triggerState(firstStep), column: 0 });
  if (disclosure !== undefined) columns.push({ state: disclosure, column: 1 });
  const stepColumn = disclosure === undefined ? 1 : 2;
  for (const { name, step, depth } of reachable) {
    for (const state of compileStep({ plan, planName }, name, step)) columns.push({ state, column: stepColumn + depth });
  }
  return {
    description: plan.description === undefined ? `didops routing plan ${planName}` : `didops routing plan ${planName}: ${plan.description}`,
    initial_state: TRIGGER_STATE,
    flags: { allow_concurrent_calls: true },
    states: layOut(columns),
  };
}

/** The canonical JSON text of a compiled plan (2-space indent, trailing newline): what `didops routing compile` prints and diffs compare. */
export function compiledFlowJson(plan: RoutingPlan, options: CompileOptions): string {
  return `${JSON.stringify(compileRoutingPlan(plan, options), null, 2)}\n`;
}

/** An error at `plans.<name>` when the compiled flow holds more states than Studio allows. */
export function compiledSizeDiagnostics(name: string, flow: StudioFlowDefinition): Diagnostic[] {
  const count = flow.states.length;
  if (count <= MAX_STUDIO_STATES) return [];
  return [
    errorDiagnostic(
      `the compiled flow has ${count.toLocaleString('en-US')} Studio states; Studio holds at most ${MAX_STUDIO_STATES.toLocaleString('en-US')}: split the plan`,
      {
        field: planPath(name),
        detail: 'move a branch (a department, a region) into a plan of its own, or use fewer menu retries, holidays or ring targets',
      },
    ),
  ];
}

/** The step a compiled state belongs to (the part of its name before `__`); undefined for `Trigger` and the plan-level `didops__*` states. */
export function stepOfState(stateName: string): string | undefined {
  if (stateName === TRIGGER_STATE || stateName.startsWith(PLAN_STATE_PREFIX)) return undefined;
  const cut = stateName.indexOf('__');
  return cut < 0 ? stateName : stateName.slice(0, cut);
}

interface ReachableStep {
  readonly name: string;
  readonly step: Step;
  /** Breadth-first distance from `start`. */
  readonly depth: number;
}

/** Step names the compiler keeps for itself: the trigger, and the prefix of plan-level states. */
const RESERVED_STEP_NAMES = new Set([TRIGGER_STATE, PLAN_STATE_PREFIX.slice(0, -2)]);

/** Every step reachable from `start`, breadth-first; a reference to a missing step is an error at the field holding it. */
function reachableSteps(plan: RoutingPlan, planName: string): ReachableStep[] {
  const lookup = (name: string, field: string): Step => {
    // Own keys only: a step named "constructor" must not find Object.prototype's.
    if (Object.hasOwn(plan.steps, name)) {
      if (RESERVED_STEP_NAMES.has(name)) {
        throw new ValidationError({
          summary: `"${name}" is reserved for the compiled flow's own states`,
          field: stepPath(planName, name),
          detail: 'rename the step (e.g. "welcome")',
        });
      }
      return plan.steps[name];
    }
    throw new ValidationError({
      summary: `"${name}" is not a step of plan "${planName}"`,
      field,
      detail: `name one of its steps (${listSome(Object.keys(plan.steps).sort())}) or add a step called "${name}"`,
    });
  };
  const out: ReachableStep[] = [{ name: plan.start, step: lookup(plan.start, `${planPath(planName)}.start`), depth: 0 }];
  const seen = new Set([plan.start]);
  for (let i = 0; i < out.length; i++) {
    const from = out[i];
    for (const ref of stepReferences(from.step)) {
      if (seen.has(ref.next)) continue;
      const step = lookup(ref.next, stepPath(planName, from.name, ...ref.field));
      seen.add(ref.next);
      out.push({ name: ref.next, step, depth: from.depth + 1 });
    }
  }
  return out;
}

/** Up to ten names, so a message about a big plan stays readable. */
function listSome(names: readonly string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, …`;
}

/** The disclosure state when any reachable step records the call. */
function recordingDisclosure(plan: RoutingPlan, planName: string, reachable: readonly ReachableStep[]): StudioState | undefined {
  const recorder = reachable.find(({ step }) => 'record' in step && step.record === true);
  if (recorder === undefined) return undefined;
  if (plan.recording === undefined) {
    throw new ValidationError({
      summary: `step "${recorder.name}" records calls but the plan has no recording disclosure`,
      field: `${planPath(planName)}.recording.disclosure`,
      detail: 'set `recording.disclosure` to what callers hear first (e.g. "Calls are recorded for training purposes."), or stop recording',
    });
  }
  return sayPlayState(plan, DISCLOSURE_STATE, plan.recording.disclosure, plan.start);
}

function triggerState(first: string): StudioState {
  return {
    name: TRIGGER_STATE,
    type: 'trigger',
    properties: {},
    transitions: [
      transition('incomingMessage'),
      transition('incomingCall', first),
      transition('incomingConversationMessage'),
      transition('incomingRequest'),
      transition('incomingParent'),
    ],
  };
}

/** Adds each state's editor position: x by column, y by the state's row within its column. */
function layOut(placed: ReadonlyArray<{ state: StudioState; column: number }>): StudioState[] {
  const rows = new Map<number, number>();
  return placed.map(({ state, column }) => {
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { ...state, properties: { ...state.properties, offset: { x: COLUMN_WIDTH * column, y: ROW_HEIGHT * row } } };
  });
}
