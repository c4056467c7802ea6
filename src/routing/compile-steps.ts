/**
 * The Studio states of each kind of routing step. A step named `foo` always compiles to an entry
 * state named `foo`; any further states it needs are named `foo__<part>`, so the sandbox executor,
 * the simulator-agreement tests and the diff can map every state back to its step.
 */
import { ValidationError } from '../core/errors';
import { splitBucketRanges } from './call-scenario';
import { compileScheduleStep } from './compile-schedule';
import {
  promptLanguage,
  promptProperties,
  sayPlayState,
  splitState,
  transition,
  type SplitBranch,
  type StudioState,
} from './compile-studio';
import type {
  CallerId,
  ConferenceStep,
  ForwardStep,
  GeoRoute,
  GeoStep,
  HangupStep,
  MenuStep,
  QueueStep,
  RingStep,
  RoutingPlan,
  ScreenStep,
  SipStep,
  SplitStep,
  Step,
  VoicemailStep,
} from './model';
import { stepPath } from './parse';

/** What every step compiler needs to know about the plan. */
export interface StepCompileContext {
  readonly plan: RoutingPlan;
  /** The plan's name, for error paths (`plans.<name>.<step>...`). */
  readonly planName: string;
}

/** The states of one step, its entry state (named like the step) first. */
export function compileStep(ctx: StepCompileContext, name: string, step: Step): StudioState[] {
  switch (step.type) {
    case 'say':
      return [sayPlayState(ctx.plan, name, step.message, step.next)];
    case 'hangup':
      return [hangupState(ctx, name, step)];
    case 'forward':
    case 'sip':
      return dialOne(ctx, name, step);
    case 'ring':
      return step.strategy === 'simultaneous' ? ringAtOnce(ctx, name, step) : ringInTurn(ctx, name, step);
    case 'conference':
      return [conferenceState(ctx, name, step)];
    case 'queue':
      return queueStates(name, step);
    case 'voicemail':
      return voicemailStates(ctx, name, step);
    case 'menu':
      return menuStates(ctx, name, step);
    case 'schedule':
      return compileScheduleStep(ctx.plan, ctx.planName, name, step);
    case 'geo':
      return geoStates(ctx, name, step);
    case 'screen':
      return [screenState(name, step)];
    case 'split':
      return [percentageSplitState(name, step)];
  }
}

/** A variable that names the step, so a flow that ends here still says where (Studio needs some widget to end on). */
function hangupState(ctx: StepCompileContext, name: string, step: HangupStep): StudioState {
  if (step.message !== undefined) return sayPlayState(ctx.plan, name, step.message);
  return {
    name,
    type: 'set-variables',
    properties: { variables: [{ key: 'didops_end', value: name }] },
    transitions: [transition('next')],
  };
}

/** What `caller_id` says: the caller's own number, the number dialled, or a fixed number. */
function callerIdValue(plan: RoutingPlan, own: CallerId | undefined): string {
  const callerId = own ?? plan.callerId;
  if (callerId === 'caller') return '{{contact.channel.address}}';
  if (callerId === 'plan-number') return '{{trigger.call.To}}';
  return callerId;
}

/** The `noun` and address properties that dial one target: an E.164 number or a SIP URI. */
function dialTarget(target: string): { [key: string]: string } {
  return isSipUri(target) ? { noun: 'sip', sip_endpoint: target } : { noun: 'number', to: target };
}

function isSipUri(target: string): boolean {
  return target.startsWith('sip:') || target.startsWith('sips:');
}

type RingingStep = ForwardStep | SipStep | RingStep;

/** Where a dial attempt goes when it does not connect; undefined branches end the call. */
interface Failover {
  readonly noAnswer?: string;
  readonly busy?: string;
  readonly failed?: string;
}

function stepFailover(step: RingingStep): Failover {
  return { noAnswer: step.onNoAnswer, busy: step.onBusy, failed: step.onFailure };
}

/**
 * A `connect-call-to` state and its `__status` split on `DialCallStatus`. A connected call is over
 * when `callCompleted` fires, so only the failure statuses lead on; with no failover at all the
 * split would hold nothing, so it is left out.
 */
function dialStates(ctx: StepCompileContext, name: string, step: RingingStep, target: { [key: string]: string }, failover: Failover): StudioState[] {
  const status = statusSplit(`${name}__status`, name, failover);
  const properties = {
    ...target,
    caller_id: callerIdValue(ctx.plan, step.callerId),
    timeout: step.timeout,
    ...(step.record === true ? { record: true } : {}),
  };
  const connect: StudioState = {
    name,
    type: 'connect-call-to',
    properties,
    transitions: [transition('callCompleted', status?.name), transition('hangup')],
  };
  return status === undefined ? [connect] : [connect, status];
}

function statusSplit(name: string, dialState: string, failover: Failover): StudioState | undefined {
  const branches: SplitBranch[] = [];
  const add = (status: string, next: string | undefined): void => {
    if (next !== undefined) branches.push({ friendlyName: status, type: 'equal_to', value: status, next });
  };
  add('no-answer', failover.noAnswer);
  add('busy', failover.busy);
  add('failed', failover.failed);
  return branches.length === 0 ? undefined : splitState(name, `{{widgets.${dialState}.DialCallStatus}}`, branches);
}

function dialOne(ctx: StepCompileContext, name: string, step: ForwardStep | SipStep): StudioState[] {
  return dialStates(ctx, name, step, dialTarget(step.to), stepFailover(step));
}

function ringAtOnce(ctx: StepCompileContext, name: string, step: RingStep): StudioState[] {
  return dialStates(ctx, name, step, { noun: 'number-multi', to: step.targets.join(',') }, stepFailover(step));
}

/** Target k (1-based) is `<step>` for k = 1, `<step>__ring<k>` after; each failure moves to the next target, the last one's to the step's failover. */
function ringInTurn(ctx: StepCompileContext, name: string, step: RingStep): StudioState[] {
  const stateOf = (k: number): string => (k === 1 ? name : `${name}__ring${k}`);
  return step.targets.flatMap((target, i) => {
    const k = i + 1;
    const last = k === step.targets.length;
    const next = stateOf(k + 1);
    const failover = last ? stepFailover(step) : { noAnswer: next, busy: next, failed: next };
    return dialStates(ctx, stateOf(k), step, dialTarget(target), failover);
  });
}

function conferenceState(ctx: StepCompileContext, name: string, step: ConferenceStep): StudioState {
  return {
    name,
    type: 'connect-call-to',
    properties: {
      noun: 'conference',
      to: step.room,
      caller_id: callerIdValue(ctx.plan, undefined),
      ...(step.record === true ? { record: true } : {}),
    },
    transitions: [transition('callCompleted'), transition('hangup')],
  };
}

/** An `enqueue-call` state; a caller who leaves the queue (waited `maxWait`) takes `onTimeout`, an answered call is over. */
function queueStates(name: string, step: QueueStep): StudioState[] {
  const result =
    step.onTimeout === undefined
      ? undefined
      : splitState(`${name}__result`, `{{widgets.${name}.QueueResult}}`, [
          { friendlyName: 'left the queue', type: 'equal_to', value: 'leave', next: step.onTimeout },
        ]);
  const enqueue: StudioState = {
    name,
    type: 'enqueue-call',
    properties: {
      queue_name: step.queue,
      ...(step.holdMusic !== undefined ? { wait_url: step.holdMusic } : {}),
      wait_url_method: 'POST',
      timeout: step.maxWait,
    },
    transitions: [
      transition('callComplete', result?.name),
      transition('failedToEnqueue', step.onFailure),
      transition('callFailure', step.onFailure),
    ],
  };
  return result === undefined ? [enqueue] : [enqueue, result];
}

/** Greeting, recording, and (with `notify.email`) a POST to the plan's mailer. */
function voicemailStates(ctx: StepCompileContext, name: string, step: VoicemailStep): StudioState[] {
  const recordName = `${name}__record`;
  const email = step.notify?.email;
  const emailName = email === undefined ? undefined : `${name}__email`;
  const webhook = step.notify?.webhook;
  const record: StudioState = {
    name: recordName,
    type: 'record-voicemail',
    properties: {
      max_length: step.maxLength,
      transcribe: step.transcribe,
      play_beep: 'true',
      finish_on_key: '#',
      ...(webhook !== undefined ? { transcription_callback_url: webhook, recording_status_callback_url: webhook } : {}),
    },
    // Most callers hang up rather than press "#", and their message is recorded all the same.
    transitions: [transition('recordingComplete', emailName), transition('noAudio'), transition('hangup', emailName)],
  };
  const states = [sayPlayState(ctx.plan, name, step.greeting, recordName), record];
  if (email !== undefined && emailName !== undefined) {
    if (ctx.plan.mailer === undefined) {
      throw new ValidationError({
        summary: `voicemail "${name}" e-mails ${email} but the plan has no mailer`,
        field: stepPath(ctx.planName, name, 'notify', 'email'),
        detail: 'set the plan’s `mailer` to the webhook that sends the e-mail, or remove `notify.email`',
      });
    }
    const body = JSON.stringify({
      to: email,
      recording_url: `{{widgets.${recordName}.RecordingUrl}}`,
      transcription: `{{widgets.${recordName}.TranscriptionText}}`,
    });
    states.push({
      name: emailName,
      type: 'make-http-request',
      properties: { method: 'POST', content_type: 'application/json;charset=utf-8', url: ctx.plan.mailer, body },
      transitions: [transition('success'), transition('failed')],
    });
  }
  return states;
}

/**
 * A menu with `retries` R has R + 1 tries: try 1 is `<step>`, try k is `<step>__try<k>` (after a
 * `<step>__reprompt<k>` message when the menu has a reprompt). Each try's keypress and speech go to
 * splits named after the try; no input or a wrong choice moves on to the next try, and the last
 * try's go to `onTimeout` and `onInvalid`.
 */
function menuStates(ctx: StepCompileContext, name: string, step: MenuStep): StudioState[] {
  const tries = step.retries + 1;
  const gatherOf = (k: number): string => (k === 1 ? name : `${name}__try${k}`);
  const entryOf = (k: number): string => (k === 1 ? name : step.reprompt !== undefined ? `${name}__reprompt${k}` : gatherOf(k));
  const digitOptions = step.options.filter((o) => o.digits !== undefined);
  const speechOptions = step.options.filter((o) => o.speech !== undefined);
  const gatherProperties = menuGatherProperties(ctx.plan, step);
  const states: StudioState[] = [];
  for (let k = 1; k <= tries; k++) {
    const gather = gatherOf(k);
    const last = k === tries;
    const onInvalid = last ? step.onInvalid : entryOf(k + 1);
    const onTimeout = last ? step.onTimeout : entryOf(k + 1);
    if (k > 1 && step.reprompt !== undefined) states.push(sayPlayState(ctx.plan, entryOf(k), step.reprompt, gather));
    const digits =
      digitOptions.length === 0
        ? undefined
        : splitState(
            `${gather}__digits`,
            `{{widgets.${gather}.Digits}}`,
            digitOptions.map((o) => ({ friendlyName: optionName(`pressed ${o.digits}`, o.label), type: 'equal_to', value: o.digits ?? '', next: o.next })),
            onInvalid,
          );
    const speech =
      speechOptions.length === 0
        ? undefined
        : splitState(
            `${gather}__speech`,
            // Twilio transcribes with capitals and punctuation ("Sales."); the options are bare lower-case words.
            `{{widgets.${gather}.SpeechResult | downcase | remove: "." | remove: "," | remove: "?" | remove: "!" | strip}}`,
            speechOptions.map((o) => ({
              friendlyName: optionName(`said ${(o.speech ?? []).join(' or ')}`, o.label),
              // Exact words, not `contains`: "no sales" must not pick Sales. Studio trims and ignores case.
              type: 'matches_any_of',
              value: (o.speech ?? []).map((w) => w.trim().toLowerCase()).join(', '),
              next: o.next,
            })),
            onInvalid,
          );
    states.push({
      name: gather,
      type: 'gather-input-on-call',
      properties: gatherProperties,
      transitions: [
        transition('keypress', digits?.name ?? onInvalid),
        transition('speech', speech?.name ?? onInvalid),
        transition('timeout', onTimeout),
      ],
    });
    if (digits !== undefined) states.push(digits);
    if (speech !== undefined) states.push(speech);
  }
  return states;
}

function optionName(what: string, label: string | undefined): string {
  return label === undefined ? what : `${what} (${label})`;
}

function menuGatherProperties(plan: RoutingPlan, step: MenuStep): { [key: string]: string | number | boolean } {
  const lengths = new Set(step.options.flatMap((o) => (o.digits === undefined ? [] : [o.digits.length])));
  const words = step.options.flatMap((o) => o.speech ?? []);
  return {
    ...promptProperties(plan, step.prompt),
    stop_gather: true,
    timeout: step.timeout,
    // A fixed length lets Twilio act on the last key at once instead of waiting for "#" or the timeout.
    ...(lengths.size === 1 ? { number_of_digits: [...lengths][0] } : {}),
    ...(words.length > 0
      ? { speech_timeout: 'auto', gather_language: promptLanguage(plan, step.prompt), hints: [...new Set(words)].join(', ') }
      : {}),
  };
}

/** One split per route: `<step>` for route 1, `<step>__route<k>` after; no match tries the next route, the last falls to `otherwise`. */
function geoStates(ctx: StepCompileContext, name: string, step: GeoStep): StudioState[] {
  const stateOf = (i: number): string => (i === 0 ? name : `${name}__route${i + 1}`);
  return step.routes.map((route, i) => {
    const noMatch = i === step.routes.length - 1 ? step.otherwise : stateOf(i + 1);
    const { input, values, what } = geoTest(ctx, name, route, i);
    return splitState(stateOf(i), input, [{ friendlyName: `from ${what}`, type: 'matches_any_of', value: values.join(', '), next: route.next }], noMatch);
  });
}

function geoTest(ctx: StepCompileContext, name: string, route: GeoRoute, index: number): { input: string; values: string[]; what: string } {
  const kinds = [route.countries, route.regions, route.areaCodes].filter((k) => k !== undefined);
  if (kinds.length !== 1) {
    throw new ValidationError({
      summary: `route ${index + 1} of geo step "${name}" needs exactly one of countries, regions or areaCodes`,
      field: stepPath(ctx.planName, name, 'routes', index),
      detail: 'split it into one route per kind of rule',
    });
  }
  if (route.countries !== undefined) return { input: '{{trigger.call.FromCountry}}', values: route.countries, what: `countries ${route.countries.join(', ')}` };
  if (route.regions !== undefined) return { input: '{{trigger.call.FromState}}', values: route.regions, what: `regions ${route.regions.join(', ')}` };
  const codes = route.areaCodes ?? [];
  // "+1" and the area code are the first five characters of a North American E.164 number.
  return { input: '{{trigger.call.From | slice: 0, 5}}', values: codes.map((c) => `+1${c}`), what: `area codes ${codes.join(', ')}` };
}

function screenState(name: string, step: ScreenStep): StudioState {
  const listed = step.mode === 'block' ? step.onRejected : step.next;
  const unlisted = step.mode === 'block' ? step.next : step.onRejected;
  return splitState(
    name,
    '{{trigger.call.From}}',
    [{ friendlyName: step.mode === 'block' ? 'on the block list' : 'on the allow list', type: 'matches_any_of', value: step.numbers.join(', '), next: listed }],
    unlisted,
  );
}

/** Branch i owns the CallSid buckets `splitBucketRanges` gives it (as two lower-case hex digits); the last branch takes the rest. */
function percentageSplitState(name: string, step: SplitStep): StudioState {
  const ranges = splitBucketRanges(step.branches.map((b) => b.percent));
  const branches: SplitBranch[] = [];
  step.branches.slice(0, -1).forEach((b, i) => {
    const [from, to] = ranges[i];
    if (to <= from) return;
    const buckets = Array.from({ length: to - from }, (_, j) => (from + j).toString(16).padStart(2, '0'));
    branches.push({ friendlyName: optionName(`${b.percent}%`, b.label), type: 'matches_any_of', value: buckets.join(', '), next: b.next });
  });
  return splitState(name, '{{trigger.call.CallSid | slice: 32, 2 | downcase}}', branches, step.branches[step.branches.length - 1].next);
}
