/**
 * Puts the API's cross-cutting pieces in front of its routes, in this order:
 * the one error body → body size limit → caller's address → audit trail → token endpoint (rate limited per address) →
 * authenticate → rate limit per credential → (each route's `allow(permission)`) → handler.
 *
 * The service calls it once on its app, then registers the protected routes under `protectedPaths`; public routes
 * (`/healthz`, `/readyz`, `/metrics`, `/openapi.json`) are registered outside those paths.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ValidationError } from '../../core/errors';
import type { ApiApp } from './env';
import { auditTrail, type AuditEntry } from './audit';
import { clientAddress } from './client-address';
import type { AuthServices } from './auth/build';
import { authenticate, principalOf } from './auth/middleware';
import { actorOf } from './auth/principal';
import { credentialRoutes } from './auth/routes';
import { registerTokenEndpoint } from './auth/token-endpoint';
import { installErrorHandling, problemResponse } from './problem';
import { rateLimit } from './rate-limit';
import { mountRoutes, type AnyRoute } from './rest/route';

/** Options of {@link installApiSecurity}. */
export interface ApiSecurityOptions {
  /** Path patterns that need a credential; default `/v1/*` and `/graphql`. */
  readonly protectedPaths?: readonly string[];
  /** Largest request body accepted, in bytes; default 1 MiB (the API's bodies are small JSON documents). */
  readonly maxBodyBytes?: number;
  /** Told about a 500 (a bug) with its request. */
  readonly onUnexpected?: (err: unknown, c: Context) => void;
  /** Told when an audit row could not be written. */
  readonly onAuditFailure?: (err: unknown, entry: AuditEntry) => void;
  /** Told about a protected route that answered without `allow()`. */
  readonly onUnguardedRoute?: (route: string) => void;
}

/**
 * Installs error handling, addresses, auditing, the token endpoint, authentication, rate limits and the credential
 * routes; returns the credential routes' definitions, so the OpenAPI document describes them with the others.
 */
export function installApiSecurity(app: ApiApp, auth: AuthServices, options: ApiSecurityOptions = {}): AnyRoute[] {
  installErrorHandling(app, { onUnexpected: options.onUnexpected });
  const maxSize = options.maxBodyBytes ?? 1024 * 1024;
  app.use('*', bodyLimit({ maxSize, onError: (c) => problemResponse(c, tooLarge(maxSize)) }));
  app.use('*', clientAddress(auth.trustedProxies));
  app.use('*', auditTrail(auth.audit, { now: auth.now, onFailure: options.onAuditFailure }));
  app.use('/oauth/token', rateLimit(auth.addressBuckets, (c) => `address:${c.get('clientAddress')}`));
  registerTokenEndpoint(app, { clients: auth.clients, accessTokens: auth.accessTokens });
  for (const path of options.protectedPaths ?? ['/v1/*', '/graphql']) {
    app.use(path, authenticate({ apiKeys: auth.apiKeys, accessTokens: auth.accessTokens, onUnguardedRoute: options.onUnguardedRoute }));
    app.use(path, rateLimit(auth.buckets, (c) => actorOf(principalOf(c))));
  }
  const routes = credentialRoutes({ apiKeys: auth.apiKeys, clients: auth.clients, unknownAccounts: (ids) => auth.unknownAccounts(ids) });
  mountRoutes(app, routes);
  return routes;
}

function tooLarge(maxSize: number): ValidationError {
  return new ValidationError({ summary: `the body is larger than ${maxSize} bytes`, detail: 'send less at once', field: 'body', status: 413, code: 'payload_too_large' });
}
