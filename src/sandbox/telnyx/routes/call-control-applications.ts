/**
 * `/v2/call_control_applications`: where a number's calls go. A number's `connection_id` names one, and Telnyx sends
 * the call's events to its `webhook_event_url`. SIP connections, the other kind a number can point at, are in
 * sip-connections.ts.
 */
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import type { TelnyxDocumentRow } from '../../store/telnyx-documents-repository';
import { JsonFields, readJsonObject } from '../http/json-body';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import { resourceNotFound } from '../http/telnyx-error';
import { refuseWhileRouting } from '../connections';
import { numericId, telnyxTime } from '../ids';

const ANCHORSITES = ['Latency', 'Chicago, IL', 'Ashburn, VA', 'San Jose, CA', 'London, UK', 'Chennai, IN', 'Amsterdam, Netherlands', 'Toronto, Canada', 'Sydney, Australia'] as const;

interface Application {
  application_name: string;
  webhook_event_url: string;
  webhook_event_failover_url: string | null;
  webhook_api_version: '1' | '2';
  webhook_timeout_secs: number | null;
  active: boolean;
  anchorsite_override: (typeof ANCHORSITES)[number];
  dtmf_type: 'RFC 2833' | 'Inband' | 'SIP INFO';
  first_command_timeout: boolean;
  first_command_timeout_secs: number;
  call_cost_in_webhooks: boolean;
  redact_dtmf_debug_logging: boolean;
  tags: string[];
  inbound: { channel_limit: number | null; shaken_stir_enabled: boolean; sip_subdomain: string | null; sip_subdomain_receive_settings: 'only_my_connections' | 'from_anyone' };
  outbound: { channel_limit: number | null; outbound_voice_profile_id: string | null };
}

const DEFAULTS: Omit<Application, 'application_name' | 'webhook_event_url'> = {
  webhook_event_failover_url: null, webhook_api_version: '2', webhook_timeout_secs: null, active: true, anchorsite_override: 'Latency',
  dtmf_type: 'RFC 2833', first_command_timeout: false, first_command_timeout_secs: 30, call_cost_in_webhooks: false,
  redact_dtmf_debug_logging: false, tags: [],
  inbound: { channel_limit: null, shaken_stir_enabled: false, sip_subdomain: null, sip_subdomain_receive_settings: 'from_anyone' },
  outbound: { channel_limit: null, outbound_voice_profile_id: null },
};

function applyFields(body: JsonFields, current: Application | undefined): Application {
  // Create and update both require the name and the URL, as the SDK's types say.
  const next: Application = {
    ...DEFAULTS, ...current,
    application_name: body.string('application_name', { required: true, maxLength: 255 }) as string,
    webhook_event_url: body.url('webhook_event_url', { required: true }) as string,
  };
  if (body.has('webhook_event_failover_url')) next.webhook_event_failover_url = body.url('webhook_event_failover_url') ?? null;
  next.webhook_api_version = body.oneOf('webhook_api_version', ['1', '2'] as const) ?? next.webhook_api_version;
  const timeout = body.integer('webhook_timeout_secs', { min: 0, max: 30, nullable: true });
  if (timeout !== undefined) next.webhook_timeout_secs = timeout;
  const firstTimeout = body.integer('first_command_timeout_secs', { min: 1, max: 120 });
  if (firstTimeout !== undefined && firstTimeout !== null) next.first_command_timeout_secs = firstTimeout;
  next.active = body.boolean('active') ?? next.active;
  next.anchorsite_override = body.oneOf('anchorsite_override', ANCHORSITES) ?? next.anchorsite_override;
  next.dtmf_type = body.oneOf('dtmf_type', ['RFC 2833', 'Inband', 'SIP INFO'] as const) ?? next.dtmf_type;
  next.first_command_timeout = body.boolean('first_command_timeout') ?? next.first_command_timeout;
  next.call_cost_in_webhooks = body.boolean('call_cost_in_webhooks') ?? next.call_cost_in_webhooks;
  next.redact_dtmf_debug_logging = body.boolean('redact_dtmf_debug_logging') ?? next.redact_dtmf_debug_logging;
  next.tags = body.stringArray('tags', { maxItems: 50, maxLength: 255 }) ?? next.tags;
  return next;
}

function resource(row: TelnyxDocumentRow) {
  return { id: row.id, record_type: 'call_control_application', ...(JSON.parse(row.data) as Application), created_at: telnyxTime(row.created_at), updated_at: telnyxTime(row.updated_at) };
}

/** Registers the call control application routes. */
export function registerTelnyxCallControlApplicationRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  const { applications } = ctx.telnyx;
  const load = (id: string) => {
    const row = applications.findById(id);
    if (!row) throw resourceNotFound(`Call control application ${id}`);
    return row;
  };

  app.post('/call_control_applications', async (c) => {
    const data = applyFields(new JsonFields(await readJsonObject(c)), undefined);
    const now = ctx.now();
    const row = { id: numericId(), data: JSON.stringify(data), created_at: now, updated_at: now };
    applications.insert(row);
    return c.json({ data: resource({ ...row, seq: 0 }) });
  });

  app.get('/call_control_applications/:id{[0-9]+}', (c) => c.json({ data: resource(load(c.req.param('id'))) }));

  app.patch('/call_control_applications/:id{[0-9]+}', async (c) => {
    const row = load(c.req.param('id'));
    const data = applyFields(new JsonFields(await readJsonObject(c)), JSON.parse(row.data) as Application);
    const now = ctx.now();
    applications.update(row.id, JSON.stringify(data), now);
    return c.json({ data: resource({ ...row, data: JSON.stringify(data), updated_at: now }) });
  });

  app.delete('/call_control_applications/:id{[0-9]+}', (c) => {
    const row = load(c.req.param('id'));
    refuseWhileRouting(ctx, row.id, `Call control application ${row.id}`);
    applications.delete(row.id);
    return c.json({ data: resource(row) });
  });

  app.get('/call_control_applications', (c) => {
    const query = new TelnyxQuery(new URL(c.req.url).searchParams);
    const page = readPage(query);
    const nameContains = query.string('filter[application_name][contains]');
    const all = applications.page(0, Number.MAX_SAFE_INTEGER).rows.map(resource)
      .filter((a) => nameContains === undefined || a.application_name.toLowerCase().includes(nameContains.toLowerCase()));
    return c.json({ data: all.slice(page.offset, page.offset + page.size), meta: pageMeta(page, all.length) });
  });
}
