/**
 * The sandbox HTTP app: Twilio's products under path prefixes (`/api/2010-04-01/...`, `/studio/v2/...`,
 * `/pricing/v1/...`), behind Basic auth and fault injection, with Twilio-shaped errors for everything that fails.
 */
import { Hono } from 'hono';
import type { SandboxContext } from './context';
import type { FaultDecision } from './faults';
import { Params } from './http/params';
import type { SandboxEnv } from './http/hono-env';
import { paceLikeTwilio } from './http/carrier-pace';
import { holdAnswer } from './http/hold-answer';
import { TwilioApiError, TwilioErrorCode, notFound } from './http/twilio-error';
import { registerAvailablePhoneNumberRoutes } from './routes/available-phone-numbers';
import { registerIncomingPhoneNumberRoutes } from './routes/incoming-phone-numbers';
import { registerAddressRoutes } from './routes/addresses';
import { registerStudioFlowRoutes } from './routes/studio-flows';
import { registerStudioExecutionRoutes } from './routes/studio-executions';
import { registerCallRoutes } from './routes/calls';
import { registerUsageRoutes } from './routes/usage';
import { registerPricingRoutes } from './routes/pricing';
import { registerAdminRoutes } from './routes/admin';
import type { TrafficSwitch } from './traffic';
import { createTelnyxApp } from './telnyx/app';
import { createTelnyxControlApp } from './telnyx/control-app';

/** Renders a Twilio error as the HTTP response Twilio would send. */
export function errorResponse(err: TwilioApiError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...err.headers };
  if (err.status === 401) headers['www-authenticate'] = 'Basic realm="Twilio API"';
  return new Response(JSON.stringify(err.toBody()), { status: err.status, headers });
}

function authenticate(header: string | undefined, ctx: SandboxContext): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === ctx.accountSid && decoded.slice(colon + 1) === ctx.authToken;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the app for one sandbox. */
export function createSandboxApp(ctx: SandboxContext, traffic: TrafficSwitch): Hono<SandboxEnv> {
  // Twilio's v2010 paths end in `.json`; routing on the path without it keeps every route pattern readable.
  const app = new Hono<SandboxEnv>({
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

  app.get('/', (c) =>
    c.json({ name: 'didops sandbox', products: ['api', 'studio', 'pricing'], admin: '/_sandbox', account_sid: ctx.accountSid }),
  );
  app.get('/_sandbox/health', (c) => c.json({ ok: true }));

  // Telnyx API v2 and its controls, before the Twilio Basic-auth middleware: they authenticate on their own.
  app.route('/v2', createTelnyxApp(ctx));
  app.route('/_sandbox/telnyx', createTelnyxControlApp(ctx));

  app.use('*', async (c, next) => {
    if (!authenticate(c.req.header('authorization'), ctx)) {
      throw new TwilioApiError(401, TwilioErrorCode.authentication, 'Authentication Error - invalid username');
    }
    await next();
  });
  // Before the body is read and the faults are decided: a concurrency 429 promises the request did no work.
  app.use('*', paceLikeTwilio(ctx));
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    c.set('query', url.searchParams);
    if (c.req.method === 'POST') {
      const body = await c.req.text();
      c.set('params', Params.fromForm(body));
    } else {
      c.set('params', new Params(url.searchParams));
    }
    // The control API is exempt: a rule matching everything must not lock out the request that removes it.
    const decision: FaultDecision = url.pathname.startsWith('/_sandbox/') ? { latencyMs: 0, responseDelayMs: 0 } : ctx.faults.decide(c.req.method, url.pathname);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const failure = decision.failure;
    const injected = () =>
      new TwilioApiError(
        failure!.status,
        failure!.status === 429 ? TwilioErrorCode.tooManyRequests : failure!.status === 503 ? TwilioErrorCode.unavailable : TwilioErrorCode.internal,
        failure!.status === 429 ? 'Too Many Requests' : 'Service temporarily unavailable (injected fault)',
        undefined,
        failure!.retryAfterSeconds !== undefined ? { 'retry-after': String(failure!.retryAfterSeconds) } : {},
      );
    // Asked for before the work (and only when needed: it makes the node adapter build a full Request), because the
    // adapter only reports a hang-up to a signal that exists by then.
    const hangUp = decision.responseDelayMs > 0 ? c.req.raw.signal : undefined;
    if (failure?.when === 'before') {
      await holdAnswer(decision.responseDelayMs, hangUp);
      throw injected();
    }
    await next();
    if (failure?.when === 'after') c.res = errorResponse(injected());
    await holdAnswer(decision.responseDelayMs, hangUp);
  });

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
  registerAdminRoutes(app, ctx, traffic);
  return app;
}
