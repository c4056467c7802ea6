/**
 * Validation of Twilio Studio flow definitions, as the sandbox's `/v2/Flows` and
 * `/v2/Flows/Validate` endpoints need it (SURFACE.md sections 2.7 and 3).
 *
 * The definition arrives in untrusted request bodies, so the validator reads it as `unknown`,
 * never throws, and keeps its own cost bounded whatever it is fed.
 */
import {
  FLOW_WIDGET_TYPES,
  SPLIT_CONDITION_TYPES,
  SPLIT_MATCH_EVENT,
  TRIGGER_WIDGET_TYPE,
  flowWidgetSpec,
  type FlowWidgetSpec,
} from './flow-widgets';
import { NameSuggester } from '../../core/suggest';

/** One thing wrong (or suspicious) in a flow definition, located by a path such as `states[3].transitions[1].next`. */
export interface FlowProblem {
  /** Where the problem is, in JavaScript accessor notation; `""` means the definition itself. */
  path: string;
  /** What is wrong and how to fix it, starting with the path so it reads well on its own. */
  message: string;
}

/** The verdict on a flow definition: errors make it invalid, warnings do not. */
export interface FlowValidation {
  /** True when there are no errors (warnings allowed), as Studio's `valid` field. */
  valid: boolean;
  /** Problems that Studio would reject the flow for. */
  errors: FlowProblem[];
  /** Problems that leave the flow runnable but probably not as meant (e.g. unreachable states). */
  warnings: FlowProblem[];
}

/** Most states one flow may hold, as Studio's flow-definition schema says. */
export const MAX_FLOW_STATES = 1000;

/** Checks a Studio flow definition against the rules of SURFACE.md section 3; never throws. */
export function validateFlowDefinition(definition: unknown): FlowValidation {
  const problems = new FlowProblems();
  if (!isObject(definition)) {
    problems.error('', `the flow definition must be a JSON object with "initial_state" and "states"; got ${show(definition)}`);
    return problems.result();
  }
  const suggester = new NameSuggester();
  checkDescription(definition, problems);
  checkFlags(definition, problems);
  const states = readStates(definition, problems);
  const flow = states === undefined ? undefined : checkStates(states, problems, suggester);
  checkInitialState(field(definition, 'initial_state'), flow, problems, suggester);
  if (flow !== undefined) warnAboutUnreachableStates(flow, problems);
  return problems.result();
}

type JsonObject = { readonly [key: string]: unknown };

/** A state that is at least an object, with whatever of its parts could be read. */
interface ReadableState {
  readonly path: string;
  readonly name?: string;
  readonly type?: string;
  readonly spec?: FlowWidgetSpec;
  readonly properties?: JsonObject;
  readonly transitions?: readonly unknown[];
}

/** What the per-state pass learnt that the cross-state rules need. */
interface FlowIndex {
  readonly states: readonly ReadableState[];
  /** Each name's first state; later states with the same name are reported as duplicates. */
  readonly stateByName: ReadonlyMap<string, ReadableState>;
  readonly trigger?: ReadableState;
}

class FlowProblems {
  private readonly errors: FlowProblem[] = [];
  private readonly warnings: FlowProblem[] = [];

  error(path: string, detail: string): void {
    this.errors.push(problemAt(path, detail));
  }

  warn(path: string, detail: string): void {
    this.warnings.push(problemAt(path, detail));
  }

  result(): FlowValidation {
    return { valid: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }
}

function problemAt(path: string, detail: string): FlowProblem {
  return { path, message: path === '' ? detail : `${path}: ${detail}` };
}

function checkDescription(definition: JsonObject, problems: FlowProblems): void {
  const description = field(definition, 'description');
  if (description !== undefined && typeof description !== 'string') {
    problems.error('description', `must be a string; got ${show(description)}`);
  }
}

function checkFlags(definition: JsonObject, problems: FlowProblems): void {
  const flags = field(definition, 'flags');
  if (flags === undefined) return;
  if (!isObject(flags)) {
    problems.error('flags', `must be an object like {"allow_concurrent_calls": true}; got ${show(flags)}`);
    return;
  }
  const allow = field(flags, 'allow_concurrent_calls');
  if (allow === undefined) {
    problems.error('flags.allow_concurrent_calls', 'is required when "flags" is present; set it to true or false');
  } else if (typeof allow !== 'boolean') {
    problems.error('flags.allow_concurrent_calls', `must be true or false; got ${show(allow)}`);
  }
}

function readStates(definition: JsonObject, problems: FlowProblems): readonly unknown[] | undefined {
  const states = field(definition, 'states');
  if (states === undefined) {
    problems.error('states', 'is required; list the flow\'s widgets, starting with its "trigger" state');
    return undefined;
  }
  if (!Array.isArray(states)) {
    problems.error('states', `must be an array of states; got ${show(states)}`);
    return undefined;
  }
  if (states.length === 0) {
    problems.error('states', 'a flow needs at least one state, its "trigger"');
    return undefined;
  }
  if (states.length > MAX_FLOW_STATES) {
    // Stop here: the definition is rejected anyway, and walking an oversized body only costs time.
    problems.error('states', `has ${states.length} states; Studio allows at most ${MAX_FLOW_STATES}, so split the flow (e.g. with run-subflow)`);
    return undefined;
  }
  return states;
}

function checkStates(states: readonly unknown[], problems: FlowProblems, suggester: NameSuggester): FlowIndex {
  const readable: ReadableState[] = [];
  const stateByName = new Map<string, ReadableState>();
  // A plain loop, not forEach: forEach skips holes, and every index deserves a verdict.
  for (let i = 0; i < states.length; i++) {
    const state = readState(states[i], `states[${i}]`, problems, suggester);
    if (state === undefined) continue;
    readable.push(state);
    if (state.name === undefined) continue;
    const first = stateByName.get(state.name);
    if (first === undefined) {
      stateByName.set(state.name, state);
    } else {
      problems.error(`${state.path}.name`, `${show(state.name)} is already the name of ${first.path}; state names must be unique, so rename one of them`);
    }
  }
  for (const state of readable) {
    if (state.spec !== undefined && state.properties !== undefined) checkProperties(state, state.spec, state.properties, problems, suggester);
    checkTransitions(state, stateByName, problems, suggester);
  }
  return { states: readable, stateByName, trigger: checkSingleTrigger(readable, problems) };
}

function readState(value: unknown, path: string, problems: FlowProblems, suggester: NameSuggester): ReadableState | undefined {
  if (!isObject(value)) {
    problems.error(path, `must be an object with "name", "type", "properties" and "transitions"; got ${show(value)}`);
    return undefined;
  }
  const name = requiredText(value, 'name', path, 'give the state a name that is unique in this flow', problems);
  const type = requiredText(value, 'type', path, `use a widget type such as "say-play"`, problems);
  let spec: FlowWidgetSpec | undefined;
  if (type !== undefined) {
    spec = flowWidgetSpec(type);
    if (spec === undefined) {
      const fix = orElse(suggester.nearest(type, FLOW_WIDGET_TYPES), `use one of ${FLOW_WIDGET_TYPES.join(', ')}`);
      problems.error(`${path}.type`, `${show(type)} is not a Studio widget type; ${fix}`);
    }
  }
  const properties = field(value, 'properties');
  if (properties === undefined) {
    problems.error(`${path}.properties`, 'is required; use {} when the widget needs no settings');
  } else if (!isObject(properties)) {
    problems.error(`${path}.properties`, `must be an object; got ${show(properties)}`);
  }
  const transitions = field(value, 'transitions');
  if (transitions === undefined) {
    problems.error(`${path}.transitions`, 'is required; use [] when the flow ends at this widget');
  } else if (!Array.isArray(transitions)) {
    problems.error(`${path}.transitions`, `must be an array of {"event", "next"} objects; got ${show(transitions)}`);
  }
  return {
    path,
    name,
    type,
    spec,
    properties: isObject(properties) ? properties : undefined,
    transitions: Array.isArray(transitions) ? transitions : undefined,
  };
}

/** Reads a property that must be a non-empty string, reporting why it is not. */
function requiredText(object: JsonObject, key: string, parentPath: string, fix: string, problems: FlowProblems): string | undefined {
  const value = field(object, key);
  const path = `${parentPath}.${key}`;
  if (value === undefined) {
    problems.error(path, `is required; ${fix}`);
  } else if (typeof value !== 'string') {
    problems.error(path, `must be a string; got ${show(value)}`);
  } else if (value === '') {
    problems.error(path, `must not be empty; ${fix}`);
  } else {
    return value;
  }
  return undefined;
}

function checkProperties(
  state: ReadableState,
  spec: FlowWidgetSpec,
  properties: JsonObject,
  problems: FlowProblems,
  suggester: NameSuggester,
): void {
  const base = `${state.path}.properties`;
  for (const [key, example] of Object.entries(spec.requiredText)) {
    const value = field(properties, key);
    if (value === undefined) {
      problems.error(`${base}.${key}`, `is required for a "${spec.type}" widget; set it, e.g. to ${show(example)}`);
    } else if (!isFilledText(value)) {
      problems.error(`${base}.${key}`, `must be a non-empty string, e.g. ${show(example)}; got ${show(value)}`);
    }
  }
  if (spec.oneOfText !== undefined && !spec.oneOfText.some((key) => isFilledText(field(properties, key)))) {
    problems.error(base, `a "${spec.type}" widget needs ${listOfOptions(spec.oneOfText)}; set one of them to a non-empty string`);
  }
  for (const [key, allowed] of Object.entries(spec.allowedValues ?? {})) {
    const value = field(properties, key);
    // Missing or non-text required values were reported above; only judge values that could be right.
    if (!isFilledText(value) || allowed.includes(value)) continue;
    const fix = orElse(suggester.nearest(value, allowed), `use one of ${allowed.join(', ')}`);
    problems.error(`${base}.${key}`, `${show(value)} is not a ${key} a "${spec.type}" widget accepts; ${fix}`);
  }
  for (const [key, need] of Object.entries(spec.keyValueLists ?? {})) {
    checkKeyValueList(field(properties, key), `${base}.${key}`, need === 'required' ? spec.type : undefined, problems);
  }
}

/** Checks a `[{key, value}]` list; `requiredBy` names the widget type when the list must be there. */
function checkKeyValueList(list: unknown, path: string, requiredBy: string | undefined, problems: FlowProblems): void {
  if (list === undefined) {
    if (requiredBy !== undefined) {
      problems.error(path, `is required for a "${requiredBy}" widget; list entries as [{"key": "name", "value": "..."}]`);
    }
    return;
  }
  if (!Array.isArray(list)) {
    problems.error(path, `must be an array of {"key", "value"} objects; got ${show(list)}`);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const itemPath = `${path}[${i}]`;
    if (!isObject(item)) {
      problems.error(itemPath, `must be an object like {"key": "name", "value": "..."}; got ${show(item)}`);
      continue;
    }
    requiredText(item, 'key', itemPath, 'name the entry', problems);
    const value = field(item, 'value');
    if (value === undefined) {
      problems.error(`${itemPath}.value`, 'is required; use "" for an empty value');
    } else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.error(`${itemPath}.value`, `must be a string, number or boolean; got ${show(value)}`);
    }
  }
}

function checkTransitions(
  state: ReadableState,
  stateByName: ReadonlyMap<string, ReadableState>,
  problems: FlowProblems,
  suggester: NameSuggester,
): void {
  const transitions = state.transitions ?? [];
  for (let i = 0; i < transitions.length; i++) {
    const transition: unknown = transitions[i];
    const path = `${state.path}.transitions[${i}]`;
    if (!isObject(transition)) {
      problems.error(path, `must be an object like {"event": "...", "next": "..."}; got ${show(transition)}`);
      continue;
    }
    const event = checkEvent(field(transition, 'event'), `${path}.event`, state.spec, problems, suggester);
    checkNext(field(transition, 'next'), `${path}.next`, stateByName, problems, suggester);
    const conditions = field(transition, 'conditions');
    if (conditions !== undefined) checkConditions(conditions, `${path}.conditions`, problems, suggester);
    const isSplitMatch = state.spec?.type === 'split-based-on' && event === SPLIT_MATCH_EVENT;
    if (isSplitMatch && !(Array.isArray(conditions) && conditions.length > 0)) {
      problems.error(
        `${path}.conditions`,
        'a "match" transition needs at least one condition; add [{"friendly_name", "arguments", "type", "value"}] or use "noMatch"',
      );
    }
  }
}

function checkEvent(
  event: unknown,
  path: string,
  spec: FlowWidgetSpec | undefined,
  problems: FlowProblems,
  suggester: NameSuggester,
): string | undefined {
  const known = spec === undefined || spec.events === 'any' ? undefined : spec.events;
  const choices = known === undefined ? 'name the event that leads to "next"' : `use one of ${known.join(', ')}`;
  if (event === undefined) {
    problems.error(path, `is required; ${choices}`);
    return undefined;
  }
  if (typeof event !== 'string') {
    problems.error(path, `must be a string; got ${show(event)}`);
    return undefined;
  }
  if (event === '') {
    problems.error(path, `must not be empty; ${choices}`);
    return undefined;
  }
  if (known !== undefined && spec !== undefined && !known.includes(event)) {
    problems.error(path, `${show(event)} is not an event of a "${spec.type}" widget; ${orElse(suggester.nearest(event, known), choices)}`);
  }
  return event;
}

function checkNext(
  next: unknown,
  path: string,
  stateByName: ReadonlyMap<string, ReadableState>,
  problems: FlowProblems,
  suggester: NameSuggester,
): void {
  if (next === undefined) return;
  if (typeof next !== 'string') {
    problems.error(path, `must be the name of a state; got ${show(next)}`);
  } else if (next === '') {
    problems.error(path, 'must not be empty; name a state, or remove "next" to end the flow at this event');
  } else if (!stateByName.has(next)) {
    const fix = orElse(suggester.nearest(next, stateByName.keys()), 'name an existing state, or remove "next" to end the flow at this event');
    problems.error(path, `${show(next)} is not a state of this flow; ${fix}`);
  }
}

function checkConditions(conditions: unknown, path: string, problems: FlowProblems, suggester: NameSuggester): void {
  if (!Array.isArray(conditions)) {
    problems.error(path, `must be an array of conditions; got ${show(conditions)}`);
    return;
  }
  for (let i = 0; i < conditions.length; i++) {
    const condition: unknown = conditions[i];
    const conditionPath = `${path}[${i}]`;
    if (!isObject(condition)) {
      problems.error(conditionPath, `must be an object with "friendly_name", "arguments", "type" and "value"; got ${show(condition)}`);
      continue;
    }
    const friendlyName = field(condition, 'friendly_name');
    if (friendlyName === undefined) {
      problems.error(`${conditionPath}.friendly_name`, 'is required; label the branch, e.g. "pressed 1"');
    } else if (typeof friendlyName !== 'string') {
      problems.error(`${conditionPath}.friendly_name`, `must be a string; got ${show(friendlyName)}`);
    }
    checkConditionArguments(field(condition, 'arguments'), `${conditionPath}.arguments`, problems);
    const type = field(condition, 'type');
    if (type === undefined) {
      problems.error(`${conditionPath}.type`, 'is required; use a comparison such as "equal_to"');
    } else if (typeof type !== 'string') {
      problems.error(`${conditionPath}.type`, `must be a string; got ${show(type)}`);
    } else if (!isOneOf(type, SPLIT_CONDITION_TYPES)) {
      const fix = orElse(suggester.nearest(type, SPLIT_CONDITION_TYPES), `use one of ${SPLIT_CONDITION_TYPES.join(', ')}`);
      problems.error(`${conditionPath}.type`, `${show(type)} is not a condition type; ${fix}`);
    }
    const value = field(condition, 'value');
    if (value === undefined) {
      problems.error(`${conditionPath}.value`, 'is required; set the value to compare with, e.g. "1"');
    } else if (typeof value !== 'string') {
      problems.error(`${conditionPath}.value`, `must be a string (Studio compares text); got ${show(value)}`);
    }
  }
}

function checkConditionArguments(args: unknown, path: string, problems: FlowProblems): void {
  if (args === undefined) {
    problems.error(path, 'is required; pass the value being tested, e.g. ["{{widgets.gather_1.Digits}}"]');
    return;
  }
  if (!Array.isArray(args)) {
    problems.error(path, `must be an array, e.g. ["{{widgets.gather_1.Digits}}"]; got ${show(args)}`);
    return;
  }
  for (let i = 0; i < args.length; i++) {
    const arg: unknown = args[i];
    if (typeof arg !== 'string') problems.error(`${path}[${i}]`, `must be a string; got ${show(arg)}`);
  }
}

/** Finds the one trigger state, reporting a flow that has none or several. */
function checkSingleTrigger(states: readonly ReadableState[], problems: FlowProblems): ReadableState | undefined {
  const triggers = states.filter((state) => state.type === TRIGGER_WIDGET_TYPE);
  const [first, ...extra] = triggers;
  if (first === undefined) {
    problems.error('states', `a flow needs exactly one state of type "${TRIGGER_WIDGET_TYPE}"; add one and name it in "initial_state"`);
    return undefined;
  }
  for (const state of extra) {
    problems.error(`${state.path}.type`, `a flow has exactly one "${TRIGGER_WIDGET_TYPE}" state and ${first.path} is already one; change this type or remove the state`);
  }
  return first;
}

function checkInitialState(value: unknown, flow: FlowIndex | undefined, problems: FlowProblems, suggester: NameSuggester): void {
  const triggerName = flow?.trigger?.name;
  const fix = triggerName === undefined ? 'name the trigger state, e.g. "Trigger"' : `set it to the trigger state ${show(triggerName)}`;
  if (value === undefined) {
    problems.error('initial_state', `is required; ${fix}`);
    return;
  }
  if (typeof value !== 'string') {
    problems.error('initial_state', `must be a string; ${fix}; got ${show(value)}`);
    return;
  }
  if (value === '') {
    problems.error('initial_state', `must not be empty; ${fix}`);
    return;
  }
  if (flow === undefined) return;
  const state = flow.stateByName.get(value);
  if (state === undefined) {
    problems.error('initial_state', `${show(value)} is not a state of this flow; ${orElse(suggester.nearest(value, flow.stateByName.keys()), fix)}`);
  } else if (state.type !== TRIGGER_WIDGET_TYPE) {
    const kind = state.type === undefined ? 'not a trigger' : `a "${state.type}" state`;
    problems.error('initial_state', `${show(value)} is ${kind}; the flow must start at its trigger, so ${fix}`);
  }
}

/** Warns about states no path of transitions leads to: Studio runs them never, which is rarely meant. */
function warnAboutUnreachableStates(flow: FlowIndex, problems: FlowProblems): void {
  const start = flow.trigger?.name;
  // Without a trigger everything is unreachable, and the missing trigger is already an error.
  if (start === undefined) return;
  const reached = new Set<string>([start]);
  const queue: string[] = [start];
  const nextsByName = new Map<string, string[]>();
  for (const state of flow.states) {
    if (state.name === undefined) continue;
    const nexts = nextsByName.get(state.name) ?? [];
    for (const transition of state.transitions ?? []) {
      const next = isObject(transition) ? field(transition, 'next') : undefined;
      if (typeof next === 'string' && flow.stateByName.has(next)) nexts.push(next);
    }
    nextsByName.set(state.name, nexts);
  }
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const next of nextsByName.get(name) ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  for (const state of flow.states) {
    // Extra triggers and nameless states are errors already; a warning on top would be noise.
    if (state.name === undefined || state.type === TRIGGER_WIDGET_TYPE || reached.has(state.name)) continue;
    problems.warn(state.path, `${show(state.name)} cannot be reached from the trigger ${show(start)}; point a transition's "next" at it or remove it`);
  }
}

function orElse(suggestion: string | undefined, fix: string): string {
  return suggestion === undefined ? fix : `did you mean ${show(suggestion)}?`;
}

function listOfOptions(keys: readonly string[]): string {
  const quoted = keys.map((key) => `"${key}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function isFilledText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only: keys like "constructor" must not resolve to Object.prototype members. */
function field(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Renders a value for a message without ever throwing (BigInt and symbols defeat JSON.stringify). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
