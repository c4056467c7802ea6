/**
 * Runs a Studio flow definition for one simulated incoming call, widget by widget, as Studio would: the caller, the
 * time, what the caller presses or says, and how each dial or queue turns out are inputs, so the path through the
 * flow is a pure function of them (no clock, no randomness, no network).
 *
 * The sandbox's Executions API stores what this returns; property tests compare it with the routing-plan simulator.
 * Definitions come from untrusted request bodies: the executor reads them as `unknown`, never throws on their
 * content, and reports what it cannot run as a failed execution that names the state.
 */
import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import {
  DIAL_OUTCOMES, QUEUE_OUTCOMES, callerGeography, dialOutcome, queueOutcome, queueOutcomeKey, simultaneousOutcome,
  type CallScenario, type DialOutcome, type QueueOutcome,
} from '../../routing/call-scenario';
import type { E164 } from '../../core/e164';
import { LiquidError, renderLiquid, type LiquidScope } from './liquid';

/** A JSON value, as the execution context holds them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The simulated call a flow runs for. */
export interface SimulatedFlowCall {
  /** The caller (`trigger.call.From`, `contact.channel.address`). */
  readonly from: string;
  /** The number called (`trigger.call.To`, `flow.channel.address`). */
  readonly to: string;
  /** The call's SID (`trigger.call.CallSid`). */
  readonly callSid: string;
  /** When the call arrives; `{{ "now" | date: … }}` renders this instant. */
  readonly at: Date;
  /**
   * What the caller does at each gather, in order: keypad digits (`"2"`, `"12#"`), words (`"speech:billing"`) or
   * nothing (`""`, the gather times out). When the list runs out, every further gather times out.
   */
  readonly inputs: readonly string[];
  /** How dials and queues end, by target (number, SIP URI, conference room, `queue:<name>`); unlisted ones answer. */
  readonly outcomes: Readonly<Record<string, string>>;
  /** The execution's `Parameters` (`flow.data`). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Account the call belongs to (`trigger.call.AccountSid`, recording URLs). */
  readonly accountSid?: string;
  /** Flow being run (`flow.flow_sid`). */
  readonly flowSid?: string;
}

/** Bounds on one execution. */
export interface ExecutionLimits {
  /** Most steps before the execution is stopped as a loop; 500 unless told. */
  readonly maxSteps?: number;
}

/** Most steps an execution may take unless told otherwise. */
export const DEFAULT_MAX_STEPS = 500;

/** One transition the execution made, as Studio's Step resource records it. */
export interface ExecutedStep {
  /** The event that fired (`incomingCall`, `keypress`, `match`, `callCompleted`, …). */
  readonly name: string;
  /** The state whose widget fired the event. */
  readonly transitionedFrom: string;
  /** The state the event led to; absent when the transition has no `next` and the execution ends. */
  readonly transitionedTo?: string;
  /** The widget type of `transitionedFrom`. */
  readonly type: string;
  /** The execution context right after the step (a snapshot, not shared with later steps). */
  readonly context: JsonObject;
}

/** The result of running a flow for one call. */
export interface FlowExecutionResult {
  /** `ended` when a transition without `next` ended the flow; `failed` when the flow could not be run to its end. */
  readonly status: 'ended' | 'failed';
  /** Steps in the order they happened. */
  readonly steps: ExecutedStep[];
  /** The final execution context (`trigger`, `contact`, `flow`, `widgets`). */
  readonly context: JsonObject;
  /** Why the execution failed, naming the state. */
  readonly error?: string;
  /** Inputs no gather consumed. */
  readonly unusedInputs: number;
}

/** Runs `definition` for one simulated incoming call. */
export function executeFlow(definition: unknown, call: SimulatedFlowCall, limits: ExecutionLimits = {}): FlowExecutionResult {
  return new FlowRun(call, limits.maxSteps ?? DEFAULT_MAX_STEPS).run(definition);
}

/** A widget's state, read defensively from the definition. */
interface FlowState {
  readonly name: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly transitions: readonly Transition[];
}

interface Transition {
  readonly event: string;
  readonly next?: string;
  readonly conditions?: readonly unknown[];
}

/** What a widget did: the event it fired, or (for splits) the very transition it chose. */
interface WidgetOutcome {
  readonly event: string;
  readonly transition?: Transition;
}

/** Stops a run; the message becomes the execution's error. */
class ExecutionFailure extends Error {}

class FlowRun {
  private readonly inputs: string[];
  private readonly context: {
    trigger: { call: JsonObject };
    contact: { channel: { address: string } };
    flow: { flow_sid: string; sid: string; channel: { address: string }; data: JsonObject; variables: JsonObject };
    widgets: { [state: string]: JsonObject };
  };
  private readonly steps: ExecutedStep[] = [];
  private readonly regexCache = new Map<string, RE2JS>();

  constructor(
    private readonly call: SimulatedFlowCall,
    private readonly maxSteps: number,
  ) {
    this.inputs = [...call.inputs];
    const geo = callerGeography(call.from as E164);
    const called = callerGeography(call.to as E164);
    const accountSid = call.accountSid ?? '';
    const flowSid = call.flowSid ?? '';
    // A JSON round trip gives the data its own plain copy, so nothing the flow writes can reach the caller's objects.
    const data = JSON.parse(JSON.stringify(call.parameters ?? {})) as JsonObject;
    this.context = {
      trigger: {
        call: {
          CallSid: call.callSid, AccountSid: accountSid, ApiVersion: '2010-04-01', Direction: 'inbound', CallStatus: 'ringing',
          From: call.from, Caller: call.from, FromCountry: geo.country ?? '', CallerCountry: geo.country ?? '', FromState: geo.region ?? '',
          CallerState: geo.region ?? '', FromCity: '', CallerCity: '', FromZip: '', CallerZip: '',
          To: call.to, Called: call.to, ToCountry: called.country ?? '', CalledCountry: called.country ?? '', ToState: called.region ?? '',
          CalledState: called.region ?? '', ToCity: '', CalledCity: '', ToZip: '', CalledZip: '',
        },
      },
      contact: { channel: { address: call.from } },
      flow: { flow_sid: flowSid, sid: flowSid, channel: { address: call.to }, data, variables: {} },
      widgets: {},
    };
  }

  run(definition: unknown): FlowExecutionResult {
    try {
      const states = readStates(definition);
      const trigger = triggerState(definition, states);
      let outcome: WidgetOutcome = { event: 'incomingCall' };
      let state: FlowState = trigger;
      for (;;) {
        const transition = outcome.transition ?? state.transitions.find((t) => t.event === outcome.event);
        const next = transition?.next;
        this.record(outcome.event, state, next);
        if (next === undefined) return this.result('ended');
        if (this.steps.length >= this.maxSteps) {
          throw new ExecutionFailure(`the flow ran ${this.maxSteps} steps without ending (last at state "${next}"); look for a loop without an exit`);
        }
        const following = states.get(next);
        if (following === undefined) throw new ExecutionFailure(`state "${state.name}" leads to "${next}", which is not a state of the flow`);
        state = following;
        outcome = this.runWidget(state);
      }
    } catch (e) {
      if (e instanceof ExecutionFailure) return this.result('failed', e.message);
      throw e;
    }
  }

  private result(status: 'ended' | 'failed', error?: string): FlowExecutionResult {
    const base = { status, steps: this.steps, context: this.snapshot(), unusedInputs: this.inputs.length };
    return error === undefined ? base : { ...base, error };
  }

  private record(event: string, state: FlowState, next: string | undefined): void {
    const step = { name: event, transitionedFrom: state.name, type: state.type, context: this.snapshot() };
    this.steps.push(next === undefined ? step : { ...step, transitionedTo: next });
  }

  /** A deep copy; JSON.parse creates every key as an own property, so a state named `__proto__` stays data. */
  private snapshot(): JsonObject {
    return JSON.parse(JSON.stringify(this.context)) as JsonObject;
  }

  private runWidget(state: FlowState): WidgetOutcome {
    switch (state.type) {
      case 'say-play':
        this.renderProperties(state, ['say', 'play', 'digits']);
        return { event: 'audioComplete' };
      case 'gather-input-on-call':
        return this.gather(state);
      case 'split-based-on':
        return this.split(state);
      case 'connect-call-to':
        return this.connect(state);
      case 'enqueue-call':
        return this.enqueue(state);
      case 'record-voicemail':
        return this.recordVoicemail(state);
      case 'set-variables':
        return this.setVariables(state);
      case 'make-http-request':
        this.renderProperties(state, ['url', 'body']);
        this.renderKeyValues(state, 'parameters');
        this.setWidget(state, { status_code: 200, content_type: 'application/json', body: '{}', parsed: {} });
        return { event: 'success' };
      case 'run-function':
        this.renderProperties(state, ['url']);
        this.renderKeyValues(state, 'parameters');
        this.setWidget(state, { status_code: 200, content_type: 'application/json', body: '{}', parsed: {} });
        return { event: 'success' };
      case 'send-to-flex':
        this.setWidget(state, { CallSid: this.call.callSid, QueueResult: 'bridged' });
        return { event: 'callComplete' };
      case 'trigger':
        throw new ExecutionFailure(`state "${state.name}" is a trigger; a flow cannot transition back into its trigger`);
      default:
        throw new ExecutionFailure(
          `state "${state.name}" is a "${state.type}" widget, which the sandbox does not execute; it runs say-play, gather-input-on-call, ` +
            'split-based-on, connect-call-to, enqueue-call, record-voicemail, set-variables, make-http-request, run-function and send-to-flex',
        );
    }
  }

  // --- widgets -------------------------------------------------------------------------------------------------------

  /** Consumes the next input: digits fire `keypress`, `speech:<words>` fires `speech`, nothing fires `timeout`. */
  private gather(state: FlowState): WidgetOutcome {
    this.renderProperties(state, ['say', 'play']);
    const input = this.inputs.length > 0 ? (this.inputs.shift() as string) : '';
    const base = { CallSid: this.call.callSid, CallStatus: 'in-progress' };
    if (input.startsWith('speech:')) {
      const words = input.slice('speech:'.length).trim();
      if (words !== '') {
        this.setWidget(state, { ...base, SpeechResult: words, Confidence: '0.9' });
        return { event: 'speech' };
      }
    } else if (input !== '') {
      const digits = gatheredDigits(state, input);
      if (digits.digits !== '') {
        this.setWidget(state, { ...base, Digits: digits.digits, FinishedOnKey: digits.finishedOnKey });
        return { event: 'keypress' };
      }
    }
    this.setWidget(state, base);
    return { event: 'timeout' };
  }

  /** The first `match` transition whose conditions all hold, in transition order; else `noMatch`. */
  private split(state: FlowState): WidgetOutcome {
    const input = state.properties.input;
    for (const transition of state.transitions) {
      if (transition.event !== 'match') continue;
      const conditions = transition.conditions ?? [];
      if (conditions.length > 0 && conditions.every((c, i) => this.conditionHolds(state, c, i, input))) return { event: 'match', transition };
    }
    return { event: 'noMatch' };
  }

  private conditionHolds(state: FlowState, raw: unknown, index: number, splitInput: unknown): boolean {
    if (!isObject(raw)) throw new ExecutionFailure(`state "${state.name}": condition ${index + 1} is not an object`);
    const args = raw.arguments;
    const argument = Array.isArray(args) && args.length > 0 ? args[0] : splitInput;
    const type = raw.type;
    if (typeof type !== 'string') throw new ExecutionFailure(`state "${state.name}": condition ${index + 1} has no "type"`);
    const input = this.render(state, 'arguments', argument).trim();
    const value = this.render(state, 'value', raw.value ?? '').trim();
    const a = input.toLowerCase();
    const b = value.toLowerCase();
    switch (type) {
      case 'equal_to': return a === b;
      case 'not_equal_to': return a !== b;
      case 'matches_any_of': return anyOf(b).includes(a);
      case 'does_not_match_any_of': return !anyOf(b).includes(a);
      case 'is_blank': return a === '';
      case 'is_not_blank': return a !== '';
      case 'contains': return a.includes(b);
      case 'does_not_contain': return !a.includes(b);
      case 'starts_with': return a.startsWith(b);
      case 'does_not_start_with': return !a.startsWith(b);
      case 'less_than': return compareNumbers(a, b, (x, y) => x < y);
      case 'greater_than': return compareNumbers(a, b, (x, y) => x > y);
      case 'regex': return this.regex(state, value).test(input);
      case 'is_before_time': return compareParsed(timeOfDay(a), timeOfDay(b), (x, y) => x < y);
      case 'is_after_time': return compareParsed(timeOfDay(a), timeOfDay(b), (x, y) => x > y);
      case 'is_before_date': return compareParsed(dayNumber(a), dayNumber(b), (x, y) => x < y);
      case 'is_after_date': return compareParsed(dayNumber(a), dayNumber(b), (x, y) => x > y);
      default:
        throw new ExecutionFailure(`state "${state.name}": condition ${index + 1} has type "${type}", which Studio does not have`);
    }
  }

  /** Studio compares without regard to case, so patterns are compiled case-insensitive; RE2 keeps matching linear. */
  private regex(state: FlowState, pattern: string): RE2JS {
    const cached = this.regexCache.get(pattern);
    if (cached) return cached;
    if (pattern.length > 1000) throw new ExecutionFailure(`state "${state.name}": the regex is ${pattern.length} characters; the sandbox takes at most 1000`);
    let compiled: RE2JS;
    try {
      compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    } catch (e) {
      throw new ExecutionFailure(`state "${state.name}": the regex "${pattern}" is not valid RE2 syntax (${(e as Error).message})`);
    }
    this.regexCache.set(pattern, compiled);
    return compiled;
  }

  private connect(state: FlowState): WidgetOutcome {
    this.renderProperties(state, ['caller_id']);
    const noun = this.render(state, 'noun', state.properties.noun ?? '');
    let status: DialOutcome;
    if (noun === 'conference') {
      this.render(state, 'to', state.properties.to ?? '');
      status = 'completed';
    } else if (noun === 'number-multi') {
      const targets = this.render(state, 'to', state.properties.to ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
      status = simultaneousOutcome(targets.map((t) => dialOutcome(this.outcomeOf(t), t)));
    } else if (noun === 'sip') {
      const target = this.render(state, 'sip_endpoint', state.properties.sip_endpoint ?? '').trim();
      status = dialOutcome(this.outcomeOf(target), target);
    } else if (noun === 'number' || noun === 'client' || noun === 'sim') {
      const target = this.render(state, 'to', state.properties.to ?? '').trim();
      status = dialOutcome(this.outcomeOf(target), target);
    } else {
      throw new ExecutionFailure(`state "${state.name}": noun "${noun}" is not one Studio's connect-call-to knows`);
    }
    const answered = status === 'completed';
    this.setWidget(state, {
      CallSid: this.call.callSid, CallStatus: 'completed', DialCallStatus: status,
      DialCallSid: answered ? this.derivedSid('CA', state) : '', DialCallDuration: answered ? '60' : '0',
    });
    return { event: 'callCompleted' };
  }

  private enqueue(state: FlowState): WidgetOutcome {
    this.renderProperties(state, ['wait_url']);
    const queue = this.render(state, 'queue_name', state.properties.queue_name ?? state.properties.workflow_sid ?? '').trim();
    const outcome = queueOutcome(this.outcomeOf(queueOutcomeKey(queue)), queue);
    const base = { CallSid: this.call.callSid, QueueSid: this.derivedSid('QU', state) };
    if (outcome === 'failed') {
      this.setWidget(state, { ...base, QueueResult: 'system-error', QueueTime: '0' });
      return { event: 'failedToEnqueue' };
    }
    const waited = outcome === 'timeout' ? String(state.properties.timeout ?? '0') : '30';
    this.setWidget(state, { ...base, QueueResult: outcome === 'timeout' ? 'leave' : 'bridged', QueueTime: waited });
    return { event: 'callComplete' };
  }

  private recordVoicemail(state: FlowState): WidgetOutcome {
    this.renderProperties(state, ['transcription_callback_url', 'recording_status_callback_url']);
    const recordingSid = this.derivedSid('RE', state);
    const account = this.call.accountSid ?? '';
    const widget: JsonObject = {
      CallSid: this.call.callSid, RecordingSid: recordingSid, RecordingDuration: '12',
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${account}/Recordings/${recordingSid}`,
    };
    const transcribe = state.properties.transcribe;
    if (transcribe === true || (typeof transcribe === 'string' && transcribe.toLowerCase() === 'true')) {
      widget.TranscriptionText = 'This is a simulated voicemail.';
      widget.TranscriptionStatus = 'completed';
    }
    this.setWidget(state, widget);
    return { event: 'recordingComplete' };
  }

  private setVariables(state: FlowState): WidgetOutcome {
    const list = state.properties.variables;
    if (!Array.isArray(list)) throw new ExecutionFailure(`state "${state.name}": "variables" must be a list of {key, value}`);
    list.forEach((entry: unknown, i) => {
      if (!isObject(entry) || typeof entry.key !== 'string' || entry.key === '') {
        throw new ExecutionFailure(`state "${state.name}": variables[${i}] needs a "key"`);
      }
      setOwn(this.context.flow.variables, entry.key, this.render(state, `variables[${i}].value`, entry.value ?? ''));
    });
    return { event: 'next' };
  }

  // --- helpers -------------------------------------------------------------------------------------------------------

  /**
   * The scenario's outcome for one target, for call-scenario's rules (unlisted or unknown outcomes answer); read as an
   * own property, so a target named like an Object member (`constructor`) is just unlisted.
   */
  private outcomeOf(key: string): Pick<CallScenario, 'outcomes'> {
    const value = Object.prototype.hasOwnProperty.call(this.call.outcomes, key) ? this.call.outcomes[key] : undefined;
    return { outcomes: isKnownOutcome(value) ? { [key]: value } : {} };
  }

  private setWidget(state: FlowState, values: JsonObject): void {
    setOwn(this.context.widgets, state.name, values);
  }

  /** Renders a property with Liquid; the failure names the state, the property and the filter. */
  private render(state: FlowState, property: string, value: unknown): string {
    const template = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    try {
      return renderLiquid(template, this.context as unknown as LiquidScope, { now: this.call.at });
    } catch (e) {
      if (e instanceof LiquidError) {
        const filter = e.filter === undefined ? '' : ` (filter "${e.filter}")`;
        throw new ExecutionFailure(`state "${state.name}", property ${property}${filter}: ${e.message}`);
      }
      throw e;
    }
  }

  /** Renders the text properties a widget would speak or send, so a broken template fails where Studio's would. */
  private renderProperties(state: FlowState, names: readonly string[]): void {
    for (const name of names) if (state.properties[name] !== undefined) this.render(state, name, state.properties[name]);
  }

  private renderKeyValues(state: FlowState, property: string): void {
    const list = state.properties[property];
    if (!Array.isArray(list)) return;
    list.forEach((entry: unknown, i) => {
      if (isObject(entry)) this.render(state, `${property}[${i}].value`, entry.value ?? '');
    });
  }

  /** A SID derived from the call and the step, so the same call always produces the same context. */
  private derivedSid(prefix: string, state: FlowState): string {
    const hex = createHash('sha256').update(`${this.call.callSid}|${this.steps.length}|${state.name}|${prefix}`).digest('hex');
    return prefix + hex.slice(0, 32);
  }
}

// --- reading the definition ------------------------------------------------------------------------------------------

function readStates(definition: unknown): Map<string, FlowState> {
  if (!isObject(definition) || !Array.isArray(definition.states)) {
    throw new ExecutionFailure('the flow definition has no "states" list');
  }
  const states = new Map<string, FlowState>();
  definition.states.forEach((raw: unknown, i) => {
    if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.type !== 'string') {
      throw new ExecutionFailure(`states[${i}] needs a "name" and a "type"`);
    }
    if (states.has(raw.name)) throw new ExecutionFailure(`two states are named "${raw.name}"`);
    states.set(raw.name, {
      name: raw.name,
      type: raw.type,
      properties: isObject(raw.properties) ? raw.properties : {},
      transitions: readTransitions(raw.name, raw.transitions),
    });
  });
  return states;
}

function readTransitions(state: string, raw: unknown): Transition[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((t: unknown, i) => {
    if (!isObject(t) || typeof t.event !== 'string') throw new ExecutionFailure(`state "${state}": transitions[${i}] needs an "event"`);
    const next = typeof t.next === 'string' && t.next !== '' ? t.next : undefined;
    const conditions = Array.isArray(t.conditions) ? t.conditions : undefined;
    return { event: t.event, ...(next === undefined ? {} : { next }), ...(conditions === undefined ? {} : { conditions }) };
  });
}

function triggerState(definition: unknown, states: Map<string, FlowState>): FlowState {
  const initial = isObject(definition) && typeof definition.initial_state === 'string' ? states.get(definition.initial_state) : undefined;
  const trigger = initial ?? [...states.values()].find((s) => s.type === 'trigger');
  if (trigger === undefined || trigger.type !== 'trigger') {
    throw new ExecutionFailure('the flow has no trigger state to start from; its "initial_state" must name a state of type "trigger"');
  }
  return trigger;
}

// --- gather and condition semantics ------------------------------------------------------------------------------------

/**
 * The digits a gather collects from what the caller keys: up to the finish key (`#` unless the widget sets another,
 * none when it sets ""), and at most `number_of_digits`, since Twilio stops listening once it has that many.
 */
export function gatheredDigits(state: { readonly properties: Readonly<Record<string, unknown>> }, keyed: string): { digits: string; finishedOnKey: string } {
  const finish = typeof state.properties.finish_on_key === 'string' ? state.properties.finish_on_key : '#';
  const limit = Number(state.properties.number_of_digits);
  let digits = '';
  for (const key of keyed) {
    if (finish !== '' && finish.includes(key)) return { digits, finishedOnKey: key };
    if (!/[0-9*#]/.test(key)) continue;
    digits += key;
    if (Number.isInteger(limit) && limit > 0 && digits.length >= limit) break;
  }
  return { digits, finishedOnKey: '' };
}

/** The items of a `matches_any_of` value: comma-separated, trimmed, empty ones dropped. */
function anyOf(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/;

/** Numeric comparison; anything that is not a number on either side makes the condition false. */
function compareNumbers(a: string, b: string, holds: (x: number, y: number) => boolean): boolean {
  return NUMERIC.test(a) && NUMERIC.test(b) && holds(Number(a), Number(b));
}

function compareParsed(a: number | undefined, b: number | undefined, holds: (x: number, y: number) => boolean): boolean {
  return a !== undefined && b !== undefined && holds(a, b);
}

/** Seconds into the (UTC) day of `HH:MM[:SS]` or of an ISO date-time. */
function timeOfDay(text: string): number | undefined {
  const hm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (hm) return Number(hm[1]) * 3600 + Number(hm[2]) * 60 + Number(hm[3] ?? 0);
  const ms = /^\d{4}-\d{2}-\d{2}t/.test(text) ? Date.parse(text.toUpperCase()) : NaN;
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
}

/** Days since the epoch of an ISO date (or the UTC day of an ISO date-time). */
function dayNumber(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text.toUpperCase());
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 86_400_000);
}

function isKnownOutcome(value: unknown): value is DialOutcome | QueueOutcome {
  return (DIAL_OUTCOMES as readonly unknown[]).includes(value) || (QUEUE_OUTCOMES as readonly unknown[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a key as an own data property, so names like `__proto__` from a definition stay plain keys. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
