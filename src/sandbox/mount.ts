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
 * segments (`/api`, `/studio`, `/pricing`, …), Telnyx `/v2`, Stripe `/v1`. Two real APIs do share a first segment,
 * though: Stripe's API v2 lives under `/v2` as Telnyx's does. A sub-app may therefore name, as `nestedPrefixes`, paths
 * it takes over inside another API's prefix (Stripe's `/v2/billing`, a path Telnyx's API does not have); the longest
 * prefix owns a path, whichever sub-app was mounted first.
 */
import type { Context, Env, Hono, Next } from 'hono';

/** Where the sandbox's own control API lives; no sub-app may claim it. */
export const CONTROL_PREFIX = '/_sandbox';

/** One upstream API served by the sandbox. */
export interface SandboxSubApp {
  /** Which API it speaks, e.g. `twilio`; shown at `GET /`. */
  name: string;
  /** Path prefixes it owns (`/v2`): every request whose path is one of them or starts with one plus `/`. */
  prefixes: readonly string[];
  /**
   * Prefixes it owns inside another sub-app's prefix (`/v2/billing` inside `/v2`): requests under them come here
   * instead. They may not equal or overlap any other prefix of their own kind.
   */
  nestedPrefixes?: readonly string[];
  /** Answers a request under its prefixes; the path is not rewritten, so routes and fault rules see the full path. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
}

/** A prefix taken on a composed app. */
interface TakenPrefix {
  prefix: string;
  owner: string;
  nested: boolean;
}

/** Prefixes taken on each composed app, so a second API claiming a path fails at startup, not at a client. */
const mounted = new WeakMap<object, TakenPrefix[]>();

/** True when `path` is `prefix` or lies under it, segment-wise. */
function under(path: string, prefix: string): boolean {
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* '/' */);
}

/** True when one prefix is the other or lies under it, segment-wise (`/v2` and `/v2/x`, not `/v2` and `/v20`). */
function overlaps(a: string, b: string): boolean {
  return under(a, b) || under(b, a);
}

/** Why `candidate` may not be taken beside `other`, or undefined when both can be served. */
function clash(candidate: TakenPrefix, other: TakenPrefix): string | undefined {
  if (!overlaps(candidate.prefix, other.prefix)) return undefined;
  // A nested prefix strictly inside another API's prefix is the one kind of overlap allowed: the longer one wins.
  const inner = candidate.prefix.length > other.prefix.length ? candidate : other;
  const outer = inner === candidate ? other : candidate;
  if (inner.prefix !== outer.prefix && inner.nested && !outer.nested && inner.owner !== outer.owner) return undefined;
  return other.prefix;
}

/**
 * Hands every request under the sub-app's prefixes to it (except those under a longer nested prefix another sub-app
 * took). Throws when a prefix is malformed, overlaps the control API or a prefix already mounted on this app: two
 * APIs claiming one path would answer each other's clients.
 */
export function mountSubApp<E extends Env>(app: Hono<E>, subApp: SandboxSubApp): void {
  const taken = mounted.get(app) ?? [{ prefix: CONTROL_PREFIX, owner: 'control', nested: false }];
  const claims = [
    ...subApp.prefixes.map((prefix) => ({ prefix, owner: subApp.name, nested: false })),
    ...(subApp.nestedPrefixes ?? []).map((prefix) => ({ prefix, owner: subApp.name, nested: true })),
  ];
  for (const claim of claims) {
    if (!/^(\/[A-Za-z0-9._-]+)+$/.test(claim.prefix)) throw new Error(`${subApp.name}: prefix "${claim.prefix}" must be /segment[/segment…] without a trailing slash`);
    // The control API is never anyone's to carve into.
    const blocked = overlaps(claim.prefix, CONTROL_PREFIX) ? CONTROL_PREFIX : taken.map((other) => clash(claim, other)).find((c) => c !== undefined);
    if (blocked) throw new Error(`${subApp.name}: prefix "${claim.prefix}" overlaps "${blocked}", which is already served`);
    taken.push(claim);
  }
  mounted.set(app, taken);
  for (const { prefix } of claims) {
    // `env` carries the node adapter's socket objects; the sub-app needs them to see a client hang up.
    const handler = (c: Context<E>, next: Next) => {
      // Another API's nested prefix inside this one owns its paths (mounted before or after this one).
      const path = c.req.path;
      for (const other of taken) if (other.owner !== subApp.name && other.prefix.length > prefix.length && under(other.prefix, prefix) && under(path, other.prefix)) return next();
      return subApp.fetch(c.req.raw, c.env);
    };
    app.all(prefix, handler);
    app.all(`${prefix}/*`, handler);
  }
}
