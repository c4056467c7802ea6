/**
 * The API's authentication and authorization middleware.
 *
 * - `authenticate()` (once, in front of every protected route): reads `Authorization: Bearer <token>`, where the token is
 *   an API key (`didops_…`) or an access token from `/oauth/token`, and sets the principal; anything else is a 401 whose
 *   body does not say whether the key was unknown, wrong or revoked.
 * - `allow(permission)` (on each route): checks the principal's role against the route's permission (403 when it
 *   falls short) and sets the request's `TenantScope`, which the handler gets with `scopeOf(c)`.
 *
 * A protected route that answers without having gone through `allow()` is a bug; `authenticate()` turns its answer into
 * a 500 so tests find it, instead of letting an unguarded route serve everyone.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { DidopsError } from '../../../core/errors';
import type { ApiContext, ApiEnv } from '../env';
import { forbidden, problemResponse, unauthenticated } from '../problem';
import type { AccessTokens } from './access-tokens';
import { apiKeyIdOf, looksLikeApiKey } from './api-keys';
import type { Credentials } from './credentials';
import type { Principal } from './principal';
import { roleGrants, SAFE_METHODS, type Permission } from './roles';
import { TenantScope } from './tenancy';

/** What a route declared with `allow()`. */
export interface RouteAccess {
  readonly permission: Permission;
  /** The route answers queries sent by POST (GraphQL): the read-only role may POST to it, and only noted mutations are audited. */
  readonly queryOverPost: boolean;
}

/** What `authenticate()` checks credentials with. */
export interface Authenticators {
  /** API keys. */
  readonly apiKeys: Credentials;
  /** OAuth access tokens; without it only API keys are accepted. */
  readonly accessTokens?: AccessTokens;
  /** Told about a protected route that answered without `allow()`; the service logs it. */
  readonly onUnguardedRoute?: (route: string) => void;
}

/** Middleware establishing who is calling; put it in front of every protected route. */
export function authenticate(authenticators: Authenticators): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('principal', await principalFromHeader(c.req.header('authorization'), authenticators));
    await next();
    if (c.get('access') === undefined && c.res.status < 400) {
      const route = `${c.req.method} ${routePath(c, -1)}`;
      authenticators.onUnguardedRoute?.(route);
      c.res = problemResponse(c, new DidopsError({ summary: `route ${route} declares no permission`, detail: 'add allow(<permission>) to it' }));
    }
  };
}

/** Options of {@link allow}. */
export interface AllowOptions {
  /** The route answers read queries sent by POST (GraphQL); see {@link RouteAccess.queryOverPost}. */
  readonly queryOverPost?: boolean;
}

/**
 * Middleware declaring what a route needs: `app.get('/v1/calls', allow('read'), handler)`. Refuses (403) a role that
 * does not grant it, a read-only caller's write, and a tenant-bound caller on an `operator` route; sets the scope.
 */
export function allow(permission: Permission, options: AllowOptions = {}): MiddlewareHandler<ApiEnv> {
  const access: RouteAccess = { permission, queryOverPost: options.queryOverPost ?? false };
  return async (c, next) => {
    const principal = principalOf(c);
    if (!roleGrants(principal.role, permission)) {
      throw forbidden(`the ${principal.role} role may not use ${c.req.method} ${c.req.path}`, `it needs the ${permission} permission; see docs/reconciler.md, "Authentication and roles"`);
    }
    if (principal.role === 'read-only' && !SAFE_METHODS.has(c.req.method) && !access.queryOverPost) {
      throw forbidden(`the read-only role may not ${c.req.method} ${c.req.path}`, 'read-only credentials may only GET');
    }
    if (permission === 'operator' && principal.accounts !== 'all') {
      throw forbidden(`${c.req.method} ${c.req.path} changes every tenant`, 'use a credential bound to all accounts');
    }
    c.set('access', access);
    c.set('scope', new TenantScope(principal.accounts));
    await next();
  };
}

/** The authenticated caller; only inside routes behind `authenticate()`. */
export function principalOf(c: ApiContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw new DidopsError({ summary: `${c.req.method} ${c.req.path} read the principal without authenticate() in front` });
  return principal;
}

/** The accounts this request may see; only inside routes declared with `allow()`, so tenancy cannot be skipped. */
export function scopeOf(c: ApiContext): TenantScope {
  const scope = c.get('scope');
  if (!scope) throw new DidopsError({ summary: `${c.req.method} ${c.req.path} asked for its tenant scope without allow() in front` });
  return scope;
}

async function principalFromHeader(header: string | undefined, authenticators: Authenticators): Promise<Principal> {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  if (!match) throw unauthenticated();
  const token = match[1]!;
  if (looksLikeApiKey(token)) {
    const id = apiKeyIdOf(token);
    const principal = id === undefined ? undefined : await authenticators.apiKeys.authenticate(id, token);
    if (!principal) throw unauthenticated('the API key is not valid', 'check it was copied whole, and that it was not revoked');
    return principal;
  }
  if (!authenticators.accessTokens) throw unauthenticated();
  return authenticators.accessTokens.verify(token);
}
