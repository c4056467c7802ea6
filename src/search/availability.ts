/**
 * Bulk availability: given a list of numbers, say which the carrier would sell now, which the account already owns
 * and which are taken, with a bounded number of checks in flight so a long list cannot trip the carrier's rate limit.
 */
import { fromTwilioError } from '../carriers/twilio/errors';
import type { TwilioClient } from '../carriers/twilio/client';
import { checkCountry, e164Info, parseE164, type E164 } from '../core/e164';
import { ValidationError, type DidopsError } from '../core/errors';
import { NUMBER_TYPE_LABELS, type SearchNumberType } from './criteria';

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
  /** IncomingPhoneNumber SID (`PN…`) when the account owns the number. */
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

const SEARCH_TYPES: readonly SearchNumberType[] = ['local', 'mobile', 'tollFree'];
/** AvailablePhoneNumberCountry's `subresourceUris` keys of the types a country offers. */
const SUBRESOURCE_KEYS: Readonly<Record<SearchNumberType, string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll_free' };

/**
 * Which carrier listings may hold a number of each libphonenumber type. Where a numbering plan cannot tell fixed
 * from mobile (all of NANP) both are searched; types the carrier has no listing for (VOIP, UAN, personal...) are
 * sold under different names per country, so every listing is searched rather than calling them unbuyable.
 */
const LISTINGS_BY_NUMBER_TYPE: Readonly<Record<string, readonly SearchNumberType[]>> = {
  FIXED_LINE: ['local'],
  MOBILE: ['mobile'],
  FIXED_LINE_OR_MOBILE: ['local', 'mobile'],
  TOLL_FREE: ['tollFree'],
};

/**
 * Checks each number against the account's own numbers and the carrier's inventory, and answers in input order.
 *
 * - Inputs that are not valid phone numbers are `invalid` with the reason, and cost no request.
 * - Inputs that are the same number (however written) are checked once and answered alike.
 * - `owned`: the account's IncomingPhoneNumbers hold exactly this number (its SID is given).
 * - `available`: the carrier's AvailablePhoneNumbers listing of the number's type in its country holds it.
 * - `taken`: neither; someone else has it or the carrier never offered it.
 * - A country (or number type) the carrier sells no numbers in makes the number `invalid`, since no one can buy it there.
 *
 * Any other carrier failure rejects the whole call with the translated DidopsError (and starts no further checks):
 * a list with silent holes in it would read as "taken", and the HTTP client has already retried what can be retried.
 */
export async function checkAvailability(
  client: TwilioClient,
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

  const checker = new AvailabilityChecker(client);
  await forEachWithConcurrency([...checks.values()], concurrency, async ({ number, indexes }) => {
    const verdict = await checker.check(number, `numbers[${indexes[0]}]`);
    for (const index of indexes) results[index] = { input: numbers[index], number, ...verdict };
    done += indexes.length;
    options.onProgress?.(done, total);
  });
  return results;
}

type Verdict = Pick<AvailabilityResult, 'status' | 'sid' | 'reason'>;

/** One checkAvailability call's carrier lookups, with what it learns about countries kept for the other numbers. */
class AvailabilityChecker {
  private readonly offerings = new Map<string, Promise<ReadonlySet<SearchNumberType> | undefined>>();

  constructor(private readonly client: TwilioClient) {}

  async check(number: E164, field: string): Promise<Verdict> {
    const fail = (operation: string) => (err: unknown): never => {
      throw fromTwilioError(err, { operation: `${operation} ${number}`, field });
    };
    // The exact-number filter of IncomingPhoneNumbers also matches numbers that merely contain these digits.
    const owned = await this.client.incomingPhoneNumbers.list({ phoneNumber: number }).catch(fail('look up'));
    const mine = owned.find((n) => n.phoneNumber === number);
    if (mine) return { status: 'owned', sid: mine.sid };

    const info = e164Info(number);
    if (!info.country) {
      return { status: 'invalid', reason: `${number} belongs to no single country (+${info.callingCode}); the carrier sells numbers by country` };
    }
    const offered = await this.offeredTypes(info.country).catch(fail('look up the carrier\'s offer for'));
    if (!offered) return { status: 'invalid', reason: `the carrier offers no numbers in ${info.country}` };
    const wanted = (info.type && LISTINGS_BY_NUMBER_TYPE[info.type]) || SEARCH_TYPES;
    const listings = wanted.filter((type) => offered.has(type));
    if (listings.length === 0) {
      const kinds = wanted.map((type) => NUMBER_TYPE_LABELS[type]).join(' or ');
      return { status: 'invalid', reason: `the carrier offers no ${kinds} numbers in ${info.country}` };
    }
    for (const type of listings) {
      const found = await this.searchListing(info.country, type, number).catch(fail('search for'));
      if (found) return { status: 'available' };
    }
    return { status: 'taken', reason: 'the carrier does not offer it now: another customer has it, or it was never for sale' };
  }

  /** The number types the carrier sells in a country, or undefined when it sells none there; asked once per country. */
  private offeredTypes(iso: string): Promise<ReadonlySet<SearchNumberType> | undefined> {
    let pending = this.offerings.get(iso);
    if (!pending) {
      pending = this.client
        .availablePhoneNumbers(iso)
        .fetch()
        .then(
          (country) => new Set(SEARCH_TYPES.filter((type) => SUBRESOURCE_KEYS[type] in (country.subresourceUris ?? {}))),
          (err: unknown) => {
            if (isNotFound(err)) return undefined;
            throw err;
          },
        );
      this.offerings.set(iso, pending);
    }
    return pending;
  }

  /**
   * True when the listing holds exactly `number`. `Contains` with a leading `+` is anchored at the start, and `+` and
   * at most 15 digits fit its 16 characters, so the carrier filters to this number and any longer one it prefixes.
   */
  private async searchListing(iso: string, type: SearchNumberType, number: E164): Promise<boolean> {
    const country = this.client.availablePhoneNumbers(iso);
    const query = { contains: number, limit: 20 };
    try {
      const found =
        type === 'local' ? await country.local.list(query) : type === 'mobile' ? await country.mobile.list(query) : await country.tollFree.list(query);
      return found.some((n) => n.phoneNumber === number);
    } catch (err) {
      // The country's listing said the type exists but the search says it does not: nothing to buy there.
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  const translated: DidopsError = fromTwilioError(err);
  return translated.status === 404;
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
