/**
 * The numbers an account bills with, over time (`account_numbers`): how calls are attributed. An operator replaces an
 * account's whole set at once (PUT), in one transaction that also attributes again the account's calls not rated yet;
 * anyone reads the numbers of their accounts with a status worked out at the service's clock.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { CARRIER_NAMES } from '../../../carriers/carrier';
import { ConflictError } from '../../../core/errors';
import { e164Schema } from '../../../core/e164';
import type { Database } from '../../db/database';
import type { AccountNumbersTable } from '../../db/tables/core';
import { reattributeUnratedCalls } from '../../ingest/attribution';
import type { TenantScope } from '../auth/tenancy';
import { notFound } from '../problem';
import { accountIdSchema, cursorSchema, encodeCursor, instantSchema, instantText, limitSchema, requireFilterAccount, type Page } from './common';

/** Where a number is in its validity at an instant. */
export const NUMBER_STATUSES = ['active', 'scheduled', 'ended'] as const;

/** A number's status: billing now, from a later instant, or no longer. */
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

const numberPeriodSchema = z
  .strictObject({
    e164: e164Schema,
    carrier: z.enum(CARRIER_NAMES),
    valid_from: instantSchema,
    valid_to: instantSchema.nullable().optional().meta({ description: 'end of the period (exclusive); absent or null while the account keeps the number' }),
  })
  .superRefine((n, ctx) => {
    if (n.valid_to && n.valid_to <= n.valid_from) ctx.addIssue({ code: 'custom', path: ['valid_to'], message: `must be after valid_from (${n.valid_from.toISOString()})`, input: n.valid_to });
  });

/** The body of PUT /v1/accounts/:account/numbers: the account's complete set of numbers and their periods. */
export const accountNumbersInputSchema = z
  .strictObject({ numbers: z.array(numberPeriodSchema).max(10_000) })
  .superRefine((body, ctx) => {
    // Two periods of one number in the same body must not overlap; the database would refuse it with less to say.
    const seen = new Map<string, { from: number; to: number; index: number }[]>();
    body.numbers.forEach((n, index) => {
      const period = { from: n.valid_from.getTime(), to: n.valid_to?.getTime() ?? Infinity, index };
      const clash = (seen.get(n.e164) ?? []).find((p) => p.from < period.to && period.from < p.to);
      if (clash) ctx.addIssue({ code: 'custom', path: ['numbers', index], message: `${n.e164}: this period overlaps numbers[${clash.index}]; a number bills to one account at a time`, input: n });
      seen.set(n.e164, [...(seen.get(n.e164) ?? []), period]);
    });
  });

/** A number on the wire. */
export const accountNumberSchema = z.strictObject({
  e164: z.string(),
  account_id: z.string(),
  carrier: z.string(),
  valid_from: instantText,
  valid_to: instantText.nullable(),
  status: z.enum(NUMBER_STATUSES),
});

/** A number as query functions return it. */
export type AccountNumber = Pick<Selectable<AccountNumbersTable>, 'e164' | 'account_id' | 'carrier' | 'valid_from' | 'valid_to'> & { readonly status: NumberStatus };

/** Filters of listing numbers. */
export const numberFilterSchema = z.strictObject({
  account_id: accountIdSchema.optional(),
  status: z.enum(NUMBER_STATUSES).optional(),
  e164: e164Schema.optional(),
  limit: limitSchema,
  cursor: cursorSchema(z.number().int().positive()).optional(),
});

/** Filters of listing one account's numbers (the account is in the path). */
export const accountNumberFilterSchema = numberFilterSchema.omit({ account_id: true });

/**
 * Replaces the account's numbers with `numbers` and attributes its (and the dropped numbers') unrated calls again.
 * 404 for an account the caller may not see; 409 naming the number when a period overlaps another account's.
 */
export async function setAccountNumbers(
  db: Kysely<Database>,
  scope: TenantScope,
  accountId: string,
  numbers: z.output<typeof accountNumbersInputSchema>['numbers'],
  now: Date,
): Promise<{ numbers: AccountNumber[]; reattributed: number }> {
  scope.requireAccount(accountId);
  try {
    return await db.transaction().execute(async (trx) => {
      const account = await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().executeTakeFirst();
      if (!account) throw notFound('account', accountId);
      const dropped = await trx.deleteFrom('account_numbers').where('account_id', '=', accountId).returning('e164').execute();
      if (numbers.length > 0) {
        await trx
          .insertInto('account_numbers')
          .values(numbers.map((n) => ({ e164: n.e164, account_id: accountId, carrier: n.carrier, valid_from: n.valid_from, valid_to: n.valid_to ?? null })))
          .execute();
      }
      const touched = [...new Set([...dropped.map((d) => d.e164), ...numbers.map((n) => n.e164)])];
      const reattributed = await reattributeUnratedCalls(trx, touched);
      const rows = await trx.selectFrom('account_numbers').select(['id', 'e164', 'account_id', 'carrier', 'valid_from', 'valid_to']).where('account_id', '=', accountId).orderBy('id').execute();
      return { numbers: rows.map((r) => withStatus(r, now)), reattributed };
    });
  } catch (err) {
    throw overlapConflict(err) ?? err;
  }
}

/** The caller's numbers (optionally of one account, in one status), oldest registration first. */
export async function listNumbers(db: Kysely<Database>, scope: TenantScope, filter: z.output<typeof numberFilterSchema>, now: Date): Promise<Page<AccountNumber>> {
  requireFilterAccount(scope, filter.account_id);
  const rows = await db
    .selectFrom('account_numbers')
    .select(['id', 'e164', 'account_id', 'carrier', 'valid_from', 'valid_to'])
    .where(scope.accountFilter('account_id'))
    .$if(filter.account_id !== undefined, (q) => q.where('account_id', '=', filter.account_id!))
    .$if(filter.e164 !== undefined, (q) => q.where('e164', '=', filter.e164!))
    .$if(filter.status === 'active', (q) => q.where('valid_from', '<=', now).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)])))
    .$if(filter.status === 'scheduled', (q) => q.where('valid_from', '>', now))
    .$if(filter.status === 'ended', (q) => q.where('valid_to', '<=', now))
    .$if(filter.cursor !== undefined, (q) => q.where('id', '>', filter.cursor!))
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const hasMore = rows.length > filter.limit;
  return { data: page.map((r) => withStatus(r, now)), has_more: hasMore, next_cursor: hasMore ? encodeCursor(page[page.length - 1]!.id) : null };
}

/** The numbers of one account (404 for one the caller may not see, even when it has none). */
export async function listAccountNumbers(db: Kysely<Database>, scope: TenantScope, accountId: string, filter: z.output<typeof accountNumberFilterSchema>, now: Date): Promise<Page<AccountNumber>> {
  scope.requireAccount(accountId);
  const account = await db.selectFrom('accounts').select('id').where('id', '=', accountId).where(scope.accountFilter('id')).executeTakeFirst();
  if (!account) throw notFound('account', accountId);
  return listNumbers(db, scope, { ...filter, account_id: accountId }, now);
}

function withStatus(row: Pick<Selectable<AccountNumbersTable>, 'e164' | 'account_id' | 'carrier' | 'valid_from' | 'valid_to'>, now: Date): AccountNumber {
  const t = now.getTime();
  const status: NumberStatus = row.valid_from.getTime() > t ? 'scheduled' : row.valid_to !== null && row.valid_to.getTime() <= t ? 'ended' : 'active';
  return { e164: row.e164, account_id: row.account_id, carrier: row.carrier, valid_from: row.valid_from, valid_to: row.valid_to, status };
}

/** PostgreSQL's exclusion violation on `account_numbers_one_owner`, as a 409 naming the number. */
function overlapConflict(err: unknown): ConflictError | undefined {
  const pg = err as { code?: string; constraint?: string; detail?: string };
  if (pg?.code !== '23P01') return undefined;
  const number = /\((\+\d+),/.exec(pg.detail ?? '')?.[1] ?? 'a number';
  return new ConflictError({
    summary: `${number} belongs to another account during part of the period given`,
    detail: 'a number bills to one account at a time: end its period on the other account first (PUT that account\'s numbers)',
    field: 'body.numbers',
    status: 409,
    code: 'conflict',
  });
}
