/**
 * `GET /v2/detail_records?filter[record_type]=call-control|sip-trunking`: the calls of Telnyx-owned numbers, made by
 * the same traffic switch that gives Twilio numbers their Calls, rendered as Telnyx voice detail records: `sip-trunking`
 * for numbers on a SIP connection, `call-control` for the others (on a call control application, or on none).
 *
 * The SDK declares both record types but no schema for either (it says they filter and sort alike, on started_at,
 * finished_at and answered_at), so their fields follow Telnyx's documented voice records
 * (cli, cld, direction, started_at / answered_at / finished_at, call_sec, billed_sec, rate, cost, currency, ...).
 * As the SDK documents, filter[record_type] is required and filtering or sorting on a field the record type lacks is
 * a 400. Other record types (messaging, conference, ...) answer an empty list: the sandbox makes no such traffic.
 */
import { createHash } from 'node:crypto';
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import { catalogueCallRates } from '../../rates';
import type { TelnyxCallFilter, TelnyxCallRow } from '../../store/telnyx-cdr-repository';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import { invalidQuery } from '../http/telnyx-error';
import { telnyxTime } from '../ids';
import { connectionNameOf } from '../connections';

const RECORD_TYPES = ['ai-voice-assistant', 'amd', 'call-control', 'conference', 'conference-participant', 'embedding', 'fax', 'inference',
  'inference-speech-to-text', 'media_storage', 'media-streaming', 'messaging', 'noise-suppression', 'recording', 'sip-trunking',
  'siprec-client', 'stt', 'tts', 'verify', 'webrtc', 'wireless'] as const;
/** The voice record types: a number's calls are `sip-trunking` records on a SIP connection, `call-control` ones otherwise. */
type CallRecordType = 'call-control' | 'sip-trunking';
const DATE_RANGES = ['yesterday', 'today', 'tomorrow', 'last_week', 'this_week', 'next_week', 'last_month', 'this_month', 'next_month'] as const;
const TIME_FIELDS = { started_at: 'start_time', finished_at: 'end_time' } as const;
const OPS = { gte: '>=', gt: '>', lte: '<=', lt: '<', eq: '=' } as const;
const HANGUP_CAUSE: Record<TelnyxCallRow['status'], string> = {
  completed: 'normal_clearing', busy: 'user_busy', 'no-answer': 'timeout', failed: 'call_rejected', canceled: 'originator_cancel',
};
const DAY = 86_400_000;

/** [start, end) of a named range around `now`, in UTC; weeks start on Monday. */
function dateRange(name: (typeof DATE_RANGES)[number], now: number): [number, number] {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const monday = today - ((d.getUTCDay() + 6) % 7) * DAY;
  const month = (offset: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
  switch (name) {
    case 'yesterday': return [today - DAY, today];
    case 'today': return [today, today + DAY];
    case 'tomorrow': return [today + DAY, today + 2 * DAY];
    case 'last_week': return [monday - 7 * DAY, monday];
    case 'this_week': return [monday, monday + 7 * DAY];
    case 'next_week': return [monday + 7 * DAY, monday + 14 * DAY];
    case 'last_month': return [month(-1), month(0)];
    case 'this_month': return [month(0), month(1)];
    case 'next_month': return [month(1), month(2)];
  }
}

/** Reads the filters; any other `filter[...]` is a field voice records lack, a 400 as on Telnyx. */
function readFilter(query: TelnyxQuery, params: URLSearchParams, now: number, recordType: CallRecordType): TelnyxCallFilter {
  const known = new Set(['filter[record_type]', 'filter[date_range]', 'filter[direction]', 'filter[cli]', 'filter[cld]', 'filter[connection_id]', 'filter[hangup_cause]']);
  const bounds: TelnyxCallFilter['bounds'] = [];
  for (const key of new Set(params.keys())) {
    if (!key.startsWith('filter[') || known.has(key)) continue;
    const m = /^filter\[(started_at|finished_at)\]\[(gte|gt|lte|lt|eq)\]$/.exec(key);
    if (!m) throw invalidQuery(key, 'is not a field of call-control and sip-trunking records; filter on started_at, finished_at, direction, cli, cld, connection_id or hangup_cause');
    bounds.push({ column: TIME_FIELDS[m[1] as keyof typeof TIME_FIELDS], op: OPS[m[2] as keyof typeof OPS], value: query.instant(key)! });
  }
  const range = query.oneOf('filter[date_range]', DATE_RANGES);
  if (range) {
    const [from, to] = dateRange(range, now);
    bounds.push({ column: 'start_time', op: '>=', value: from }, { column: 'start_time', op: '<', value: to });
  }
  const cause = query.oneOf('filter[hangup_cause]', Object.values(HANGUP_CAUSE));
  const sort = query.string('sort') ?? '-started_at';
  if (!/^-?(started_at|finished_at|answered_at)$/.test(sort)) throw invalidQuery('sort', `"${sort.slice(0, 30)}" is not a field of call-control and sip-trunking records; sort by started_at, finished_at or answered_at (- for descending)`);
  return {
    bounds,
    direction: query.oneOf('filter[direction]', ['inbound', 'outbound'] as const),
    cli: query.string('filter[cli]', { maxLength: 32 }),
    cld: query.string('filter[cld]', { maxLength: 32 }),
    connectionId: query.string('filter[connection_id]', { maxLength: 64 }),
    onSipConnection: recordType === 'sip-trunking',
    statuses: cause === undefined ? undefined : Object.entries(HANGUP_CAUSE).filter(([, c]) => c === cause).map(([s]) => s),
    newestFirst: sort.startsWith('-'),
  };
}

/** A Telnyx-style UUID from a call SID (`CA` + 32 hex), so the same call always has the same id. */
function uuidOf(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

const money = (micros: number) => (micros / 1_000_000).toFixed(4);

function recordOf(ctx: SandboxContext, row: TelnyxCallRow, recordType: CallRecordType) {
  const inbound = row.direction === 'inbound';
  const perMinute = inbound ? catalogueCallRates.inboundPerMinute(row.iso_country, row.type) : catalogueCallRates.outboundPerMinute(row.to_number);
  const answered = row.status === 'completed';
  return {
    id: uuidOf(row.sid.slice(2)),
    record_type: recordType,
    call_leg_id: uuidOf(row.sid.slice(2)),
    call_session_id: uuidOf(createHash('sha1').update(row.sid).digest('hex')),
    cli: row.from_number,
    cld: row.to_number,
    direction: inbound ? 'inbound' : 'outbound',
    started_at: telnyxTime(row.start_time),
    answered_at: answered ? telnyxTime(row.start_time) : null,
    finished_at: telnyxTime(row.end_time),
    call_sec: row.duration,
    // Billed in whole minutes, as the traffic switch prices its calls.
    billed_sec: Math.ceil(row.duration / 60) * 60,
    hangup_cause: HANGUP_CAUSE[row.status],
    rate: money(Math.round(perMinute * 1_000_000)),
    rate_measured_in: 'minutes',
    cost: money(-row.price_micros),
    currency: row.price_unit,
    connection_id: row.connection_id,
    connection_name: connectionNameOf(ctx, row.connection_id),
    phone_number_id: row.phone_number_id,
    is_telnyx_billable: true,
    tags: '',
  };
}

/** Registers the detail record route. */
export function registerTelnyxDetailRecordRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  app.get('/detail_records', (c) => {
    const params = new URL(c.req.url).searchParams;
    const query = new TelnyxQuery(params);
    const page = readPage(query);
    const recordType = query.oneOf('filter[record_type]', RECORD_TYPES);
    if (recordType === undefined) throw invalidQuery('filter[record_type]', `is required; send one of ${RECORD_TYPES.join(', ')}`);
    if (recordType !== 'call-control' && recordType !== 'sip-trunking') return c.json({ data: [], meta: pageMeta(page, 0) });
    const { rows, total } = ctx.telnyx.cdrs.list(readFilter(query, params, ctx.now(), recordType), page.offset, page.size);
    return c.json({ data: rows.map((r) => recordOf(ctx, r, recordType)), meta: pageMeta(page, total) });
  });
}
