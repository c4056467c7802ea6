/**
 * Kysely types of the analytics rollups (migrations/0009-analytics.ts): aggregates of `call_records` kept per UTC hour
 * or day by the `rollup` job (analytics/rollup.ts), and the hours whose records changed since their rollup. Counts and
 * seconds are bigint (→ number); amounts are exact `numeric` sums of `amount_decimal` in the account's minor units
 * (→ string). `account_id` is null for calls no owned number matched, as in `call_records`.
 */
import type { ColumnType } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO text. */
type Time = ColumnType<Date, Date | string, Date | string>;
/** An exact decimal sum: read as text, written as text or number. */
type Amount = ColumnType<string, string | number, string | number>;

/** Counters every rollup row carries. */
interface CallCounters {
  /** Calls (answered or not). */
  calls: number;
  /** Calls with a duration above 0. */
  answered_calls: number;
  duration_seconds: number;
}

/** Per account, UTC hour and direction: volume, rating state and cost (volume, heatmap, cost trends, summaries). */
export interface UsageHourlyTable extends CallCounters {
  account_id: string | null;
  /** Start of the UTC hour. */
  hour: Time;
  direction: 'inbound' | 'outbound';
  /** Sum of `billable_seconds` of rated calls. */
  billable_seconds: number;
  /** Calls with an amount. */
  rated_calls: number;
  /** Calls the rate job kept unrated (rated_at set, no amount). */
  unrated_calls: number;
  /** Sum of `amount_decimal`, fractional minor units of the account's currency. */
  amount: Amount;
}

/** Per account, our number, UTC day and direction (calls of each number this period). */
export interface UsageDailyNumbersTable extends CallCounters {
  account_id: string | null;
  number_e164: string | null;
  /** Start of the UTC day. */
  day: Time;
  direction: 'inbound' | 'outbound';
  billable_seconds: number;
  amount: Amount;
}

/**
 * Per account, UTC day and direction: call durations in fixed buckets (analytics/duration-buckets.ts), kept sparse:
 * `bucket_counts[i]` calls fell in bucket `bucket_indexes[i]` (0-based; bucket 0 holds the unanswered calls).
 */
export interface UsageDailyDurationsTable extends CallCounters {
  account_id: string | null;
  day: Time;
  direction: 'inbound' | 'outbound';
  bucket_indexes: ColumnType<number[], number[], number[]>;
  bucket_counts: ColumnType<number[], number[], number[]>;
  /** The longest call: the upper bound of the last, open bucket. */
  max_duration_seconds: number;
}

/** Per account, UTC day, direction and the other party's country and region (callers by place). */
export interface UsageDailyPlacesTable extends CallCounters {
  account_id: string | null;
  day: Time;
  direction: 'inbound' | 'outbound';
  /** ISO 3166-1 alpha-2 of the other party (the caller of an inbound call, the callee of an outbound one). */
  country: string | null;
  region: string | null;
}

/**
 * UTC hours whose call records changed (insert, update, delete) after their rollups were last computed: written by
 * statement triggers on `call_records` in the changing transaction itself, consumed by the rollup job.
 */
export interface UsageDirtyHoursTable {
  hour: Time;
  /** When a change last marked it. */
  marked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The analytics area's tables. */
export interface AnalyticsTables {
  usage_hourly: UsageHourlyTable;
  usage_daily_numbers: UsageDailyNumbersTable;
  usage_daily_durations: UsageDailyDurationsTable;
  usage_daily_places: UsageDailyPlacesTable;
  usage_dirty_hours: UsageDirtyHoursTable;
}
