/** The sandbox's per-account concurrency limiter, on its own: slots taken, refused and given back. */
import { ConcurrencyLimiter } from '../../src/sandbox/concurrency';
import { Refusal } from '../../src/sandbox/http/refusal';
import { twilioRefusalResponse } from '../../src/sandbox/http/twilio-error';

const ALICE = `AC${'a'.repeat(32)}`;
const BOB = `AC${'b'.repeat(32)}`;

describe('concurrency limiter', () => {
  it("refuses the request past the limit with a 429 that Twilio's sub-app answers as 20429 with a Retry-After, counting each account apart", async () => {
    const limiter = new ConcurrencyLimiter(2);
    limiter.admit(ALICE);
    limiter.admit(ALICE);
    let refusal: unknown;
    try {
      limiter.admit(ALICE);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ status: 429, reason: 'concurrency', retryAfterSeconds: 1 });
    const answer = twilioRefusalResponse(refusal as Refusal);
    expect(answer.status).toBe(429);
    expect(await answer.json()).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(() => limiter.admit(BOB)).not.toThrow();
    expect(limiter.describe()).toEqual({ limit: 2, retryAfterSeconds: 1, inFlight: { [ALICE]: 2, [BOB]: 1 }, refused: 1 });
  });

  it('gives a slot back once, however many times its release is called', () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = limiter.admit(ALICE);
    const other = new ConcurrencyLimiter(1).admit(ALICE);
    release();
    release();
    other();
    expect(limiter.inFlightFor(ALICE)).toBe(0);
    const again = limiter.admit(ALICE);
    expect(() => limiter.admit(ALICE)).toThrow(Refusal);
    again();
    expect(limiter.describe().inFlight).toEqual({});
  });

  it('counts requests while the limit is off, so a limit set at run time sees the ones already in flight', () => {
    const limiter = new ConcurrencyLimiter();
    const releases = [limiter.admit(ALICE), limiter.admit(ALICE), limiter.admit(ALICE)];
    limiter.configure(2, 3);
    expect(() => limiter.admit(ALICE)).toThrow(expect.objectContaining({ retryAfterSeconds: 3 }));
    releases.forEach((release) => release());
    expect(() => limiter.admit(ALICE)).not.toThrow();
    limiter.configure(undefined);
    expect(limiter.describe()).toMatchObject({ limit: null, retryAfterSeconds: 3 });
  });
});
