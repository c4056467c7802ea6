/**
 * `listCalls`: the call log with each call's cost, newest first, paged by keyset cursor.
 *
 * Order is (started_at, carrier, carrier_call_id) descending, a total order, and a page continues strictly after the
 * last row's key, so calls added while someone pages (new ones ahead of the first page, late ones anywhere) never
 * shift the pages: every call that existed when paging began is listed exactly once. Each account (or number) is read
 * through its own index, newest first, LIMIT n, and the pages merged: a tenant's page costs the same however many
 * other tenants' calls lie between its own.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/database';
import type { CallRecordsTable } from '../db/tables/core';
import type { AnalyticsContext } from './context';
import { decodeCursor, encodeCursor, filterFingerprint } from './cursor';
import { trimDecimal } from './decimal-text';
import { exactInstantText } from './exact-instant';
import { callLogFilterSchema, parseFilter, type CallLogFilterInput } from './filters';
import { visibleAccounts, type AnalyticsScope } from './scope';

/** Where a call's rating stands: an amount, kept unrated by the rate job, or not rated yet. */
export type RatingState = 'rated' | 'unrated' | 'pending';

/** A place as ingest derived it from a number. */
export interface Place {
  readonly country: string | null;
  readonly region: string | null;
}

/** One call of the log. */
export interface CallLogEntry {
  readonly carrier: string;
  readonly carrierCallId: string;
  readonly startedAt: Date;
  readonly direction: 'inbound' | 'outbound';
  readonly from: string;
  readonly to: string;
  /** Our number (null when none matched). */
  readonly number: string | null;
  readonly otherParty: string | null;
  /** Null for a call no owned number matched (visible to the all-accounts scope only). */
  readonly accountId: string | null;
  readonly durationSeconds: number;
  readonly status: string;
  readonly caller: Place;
  readonly callee: Place;
  readonly rating: RatingState;
  readonly rateClass: string | null;
  readonly billableSeconds: number | null;
  readonly unratedReason: string | null;
  /** What the call costs the account: exact fractional minor units in the account's currency; null unless rated. */
  readonly cost: { readonly amountMinor: string; readonly currency: string } | null;
  /** What the carrier charged, when it said so exactly. */
  readonly carrierPrice: { readonly amountMinor: number; readonly currency: string } | null;
}

/** A page of the call log. */
export interface CallLogPage {
  readonly calls: readonly CallLogEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

type CallsEb = ExpressionBuilder<Database & { c: CallRecordsTable }, 'c'>;

/** The calls of the visible accounts that match the filter, newest first. */
export async function listCalls(context: AnalyticsContext, scope: AnalyticsScope, input: CallLogFilterInput = {}): Promise<CallLogPage> {
  const filter = parseFilter(callLogFilterSchema, input);
  const accounts = visibleAccounts(scope, filter.accounts);
  const fingerprint = filterFingerprint('calls', filter);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, fingerprint, 3);
  if (accounts !== undefined && accounts.length === 0) return { calls: [], nextCursor: null };
  const size = filter.limit + 1;

  const matching = (eb: CallsEb): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.direction) conditions.push(eb('c.direction', '=', filter.direction));
    if (filter.from) conditions.push(eb('c.started_at', '>=', filter.from));
    if (filter.to) conditions.push(eb('c.started_at', '<', filter.to));
    if (filter.minDurationSeconds !== undefined) conditions.push(eb('c.duration_seconds', '>=', filter.minDurationSeconds));
    if (filter.rating === 'rated') conditions.push(eb('c.amount_decimal', 'is not', null));
    if (filter.rating === 'unrated') conditions.push(eb.and([eb('c.rated_at', 'is not', null), eb('c.amount_decimal', 'is', null)]));
    if (filter.rating === 'pending') conditions.push(eb('c.rated_at', 'is', null));
    if (after) {
      const [at, carrier, id] = after;
      // The plain bound on started_at alone is what the index scan starts from; the tuple breaks ties.
      conditions.push(sql<SqlBool>`${eb.ref('c.started_at')} <= ${at}::timestamptz AND (${eb.ref('c.started_at')} < ${at}::timestamptz OR (${eb.ref('c.carrier')}, ${eb.ref('c.carrier_call_id')}) < (${carrier}, ${id}))`);
    }
    if (filter.numbers && accounts) conditions.push(sql<SqlBool>`${eb.ref('c.account_id')} = ANY(${[...accounts]}::text[])`);
    return eb.and(conditions);
  };
  // One page of call_records, from `db` (or, inside the lateral join, its expression builder) and for one key.
  const pageOf = (db: Pick<Kysely<Database>, 'selectFrom'>, key?: { column: 'c.account_id' | 'c.number_e164'; value: Expression<string> }) =>
    db
      .selectFrom('call_records as c')
      .selectAll('c')
      .select((eb) => exactInstantText(eb.ref('c.started_at')).as('started_at_text'))
      .where((eb) => (key ? eb.and([eb(key.column, '=', key.value), matching(eb)]) : matching(eb)))
      .orderBy('c.started_at', 'desc')
      .orderBy('c.carrier', 'desc')
      .orderBy('c.carrier_call_id', 'desc')
      .limit(size);

  const driver = filter.numbers ? { column: 'c.number_e164' as const, values: filter.numbers } : accounts ? { column: 'c.account_id' as const, values: [...accounts] } : undefined;
  const pages = driver
    ? context.db
        .selectFrom(sql<{ key: string }>`unnest(${driver.values}::text[])`.as('k'))
        .innerJoinLateral((eb) => pageOf(eb as unknown as Pick<Kysely<Database>, 'selectFrom'>, { column: driver.column, value: sql<string>`k.k` }).as('c'), (join) => join.onTrue())
        .selectAll('c')
    : context.db.selectFrom(pageOf(context.db).as('c')).selectAll('c');
  const rows = await context.db
    .selectFrom(pages.as('c'))
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .selectAll('c')
    .select('a.currency as account_currency')
    .orderBy('c.started_at', 'desc')
    .orderBy('c.carrier', 'desc')
    .orderBy('c.carrier_call_id', 'desc')
    .limit(size)
    .execute();

  const page = rows.slice(0, filter.limit);
  const last = rows.length > filter.limit ? page[page.length - 1] : undefined;
  return {
    calls: page.map((r) => ({
      carrier: r.carrier,
      carrierCallId: r.carrier_call_id,
      startedAt: r.started_at,
      direction: r.direction,
      from: r.from_e164,
      to: r.to_e164,
      number: r.number_e164,
      otherParty: r.other_party,
      accountId: r.account_id,
      durationSeconds: r.duration_seconds,
      status: r.status,
      caller: { country: r.caller_country, region: r.caller_region },
      callee: { country: r.callee_country, region: r.callee_region },
      rating: r.amount_decimal !== null ? 'rated' : r.rated_at !== null ? 'unrated' : 'pending',
      rateClass: r.rate_class,
      billableSeconds: r.billable_seconds,
      unratedReason: r.unrated_reason,
      cost: r.amount_decimal !== null && r.account_currency ? { amountMinor: trimDecimal(String(r.amount_decimal)), currency: r.account_currency } : null,
      carrierPrice: r.carrier_price_minor !== null && r.carrier_currency ? { amountMinor: r.carrier_price_minor, currency: r.carrier_currency } : null,
    })),
    nextCursor: last ? encodeCursor(fingerprint, [last.started_at_text, last.carrier, last.carrier_call_id]) : null,
  };
}
