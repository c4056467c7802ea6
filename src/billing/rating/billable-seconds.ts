/**
 * How long a call is billed for, the rule carriers write as "60/60" or "6/6": a started second counts as a whole
 * one, a short answered call is lifted to the minimum, and the result is rounded up to the increment's grid (the
 * first block of `initial` seconds, then blocks of `subsequent`). The minimum is applied before the increment so
 * that every billed duration lies on the grid: with "6/6" and a 10 s minimum a 3 s call bills 12 s, not 10 s.
 *
 * A call that was not answered (0 s) bills nothing: neither the minimum nor the first block applies. This runs once
 * per call record in the reconciler's hottest loop, so it is integer arithmetic only, and the compiled rater checks
 * the increment once per card ({@link incrementProblem}) and then calls {@link secondsOnGrid} per call.
 */
import { ValidationError } from '../../core/errors';

/** A billing increment in seconds, as the rate card's `increment` parses: "60/60" is `{ initial: 60, subsequent: 60 }`. */
export interface BillingIncrement {
  /** Length of the first billed block, in seconds. */
  readonly initial: number;
  /** Length of every later block, in seconds. */
  readonly subsequent: number;
}

/** The error a billing increment that is not whole seconds of at least 1 raises, or undefined when it is usable. */
export function incrementProblem(increment: BillingIncrement): ValidationError | undefined {
  if (increment.initial >= 1 && increment.subsequent >= 1 && Number.isInteger(increment.initial) && Number.isInteger(increment.subsequent)) return undefined;
  return new ValidationError({ field: 'increment', summary: `"${increment.initial}/${increment.subsequent}" is not a billing increment`, detail: 'both blocks are whole seconds of at least 1, e.g. "60/60", "6/6" or "1/1"' });
}

/**
 * Billable seconds of a finite duration on a checked increment ({@link incrementProblem} found nothing): the rule
 * itself, without the checks, for callers that made them once.
 */
export function secondsOnGrid(durationSeconds: number, initial: number, subsequent: number, minimumSeconds: number): number {
  if (durationSeconds <= 0) return 0;
  const lifted = Math.max(Math.ceil(durationSeconds), minimumSeconds);
  if (lifted <= initial) return initial;
  return initial + Math.ceil((lifted - initial) / subsequent) * subsequent;
}

/** Billable seconds of a call lasting `durationSeconds` (0 for an unanswered call), after the minimum and the increment. */
export function billableSeconds(durationSeconds: number, increment: BillingIncrement, minimumSeconds = 0): number {
  if (!Number.isFinite(durationSeconds)) {
    throw new ValidationError({ field: 'durationSeconds', summary: `${durationSeconds} is not a call duration`, detail: 'give the answered duration in seconds, 0 for an unanswered call' });
  }
  const problem = incrementProblem(increment);
  if (problem) throw problem;
  return secondsOnGrid(durationSeconds, increment.initial, increment.subsequent, minimumSeconds);
}
