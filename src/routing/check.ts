/**
 * The routing-plan checks run before anything is deployed: `didops routing check`, `pulumi preview`
 * and `terraform plan` all call {@link validateRoutingPlan}. Errors (a reference to no step, a loop
 * callers cannot leave, a menu with no timeout path, hours with nowhere to go, recording without a
 * disclosure…) stop a deploy; warnings (unreachable steps, callers hung up on when nobody answers…)
 * are where a person should look. Every diagnostic names its step path, such as
 * `plans.support.menu.options[2].next`, and says how to fix it.
 *
 * The checks themselves live in `check-graph.ts`, `check-steps.ts`, `check-schedule.ts` and
 * `check-geo.ts`; this module runs them in a fixed order and returns what they found sorted by step.
 */
import type { Diagnostic } from '../core/diagnostics';
import { MAX_STEP_NAME, MAX_STEPS, STEP_NAME_PATTERN, type RoutingPlan } from './model';
import { parseRoutingPlan, parseRoutingPlans } from './parse';
import { PlanFindings } from './check-findings';
import { checkReachability, checkReferences, checkTrapLoops } from './check-graph';
import { stepReferences, type StepReference } from './graph';
import { checkDisclosureUsed, checkStep } from './check-steps';
import { checkSchedule } from './check-schedule';
import { checkGeo } from './check-geo';

/**
 * Steps above which a plan may compile to more than Studio's 1,000 states (menus, schedules and
 * failover add states); the compiler enforces the real limit, this only warns early.
 */
export const LARGE_PLAN_STEPS = 300;

/** A plan read and checked: the plan when its shape is valid, and everything wrong with it. */
export interface ValidatedPlan {
  /** The plan's name (its key under `plans`, or the file's base name for a bare plan). */
  readonly name: string;
  /** The validated plan, present whenever its shape parsed (even if the checks found errors). */
  readonly plan?: RoutingPlan;
  /** Shape problems, or else the checks' errors and warnings, in step order. */
  readonly diagnostics: Diagnostic[];
}

/** Graph and meaning checks of a plan whose shape already parsed; errors block a deploy, warnings do not. */
export function checkRoutingPlan(name: string, plan: RoutingPlan): Diagnostic[] {
  const findings = new PlanFindings(name);
  const stepNames = Object.keys(plan.steps);
  checkSize(stepNames.length, findings);
  checkStepNames(stepNames, findings);
  checkDisclosureUsed(plan, findings);

  const edges = new Map<string, StepReference[]>(stepNames.map((n) => [n, stepReferences(plan.steps[n])]));
  checkReferences(plan, findings, edges);
  checkReachability(plan, findings, edges);
  checkTrapLoops(plan, findings, edges);

  for (const stepName of stepNames) {
    const step = plan.steps[stepName];
    checkStep(plan, stepName, step, findings);
    if (step.type === 'schedule') checkSchedule(plan, stepName, step, findings);
    if (step.type === 'geo') checkGeo(stepName, step, findings);
  }
  return findings.sorted(new Map(stepNames.map((n, i) => [n, i])));
}

/** Reads one plan (shape, then checks): what `check` in every adapter runs. */
export function validateRoutingPlan(name: string, raw: unknown): ValidatedPlan {
  const parsed = parseRoutingPlan(name, raw);
  if (parsed.plan === undefined) return { name, diagnostics: parsed.diagnostics };
  return { name, plan: parsed.plan, diagnostics: checkRoutingPlan(name, parsed.plan) };
}

/** Reads and checks every plan of a document (`{ plans: {...} }`, or a bare plan called `fallbackName`). */
export function validatePlanDocument(raw: unknown, fallbackName?: string): ValidatedPlan[] {
  return parseRoutingPlans(raw, fallbackName).map((parsed) =>
    parsed.plan === undefined ? parsed : { name: parsed.name, plan: parsed.plan, diagnostics: checkRoutingPlan(parsed.name, parsed.plan) },
  );
}

function checkSize(count: number, findings: PlanFindings): void {
  if (count > MAX_STEPS) {
    findings.error(undefined, ['steps'], `the plan has ${count} steps, more than the ${MAX_STEPS} a plan may have`, 'split it into several plans (one per number or department), or share steps between branches');
  } else if (count > LARGE_PLAN_STEPS) {
    findings.warn(
      undefined,
      ['steps'],
      `the plan has ${count} steps and may compile to more than Studio's 1,000 states`,
      'menus, schedules and failover each add Studio states; `didops routing compile` reports the exact count, and splitting the plan keeps it well clear of the limit',
    );
  }
}

/**
 * Step names become Studio state names and are what `next` refers to, so they follow the same rule
 * as references; names with "__" would also collide with the states the compiler adds.
 */
/** The trigger state and the prefix of the compiler's plan-level states (`didops__disclosure`). */
const RESERVED_STEP_NAMES = ['Trigger', 'didops'];

function checkStepNames(names: readonly string[], findings: PlanFindings): void {
  for (const name of names) {
    if (name.length > MAX_STEP_NAME) {
      findings.error(name, [], `step name "${name}" is longer than ${MAX_STEP_NAME} characters`, 'shorten it (and every reference to it)');
    } else if (!STEP_NAME_PATTERN.test(name)) {
      findings.error(name, [], `"${name}" is not a valid step name`, 'a step name is a letter, then letters, digits or single underscores (e.g. "after_hours"); rename it and every reference to it');
    } else if (RESERVED_STEP_NAMES.includes(name)) {
      findings.error(name, [], `"${name}" is a name the compiled Studio flow uses for itself`, 'rename the step (and every reference to it), e.g. to "welcome"');
    }
  }
}
