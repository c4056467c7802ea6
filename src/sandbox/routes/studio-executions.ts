/**
 * Studio v2 Executions: each POST runs the flow's live (latest published) revision for one simulated incoming call,
 * synchronously, and stores the execution, its steps and their contexts for the list, fetch, context, update and
 * delete routes. The caller, the time, the key presses and the dial outcomes come from `Parameters.didops_simulation`.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
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
import { readParameters, readSimulation } from '../studio/simulation-request';
import type { ExecutionRow, StepRow } from '../store/flow-executions-repository';

/** What a step's `transitioned_to` says when the flow ended there, as Studio writes it. */
const ENDED_STATE = 'Ended';

const STUDIO = canonicalBase('studio');
const EXECUTION_STATUSES = ['active', 'ended'] as const;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

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

  const loadFlow = (flowSid: string): string => {
    if (!ctx.flows.find(ctx.accountSid, flowSid)) throw notFound(`/v2/Flows/${flowSid}`);
    return flowSid;
  };
  const loadExecution = (flowSid: string, sid: string): ExecutionRow => {
    loadFlow(flowSid);
    const row = ctx.flowExecutions.find(flowSid, sid);
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
    const live = ctx.flows.latestPublishedRevision(flowSid);
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
    const steps: StepRow[] = result.steps.map((step, i) => ({
      sid: newSid('FT'), execution_sid: row.sid, position: i + 1, name: step.name, transitioned_from: step.transitionedFrom,
      transitioned_to: step.transitionedTo ?? ENDED_STATE, type: step.type, context: JSON.stringify(step.context), date_created: now,
    }));
    const seq = ctx.flowExecutions.insert(row, steps);
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
    const rows = ctx.flowExecutions.list(flowSid, {
      status: status ?? null, createdFrom: from ?? null, createdBefore: until ?? null,
      beforeSeq: numericAfterKey(page) ?? Number.MAX_SAFE_INTEGER, offset: page.offset, limit: page.pageSize,
    });
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
    ctx.flowExecutions.end(row.sid, now);
    return c.json(executionResource({ ...row, status: 'ended', date_updated: now }));
  });

  app.delete(executionPath, (c) => {
    const row = loadExecution(c.req.param('FlowSid'), c.req.param('Sid'));
    ctx.flowExecutions.delete(row.sid);
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
    const rows = ctx.flowExecutions.listSteps(execution.sid, numericAfterKey(page) ?? Number.MAX_SAFE_INTEGER, page.pageSize, page.offset);
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.position);
    return c.json(metaPage('steps', `${executionUrl(execution)}/Steps`, c.get('query'), page, {
      rows: pageRows.map((s) => stepResource(execution, s)),
      nextKey,
    }));
  });

  app.get(stepPath, (c) => {
    const execution = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    const step = ctx.flowExecutions.findStep(execution.sid, c.req.param('Sid'));
    if (!step) throw notFound(`/v2/Flows/${execution.flow_sid}/Executions/${execution.sid}/Steps/${c.req.param('Sid')}`);
    return c.json(stepResource(execution, step));
  });

  app.get(`${nestedPath}/Steps/:StepSid{FT[0-9a-fA-F]{32}}/Context`, (c) => {
    const execution = loadExecution(c.req.param('FlowSid'), c.req.param('ExecutionSid'));
    const step = ctx.flowExecutions.findStep(execution.sid, c.req.param('StepSid'));
    if (!step) throw notFound(`/v2/Flows/${execution.flow_sid}/Executions/${execution.sid}/Steps/${c.req.param('StepSid')}/Context`);
    return c.json({
      account_sid: execution.account_sid, context: JSON.parse(step.context), execution_sid: execution.sid, flow_sid: execution.flow_sid,
      step_sid: step.sid, url: `${executionUrl(execution)}/Steps/${step.sid}/Context`,
    });
  });
}
