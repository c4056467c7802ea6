/**
 * The checks that need the plan as a graph of steps: references to steps that do not exist, steps
 * no call reaches, and loops a call can never leave. Every pass is linear in steps plus references
 * (one breadth-first search, one Tarjan SCC pass), so a 1,000-step plan checks in about a millisecond.
 */
import type { RoutingPlan, Step } from './model';
import type { StepReference } from './graph';
import type { FieldSegments, PlanFindings } from './check-findings';
import { NameSuggester } from '../core/suggest';
import { uncoveredStretches } from './schedule';

/** Distance cells the "did you mean" of one plan's references may fill: about a hundred full scans of a 1,000-step plan. */
const SUGGESTION_CELL_BUDGET = 3_000_000;

/** Kinds of step that connect the call to someone or something, or end it on purpose. */
const DESTINATION_TYPES: ReadonlySet<Step['type']> = new Set(['forward', 'sip', 'ring', 'queue', 'voicemail', 'conference', 'hangup']);

/**
 * True when a call at this step can end or be connected here rather than only move on: a
 * destination, or a rule with a branch left out (which hangs up). A schedule without `otherwise`
 * only ends calls when some hour of the week falls outside its windows.
 */
export function canEndCall(step: Step): boolean {
  if (DESTINATION_TYPES.has(step.type)) return true;
  if (step.type === 'menu') return step.onTimeout === undefined || step.onInvalid === undefined;
  if (step.type === 'schedule') return step.otherwise === undefined && uncoveredStretches(step).length > 0;
  return false;
}

/** Reports `start` and every reference naming no step, with the nearest real name when one is close. */
export function checkReferences(plan: RoutingPlan, findings: PlanFindings, edges: ReadonlyMap<string, StepReference[]>): void {
  const names = Object.keys(plan.steps);
  const suggester = new NameSuggester(SUGGESTION_CELL_BUDGET);
  const report = (step: string | undefined, field: FieldSegments, target: string) => {
    const near = suggester.nearest(target, names);
    const fix = near !== undefined ? `did you mean "${near}"?` : names.length === 0 ? 'add steps to the plan' : `name one of the plan's steps (${listNames(names)}) or add a step called "${target}"`;
    findings.error(step, field, `"${target}" is not a step of this plan`, fix);
  };
  if (!Object.hasOwn(plan.steps, plan.start)) report(undefined, ['start'], plan.start);
  for (const [name, list] of edges) {
    for (const edge of list) if (!Object.hasOwn(plan.steps, edge.next)) report(name, edge.field, edge.next);
  }
}

/** Warns about steps no call can reach from `start` (skipped when `start` itself is missing: everything would be listed). */
export function checkReachability(plan: RoutingPlan, findings: PlanFindings, edges: ReadonlyMap<string, StepReference[]>): void {
  if (!Object.hasOwn(plan.steps, plan.start)) return;
  const reached = new Set<string>([plan.start]);
  const queue = [plan.start];
  for (let i = 0; i < queue.length; i++) {
    for (const { next: target } of edges.get(queue[i]) ?? []) {
      if (!reached.has(target) && Object.hasOwn(plan.steps, target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const name of Object.keys(plan.steps)) {
    if (!reached.has(name)) {
      findings.warn(name, [], `step "${name}" is never reached from start "${plan.start}"`, `point a "next" (or another branch) at it, or delete it`);
    }
  }
}

/**
 * Reports loops a call can enter and never leave: sets of steps that lead only to each other and
 * none of which can end or connect the call. Only such closed sets are reported (not the steps
 * leading into them), so each message names the loop to fix.
 */
export function checkTrapLoops(plan: RoutingPlan, findings: PlanFindings, edges: ReadonlyMap<string, StepReference[]>): void {
  const names = Object.keys(plan.steps);
  const index = new Map(names.map((n, i) => [n, i]));
  // A reference to a missing step is reported on its own and ends the call there, so it counts as a way out.
  const targets: number[][] = names.map((n) => (edges.get(n) ?? []).map((e) => index.get(e.next) ?? -1));
  for (const component of stronglyConnected(targets)) {
    const cyclic = component.length > 1 || targets[component[0]].includes(component[0]);
    if (!cyclic) continue;
    const members = new Set(component);
    const closed = component.every((i) => !canEndCall(plan.steps[names[i]]) && targets[i].every((t) => members.has(t)));
    if (!closed) continue;
    const first = Math.min(...component);
    const cycle = shortestCycle(first, targets, members).map((i) => names[i]);
    const others = component.length - (cycle.length - 1);
    const rest = others > 0 ? ` (and ${others} more step${others === 1 ? '' : 's'} leading only back into it)` : '';
    findings.error(
      names[first],
      [],
      `${cycle.join(' → ')} is a loop callers can never leave${rest}`,
      'no step in it ends or connects the call; give one of them a way out, e.g. a menu option, onTimeout or otherwise that leads to a queue, a forward or voicemail',
    );
  }
}

/** Tarjan's strongly connected components, iteratively (a 1,000-step chain would be deep recursion). */
function stronglyConnected(targets: readonly number[][]): number[][] {
  const n = targets.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: Array<[node: number, edge: number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1];
      const [node, edge] = top;
      if (edge < targets[node].length) {
        top[1]++;
        const next = targets[node][edge];
        if (next < 0) continue;
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push([next, 0]);
        } else if (onStack[next]) {
          low[node] = Math.min(low[node], order[next]);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] === order[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest way round from `start` back to itself inside `members`, as `[start, …, start]`. */
function shortestCycle(start: number, targets: readonly number[][], members: ReadonlySet<number>): number[] {
  const cameFrom = new Map<number, number>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const next of targets[node]) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at) as number) path.push(at);
        path.push(start);
        return [path[0], ...path.slice(1, -1).reverse(), start];
      }
      if (members.has(next) && !cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  /* Unreachable for a cyclic component; kept so the function is total. */
  return [start, start];
}

/** Up to eight names, then how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}
