/**
 * What changes between two versions of a routing plan, in the words a reviewer needs: first what
 * callers will notice (which times, keys, places, numbers and shares of callers now end up
 * somewhere else), then each step's changes, then the head plan's diagram with the changed steps
 * marked. `didops routing diff` posts the Markdown as a pull-request comment.
 *
 * Caller-level changes compare where calls end up, not how the YAML is written: splitting
 * "weekdays" into "mon–thu" and "fri" with the same hours is no change to a caller, while moving
 * Friday's closing time is, and is reported as the stretch of the week that now goes elsewhere.
 */
import type { RoutingPlan } from './model';
import { describeDestination, describeStep } from './describe';
import { planCallerChanges, stepCallerChanges } from './diff-callers';
import { compareAspects, exitsText, planAspects, stepAspects } from './diff-steps';

// The comment rendering lives in diff-markdown.ts; exported from here too, as it always was.
export { escapeMarkdown, renderDiffMarkdown, type DiffLabels } from './diff-markdown';

/** A plan with its name, as read from a plan file. */
export interface NamedPlan {
  readonly name: string;
  readonly plan: RoutingPlan;
}

/** One step's change, in words; step names inside `text` are wrapped in backticks. */
export interface StepChange {
  readonly step: string;
  /** `renamed`: the step is the same as a removed one under another name (`text` names the old one). */
  readonly kind: 'added' | 'removed' | 'changed' | 'renamed';
  readonly text: string;
}

/** Everything that differs between two versions of one plan. */
export interface RoutingDiff {
  /** The plan's name (the head's, or the base's when the plan was removed). */
  readonly name: string;
  /** `added` when only the head has the plan, `removed` when only the base has it. */
  readonly status: 'unchanged' | 'changed' | 'added' | 'removed';
  /** What callers will notice, one sentence each: "Weekdays 18:00–09:00 America/New_York: now voicemail, was +1 415 555 0100". */
  readonly callerChanges: readonly string[];
  /** Plan settings and steps that changed, in the plan's order; `step` is "" for plan-wide settings. */
  readonly stepChanges: readonly StepChange[];
  /** Steps in both versions whose content changed. */
  readonly changedSteps: ReadonlySet<string>;
  /** Steps only the head has. */
  readonly addedSteps: ReadonlySet<string>;
  /** Steps only the base has. */
  readonly removedSteps: ReadonlySet<string>;
  readonly base?: NamedPlan;
  readonly head?: NamedPlan;
}

/** Compares two versions of a plan; pass `undefined` for a plan that one side does not have. */
export function diffRoutingPlans(base: NamedPlan | undefined, head: NamedPlan | undefined): RoutingDiff {
  const name = head?.name ?? base?.name ?? 'plan';
  if (!base || !head) {
    const only = (head ?? base) as NamedPlan;
    const steps = new Set(Object.keys(only?.plan.steps ?? {}));
    return {
      name,
      status: head ? 'added' : 'removed',
      callerChanges: head ? [`New plan: calls start at ${describeDestination(head.plan, head.plan.start)}.`] : ['Plan removed: numbers still pointing at it stop being routed by it.'],
      stepChanges: [],
      changedSteps: new Set(),
      addedSteps: head ? steps : new Set(),
      removedSteps: head ? new Set() : steps,
      ...(base ? { base } : {}),
      ...(head ? { head } : {}),
    };
  }
  const b = base.plan;
  const h = head.plan;
  const stepChanges: StepChange[] = [];
  const changedSteps = new Set<string>();
  const addedSteps = new Set<string>();
  const removedSteps = new Set<string>();

  const settings = compareAspects(planAspects(b), planAspects(h));
  if (base.name !== head.name) settings.unshift(`renamed from \`${base.name}\``);
  if (settings.length > 0) stepChanges.push({ step: '', kind: 'changed', text: settings.join('; ') });
  for (const [stepName, step] of Object.entries(h.steps)) {
    const old = b.steps[stepName];
    if (old === undefined) {
      addedSteps.add(stepName);
      stepChanges.push({ step: stepName, kind: 'added', text: `${describeStep(step, h)}${exitsText(step)}` });
      continue;
    }
    const phrases = old.type !== step.type ? [`now ${describeStep(step, h)}, was ${describeStep(old, b)}`] : compareAspects(stepAspects(old, b), stepAspects(step, h));
    if (phrases.length > 0) {
      changedSteps.add(stepName);
      stepChanges.push({ step: stepName, kind: 'changed', text: phrases.join('; ') });
    }
  }
  for (const [stepName, step] of Object.entries(b.steps)) {
    if (h.steps[stepName] !== undefined) continue;
    removedSteps.add(stepName);
    stepChanges.push({ step: stepName, kind: 'removed', text: describeStep(step, b) });
  }
  // A step that only changed its name reads as a rename, not as a new step and a removed one.
  for (const added of [...addedSteps]) {
    const same = JSON.stringify(h.steps[added]);
    const old = [...removedSteps].find((r) => JSON.stringify(b.steps[r]) === same);
    if (old === undefined) continue;
    addedSteps.delete(added);
    removedSteps.delete(old);
    changedSteps.add(added);
    const at = stepChanges.findIndex((c) => c.step === added && c.kind === 'added');
    stepChanges.splice(at, 1, { step: added, kind: 'renamed', text: `renamed from \`${old}\`; nothing else changed` });
    stepChanges.splice(stepChanges.findIndex((c) => c.step === old && c.kind === 'removed'), 1);
  }

  const callerChanges = [...planCallerChanges(base, head)];
  for (const [stepName, step] of Object.entries(h.steps)) {
    const old = b.steps[stepName];
    if (old !== undefined) callerChanges.push(...stepCallerChanges(b, old, h, stepName, step));
  }
  const changed = stepChanges.length > 0 || callerChanges.length > 0;
  return { name, status: changed ? 'changed' : 'unchanged', callerChanges, stepChanges, changedSteps, addedSteps, removedSteps, base, head };
}
