import fc from 'fast-check';
import {
  DEFAULT_RETRY_POLICY,
  RateLimitError,
  failureSignal,
  isIdempotentMethod,
  parseRetryAfter,
  shouldRetry,
  withRetry,
  type RetryContext,
  type RetryPolicy,
} from '../../src/core';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
  jitter: 'none',
  retryableStatuses: [429, 500, 502, 503, 504],
};
const half = (): number => 0.5;

function ctx(overrides: Partial<RetryContext>): RetryContext {
  return { attempt: 1, elapsedMs: 0, method: 'GET', idempotent: true, ...overrides };
}

describe('shouldRetry decides when a failed carrier call is worth repeating', () => {
  type Row = [string, Partial<RetryContext>, boolean | number, RegExp?];
  const table: Row[] = [
    // what happened, context, expected (false = stop, number = delay ms), reason pattern
    ['a GET that hit 503 waits the base delay', { status: 503 }, 500, /HTTP 503.*attempt 2 of 4/],
    ['each retry doubles the wait', { status: 502, attempt: 3 }, 2000],
    ['attempts past the limit are not retried', { status: 500, attempt: 20 }, false, /gave up after 20 of 4/],
    ['HTTP 504 is retried', { status: 504 }, 500],
    ['HTTP 429 is retried', { status: 429 }, 500, /rate limited/],
    ['HTTP 400 is the user\'s fault, not retried', { status: 400 }, false, /400 is not a passing failure/],
    ['HTTP 404 is not retried', { status: 404 }, false],
    ['HTTP 501 is not retried', { status: 501 }, false],
    ['ECONNRESET on a GET is retried', { errorCode: 'ECONNRESET' }, 500, /ECONNRESET/],
    ['ETIMEDOUT on a GET is retried', { errorCode: 'ETIMEDOUT' }, 500],
    ['ECONNREFUSED on a GET is retried', { errorCode: 'ECONNREFUSED' }, 500],
    ['ENOTFOUND (bad host) is not retried', { errorCode: 'ENOTFOUND' }, false],
    ['an unknown error with neither status nor code is not retried', {}, false, /not an HTTP or connection failure/],
    ['a purchase POST rate limited with 429 is retried', { method: 'POST', idempotent: false, status: 429 }, 500],
    ['a purchase POST refused before sending is retried', { method: 'POST', idempotent: false, errorCode: 'ECONNREFUSED' }, 500, /before the request was sent/],
    ['a purchase POST that got 503 is not retried', { method: 'POST', idempotent: false, status: 503 }, false, /non-idempotent POST/],
    ['a purchase POST whose socket reset is not retried', { method: 'post', idempotent: false, errorCode: 'ECONNRESET' }, false, /may already have taken effect/],
    ['a purchase POST that timed out is not retried', { method: 'POST', idempotent: false, errorCode: 'ETIMEDOUT' }, false],
    ['an update POST marked idempotent is retried on 503', { method: 'POST', idempotent: true, status: 503 }, 500],
    ['the last attempt is not retried', { status: 503, attempt: 4 }, false, /gave up after 4 of 4/],
    ['Retry-After seconds longer than the backoff wins', { status: 429, retryAfterHeader: '3' }, 3000, /server asked for 3 s/],
    ['Retry-After shorter than the backoff does not shorten it', { status: 429, attempt: 3, retryAfterHeader: '1' }, 2000],
    ['Retry-After in fractional seconds', { status: 503, retryAfterHeader: '1.5' }, 1500],
    ['Retry-After as an HTTP date', { status: 503, retryAfterHeader: 'Wed, 21 Oct 2015 07:28:05 GMT', nowMs: Date.parse('Wed, 21 Oct 2015 07:28:00 GMT') }, 5000],
    ['Retry-After date in the past falls back to backoff', { status: 503, retryAfterHeader: 'Wed, 21 Oct 2015 07:27:00 GMT', nowMs: Date.parse('Wed, 21 Oct 2015 07:28:00 GMT') }, 500],
    ['Retry-After date without a clock is ignored', { status: 503, retryAfterHeader: 'Wed, 21 Oct 2015 07:28:05 GMT' }, 500],
    ['garbled Retry-After falls back to backoff', { status: 503, retryAfterHeader: 'soon' }, 500],
    ['Retry-After beyond the policy max gives up instead of waiting less', { status: 429, retryAfterHeader: '120' }, false, /asked to wait 120 s, more than the 20 s/],
    ['a wait that would pass the time budget is not made', { status: 503, elapsedMs: 59_800 }, false, /time budget/],
    ['a wait that ends exactly at the budget is made', { status: 503, elapsedMs: 59_500 }, 500],
  ];

  // Rows have an optional reason; pad them so jest does not mistake the missing cell for a done callback.
  const rows = table.map(([story, overrides, expected, reason]) => [story, overrides, expected, reason ?? null] as const);
  it.each(rows)('%s', (_story, overrides, expected, reason) => {
    const decision = shouldRetry(ctx(overrides), policy, half);
    if (expected === false) {
      expect(decision.retry).toBe(false);
    } else {
      expect(decision).toMatchObject({ retry: true, delayMs: expected });
    }
    if (reason) expect(decision.reason).toMatch(reason);
  });

  it('caps the doubling at maxDelayMs however many attempts a generous policy allows', () => {
    const patient: RetryPolicy = { ...policy, maxAttempts: 100, maxElapsedMs: Number.MAX_SAFE_INTEGER };
    expect(shouldRetry(ctx({ status: 503, attempt: 30 }), patient, half)).toMatchObject({ retry: true, delayMs: 20_000 });
    expect(shouldRetry(ctx({ status: 503, attempt: 99 }), patient, half)).toMatchObject({ retry: true, delayMs: 20_000 });
  });

  it('spreads full-jitter waits over [0, backoff] and equal-jitter over [backoff/2, backoff]', () => {
    const full: RetryPolicy = { ...policy, jitter: 'full' };
    const equal: RetryPolicy = { ...policy, jitter: 'equal' };
    const at = (p: RetryPolicy, r: number): unknown => shouldRetry(ctx({ status: 503, attempt: 2 }), p, () => r);
    expect(at(full, 0)).toMatchObject({ retry: true, delayMs: 0 });
    expect(at(full, 0.25)).toMatchObject({ delayMs: 250 });
    expect(at(equal, 0)).toMatchObject({ delayMs: 500 });
    expect(at(equal, 0.999999)).toMatchObject({ delayMs: 1000 });
  });

  it('spreads a burst refused with one Retry-After over the next backoff step, never waiting less than asked', () => {
    // A concurrency limit answers every request of a burst with the same Retry-After; waiting exactly that, they would
    // all come back at once and be refused again.
    const full: RetryPolicy = { ...policy, jitter: 'full' };
    const refused = (attempt: number, r: number): unknown => shouldRetry(ctx({ status: 429, attempt, retryAfterHeader: '1' }), full, () => r);
    expect(refused(1, 0)).toMatchObject({ retry: true, delayMs: 1000 });
    expect(refused(1, 0.5)).toMatchObject({ delayMs: 1250 });
    expect(refused(1, 0.999999)).toMatchObject({ delayMs: 1500 });
    expect(refused(2, 0.5)).toMatchObject({ delayMs: 1500 });
    // Without jitter (tests, demos) the server's wait is taken as it is.
    expect(shouldRetry(ctx({ status: 429, retryAfterHeader: '1' }), policy, () => 0.5)).toMatchObject({ delayMs: 1000 });
  });

  it('survives a broken random source by clamping it into [0, 1]', () => {
    const full: RetryPolicy = { ...policy, jitter: 'full' };
    expect(shouldRetry(ctx({ status: 503 }), full, () => Number.NaN)).toMatchObject({ delayMs: 0 });
    expect(shouldRetry(ctx({ status: 503 }), full, () => 7)).toMatchObject({ delayMs: 500 });
  });

  it('keeps every promise for any input: bounded wait, Retry-After respected, attempts and budget bounded', () => {
    const arbPolicy = fc.record({
      maxAttempts: fc.integer({ min: 1, max: 10 }),
      baseDelayMs: fc.integer({ min: 0, max: 5_000 }),
      maxDelayMs: fc.integer({ min: 0, max: 60_000 }),
      maxElapsedMs: fc.integer({ min: 0, max: 300_000 }),
      jitter: fc.constantFrom('full' as const, 'equal' as const, 'none' as const),
      retryableStatuses: fc.constant([429, 500, 502, 503, 504]),
    });
    const arbCtx = fc.record(
      {
        attempt: fc.integer({ min: 1, max: 12 }),
        elapsedMs: fc.integer({ min: 0, max: 120_000 }),
        method: fc.constantFrom('GET', 'POST', 'DELETE'),
        status: fc.constantFrom(200, 400, 404, 409, 429, 500, 501, 502, 503, 504),
        errorCode: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EWHATEVER'),
        retryAfterHeader: fc.oneof(
          fc.integer({ min: 0, max: 200 }).map(String),
          fc.double({ min: 0, max: 100, noNaN: true }).map((n) => n.toFixed(2)),
          fc.constantFrom('', 'soon', 'Thu, 01 Jan 2026 00:01:00 GMT'),
          fc.constant(null),
        ),
        idempotent: fc.boolean(),
        nowMs: fc.constant(Date.parse('Thu, 01 Jan 2026 00:00:00 GMT')),
      },
      { requiredKeys: ['attempt', 'elapsedMs', 'method', 'idempotent'] },
    );
    const arbRandom = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

    let retries = 0;
    fc.assert(
      fc.property(arbCtx, arbPolicy, arbRandom, (context, p, r) => {
        const decision = shouldRetry(context, p, () => r);
        if (!decision.retry) return;
        retries++;
        expect(Number.isInteger(decision.delayMs)).toBe(true);
        expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.delayMs).toBeLessThanOrEqual(p.maxDelayMs);
        expect(context.attempt).toBeLessThan(p.maxAttempts);
        expect(context.elapsedMs + decision.delayMs).toBeLessThanOrEqual(p.maxElapsedMs);
        const hint = parseRetryAfter(context.retryAfterHeader, context.nowMs);
        if (hint !== undefined) expect(decision.delayMs).toBeGreaterThanOrEqual(hint);
        if (!context.idempotent) {
          const safe = context.status !== undefined ? context.status === 429 : context.errorCode === 'ECONNREFUSED';
          expect(safe).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // Guard against a vacuous property: plenty of the generated cases must actually retry.
    expect(retries).toBeGreaterThan(40); // about 130 of 2000 retry in practice
  });
});

describe('parseRetryAfter and isIdempotentMethod', () => {
  it('reads seconds, dates and nonsense', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 2 ')).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
  });

  it('treats GET, PUT and DELETE as idempotent and POST as not', () => {
    expect(['get', 'PUT', 'DELETE', 'HEAD'].every(isIdempotentMethod)).toBe(true);
    expect(isIdempotentMethod('POST')).toBe(false);
    expect(isIdempotentMethod('PATCH')).toBe(false);
  });
});

describe('withRetry drives the decisions with real errors', () => {
  const noWait = { sleep: async (): Promise<void> => undefined, random: half };

  it('reads status and Retry-After from an axios-like error and waits what the server asked', async () => {
    const waits: number[] = [];
    const retried: string[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt === 1) {
          throw Object.assign(new Error('Too Many Requests'), { response: { status: 429, headers: { 'Retry-After': '2' } } });
        }
        return 'ok';
      },
      {
        policy,
        idempotent: false,
        method: 'POST',
        sleep: async (ms) => {
          waits.push(ms);
        },
        onRetry: (event) => retried.push(event.reason),
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect(waits).toEqual([2000]);
    expect(retried[0]).toMatch(/server asked for 2 s/);
  });

  it('rethrows the last error unchanged when it gives up', async () => {
    const last = Object.assign(new Error('down'), { status: 503, moreInfo: 'x' });
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw last;
        },
        { policy, idempotent: true, method: 'GET', ...noWait },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(policy.maxAttempts);
  });

  it('stops when the clock says the time budget is spent', async () => {
    let clock = 0;
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          clock += 30_000; // each attempt takes 30 s
          throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        },
        { policy, idempotent: true, method: 'GET', ...noWait, now: () => clock },
      ),
    ).rejects.toThrow('reset');
    expect(calls).toBe(2);
  });

  it('does not retry programming errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TypeError('undefined is not a function');
        },
        { idempotent: true, method: 'GET', ...noWait },
      ),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it('lets a carrier client supply headers the SDK hides', async () => {
    const waits: number[] = [];
    await withRetry(
      async (attempt) => {
        if (attempt === 1) throw new RateLimitError({ summary: 'slow down', status: 429 });
        return undefined;
      },
      {
        policy,
        idempotent: true,
        method: 'GET',
        sleep: async (ms) => {
          waits.push(ms);
        },
        classify: (err) => ({ ...failureSignal(err), retryAfterHeader: '4' }),
      },
    );
    expect(waits).toEqual([4000]);
  });
});

describe('failureSignal finds what the retry decision needs', () => {
  it('reads RestException-like status, socket codes in causes, and Headers-style getters', () => {
    expect(failureSignal(Object.assign(new Error('x'), { status: 503, code: 20503 }))).toEqual({ status: 503 });
    expect(failureSignal(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }))).toEqual({
      errorCode: 'ECONNRESET',
    });
    const headers = new Headers({ 'Retry-After': '7' });
    expect(failureSignal({ response: { status: 429, headers } })).toEqual({ status: 429, retryAfterHeader: '7' });
    expect(failureSignal('nope')).toEqual({});
  });

  it('is the default policy: four attempts within a minute', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4);
    expect(DEFAULT_RETRY_POLICY.retryableStatuses).toEqual([429, 500, 502, 503, 504]);
  });
});
