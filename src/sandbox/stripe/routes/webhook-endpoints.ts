/**
 * `/v1/webhook_endpoints`: where events go. The signing secret (`whsec_…`) is in the create answer only, as on
 * Stripe; `enabled_events` lists event types or `*` for all; `disabled: true` stops deliveries without deleting.
 */
import type { SandboxContext } from '../../context';
import type { StoredWebhookEndpoint } from '../events/event-publisher';
import { newSecret, newStripeId } from '../ids';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata, type StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, resourceMissing } from '../http/stripe-error';

/** The endpoint as served after its creation: without its secret. */
function served(endpoint: StoredWebhookEndpoint): Omit<StoredWebhookEndpoint, 'secret'> {
  const { secret: _secret, ...rest } = endpoint;
  return rest;
}

function readUrl(params: StripeParams, required: boolean): string | undefined {
  const url = params.string('url', { required, maxLength: 2048 });
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw invalidParam('url', `Invalid URL: ${url.slice(0, 100)}. URLs must begin with http:// or https://`, 'url_invalid');
  return url;
}

function readEnabledEvents(params: StripeParams, required: boolean): string[] | undefined {
  const events = params.strings('enabled_events', { required, maxItems: 500, maxLength: 200 });
  if (events === undefined) return undefined;
  if (events.length === 0) throw invalidParam('enabled_events', 'Invalid enabled_events: list at least one event type, or * for all of them.');
  events.forEach((e, i) => {
    if (e !== '*' && !/^[a-z_]+(\.[a-z_]+)+$/.test(e)) throw invalidParam(`enabled_events[${i}]`, `Invalid enabled_events[${i}]: "${e.slice(0, 60)}" is not an event type such as invoice.paid, nor *`);
  });
  return [...new Set(events)];
}

/** Registers the routes. */
export function registerStripeWebhookEndpointRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const find = (id: string) => {
    const endpoint = store.get<StoredWebhookEndpoint>('webhook_endpoint', id);
    if (!endpoint) throw resourceMissing('webhook_endpoint', id);
    return endpoint;
  };

  app.post('/webhook_endpoints', (c) => {
    const params = c.get('params').allowOnly(['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect']);
    const endpoint: StoredWebhookEndpoint = {
      id: newStripeId('we'),
      object: 'webhook_endpoint',
      api_version: params.string('api_version', { maxLength: 100 }) ?? null,
      application: null,
      created: ctx.stripe.timeOf(),
      description: params.nullableString('description', { maxLength: 5000 }) ?? null,
      enabled_events: readEnabledEvents(params, true)!,
      livemode: false,
      metadata: applyMetadata({}, params.metadata()),
      secret: newSecret('whsec'),
      status: 'enabled',
      url: readUrl(params, true)!,
    };
    params.boolean('connect');
    store.insert(endpoint);
    return respond(ctx, c, endpoint);
  });

  app.get('/webhook_endpoints', (c) => {
    const request = readListRequest(c.get('params'));
    const page = listObjects<StoredWebhookEndpoint>(store, { type: 'webhook_endpoint' }, request, '/v1/webhook_endpoints');
    return respond(ctx, c, { ...page, data: page.data.map(served) });
  });

  app.get('/webhook_endpoints/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, served(find(c.req.param('id'))));
  });

  app.post('/webhook_endpoints/:id', (c) => {
    const endpoint = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['url', 'enabled_events', 'description', 'metadata', 'disabled']);
    const disabled = params.boolean('disabled');
    const description = params.nullableString('description', { maxLength: 5000 });
    const updated: StoredWebhookEndpoint = {
      ...endpoint,
      url: readUrl(params, false) ?? endpoint.url,
      enabled_events: readEnabledEvents(params, false) ?? endpoint.enabled_events,
      description: description === undefined ? endpoint.description : description,
      metadata: applyMetadata(endpoint.metadata as Record<string, string>, params.metadata()),
      status: disabled === undefined ? endpoint.status : disabled ? 'disabled' : 'enabled',
    };
    store.update(updated);
    return respond(ctx, c, served(updated));
  });

  app.delete('/webhook_endpoints/:id', (c) => {
    c.get('params').allowOnly([]);
    const endpoint = find(c.req.param('id'));
    store.delete(endpoint.id);
    return respond(ctx, c, { id: endpoint.id, object: 'webhook_endpoint', deleted: true });
  });
}
