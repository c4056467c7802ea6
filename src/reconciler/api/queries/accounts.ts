/**
 * Accounts (the tenants: a Stripe customer each) as the API registers, lists and shows them. Registering changes who
 * exists for every tenant, so only an operator's credential reaches `registerAccount`; reads are narrowed to the
 * caller's accounts in the query.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { ConflictError } from '../../../core/errors';
import type { Database } from '../../db/database';
import type { AccountsTable } from '../../db/tables/core';
import type { TenantScope } from '../auth/tenancy';
import { notFound } from '../problem';
import { accountIdSchema, cursorSchema, encodeCursor, instantText, limitSchema, type Page } from './common';

/** The body of registering an account. */
export const accountInputSchema = z.strictObject({
  id: accountIdSchema.meta({ description: 'the Stripe customer id the account bills to' }),
  name: z.string().trim().min(1).max(200),
  rate_card_key: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected a rate card key such as "standard" (lower case, digits, . _ -)'),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code such as "USD"')
    .transform((c) => c.toUpperCase()),
});

/** An account on the wire. */
export const accountSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  rate_card_key: z.string(),
  currency: z.string(),
  created_at: instantText,
});

/** An account as query functions return it. */
export type Account = Selectable<AccountsTable>;

/** The query of listing accounts. */
export const accountListSchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema(z.string()).optional() });

/** Registers an account; 409 when the id is taken. */
export async function registerAccount(db: Kysely<Database>, input: z.output<typeof accountInputSchema>, now: Date): Promise<Account> {
  const row = await db
    .insertInto('accounts')
    .values({ ...input, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new ConflictError({ summary: `account ${JSON.stringify(input.id)} is already registered`, detail: 'GET /v1/accounts/<id> shows it', field: 'body.id', status: 409, code: 'conflict' });
  }
  return row;
}

/** The caller's accounts, by id. */
export async function listAccounts(db: Kysely<Database>, scope: TenantScope, query: z.output<typeof accountListSchema>): Promise<Page<Account>> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where(scope.accountFilter('id'))
    .$if(query.cursor !== undefined, (q) => q.where('id', '>', query.cursor!))
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const data = rows.slice(0, query.limit);
  const hasMore = rows.length > query.limit;
  return { data, has_more: hasMore, next_cursor: hasMore ? encodeCursor(data[data.length - 1]!.id) : null };
}

/** One of the caller's accounts; another tenant's answers like a missing one. */
export async function getAccount(db: Kysely<Database>, scope: TenantScope, id: string): Promise<Account> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).where(scope.accountFilter('id')).executeTakeFirst();
  if (!row) throw notFound('account', id);
  return row;
}
