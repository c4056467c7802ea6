/**
 * The Stripe part of the sandbox's control API, at `/_sandbox/stripe` (not part of Stripe's API): the meter event
 * stream's error reports, the facts Stripe would send in `v1.billing.meter.error_report_triggered` events for stream
 * events it could not count (metering/meter-error-reports.ts). It accepts either credential (the Stripe secret key
 * as Bearer, or the sandbox's account SID and auth token as Basic), so a Stripe-only user needs nothing else.
 */
import { Hono } from 'hono';
import type { SandboxContext } from '../context';
import { hasSandboxCredentials } from '../http/basic-auth';
import { presentedKey } from './http/pipeline';
import { StripeApiError, stripeErrorResponse } from './http/stripe-error';

/** Builds the control sub-app (mounted at `/_sandbox/stripe`). */
export function createStripeControlApp(ctx: SandboxContext): Hono {
  const app = new Hono();
  const reports = ctx.stripe.billing.metering.errorReports;
  app.onError((err) => {
    if (err instanceof StripeApiError) return stripeErrorResponse(err);
    console.error(`[sandbox] stripe control: ${(err as Error).stack ?? err}`);
    return stripeErrorResponse(new StripeApiError(500, 'api_error', 'An unknown error occurred in the sandbox.'));
  });
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization');
    if (!hasSandboxCredentials(header, ctx) && presentedKey(header) !== ctx.stripe.secretKey) throw new StripeApiError(401, 'invalid_request_error', 'Send the Stripe secret key as Bearer, or the sandbox account SID and auth token as Basic.');
    await next();
  });
  app.get('/meter_event_errors', (c) => c.json(reports.describe()));
  app.delete('/meter_event_errors', (c) => {
    reports.clear();
    return c.json(reports.describe());
  });
  return app;
}
