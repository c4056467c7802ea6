import { cycleBoundary, periodContaining, type Recurrence } from '../../src/sandbox/stripe/billing/billing-periods';
import { aggregateMeterReadings, summaryWindows, type MeterReading } from '../../src/sandbox/stripe/billing/meter-aggregation';
import { prorationFactor, prorationItems } from '../../src/sandbox/stripe/billing/proration';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const monthly: Recurrence = { interval: 'month', interval_count: 1 };

describe('billing periods follow the anchor\'s day of month, clamped to short months, in UTC', () => {
  it('bills a Jan 31 anchor on Feb 28, Mar 31, Apr 30 without drifting to the 28th', () => {
    const anchor = at('2026-01-31T10:00:00Z');
    expect([1, 2, 3, 4].map((k) => iso(cycleBoundary(anchor, monthly, k)))).toEqual([
      '2026-02-28T10:00:00.000Z', '2026-03-31T10:00:00.000Z', '2026-04-30T10:00:00.000Z', '2026-05-31T10:00:00.000Z',
    ]);
  });

  it('uses Feb 29 in a leap year', () => {
    expect(iso(cycleBoundary(at('2028-01-31T00:00:00Z'), monthly, 1))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('steps quarterly, yearly, every two weeks and daily', () => {
    const anchor = at('2026-01-15T00:00:00Z');
    expect(iso(cycleBoundary(anchor, { interval: 'month', interval_count: 3 }, 1))).toBe('2026-04-15T00:00:00.000Z');
    expect(iso(cycleBoundary(at('2028-02-29T00:00:00Z'), { interval: 'year', interval_count: 1 }, 1))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(cycleBoundary(anchor, { interval: 'week', interval_count: 2 }, 1))).toBe('2026-01-29T00:00:00.000Z');
    expect(iso(cycleBoundary(anchor, { interval: 'day', interval_count: 1 }, -1))).toBe('2026-01-14T00:00:00.000Z');
  });

  it('finds the period containing an instant, start inclusive and end exclusive', () => {
    const anchor = at('2026-01-31T00:00:00Z');
    const march = periodContaining(anchor, monthly, at('2026-03-15T12:00:00Z'));
    expect([iso(march.start), iso(march.end)]).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    const boundary = periodContaining(anchor, monthly, at('2026-03-31T00:00:00Z'));
    expect(iso(boundary.start)).toBe('2026-03-31T00:00:00.000Z');
    const before = periodContaining(anchor, monthly, at('2025-12-01T00:00:00Z'));
    expect([iso(before.start), iso(before.end)]).toEqual(['2025-11-30T00:00:00.000Z', '2025-12-31T00:00:00.000Z']);
  });

  it('keeps twelve monthly periods contiguous over a year', () => {
    const anchor = at('2026-01-31T00:00:00Z');
    let period = periodContaining(anchor, monthly, anchor);
    for (let month = 0; month < 12; month += 1) {
      const next = periodContaining(anchor, monthly, period.end);
      expect(next.start).toBe(period.end);
      period = next;
    }
    expect(iso(period.start)).toBe('2027-01-31T00:00:00.000Z');
  });
});

describe('prorations credit the unused time of the old item and charge the remaining time of the new', () => {
  // April 2026: 30 days = 2,592,000 s
  const april = { start: at('2026-04-01T00:00:00Z'), end: at('2026-05-01T00:00:00Z') };

  it('uses remaining seconds over period seconds as the factor', () => {
    // 10 of 30 days left = 1/3
    expect(prorationFactor(april, at('2026-04-21T00:00:00Z')).times(3).toNumber()).toBe(1);
    expect(prorationFactor(april, april.start).toNumber()).toBe(1);
    expect(prorationFactor(april, april.end).toNumber()).toBe(0);
  });

  it('prorates going from 2 to 3 numbers at $5.00 with 10 of 30 days left', () => {
    // credit −round(1000 × 1/3) = −round(333.33) = −333; charge round(1500 × 1/3) = 500
    const items = prorationItems({ oldFullAmount: 1000, newFullAmount: 1500, period: april, at: at('2026-04-21T00:00:00Z') });
    expect(items).toEqual([
      { kind: 'unused_time', amount: -333, period: { start: at('2026-04-21T00:00:00Z'), end: april.end } },
      { kind: 'remaining_time', amount: 500, period: { start: at('2026-04-21T00:00:00Z'), end: april.end } },
    ]);
  });

  it('rounds each proration item on its own, half up', () => {
    // half the period left: 1001 × 1/2 = 500.5 → credit −501; 3 × 1/2 = 1.5 → 2
    const half = at('2026-04-16T00:00:00Z');
    expect(prorationItems({ oldFullAmount: 1001, newFullAmount: 3, period: april, at: half }).map((i) => i.amount)).toEqual([-501, 2]);
  });

  it('only charges for an added item and only credits a removed one', () => {
    const atDay = at('2026-04-25T00:00:00Z'); // 6 of 30 days left = 0.2
    expect(prorationItems({ oldFullAmount: null, newFullAmount: 2000, period: april, at: atDay }).map((i) => [i.kind, i.amount]))
      .toEqual([['remaining_time', 400]]);
    expect(prorationItems({ oldFullAmount: 2000, newFullAmount: null, period: april, at: atDay }).map((i) => [i.kind, i.amount]))
      .toEqual([['unused_time', -400]]);
  });

  it('makes none with proration_behavior none, or at the very end of the period', () => {
    expect(prorationItems({ oldFullAmount: 1000, newFullAmount: 2000, period: april, at: at('2026-04-10T00:00:00Z') }, 'none')).toEqual([]);
    expect(prorationItems({ oldFullAmount: 1000, newFullAmount: 2000, period: april, at: april.end })).toEqual([]);
  });
});

describe('a meter aggregates a customer\'s events over a window', () => {
  const t0 = at('2026-04-01T00:00:00Z');
  const readings: MeterReading[] = [
    { timestamp: t0 + 10, value: '120', seq: 1 },
    { timestamp: t0 + 3_600, value: '45.5', seq: 2 },
    { timestamp: t0 + 3_600, value: '7', seq: 3 },
    { timestamp: t0 + 7_200, value: '30', seq: 4 },
    { timestamp: t0 - 1, value: '1000', seq: 5 },
  ];
  const firstTwoHours = { start: t0, end: t0 + 7_200 };

  it('sums the values in [start, end) exactly', () => {
    // 120 + 45.5 + 7 = 172.5 (the event at end and the one before start are out)
    expect(aggregateMeterReadings(readings, 'sum', firstTwoHours).toString()).toBe('172.5');
  });

  it('counts events whatever their value', () => {
    expect(aggregateMeterReadings(readings, 'count', firstTwoHours).toNumber()).toBe(3);
    expect(aggregateMeterReadings([{ timestamp: t0, value: null, seq: 1 }], 'count').toNumber()).toBe(1);
  });

  it('keeps the latest value, the last reported on a tie, and 0 without events', () => {
    expect(aggregateMeterReadings(readings, 'last', firstTwoHours).toNumber()).toBe(7);
    expect(aggregateMeterReadings([], 'last').toNumber()).toBe(0);
  });

  it('groups summaries per hour or day, refusing misaligned bounds', () => {
    expect(summaryWindows(t0, t0 + 7_200, 'hour')).toEqual([{ start: t0, end: t0 + 3_600 }, { start: t0 + 3_600, end: t0 + 7_200 }]);
    expect(summaryWindows(t0, t0 + 86_400 * 2, 'day')).toHaveLength(2);
    expect(summaryWindows(t0 + 60, t0 + 3_600, 'hour')).toEqual({ misaligned: 'start_time' });
    expect(summaryWindows(t0, t0 + 90_000, 'day')).toEqual({ misaligned: 'end_time' });
    expect(summaryWindows(t0 + 60, t0 + 120)).toEqual([{ start: t0 + 60, end: t0 + 120 }]);
  });
});
