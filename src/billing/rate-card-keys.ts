/**
 * The one naming scheme for what a rate card becomes on a billing provider. The RateCard resource creates prices and
 * meters under these names, BillingSubscription finds a number's monthly price and the minutes prices by them, and
 * the reconciler finds the meters it reports seconds to; nobody else spells a lookup key or an event name.
 *
 * - `didops.<cardKey>.number.<CC>.<type>.monthly`: recurring licensed monthly price of a number type in a country.
 * - `didops.<cardKey>.number.<CC>.<type>.setup`: one-time setup fee of the same.
 * - `didops.<cardKey>.minutes.<classKey>`: metered price per billable second of one rate class.
 * - `didops.<cardKey>.connect`: metered price per answered call (the card's connect fee).
 * - Meter event names `didops_<cardKey>_<classKey>_seconds` and `didops_<cardKey>_connects`.
 *
 * `cardKey` is the RateCard's `key` input (the resource name by default), `[a-z0-9-]`, at most 40 characters, so a
 * lookup key stays far below Stripe's 200 and an event name below its 100. `classKey` comes from `rateClassKey(rate)`
 * (billing/rating), the stable key of a direction and a prefix such as `outbound-44`.
 *
 * Meter event names use only `[a-z0-9_]`: the card key's and class key's other characters become `_`. Two cards can
 * then only share an event name if one card key ends in what a class key starts with (`a-outbound` and `a`) AND the
 * other's class key is itself a valid class key after that point, which direction-first class keys never are.
 */
import { createHash } from 'node:crypto';

/** Longest card key: keeps lookup keys and meter event names within Stripe's limits. */
export const MAX_CARD_KEY_LENGTH = 40;
/** What a card key may contain. */
export const CARD_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Stripe's limit on a meter's `event_name`. */
export const MAX_METER_EVENT_NAME_LENGTH = 100;
/** Every lookup key and meter event name of didops starts with this. */
export const LOOKUP_KEY_ROOT = 'didops';

/** Metadata key naming the rate card an object belongs to. */
export const RATE_CARD_METADATA_KEY = 'didops_rate_card';
/** Metadata key naming the resource identity (URN or `type/name`) that owns an object. */
export const OWNER_METADATA_KEY = 'didops_owner';

/** A number type as it appears in a lookup key (the rate card's own names: `local`, `mobile`, `tollFree`). */
export type LookupKeyNumberType = string;

/**
 * Why `key` cannot be a card key, in words for the user, or undefined when it can. The check runs at plan time so
 * an unusable key never reaches the provider.
 */
export function cardKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty; give letters, digits and dashes, e.g. "retail-2025"';
  if (key.length > MAX_CARD_KEY_LENGTH) return `is ${key.length} characters; at most ${MAX_CARD_KEY_LENGTH} fit in Stripe's lookup keys and meter names`;
  if (!CARD_KEY_PATTERN.test(key)) {
    const suggestion = cardKeyFrom(key);
    return `"${key}" may hold only lower-case letters, digits and inner dashes${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`;
  }
  return undefined;
}

/**
 * A card key made from any name (a resource name, say): lower-cased, other characters as dashes, trimmed to the
 * limit; undefined when nothing usable is left.
 */
export function cardKeyFrom(name: string): string | undefined {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_CARD_KEY_LENGTH)
    .replace(/^-+|-+$/g, '');
  return key === '' ? undefined : key;
}

/** Lookup key of the recurring monthly price of a number type in a country. */
export function numberMonthlyLookupKey(cardKey: string, country: string, type: LookupKeyNumberType): string {
  return `${LOOKUP_KEY_ROOT}.${cardKey}.number.${country.toUpperCase()}.${type}.monthly`;
}

/** Lookup key of the one-time setup-fee price of a number type in a country. */
export function numberSetupLookupKey(cardKey: string, country: string, type: LookupKeyNumberType): string {
  return `${LOOKUP_KEY_ROOT}.${cardKey}.number.${country.toUpperCase()}.${type}.setup`;
}

/** Lookup key of the metered per-second price of one rate class (`classKey` from `rateClassKey`). */
export function minutesLookupKey(cardKey: string, classKey: string): string {
  return `${LOOKUP_KEY_ROOT}.${cardKey}.minutes.${classKey}`;
}

/** Lookup key of the metered per-call price (the card's connect fee). */
export function connectLookupKey(cardKey: string): string {
  return `${LOOKUP_KEY_ROOT}.${cardKey}.connect`;
}

/** Every lookup key of a card starts with this, so a card's prices can be listed by prefix. */
export function cardLookupKeyPrefix(cardKey: string): string {
  return `${LOOKUP_KEY_ROOT}.${cardKey}.`;
}

/** Meter event name carrying the billable seconds of one rate class. */
export function minutesMeterEventName(cardKey: string, classKey: string): string {
  return meterEventName(`${LOOKUP_KEY_ROOT}_${eventPart(cardKey)}_${eventPart(classKey)}`, '_seconds');
}

/** Meter event name counting answered calls (one event per call, for the connect fee). */
export function connectMeterEventName(cardKey: string): string {
  return meterEventName(`${LOOKUP_KEY_ROOT}_${eventPart(cardKey)}`, '_connects');
}

/** What a didops lookup key names, read back from the key (for drift, import and the reconciler). */
export type ParsedLookupKey =
  | { readonly kind: 'numberMonthly' | 'numberSetup'; readonly cardKey: string; readonly country: string; readonly type: string }
  | { readonly kind: 'minutes'; readonly cardKey: string; readonly classKey: string }
  | { readonly kind: 'connect'; readonly cardKey: string };

/** Reads a lookup key written by this module; undefined for anyone else's. */
export function parseLookupKey(lookupKey: string): ParsedLookupKey | undefined {
  const parts = lookupKey.split('.');
  if (parts[0] !== LOOKUP_KEY_ROOT || parts.length < 3 || !CARD_KEY_PATTERN.test(parts[1])) return undefined;
  const cardKey = parts[1];
  if (parts[2] === 'connect' && parts.length === 3) return { kind: 'connect', cardKey };
  if (parts[2] === 'minutes' && parts.length === 4 && parts[3] !== '') return { kind: 'minutes', cardKey, classKey: parts[3] };
  if (parts[2] === 'number' && parts.length === 6 && /^[A-Z]{2}$/.test(parts[3]) && parts[4] !== '') {
    if (parts[5] === 'monthly') return { kind: 'numberMonthly', cardKey, country: parts[3], type: parts[4] };
    if (parts[5] === 'setup') return { kind: 'numberSetup', cardKey, country: parts[3], type: parts[4] };
  }
  return undefined;
}

/** Metadata put on every object a rate card or billing account creates: which card (if any) and which resource owns it. */
export function ownershipMetadata(owner: string, cardKey?: string): Record<string, string> {
  return cardKey === undefined ? { [OWNER_METADATA_KEY]: owner } : { [RATE_CARD_METADATA_KEY]: cardKey, [OWNER_METADATA_KEY]: owner };
}

function eventPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

// A name past Stripe's limit keeps its readable start and a hash of the whole, so it stays unique and stable.
function meterEventName(stem: string, suffix: string): string {
  const whole = `${stem}${suffix}`;
  if (whole.length <= MAX_METER_EVENT_NAME_LENGTH) return whole;
  const hash = createHash('sha256').update(whole, 'utf8').digest('hex').slice(0, 10);
  return `${stem.slice(0, MAX_METER_EVENT_NAME_LENGTH - suffix.length - hash.length - 1)}_${hash}${suffix}`;
}
