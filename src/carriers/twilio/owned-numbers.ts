/**
 * Twilio's IncomingPhoneNumbers as the carrier port's owned numbers. Twilio numbers have no metadata field, so the
 * ownership marker rides at the end of the FriendlyName (`Support line [didops:k3qz7m2xw4ab]`, ownership-marker.ts);
 * a purchase is one synchronous request that carries every setting, so a bought number is never half-configured.
 */
import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber';
import { NotFoundError, type DidopsError } from '../../core/errors';
import { withRetry } from '../../core/retry';
import type { NumberCapabilities, NumberKind, NumberSettings, OwnedNumber, OwnedNumbers, VoiceTarget } from '../carrier';
import { readMarker, withMarker } from '../ownership-marker';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';

/** Largest page Twilio serves; scanning the account's numbers takes one request per thousand. */
const SCAN_PAGE_SIZE = 1000;

const KIND_FROM_TWILIO: Record<string, NumberKind> = { local: 'local', mobile: 'mobile', 'toll-free': 'tollFree', tollFree: 'tollFree', tollfree: 'tollFree' };

/** What a number can do, read from Twilio's capabilities object (its keys have been seen in both cases). */
export function readTwilioCapabilities(caps: Record<string, boolean | undefined> | null | undefined): NumberCapabilities {
  const has = (key: string) => caps?.[key] === true || caps?.[key.toUpperCase()] === true;
  return { voice: has('voice'), sms: has('sms'), mms: has('mms'), fax: has('fax') };
}

/** An IncomingPhoneNumber in the port's terms. */
export function ownedFromTwilio(n: IncomingPhoneNumberInstance): OwnedNumber {
  const label = n.friendlyName ?? '';
  const { name, tag } = readMarker(label);
  const method = (m: string | null | undefined): 'GET' | 'POST' => (m === 'GET' ? 'GET' : 'POST');
  return {
    id: n.sid,
    e164: n.phoneNumber,
    label,
    name,
    ...(tag ? { tag } : {}),
    status: n.status ?? 'in-use',
    kind: KIND_FROM_TWILIO[n.type ?? ''],
    capabilities: readTwilioCapabilities(n.capabilities as unknown as Record<string, boolean | undefined>),
    addressRequirements: n.addressRequirements ?? null,
    voice: {
      url: n.voiceUrl ?? '',
      method: method(n.voiceMethod),
      fallbackUrl: n.voiceFallbackUrl ?? '',
      fallbackMethod: method(n.voiceFallbackMethod),
      statusCallback: n.statusCallback ?? '',
      statusCallbackMethod: method(n.statusCallbackMethod),
    },
    messaging: { url: n.smsUrl ?? '', fallbackUrl: n.smsFallbackUrl ?? '' },
    trunk: n.trunkSid || null,
    emergencyAddress: n.emergencyAddressSid || null,
    emergencyStatus: n.emergencyStatus ?? 'Inactive',
    address: n.addressSid || null,
    bundle: n.bundleSid || null,
  };
}

/** Twilio's parameter for each voice setting. */
const VOICE_PARAMETERS: Record<keyof VoiceTarget, string> = {
  url: 'voiceUrl',
  method: 'voiceMethod',
  fallbackUrl: 'voiceFallbackUrl',
  fallbackMethod: 'voiceFallbackMethod',
  statusCallback: 'statusCallback',
  statusCallbackMethod: 'statusCallbackMethod',
};

/**
 * The port's settings as IncomingPhoneNumber parameters. A name is written with the marker when a tag is given; a
 * tag alone rewrites the marker onto `currentName`.
 */
export function twilioParameters(settings: NumberSettings, currentName?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (settings.name !== undefined || settings.tag !== undefined) {
    const name = settings.name ?? currentName ?? '';
    out.friendlyName = settings.tag ? withMarker(name, settings.tag) : name;
  }
  for (const [key, value] of Object.entries(settings.voice ?? {})) out[VOICE_PARAMETERS[key as keyof VoiceTarget]] = value as string;
  if (settings.trunk !== undefined) out.trunkSid = settings.trunk;
  if (settings.emergencyAddress !== undefined) out.emergencyAddressSid = settings.emergencyAddress;
  if (settings.address !== undefined) out.addressSid = settings.address;
  if (settings.bundle !== undefined) out.bundleSid = settings.bundle;
  return out;
}

/**
 * Which setting a refusal is about, from Twilio's error code first and the parameter it names second (Twilio puts
 * the parameter name in its message, e.g. "EmergencyAddressSid is not valid"; that is its structure).
 */
const SETTING_OF_CODE: ReadonlyMap<string, keyof NumberSettings | 'number'> = new Map([
  ['21631', 'address'],
  ['21615', 'address'],
  ['21649', 'bundle'],
  ['21421', 'number'],
  ['21422', 'number'],
  ['21452', 'number'],
]);
const SETTING_OF_PARAMETER: readonly [RegExp, keyof NumberSettings][] = [
  [/\bEmergencyAddress(Sid)?\b/i, 'emergencyAddress'],
  [/\bAddressSid\b|address requirement/i, 'address'],
  [/\bBundleSid\b/i, 'bundle'],
  [/\bTrunkSid\b/i, 'trunk'],
  [/\b(Voice\w*|StatusCallback\w*)\b/i, 'voice'],
  [/\bFriendlyName\b/i, 'name'],
];

function settingOf(error: DidopsError): string | undefined {
  if (error.code && SETTING_OF_CODE.has(error.code)) return SETTING_OF_CODE.get(error.code);
  const text = `${error.summary} ${error.detail ?? ''}`;
  return SETTING_OF_PARAMETER.find(([pattern]) => pattern.test(text))?.[1];
}

/** Translates a Twilio failure about a number, pointing it at the setting it is about (as the port's `field`). */
function numberError(err: unknown, operation: string): DidopsError {
  const error = fromTwilioError(err, { operation });
  const setting = error.field ? undefined : settingOf(error);
  return setting ? fromTwilioError(err, { operation, field: setting }) : error;
}

/** The account's owned numbers, through the official SDK. */
export class TwilioOwnedNumbers implements OwnedNumbers {
  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of settings updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {}

  async fetch(id: string): Promise<OwnedNumber | undefined> {
    try {
      return ownedFromTwilio(await this.client.incomingPhoneNumbers(id).fetch());
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read number ${id}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(digits?: string): Promise<OwnedNumber[]> {
    try {
      const found = await this.client.incomingPhoneNumbers.list({ pageSize: SCAN_PAGE_SIZE, ...(digits ? { phoneNumber: digits } : {}) });
      return found.map(ownedFromTwilio);
    } catch (err) {
      throw fromTwilioError(err, { operation: 'list the account’s numbers' });
    }
  }

  /** Twilio purchases are synchronous: a tagged number is either owned or was never bought. */
  async tagged(tag: string, digits?: string): Promise<OwnedNumber[]> {
    return (await this.list(digits)).filter((n) => n.tag === tag);
  }

  async purchase(e164: string, settings: NumberSettings): Promise<OwnedNumber> {
    try {
      return ownedFromTwilio(await this.client.incomingPhoneNumbers.create({ phoneNumber: e164, ...twilioParameters(settings) }));
    } catch (err) {
      throw numberError(err, `buy ${e164}`);
    }
  }

  /**
   * The HTTP client never repeats a POST after a 5xx (it might be a purchase); setting the same values twice is
   * harmless, so an update is retried here.
   */
  async update(id: string, settings: NumberSettings, operation: string): Promise<OwnedNumber> {
    try {
      const current = settings.tag !== undefined && settings.name === undefined ? (await this.fetch(id))?.name : undefined;
      const parameters = twilioParameters(settings, current);
      const updated = await withRetry(() => this.client.incomingPhoneNumbers(id).update(parameters), { idempotent: true, method: 'POST', sleep: this.sleep });
      return ownedFromTwilio(updated);
    } catch (err) {
      throw numberError(err, operation);
    }
  }

  async release(id: string, e164: string): Promise<boolean> {
    try {
      return await this.client.incomingPhoneNumbers(id).remove();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `release ${e164}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }
}
