/**
 * Analytics on the real PostgreSQL: a few thousand generated calls of two accounts (and some nobody owns) around New
 * York's change to daylight time, rolled up; each query's answer equals the plain computation over the same rows;
 * a tenant sees only its own; the call log pages every call exactly once while calls keep arriving; a late call
 * corrects its hour's rollup.
 */
import { DateTime } from 'luxon';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import {
  ALL_ACCOUNTS,
  accountsScope,
  callersByPlace,
  callVolume,
  costTrend,
  durationStats,
  listCalls,
  listNumbers,
  peakHourHeatmap,
  rollUpDirtyHours,
  usageSummaries,
  type AnalyticsContext,
} from '../../src/reconciler/analytics';
import { amountOf, callsIn, countBy, generateCalls, insertCalls, nearestRank, type TestCall } from '../support/analytics-calls';
import { openMigratedDatabase, useReconcilerDatabase } from '../support/reconciler-db';

const FROM = new Date('2025-03-01T00:00:00Z');
const TO = new Date('2025-03-21T00:00:00Z');
const NOW = new Date('2025-03-21T00:00:00Z');
const NUMBERS = [
  { e164: '+14155550100', accountId: 'cus_acme' },
  { e164: '+14155550101', accountId: 'cus_acme' },
  { e164: '+442071830100', accountId: 'cus_globex' },
  { e164: '+13125550199', accountId: null },
] as const;
/** New York: midnight before and after the 9 March 2025 change (23-hour day). */
const NY_FROM = new Date('2025-03-05T00:00:00-05:00');
const NY_TO = new Date('2025-03-15T00:00:00-04:00');

describe('analytics on postgres', () => {
  const fresh = useReconcilerDatabase('postgres');
  let database: ReconcilerDatabase;
  let context: AnalyticsContext;
  let calls: TestCall[];
  const acme = accountsScope(['cus_acme']);

  beforeAll(async () => {
    database = await openMigratedDatabase(fresh.target());
    context = { db: database.db, now: () => NOW };
    await database.db.insertInto('accounts').values([
      { id: 'cus_acme', name: 'Acme', rate_card_key: 'standard', currency: 'USD' },
      { id: 'cus_globex', name: 'Globex', rate_card_key: 'standard', currency: 'EUR' },
    ]).execute();
    await database.db.insertInto('account_numbers').values([
      { e164: '+14155550100', account_id: 'cus_acme', carrier: 'twilio', valid_from: '2025-01-01T00:00:00Z', valid_to: null },
      { e164: '+14155550101', account_id: 'cus_acme', carrier: 'twilio', valid_from: '2025-01-01T00:00:00Z', valid_to: '2025-03-25T00:00:00Z' },
      { e164: '+14155550102', account_id: 'cus_acme', carrier: 'twilio', valid_from: '2024-01-01T00:00:00Z', valid_to: '2025-01-01T00:00:00Z' },
      { e164: '+442071830100', account_id: 'cus_globex', carrier: 'telnyx', valid_from: '2025-01-01T00:00:00Z', valid_to: null },
    ]).execute();
    // Globex's billing period is not a calendar month.
    await database.db.insertInto('billing_periods').values({ account_id: 'cus_globex', period_start: '2025-03-10T12:00:00Z', period_end: '2025-04-10T12:00:00Z', status: 'open', stripe_invoice_id: null, currency: 'EUR', total_minor: null, closed_at: null }).execute();
    calls = generateCalls({ seed: 13, count: 3000, from: FROM, to: TO, numbers: NUMBERS });
    await insertCalls(database.db, calls);
    // Every hour with a call was marked by the inserts, and is rolled up once, four days a transaction.
    const hours = new Set(calls.map((c) => Math.floor(c.started_at.getTime() / 3_600_000))).size;
    expect(await rollUpDirtyHours(database.db, { daysPerTransaction: 4 })).toEqual({ hours, days: 20, transactions: 5 });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('counts calls in and out per New York day across the change to daylight time, as each call\'s local date says', async () => {
    const volume = await callVolume(context, ALL_ACCOUNTS, { from: NY_FROM.toISOString(), to: NY_TO.toISOString(), timeZone: 'America/New_York', granularity: 'day' });
    expect(volume.source).toBe('rollups');
    const expected = countBy(callsIn(calls, NY_FROM, NY_TO), (c) => `${DateTime.fromJSDate(c.started_at, { zone: 'America/New_York' }).toISODate()} ${c.direction}`);
    expect(volume.buckets.map((b) => b.label)).toEqual(['2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14']);
    for (const b of volume.buckets) {
      expect([b.label, b.inbound.calls, b.outbound.calls]).toEqual([b.label, expected.get(`${b.label} inbound`) ?? 0, expected.get(`${b.label} outbound`) ?? 0]);
    }
    // The short day has 23 hourly buckets, and hours agree too.
    const hours = await callVolume(context, ALL_ACCOUNTS, { from: '2025-03-09T00:00:00-05:00', to: '2025-03-10T00:00:00-04:00', timeZone: 'America/New_York', granularity: 'hour' });
    expect(hours.buckets).toHaveLength(23);
    expect(hours.buckets[2]!.label).toBe('2025-03-09T03:00-04:00');
    const perHour = countBy(callsIn(calls, new Date('2025-03-09T05:00:00Z'), new Date('2025-03-10T04:00:00Z')), (c) => DateTime.fromJSDate(c.started_at, { zone: 'America/New_York' }).startOf('hour').toMillis().toString());
    for (const b of hours.buckets) expect(b.inbound.calls + b.outbound.calls).toBe(perHour.get(String(b.start.getTime())) ?? 0);
  });

  it('fills the weekday × hour heatmap as each call\'s local weekday and hour say, also in a half-hour zone', async () => {
    for (const timeZone of ['Europe/Berlin', 'Asia/Kolkata']) {
      const heatmap = await peakHourHeatmap(context, acme, { from: FROM.toISOString(), to: TO.toISOString(), timeZone });
      expect(heatmap.source).toBe(timeZone === 'Asia/Kolkata' ? 'records' : 'rollups');
      const expected = countBy(callsIn(calls, FROM, TO, ['cus_acme']), (c) => {
        const local = DateTime.fromJSDate(c.started_at, { zone: timeZone });
        return `${local.weekday} ${local.hour}`;
      });
      expect(heatmap.cells).toHaveLength(168);
      for (const cell of heatmap.cells) expect([cell.weekday, cell.hour, cell.calls]).toEqual([cell.weekday, cell.hour, expected.get(`${cell.weekday} ${cell.hour}`) ?? 0]);
      expect(heatmap.peak!.calls).toBe(Math.max(...expected.values()));
    }
  });

  it('gives p50 and p95 of durations within the stated bounds from rollups, exactly from records, and the mean exactly', async () => {
    // Not whole UTC days: both ends come from the records, the middle from the rollups.
    const range = { from: '2025-03-02T07:30:00Z', to: '2025-03-19T16:45:00Z' };
    const answered = callsIn(calls, new Date(range.from), new Date(range.to), ['cus_acme']).filter((c) => c.duration_seconds > 0).map((c) => c.duration_seconds);
    const truth = { p50: nearestRank(answered, 50), p95: nearestRank(answered, 95), mean: answered.reduce((a, b) => a + b, 0) / answered.length };
    const fast = await durationStats(context, acme, range);
    expect(fast).toMatchObject({ source: 'rollups', calls: answered.length });
    expect(fast.meanSeconds).toBeCloseTo(truth.mean, 9);
    for (const p of ['p50', 'p95'] as const) {
      const { low, high, seconds } = fast[p]!;
      expect(truth[p]).toBeGreaterThanOrEqual(low);
      expect(truth[p]).toBeLessThanOrEqual(high);
      expect(Math.abs(seconds - truth[p])).toBeLessThanOrEqual(Math.max(1, 0.05 * truth[p]));
    }
    const exact = await durationStats(context, acme, { ...range, precision: 'exact' });
    expect(exact).toMatchObject({ source: 'records', calls: answered.length, p50: { seconds: truth.p50, exact: true }, p95: { seconds: truth.p95, exact: true } });
  });

  it('counts callers by country and region, and by country alone', async () => {
    const inbound = callsIn(calls, FROM, TO, ['cus_acme', 'cus_globex']).filter((c) => c.direction === 'inbound');
    const byRegion = await callersByPlace(context, accountsScope(['cus_acme', 'cus_globex']), { from: '2025-03-01T12:00:00Z', to: TO.toISOString() });
    const expected = countBy(inbound.filter((c) => c.started_at >= new Date('2025-03-01T12:00:00Z')), (c) => `${c.caller_country} ${c.caller_region}`);
    expect(new Map(byRegion.places.map((p) => [`${p.country} ${p.region}`, p.calls]))).toEqual(expected);
    expect(byRegion.places.map((p) => p.calls)).toEqual([...byRegion.places.map((p) => p.calls)].sort((a, b) => b - a));
    const byCountry = await callersByPlace(context, ALL_ACCOUNTS, { from: FROM.toISOString(), to: TO.toISOString(), level: 'country', direction: 'outbound' });
    expect(new Map(byCountry.places.map((p) => [String(p.country), p.calls]))).toEqual(countBy(calls.filter((c) => c.direction === 'outbound'), (c) => String(c.callee_country)));
  });

  it('sums rated amounts per day and currency, and summarises each account\'s period', async () => {
    const trend = await costTrend(context, ALL_ACCOUNTS, { from: '2025-03-10T00:00:00Z', to: '2025-03-12T00:00:00Z', granularity: 'day' });
    expect(trend.buckets.map((b) => b.label)).toEqual(['2025-03-10', '2025-03-11']);
    for (const bucket of trend.buckets) {
      const day = callsIn(calls, bucket.start, new Date(bucket.start.getTime() + 86_400_000));
      const usd = bucket.costs.find((c) => c.currency === 'USD')!;
      const mine = day.filter((c) => c.account_id === 'cus_acme');
      expect(usd).toEqual({
        currency: 'USD',
        amountMinor: amountOf(mine),
        ratedCalls: mine.filter((c) => c.amount_decimal !== null).length,
        billableSeconds: mine.reduce((s, c) => s + (c.billable_seconds ?? 0), 0),
        unratedCalls: mine.filter((c) => c.unrated_reason !== null).length,
        pendingCalls: mine.filter((c) => c.rated_at === null).length,
      });
      expect(bucket.costs.find((c) => c.currency === 'EUR')!.amountMinor).toBe(amountOf(day.filter((c) => c.account_id === 'cus_globex')));
    }

    // Each account's own current period: Acme the calendar month, Globex from the 10th at noon.
    const summaries = await usageSummaries(context, ALL_ACCOUNTS);
    const globexPeriod = callsIn(calls, new Date('2025-03-10T12:00:00Z'), TO, ['cus_globex']);
    expect(summaries.map((s) => [s.accountId, s.period.start.toISOString(), s.calls, s.amountMinor])).toEqual([
      ['cus_acme', '2025-03-01T00:00:00.000Z', callsIn(calls, FROM, TO, ['cus_acme']).length, amountOf(callsIn(calls, FROM, TO, ['cus_acme']))],
      ['cus_globex', '2025-03-10T12:00:00.000Z', globexPeriod.length, amountOf(globexPeriod)],
    ]);
    expect(summaries[1]!.billableMinutes).toBe(globexPeriod.reduce((s, c) => s + (c.billable_seconds ?? 0), 0) / 60);
  });

  it('lists numbers with their status and calls this period', async () => {
    const page = await listNumbers(context, acme, { limit: 2 });
    expect(page.numbers.map((n) => [n.e164, n.status])).toEqual([['+14155550100', 'active'], ['+14155550101', 'active']]);
    expect(page.numbers[0]!.calls).toBe(calls.filter((c) => c.number_e164 === '+14155550100').length);
    const rest = await listNumbers(context, acme, { limit: 2, cursor: page.nextCursor! });
    expect(rest).toMatchObject({ numbers: [{ e164: '+14155550102', status: 'released', calls: 0 }], nextCursor: null });
    expect((await listNumbers(context, acme, { status: 'released' })).numbers.map((n) => n.e164)).toEqual(['+14155550102']);
  });

  it('shows a tenant only its own accounts\' calls, whatever it asks for', async () => {
    const volume = await callVolume(context, acme, { from: FROM.toISOString(), to: TO.toISOString(), granularity: 'month' });
    expect(volume.buckets[0]!.inbound.calls + volume.buckets[0]!.outbound.calls).toBe(callsIn(calls, FROM, TO, ['cus_acme']).length);
    const theirs = { accounts: ['cus_globex'], from: FROM.toISOString(), to: TO.toISOString() };
    expect((await listCalls(context, acme, theirs)).calls).toEqual([]);
    expect((await durationStats(context, acme, theirs)).calls).toBe(0);
    expect((await callersByPlace(context, acme, theirs)).places).toEqual([]);
    expect((await usageSummaries(context, acme, theirs))).toEqual([]);
    expect((await listNumbers(context, acme, { accounts: ['cus_globex'] })).numbers).toEqual([]);
    // Even naming a Globex number: the scope still holds.
    expect((await listCalls(context, acme, { numbers: ['+442071830100'] })).calls).toEqual([]);
    const page = await listCalls(context, acme, { limit: 500 });
    expect(new Set(page.calls.map((c) => c.accountId))).toEqual(new Set(['cus_acme']));
  });

  it('pages the call log newest first, every call exactly once, while new and late calls arrive', async () => {
    const filters = { accounts: ['cus_acme', 'cus_globex'], direction: 'inbound' as const, minDurationSeconds: 30 };
    const before = calls.filter((c) => c.account_id !== null && c.direction === 'inbound' && c.duration_seconds >= 30);
    const seen: string[] = [];
    let cursor: string | undefined;
    let arrivals = 0;
    do {
      const page = await listCalls(context, ALL_ACCOUNTS, { ...filters, limit: 97, ...(cursor ? { cursor } : {}) });
      seen.push(...page.calls.map((c) => `${c.carrier}:${c.carrierCallId}`));
      const keys = page.calls.map((c) => [c.startedAt.getTime(), c.carrier, c.carrierCallId] as const);
      expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0) || (a[2] < b[2] ? 1 : -1)));
      // Meanwhile: a new call ahead of the first page, and a late one somewhere behind.
      const late = generateCalls({ seed: 100 + arrivals, count: 2, from: FROM, to: new Date('2025-03-25T00:00:00Z'), numbers: NUMBERS.slice(0, 3), idPrefix: `NEW${arrivals++}-` });
      await insertCalls(database.db, late);
      calls.push(...late);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((k) => !k.includes('NEW')).sort()).toEqual(before.map((c) => `${c.carrier}:${c.carrier_call_id}`).sort());
    await expect(listCalls(context, ALL_ACCOUNTS, { ...filters, minDurationSeconds: 31, cursor: (await listCalls(context, ALL_ACCOUNTS, { ...filters, limit: 1 })).nextCursor! })).rejects.toThrow(/cursor: the cursor was made for other filters/);
    await expect(listCalls(context, ALL_ACCOUNTS, { cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(/cursor: .* is not a cursor this list gave out/);
  });

  it('corrects an hour\'s rollup when a late call for it arrives, and answers exactly before the job runs', async () => {
    await rollUpDirtyHours(database.db);
    const hour = new Date('2025-03-04T10:00:00Z');
    const hourly = () => database.db.selectFrom('usage_hourly').select(['direction', 'calls', 'amount']).where('hour', '=', hour).where('account_id', '=', 'cus_acme').orderBy('direction').execute();
    const stale = await hourly();
    const late = generateCalls({ seed: 99, count: 5, from: hour, to: new Date(hour.getTime() + 3_600_000), numbers: NUMBERS.slice(0, 1), idPrefix: 'LATE' });
    await insertCalls(database.db, late);
    calls.push(...late);
    // Before the job: the hour is dirty, so queries read its records.
    const day = { from: '2025-03-04T00:00:00Z', to: '2025-03-05T00:00:00Z', granularity: 'day' as const };
    const expectedDay = callsIn(calls, new Date(day.from), new Date(day.to), ['cus_acme']).length;
    const beforeJob = (await callVolume(context, acme, day)).buckets[0]!;
    expect(beforeJob.inbound.calls + beforeJob.outbound.calls).toBe(expectedDay);
    expect(await hourly()).toEqual(stale);

    expect(await rollUpDirtyHours(database.db)).toMatchObject({ hours: 1, days: 1 });
    const inHour = callsIn(calls, hour, new Date(hour.getTime() + 3_600_000), ['cus_acme']);
    const recount = countBy(inHour, (c) => c.direction);
    expect((await hourly()).map((r) => [r.direction, r.calls])).toEqual([...recount.entries()].sort().map(([d, n]) => [d, n]));
    expect(await database.db.selectFrom('usage_dirty_hours').selectAll().execute()).toEqual([]);
    const afterJob = (await callVolume(context, acme, day)).buckets[0]!;
    expect(afterJob.inbound.calls + afterJob.outbound.calls).toBe(expectedDay);

    // Rating a pending call (an UPDATE) marks its hour too.
    const pending = calls.find((c) => c.account_id === 'cus_acme' && c.rated_at === null && c.duration_seconds > 0)!;
    await database.db.updateTable('call_records').set({ rated_at: NOW, rate_class: 'in-1', billable_seconds: 60, amount_decimal: '1.5' })
      .where('carrier', '=', pending.carrier).where('carrier_call_id', '=', pending.carrier_call_id).execute();
    Object.assign(pending, { rated_at: NOW, rate_class: 'in-1', billable_seconds: 60, amount_decimal: '1.5' });
    await rollUpDirtyHours(database.db);
    const [summary] = await usageSummaries(context, acme);
    expect(summary!.amountMinor).toBe(amountOf(callsIn(calls, FROM, new Date('2025-04-01T00:00:00Z'), ['cus_acme'])));
  });

  it('refuses bad filters with the field, the value and the fix', async () => {
    await expect(callVolume(context, ALL_ACCOUNTS, { timeZone: 'Europe/Londn' })).rejects.toThrow(/timeZone: "Europe\/Londn" is not an IANA time zone/);
    await expect(durationStats(context, ALL_ACCOUNTS, { from: '2025-03-05T00:00:00Z', to: '2025-03-01T00:00:00Z' })).rejects.toThrow(/^to: must be after from/);
    await expect(listCalls(context, ALL_ACCOUNTS, { numbers: '4155550100' })).rejects.toThrow(/numbers\[0\]: must be an E.164 number/);
    await expect(callVolume(context, ALL_ACCOUNTS, { from: '2024-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z', granularity: 'hour' })).rejects.toThrow(/granularity: "hour" makes 10200 buckets/);
  });
});
