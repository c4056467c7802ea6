/**
 * The carrier's part of `didops numbers search`, as the CLI reports it: which filter went to the carrier for the
 * pattern (in the carrier's own words, from the query it was really sent), and which criteria a carrier can neither
 * filter on nor let didops check afterwards, so that they are refused instead of silently ignored.
 */
import type { AvailableNumbers, AvailableQuery, Carrier, CarrierName } from '../carriers/carrier';
import type { SearchCriteriaInput } from '../search';

/** A criterion's flag, and why a carrier cannot honour it. */
interface Unsearchable {
  readonly flag: string;
  readonly why: string;
}

/**
 * Criteria a carrier's search cannot filter on and whose answers do not carry what didops would need to check them
 * locally. Twilio filters on all of them; Telnyx's `available_phone_numbers` has no such filters and says nothing of
 * postal codes, coordinates or address requirements in its answers.
 */
const UNSEARCHABLE: Readonly<Partial<Record<CarrierName, Partial<Record<'postalCode' | 'near' | 'excludeAddressRequired', Unsearchable>>>>> = {
  telnyx: {
    postalCode: { flag: '--postal-code', why: 'Telnyx has no postal code filter and its answers carry no postal code, so didops can neither send nor check it; narrow by --locality or --area-code instead, or search with --carrier twilio' },
    near: { flag: '--near', why: 'Telnyx has no distance filter and its answers carry no coordinates, so didops can neither send nor check it; narrow by --locality, --region or --area-code instead, or search with --carrier twilio' },
    excludeAddressRequired: { flag: '--exclude-address', why: 'Telnyx\'s answers do not say whether a number needs an address (Telnyx sets regulatory requirements per country and number type, at order time); leave --exclude-address out with --carrier telnyx' },
  },
};

/** Throws, naming the flag and what to do instead, when the criteria ask for something the carrier cannot honour. */
export function refuseUnsearchable(carrier: CarrierName, criteria: SearchCriteriaInput): void {
  const refused = UNSEARCHABLE[carrier] ?? {};
  for (const [field, refusal] of Object.entries(refused) as [keyof typeof refused, Unsearchable][]) {
    const value = criteria[field];
    if (value !== undefined && value !== 'none') throw new Error(`${refusal.flag}: cannot be searched for with --carrier ${carrier}: ${refusal.why}`);
  }
}

/** The carrier, and the first query its search was sent (what the search pushed down, with all its context). */
export function recordingSearches(carrier: Carrier): { carrier: Carrier; firstQuery: () => AvailableQuery | undefined } {
  let first: AvailableQuery | undefined;
  const inner = carrier.available;
  const available: AvailableNumbers = {
    search: (query) => {
      first ??= query;
      return inner.search(query);
    },
    pushdownOf: (contains) => inner.pushdownOf(contains),
    offers: (e164) => inner.offers(e164),
  };
  // A view of the carrier with only its search observed; everything else is the carrier's own.
  return { carrier: Object.create(carrier, { available: { value: available } }) as Carrier, firstQuery: () => first };
}

/**
 * The pattern filter a query sent, as the carrier's API spells it: Twilio's `Contains=…`, Telnyx's
 * `filter[phone_number][ends_with]=…`; undefined when the query carried no pattern or the carrier could not take it.
 */
export function patternFilterSent(carrier: CarrierName, query: AvailableQuery | undefined): string | undefined {
  if (!query?.contains) return undefined;
  if (carrier === 'twilio') return `Contains=${query.contains}`;
  // Required here: only a Telnyx search loads the Telnyx modules (and, through them, its SDK).
  const { telnyxSearchFilter } = require('../carriers/telnyx/available-numbers') as typeof import('../carriers/telnyx/available-numbers');
  const sent = telnyxSearchFilter(query).phone_number ?? {};
  const parts = Object.entries(sent).map(([operator, value]) => `filter[phone_number][${operator}]=${String(value)}`);
  return parts.length > 0 ? parts.join('&') : undefined;
}

/** The summary line's words on the pattern pushdown: what was sent, or that didops checked the pattern on its own. */
export function describePushdown(carrier: Carrier, query: AvailableQuery | undefined): string {
  const sent = patternFilterSent(carrier.name, query);
  if (sent) return `; ${sent} sent to ${carrier.traits.label}`;
  if (query?.contains) return `; ${carrier.traits.label} has no filter for this pattern that keeps every match, so didops checked it on each candidate`;
  return '';
}
