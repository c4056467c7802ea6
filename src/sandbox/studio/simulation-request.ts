/**
 * The simulated call a Studio Execution request describes: `Parameters` (JSON text, which becomes `flow.data`) and
 * inside it `didops_simulation` with the caller's time, key presses and dial outcomes. Every 400 names the field.
 */
import { DateTime } from 'luxon';
import { DIAL_OUTCOMES, QUEUE_OUTCOMES } from '../../routing/call-scenario';
import type { Params } from '../http/params';
import { truncate } from '../http/params';
import { invalidParameter } from '../http/twilio-error';

/** The key of `Parameters` that carries a simulated call. */
export const SIMULATION_PARAMETER = 'didops_simulation';

/** The simulated call a request asked for, defaults not yet applied. */
export interface SimulationRequest {
  at?: Date;
  inputs: string[];
  outcomes: Record<string, string>;
  callSid?: string;
}

const SIMULATION_KEYS = ['at', 'inputs', 'outcomes', 'call_sid'];
const MAX_INPUTS = 200;
const MAX_OUTCOMES = 1000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const KEYPAD = /^[0-9*#]*$/;
const SPEECH = /^speech:\s*\S/;

/** Reads `Parameters`: JSON text holding an object, which becomes `flow.data`. */
export function readParameters(params: Params): Record<string, unknown> {
  const raw = params.string('Parameters', { maxLength: 1_000_000 });
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw invalidParameter('Parameters', `is not valid JSON (${(e as Error).message}); send a JSON object such as {"name":"Zeke"}`);
  }
  if (!isObject(parsed)) throw invalidParameter('Parameters', `must be a JSON object such as {"name":"Zeke"}; got ${truncate(raw)}`);
  return parsed;
}

/** Checks `Parameters.didops_simulation`; every 400 names the field inside it. */
export function readSimulation(parameters: Record<string, unknown>): SimulationRequest {
  const field = `Parameters.${SIMULATION_PARAMETER}`;
  if (!Object.prototype.hasOwnProperty.call(parameters, SIMULATION_PARAMETER)) return { inputs: [], outcomes: {} };
  const sim = parameters[SIMULATION_PARAMETER];
  if (!isObject(sim)) throw invalidParameter(field, 'must be an object {"at", "inputs", "outcomes", "call_sid"} (every part optional)');
  for (const key of Object.keys(sim)) {
    if (!SIMULATION_KEYS.includes(key)) throw invalidParameter(`${field}.${truncate(key)}`, `is not a simulation setting; use ${SIMULATION_KEYS.join(', ')}`);
  }
  const out: SimulationRequest = { inputs: [], outcomes: {} };
  if (sim.at !== undefined) out.at = readInstant(sim.at, `${field}.at`);
  if (sim.inputs !== undefined) out.inputs = readInputs(sim.inputs, `${field}.inputs`);
  if (sim.outcomes !== undefined) out.outcomes = readOutcomes(sim.outcomes, `${field}.outcomes`);
  if (sim.call_sid !== undefined) {
    if (typeof sim.call_sid !== 'string' || !/^CA[0-9a-fA-F]{32}$/.test(sim.call_sid)) {
      throw invalidParameter(`${field}.call_sid`, `${show(sim.call_sid)} is not a Call SID (CA followed by 32 hex characters)`);
    }
    out.callSid = sim.call_sid;
  }
  return out;
}

function readInstant(value: unknown, field: string): Date {
  const parsed = typeof value === 'string' && ISO_INSTANT.test(value) ? DateTime.fromISO(value, { setZone: true }) : undefined;
  if (parsed === undefined || !parsed.isValid) {
    throw invalidParameter(field, `${show(value)} is not an ISO 8601 instant with a zone; send one such as 2026-11-24T19:00:00Z`);
  }
  return parsed.toJSDate();
}

function readInputs(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidParameter(field, `must be a list such as ["2", "speech:billing", ""]; got ${show(value)}`);
  if (value.length > MAX_INPUTS) throw invalidParameter(field, `has ${value.length} inputs; the sandbox takes at most ${MAX_INPUTS}`);
  return value.map((input: unknown, i) => {
    if (typeof input !== 'string' || input.length > 500 || !(KEYPAD.test(input) || SPEECH.test(input))) {
      throw invalidParameter(`${field}[${i}]`, `${show(input)} is neither keypad digits (0-9, *, #), "speech:<words>" nor "" (no input: the gather times out)`);
    }
    return input;
  });
}

function readOutcomes(value: unknown, field: string): Record<string, string> {
  if (!isObject(value)) throw invalidParameter(field, `must be an object such as {"+14155550100": "busy", "queue:sales": "timeout"}; got ${show(value)}`);
  const keys = Object.keys(value);
  if (keys.length > MAX_OUTCOMES) throw invalidParameter(field, `has ${keys.length} entries; the sandbox takes at most ${MAX_OUTCOMES}`);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const outcome = value[key];
    const allowed: readonly string[] = key.startsWith('queue:') ? QUEUE_OUTCOMES : DIAL_OUTCOMES;
    if (key === '' || key.length > 500) throw invalidParameter(field, 'keys must be targets: a number, a SIP URI, a conference room or queue:<name>');
    if (typeof outcome !== 'string' || !allowed.includes(outcome)) {
      throw invalidParameter(`${field}[${JSON.stringify(truncate(key))}]`, `${show(outcome)} is not an outcome for ${key.startsWith('queue:') ? 'a queue' : 'a dial'}; use ${allowed.join(', ')}`);
    }
    Object.defineProperty(out, key, { value: outcome, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : truncate(text);
}
