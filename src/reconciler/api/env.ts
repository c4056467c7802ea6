/** Hono types shared by the reconciler API's middleware and routes. */
import type { Context, Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Principal } from './auth/principal';
import type { TenantScope } from './auth/tenancy';
import type { AuditNote } from './audit';
import type { RouteAccess } from './auth/middleware';

/** Per-request variables the API's middleware sets; routes read them through `principalOf`/`scopeOf`, not directly. */
export interface ApiVariables {
  /** Who is calling, set by `authenticate()`. */
  principal: Principal;
  /** The accounts the caller may see, set by `allow()` once the route's permission is checked. */
  scope: TenantScope;
  /** The route's declared access, set by `allow()`: the audit trail reads it. */
  access: RouteAccess;
  /** What the audit row of this request says it did, when the route names it better than method + path. */
  auditNote: AuditNote;
  /** The caller's address as `clientAddress()` worked it out (socket, or X-Forwarded-For behind a trusted proxy). */
  clientAddress: string;
}

/** The API's Hono environment: node-server bindings (the socket, for the caller's address) and the variables above. */
export interface ApiEnv {
  Bindings: Partial<HttpBindings>;
  Variables: ApiVariables;
}

/** The reconciler API's Hono app type. */
export type ApiApp = Hono<ApiEnv>;

/** A request context inside the reconciler API. */
export type ApiContext = Context<ApiEnv>;
