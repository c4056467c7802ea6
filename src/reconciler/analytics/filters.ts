/**
 * The filters of every analytics query as zod schemas: the API reuses them for REST query parameters (strings: lists
 * may be comma-separated, numbers and booleans come as text) and GraphQL arguments, and the queries parse their input
 * with them, so a bad filter is a ValidationError naming the field, the value and the fix, never a database error.
 */
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { zodIssuesToDiagnostics } from '../../core/diagnostics';
import { isKnownTimeZone } from '../../routing/model';

const MAX_LIST = 200;
const DAY_MS = 86_400_000;
/** The widest range a query accepts. */
export const MAX_RANGE_DAYS = 3 * 366;
/** The most buckets one volume or cost answer may have (an hour granularity over about 400 days). */
export const MAX_BUCKETS = 10_000;

/** A list given as an array, one value, or comma-separated text (`?accounts=cus_1,cus_2`). */
function listOf<T extends z.ZodType<string>>(item: T, what: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : value),
    z.array(item).min(1, `name at least one ${what}, or leave the filter out`).max(MAX_LIST, `at most ${MAX_LIST} ${what}s at once`),
  );
}

const accountId = z.string().min(1).max(255);
const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as "+14155550100"');

/** An instant with its offset (`2025-03-01T00:00:00Z`, `2025-03-01T00:00:00-05:00`) or a Date. */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with its offset, such as "2025-03-01T00:00:00Z" or "2025-03-01T00:00:00-05:00"' })])
  .transform((value) => new Date(value));

/** An IANA zone name, validated against the runtime's zone database. */
export const timeZoneSchema = z
  .string()
  .refine(isKnownTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone; use a name such as "America/New_York", "Europe/Berlin" or "UTC"` });

/** true/false, also as the text "true"/"false" of a query string. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** A whole number, also as text. */
function count(min: number, max: number) {
  return z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(min).max(max);
}

const direction = z.enum(['inbound', 'outbound']);

/** Filters every query over calls shares: whose calls, which numbers, which direction, when. */
const callFilters = {
  /** Accounts to include (within the caller's scope); default: every account the caller sees. */
  accounts: listOf(accountId, 'account').optional(),
  /** Our numbers to include. */
  numbers: listOf(e164, 'number').optional(),
  direction: direction.optional(),
  /** Start of the range (included); default: 30 days before `to`. */
  from: instantSchema.optional(),
  /** End of the range (excluded); default: now. */
  to: instantSchema.optional(),
};

function checkRange(value: { from?: Date | undefined; to?: Date | undefined }, ctx: z.RefinementCtx): void {
  if (value.from && value.to) {
    if (value.to <= value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from (${value.from.toISOString()}); swap them or widen the range` });
    else if (value.to.getTime() - value.from.getTime() > MAX_RANGE_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range is longer than ${MAX_RANGE_DAYS} days; query it in parts` });
  }
}

/** `listNumbers`: the numbers of accounts, with status. */
export const numbersFilterSchema = z
  .strictObject({
    accounts: callFilters.accounts,
    /** `active` (owned now), `released` (ownership ended), `scheduled` (starts later). */
    status: z.enum(['active', 'released', 'scheduled']).optional(),
    limit: count(1, 1000).default(100),
    cursor: z.string().max(500).optional(),
  });

/** `listCalls`: the call log, newest first, paged by cursor. */
export const callLogFilterSchema = z
  .strictObject({
    ...callFilters,
    /** `rated` (has an amount), `unrated` (kept unrated by the rate job), `pending` (not rated yet). */
    rating: z.enum(['rated', 'unrated', 'pending']).optional(),
    /** Only calls at least this long (seconds). */
    minDurationSeconds: count(0, 1_000_000).optional(),
    limit: count(1, 500).default(50),
    /** `nextCursor` of the previous page, unchanged. */
    cursor: z.string().max(500).optional(),
  })
  .superRefine(checkRange);

/** `callVolume`: calls in and out per hour, day or month of a zone. */
export const volumeFilterSchema = z
  .strictObject({ ...callFilters, timeZone: timeZoneSchema.default('UTC'), granularity: z.enum(['hour', 'day', 'month']).default('day') })
  .superRefine(checkRange);

/** `durationStats`: mean, p50 and p95 of call durations. */
export const durationStatsFilterSchema = z
  .strictObject({
    ...callFilters,
    /** Leave out calls that were not answered (0 s); default true. */
    answeredOnly: flag.default(true),
    /** `rollups` (fast; percentiles within 5 %) or `exact` (read from the records). */
    precision: z.enum(['rollups', 'exact']).default('rollups'),
  })
  .superRefine(checkRange);

/** `callersByPlace`: calls by the other party's country and region. */
export const callersByPlaceFilterSchema = z
  .strictObject({
    ...callFilters,
    /** Inbound by default: then the other party is the caller. */
    direction: z.enum(['inbound', 'outbound', 'both']).default('inbound'),
    level: z.enum(['country', 'region']).default('region'),
    limit: count(1, 1000).default(100),
  })
  .superRefine(checkRange);

/** `peakHourHeatmap`: calls per weekday and hour of a zone. */
export const heatmapFilterSchema = z.strictObject({ ...callFilters, timeZone: timeZoneSchema.default('UTC') }).superRefine(checkRange);

/** `costTrend`: rated amounts per day or month of a zone, per currency. */
export const costTrendFilterSchema = z
  .strictObject({ accounts: callFilters.accounts, from: callFilters.from, to: callFilters.to, timeZone: timeZoneSchema.default('UTC'), granularity: z.enum(['day', 'month']).default('day') })
  .superRefine(checkRange);

/** `usageSummaries`: per account, one period's minutes, calls and amount. */
export const usageSummaryFilterSchema = z
  .strictObject({
    accounts: callFilters.accounts,
    /** With `to`, one range for every account; without both, each account's billing period containing now. */
    from: callFilters.from,
    to: callFilters.to,
  })
  .superRefine((value, ctx) => {
    if ((value.from === undefined) !== (value.to === undefined)) ctx.addIssue({ code: 'custom', path: [value.from ? 'to' : 'from'], message: 'give both from and to, or neither for each account\'s current billing period' });
    checkRange(value, ctx);
  });

/** Parses a query's filter input, or throws a ValidationError with one diagnostic per field. */
export function parseFilter<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw ValidationError.fromDiagnostics(zodIssuesToDiagnostics(parsed.error));
}

/** The range of a filter: `to` defaults to now, `from` to 30 days before `to`. */
export function resolveRange(filter: { from?: Date | undefined; to?: Date | undefined }, now: Date): { from: Date; to: Date } {
  const to = filter.to ?? now;
  const from = filter.from ?? new Date(to.getTime() - 30 * DAY_MS);
  if (to <= from) throw new ValidationError({ field: 'from', summary: `${from.toISOString()} is not before the end of the range (${to.toISOString()})`, detail: 'give a from before to, or leave from out for the 30 days before to' });
  return { from, to };
}

/** Filters of each query, as given (before defaults). */
export type NumbersFilterInput = z.input<typeof numbersFilterSchema>;
/** @see callLogFilterSchema */
export type CallLogFilterInput = z.input<typeof callLogFilterSchema>;
/** @see volumeFilterSchema */
export type VolumeFilterInput = z.input<typeof volumeFilterSchema>;
/** @see durationStatsFilterSchema */
export type DurationStatsFilterInput = z.input<typeof durationStatsFilterSchema>;
/** @see callersByPlaceFilterSchema */
export type CallersByPlaceFilterInput = z.input<typeof callersByPlaceFilterSchema>;
/** @see heatmapFilterSchema */
export type HeatmapFilterInput = z.input<typeof heatmapFilterSchema>;
/** @see costTrendFilterSchema */
export type CostTrendFilterInput = z.input<typeof costTrendFilterSchema>;
/** @see usageSummaryFilterSchema */
export type UsageSummaryFilterInput = z.input<typeof usageSummaryFilterSchema>;
