/**
 * How many requests one client keeps in flight to a carrier account, learnt from the carrier's answers. Twilio
 * limits the requests in flight per account and answers the rest with 429 (error 20429); an engine running 10
 * resources at once, each making a few calls, goes past a small limit, and retrying alone is not enough: every retry
 * meets the same crowd, and a purchase that stays refused for four attempts fails the run.
 *
 * So the client queues its own requests behind a limit it adjusts as TCP does its window (additive increase,
 * multiplicative decrease): a 429 lowers the limit to what the carrier evidently accepts, once per round of requests
 * (a burst refused together is one signal, not twenty), and a run of answers raises it by one again: quickly while
 * below where the last refusal came, ten times more slowly from there on, so a steady account limit costs one
 * refusal per some ten rounds of requests instead of one per round. Queued requests wait here, which costs no retry attempt and sends the carrier nothing it would refuse.
 */

/** A 429 leaves this share of the limit (TCP CUBIC's factor): one refusal is no reason to halve. */
const DECREASE = 0.7;

/** Options of {@link AdaptiveConcurrency}. */
export interface AdaptiveConcurrencyOptions {
  /** Requests in flight before any 429 is seen (default 32: above an engine's parallelism, below Twilio's 100). */
  readonly initial?: number;
  /** Never fewer than this (default 1). */
  readonly min?: number;
  /** Never more than this (default `initial`). */
  readonly max?: number;
}

/** A slot held by one request; give it back with what the carrier answered. */
export interface ConcurrencySlot {
  /** `throttled` when the carrier refused the request for load (HTTP 429), else `done`. Safe to call twice. */
  release(outcome: 'done' | 'throttled'): void;
}

/** The learnt limit and its queue; one per client (so per carrier account). */
export class AdaptiveConcurrency {
  private limitValue: number;
  private inFlight = 0;
  private successesSinceChange = 0;
  /** The limit the last decrease came from (known to be too high): well below it the limit grows back quickly. */
  private refusedAt = Number.POSITIVE_INFINITY;
  /** Bumped at each decrease; a refusal of a request sent before it is part of the burst already counted. */
  private round = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly min: number;
  private readonly max: number;
  /** 429s seen (for tests and benchmarks). */
  throttled = 0;

  constructor(options: AdaptiveConcurrencyOptions = {}) {
    const initial = options.initial ?? 32;
    this.min = Math.max(1, options.min ?? 1);
    this.max = Math.max(this.min, options.max ?? initial);
    this.limitValue = Math.min(this.max, Math.max(this.min, initial));
  }

  /** The current limit. */
  get limit(): number {
    return this.limitValue;
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot under the current limit. */
  async acquire(): Promise<ConcurrencySlot> {
    if (this.inFlight >= this.limitValue) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    const sentInRound = this.round;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.settle(outcome, sentInRound);
      },
    };
  }

  /**
   * Answers without refusal before the limit grows by one: one round while it is well below the level refused last
   * (recovering from a cut that went deeper than needed), ten rounds near it (probing costs a refusal).
   */
  private window(): number {
    return this.limitValue < this.refusedAt * DECREASE ? this.limitValue : this.limitValue * 10;
  }

  private settle(outcome: 'done' | 'throttled', sentInRound: number): void {
    if (outcome === 'throttled') {
      this.throttled++;
      // A request sent before the last decrease was refused by the same crowd that caused it: already counted.
      if (sentInRound === this.round) {
        this.refusedAt = this.limitValue;
        // The carrier accepted the others in flight with this one but not this one: at most that many, and less
        // than before when it refused at the current limit.
        this.limitValue = Math.max(this.min, Math.min(this.inFlight - 1, Math.floor(this.limitValue * DECREASE)));
        this.round++;
      }
      this.successesSinceChange = 0;
    } else if (this.limitValue < this.max && ++this.successesSinceChange >= this.window()) {
      // A window answered without refusal: probe one more.
      this.limitValue++;
      this.successesSinceChange = 0;
    }
    this.inFlight--;
    // Hand freed slots to waiters in arrival order; the slot passes on without being counted free in between.
    while (this.inFlight < this.limitValue && this.waiting.length > 0) {
      this.inFlight++;
      this.waiting.shift()!();
    }
  }
}
