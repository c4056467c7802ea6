/**
 * Which branch of a step a call takes: the one place that decides it. The simulator asks it for the
 * call it follows; the diff asks it, for each kind of caller, time, key or share, under both
 * versions of a plan. Deciding in one place means the diff can never describe a path the simulator
 * (and so the compiled Studio flow, which the agreement tests hold to the simulator) would not take.
 *
 * Each decision reads only what the compiled flow can read: the caller's number, Twilio's
 * `FromCountry`/`FromState`, the local clock, the digits or words heard, the CallSid's bucket, and
 * how a dial or a queue ended.
 */
import type { E164 } from '../core/e164';
import {
  callerGeography,
  splitBranchAtBucket,
  splitBucket,
  SPLIT_BUCKETS,
  type CallerGeography,
  type DialOutcome,
  type QueueOutcome,
} from './call-scenario';
import type { ForwardStep, GeoRoute, GeoStep, MenuStep, QueueStep, RingStep, ScheduleStep, ScreenStep, SipStep, SplitStep } from './model';
import { holidayOn, windowAt } from './schedule';

/** Where a step sends a call (`undefined`: the call ends there) and, in the simulator's words, which branch that is. */
export interface Decision {
  readonly next: string | undefined;
  /** The branch taken: `routes[0]`, `otherwise`, `passed`, `branches[1]`, `holidays[0]`, `windows[2]`… */
  readonly outcome: string;
}

// ---------------------------------------------------------------------------------------------
// Caller geography

/**
 * A caller as a geo step sees them: Twilio's `FromCountry` and `FromState` (from the catalogue, as
 * the sandbox reports them), and the area code as the compiled flow reads it, from the first five
 * characters of `From` (so it is there for any `+1` number, even one libphonenumber cannot parse).
 */
export function geoCaller(from: E164): CallerGeography {
  const geo = callerGeography(from);
  const areaCode = from.startsWith('+1') ? from.slice(2, 5) : undefined;
  return { ...geo, ...(areaCode !== undefined ? { areaCode } : {}) };
}

/** Whether one route takes a caller: by country, by state or province, or by area code. */
export function geoRouteMatches(route: GeoRoute, caller: CallerGeography): boolean {
  return (
    (route.countries !== undefined && caller.country !== undefined && route.countries.includes(caller.country)) ||
    (route.regions !== undefined && caller.region !== undefined && route.regions.includes(caller.region)) ||
    (route.areaCodes !== undefined && caller.areaCode !== undefined && route.areaCodes.includes(caller.areaCode))
  );
}

/** The first route (in the order written) that takes the caller, else `otherwise`. */
export function decideGeo(step: GeoStep, caller: CallerGeography): Decision & { readonly route?: number } {
  const route = step.routes.findIndex((r) => geoRouteMatches(r, caller));
  return route < 0 ? { next: step.otherwise, outcome: 'otherwise' } : { next: step.routes[route].next, outcome: `routes[${route}]`, route };
}

// ---------------------------------------------------------------------------------------------
// Screening

/**
 * Whether screening lets a caller through: a block list rejects listed numbers, an allow list
 * everyone else. `from` undefined stands for a caller on no list (the diff's "every other caller").
 */
export function decideScreen(step: ScreenStep, from: string | undefined): Decision & { readonly passes: boolean } {
  const listed = from !== undefined && (step.numbers as readonly string[]).includes(from);
  const passes = step.mode === 'block' ? !listed : listed;
  return passes ? { next: step.next, outcome: 'passed', passes } : { next: step.onRejected, outcome: 'rejected', passes };
}

// ---------------------------------------------------------------------------------------------
// Percentage splits

/** The branch a call in one CallSid bucket (0–255) takes; buckets past every share go to the last branch. */
export function decideSplitAtBucket(step: SplitStep, bucket: number): Decision & { readonly branch: number } {
  const branch = splitBranchAtBucket(
    step.branches.map((b) => b.percent),
    bucket,
  );
  return { next: step.branches[branch].next, outcome: `branches[${branch}]`, branch };
}

/** The branch a call takes, by the last two hex digits of its SID. */
export function decideSplit(step: SplitStep, callSid: string): Decision & { readonly branch: number } {
  return decideSplitAtBucket(step, splitBucket(callSid));
}

/**
 * The first bucket of the callers from `percent` on: a branch whose share starts at that percent
 * starts at this bucket, so the diff, which speaks in whole percents, asks about the same buckets
 * the flow splits on.
 */
export function percentBucket(percent: number): number {
  return Math.floor((SPLIT_BUCKETS * percent) / 100);
}

// ---------------------------------------------------------------------------------------------
// Schedules

/**
 * Where a schedule sends a call at a minute of the local week on a local date: a holiday calendar
 * holding the date wins, then the first window covering the minute, then `otherwise`. Without a
 * date, holidays are left out (the diff compares the ordinary week on its own).
 */
export function decideSchedule(step: ScheduleStep, minuteOfWeek: number, date?: string): Decision & { readonly holiday?: number; readonly window?: number } {
  const holiday = date === undefined ? undefined : holidayOn(step, date);
  if (holiday !== undefined) return { next: (step.holidays ?? [])[holiday].next, outcome: `holidays[${holiday}]`, holiday };
  const window = windowAt(step, minuteOfWeek);
  if (window !== undefined) return { next: step.windows[window].next, outcome: `windows[${window}]`, window };
  return { next: step.otherwise, outcome: 'otherwise' };
}

// ---------------------------------------------------------------------------------------------
// Menus

/** The option an input picks: exact digits, or spoken words equal (ignoring case and spacing) to one of an option's words. */
export function chosenOption(step: MenuStep, input: string): number | undefined {
  if (input.startsWith('speech:')) {
    const said = spokenWords(input);
    const i = step.options.findIndex((o) => (o.speech ?? []).some((w) => w.trim().toLowerCase() === said));
    return i < 0 ? undefined : i;
  }
  const i = step.options.findIndex((o) => o.digits === gathered(step, input));
  return i < 0 ? undefined : i;
}

/**
 * What one prompt hears, as Gather reports it: `""` (a timeout) when the caller keyed no digit
 * before `#` or said no words, else the input as given.
 */
export function heardInput(step: MenuStep, input: string): string {
  if (input.startsWith('speech:')) return input.slice('speech:'.length).trim() === '' ? '' : input;
  return gathered(step, input) === '' ? '' : input;
}

/**
 * The digits a menu hears, as Twilio's Gather collects them: keypad keys up to `#`, and no more than
 * the options' length when all options have the same number of digits (the compiled Gather stops
 * listening there).
 */
function gathered(step: MenuStep, input: string): string {
  const beforeHash = input.split('#')[0].replace(/[^0-9*]/g, '');
  const lengths = new Set(step.options.filter((o) => o.digits !== undefined).map((o) => o.digits!.length));
  return lengths.size === 1 ? beforeHash.slice(0, [...lengths][0]) : beforeHash;
}

/** What a speech input is compared as: lower case, without the punctuation Twilio's transcripts carry ("Sales." is "sales"). */
function spokenWords(input: string): string {
  return input.slice('speech:'.length).toLowerCase().replace(/[.,?!]/g, '').trim();
}

// ---------------------------------------------------------------------------------------------
// Rings and queues

/** Where a ring step sends a call after the dial ends (`undefined` once answered: the call is connected). */
export function dialNext(step: ForwardStep | SipStep | RingStep, outcome: DialOutcome): string | undefined {
  switch (outcome) {
    case 'completed':
      return undefined;
    case 'no-answer':
      return step.onNoAnswer;
    case 'busy':
      return step.onBusy;
    case 'failed':
      return step.onFailure;
  }
}

/** Where a queue step sends a call after the wait ends (`undefined` once an agent answers). */
export function queueNext(step: QueueStep, outcome: QueueOutcome): string | undefined {
  return outcome === 'answered' ? undefined : outcome === 'timeout' ? step.onTimeout : step.onFailure;
}
