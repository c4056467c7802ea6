/**
 * Kysely types of the core tables (migrations/0001-core.ts). Conventions: money in integer minor units (bigint →
 * number), exact decimals as `numeric` (→ string), instants as timestamptz (→ Date), E.164 as text.
 */
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz the database fills in when omitted. */
type DefaultedTime = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamptz column: read as Date, written as Date or ISO text. */
type Time = ColumnType<Date, Date | string, Date | string>;
/** A nullable timestamptz column. */
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** A billing account (tenant); its id is the Stripe customer id. */
export interface AccountsTable {
  id: string;
  name: string;
  rate_card_key: string;
  currency: string;
  created_at: DefaultedTime;
}

/** Which account a number bills to, over time; periods of one number never overlap (an exclusion constraint). */
export interface AccountNumbersTable {
  id: Generated<number>;
  e164: string;
  account_id: string;
  carrier: string;
  valid_from: Time;
  /** Null while the number still belongs to the account. */
  valid_to: NullableTime;
}

/** One call from a carrier; partitioned by month of `started_at`; key (carrier, carrier_call_id, started_at). */
export interface CallRecordsTable {
  carrier: string;
  carrier_call_id: string;
  started_at: Time;
  from_e164: string;
  to_e164: string;
  direction: 'inbound' | 'outbound';
  duration_seconds: number;
  status: string;
  carrier_price_minor: number | null;
  carrier_currency: string | null;
  /** Null when no owned number matched at the call's instant (kept and reported, never dropped). */
  account_id: string | null;
  /** Our number: `to` of an inbound call, `from` of an outbound one. */
  number_e164: string | null;
  other_party: string | null;
  caller_country: string | null;
  caller_region: string | null;
  callee_country: string | null;
  callee_region: string | null;
  ingested_at: DefaultedTime;
  rated_at: NullableTime;
  rate_class: string | null;
  billable_seconds: number | null;
  /** Fractional minor units, exact. */
  amount_decimal: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  unrated_reason: string | null;
}

/** How far ingest got per carrier account: everything before `ingested_until` is in call_records. */
export interface IngestCursorsTable {
  carrier: string;
  carrier_account: string;
  ingested_until: Time;
  page_token: string | null;
  updated_at: DefaultedTime;
}

/** Rated usage waiting to be reported to billing; written in the rating transaction, drained by the push job. */
export interface UsageOutboxTable {
  /** Deterministic, e.g. `didops:<carrier>:<call id>:<class>`; Stripe dedupes meter events by it too. */
  identifier: string;
  account_id: string;
  event_name: string;
  value: number;
  occurred_at: Time;
  created_at: DefaultedTime;
  pushed_at: NullableTime;
}

/** A billing period of an account and where its close got to. */
export interface BillingPeriodsTable {
  account_id: string;
  period_start: Time;
  period_end: Time;
  status: 'open' | 'closing' | 'closed';
  stripe_invoice_id: string | null;
  currency: string | null;
  total_minor: number | null;
  closed_at: NullableTime;
}

/** Append-only record of every write and export (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultedTime;
  /** Who: an API key id, an OAuth client, `job:<name>` or `cli`. */
  actor: string;
  /** What, as `<area>.<verb>` (`accounts.create`, `calls.export`). */
  action: string;
  /** The object acted on, when there is one. */
  target: string | null;
  /** From where: the client address, or `local`. */
  source: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
}

/** The core area's tables. */
export interface CoreTables {
  accounts: AccountsTable;
  account_numbers: AccountNumbersTable;
  call_records: CallRecordsTable;
  ingest_cursors: IngestCursorsTable;
  usage_outbox: UsageOutboxTable;
  billing_periods: BillingPeriodsTable;
  audit_log: AuditLogTable;
}
