/**
 * The carrier port: everything didops asks of a telephone carrier, in carrier-neutral terms. Resource handlers and
 * the number search take a `Carrier` and never a vendor SDK; `src/carriers/twilio/` and `src/carriers/telnyx/` each
 * implement it over their official SDK, translate their own errors into DidopsError, and keep didops' ownership
 * marker wherever their API lets them (Twilio: the end of a FriendlyName; Telnyx: `customer_reference`).
 *
 * Conventions: E.164 numbers everywhere; "id" is the carrier's own identifier (Twilio's PN…/AD… SIDs, Telnyx's
 * numeric ids); in settings, `''` clears a field and an absent key leaves it alone; every method throws DidopsError.
 */
import type { Money } from '../core/money';
import type { StudioFlowsApi } from './studio';
import type { CarrierTraits } from './traits';

/** The carriers didops speaks. */
export const CARRIER_NAMES = ['twilio', 'telnyx'] as const;
export type CarrierName = (typeof CARRIER_NAMES)[number];

/** Number types, in the search library's words. */
export type NumberKind = 'local' | 'mobile' | 'tollFree';

/** What a number can do. */
export interface NumberCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

/** Where a number's incoming calls go when it is not on a trunk: webhooks, with their HTTP methods. */
export interface VoiceTarget {
  url: string;
  method: 'GET' | 'POST';
  fallbackUrl: string;
  fallbackMethod: 'GET' | 'POST';
  statusCallback: string;
  statusCallbackMethod: 'GET' | 'POST';
}

/** An owned number as the carrier describes it. */
export interface OwnedNumber {
  readonly id: string;
  readonly e164: string;
  /** The label exactly as the carrier keeps it (Twilio's FriendlyName, marker included); '' where numbers have none. */
  readonly label: string;
  /** The label without didops' marker. */
  readonly name: string;
  /** didops' ownership tag, wherever this carrier keeps it; absent on numbers didops did not buy. */
  readonly tag?: string;
  /** The carrier's status word (`in-use`, `active`, `purchase-pending`…). */
  readonly status: string;
  readonly kind?: NumberKind;
  /** What the number can do; null where the carrier's record of an owned number does not say (Telnyx). */
  readonly capabilities: NumberCapabilities | null;
  /** Regulatory address requirement (`none`, `any`, `local`, `foreign`); null when the carrier does not say. */
  readonly addressRequirements: string | null;
  /** Voice webhooks; empty strings where unset. */
  readonly voice: VoiceTarget;
  /** Messaging webhooks (a routing plan must not be deleted under a number whose messages reach it); '' where unset. */
  readonly messaging: { readonly url: string; readonly fallbackUrl: string };
  /** SIP trunk or connection taking the calls. */
  readonly trunk: string | null;
  readonly emergencyAddress: string | null;
  /** `Active`, `Inactive` or the carrier's word for a registration in progress. */
  readonly emergencyStatus: string;
  readonly address: string | null;
  readonly bundle: string | null;
}

/** What may be set on an owned number (`''` clears; absent leaves alone). */
export interface NumberSettings {
  /** The number's label; with `tag`, the carrier keeps the ownership marker too. */
  name?: string;
  /** didops' ownership tag; `''` removes the marker (a number handed back to the account). */
  tag?: string;
  voice?: Partial<VoiceTarget>;
  trunk?: string;
  emergencyAddress?: string;
  address?: string;
  bundle?: string;
}

/** Which setting a carrier's refusal is about: errors carry it as `field`, in these words, for handlers to map. */
export type NumberSetting = 'name' | 'voice' | 'trunk' | 'emergencyAddress' | 'address' | 'bundle' | 'number';

/** Progress of a purchase that takes time (Telnyx number orders). */
export interface PurchaseProgress {
  readonly e164: string;
  readonly status: 'ordered' | 'pending' | 'complete';
  readonly waitedMs: number;
  readonly orderId?: string;
}

/** Options of {@link OwnedNumbers.purchase}. */
export interface PurchaseOptions {
  /** Told while an asynchronous order is pending (CLI progress). */
  onProgress?: (progress: PurchaseProgress) => void;
}

/** The account's owned numbers. */
export interface OwnedNumbers {
  /** The number with this id, or undefined when it no longer exists. */
  fetch(id: string): Promise<OwnedNumber | undefined>;
  /** Owned numbers, optionally only those whose E.164 contains `digits`. */
  list(digits?: string): Promise<OwnedNumber[]>;
  /**
   * Numbers bought for `tag`, as the carrier has them now, narrowed to `digits`. On carriers whose purchases are
   * orders, a pending order carrying the tag is waited for, so a run that died mid-order is finished, not repeated.
   */
  tagged(tag: string, digits?: string, options?: PurchaseOptions): Promise<OwnedNumber[]>;
  /** Buys `e164` (bought with `settings.tag` as its ownership marker) and configures it with `settings`. */
  purchase(e164: string, settings: NumberSettings, options?: PurchaseOptions): Promise<OwnedNumber>;
  /** Changes settings; `operation` names what is being done for errors. Safe to repeat. */
  update(id: string, settings: NumberSettings, operation: string): Promise<OwnedNumber>;
  /** Releases a number: true when released now, false when it was already gone. */
  release(id: string, e164: string): Promise<boolean>;
}

/** Search criteria a carrier may filter on; what it cannot filter on, didops checks locally. */
export interface AvailableQuery {
  isoCountry: string;
  kind: NumberKind;
  pageSize: number;
  areaCode?: string;
  region?: string;
  locality?: string;
  postalCode?: string;
  near?: { distanceMiles?: number; number?: string; latitude?: number; longitude?: number };
  capabilities: readonly (keyof NumberCapabilities)[];
  excludeAddressRequired?: 'any' | 'local' | 'foreign';
  /**
   * The pattern pushdown in Twilio's `Contains` syntax (digits, letters, `*`; a leading `+` anchors at the start);
   * each carrier sends what its API can express and leaves the rest to the local check.
   */
  contains?: string;
}

/** A number a carrier offers. */
export interface AvailableNumber {
  e164: string;
  label: string;
  isoCountry: string;
  region: string | null;
  locality: string | null;
  postalCode: string | null;
  capabilities: NumberCapabilities;
  addressRequirements: string;
  /** The carrier's own prices for this number, when its search says them (Telnyx does). */
  cost?: { monthly: Money; setup: Money };
}

/** One page of a search. */
export interface AvailablePage {
  numbers: AvailableNumber[];
  /** The next page, when the carrier offers one. */
  next?: () => Promise<AvailablePage>;
}

/** Search of the carrier's inventory. */
export interface AvailableNumbers {
  /** The first page of numbers matching what the carrier can filter on. */
  search(query: AvailableQuery): Promise<AvailablePage>;
  /**
   * What the carrier's search sends for the query's pattern (`contains`), or undefined when it sends nothing and
   * leaves the pattern to didops' local check: `value` as the search library reports it (`77$`, `ends_with=77`) and
   * `filter` as the carrier's API spells the parameter (`Contains=77$`, `filter[phone_number][ends_with]=77`).
   */
  pushdownOf(query: AvailableQuery): { value: string; filter: string } | undefined;
  /**
   * Whether the carrier offers `e164` for sale now: `available`, `taken`, or `invalid` with why (a country or type
   * it does not sell). Owned numbers are the caller's to check first.
   */
  offers(e164: string): Promise<{ status: 'available' | 'taken' | 'invalid'; reason?: string }>;
}

/** A country's number prices, in the carrier's currency, as decimal strings. */
export interface CountryNumberPrices {
  currency: string;
  monthly: ReadonlyMap<NumberKind, string>;
  /** Setup (one-time) prices; absent types cost nothing to set up. */
  setup: ReadonlyMap<NumberKind, string>;
}

/** An address used for emergency calling (and regulatory requirements). */
export interface CarrierAddress {
  readonly id: string;
  readonly label: string;
  readonly name: string;
  readonly tag?: string;
  readonly customerName: string;
  readonly street: string;
  readonly streetSecondary: string | null;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly isoCountry: string;
  readonly validated: boolean;
  readonly verified: boolean;
  readonly emergencyEnabled: boolean;
}

/** Address fields to write (`streetSecondary: ''` clears it). */
export interface AddressFields {
  customerName: string;
  street: string;
  streetSecondary?: string;
  city: string;
  region: string;
  postalCode: string;
  name: string;
  tag?: string;
}

/** The account's addresses. */
export interface Addresses {
  fetch(id: string): Promise<CarrierAddress | undefined>;
  list(isoCountry?: string): Promise<CarrierAddress[]>;
  create(isoCountry: string, fields: AddressFields): Promise<CarrierAddress>;
  update(id: string, fields: AddressFields): Promise<CarrierAddress>;
  /** True when deleted now, false when it was already gone. */
  remove(id: string): Promise<boolean>;
  /** E.164 of the owned numbers that use the address (emergency or regulatory). */
  numbersUsing(id: string): Promise<string[]>;
}

/** One call from the carrier's records. */
export interface CallRecord {
  /** The carrier's id of the call; with the carrier's name, unique. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'inbound' | 'outbound';
  readonly startedAt: Date;
  readonly durationSeconds: number;
  readonly status: string;
  /** What the carrier charged, when it says. */
  readonly price?: Money;
}

/** A carrier, as handlers and search see it. */
export interface Carrier {
  readonly name: CarrierName;
  /** The account this carrier acts for (Twilio's AC…, a Telnyx key's label): for messages and the ownership tag's scope. */
  readonly account: string;
  readonly numbers: OwnedNumbers;
  readonly available: AvailableNumbers;
  readonly addresses: Addresses;
  /** Studio, where the carrier runs routing plans (Twilio); absent elsewhere. */
  readonly studio?: StudioFlowsApi;
  /** Number prices of a country, or undefined when the carrier sells no numbers there. */
  numberPrices(isoCountry: string): Promise<CountryNumberPrices | undefined>;
  /** Calls that started in [from, to), oldest first, page by page. */
  callRecords(period: { from: Date; to: Date }): AsyncIterable<CallRecord>;
  /** What the carrier accepts and refuses, known without credentials (traits.ts). */
  readonly traits: CarrierTraits;
}

/** A webhook as it reached us: what a carrier's signature covers. */
export interface SignedWebhook {
  /** The URL the carrier requested, as the carrier knows it (scheme, host, path and query). */
  readonly url: string;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received. */
  readonly rawBody: string;
}

/** What a verified call status callback says, in the carrier port's words. */
export interface CallStatusCallback {
  /** The carrier's id of the call, when the callback names one. */
  readonly callId: string | null;
  /** The carrier's status or event name, as sent (`completed`, `call.hangup`). */
  readonly status: string | null;
  /** True when the call has ended, so its record can be read from the carrier. */
  readonly ended: boolean;
}

/** The outcome of checking a webhook: the callback it carries, or why it was refused. */
export type WebhookVerdict = { readonly ok: true; readonly callback: CallStatusCallback } | { readonly ok: false; readonly reason: string };

/** Checks that a call status webhook came from the carrier (its signature) and reads it. */
export interface WebhookVerifier {
  readonly carrier: CarrierName;
  verify(webhook: SignedWebhook): Promise<WebhookVerdict>;
}
