/** Call detail records from the traffic switch, Usage Records and Usage Triggers through the real twilio SDK. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let t: TestSandbox;
const now = Date.parse('2026-11-23T12:00:00Z');
/** The numbers are bought on 25 October, before the windows the tests fill with calls. */
let clock = Date.parse('2026-10-25T09:00:00Z');
const callbacks: URLSearchParams[] = [];
let hook: Server;
let hookUrl: string;

beforeAll(async () => {
  t = await startTestSandbox({ now: () => clock });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      callbacks.push(new URLSearchParams(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/usage`;
  for (const areaCode of ['415', '212', '312']) await t.client.incomingPhoneNumbers.create({ areaCode });
  clock = now;
});
afterAll(async () => {
  t.expectAllConform();
  hook.closeAllConnections();
  hook.close();
  await t.close();
});

describe('analytics data from the traffic switch', () => {
  it('generates the same realistic calls for the same seed and window', async () => {
    const window = { start: Date.parse('2026-11-01T00:00:00Z'), end: Date.parse('2026-11-08T00:00:00Z'), callsPerNumberPerDay: 30, seed: 42 };
    const created = t.sandbox.traffic.generate(window);
    expect(created).toBeGreaterThan(400);
    expect(t.sandbox.traffic.generate(window)).toBe(0); // the same window again: the same calls, already there
    const calls = await t.client.calls.list({ startTimeAfter: new Date('2026-11-01T00:00:00Z'), pageSize: 1000 });
    expect(calls).toHaveLength(created);
    const owned = new Set((await t.client.incomingPhoneNumbers.list()).map((n) => n.phoneNumber));
    for (const c of calls) {
      expect(owned.has(c.direction === 'inbound' ? c.to : c.from)).toBe(true);
      expect(Number(c.duration)).toBeGreaterThanOrEqual(0);
      if (c.status === 'completed') expect(Number(c.price)).toBeLessThan(0);
    }
    const statuses = new Set(calls.map((c) => c.status));
    expect(statuses.has('completed')).toBe(true);
    expect(statuses.size).toBeGreaterThan(2);
    expect(new Set(calls.map((c) => c.direction))).toEqual(new Set(['inbound', 'outbound-api']));
    // Business hours are busier than the night, in the numbers' local time.
    const localHour = (c: (typeof calls)[number]) => (c.startTime.getUTCHours() - 5 + 24) % 24;
    const day = calls.filter((c) => localHour(c) >= 9 && localHour(c) < 17).length;
    const night = calls.filter((c) => localHour(c) >= 0 && localHour(c) < 6).length;
    expect(day).toBeGreaterThan(night * 2);
    const newest = calls[0];
    expect((await t.client.calls(newest.sid).fetch()).to).toBe(newest.to);
    expect(calls.map((c) => c.startTime.getTime())).toEqual([...calls.map((c) => c.startTime.getTime())].sort((a, b) => b - a));
  });

  it('filters calls by number, status and time', async () => {
    const [number] = await t.client.incomingPhoneNumbers.list({ limit: 1 });
    const inbound = await t.client.calls.list({ to: number.phoneNumber, status: 'completed', pageSize: 1000 });
    expect(inbound.length).toBeGreaterThan(0);
    for (const c of inbound) expect(c).toMatchObject({ to: number.phoneNumber, status: 'completed' });
    const firstDay = await t.client.calls.list({ startTime: new Date('2026-11-02T00:00:00Z'), pageSize: 1000 });
    expect(firstDay.length).toBeGreaterThan(0);
    for (const c of firstDay) expect(c.startTime.toISOString().slice(0, 10)).toBe('2026-11-02');
  });

  it('sums usage records by category that agree with the call list', async () => {
    const calls = await t.client.calls.list({ startTimeAfter: new Date('2026-11-01T00:00:00Z'), pageSize: 1000 });
    const [record] = await t.client.usage.records.list({ category: 'calls', startDate: new Date('2026-11-01'), endDate: new Date('2026-11-07') });
    expect(Number(record.count)).toBe(calls.length);
    const minutes = calls.reduce((sum, c) => sum + Math.ceil(Number(c.duration) / 60), 0);
    expect(Number(record.usage)).toBe(minutes);
    const price = calls.reduce((sum, c) => sum - Number(c.price), 0);
    expect(record.price).toBeCloseTo(price, 4);
    const daily = await t.client.usage.records.daily.list({ category: 'calls', startDate: new Date('2026-11-01'), endDate: new Date('2026-11-07') });
    expect(daily).toHaveLength(7);
    expect(daily.reduce((s, r) => s + Number(r.count), 0)).toBe(calls.length);
    const numbers = await t.client.usage.records.thisMonth.list({ category: 'phonenumbers' });
    expect(Number(numbers[0].count)).toBe(3);
  });

  it('never puts calls on a number before it was bought or after it was released, and keeps its rental in history', async () => {
    const before = await t.client.usage.records.thisMonth.list({ category: 'phonenumbers' });
    const late = await t.client.incomingPhoneNumbers.create({ areaCode: '617' });
    clock = now + 3_600_000;
    await t.client.incomingPhoneNumbers(late.sid).remove();
    clock = now + 7_200_000;
    t.sandbox.traffic.generate({ start: now - 86_400_000, end: now + 7_200_000, callsPerNumberPerDay: 2000, seed: 5 });
    const lateCalls = [
      ...(await t.client.calls.list({ to: late.phoneNumber, pageSize: 1000 })),
      ...(await t.client.calls.list({ from: late.phoneNumber, pageSize: 1000 })),
    ];
    expect(lateCalls.length).toBeGreaterThan(0);
    for (const c of lateCalls) {
      expect(c.startTime.getTime()).toBeGreaterThanOrEqual(Math.floor(now / 1000) * 1000);
      expect(c.startTime.getTime()).toBeLessThan(now + 3_600_000);
    }
    const after = await t.client.usage.records.thisMonth.list({ category: 'phonenumbers' });
    expect(Number(after[0].count)).toBe(Number(before[0].count) + 1);
    expect(after[0].price).toBeGreaterThan(before[0].price);
  });

  it('fires a usage trigger with a callback when the threshold is crossed', async () => {
    const trigger = await t.client.usage.triggers.create({ callbackUrl: hookUrl, triggerValue: '+5', usageCategory: 'calls', triggerBy: 'count', friendlyName: 'calls alert' });
    expect(trigger.sid).toMatch(/^UT[0-9a-f]{32}$/);
    expect(trigger.dateFired).toBeNull();
    t.sandbox.traffic.generate({ start: now - 3_600_000, end: now, callsPerNumberPerDay: 500 });
    const fired = await t.client.usage.triggers(trigger.sid).fetch();
    expect(fired.dateFired).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 300));
    expect(callbacks.find((c) => c.get('UsageTriggerSid') === trigger.sid)).toBeDefined();
    const updated = await t.client.usage.triggers(trigger.sid).update({ friendlyName: 'renamed' });
    expect(updated.friendlyName).toBe('renamed');
    expect((await t.client.usage.triggers.list()).map((x) => x.sid)).toContain(trigger.sid);
    expect(await t.client.usage.triggers(trigger.sid).remove()).toBe(true);
  });
});
