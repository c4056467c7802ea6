/**
 * The plan as a graph: which steps each step can lead to, shared by the checks (missing steps,
 * reachability, loops), the compiler (the order it lays states out in) and the simulator.
 */
import type { RoutingPlan, Step } from './model';

/** A reference from one step to another, with the field that holds it (for error paths). */
export interface StepReference {
  readonly next: string;
  readonly field: readonly (string | number)[];
}

/** The steps a step can lead to, in the order the model declares its fields. */
export function stepReferences(step: Step): StepReference[] {
  const refs: StepReference[] = [];
  const add = (next: string | undefined, ...field: (string | number)[]): void => {
    if (next !== undefined) refs.push({ next, field });
  };
  switch (step.type) {
    case 'forward':
    case 'sip':
    case 'ring':
      add(step.onNoAnswer, 'onNoAnswer');
      add(step.onBusy, 'onBusy');
      add(step.onFailure, 'onFailure');
      break;
    case 'queue':
      add(step.onTimeout, 'onTimeout');
      add(step.onFailure, 'onFailure');
      break;
    case 'say':
      add(step.next, 'next');
      break;
    case 'menu':
      step.options.forEach((o, i) => add(o.next, 'options', i, 'next'));
      add(step.onTimeout, 'onTimeout');
      add(step.onInvalid, 'onInvalid');
      break;
    case 'schedule':
      (step.holidays ?? []).forEach((h, i) => add(h.next, 'holidays', i, 'next'));
      step.windows.forEach((w, i) => add(w.next, 'windows', i, 'next'));
      add(step.otherwise, 'otherwise');
      break;
    case 'geo':
      step.routes.forEach((r, i) => add(r.next, 'routes', i, 'next'));
      add(step.otherwise, 'otherwise');
      break;
    case 'screen':
      add(step.onRejected, 'onRejected');
      add(step.next, 'next');
      break;
    case 'split':
      step.branches.forEach((b, i) => add(b.next, 'branches', i, 'next'));
      break;
    case 'voicemail':
    case 'conference':
    case 'hangup':
      break;
  }
  return refs;
}

/** Steps a call can reach from `start`, in breadth-first order following references as written (missing steps skipped). */
export function reachableSteps(plan: RoutingPlan): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const queue = [plan.start];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i];
    const step = Object.prototype.hasOwnProperty.call(plan.steps, name) ? plan.steps[name] : undefined;
    if (seen.has(name) || step === undefined) continue;
    seen.add(name);
    order.push(name);
    for (const ref of stepReferences(step)) if (!seen.has(ref.next)) queue.push(ref.next);
  }
  return order;
}
