/**
 * The Telnyx API v2 sub-app, mounted at `/v2` so the official SDK reaches it with `baseURL: '<sandbox>/v2'`. It has
 * its own authentication (Bearer API key) and error shape; the sandbox's shared middleware paces it (latency profile,
 * concurrency limit, request tally) and injects faults into it as it does for the Twilio products, answering their
 * refusals in Telnyx's shape.
 */
import type { SandboxContext } from '../context';
import { paceLikeCarrier } from '../http/carrier-pace';
import { injectFaults } from '../http/fault-injection';
import type { SandboxSubApp } from '../mount';
import { classifyTelnyxRequest, requireTelnyxKey, settleDueOrders } from './http/pipeline';
import { createTelnyxRouter, TELNYX_PREFIX } from './http/router';
import { resourceNotFound, TelnyxApiError, telnyxError, TelnyxErrorCode, telnyxErrorResponse, telnyxRefusalResponse } from './http/telnyx-error';
import { registerTelnyxAddressRoutes } from './routes/addresses';
import { registerTelnyxAvailableNumberRoutes } from './routes/available-phone-numbers';
import { registerTelnyxCallControlApplicationRoutes } from './routes/call-control-applications';
import { registerTelnyxDetailRecordRoutes } from './routes/detail-records';
import { registerTelnyxNumberOrderRoutes } from './routes/number-orders';
import { registerTelnyxPhoneNumberRoutes } from './routes/phone-numbers';
import { registerTelnyxPhoneNumberVoiceRoutes } from './routes/phone-number-voice';
import { registerTelnyxSipConnectionRoutes } from './routes/sip-connections';

/** Renders anything a Telnyx route threw. */
function renderError(err: Error, method: string, path: string): Response {
  if (err instanceof TelnyxApiError) return telnyxErrorResponse(err);
  // Bad input must never reach here; anything that does is a sandbox bug, reported in Telnyx's shape.
  console.error(`[sandbox] ${method} ${path}: ${err.stack ?? err}`);
  return telnyxErrorResponse(telnyxError(500, TelnyxErrorCode.unexpected, 'Internal sandbox error'));
}

/** Builds the Telnyx sub-app for one sandbox. */
export function createTelnyxApp(ctx: SandboxContext): SandboxSubApp {
  const app = createTelnyxRouter();
  app.onError((err, c) => renderError(err, c.req.method, c.req.path));
  // Unknown paths under /v2 get Telnyx's 404 (after authentication and pacing, as on Telnyx), never the Twilio app's.
  app.notFound((c) => telnyxErrorResponse(resourceNotFound(`The path ${new URL(c.req.url).pathname}`)));
  app.use('*', requireTelnyxKey(ctx));
  // Before the body is read and faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceLikeCarrier(ctx, { renderRefusal: telnyxRefusalResponse, classify: classifyTelnyxRequest, account: ctx.telnyx.accountId }));
  app.use('*', injectFaults(ctx, telnyxRefusalResponse));
  app.use('*', settleDueOrders(ctx));

  registerTelnyxAvailableNumberRoutes(app, ctx);
  registerTelnyxNumberOrderRoutes(app, ctx);
  registerTelnyxPhoneNumberVoiceRoutes(app, ctx);
  registerTelnyxPhoneNumberRoutes(app, ctx);
  registerTelnyxAddressRoutes(app, ctx);
  registerTelnyxCallControlApplicationRoutes(app, ctx);
  registerTelnyxSipConnectionRoutes(app, ctx);
  registerTelnyxDetailRecordRoutes(app, ctx);
  return { name: 'telnyx', prefixes: [TELNYX_PREFIX], fetch: app.fetch };
}
