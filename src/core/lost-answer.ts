/**
 * Creates that must happen at most once (buying a number, creating a Studio flow) when an answer can be lost: the
 * request may have reached the carrier and done its work although no answer came back. Such a create is never simply
 * repeated; what it would have made is looked for first (by the ownership marker it carried), and only when nothing
 * is found is it sent again.
 */
import { CarrierError, NetworkError } from './errors';

/** True when a request may have reached the carrier but its answer did not come back: what it asked for may have happened. */
export function answerWasLost(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  return err instanceof CarrierError && (err.status === undefined || err.status >= 500);
}

/** Options of {@link createAtMostOnce}. */
export interface CreateAtMostOnceOptions<T> {
  /** Looks for what a create whose answer was lost may have made; undefined when it made nothing. */
  readonly findLanded: () => Promise<T | undefined>;
  /** Most times the create is sent. */
  readonly attempts: number;
  /** Waits between attempts (tests pass a no-op). */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Sends `create`; when its answer is lost, returns what it made if that can be found, else waits and sends it again,
 * up to `attempts` times. Any other failure, and the last lost answer, is thrown as it came.
 */
export async function createAtMostOnce<T>(create: () => Promise<T>, options: CreateAtMostOnceOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!answerWasLost(err)) throw err;
      const landed = await options.findLanded();
      if (landed !== undefined) return landed;
      if (attempt >= options.attempts) throw err;
      await options.sleep(Math.min(200 * 2 ** attempt, 2000));
    }
  }
}
