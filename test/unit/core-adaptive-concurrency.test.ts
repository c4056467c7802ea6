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

  it('lowers its limit to what the carrier accepted when a request is refused with 429', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 10 });
    const slots = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
    // Seven were accepted alongside the refused one: at most nine, and 10% less than before.
    slots[9].release('throttled');
    expect(limiter.limit).toBe(9);
    slots[8].release('throttled');
    expect(limiter.limit).toBe(8);
    slots[7].release('throttled');
    expect(limiter.limit).toBe(7);
    for (const slot of slots.slice(0, 7)) slot.release('done');
    expect(limiter.active).toBe(0);
    expect(limiter.throttled).toBe(3);
  });

  it('raises its limit by one after a full window of answers without refusal, up to its maximum', async () => {
    const limiter = new AdaptiveConcurrency({ initial: 8 });
    const first = await limiter.acquire();
    first.release('throttled');
    expect(limiter.limit).toBe(1);
    (await limiter.acquire()).release('done');
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 2; i++) (await limiter.acquire()).release('done');
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 100; i++) (await limiter.acquire()).release('done');
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
