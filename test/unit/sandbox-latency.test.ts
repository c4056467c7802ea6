/** The sandbox's carrier latency: which kind a request is, and what its seeded log-normal draws look like. */
import fc from 'fast-check';
import {
  CarrierLatency,
  REQUEST_KINDS,
  TWILIO_LATENCY_PROFILE,
  classifyRequest,
  latencyProfileSchema,
  sampleLatencyMs,
  type LatencyProfile,
  type RequestKind,
} from '../../src/sandbox/latency';

const ACCOUNT = '/api/2010-04-01/Accounts/AC000000000000000000000000d1d0b5a5';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function drawMany(latency: CarrierLatency, kind: RequestKind, n: number): number[] {
  return Array.from({ length: n }, () => latency.draw(kind)).sort((a, b) => a - b);
}

describe('which kind of request Twilio would be answering', () => {
  it.each<[string, string, RequestKind]>([
    ['GET', `${ACCOUNT}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef.json`, 'fetch'],
    ['GET', `${ACCOUNT}/AvailablePhoneNumbers/US.json`, 'fetch'],
    ['GET', '/pricing/v1/Voice/Numbers/%2B14155550100', 'fetch'],
    ['GET', '/studio/v2/Flows/FW0123456789abcdef0123456789abcdef/Revisions/LatestPublished', 'fetch'],
    ['GET', '/studio/v2/Flows/FW0123456789abcdef0123456789abcdef/Executions/FN0123456789abcdef0123456789abcdef/Context', 'fetch'],
    ['GET', `${ACCOUNT}/AvailablePhoneNumbers/US/Local.json`, 'list'],
    ['GET', `${ACCOUNT}/IncomingPhoneNumbers.json`, 'list'],
    ['GET', `${ACCOUNT}/Usage/Records/Daily.json`, 'list'],
    ['GET', '/pricing/v1/PhoneNumbers/Countries', 'list'],
    ['POST', `${ACCOUNT}/IncomingPhoneNumbers.json`, 'purchase'],
    ['POST', `${ACCOUNT}/IncomingPhoneNumbers/TollFree.json`, 'purchase'],
    ['POST', `${ACCOUNT}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef.json`, 'write'],
    ['POST', `${ACCOUNT}/Addresses.json`, 'write'],
    ['POST', '/studio/v2/Flows', 'write'],
    ['DELETE', `${ACCOUNT}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abcdef.json`, 'delete'],
  ])('%s %s is a %s', (method, path, kind) => {
    expect(classifyRequest(method, path)).toBe(kind);
  });
});

describe('latency draws', () => {
  it('gives the same delays, in the same order, for the same seed, and other delays for another seed', () => {
    const run = (seed: number) => {
      const latency = new CarrierLatency(seed, 'twilio');
      return REQUEST_KINDS.flatMap((kind) => [latency.draw(kind), latency.draw(kind)]);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('starts the sequence again when the profile is set again', () => {
    const latency = new CarrierLatency(3, 'twilio');
    const first = drawMany(latency, 'list', 5);
    latency.configure('twilio');
    expect(drawMany(latency, 'list', 5)).toEqual(first);
  });

  it("lands near the Twilio profile's median and p95 for every kind over many draws", () => {
    const latency = new CarrierLatency(11, 'twilio');
    for (const kind of REQUEST_KINDS) {
      const draws = drawMany(latency, kind, 20_000);
      const { medianMs, p95Ms } = TWILIO_LATENCY_PROFILE[kind];
      expect(Math.abs(percentile(draws, 0.5) - medianMs) / medianMs).toBeLessThan(0.05);
      expect(Math.abs(percentile(draws, 0.95) - p95Ms) / p95Ms).toBeLessThan(0.07);
      // A distribution, not a constant: a tenth of the answers are well under the median.
      expect(percentile(draws, 0.1)).toBeLessThan(medianMs * 0.75);
    }
  });

  it('never draws a negative delay nor one above the cap, whatever the uniform numbers', () => {
    const wide = { medianMs: 100, p95Ms: 5_000, maxMs: 6_000 };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u1, u2) => {
        const ms = sampleLatencyMs(wide, u1, u2);
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(6_000);
        // Without maxMs the cap is three times the p95.
        expect(sampleLatencyMs({ medianMs: 100, p95Ms: 300 }, u1, u2)).toBeLessThanOrEqual(900);
      }),
    );
  });

  it('holds nothing with the none profile and exactly the median when p95 equals it', () => {
    const none = new CarrierLatency(1);
    expect(REQUEST_KINDS.map((kind) => none.draw(kind))).toEqual([0, 0, 0, 0, 0]);
    expect(none.describe()).toMatchObject({ profile: 'none', draws: 0 });
    const constant = Object.fromEntries(REQUEST_KINDS.map((k) => [k, { medianMs: 40, p95Ms: 40 }])) as LatencyProfile;
    const fixed = new CarrierLatency(1, constant);
    expect(drawMany(fixed, 'purchase', 50)).toEqual(Array(50).fill(40));
    expect(fixed.describe()).toMatchObject({ profile: 'custom', draws: 50 });
  });
});

describe('custom profiles', () => {
  const constant = (ms: number) => ({ medianMs: ms, p95Ms: ms });
  const complete = { fetch: constant(1), list: constant(1), write: constant(1), delete: constant(1), purchase: constant(1) };

  it('accepts one distribution per kind', () => {
    expect(latencyProfileSchema.safeParse(complete).success).toBe(true);
  });

  it('refuses a p95 under the median, a missing kind and a misspelt one, naming the field', () => {
    const issuePath = (value: unknown) => latencyProfileSchema.safeParse(value).error?.issues[0];
    expect(issuePath({ ...complete, list: { medianMs: 200, p95Ms: 100 } })).toMatchObject({ path: ['list', 'p95Ms'], message: 'p95Ms must be at least medianMs' });
    const { purchase: _omitted, ...withoutPurchase } = complete;
    expect(issuePath(withoutPurchase)?.path).toEqual(['purchase']);
    expect(issuePath({ ...complete, purchse: constant(1) })?.code).toBe('unrecognized_keys');
  });

  it('refuses an invalid profile given in code with a message naming the field', () => {
    expect(() => new CarrierLatency(1, { ...complete, fetch: { medianMs: -1, p95Ms: 1 } })).toThrow(/^latency\.fetch\.medianMs: /);
  });
});
