/**
 * Analytics on the embedded default (PGlite): the rollup job runs from the reconciler's own queue, the triggers mark
 * what changed, and the answers equal the plain computation: volume by New York day across daylight time, duration
 * percentiles within their bounds, the call log paged once through.
 */
import { DateTime } from 'luxon';
import { accountsScope, callVolume, durationStats, listCalls, ALL_ACCOUNTS } from '../../src/reconciler/analytics';
import { rollupJob } from '../../src/reconciler/jobs/rollup';
import type { RunningReconciler } from '../../src/reconciler/service';
import { callsIn, countBy, generateCalls, insertCalls, nearestRank } from '../support/analytics-calls';
import { startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';

const FROM = new Date('2025-03-06T00:00:00Z');
const TO = new Date('2025-03-13T00:00:00Z');
const NUMBERS = [
  { e164: '+14155550100', accountId: 'cus_acme' },
  { e164: '+442071830100', accountId: 'cus_globex' },
] as const;

describe('analytics on the embedded database', () => {
  const fresh = useReconcilerDatabase('embedded');
  let reconciler: RunningReconciler;
  afterAll(async () => {
    await reconciler?.stop();
  });

  it('rolls up from its queue and answers as the records say', async () => {
    reconciler = await startTestReconciler(fresh.target(), {}, { now: () => TO, jobs: [rollupJob] });
    const { db } = reconciler.context;
    await db.insertInto('accounts').values([
      { id: 'cus_acme', name: 'Acme', rate_card_key: 'standard', currency: 'USD' },
      { id: 'cus_globex', name: 'Globex', rate_card_key: 'standard', currency: 'EUR' },
    ]).execute();
    const calls = generateCalls({ seed: 5, count: 600, from: FROM, to: TO, numbers: NUMBERS });
    await insertCalls(db, calls);
    expect(Number((await db.selectFrom('usage_dirty_hours').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(100);

    await reconciler.queue!.addJob('rollup', {});
    const deadline = Date.now() + 60_000;
    while ((await db.selectFrom('usage_dirty_hours').select('hour').limit(1).execute()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await db.selectFrom('usage_dirty_hours').selectAll().execute()).toEqual([]);

    const context = { db, now: () => TO };
    const nyFrom = new Date('2025-03-07T00:00:00-05:00');
    const nyTo = new Date('2025-03-12T00:00:00-04:00');
    const volume = await callVolume(context, ALL_ACCOUNTS, { from: nyFrom.toISOString(), to: nyTo.toISOString(), timeZone: 'America/New_York' });
    const expected = countBy(callsIn(calls, nyFrom, nyTo), (c) => DateTime.fromJSDate(c.started_at, { zone: 'America/New_York' }).toISODate()!);
    expect(volume.source).toBe('rollups');
    expect(volume.buckets.map((b) => [b.label, b.inbound.calls + b.outbound.calls])).toEqual([...expected.entries()].sort());

    const acme = accountsScope(['cus_acme']);
    const answered = callsIn(calls, FROM, TO, ['cus_acme']).filter((c) => c.duration_seconds > 0).map((c) => c.duration_seconds);
    const stats = await durationStats(context, acme, { from: FROM.toISOString(), to: TO.toISOString() });
    expect(stats.calls).toBe(answered.length);
    for (const [p, value] of [['p50', nearestRank(answered, 50)], ['p95', nearestRank(answered, 95)]] as const) {
      expect(value).toBeGreaterThanOrEqual(stats[p]!.low);
      expect(value).toBeLessThanOrEqual(stats[p]!.high);
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCalls(context, acme, { limit: 40, ...(cursor ? { cursor } : {}) });
      seen.push(...page.calls.map((c) => c.carrierCallId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(calls.filter((c) => c.account_id === 'cus_acme').map((c) => c.carrier_call_id).sort());
  });
});
