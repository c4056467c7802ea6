/**
 * How many Twilio API requests the sandbox has answered, by kind (`GET /_sandbox/requests`). A stack's cost against a
 * real account is mostly its number of requests (latency, rate and concurrency limits), so this is how a user or a
 * test sees what a command really asked for: a refresh of 1,000 numbers that lists the account once, say, instead of
 * fetching each number.
 */
import { REQUEST_KINDS, type RequestKind } from './latency';

/** Requests counted since the sandbox started or the tally was reset. */
export interface RequestCounts {
  total: number;
  byKind: Record<RequestKind, number>;
}

/** The counter; the request pipeline counts each Twilio API request once, refused ones included. */
export class RequestTally {
  private counts = RequestTally.zero();

  private static zero(): RequestCounts {
    return { total: 0, byKind: Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, 0])) as Record<RequestKind, number> };
  }

  /** Counts one request of this kind. */
  count(kind: RequestKind): void {
    this.counts.total++;
    this.counts.byKind[kind]++;
  }

  /** The counts so far (a copy). */
  describe(): RequestCounts {
    return { total: this.counts.total, byKind: { ...this.counts.byKind } };
  }

  /** Starts counting from zero. */
  reset(): void {
    this.counts = RequestTally.zero();
  }
}
