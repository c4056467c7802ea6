/**
 * How the sandbox serves several upstream APIs on one server: each API is a sub-app (its own Hono app with its own
 * authentication, error shape, 404s and routes) that owns a few path prefixes, and the composer (app.ts) hands it
 * every request under them, untouched. Sub-apps share the one {@link SandboxContext} (store, clock, faults, latency,
 * concurrency, request tally) and reuse the shared middleware, passing how to render a refusal in their shape (and,
 * to pacing, how their requests are classified and whose concurrency slots they take):
 *
 * ```ts
 * const app = new Hono().basePath('/v2');
 * app.use('*', requireTelnyxKey(ctx));                                             // Bearer auth, Telnyx-shaped 401
 * app.use('*', paceLikeCarrier(ctx, { renderRefusal: telnyxRefusalResponse,       // http/carrier-pace.ts
 *   classify: classifyTelnyxRequest, account: ctx.telnyx.accountId }));
 * app.use('*', injectFaults(ctx, telnyxRefusalResponse));                          // http/fault-injection.ts
 * ...routes...
 * return { name: 'telnyx', prefixes: ['/v2'], fetch: app.fetch };
 * ```
 *
 * One host means routing by path alone, so prefixes must not overlap: Twilio owns its product hosts as first
 * segments (`/api`, `/studio`, `/pricing`, …), Telnyx `/v2`, Stripe `/v1`.
 */
import type { Env, Hono } from 'hono';

/** Where the sandbox's own control API lives; no sub-app may claim it. */
export const CONTROL_PREFIX = '/_sandbox';

/** One upstream API served by the sandbox. */
export interface SandboxSubApp {
  /** Which API it speaks, e.g. `twilio`; shown at `GET /`. */
  name: string;
  /** Path prefixes it owns (`/v2`): every request whose path is one of them or starts with one plus `/`. */
  prefixes: readonly string[];
  /** Answers a request under its prefixes; the path is not rewritten, so routes and fault rules see the full path. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
}

/** Prefixes taken on each composed app, so a second API claiming a path fails at startup, not at a client. */
const mounted = new WeakMap<object, string[]>();

/** True when one prefix is the other or lies under it, segment-wise (`/v2` and `/v2/x`, not `/v2` and `/v20`). */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * Hands every request under the sub-app's prefixes to it. Throws when a prefix is malformed, overlaps the control API
 * or a prefix already mounted on this app: two APIs claiming one path would answer each other's clients.
 */
export function mountSubApp<E extends Env>(app: Hono<E>, subApp: SandboxSubApp): void {
  const taken = mounted.get(app) ?? [CONTROL_PREFIX];
  for (const prefix of subApp.prefixes) {
    if (!/^(\/[A-Za-z0-9._-]+)+$/.test(prefix)) throw new Error(`${subApp.name}: prefix "${prefix}" must be /segment[/segment…] without a trailing slash`);
    const clash = taken.find((other) => overlaps(prefix, other));
    if (clash) throw new Error(`${subApp.name}: prefix "${prefix}" overlaps "${clash}", which is already served`);
    taken.push(prefix);
    // `env` carries the node adapter's socket objects; the sub-app needs them to see a client hang up.
    app.all(prefix, (c) => subApp.fetch(c.req.raw, c.env));
    app.all(`${prefix}/*`, (c) => subApp.fetch(c.req.raw, c.env));
  }
  mounted.set(app, taken);
}
