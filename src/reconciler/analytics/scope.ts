/**
 * Tenancy for analytics: every query takes the accounts its caller may see and narrows itself in SQL, so another
 * tenant's rows never leave the database. The API's `TenantScope` (api/auth/tenancy.ts) has this shape already.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

/** The accounts a caller may read: `accountIds` undefined means every account (the operator), else exactly these. */
export interface AnalyticsScope {
  readonly accountIds: readonly string[] | undefined;
}

/** The operator's scope: every account, and the calls no account owns. */
export const ALL_ACCOUNTS: AnalyticsScope = Object.freeze({ accountIds: undefined });

/** A scope of exactly these accounts (a tenant's key). */
export function accountsScope(accountIds: readonly string[]): AnalyticsScope {
  return { accountIds: [...new Set(accountIds)].sort() };
}

/**
 * The accounts a query reads: the scope narrowed to the accounts a filter asks for. Undefined means every account,
 * unattributed calls included; an account outside the scope is dropped, so asking for it gives nothing (the API's 404).
 */
export function visibleAccounts(scope: AnalyticsScope, requested: readonly string[] | undefined): readonly string[] | undefined {
  if (requested === undefined) return scope.accountIds;
  if (scope.accountIds === undefined) return requested;
  const allowed = new Set(scope.accountIds);
  return requested.filter((id) => allowed.has(id));
}

/** `column IN (accounts)`; true for every account, false for none. */
export function accountCondition(column: Expression<string | null>, accounts: readonly string[] | undefined): Expression<SqlBool> {
  if (accounts === undefined) return sql<SqlBool>`true`;
  if (accounts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${column} = ANY(${[...accounts]}::text[])`;
}
