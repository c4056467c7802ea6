/**
 * The Twilio sub-app: Twilio's products under their host names as path prefixes (`/api/2010-04-01/...`,
 * `/studio/v2/...`, `/pricing/v1/...`), behind Basic auth, Twilio's pacing and fault injection, with Twilio-shaped
 * errors for everything that fails, unknown paths under its prefixes included.
 */
import { Hono } from 'hono';
import { TWILIO_DOMAINS, type SandboxContext } from './context';
import { hasSandboxCredentials } from './http/basic-auth';
import { paceLikeCarrier } from './http/carrier-pace';
import { injectFaults } from './http/fault-injection';
import type { SandboxApp, SandboxEnv } from './http/hono-env';
import { Params } from './http/params';
import { TwilioApiError, TwilioErrorCode, errorResponse, notFound, twilioRefusalResponse } from './http/twilio-error';
import type { SandboxSubApp } from './mount';
import { registerAddressRoutes } from './routes/addresses';
import { registerAvailablePhoneNumberRoutes } from './routes/available-phone-numbers';
import { registerCallRoutes } from './routes/calls';
import { registerIncomingPhoneNumberRoutes } from './routes/incoming-phone-numbers';
import { registerPricingRoutes } from './routes/pricing';
import { registerStudioExecutionRoutes } from './routes/studio-executions';
import { registerStudioFlowRoutes } from './routes/studio-flows';
import { registerUsageRoutes } from './routes/usage';

/**
 * Every Twilio product host is a prefix (`/numbers`, `/trunking`, … too), so a Twilio client asking for something
 * the sandbox does not serve still gets Twilio's 401 or 404, never another API's answer.
 */
export const TWILIO_PREFIXES = TWILIO_DOMAINS.map((domain) => `/${domain}`);

/** Builds the Twilio sub-app for one sandbox. */
export function createTwilioApp(ctx: SandboxContext): SandboxSubApp {
  // Twilio's v2010 paths end in `.json`; routing on the path without it keeps every route pattern readable.
  const app: SandboxApp = new Hono<SandboxEnv>({
    getPath: (req) => {
      const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
      return path.endsWith('.json') ? path.slice(0, -5) : path;
    },
  });

  app.onError((err, c) => {
    if (err instanceof TwilioApiError) return errorResponse(err);
    // Bad input must never reach here; anything that does is a sandbox bug, reported in Twilio's shape.
    console.error(`[sandbox] ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? err}`);
    return errorResponse(new TwilioApiError(500, TwilioErrorCode.internal, 'Internal sandbox error'));
  });
  app.notFound((c) => errorResponse(notFound(new URL(c.req.url).pathname)));

  app.use('*', async (c, next) => {
    if (!hasSandboxCredentials(c.req.header('authorization'), ctx)) {
      throw new TwilioApiError(401, TwilioErrorCode.authentication, 'Authentication Error - invalid username');
    }
    await next();
  });
  // Before the body is read and the faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceLikeCarrier(ctx, { renderRefusal: twilioRefusalResponse }));
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    c.set('query', url.searchParams);
    c.set('params', c.req.method === 'POST' ? Params.fromForm(await c.req.text()) : new Params(url.searchParams));
    await next();
  });
  app.use('*', injectFaults(ctx, twilioRefusalResponse));

  app.use('/api/2010-04-01/Accounts/:AccountSid/*', async (c, next) => {
    if (c.req.param('AccountSid') !== ctx.accountSid) {
      throw new TwilioApiError(401, TwilioErrorCode.authentication, 'Authentication Error - account SID in the path does not match the credentials');
    }
    await next();
  });

  registerAvailablePhoneNumberRoutes(app, ctx);
  registerIncomingPhoneNumberRoutes(app, ctx);
  registerAddressRoutes(app, ctx);
  registerStudioFlowRoutes(app, ctx);
  registerStudioExecutionRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  registerUsageRoutes(app, ctx);
  registerPricingRoutes(app, ctx);
  return { name: 'twilio', prefixes: TWILIO_PREFIXES, fetch: app.fetch };
}
