/** Studio v2 Flows: create, update (each a new revision), publish, fetch, list, delete, revisions and Validate. */
import type { SandboxContext } from '../context';
import { canonicalBase } from '../context';
import type { SandboxApp } from '../http/hono-env';
import { iso8601 } from '../http/dates';
import { metaPage, numericAfterKey, readPageRequest, splitPage } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { TwilioApiError, TwilioErrorCode, invalidParameter, notFound } from '../http/twilio-error';
import { validateFlowDefinition, type FlowValidation } from '../studio/validate-flow';
import type { FlowRow, RevisionRow } from '../store/flows-repository';

const STATUSES = ['draft', 'published'] as const;
const STUDIO = canonicalBase('studio');

/** Reads and checks Definition: JSON text that must satisfy the flow rules before it may be published. */
function readDefinition(params: Params, required: boolean): { definition: unknown; validation: FlowValidation } | undefined {
  const raw = required ? params.required('Definition', { maxLength: 5_000_000 }) : params.string('Definition', { maxLength: 5_000_000 });
  if (raw === undefined) return undefined;
  let definition: unknown;
  try {
    definition = JSON.parse(raw);
  } catch (e) {
    throw invalidParameter('Definition', `is not valid JSON (${(e as Error).message})`);
  }
  return { definition, validation: validateFlowDefinition(definition) };
}

function invalidFlow(validation: FlowValidation): TwilioApiError {
  const first = validation.errors[0];
  return new TwilioApiError(400, TwilioErrorCode.flowInvalid, `Invalid Flow Definition: ${first.message}`, {
    errors: validation.errors.map((e) => ({ message: e.message, property_path: e.path })),
    warnings: validation.warnings.map((e) => ({ message: e.message, property_path: e.path })),
  });
}

function problems(list: FlowValidation['errors']) {
  return list.map((p) => ({ message: p.message, property_path: p.path }));
}

/** The revision row recording a flow as it now stands (its friendly name, status and revision number). */
function revisionRow(flow: FlowRow, params: Params, definition: unknown, validation: FlowValidation): RevisionRow {
  return {
    flow_sid: flow.sid, revision: flow.revision, friendly_name: flow.friendly_name, status: flow.status, definition: JSON.stringify(definition),
    commit_message: params.string('CommitMessage', { maxLength: 1000 }) ?? null, valid: validation.valid ? 1 : 0,
    errors: JSON.stringify(problems(validation.errors)), warnings: JSON.stringify(problems(validation.warnings)), date_created: flow.date_updated,
  };
}

/** The sandbox has one user, the account itself; its user SID mirrors the account SID. */
function authorSid(ctx: SandboxContext): string {
  return `US${ctx.accountSid.slice(2)}`;
}

function flowResource(ctx: SandboxContext, flow: FlowRow, rev: RevisionRow | null) {
  const url = `${STUDIO}/v2/Flows/${flow.sid}`;
  return {
    sid: flow.sid,
    account_sid: flow.account_sid,
    author_sid: authorSid(ctx),
    friendly_name: flow.friendly_name,
    definition: rev ? JSON.parse(rev.definition) : null,
    status: flow.status,
    revision: flow.revision,
    commit_message: rev ? rev.commit_message : null,
    valid: rev ? rev.valid === 1 : true,
    errors: rev ? JSON.parse(rev.errors) : [],
    warnings: rev ? JSON.parse(rev.warnings) : [],
    date_created: iso8601(flow.date_created),
    date_updated: iso8601(flow.date_updated),
    webhook_url: `https://webhooks.twilio.com/v1/Accounts/${ctx.accountSid}/Flows/${flow.sid}`,
    url,
    links: { test_users: `${url}/TestUsers`, revisions: `${url}/Revisions`, executions: `${url}/Executions` },
  };
}

function revisionResource(ctx: SandboxContext, rev: RevisionRow, withDefinition: boolean) {
  const url = `${STUDIO}/v2/Flows/${rev.flow_sid}/Revisions/${rev.revision}`;
  return {
    sid: rev.flow_sid,
    account_sid: ctx.accountSid,
    author_sid: authorSid(ctx),
    friendly_name: rev.friendly_name,
    definition: withDefinition ? JSON.parse(rev.definition) : null,
    status: rev.status,
    revision: rev.revision,
    commit_message: rev.commit_message,
    valid: rev.valid === 1,
    errors: JSON.parse(rev.errors),
    date_created: iso8601(rev.date_created),
    date_updated: iso8601(rev.date_created),
    url,
  };
}

/** Registers the Studio v2 Flow routes. */
export function registerStudioFlowRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/studio/v2/Flows';
  const sidPattern = ':Sid{FW[0-9a-fA-F]{32}}';
  const load = (sid: string) => {
    const flow = ctx.flows.find(ctx.accountSid, sid);
    if (!flow) throw notFound(`/v2/Flows/${sid}`);
    return flow;
  };

  app.post(`${base}/Validate`, (c) => {
    const params = c.get('params');
    params.required('FriendlyName', { maxLength: 255 });
    params.oneOf('Status', STATUSES) ?? params.required('Status');
    const { validation } = readDefinition(params, true)!;
    if (!validation.valid) throw invalidFlow(validation);
    return c.json({ valid: true });
  });

  app.post(base, (c) => {
    const params = c.get('params');
    const friendlyName = params.required('FriendlyName', { maxLength: 255 });
    const status = params.oneOf('Status', STATUSES) ?? (params.required('Status') as never);
    const { definition, validation } = readDefinition(params, true)!;
    // A draft may be saved while invalid (the console does this); a published flow must be valid.
    if (status === 'published' && !validation.valid) throw invalidFlow(validation);
    const now = ctx.now();
    const flow: FlowRow = { sid: newSid('FW'), account_sid: ctx.accountSid, friendly_name: friendlyName, status, revision: 1, date_created: now, date_updated: now, seq: ctx.nextSeq('flows') };
    const rev = revisionRow(flow, params, definition, validation);
    ctx.flows.create(flow, rev);
    return c.json(flowResource(ctx, flow, rev), 201);
  });

  app.get(base, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const rows = ctx.flows.list(ctx.accountSid, numericAfterKey(page) ?? 0, page.pageSize, page.offset);
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    // The list omits definitions, as Twilio's does: fetch a flow to get it.
    const items = pageRows.map((f) => ({ ...flowResource(ctx, f, ctx.flows.revision(f.sid, f.revision)!), definition: null }));
    return c.json(metaPage('flows', `${STUDIO}/v2/Flows`, c.get('query'), page, { rows: items, nextKey }));
  });

  app.get(`${base}/${sidPattern}`, (c) => {
    const flow = load(c.req.param('Sid'));
    return c.json(flowResource(ctx, flow, ctx.flows.revision(flow.sid, flow.revision)!));
  });

  app.post(`${base}/${sidPattern}`, (c) => {
    const params = c.get('params');
    const flow = load(c.req.param('Sid'));
    const status = params.oneOf('Status', STATUSES) ?? (params.required('Status') as never);
    const friendlyName = params.string('FriendlyName', { maxLength: 255 }) ?? flow.friendly_name;
    const previous = ctx.flows.revision(flow.sid, flow.revision)!;
    const parsed = readDefinition(params, false);
    const definition = parsed ? parsed.definition : JSON.parse(previous.definition);
    const validation = parsed ? parsed.validation : validateFlowDefinition(definition);
    if (status === 'published' && !validation.valid) throw invalidFlow(validation);
    const now = ctx.now();
    const next: FlowRow = { ...flow, friendly_name: friendlyName, status, revision: flow.revision + 1, date_updated: now };
    const rev = revisionRow(next, params, definition, validation);
    ctx.flows.saveRevision(next, rev);
    return c.json(flowResource(ctx, next, rev));
  });

  app.delete(`${base}/${sidPattern}`, (c) => {
    const flow = load(c.req.param('Sid'));
    ctx.flows.delete(flow.sid);
    return c.body(null, 204);
  });

  app.get(`${base}/${sidPattern}/Revisions`, (c) => {
    const flow = load(c.req.param('Sid'));
    const page = readPageRequest(c.get('params'));
    // Newest first, as the console lists them.
    const after = numericAfterKey(page) ?? flow.revision + 1;
    const rows = ctx.flows.listRevisions(flow.sid, after, page.pageSize, page.offset);
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.revision);
    return c.json(metaPage('revisions', `${STUDIO}/v2/Flows/${flow.sid}/Revisions`, c.get('query'), page, {
      rows: pageRows.map((r) => revisionResource(ctx, r, false)),
      nextKey,
    }));
  });

  app.get(`${base}/${sidPattern}/Revisions/:Revision`, (c) => {
    const flow = load(c.req.param('Sid'));
    const wanted = c.req.param('Revision');
    let rev: RevisionRow | undefined;
    if (wanted === 'LatestPublished') {
      rev = ctx.flows.latestPublishedRevision(flow.sid);
    } else if (wanted === 'LatestRevision') {
      rev = ctx.flows.revision(flow.sid, flow.revision)!;
    } else if (/^\d{1,9}$/.test(wanted)) {
      rev = ctx.flows.revision(flow.sid, Number(wanted));
    }
    if (!rev) throw notFound(`/v2/Flows/${flow.sid}/Revisions/${wanted}`);
    return c.json(revisionResource(ctx, rev, true));
  });
}
