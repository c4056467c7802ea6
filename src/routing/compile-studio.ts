/**
 * The Studio flow-definition shapes the routing compiler writes (SURFACE.md section 3), and small
 * builders that keep every state's key order fixed, so the compiled JSON is byte-for-byte stable.
 */
import type { Prompt, RoutingPlan } from './model';

/** A JSON value as Studio stores it. */
export type StudioJson = string | number | boolean | null | readonly StudioJson[] | { readonly [key: string]: StudioJson };

/** Where the Studio editor draws a widget. */
export type StudioOffset = { readonly x: number; readonly y: number };

/** A widget's settings, plus its editor position. */
export type StudioProperties = { readonly offset?: StudioOffset; readonly [key: string]: StudioJson | undefined };

/** The widget types the compiler emits. */
export type StudioWidgetType =
  | 'trigger'
  | 'say-play'
  | 'gather-input-on-call'
  | 'split-based-on'
  | 'connect-call-to'
  | 'enqueue-call'
  | 'record-voicemail'
  | 'make-http-request'
  | 'set-variables';

/** The split-condition comparisons the compiler uses (the sandbox executor implements exactly these). */
export type StudioConditionType =
  | 'equal_to'
  | 'not_equal_to'
  | 'matches_any_of'
  | 'does_not_match_any_of'
  | 'starts_with'
  | 'contains'
  | 'less_than'
  | 'greater_than';

/** One test of a split's `match` transition. */
export interface StudioCondition {
  readonly friendly_name: string;
  readonly arguments: readonly string[];
  readonly type: StudioConditionType;
  readonly value: string;
}

/** Where a widget goes on an event; no `next` ends the flow there. */
export interface StudioTransition {
  readonly event: string;
  readonly next?: string;
  readonly conditions?: readonly StudioCondition[];
}

/** One widget of a flow. */
export interface StudioState {
  readonly name: string;
  readonly type: StudioWidgetType;
  readonly properties: StudioProperties;
  readonly transitions: readonly StudioTransition[];
}

/** A Studio flow definition, as sent to `/v2/Flows` in `Definition`. */
export interface StudioFlowDefinition {
  readonly description: string;
  readonly initial_state: string;
  readonly flags: { readonly allow_concurrent_calls: boolean };
  readonly states: readonly StudioState[];
}

/** A transition on `event`, with `next` only when there is one (an absent key, not `undefined`, keeps JSON and deep-equality tidy). */
export function transition(event: string, next?: string, conditions?: readonly StudioCondition[]): StudioTransition {
  const out: { event: string; next?: string; conditions?: readonly StudioCondition[] } = { event };
  if (next !== undefined) out.next = next;
  if (conditions !== undefined) out.conditions = conditions;
  return out;
}

/** One `match` branch of a split: a condition on the split's input and where it leads. */
export interface SplitBranch {
  readonly friendlyName: string;
  readonly type: StudioConditionType;
  readonly value: string;
  readonly next?: string;
}

/**
 * A `split-based-on` state: `noMatch` first (as the Studio editor writes it), then one `match`
 * transition per branch, which Studio tests in order (first match wins).
 */
export function splitState(name: string, input: string, branches: readonly SplitBranch[], noMatch?: string): StudioState {
  return {
    name,
    type: 'split-based-on',
    properties: { input },
    transitions: [
      transition('noMatch', noMatch),
      ...branches.map((b) =>
        transition('match', b.next, [{ friendly_name: b.friendlyName, arguments: [input], type: b.type, value: b.value }]),
      ),
    ],
  };
}

/** The `say`/`play` properties of a prompt: text with the plan's voice and language unless the prompt overrides them, or an audio URL. */
export function promptProperties(plan: RoutingPlan, prompt: Prompt): { [key: string]: string } {
  if (typeof prompt === 'string') return { say: prompt, voice: plan.voice, language: plan.language };
  if ('play' in prompt) return { play: prompt.play };
  return { say: prompt.say, voice: prompt.voice ?? plan.voice, language: prompt.language ?? plan.language };
}

/** The language a prompt is spoken in (the plan's unless it says otherwise); speech recognition listens in it too. */
export function promptLanguage(plan: RoutingPlan, prompt: Prompt): string {
  return typeof prompt === 'object' && 'say' in prompt && prompt.language !== undefined ? prompt.language : plan.language;
}

/** A `say-play` state that plays `prompt`, then goes to `next` (or ends the flow). */
export function sayPlayState(plan: RoutingPlan, name: string, prompt: Prompt, next?: string): StudioState {
  return { name, type: 'say-play', properties: promptProperties(plan, prompt), transitions: [transition('audioComplete', next)] };
}
