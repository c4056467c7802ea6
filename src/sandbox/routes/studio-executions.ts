/**
 * Studio v2 Executions: each POST runs the flow's live (latest published) revision for one simulated incoming call,
 * synchronously, and stores the execution, its steps and their contexts for the list, fetch, context, update and
 * delete routes. The caller, the time, the key presses and the dial outcomes come from `Parameters.didops_simulation`.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { DIAL_OUTCOMES, QUEUE_OUTCOMES } from '../../routing/call-scenario';
import type { SandboxContext } from '../context';
import { canonicalBase } from '../context';
import { iso8601 } from '../http/dates';
import type { SandboxApp } from '../http/hono-env';
import { metaPage, numericAfterKey, readPageRequest, splitPage } from '../http/pagination';
import type { Params } from '../http/params';
import { truncate } from '../http/params';
import { newSid } from '../http/sids';
import { TwilioApiError, TwilioErrorCode, invalidParameter, notFound } from '../http/twilio-error';
import { executeFlow, type FlowExecutionResult, type JsonObject } from '../studio/execute-flow';

/** What a step's `transitioned_to` says when the flow ended there, as Studio writes it. */
export const ENDED_STATE = 'Ended';

/** The key of `Parameters` that carries a simulated call. */
export const SIMULATION_PARAMETER = 'didops_simulation';

interface ExecutionRow {
  seq: number;
  sid: string;
  account_sid: string;
  flow_sid: string;
  flow_version: number;
  contact_channel_address: string;
  contact_sid: string;
  initiated_by: string;
  status: 'active' | 'ended';
  context: string;
  date_created: number;
  date_updated: number;
}

interface StepRow {
  sid: string;
  execution_sid: string;
  position: number;
  name: string;
  transitioned_from: string;
  transitioned_to: string;
  type: string;
  context: string;
  date_created: number;
}

/** The simulated call a request asked for, defaults not yet applied. */
export interface SimulationRequest {
  at?: Date;
  inputs: string[];
  outcomes: Record<string, string>;
  callSid?: string;
}

const STUDIO = canonicalBase('studio');
const EXECUTION_STATUSES = ['active', 'ended'] as const;
const SIMULATION_KEYS = ['at', 'inputs', 'outcomes', 'call_sid'];
const MAX_INPUTS = 200;
const MAX_OUTCOMES = 1000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const KEYPAD = /^[0-9*#]*$/;
const SPEECH = /^speech:\s*\S/;

/** Reads `Parameters`: JSON text holding an object, which becomes `flow.data`. */
function readParameters(params: Params): Record<string, unknown> {
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

function readDateFilter(params: Params, name: string): number | undefined {
  const raw = params.string(name, { maxLength: 64 });
  if (raw === undefined || raw === '') return undefined;
  const ms = ISO_DATE_TIME.test(raw) ? DateTime.fromISO(raw, { zone: 'utc' }) : undefined;
  if (ms === undefined || !ms.isValid) throw invalidParameter(name, `"${truncate(raw)}" is not an ISO 8601 date-time such as 2026-11-24T19:00:00Z`);
  return ms.toMillis();
}

/** The Contact of an address: stable per flow and address, as Studio keeps one contact per caller. */
function contactSid(flowSid: string, address: string): string {
  return `FC${createHash('sha256').update(`${flowSid}|${address}`).digest('hex').slice(0, 32)}`;
}

function executionUrl(row: Pick<ExecutionRow, 'flow_sid' | 'sid'>): string {
  return `${STUDIO}/v2/Flows/${row.flow_sid}/Executions/${row.sid}`;
}

/** The Execution resource; like Twilio's, its `context` is empty and the full context is at `/Context`. */
function executionResource(row: ExecutionRow) {
  const url = executionUrl(row);
  return {
    sid: row.sid,
    account_sid: row.account_sid,
    flow_sid: row.flow_sid,
    contact_channel_address: row.contact_channel_address,
    contact_sid: row.contact_sid,
    flow_version: row.flow_version,
    context: {},
    status: row.status,
    date_created: iso8601(row.date_created),
    date_updated: iso8601(row.date_updated),
    initiated_by: row.initiated_by,
    url,
    links: { steps: `${url}/Steps`, execution_context: `${url}/Context` },
  };
}

function stepResource(execution: ExecutionRow, step: StepRow) {
  const url = `${executionUrl(execution)}/Steps/${step.sid}`;
  return {
    sid: step.sid,
    account_sid: execution.account_sid,
    flow_sid: execution.flow_sid,
    execution_sid: execution.sid,
    parent_step_sid: null,
    name: step.name,
    context: {},
    transitioned_from: step.transitioned_from,
    transitioned_to: step.transitioned_to,
    type: step.type,
    date_created: iso8601(step.date_created),
    date_updated: iso8601(step.date_created),
    url,
    links: { step_context: `${url}/Context` },
  };
}

/** The stored final context: the flow's, plus what the sandbox did with the simulation (`didops`). */
function storedContext(result: FlowExecutionResult, at: Date, callSid: string): JsonObject {
  const didops: JsonObject = { status: result.status, at: at.toISOString(), call_sid: callSid, unused_inputs: result.unusedInputs };
  if (result.error !== undefined) didops.error = result.error;
  return { ...result.context, didops };
}

/** Registers the Studio v2 Execution routes. */
export function registerStudioExecutionRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/studio/v2/Flows/:FlowSid{FW[0-9a-fA-F]{32}}/Executions';
  const executionPath = `${base}/:Sid{FN[0-9a-fA-F]{32}}`;
  const nestedPath = `${base}/:ExecutionSid{FN[0-9a-fA-F]{32}}`;
  const stepPath = `${nestedPath}/Steps/:Sid{FT[0-9a-fA-F]{32}}`;
  const flowBySid = ctx.db.prepare('SELECT sid FROM flows WHERE sid = ? AND account_sid = ?');
  const livePublished = ctx.db.prepare(
    "SELECT revision, definition FROM flow_revisions WHERE flow_sid = ? AND status = 'published' ORDER BY revision DESC LIMIT 1",
  );
  const executionBySid = ctx.db.prepare('SELECT * FROM flow_executions WHERE sid = ? AND flow_sid = ?');
  const stepBySid = ctx.db.prepare('SELECT * FROM flow_execution_steps WHERE sid = ? AND execution_sid = ?');
  const insertExecution = ctx.db.prepare(
    `INSERT INTO flow_executions (sid, account_sid, flow_sid, flow_version, contact_channel_address, contact_sid, initiated_by, status, context, date_created, date_updated)
     VALUES (@sid, @account_sid, @flow_sid, @flow_version, @contact_channel_address, @contact_sid, @initiated_by, @status, @context, @date_created, @date_updated)
     RETURNING seq`,
  );
  const insertStep = ctx.db.prepare(
    `INSERT INTO flow_execution_steps (sid, execution_sid, position, name, transitioned_from, transitioned_to, type, context, date_created)
     VALUES (@sid, @execution_sid, @position, @name, @transitioned_from, @transitioned_to, @type, @context, @date_created)`,
  );

  const loadFlow = (flowSid: string): string => {
    if (!flowBySid.get(flowSid, ctx.accountSid)) throw notFound(`/v2/Flows/${flowSid}`);
    return flowSid;
  };
  const loadExecution = (flowSid: string, sid: string): ExecutionRow => {
    loadFlow(flowSid);
    const row = executionBySid.get(sid, flowSid) as ExecutionRow | undefined;
    if (!row) throw notFound(`/v2/Flows/${flowSid}/Executions/${sid}`);
    return row;
  };

  app.post(base, (c) => {
    const flowSid = loadFlow(c.req.param('FlowSid'));
    const params = c.get('params');
    const to = params.required('To', { maxLength: 256 });
    const from = params.required('From', { maxLength: 256 });
    const parameters = readParameters(params);
    const simulation = readSimulation(parameters);
    const live = livePublished.get(flowSid) as { revision: number; definition: string } | undefined;
    if (!live) {
      // The flow exists, so not a 404: it has nothing live to run until a revision is published.
      throw new TwilioApiError(400, TwilioErrorCode.invalidParameter, `Flow ${flowSid} has no published revision to execute; publish it (update with Status=published) first`);
    }
    const now = ctx.now();
    const at = simulation.at ?? new Date(now);
    const callSid = simulation.callSid ?? newSid('CA');
    const result = executeFlow(JSON.parse(live.definition), {
      from, to, callSid, at, inputs: simulation.inputs, outcomes: simulation.outcomes, parameters, accountSid: ctx.accountSid, flowSid,
    });
    const row: Omit<ExecutionRow, 'seq'> = {
      sid: newSid('FN'), account_sid: ctx.accountSid, flow_sid: flowSid, flow_version: live.revision, contact_channel_address: from,
      contact_sid: contactSid(flowSid, from), initiated_by: callSid, status: 'ended', context: JSON.stringify(storedContext(result, at, callSid)),
      date_created: now, date_updated: now,
    };
    const seq = ctx.db.transaction(() => {
      const inserted = insertExecution.get(row) as { seq: number };
      result.steps.forEach((step, i) => insertStep.run({
        sid: newSid('FT'), execution_sid: row.sid, position: i + 1, name: step.name, transitioned_from: step.transitionedFrom,
        transitioned_to: step.transitionedTo ?? ENDED_STATE, type: step.type, context: JSON.stringify(step.context), date_created: now,
      }));
      return inserted.seq;
    })();
    return c.json(executionResource({ ...row, seq }), 201);
  });

  app.get(base, (c) => {
    const flowSid = loadFlow(c.req.param('FlowSid'));
    const params = c.get('params');
    // The spec spells this filter in lower case (the SDK sends `status`); the capitalised form is accepted too.
    const status = params.oneOf('status', EXECUTION_STATUSES) ?? params.oneOf('Status', EXECUTION_STATUSES);
    const from = readDateFilter(params, 'DateCreatedFrom');
    const until = readDateFilter(params, 'DateCreatedTo');
    const page = readPageRequest(params);
    const rows = ctx.db
      .prepare(
        `SELECT * FROM flow_executions WHERE flow_sid = ? AND seq < ? AND (? IS NULL OR status = ?) AND (? IS NULL OR date_created >= ?)
         AND (? IS NULL OR date_created < ?) ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(flowSid, numericAfterKey(page) ?? Number.MAX_SAFE_INTEGER, status ?? null, status ?? null, from ?? null, from ?? null,
        until ?? null, until ?? null, page.pageSize + 1, page.offset) as ExecutionRow[];
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    // Newest first, as Twilio lists executions.
    return c.json(metaPage('executions', `${STUDIO}/v2/Flows/${flowSid}/Executions`, c.get('query'), page, { rows: pageRows.map(executionResource), nextKey }));
  });

  app.get(executionPath, (c) => c.json(executionResource(loadExecution(c.req.param('FlowSid'), c.req.param('Sid')))));

  app.post(executionPath, (c) => {
    const row = loadExecution(c.req.param('FlowSid'), c.req.param('Sid'));
    const params = c.get('params');
    const status = params.oneOf('Status', EXECUTION_STATUSES) ?? (params.required('Status') as never);
    if (status !== 'ended') throw invalidParameter('Status', 'an execution can only be ended; send Status=ended');
    if (row.status === 'ended') return c.json(executionResource(row));
    const now = ctx.now();
    ctx.db.prepare("UPDATE flow_executions SET status = 'ended', date_updated = ? WHERE sid = ?").run(now, row.sid);
    return c.json(executionResource({ ...row, status: 'ended', date_updated: now }));
  });

  app.delete(executionPath, (c) => {
    const row = loadExecution(c.req.param('FlowSid'), c.req.param('Sid'));
    ctx.db.prepare('DELETE FROM flow_executions WHERE sid = ?').run(row.sid);
    return c.body(null, 204);
  });

  app.get(`${nestedPath}/Context`, (c) => {
    const row = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    return c.json({ account_sid: row.account_sid, context: JSON.parse(row.context), flow_sid: row.flow_sid, execution_sid: row.sid, url: `${executionUrl(row)}/Context` });
  });

  app.get(`${nestedPath}/Steps`, (c) => {
    const execution = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    const page = readPageRequest(c.get('params'));
    // Newest first, as Twilio lists steps; reverse the list (or follow transitioned_from) to read the call in order.
    const rows = ctx.db
      .prepare('SELECT * FROM flow_execution_steps WHERE execution_sid = ? AND position < ? ORDER BY position DESC LIMIT ? OFFSET ?')
      .all(execution.sid, numericAfterKey(page) ?? Number.MAX_SAFE_INTEGER, page.pageSize + 1, page.offset) as StepRow[];
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.position);
    return c.json(metaPage('steps', `${executionUrl(execution)}/Steps`, c.get('query'), page, {
      rows: pageRows.map((s) => stepResource(execution, s)),
      nextKey,
    }));
  });

  app.get(stepPath, (c) => {
    const execution = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    const step = stepBySid.get(c.req.param('Sid'), execution.sid) as StepRow | undefined;
    if (!step) throw notFound(`/v2/Flows/${execution.flow_sid}/Executions/${execution.sid}/Steps/${c.req.param('Sid')}`);
    return c.json(stepResource(execution, step));
  });

  app.get(`${nestedPath}/Steps/:StepSid{FT[0-9a-fA-F]{32}}/Context`, (c) => {
    const execution = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    const step = stepBySid.get(c.req.param('StepSid'), execution.sid) as StepRow | undefined;
    if (!step) throw notFound(`/v2/Flows/${execution.flow_sid}/Executions/${execution.sid}/Steps/${c.req.param('StepSid')}/Context`);
    return c.json({
      account_sid: execution.account_sid, context: JSON.parse(step.context), execution_sid: execution.sid, flow_sid: execution.flow_sid,
      step_sid: step.sid, url: `${executionUrl(execution)}/Steps/${step.sid}/Context`,
    });
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : truncate(text);
}
