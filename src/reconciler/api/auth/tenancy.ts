/**
 * Tenancy: the accounts a request may see, handed to every query. A route gets its `TenantScope` only from `allow()`
 * (through `scopeOf(c)`), and a query narrows itself with `scope.accountFilter(column)`, so forgetting tenancy means
 * writing a query without it, which review sees, rather than forgetting a check somewhere after it.
 *
 * Another tenant's object is answered exactly like a missing one: filter it out *in the query* (same SQL, same plan,
 * same empty result) and throw `notFound(kind, id)`, whose text is built from the request alone. Fetching first and
 * checking after would answer the same body too, but with a timing difference between "exists elsewhere" and "absent".
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool, type StringReference } from 'kysely';
import type { AccountBinding } from './principal';
import { forbidden, notFound } from '../problem';

/**
 * A `where` condition on `column`, usable in any query whose tables have that column: kysely infers the query's tables
 * when the condition is passed to `.where()`, and a column name the query does not have is a type error.
 */
export type AccountFilter<C extends string> = <DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB> & (C extends StringReference<DB, TB> ? unknown : { error: `no column ${C} in this query` }),
) => Expression<SqlBool>;

/** The accounts one request may read and write. */
export class TenantScope {
  /** Every account (the operator's credentials), or exactly these account ids. */
  readonly accounts: 'all' | ReadonlySet<string>;

  constructor(binding: AccountBinding) {
    this.accounts = binding === 'all' ? 'all' : new Set(binding);
  }

  /** True for a scope bound to every account. */
  get isAll(): boolean {
    return this.accounts === 'all';
  }

  /** The bound account ids in a stable order, or undefined for every account. */
  get accountIds(): readonly string[] | undefined {
    return this.accounts === 'all' ? undefined : [...this.accounts].sort();
  }

  /**
   * A `where` condition that keeps only rows of the scope's accounts: `.where(scope.accountFilter('account_id'))`.
   * Rows with no account (unattributed call records) are visible to the all-accounts scope only.
   */
  accountFilter<C extends string>(column: C): AccountFilter<C> {
    const ids = this.accountIds;
    return (eb) => {
      if (ids === undefined) return sql<SqlBool>`true`;
      if (ids.length === 0) return sql<SqlBool>`false`;
      return eb(eb.ref(column as never), 'in', ids as never);
    };
  }

  /** True when the scope may see `accountId` (null: an unattributed row, all-accounts scope only). */
  sees(accountId: string | null | undefined): boolean {
    if (this.accounts === 'all') return true;
    return typeof accountId === 'string' && this.accounts.has(accountId);
  }

  /**
   * Refuses an account id named in the request (a body's `account_id`, a path's `:account`) that the scope may not
   * see, with the same 404 a missing account gets.
   */
  requireAccount(accountId: string): void {
    if (!this.sees(accountId)) throw notFound('account', accountId);
  }

  /** The account binding a credential made by this caller may have: within the caller's own (a tenant admin cannot widen). */
  requireWithin(binding: AccountBinding): void {
    if (this.accounts === 'all') return;
    if (binding === 'all') throw forbidden('a credential bound to accounts cannot grant all accounts', 'name the accounts the new credential may see');
    for (const id of binding) this.requireAccount(id);
  }
}
