/**
 * The part of Stripe's API v2 the sandbox serves, `/v2/billing` (meter events: routes/v2-meter-events.ts), on the same
 * store as the v1 sub-app (app.ts), which mounts it inside Telnyx's `/v2` (mount.ts, `nestedPrefixes`). Its pipeline
 * is v1's with v2's differences: Request-Id and Stripe-Version on every answer; the secret key, or on the stream a
 * meter event session's token; the shared pacing and faults answering in v2's error shape; the JSON body read once;
 * Idempotency-Key replay (stripe-node sends a key with every v2 POST); due billing settled; then the routes. Unknown
 * paths get a v2 404.
 */
import type { SandboxContext } from '../context';
import { paceLikeCarrier } from '../http/carrier-pace';
import { injectFaults } from '../http/fault-injection';
import { settleDueBilling } from './billing-time/settle-due-billing';
import { idempotentPosts } from './http/idempotency';
import { classifyStripeRequest, stripeRequestHeaders } from './http/pipeline';
import { StripeApiError } from './http/stripe-error';
import { stripeV2ErrorResponse, stripeV2RefusalResponse } from './http/stripe-v2-error';
import { createStripeV2Router, readJsonBody, requireV2Credentials, type StripeV2Env } from './http/v2-pipeline';
import { registerStripeV2MeterEventRoutes } from './routes/v2-meter-events';

/** Renders anything a v2 route threw. */
function renderError(err: Error, method: string, path: string): Response {
  if (err instanceof StripeApiError) return stripeV2ErrorResponse(err);
  // Bad input must never reach here; anything that does is a sandbox bug, reported in Stripe's shape.
  console.error(`[sandbox] ${method} ${path}: ${err.stack ?? err}`);
  return stripeV2ErrorResponse(new StripeApiError(500, 'api_error', 'An unknown error occurred in the sandbox.'));
}

/** Builds the v2 app of one sandbox; `account` is whose concurrency slots its requests take (v1's). */
export function createStripeV2App(ctx: SandboxContext, account: string): { fetch: (request: Request, env?: unknown) => Response | Promise<Response> } {
  const app = createStripeV2Router();
  app.onError((err, c) => renderError(err, c.req.method, c.req.path));
  app.notFound((c) => stripeV2ErrorResponse(new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}). The sandbox serves these API v2 endpoints: POST /v2/billing/meter_event_session, /v2/billing/meter_event_stream, /v2/billing/meter_events and /v2/billing/meter_event_adjustments.`, { code: 'not_found' })));
  app.use('*', stripeRequestHeaders());
  app.use('*', requireV2Credentials(ctx));
  // Before the body is read and faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceLikeCarrier(ctx, { renderRefusal: stripeV2RefusalResponse, classify: classifyStripeRequest, account }));
  app.use('*', injectFaults(ctx, stripeV2RefusalResponse));
  app.use('*', readJsonBody());
  app.use('*', idempotentPosts<StripeV2Env>(ctx, (c) => c.get('bodyText')));
  app.use('*', settleDueBilling(ctx));
  registerStripeV2MeterEventRoutes(app, ctx);
  return { fetch: app.fetch };
}
