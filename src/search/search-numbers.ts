/**
 * `searchNumbers`: every way a buyer looks for a number. Geography, type and capabilities go to the carrier as
 * filters; patterns go as the narrowest `Contains` they imply and are then checked locally, page after page, until
 * enough numbers match or the page budget is spent.
 */
import { ValidationError } from '../core/errors';
import { zodIssuesToDiagnostics, type Diagnostic } from '../core/diagnostics';
import { parseE164 } from '../core/e164';
import type { Money } from '../core/money';
import type { AvailablePage, AvailableQuery, Carrier, CarrierName } from '../carriers/carrier';
import { searchCriteriaSchema, type SearchCriteria, type SearchCriteriaInput } from './criteria';
import { resolveGeography } from './geography';
import { memorabilityScore } from './memorability';
import { compilePatterns, type CompiledPatterns } from './patterns';
import type { NumberPriceBook } from './pricing';

/** One number a search found. */
export interface FoundNumber {
  phoneNumber: string;
  friendlyName: string;
  isoCountry: string;
  type: SearchCriteria['type'];
  region: string | null;
  locality: string | null;
  postalCode: string | null;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  addressRequirements: string;
  /** Memorability, 0–100, with the reasons in words. */
  score: { score: number; reasons: string[] };
  /** Monthly and setup price in the requested currency, when prices were asked for. */
  price?: { monthly: Money; setup: Money };
}

/** The answer of a search, with how much work it took. */
export interface SearchOutcome {
  results: FoundNumber[];
  /** Candidates the carrier returned and didops checked. */
  examined: number;
  /** Carrier pages read. */
  pages: number;
  /**
   * True when the carrier reported no further page: every candidate it offered for this query was examined. Live
   * Twilio answers AvailablePhoneNumbers with one sample page (at most about 30 numbers) and no next page, so there
   * this means "Twilio's sample for this query", not the whole inventory; the sandbox pages through everything.
   */
  exhaustive: boolean;
  /** Why the search stopped: enough matches, the page budget, or the carrier had no more. */
  stoppedBecause: 'limit' | 'budget' | 'exhausted';
  /** What the carrier was sent for the pattern (Twilio's `Contains` value, Telnyx's `ends_with=…`), if anything. */
  pushedDown?: string;
  /** The same as the carrier's API spells the parameter: `Contains=77$`, `filter[phone_number][ends_with]=77`. */
  pushdownFilter?: string;
  /** The carrier searched. */
  carrier: CarrierName;
  /** What the patterns ask for, in words. */
  description: string;
  /** Date of the rates table used for prices, when one was. */
  ratesDate?: string;
  criteria: SearchCriteria;
}

/** Options of {@link searchNumbers}. */
export interface SearchOptions {
  /** Attach prices from this book (in its currency). */
  prices?: NumberPriceBook;
  /** Told after each page, for progress bars. */
  onProgress?: (progress: { pages: number; examined: number; found: number }) => void;
  /** `false` sends no Contains and checks every candidate locally (a full scan, to verify pushdown). Default true. */
  pushdown?: boolean;
}

/** Validates raw criteria (from code, CLI, YAML) into {@link SearchCriteria}, or throws a ValidationError naming the field. */
export function parseSearchCriteria(input: unknown): SearchCriteria {
  const parsed = searchCriteriaSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromDiagnostics(zodIssuesToDiagnostics(parsed.error));
  return parsed.data;
}

/**
 * Diagnostics of criteria whose `contains` the user wrote at the top level (a PhoneNumber's `search`, the Terraform
 * data source), pointed at that field rather than at `patterns.contains`, where the search library keeps it.
 */
export function withTopLevelContains(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.field === 'patterns.contains' ? { ...d, field: 'contains' } : d));
}

/** The carrier query for a search, with the pattern's pushdown. */
function carrierQuery(c: SearchCriteria, region: string | undefined, isoCountry: string, contains: string | undefined): AvailableQuery {
  const q: AvailableQuery = { isoCountry, kind: c.type, pageSize: c.pageSize, capabilities: c.capabilities };
  if (c.areaCode !== undefined) q.areaCode = c.areaCode;
  if (region !== undefined) q.region = region;
  if (c.locality !== undefined) q.locality = c.locality;
  if (c.postalCode !== undefined) q.postalCode = c.postalCode;
  if (c.near) {
    q.near = 'number' in c.near
      ? { distanceMiles: c.near.distanceMiles, number: parseE164(c.near.number, { field: 'near.number' }) }
      : { distanceMiles: c.near.distanceMiles, latitude: c.near.latitude, longitude: c.near.longitude };
  }
  if (c.excludeAddressRequired !== 'none') q.excludeAddressRequired = c.excludeAddressRequired;
  if (contains !== undefined) q.contains = contains;
  return q;
}

/**
 * A toll-free prefix is a pattern on the national number's start, so it joins the other patterns: it can then be the
 * pushed-down Contains, and a prefix that contradicts it is refused up front.
 */
function withTollFreePrefix(c: SearchCriteria): SearchCriteria['patterns'] {
  const tf = c.tollFreePrefix;
  if (!tf) return c.patterns;
  const prefix = c.patterns.prefix;
  if (prefix !== undefined && !prefix.startsWith(tf) && !tf.startsWith(prefix)) {
    throw new ValidationError({ field: 'patterns.prefix', summary: `prefix ${prefix} contradicts toll-free prefix ${tf}`, detail: 'remove one, or make the prefix start with the toll-free prefix' });
  }
  return { ...c.patterns, prefix: prefix !== undefined && prefix.length > tf.length ? prefix : tf };
}

/**
 * Criteria the carrier can neither filter on nor let didops check afterwards (its answers do not say them) are
 * refused, naming the criterion, rather than silently ignored.
 */
function refuseUnsearchable(carrier: Carrier, c: SearchCriteria): void {
  const given = { postalCode: c.postalCode !== undefined, near: c.near !== undefined, excludeAddressRequired: c.excludeAddressRequired !== 'none' };
  for (const [field, why] of Object.entries(carrier.traits.unsearchable) as [keyof typeof given, string][]) {
    if (given[field]) throw new ValidationError({ field, summary: `cannot be searched for with carrier ${carrier.name}`, detail: why });
  }
}

/** Searches the carrier's inventory; see the module comment for how. */
export async function searchNumbers(carrier: Carrier, input: SearchCriteriaInput | SearchCriteria, options: SearchOptions = {}): Promise<SearchOutcome> {
  const criteria = parseSearchCriteria(input);
  const place = resolveGeography(criteria);
  const patterns: CompiledPatterns = compilePatterns(withTollFreePrefix(criteria), { callingCode: place.callingCode, nationalLength: place.nationalLength });
  if (options.prices && options.prices.currency !== criteria.currency.toUpperCase()) {
    throw new ValidationError({
      field: 'currency',
      summary: `the criteria ask for prices in ${criteria.currency.toUpperCase()} but the price book converts to ${options.prices.currency}`,
      detail: 'build the NumberPriceBook with the same currency (and a rates table for it)',
    });
  }
  refuseUnsearchable(carrier, criteria);
  const contains = options.pushdown === false ? undefined : patterns.contains;
  const query = carrierQuery(criteria, place.region, place.isoCountry, contains);
  const pushdown = carrier.available.pushdownOf(query);

  const results: FoundNumber[] = [];
  let examined = 0;
  let pages = 0;
  let stoppedBecause: SearchOutcome['stoppedBecause'] = 'budget';
  const priced = options.prices ? await options.prices.priceOf(place.isoCountry, criteria.type) : undefined;
  let page: AvailablePage | undefined = await carrier.available.search(query);
  while (page) {
    pages++;
    for (const n of page.numbers) {
      examined++;
      // E.164 is + country code + national significant number, so slicing is exact (and far cheaper than parsing).
      const national = n.e164.slice(1 + place.callingCode.length);
      if (!criteria.capabilities.every((cap) => n.capabilities[cap])) continue;
      if (!patterns.matches(n.e164, national)) continue;
      results.push({
        phoneNumber: n.e164,
        friendlyName: n.label,
        isoCountry: n.isoCountry,
        type: criteria.type,
        region: n.region,
        locality: n.locality,
        postalCode: n.postalCode,
        capabilities: n.capabilities,
        addressRequirements: n.addressRequirements,
        score: memorabilityScore(national, { vanityDigits: patterns.vanityDigits }),
        price: priced && { monthly: priced.monthly, setup: priced.setup },
      });
    }
    options.onProgress?.({ pages, examined, found: results.length });
    // With a ranking, keep reading until the budget is spent: a better number may be on a later page.
    if (results.length >= criteria.limit && criteria.rank !== 'memorability') {
      stoppedBecause = 'limit';
      break;
    }
    if (!page.next) {
      stoppedBecause = 'exhausted';
      break;
    }
    if (pages >= criteria.maxPages) break;
    page = await page.next();
  }
  if (criteria.rank === 'memorability') results.sort((a, b) => b.score.score - a.score.score);
  return {
    results: results.slice(0, criteria.limit),
    examined,
    pages,
    exhaustive: stoppedBecause === 'exhausted',
    stoppedBecause,
    ...(pushdown ? { pushedDown: pushdown.value, pushdownFilter: pushdown.filter } : {}),
    carrier: carrier.name,
    description: patterns.description,
    ratesDate: priced?.ratesDate,
    criteria,
  };
}
