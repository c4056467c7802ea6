/**
 * The IncomingPhoneNumbers calls the PhoneNumber resource makes, through the official SDK: typed, with every
 * failure translated into a DidopsError that says what was being done.
 */
import type { TwilioClient } from '../../carriers/twilio';
import { fromTwilioError, NotFoundError } from '../../core/errors';
import { withRetry } from '../../core/retry';
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
  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of settings updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {}

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
      return await this.client.incomingPhoneNumbers.create({ phoneNumber: e164, ...settings });
    } catch (err) {
      throw fromTwilioError(err, { operation: `buy ${e164}`, field });
    }
  }

  /**
   * Changes settings of an owned number. The HTTP client never repeats a POST after a 5xx (it might be a purchase);
   * setting the same values twice is harmless, so this one is retried here.
   */
  async update(sid: string, settings: CarrierNumberSettings, operation: string): Promise<CarrierNumber> {
    try {
      return await withRetry(() => this.client.incomingPhoneNumbers(sid).update(settings), { idempotent: true, method: 'POST', sleep: this.sleep });
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
    }
  }
}
