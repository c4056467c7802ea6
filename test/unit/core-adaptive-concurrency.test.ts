import { AdaptiveConcurrency } from '../../src/core/adaptive-concurrency';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A carrier that accepts `capacity` requests in flight and refuses the rest with 429, each taking a few ticks. */
function carrier(capacity: number) {
  let inFlight = 0;
  let peak = 0;
  let refused = 0;
  return {
    async call(): Promise<'done' | 'throttled'> {
      if (inFlight >= capacity) {
        refused++;
        await tick();
        return 'throttled';
      }
      inFlight++;
      peak = Math.max(peak, inFlight);
      for (let i = 0; i < 3; i++) await tick();
      inFlight--;
      return 'done';
    },
    stats: () => ({ peak, refused }),
  };
}

describe('AdaptiveConcurrency: a client that learns how many requests the carrier account takes at once', () => {
  it('never lets more requests through than its limit, and hands freed slots on in arrival order', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 2 });
    const order: number[] = [];
    let concurrent = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const slot = await limiter.acquire();
        order.push(i);
        concurrent++;
        peak = Math.max(peak, concurrent);
        await tick();
        concurrent--;
        slot.release('done');
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.active).toBe(0);
  });

  it('lowers its limit once per burst of 429s: to what the carrier accepted, and by 30% at least', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 10 });
    const slots = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
    // Ten were in flight and one was refused: at most nine go through at once, and 30% fewer than the ten refused.
    slots[9].release('throttled');
    expect(limiter.limit).toBe(7);
    // Refused in the same burst (sent before the limit came down): already counted, not a reason to go lower.
    slots[8].release('throttled');
    slots[7].release('throttled');
    expect(limiter.limit).toBe(7);
    for (const slot of slots.slice(0, 7)) slot.release('done');
    // A request sent under the new limit and refused again is new news; refused alone, it says someone else fills
    // the account, so one at a time until answers come back.
    const later = await limiter.acquire();
    later.release('throttled');
    expect(limiter.limit).toBe(1);
    expect(limiter.active).toBe(0);
    expect(limiter.throttled).toBe(4);
  });

  it('does not collapse under a burst of 20 refusals at an account limit of 4', async () => {
    const limiter = new AdaptiveConcurrency();
    const slots = await Promise.all(Array.from({ length: 20 }, () => limiter.acquire()));
    for (const slot of slots.slice(4)) slot.release('throttled');
    for (const slot of slots.slice(0, 4)) slot.release('done');
    expect(limiter.limit).toBe(19);
    expect(limiter.throttled).toBe(16);
  });

  it('grows back quickly after a cut deeper than needed, then only slowly near the level refused last', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 8 });
    const lone = await limiter.acquire();
    lone.release('throttled'); // refused with nothing else in flight (another client's burst, say)
    expect(limiter.limit).toBe(1);
    const succeed = async (times: number) => {
      for (let i = 0; i < times; i++) (await limiter.acquire()).release('done');
    };
    // One round per step while below 70% of the 8 refused: 1 → 2 → 3 → 4 → 5 → 6 takes 1 + 2 + 3 + 4 + 5 answers.
    await succeed(15);
    expect(limiter.limit).toBe(6);
    // From there, ten rounds per step.
    await succeed(59);
    expect(limiter.limit).toBe(6);
    await succeed(1);
    expect(limiter.limit).toBe(7);
    await succeed(1000);
    expect(limiter.limit).toBe(8);
  });

  it('counts a slot released twice once', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 1 });
    const slot = await limiter.acquire();
    slot.release('done');
    slot.release('done');
    expect(limiter.active).toBe(0);
    const again = await limiter.acquire();
    expect(limiter.active).toBe(1);
    again.release('done');
  });

  it('gets 10 workers of 50 requests each through a carrier that takes 6 at once, with few refusals and nothing lost', async () => {
    const limiter = new AdaptiveConcurrency();
    const twilio = carrier(6);
    let completed = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 50; i++) {
          for (;;) {
            const slot = await limiter.acquire();
            const outcome = await twilio.call();
            slot.release(outcome);
            if (outcome === 'done') break;
          }
          completed++;
        }
      }),
    );
    expect(completed).toBe(500);
    expect(twilio.stats().peak).toBeLessThanOrEqual(6);
    // Without the limiter every round of 10 would meet 4 refusals (about 200 in all).
    expect(twilio.stats().refused).toBeLessThan(40);
    expect(limiter.limit).toBeGreaterThanOrEqual(5);
    expect(limiter.limit).toBeLessThanOrEqual(7);
  });
});
