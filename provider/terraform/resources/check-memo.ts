/**
 * Terraform asks about one resource instance several times in a walk, and each answer needs the handler's `check`
 * of the same inputs: ReadResource reads the recorded state through it, PlanResourceChange checks the configuration
 * and reads the prior state again. `check` is a pure function of its request (zod, number parsing, geography), so
 * its answers are remembered for the few calls that follow; at 10,000 numbers that is tens of thousands of checks
 * fewer per plan.
 */
import type { CheckRequest, CheckResponse, ResourceHandler } from '../../../src/core/lifecycle';

/** Answers kept: a walk's in-flight instances (Terraform's parallelism) times the calls each makes, with room. */
const REMEMBERED_CHECKS = 512;

/** The handler with `check` answered from memory for a request seen among the last few hundred. */
export function withRememberedChecks<I extends object, O extends object>(handler: ResourceHandler<I, O>): ResourceHandler<I, O> {
  const answers = new Map<string, CheckResponse<I>>();
  const check = async (request: CheckRequest): Promise<CheckResponse<I>> => {
    const key = JSON.stringify([request.urn ?? null, request.olds ?? null, request.news ?? null]);
    let answer = answers.get(key);
    if (answer === undefined) {
      // Frozen, because every later caller gets this same answer: one that changed it would change it for the rest
      // (in strict mode the change throws, so such a caller shows up in tests instead).
      answer = deepFreeze(await handler.check(request));
      answers.set(key, answer);
      // Oldest first: a Map iterates in insertion order.
      if (answers.size > REMEMBERED_CHECKS) answers.delete(answers.keys().next().value as string);
    }
    return answer;
  };
  return Object.assign(Object.create(handler) as ResourceHandler<I, O>, { check });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
