/**
 * The reconciler's HTTP app (hono): health, readiness and metrics here; the REST and GraphQL APIs mount beside them.
 * Built from the shared context and a readiness probe, so tests call it in-process with `app.request(...)`. Everything
 * else sits behind the API's security (security.ts): one error body, audit trail, token endpoint, authentication and
 * rate limits for `/v1/*` and `/graphql`.
 */
import { Hono } from 'hono';
import type { ReconcilerContext } from '../context';
import type { AuthServices } from './auth/build';
import type { ApiApp, ApiEnv } from './env';
import { installApiSecurity } from './security';
import { installApiRoutes } from './rest';
import type { AnyRoute } from './rest/route';

const routesOfApp = new WeakMap<ApiApp, readonly AnyRoute[]>();

/** The route registry an app was built with (tests drive tenancy, roles and bad input from it). */
export function registryOf(app: ApiApp): readonly AnyRoute[] {
  const routes = routesOfApp.get(app);
  if (!routes) throw new Error('registryOf: the app was not built by createReconcilerApp');
  return routes;
}

/** One readiness check's result. */
export interface ReadinessCheck {
  readonly ok: boolean;
  /** Why it is not ready, or what was found (`embedded PGlite in …`, `2 pending: 0002-rating, …`). */
  readonly detail?: string;
}

/** What `/readyz` asks: each check by name. */
export type ReadinessProbe = () => Promise<Record<string, ReadinessCheck>>;

/** Builds the app. */
export function createReconcilerApp(context: ReconcilerContext, readiness: ReadinessProbe, auth: AuthServices): ApiApp {
  const app = new Hono<ApiEnv>();
  app.use(async (c, next) => {
    await next();
    // The matched route pattern, not the raw path, keeps the metric's label set small.
    context.metrics.httpRequests.inc({ method: c.req.method, route: c.req.routePath || 'unmatched', status: String(c.res.status) });
  });
  /** The process is up (liveness): no dependencies checked, so a slow database never gets the process killed. */
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  /** Ready for traffic: the database answers, migrations are applied, the job queue runs. */
  app.get('/readyz', async (c) => {
    const checks = await readiness();
    const ready = Object.values(checks).every((check) => check.ok);
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const body = await context.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': context.metrics.registry.contentType });
  });
  const credentialRoutes = installApiSecurity(app, auth, {
    onUnexpected: (err, c) => context.logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed'),
    onAuditFailure: (err, entry) => context.logger.error({ err, entry }, 'an audit row could not be written'),
    onUnguardedRoute: (route) => context.logger.error({ route }, 'a protected route answered without declaring a permission (allow())'),
  });
  const { routes } = installApiRoutes(app, context, credentialRoutes);
  routesOfApp.set(app, routes);
  return app;
}
