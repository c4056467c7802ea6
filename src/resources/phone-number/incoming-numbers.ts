/**
 * The IncomingPhoneNumbers calls the PhoneNumber resource makes, through the official SDK: typed, with every
 * failure translated into a DidopsError that says what was being done.
 */
import { fromTwilioError } from '../../carriers/twilio/errors';
import type { TwilioClient } from '../../carriers/twilio';
import { ListingReads } from '../../core/batched-reads';
import { NotFoundError } from '../../core/errors';
import { answerWasLost } from '../../core/lost-answer';
import { withRetry } from '../../core/retry';
import { readMarker } from '../../carriers/ownership-marker';
import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber';

/** An owned number as the carrier describes it. */
export type CarrierNumber = IncomingPhoneNumberInstance;

/** Settable fields of an owned number, in Twilio's parameter names (empty string clears a field). */
export interface CarrierNumberSettings {
  friendlyName?: string;
  voiceUrl?: string;
  voiceMethod?: string;
  voiceFallbackUrl?: string;
  voiceFallbackMethod?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
  trunkSid?: string;
  emergencyAddressSid?: string;
  addressSid?: string;
  bundleSid?: string;
}

/** Largest page Twilio serves; scanning the account's numbers takes one request per thousand. */
const SCAN_PAGE_SIZE = 1000;

/** The account's owned numbers, through the official SDK. */
export class IncomingNumbers {
  /** A refresh of many numbers is served from one listing of the account (src/core/batched-reads.ts). */
  readonly batch: ListingReads<CarrierNumber>;

  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of settings updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {
    this.batch = new ListingReads({ list: () => this.list(), idOf: (n) => n.sid, keyOf: (n) => readMarker(n.friendlyName).tag });
  }

  /**
   * Owned numbers whose FriendlyName carries the ownership `tag`: the numbers an earlier run bought for a resource.
   * During a burst of creates they come from the batch's listing (one scan of the account, not one per create);
   * otherwise from the owned numbers containing `digits`.
   */
  async tagged(tag: string, digits?: string): Promise<CarrierNumber[]> {
    return this.batch.find(tag, () => this.taggedNow(tag, digits));
  }

  /**
   * Owned numbers carrying `tag` as the carrier has them now, narrowed to `digits`: after a lost answer only the
   * carrier knows whether the purchase happened, so no listing may answer.
   */
  async taggedNow(tag: string, digits?: string): Promise<CarrierNumber[]> {
    const found = (await this.list(digits)).filter((n) => readMarker(n.friendlyName).tag === tag);
    for (const n of found) this.batch.remember(n);
    return found;
  }

  /** The number with this SID as the carrier has it now, from the batch's listing during a refresh of many. */
  read(sid: string): Promise<CarrierNumber | undefined> {
    return this.batch.read(sid, () => this.fetch(sid));
  }

  /** The number with this SID, or undefined when it no longer exists (released outside didops). */
  async fetch(sid: string): Promise<CarrierNumber | undefined> {
    try {
      return await this.client.incomingPhoneNumbers(sid).fetch();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read number ${sid}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Owned numbers, optionally only those whose E.164 contains `digits` (Twilio's partial-number filter). */
  async list(digits?: string): Promise<CarrierNumber[]> {
    try {
      return await this.client.incomingPhoneNumbers.list({ pageSize: SCAN_PAGE_SIZE, ...(digits ? { phoneNumber: digits } : {}) });
    } catch (err) {
      throw fromTwilioError(err, { operation: 'list the account’s numbers' });
    }
  }

  /** Buys `e164` with its settings in the same request, so a bought number is never left half-configured. */
  async purchase(e164: string, settings: CarrierNumberSettings, field: string): Promise<CarrierNumber> {
    try {
      const bought = await this.client.incomingPhoneNumbers.create({ phoneNumber: e164, ...settings });
      this.batch.remember(bought);
      return bought;
    } catch (err) {
      const error = fromTwilioError(err, { operation: `buy ${e164}`, field });
      // The purchase may have happened (and may still land) without this process seeing it: a listing taken before
      // it landed would say the tag is free, so the tag is looked for at the carrier from now on.
      const tag = readMarker(settings.friendlyName ?? '').tag;
      if (tag && answerWasLost(error)) this.batch.distrust(tag);
      throw error;
    }
  }

  /**
   * Changes settings of an owned number. The HTTP client never repeats a POST after a 5xx (it might be a purchase);
   * setting the same values twice is harmless, so this one is retried here.
   */
  async update(sid: string, settings: CarrierNumberSettings, operation: string): Promise<CarrierNumber> {
    try {
      const updated = await withRetry(() => this.client.incomingPhoneNumbers(sid).update(settings), { idempotent: true, method: 'POST', sleep: this.sleep });
      this.batch.remember(updated);
      return updated;
    } catch (err) {
      throw fromTwilioError(err, { operation });
    }
  }

  /** Releases a number; true when it was released now, false when it was already gone. */
  async release(sid: string, e164: string): Promise<boolean> {
    try {
      return await this.client.incomingPhoneNumbers(sid).remove();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `release ${e164}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    } finally {
      // Released or not, the listing's copy may be wrong now; the next read asks the carrier.
      this.batch.forget(sid);
    }
  }
}
