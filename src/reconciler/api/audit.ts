/**
 * The audit log: every write and every export, who (`api_key:<id>`, `oauth_client:<id>`, `cli`), what (an action and
 * its target), when, from where (the caller's address), and how it ended (the HTTP status). Rows are only ever added:
 * the table's trigger refuses UPDATE, DELETE and TRUNCATE (migration `0001-core`).
 *
 * `auditTrail()` records automatically after the answer is known: every request with a method that writes, except on
 * routes that declared they only query over POST (GraphQL), and every request to a route that needs the `export`
 * permission. A route that knows better words for what it did says so with `noteAudit(c, …)`, which also records
 * requests the automatic rule would skip (a GraphQL mutation).
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ApiContext, ApiEnv } from './env';
import { actorOf } from './auth/principal';
import { SAFE_METHODS } from './auth/roles';
import { UNKNOWN_ADDRESS } from './client-address';

/** One row of the audit log. */
export interface AuditEntry {
  readonly at: Date;
  /** `api_key:<id>`, `oauth_client:<id>`, `cli`, `system:<job>`. */
  readonly actor: string;
  /** What was done: `keys.create`, or `POST /v1/keys` when the route named nothing better. */
  readonly action: string;
  /** What it was done to: `api_key:<id>`, `account:cus_…`, or the request path. */
  readonly target: string;
  /** The tenant concerned, when there is one (so a tenant's admin can read its own trail). */
  readonly accountId: string | null;
  /** From where: the caller's address, `unknown` for in-process requests, `local` for the CLI. */
  readonly source: string;
  /** The HTTP status the request got (null for actions outside HTTP). */
  readonly status: number | null;
}

/** Where audit rows are appended (the `audit_log` table). */
export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
}

/** What a route says it did, for its audit row. */
export interface AuditNote {
  readonly action?: string;
  readonly target?: string;
  readonly accountId?: string;
}

/** Names this request's audit row (and makes sure there is one). Later calls add to earlier ones. */
export function noteAudit(c: ApiContext, note: AuditNote): void {
  c.set('auditNote', { ...c.get('auditNote'), ...note });
}

/** Options of {@link auditTrail}. */
export interface AuditTrailOptions {
  readonly now?: () => Date;
  /** Told when appending fails (the database went away after the write); the service logs it loudly. */
  readonly onFailure?: (err: unknown, entry: AuditEntry) => void;
}

/** Middleware recording the request in the audit log after it is answered, when it wrote or exported. */
export function auditTrail(store: AuditStore, options: AuditTrailOptions = {}): MiddlewareHandler<ApiEnv> {
  const now = options.now ?? (() => new Date());
  return async (c, next) => {
    await next();
    const principal = c.get('principal');
    if (!principal || !mustAudit(c)) return;
    const note = c.get('auditNote') ?? {};
    const entry: AuditEntry = {
      at: now(),
      actor: actorOf(principal),
      action: note.action ?? `${c.req.method} ${routePath(c, -1)}`,
      target: note.target ?? c.req.path,
      accountId: note.accountId ?? null,
      source: c.get('clientAddress') ?? UNKNOWN_ADDRESS,
      status: c.res.status,
    };
    try {
      await store.append(entry);
    } catch (err) {
      options.onFailure?.(err, entry);
    }
  };
}

function mustAudit(c: ApiContext): boolean {
  if (c.get('auditNote') !== undefined) return true;
  const access = c.get('access');
  if (access?.permission === 'export') return true;
  return !SAFE_METHODS.has(c.req.method) && !access?.queryOverPost;
}
