/**
 * Call logs with their cost: the caller's call records, newest first, filtered and paged by keyset (the last call's
 * (started_at, carrier, id) as the cursor), so any page costs one index range scan however deep it is. Exports read
 * the same filter through `streamCalls`, batch by batch, so a million calls never sit in memory.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { CARRIER_NAMES } from '../../../carriers/carrier';
import { e164Schema } from '../../../core/e164';
import type { Database } from '../../db/database';
import type { CallRecordsTable } from '../../db/tables/core';
import type { TenantScope } from '../auth/tenancy';
import { notFound } from '../problem';
import { accountIdSchema, checkWindow, cursorSchema, encodeCursor, instantSchema, instantText, limitSchema, requireFilterAccount, type Page } from './common';

const callKeySchema = z.tuple([z.iso.datetime(), z.string(), z.string()]);

/** What narrows a call log (and a calls export). */
const callFilterFields = {
  account_id: accountIdSchema.optional(),
  number: e164Schema.optional().meta({ description: 'our number on the call (the callee of an inbound call, the caller of an outbound one)' }),
  direction: z.enum(['inbound', 'outbound']).optional(),
  carrier: z.enum(CARRIER_NAMES).optional(),
  status: z.string().max(40).optional(),
  rated: z.enum(['true', 'false']).optional().meta({ description: '"true": rated calls only; "false": calls not rated yet or unratable' }),
  from: instantSchema.optional().meta({ description: 'calls that started at or after this instant' }),
  to: instantSchema.optional().meta({ description: 'calls that started before this instant' }),
};

/** The query of a calls export: the call log's filters. */
export const callExportFilterSchema = z.strictObject(callFilterFields).superRefine(checkWindow);

/** The query of a call log page. */
export const callFilterSchema = z
  .strictObject({ ...callFilterFields, limit: limitSchema, cursor: cursorSchema(callKeySchema).optional() })
  .superRefine(checkWindow);

/** The filters as query functions take them. */
export type CallFilter = z.output<typeof callExportFilterSchema> & { readonly limit?: number; readonly cursor?: z.output<typeof callKeySchema> };

/** The path of one call. */
export const callParamsSchema = z.strictObject({ carrier: z.enum(CARRIER_NAMES), call_id: z.string().min(1).max(128) });

/** A call on the wire. */
export const callSchema = z.strictObject({
  carrier: z.string(),
  call_id: z.string(),
  account_id: z.string().nullable(),
  started_at: instantText,
  direction: z.enum(['inbound', 'outbound']),
  from: z.string(),
  to: z.string(),
  number: z.string().nullable(),
  other_party: z.string().nullable(),
  duration_seconds: z.number().int(),
  status: z.string(),
  caller_country: z.string().nullable(),
  caller_region: z.string().nullable(),
  callee_country: z.string().nullable(),
  callee_region: z.string().nullable(),
  cost: z.strictObject({
    rated_at: instantText.nullable(),
    rate_class: z.string().nullable(),
    billable_seconds: z.number().int().nullable(),
    amount_minor: z.string().nullable().meta({ description: 'exact price in minor units of currency, as decimal text (fractions of a cent kept)' }),
    currency: z.string().nullable(),
    unrated_reason: z.string().nullable(),
  }),
  carrier_price: z.strictObject({ amount_minor: z.number().int(), currency: z.string() }).nullable(),
});

/** A call as query functions return it. */
export type CallLogEntry = Omit<z.input<typeof callSchema>, 'started_at' | 'cost'> & {
  readonly started_at: Date;
  readonly cost: Omit<z.input<typeof callSchema>['cost'], 'rated_at'> & { readonly rated_at: Date | null };
};

const COLUMNS = [
  'c.carrier', 'c.carrier_call_id', 'c.account_id', 'c.started_at', 'c.direction', 'c.from_e164', 'c.to_e164', 'c.number_e164', 'c.other_party',
  'c.duration_seconds', 'c.status', 'c.caller_country', 'c.caller_region', 'c.callee_country', 'c.callee_region', 'c.rated_at', 'c.rate_class',
  'c.billable_seconds', 'c.amount_decimal', 'c.unrated_reason', 'c.carrier_price_minor', 'c.carrier_currency',
] as const;

type CallRow = Pick<Selectable<CallRecordsTable>, 'carrier' | 'carrier_call_id' | 'account_id' | 'started_at' | 'direction' | 'from_e164' | 'to_e164' | 'number_e164' | 'other_party' | 'duration_seconds' | 'status' | 'caller_country' | 'caller_region' | 'callee_country' | 'callee_region' | 'rated_at' | 'rate_class' | 'billable_seconds' | 'amount_decimal' | 'unrated_reason' | 'carrier_price_minor' | 'carrier_currency'> & { currency: string | null };

/** A page of the caller's calls, newest first. */
export async function listCalls(db: Kysely<Database>, scope: TenantScope, filter: CallFilter): Promise<Page<CallLogEntry>> {
  requireFilterAccount(scope, filter.account_id);
  const limit = filter.limit ?? 50;
  const rows = await filteredCalls(db, scope, filter).limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > limit;
  return { data: page.map(callOf), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}

/** The cursor that starts a page right after `call` (GraphQL edges carry one per call). */
export function callCursor(call: CallLogEntry): string {
  return encodeCursor([call.started_at.toISOString(), call.carrier, call.call_id]);
}

/** One of the caller's calls; another tenant's (or an unattributed one, for a tenant) answers like a missing one. */
export async function getCall(db: Kysely<Database>, scope: TenantScope, carrier: string, callId: string): Promise<CallLogEntry> {
  const row = await selectCalls(db).where('c.carrier', '=', carrier).where('c.carrier_call_id', '=', callId).where(scope.accountFilter('c.account_id')).executeTakeFirst();
  if (!row) throw notFound('call', callId);
  return callOf(row);
}

/** Every call the filter matches, newest first, read `batch` rows per query (keyset, no cursor held open). */
export async function* streamCalls(db: Kysely<Database>, scope: TenantScope, filter: CallFilter, batch = 2000): AsyncGenerator<CallLogEntry> {
  requireFilterAccount(scope, filter.account_id);
  let cursor = filter.cursor;
  for (;;) {
    const rows = await filteredCalls(db, scope, { ...filter, ...(cursor ? { cursor } : {}) }).limit(batch).execute();
    for (const row of rows) yield callOf(row);
    if (rows.length < batch) return;
    cursor = keyOf(rows[rows.length - 1]!);
  }
}

function selectCalls(db: Kysely<Database>) {
  return db
    .selectFrom('call_records as c')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .select([...COLUMNS, 'a.currency']);
}

function filteredCalls(db: Kysely<Database>, scope: TenantScope, f: CallFilter) {
  return selectCalls(db)
    .where(scope.accountFilter('c.account_id'))
    .$if(f.account_id !== undefined, (q) => q.where('c.account_id', '=', f.account_id!))
    .$if(f.number !== undefined, (q) => q.where('c.number_e164', '=', f.number!))
    .$if(f.direction !== undefined, (q) => q.where('c.direction', '=', f.direction!))
    .$if(f.carrier !== undefined, (q) => q.where('c.carrier', '=', f.carrier!))
    .$if(f.status !== undefined, (q) => q.where('c.status', '=', f.status!))
    .$if(f.rated === 'true', (q) => q.where('c.rated_at', 'is not', null).where('c.unrated_reason', 'is', null))
    .$if(f.rated === 'false', (q) => q.where((eb) => eb.or([eb('c.rated_at', 'is', null), eb('c.unrated_reason', 'is not', null)])))
    .$if(f.from !== undefined, (q) => q.where('c.started_at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('c.started_at', '<', f.to!))
    .$if(f.cursor !== undefined, (q) => q.where((eb) => after(eb, f.cursor!)))
    .orderBy('c.started_at', 'desc')
    .orderBy('c.carrier', 'desc')
    .orderBy('c.carrier_call_id', 'desc');
}

/** Strictly after the cursor's call in the log's order (newest first). */
function after(eb: ExpressionBuilder<Database & { c: CallRecordsTable }, 'c'>, [startedAt, carrier, id]: z.output<typeof callKeySchema>) {
  return eb(eb.refTuple('c.started_at', 'c.carrier', 'c.carrier_call_id'), '<', eb.tuple(new Date(startedAt) as never, carrier, id));
}

function keyOf(row: CallRow): z.output<typeof callKeySchema> {
  return [row.started_at.toISOString(), row.carrier, row.carrier_call_id];
}

function callOf(r: CallRow): CallLogEntry {
  return {
    carrier: r.carrier,
    call_id: r.carrier_call_id,
    account_id: r.account_id,
    started_at: r.started_at,
    direction: r.direction,
    from: r.from_e164,
    to: r.to_e164,
    number: r.number_e164,
    other_party: r.other_party,
    duration_seconds: r.duration_seconds,
    status: r.status,
    caller_country: r.caller_country,
    caller_region: r.caller_region,
    callee_country: r.callee_country,
    callee_region: r.callee_region,
    cost: {
      rated_at: r.rated_at,
      rate_class: r.rate_class,
      billable_seconds: r.billable_seconds,
      amount_minor: r.amount_decimal,
      currency: r.currency,
      unrated_reason: r.unrated_reason,
    },
    carrier_price: r.carrier_price_minor !== null && r.carrier_currency !== null ? { amount_minor: r.carrier_price_minor, currency: r.carrier_currency } : null,
  };
}
