/** Twilio's Calls as the port's call records: one page at a time, oldest first, for a period. */
import { exactMoney } from '../../core/money';
import type { CallRecord } from '../carrier';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';

const PAGE_SIZE = 1000;

export async function* twilioCallRecords(client: TwilioClient, period: { from: Date; to: Date }): AsyncIterable<CallRecord> {
  let calls;
  try {
    // The SDK follows Twilio's pages; a period's calls fit in memory (the reconciler asks a day at a time).
    calls = await client.calls.list({ startTimeAfter: period.from, startTimeBefore: period.to, pageSize: PAGE_SIZE });
  } catch (err) {
    throw fromTwilioError(err, { operation: 'list the account’s calls' });
  }
  const records: CallRecord[] = [];
  for (const c of calls) {
    if (!c.startTime || c.startTime < period.from || c.startTime >= period.to) continue;
    // Twilio reports what a call cost as a negative decimal (money leaving the account), often in fractions of a
    // cent ("-0.01700"): those are left out rather than rounded, as exactMoney says.
    const price = c.price ? exactMoney(c.price.replace(/^-/, ''), c.priceUnit) : undefined;
    records.push({
      id: c.sid,
      from: c.from,
      to: c.to,
      direction: c.direction === 'inbound' ? 'inbound' : 'outbound',
      startedAt: c.startTime,
      durationSeconds: Number(c.duration ?? 0),
      status: c.status,
      ...(price ? { price } : {}),
    });
  }
  // Twilio lists newest first; the port promises oldest first.
  records.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  yield* records;
}
