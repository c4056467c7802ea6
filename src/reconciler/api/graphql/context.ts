/**
 * What every GraphQL resolver gets: the request's API context (principal, tenant scope, audit notes) and the
 * reconciler's services, and the helpers that keep GraphQL and REST on the same rules — arguments read through the
 * REST API's zod schemas, writes checked against the same permissions.
 */
import type { z } from 'zod';
import type { ReconcilerContext } from '../../context';
import { principalOf, scopeOf } from '../auth/middleware';
import { roleGrants, type Permission } from '../auth/roles';
import type { TenantScope } from '../auth/tenancy';
import type { ApiContext } from '../env';
import { forbidden, invalidInput } from '../problem';

/** The context yoga hands resolvers (merged with its own). */
export interface GraphqlContext {
  readonly api: ApiContext;
  readonly services: Pick<ReconcilerContext, 'db' | 'now' | 'config' | 'logger'>;
}

/** An area's part of the schema: its SDL and its resolvers. */
export interface GraphqlArea {
  readonly typeDefs: string;
  readonly resolvers: Record<string, Record<string, unknown>>;
}

/** The tenant scope of the request (set by `allow()` on /graphql). */
export function scopeIn(context: GraphqlContext): TenantScope {
  return scopeOf(context.api);
}

/** Refuses (FORBIDDEN) a field whose permission the caller's role does not grant: mutations need `billing`. */
export function requirePermission(context: GraphqlContext, permission: Permission, field: string): void {
  const principal = principalOf(context.api);
  if (!roleGrants(principal.role, permission)) throw forbidden(`the ${principal.role} role may not use ${field}`, `it needs the ${permission} permission`);
}

/**
 * Reads filter arguments through the REST query schema they mirror: numbers and booleans as the query string would
 * carry them, absent (null) arguments left out, so both APIs accept and refuse the same values.
 */
export function readFilterArgs<S extends z.ZodType>(schema: S, args: Record<string, unknown>): z.output<S> {
  const given = Object.fromEntries(
    Object.entries(args)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]),
  );
  return readInput(schema, given);
}

/** Reads an input object through the REST body schema it mirrors; a failure names the argument (`args.input.threshold`). */
export function readInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, 'args');
  return parsed.data;
}

/** A missing object and another tenant's are both null, as REST answers both 404. */
export async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if ((err as { kind?: string }).kind === 'not_found') return null;
    throw err;
  }
}
