/**
 * The sandbox HTTP app: one server for several upstream APIs. It answers the root and health check without
 * credentials, serves the sandbox's own control API under `/_sandbox` and hands every other path to the sub-app that
 * owns its prefix (mount.ts). Each sub-app brings its own auth, error shape and routes; all share one SandboxContext.
 */
import { Hono } from 'hono';
import type { SandboxContext } from './context';
import { hasSandboxCredentials } from './http/basic-auth';
import type { SandboxApp, SandboxEnv } from './http/hono-env';
import { TwilioApiError, TwilioErrorCode, errorResponse } from './http/twilio-error';
import { CONTROL_PREFIX, mountSubApp, type SandboxSubApp } from './mount';
import { registerAdminRoutes } from './routes/admin';
import type { TrafficSwitch } from './traffic';
import { createTelnyxApp } from './telnyx/app';
import { createTelnyxControlApp } from './telnyx/control-app';
import { createTwilioApp } from './twilio-app';
import { createStripeApp } from './stripe/app';
import { createStripeControlApp } from './stripe/control-app';

/** The APIs the sandbox serves; serving another is one more entry here (see mount.ts). */
function subAppsOf(ctx: SandboxContext): SandboxSubApp[] {
  return [createTwilioApp(ctx), createTelnyxApp(ctx), createStripeApp(ctx)];
}

/** Builds the app for one sandbox. */
export function createSandboxApp(ctx: SandboxContext, traffic: TrafficSwitch): SandboxApp {
  const app = new Hono<SandboxEnv>();
  const subApps = subAppsOf(ctx);
  const prefixesOf = (subApp: SandboxSubApp) => [...subApp.prefixes, ...(subApp.nestedPrefixes ?? [])];

  // The control API predates the other APIs and kept Twilio's error body, which its clients and tests read.
  app.onError((err, c) => {
    if (err instanceof TwilioApiError) return errorResponse(err);
    console.error(`[sandbox] ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? err}`);
    return errorResponse(new TwilioApiError(500, TwilioErrorCode.internal, 'Internal sandbox error'));
  });
  // A path no API owns: no carrier's shape fits, so say plainly what is served.
  app.notFound((c) =>
    c.json({ status: 404, message: `No sandbox API serves ${new URL(c.req.url).pathname}`, prefixes: subApps.flatMap(prefixesOf) }, 404),
  );

  app.get('/', (c) =>
    c.json({
      name: 'didops sandbox',
      products: ['api', 'studio', 'pricing'],
      apis: subApps.map((s) => ({ name: s.name, prefixes: prefixesOf(s) })),
      admin: CONTROL_PREFIX,
      account_sid: ctx.accountSid,
    }),
  );
  app.get(`${CONTROL_PREFIX}/health`, (c) => c.json({ ok: true }));

  // Telnyx's and Stripe's controls authenticate on their own (their API key as well as the sandbox's Basic credentials).
  app.route(`${CONTROL_PREFIX}/telnyx`, createTelnyxControlApp(ctx));
  app.route(`${CONTROL_PREFIX}/stripe`, createStripeControlApp(ctx));

  // Never paced nor faulted (it is not behind a sub-app): a rule matching everything must not lock out the request
  // that removes it, nor a concurrency limit the request that lifts it.
  app.use(`${CONTROL_PREFIX}/*`, async (c, next) => {
    if (!hasSandboxCredentials(c.req.header('authorization'), ctx)) {
      throw new TwilioApiError(401, TwilioErrorCode.authentication, 'Authentication Error - invalid username');
    }
    await next();
  });
  registerAdminRoutes(app, ctx, traffic);

  for (const subApp of subApps) mountSubApp(app, subApp);
  return app;
}
