/**
 * The Telnyx API v2 sub-app, mounted at `/v2` so the official SDK reaches it with `baseURL: '<sandbox>/v2'`. It has
 * its own authentication (Bearer API key) and error shape; the sandbox's faults, latency profile, concurrency limit
 * and request tally apply to it as they do to the Twilio products.
 */
import { Hono } from 'hono';
import type { SandboxContext } from '../context';
import { injectTelnyxFaults, paceTelnyx, requireTelnyxKey, settleDueOrders } from './http/pipeline';
import { resourceNotFound, TelnyxApiError, telnyxError, TelnyxErrorCode, telnyxErrorResponse } from './http/telnyx-error';
import { registerTelnyxAvailableNumberRoutes } from './routes/available-phone-numbers';
import { registerTelnyxNumberOrderRoutes } from './routes/number-orders';
import { registerTelnyxPhoneNumberRoutes } from './routes/phone-numbers';
import { registerTelnyxPhoneNumberVoiceRoutes } from './routes/phone-number-voice';
import { registerTelnyxAddressRoutes } from './routes/addresses';
import { registerTelnyxCallControlApplicationRoutes } from './routes/call-control-applications';
import { registerTelnyxDetailRecordRoutes } from './routes/detail-records';

/** Renders anything a Telnyx route threw. */
function renderError(err: Error, method: string, path: string): Response {
  if (err instanceof TelnyxApiError) return telnyxErrorResponse(err);
  // Bad input must never reach here; anything that does is a sandbox bug, reported in Telnyx's shape.
  console.error(`[sandbox] ${method} ${path}: ${err.stack ?? err}`);
  return telnyxErrorResponse(telnyxError(500, TelnyxErrorCode.unexpected, 'Internal sandbox error'));
}

/** Builds the Telnyx sub-app for one sandbox. */
export function createTelnyxApp(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.onError((err, c) => renderError(err, c.req.method, c.req.path));
  app.use('*', requireTelnyxKey(ctx));
  // Before the body is read and faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceTelnyx(ctx));
  app.use('*', injectTelnyxFaults(ctx));
  app.use('*', settleDueOrders(ctx));

  registerTelnyxAvailableNumberRoutes(app, ctx);
  registerTelnyxNumberOrderRoutes(app, ctx);
  registerTelnyxPhoneNumberVoiceRoutes(app, ctx);
  registerTelnyxPhoneNumberRoutes(app, ctx);
  registerTelnyxAddressRoutes(app, ctx);
  registerTelnyxCallControlApplicationRoutes(app, ctx);
  registerTelnyxDetailRecordRoutes(app, ctx);
  // Last, so that unknown paths under /v2 get Telnyx's 404 rather than the Twilio app's.
  app.all('*', (c) => {
    throw resourceNotFound(`The path ${new URL(c.req.url).pathname}`);
  });
  return app;
}
