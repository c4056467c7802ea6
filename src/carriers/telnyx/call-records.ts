/**
 * Telnyx detail records (`GET /v2/detail_records`) as the port's call records. Calls are recorded per product:
 * `call-control` for numbers on a voice application, `sip-trunking` for numbers on a SIP connection; both are read,
 * filtered on `started_at` (those record types have no `created_at`), sorted oldest first, page by page.
 *
 * The SDK types the detail record union without these two record types, so records are read structurally here,
 * accepting the field names Telnyx uses across record types (`cli`/`from`, `cld`/`to`).
 */
import type { CallRecord } from '../carrier';
import type { TelnyxClient } from './client';
import { fromTelnyxError } from './errors';
import { exactMoney } from './money';

/** Telnyx's largest detail record page. */
const PAGE_SIZE = 50;

/** The record types that are phone calls. */
export const CALL_RECORD_TYPES = ['call-control', 'sip-trunking'] as const;

type RawRecord = Record<string, unknown>;

const text = (r: RawRecord, ...keys: string[]): string | undefined => {
  for (const key of keys) if (typeof r[key] === 'string' && r[key] !== '') return r[key] as string;
  return undefined;
};
const count = (r: RawRecord, ...keys: string[]): number | undefined => {
  for (const key of keys) if (typeof r[key] === 'number' && Number.isFinite(r[key])) return r[key] as number;
  return undefined;
};

/** One detail record as a call, or undefined when it lacks what a call record needs. */
export function callOf(r: RawRecord): CallRecord | undefined {
  const id = text(r, 'id', 'uuid', 'call_leg_id', 'call_session_id');
  const started = text(r, 'started_at', 'start_time');
  if (!id || !started || Number.isNaN(Date.parse(started))) return undefined;
  const price = exactMoney(text(r, 'cost'), text(r, 'currency'));
  return {
    id,
    from: text(r, 'cli', 'from', 'caller_number') ?? '',
    to: text(r, 'cld', 'to', 'dest_number') ?? '',
    direction: text(r, 'direction') === 'inbound' || text(r, 'direction') === 'incoming' ? 'inbound' : 'outbound',
    startedAt: new Date(started),
    durationSeconds: count(r, 'call_sec', 'duration_sec', 'billed_sec') ?? 0,
    status: text(r, 'status', 'hangup_cause') ?? 'completed',
    ...(price ? { price } : {}),
  };
}

/** Calls that started in [from, to), oldest first. */
export async function* telnyxCallRecords(client: TelnyxClient, period: { from: Date; to: Date }): AsyncIterable<CallRecord> {
  const records: CallRecord[] = [];
  for (const recordType of CALL_RECORD_TYPES) {
    try {
      const pages = client.detailRecords.list({
        filter: { record_type: recordType, started_at: { gte: period.from.toISOString(), lt: period.to.toISOString() } },
        sort: ['started_at'],
        'page[size]': PAGE_SIZE,
      });
      for await (const record of pages) {
        const call = callOf(record as unknown as RawRecord);
        if (call && call.startedAt >= period.from && call.startedAt < period.to) records.push(call);
      }
    } catch (err) {
      throw fromTelnyxError(err, { operation: `list the account’s ${recordType} detail records` });
    }
  }
  // Two record types, each oldest first: merged into one order as the port promises.
  records.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  yield* records;
}
