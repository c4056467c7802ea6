/**
 * The rows the rating step reads and writes, in the columns of RECONCILER.md's `call_records` and `usage_outbox`
 * (snake_case, as the tables spell them), so the Rate job can pass rows it read and write the answers back without
 * renaming. Only what rating needs is here; the table types themselves belong to db/tables/.
 *
 * The step answers a batch column by column (one array per column, index-aligned with the rows): that is the shape
 * of PostgreSQL's bulk statements (`UPDATE … FROM unnest($1::text[], …)`, `INSERT … SELECT * FROM unnest(…)`), and
 * it makes far less garbage than an object per row, which held the step at about half a million records a second
 * (docs/benchmarks.md, "Rating"). `ratingRowsOf` and `outboxRowsOf` give the same answers as rows, for kysely's
 * `values()` and for reading.
 */
import type { CallDirection, UnratedReason } from '../../billing/rating';

/** What rating reads of a `call_records` row. */
export interface CallRecordToRate {
  /** Carrier name (`twilio`, `telnyx`): with the call id and start, the record's key. */
  readonly carrier: string;
  /** The carrier's id of the call (Twilio's CA…, Telnyx's call leg id). */
  readonly carrier_call_id: string;
  /** When the call started (UTC); the meter events' timestamp. */
  readonly started_at: Date;
  /** `inbound` (to our number) or `outbound` (from it). */
  readonly direction: CallDirection;
  /** The other party's number in E.164 (the caller of an inbound call, the callee of an outbound one); null when withheld. */
  readonly other_party: string | null;
  /** Answered duration in seconds; 0 when the call was not answered. */
  readonly duration_seconds: number;
  /** The Stripe customer (cus_…) that owns the number, or null when no owned number matched. */
  readonly account_id: string | null;
}

/** Why the reconciler kept a record unrated: rating's own reasons, or the record has no account or the account no card. */
export type RecordUnratedReason = UnratedReason | 'no-account' | 'no-rate-card';

/** The rating columns of one `call_records` row, with its key, as the Rate job writes them. */
export interface RatingColumns {
  readonly carrier: string;
  readonly carrier_call_id: string;
  readonly started_at: Date;
  /** When it was rated; set for unrated records too, so the job does not pick them up again. */
  readonly rated_at: Date;
  /** The rate class (`out-44`), null when unrated. */
  readonly rate_class: string | null;
  /** Billable seconds after increment and minimum, null when unrated. */
  readonly billable_seconds: number | null;
  /** What the call costs in minor units, exact and unrounded (minutes + connect fee), null when unrated. */
  readonly amount_decimal: string | null;
  /** Why it has no rate, null when rated. */
  readonly unrated_reason: RecordUnratedReason | null;
}

/** A `usage_outbox` row: one meter event to push, named so that a retry or a second replica never bills twice. */
export interface UsageOutboxRow {
  /** `didops:<carrier>:<carrier call id>:<class>`, the Stripe meter event's `identifier`. */
  readonly identifier: string;
  /** The Stripe customer the event is for. */
  readonly account_id: string;
  /** The meter's event name (rate-card-keys.ts). */
  readonly event_name: string;
  /** Billable seconds for a rate class's meter; 1 for the connect fee's call-counting meter. */
  readonly value: number;
  /** When the usage happened: the call's start. */
  readonly occurred_at: Date;
}

/** A record the step could not rate, with a sentence for the report. */
export interface UnratedRecord {
  /** Position of the row in the batch. */
  readonly index: number;
  readonly carrier: string;
  readonly carrier_call_id: string;
  readonly reason: RecordUnratedReason;
  /** What is missing, for a person. */
  readonly summary: string;
}

/** The rating columns of a batch, one array per column, index-aligned with the rows rated. */
export interface RatingColumnArrays {
  readonly rate_class: (string | null)[];
  readonly billable_seconds: (number | null)[];
  readonly amount_decimal: (string | null)[];
  readonly unrated_reason: (RecordUnratedReason | null)[];
}

/** The `usage_outbox` rows of a batch, one array per column, index-aligned with each other. */
export interface UsageOutboxArrays {
  readonly identifier: string[];
  readonly account_id: string[];
  readonly event_name: string[];
  readonly value: number[];
  readonly occurred_at: Date[];
}

/** The rating columns of each of `rows` as one object per row, keyed like the table (`rows` as given to the step). */
export function ratingRowsOf(rows: readonly CallRecordToRate[], rated: { readonly rated_at: Date; readonly rating: RatingColumnArrays }): RatingColumns[] {
  const { rating } = rated;
  return rows.map((row, i) => ({
    carrier: row.carrier,
    carrier_call_id: row.carrier_call_id,
    started_at: row.started_at,
    rated_at: rated.rated_at,
    rate_class: rating.rate_class[i],
    billable_seconds: rating.billable_seconds[i],
    amount_decimal: rating.amount_decimal[i],
    unrated_reason: rating.unrated_reason[i],
  }));
}

/** The usage outbox rows of a batch as one object per row. */
export function outboxRowsOf(rated: { readonly outbox: UsageOutboxArrays }): UsageOutboxRow[] {
  const { outbox } = rated;
  return outbox.identifier.map((identifier, i) => ({ identifier, account_id: outbox.account_id[i], event_name: outbox.event_name[i], value: outbox.value[i], occurred_at: outbox.occurred_at[i] }));
}
