/**
 * Bulk availability: given a list of numbers, say which the carrier would sell now, which the account already owns
 * and which are taken, with a bounded number of checks in flight so a long list cannot trip the carrier's rate limit.
 */
import type { Carrier } from '../carriers/carrier';
import { checkCountry, parseE164, type E164 } from '../core/e164';
import { DidopsError, ValidationError, withContext } from '../core/errors';

/** What is known about one number: buyable now, already the account's, someone else's (or never offered), or unusable. */
export type AvailabilityStatus = 'available' | 'owned' | 'taken' | 'invalid';

/** The answer for one input line, in the order the inputs were given. */
export interface AvailabilityResult {
  /** The text as given. */
  readonly input: string;
  /** The number in E.164, when the input could be read as one. */
  readonly number?: E164;
  /** What the carrier said about the number. */
  readonly status: AvailabilityStatus;
  /** The carrier's id of the number (Twilio's `PN…`) when the account owns it. */
  readonly sid?: string;
  /** Why the number is invalid or taken, in plain words. */
  readonly reason?: string;
}

/** Options of {@link checkAvailability}. */
export interface CheckAvailabilityOptions {
  /** Numbers checked at once (default 4); each check sends its requests one after another, so this bounds requests in flight too. */
  readonly concurrency?: number;
  /** Told how many inputs are answered so far, after each check; the last call has `done === total`. */
  readonly onProgress?: (done: number, total: number) => void;
  /** ISO country assumed for inputs written without `+` (e.g. `US` for `415 555 0100`); none by default. */
  readonly defaultCountry?: string;
}

/** Default of {@link CheckAvailabilityOptions.concurrency}: quick on a long list, well below Twilio's per-account limits. */
export const DEFAULT_AVAILABILITY_CONCURRENCY = 4;

/**
 * Checks each number against the account's own numbers and the carrier's inventory, and answers in input order.
 *
 * - Inputs that are not valid phone numbers are `invalid` with the reason, and cost no request.
 * - Inputs that are the same number (however written) are checked once and answered alike.
 * - `owned`: the account's numbers hold exactly this number (its id is given).
 * - `available`: the carrier offers it for sale now (its search for the number's type in its country holds it).
 * - `taken`: neither; someone else has it or the carrier never offered it.
 * - A country (or number type) the carrier sells no numbers in makes the number `invalid`, since no one can buy it there.
 *
 * Any other carrier failure rejects the whole call with the translated DidopsError (and starts no further checks):
 * a list with silent holes in it would read as "taken", and the HTTP client has already retried what can be retried.
 */
export async function checkAvailability(
  carrier: Carrier,
  numbers: readonly string[],
  options: CheckAvailabilityOptions = {},
): Promise<AvailabilityResult[]> {
  const concurrency = options.concurrency ?? DEFAULT_AVAILABILITY_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new ValidationError({ field: 'concurrency', summary: `${concurrency} is not a whole number of checks at once`, detail: 'use 1 or more (the default is 4)' });
  }
  const { defaultCountry } = options;
  // Checked once here: otherwise every input written without "+" would be answered "invalid" for the same reason.
  checkCountry(defaultCountry, 'defaultCountry');
  const total = numbers.length;
  const results: AvailabilityResult[] = new Array<AvailabilityResult>(total);
  // Inputs that name the same number share one check; the key is the E.164 form.
  const checks = new Map<E164, { number: E164; indexes: number[] }>();
  let done = 0;
  numbers.forEach((input, index) => {
    let number: E164;
    try {
      number = parseE164(input, { field: `numbers[${index}]`, defaultCountry });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      results[index] = { input, status: 'invalid', reason: err.detail ? `${err.summary}; ${err.detail}` : err.summary };
      done++;
      return;
    }
    const check = checks.get(number);
    if (check) check.indexes.push(index);
    else checks.set(number, { number, indexes: [index] });
  });
  // Invalid inputs are answered at once, so one report covers them all.
  if (done > 0) options.onProgress?.(done, total);

  const checker = new AvailabilityChecker(carrier);
  await forEachWithConcurrency([...checks.values()], concurrency, async ({ number, indexes }) => {
    const verdict = await checker.check(number, `numbers[${indexes[0]}]`);
    for (const index of indexes) results[index] = { input: numbers[index], number, ...verdict };
    done += indexes.length;
    options.onProgress?.(done, total);
  });
  return results;
}

type Verdict = Pick<AvailabilityResult, 'status' | 'sid' | 'reason'>;

/** One number's lookups: the account's own numbers first, then the carrier's offer. */
class AvailabilityChecker {
  constructor(private readonly carrier: Carrier) {}

  async check(number: E164, field: string): Promise<Verdict> {
    // The carrier's error, said about this input line: which number was being looked up, on which line.
    const pointed = (operation: string) => (err: unknown): never => {
      if (!(err instanceof DidopsError)) throw err;
      throw withContext(err, `${operation} ${number}`, err.field ?? field);
    };
    // The owned-number filter also matches numbers that merely contain these digits.
    const owned = await this.carrier.numbers.list(number).catch(pointed('look up'));
    const mine = owned.find((n) => n.e164 === number);
    if (mine) return { status: 'owned', sid: mine.id };
    return this.carrier.available.offers(number).catch(pointed('look up the carrier’s offer for'));
  }
}

/**
 * Runs `work` on every item with at most `limit` running at once. The first failure rejects and stops new items from
 * starting; items already running finish, but their outcome is ignored.
 */
async function forEachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
