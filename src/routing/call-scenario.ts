/**
 * A simulated call: who calls, when, what they press, and how each ring or queue turns out.
 *
 * The same scenario drives the plan simulator (`simulateCall`) and the sandbox's execution of the
 * compiled Studio flow (sent in the Executions API's `Parameters` under `didops_simulation`), so
 * property tests can check both take the same path.
 */
import type { E164 } from '../core/e164';
import { e164Info } from '../core/e164';
import { nanpAreaCode } from '../catalogue/nanp-lookup';

/** How one ring attempt ends, as Twilio's `DialCallStatus` says it. */
export type DialOutcome = 'completed' | 'no-answer' | 'busy' | 'failed';
export const DIAL_OUTCOMES: readonly DialOutcome[] = ['completed', 'no-answer', 'busy', 'failed'];

/** How a wait in a queue ends: an agent took the call, the caller waited `maxWait`, or the queue refused the call. */
export type QueueOutcome = 'answered' | 'timeout' | 'failed';
export const QUEUE_OUTCOMES: readonly QueueOutcome[] = ['answered', 'timeout', 'failed'];

/** Everything that decides a call's path. */
export interface CallScenario {
  /** The caller's number. */
  readonly from: E164;
  /** The number dialled (the plan's number); only shown, and used for the "plan-number" caller ID. */
  readonly to?: E164;
  /** When the call arrives (a UTC instant). */
  readonly at: Date;
  /**
   * What the caller does at each menu prompt, in order: keypad digits (`"2"`), words (`"speech:billing"`)
   * or nothing (`""`, the prompt times out). When the list runs out, every further prompt times out.
   */
  readonly inputs?: readonly string[];
  /** How rings and queues end, by target: an E.164 number, a SIP URI, or `queue:<name>`. Unlisted ones answer. */
  readonly outcomes?: Readonly<Record<string, DialOutcome | QueueOutcome>>;
  /** The call's SID (CA + 32 hex); percentage splits choose by its last two hex digits. */
  readonly callSid: string;
}

/** The key of a queue in {@link CallScenario.outcomes}. */
export function queueOutcomeKey(queue: string): string {
  return `queue:${queue}`;
}

/** How ringing one target ends in a scenario (answered unless told otherwise). */
export function dialOutcome(scenario: Pick<CallScenario, 'outcomes'>, target: string): DialOutcome {
  const o = scenario.outcomes?.[target];
  return o === 'no-answer' || o === 'busy' || o === 'failed' ? o : 'completed';
}

/** How waiting in a queue ends in a scenario (answered unless told otherwise). */
export function queueOutcome(scenario: Pick<CallScenario, 'outcomes'>, queue: string): QueueOutcome {
  const o = scenario.outcomes?.[queueOutcomeKey(queue)];
  return o === 'timeout' || o === 'failed' ? o : 'answered';
}

/**
 * How ringing several targets at once ends: connected if anyone answers; otherwise busy only when
 * every line is busy, failed only when every call failed, and no-answer for any other mix.
 */
export function simultaneousOutcome(outcomes: readonly DialOutcome[]): DialOutcome {
  if (outcomes.includes('completed')) return 'completed';
  if (outcomes.length > 0 && outcomes.every((o) => o === 'busy')) return 'busy';
  if (outcomes.length > 0 && outcomes.every((o) => o === 'failed')) return 'failed';
  return 'no-answer';
}

/** Number of buckets a percentage split divides callers into (the values of a CallSid's last two hex digits). */
export const SPLIT_BUCKETS = 256;

/** The bucket (0–255) of a call: the last two hex digits of its SID. */
export function splitBucket(callSid: string): number {
  return parseInt(callSid.slice(32, 34), 16);
}

/**
 * Which buckets each branch of a percentage split owns: branch i takes buckets from
 * `floor(256 × (sum of earlier percents) / 100)` up to the next boundary, so 50/50 is 128/128.
 */
export function splitBucketRanges(percents: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let sum = 0;
  for (const p of percents) {
    const start = Math.floor((SPLIT_BUCKETS * sum) / 100);
    sum += p;
    out.push([start, Math.floor((SPLIT_BUCKETS * sum) / 100)]);
  }
  return out;
}

/** The branch of a percentage split that owns a bucket; buckets past every share (percents short of 100) go to the last branch. */
export function splitBranchAtBucket(percents: readonly number[], bucket: number): number {
  const i = splitBucketRanges(percents).findIndex(([a, b]) => bucket >= a && bucket < b);
  return i < 0 ? percents.length - 1 : i;
}

/** The branch of a percentage split a call takes. */
export function splitBranch(percents: readonly number[], callSid: string): number {
  return splitBranchAtBucket(percents, splitBucket(callSid));
}

/** Where a caller's number is from, as Twilio reports it on incoming calls (`FromCountry`, `FromState`). */
export interface CallerGeography {
  /** ISO country, when the number's calling code and digits name one. */
  readonly country?: string;
  /** US state or Canadian province for North American numbers with a known area code. */
  readonly region?: string;
  /** North American area code (three digits) for `+1` numbers. */
  readonly areaCode?: string;
}

/** Country, region and area code of a caller's number. */
export function callerGeography(from: E164): CallerGeography {
  let info;
  try {
    info = e164Info(from);
  } catch {
    return {};
  }
  if (info.callingCode !== '1') return info.country ? { country: info.country } : {};
  const areaCode = info.nationalNumber.slice(0, 3);
  const known = nanpAreaCode(areaCode);
  return { country: known?.isoCountry ?? info.country, region: known?.region, areaCode };
}

/** The `Parameters` an Executions API request carries for a scenario: the sandbox reads `didops_simulation`. */
export function simulationParameters(scenario: CallScenario): { didops_simulation: Record<string, unknown> } {
  return {
    didops_simulation: {
      at: scenario.at.toISOString(),
      inputs: scenario.inputs ?? [],
      outcomes: scenario.outcomes ?? {},
      call_sid: scenario.callSid,
    },
  };
}
