/**
 * Twilio's AvailablePhoneNumbers as the carrier port's search: geography, type, capabilities and address
 * requirements go as list parameters, and the pattern pushdown goes as Twilio's own `Contains` (digits, letters and
 * `*`, anchored by a leading `+`), which Twilio understands whole.
 */
import type { LocalListInstancePageOptions } from 'twilio/lib/rest/api/v2010/account/availablePhoneNumberCountry/local';
import { e164Info, type E164 } from '../../core/e164';
import type { AvailableNumbers, AvailablePage, AvailableQuery, NumberKind } from '../carrier';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';
import { readTwilioCapabilities } from './owned-numbers';

/** The SDK's list parameters; Local, Mobile and TollFree take the same set under three names. */
type TwilioQuery = LocalListInstancePageOptions;

/** The structural part of the SDK's AvailablePhoneNumber instances that search reads. */
interface Candidate {
  phoneNumber: string;
  friendlyName: string;
  isoCountry: string;
  region: string | null;
  locality: string | null;
  postalCode: string | null;
  addressRequirements: string;
  capabilities: Record<string, boolean | undefined>;
}

interface CandidatePage {
  instances: Candidate[];
  /** Set when the carrier offers a further page. */
  nextPageUrl?: string;
  nextPage(): Promise<CandidatePage> | undefined;
}

const CAPABILITY_PARAMS = { voice: 'voiceEnabled', sms: 'smsEnabled', mms: 'mmsEnabled', fax: 'faxEnabled' } as const;

const KINDS: readonly NumberKind[] = ['local', 'mobile', 'tollFree'];
/** AvailablePhoneNumberCountry's `subresourceUris` keys of the types a country offers. */
const SUBRESOURCE_KEYS: Readonly<Record<NumberKind, string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll_free' };

/**
 * Which listings may hold a number of each libphonenumber type. Where a numbering plan cannot tell fixed from mobile
 * (all of NANP) both are searched; types Twilio has no listing for (VOIP, UAN, personal...) are sold under different
 * names per country, so every listing is searched rather than calling them unbuyable.
 */
const LISTINGS_BY_NUMBER_TYPE: Readonly<Record<string, readonly NumberKind[]>> = {
  FIXED_LINE: ['local'],
  MOBILE: ['mobile'],
  FIXED_LINE_OR_MOBILE: ['local', 'mobile'],
  TOLL_FREE: ['tollFree'],
};

const KIND_WORDS: Readonly<Record<NumberKind, string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll-free' };

function twilioQuery(q: AvailableQuery): TwilioQuery {
  const out: TwilioQuery = { pageSize: q.pageSize };
  if (q.areaCode !== undefined) out.areaCode = Number(q.areaCode);
  if (q.region !== undefined) out.inRegion = q.region;
  if (q.locality !== undefined) out.inLocality = q.locality;
  if (q.postalCode !== undefined) out.inPostalCode = q.postalCode;
  if (q.near) {
    if (q.near.distanceMiles !== undefined) out.distance = q.near.distanceMiles;
    if (q.near.number !== undefined) out.nearNumber = q.near.number;
    else if (q.near.latitude !== undefined) out.nearLatLong = `${q.near.latitude},${q.near.longitude}`;
  }
  for (const cap of q.capabilities) out[CAPABILITY_PARAMS[cap]] = true;
  if (q.excludeAddressRequired === 'any') out.excludeAllAddressRequired = true;
  if (q.excludeAddressRequired === 'local') out.excludeLocalAddressRequired = true;
  if (q.excludeAddressRequired === 'foreign') out.excludeForeignAddressRequired = true;
  if (q.contains !== undefined) out.contains = q.contains;
  return out;
}

function pageOf(page: CandidatePage, operation: string): AvailablePage {
  return {
    numbers: page.instances.map((n) => ({
      e164: n.phoneNumber,
      label: n.friendlyName,
      isoCountry: n.isoCountry,
      region: n.region,
      locality: n.locality,
      postalCode: n.postalCode,
      capabilities: readTwilioCapabilities(n.capabilities),
      addressRequirements: n.addressRequirements,
    })),
    ...(page.nextPageUrl
      ? {
          next: async () => {
            try {
              return pageOf((await page.nextPage())!, operation);
            } catch (err) {
              throw fromTwilioError(err, { operation });
            }
          },
        }
      : {}),
  };
}

/** Twilio's inventory, through the official SDK. */
export class TwilioAvailableNumbers implements AvailableNumbers {
  /** The number types Twilio sells per country, asked once per country. */
  private readonly offerings = new Map<string, Promise<ReadonlySet<NumberKind> | undefined>>();

  constructor(private readonly client: TwilioClient) {}

  async search(query: AvailableQuery): Promise<AvailablePage> {
    const operation = `search ${query.isoCountry} ${query.kind} numbers`;
    // The three list types (Local, Mobile, TollFree) share this shape; the SDK types them separately.
    const listing = this.client.availablePhoneNumbers(query.isoCountry)[query.kind] as unknown as { page(params: TwilioQuery): Promise<CandidatePage> };
    try {
      return pageOf(await listing.page(twilioQuery(query)), operation);
    } catch (err) {
      throw fromTwilioError(err, { operation });
    }
  }

  /** Twilio's `Contains` is the pushdown language itself: it is sent whole. */
  pushdownOf(query: AvailableQuery): { value: string; filter: string } | undefined {
    return query.contains ? { value: query.contains, filter: `Contains=${query.contains}` } : undefined;
  }

  async offers(e164: string): Promise<{ status: 'available' | 'taken' | 'invalid'; reason?: string }> {
    const info = e164Info(e164 as E164);
    if (!info.country) return { status: 'invalid', reason: `${e164} belongs to no single country (+${info.callingCode}); the carrier sells numbers by country` };
    const offered = await this.offeredKinds(info.country).catch((err: unknown) => {
      throw fromTwilioError(err, { operation: `look up the carrier's offer for ${e164}` });
    });
    if (!offered) return { status: 'invalid', reason: `the carrier offers no numbers in ${info.country}` };
    const wanted = (info.type && LISTINGS_BY_NUMBER_TYPE[info.type]) || KINDS;
    const listings = wanted.filter((kind) => offered.has(kind));
    if (listings.length === 0) {
      return { status: 'invalid', reason: `the carrier offers no ${wanted.map((k) => KIND_WORDS[k]).join(' or ')} numbers in ${info.country}` };
    }
    for (const kind of listings) {
      if (await this.listingHolds(info.country, kind, e164)) return { status: 'available' };
    }
    return { status: 'taken', reason: 'the carrier does not offer it now: another customer has it, or it was never for sale' };
  }

  private offeredKinds(iso: string): Promise<ReadonlySet<NumberKind> | undefined> {
    let pending = this.offerings.get(iso);
    if (!pending) {
      pending = this.client
        .availablePhoneNumbers(iso)
        .fetch()
        .then(
          (country) => new Set(KINDS.filter((kind) => SUBRESOURCE_KEYS[kind] in (country.subresourceUris ?? {}))),
          (err: unknown) => {
            if (fromTwilioError(err).status === 404) return undefined;
            throw err;
          },
        );
      this.offerings.set(iso, pending);
      pending.catch(() => this.offerings.delete(iso));
    }
    return pending;
  }

  /**
   * True when the listing holds exactly `e164`. `Contains` with a leading `+` is anchored at the start, and `+` and
   * at most 15 digits fit its 16 characters, so Twilio filters to this number and any longer one it prefixes.
   */
  private async listingHolds(iso: string, kind: NumberKind, e164: string): Promise<boolean> {
    const country = this.client.availablePhoneNumbers(iso);
    const query = { contains: e164, limit: 20 };
    try {
      const found = kind === 'local' ? await country.local.list(query) : kind === 'mobile' ? await country.mobile.list(query) : await country.tollFree.list(query);
      return found.some((n) => n.phoneNumber === e164);
    } catch (err) {
      const error = fromTwilioError(err, { operation: `search for ${e164}` });
      // The country's listing said the type exists but the search says it does not: nothing to buy there.
      if (error.status === 404) return false;
      throw error;
    }
  }
}
