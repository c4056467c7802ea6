/**
 * The plan simulator: the path one call takes through a routing plan, step by step, read from the
 * plan itself (not from the compiled Studio flow). `didops routing simulate` prints it, and the
 * agreement tests run the compiled flow in the sandbox and expect the very same steps.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { ValidationError } from '../core/errors';
import type { RoutingPlan, Step, StepType, MenuStep, RingStep, ForwardStep, SipStep, Prompt } from './model';
import { dialOutcome, queueOutcome, simultaneousOutcome, type CallScenario, type DialOutcome } from './call-scenario';
import { chosenOption, decideGeo, decideSchedule, decideScreen, decideSplit, dialNext, geoCaller, heardInput, queueNext } from './decide';
import { describeGeoRoute, describeWindow, formatDuration, formatNumber, recordsCalls } from './describe';
import { localClock, scheduleZone, formatMinuteOfWeek } from './schedule';

/** One step of a simulated call. */
export interface SimulatedStep {
  /** The step's name in the plan. */
  readonly step: string;
  /** The step's kind. */
  readonly type: StepType;
  /** What happened there, in words: "Menu: caller pressed 2 (Billing)". */
  readonly action: string;
  /** The branch taken, when the step branches: "no-answer", "pressed 2", "timeout", "holiday US public holidays". */
  readonly outcome?: string;
}

/** The whole path of a simulated call. */
export interface SimulatedCall {
  /** Steps in the order the call visits them (a step visited twice appears twice). */
  readonly steps: SimulatedStep[];
  /** How the call ends, in words: "Connected to +1 212 555 0142". */
  readonly ending: string;
  /** Said before the first step (the recording disclosure), if anything. */
  readonly preamble?: string;
  /** The scenario simulated, with its defaults filled in. */
  readonly scenario: CallScenario;
}

/** Options of {@link simulateCall}. */
export interface SimulateOptions {
  /** Most steps before the simulation stops (a plan that passed the checks always ends far sooner). */
  readonly maxSteps?: number;
}

/** Where a step sends the call next, or how the call ends there. */
type Move = { next: string | undefined; action: string; outcome?: string; ending?: string };

/** Follows one call through a plan. */
export function simulateCall(plan: RoutingPlan, scenario: CallScenario, options: SimulateOptions = {}): SimulatedCall {
  const maxSteps = options.maxSteps ?? 200;
  const inputs = [...(scenario.inputs ?? [])];
  const steps: SimulatedStep[] = [];
  let current: string | undefined = plan.start;
  let ending = 'The call ends.';
  while (current !== undefined) {
    if (steps.length >= maxSteps) {
      ending = `Stopped after ${maxSteps} steps: the call is going round in a loop.`;
      break;
    }
    const step: Step | undefined = plan.steps[current];
    if (step === undefined) {
      ending = `Step "${current}" does not exist; the call fails.`;
      break;
    }
    const move = moveFrom(plan, step, scenario, inputs);
    steps.push(withoutUndefined({ step: current, type: step.type, action: move.action, outcome: move.outcome }));
    if (move.next === undefined) ending = move.ending ?? 'The call ends.';
    current = move.next;
  }
  return withoutUndefined({ steps, ending, preamble: disclosure(plan), scenario });
}

/** The recording disclosure played first when any step records. */
function disclosure(plan: RoutingPlan): string | undefined {
  return recordsCalls(plan) && plan.recording ? `Plays the recording notice: ${promptWords(plan.recording.disclosure)}` : undefined;
}

function moveFrom(plan: RoutingPlan, step: Step, scenario: CallScenario, inputs: string[]): Move {
  switch (step.type) {
    case 'say':
      return { next: step.next, action: `Says: ${promptWords(step.message)}` };
    case 'hangup':
      return { next: undefined, action: step.message ? `Says "${promptWords(step.message)}" and hangs up` : 'Hangs up', ending: 'Hung up.' };
    case 'forward':
    case 'sip':
      return ringOne(step, dialOutcome(scenario, step.to));
    case 'ring':
      return ringGroup(step, scenario);
    case 'conference':
      return { next: undefined, action: `Joins conference room "${step.room}"`, ending: `In conference room "${step.room}".` };
    case 'queue': {
      const outcome = queueOutcome(scenario, step.queue);
      if (outcome === 'answered') return { next: undefined, action: `Waits in queue "${step.queue}"; an agent answers`, outcome, ending: `Answered from queue "${step.queue}".` };
      const next = queueNext(step, outcome);
      const why = outcome === 'timeout' ? `nobody answers within ${formatDuration(step.maxWait)}` : 'the call cannot be queued';
      return { next, action: `Waits in queue "${step.queue}"; ${why}`, outcome, ending: `Left queue "${step.queue}" (${why}); the call ends.` };
    }
    case 'voicemail':
      return { next: undefined, action: `Voicemail: ${promptWords(step.greeting)}`, ending: 'Left a voicemail.' };
    case 'menu':
      return menu(step, inputs);
    case 'schedule': {
      const zone = scheduleZone(plan, step) ?? 'UTC';
      const clock = localClock(scenario.at, zone);
      const local = `${formatMinuteOfWeek(clock.minuteOfWeek)} ${clock.date} ${zone}`;
      const d = decideSchedule(step, clock.minuteOfWeek, clock.date);
      if (d.holiday !== undefined) return { ...d, action: `Schedule at ${local}: holiday (${(step.holidays ?? [])[d.holiday].name})` };
      if (d.window !== undefined) return { ...d, action: `Schedule at ${local}: open (${describeWindow(step.windows[d.window])})` };
      return { ...d, action: `Schedule at ${local}: outside every window`, ending: 'No schedule window applies; the call ends.' };
    }
    case 'geo': {
      const geo = geoCaller(scenario.from);
      const where = [geo.country, geo.region, geo.areaCode && `area code ${geo.areaCode}`].filter(Boolean).join(', ') || 'unknown origin';
      const d = decideGeo(step, geo);
      if (d.route === undefined) return { ...d, action: `Caller from ${where}: no route matches` };
      return { ...d, action: `Caller from ${where}: route ${d.route + 1} (${describeGeoRoute(step.routes[d.route])})` };
    }
    case 'screen': {
      const d = decideScreen(step, scenario.from);
      return { ...d, action: `Screening (${step.mode} list): caller ${d.passes ? 'passes' : 'rejected'}` };
    }
    case 'split': {
      const d = decideSplit(step, scenario.callSid);
      const b = step.branches[d.branch];
      return { ...d, action: `Percentage split: ${b.percent}% branch${b.label ? ` (${b.label})` : ''}` };
    }
  }
}

function ringOne(step: ForwardStep | SipStep, outcome: DialOutcome): Move {
  const who = formatNumber(step.to);
  return dialed(step, outcome, `Rings ${who} for ${formatDuration(step.timeout)}`, `Connected to ${who}.`);
}

/** A ring attempt's outcome as people say it. */
const DIAL_WORDS: Readonly<Record<DialOutcome, string>> = { completed: 'answered', 'no-answer': 'no answer', busy: 'busy', failed: 'failed' };

function ringGroup(step: RingStep, scenario: CallScenario): Move {
  const outcomes = step.targets.map((t) => dialOutcome(scenario, t));
  if (step.strategy === 'simultaneous') {
    const all = step.targets.map(formatNumber).join(', ');
    const outcome = simultaneousOutcome(outcomes);
    const answeredBy = step.targets[outcomes.indexOf('completed')];
    return dialed(step, outcome, `Rings ${all} at once for ${formatDuration(step.timeout)}`, `Connected to ${answeredBy ? formatNumber(answeredBy) : all}.`);
  }
  const tried: string[] = [];
  for (let i = 0; i < step.targets.length; i++) {
    tried.push(`${formatNumber(step.targets[i])} (${DIAL_WORDS[outcomes[i]]})`);
    if (outcomes[i] === 'completed') {
      return { next: undefined, action: `Rings in turn: ${tried.join(', ')}`, outcome: 'completed', ending: `Connected to ${formatNumber(step.targets[i])}.` };
    }
  }
  const last = outcomes[outcomes.length - 1];
  return dialed(step, last, `Rings in turn: ${tried.join(', ')}`, '');
}

function dialed(step: ForwardStep | SipStep | RingStep, outcome: DialOutcome, action: string, connected: string): Move {
  switch (outcome) {
    case 'completed':
      return { next: undefined, action: `${action}; answered`, outcome, ending: connected };
    case 'no-answer':
      return { next: dialNext(step, outcome), action: `${action}; no answer`, outcome, ending: 'Nobody answered; the call ends.' };
    case 'busy':
      return { next: dialNext(step, outcome), action: `${action}; busy`, outcome, ending: 'The line was busy; the call ends.' };
    case 'failed':
      return { next: dialNext(step, outcome), action: `${action}; the call failed`, outcome, ending: 'The call could not be placed; it ends.' };
  }
}

function menu(step: MenuStep, inputs: string[]): Move {
  const tries = step.retries + 1;
  const heard: string[] = [];
  for (let attempt = 1; attempt <= tries; attempt++) {
    const input = heardInput(step, inputs.length > 0 ? (inputs.shift() as string) : '');
    const last = attempt === tries;
    if (input === '') {
      heard.push('no input');
      if (last) return { next: step.onTimeout, action: `Menu: ${heard.join(', then ')}`, outcome: 'timeout', ending: 'No input at the menu; the call ends.' };
      continue;
    }
    const option = chosenOption(step, input);
    if (option !== undefined) {
      const o = step.options[option];
      heard.push(`${describeInput(input)}${o.label ? ` (${o.label})` : ''}`);
      return { next: o.next, action: `Menu: ${heard.join(', then ')}`, outcome: `options[${option}]` };
    }
    heard.push(`${describeInput(input)} (not an option)`);
    if (last) return { next: step.onInvalid, action: `Menu: ${heard.join(', then ')}`, outcome: 'invalid', ending: 'No valid choice at the menu; the call ends.' };
  }
  /* c8 ignore next */
  return { next: step.onTimeout, action: 'Menu', outcome: 'timeout' };
}

function describeInput(input: string): string {
  return input.startsWith('speech:') ? `caller said "${input.slice(7)}"` : `caller pressed ${input}`;
}

function promptWords(prompt: Prompt): string {
  if (typeof prompt === 'string') return `"${prompt}"`;
  return 'say' in prompt ? `"${prompt.say}"` : `audio ${prompt.play}`;
}

/**
 * Reads `--at`: an ISO time with `Z` or an offset is that instant; one without (`2026-11-24T19:00`)
 * is wall-clock time in `zone` (the plan's), which is how people think about opening hours.
 */
export function parseCallTime(text: string, zone: string | undefined): Date {
  const explicit = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
  const parsed = explicit ? DateTime.fromISO(text.trim(), { setZone: true }) : DateTime.fromISO(text.trim(), { zone: zone ?? 'UTC' });
  if (!parsed.isValid) {
    throw new ValidationError({
      summary: `"${text}" is not a time`,
      field: 'at',
      detail: 'give an ISO 8601 time such as 2026-11-24T19:00 (read in the plan’s time zone) or 2026-11-24T19:00Z',
    });
  }
  return parsed.toJSDate();
}

/** A CallSid derived from the caller and the time, so re-running a simulation takes the same percentage branches. */
export function deriveCallSid(from: string, at: Date): string {
  return `CA${createHash('sha256').update(`${from}|${at.toISOString()}`).digest('hex').slice(0, 32)}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
