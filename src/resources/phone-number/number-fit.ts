/**
 * Whether a number the resource already owns still fits what the user asks for. This is what makes criteria safe
 * to edit: a change the owned number still satisfies changes nothing, and only a number that no longer fits is
 * replaced, with the reason in words for the preview.
 */
import { fold, resolveGeography } from '../../search/geography';
import { compilePatterns } from '../../search/patterns';
import type { SearchCriteria } from '../../search/criteria';
import type { NumberCapabilities, PhoneNumberInputs, PhoneNumberSearch } from './model';

/** What is known about an owned number, from the state or the carrier. */
export interface OwnedNumberFacts {
  /** The IncomingPhoneNumber SID (PN…). */
  sid: string;
  e164: string;
  country: string;
  type: 'local' | 'mobile' | 'tollFree';
  region: string | null;
  locality: string | null;
  postalCode: string | null;
  /** Null when the carrier does not say (Telnyx's owned numbers); see {@link FitOptions}. */
  capabilities: NumberCapabilities | null;
  addressRequirements: string | null;
}

/** The search part as the search library takes it: `contains` joins the patterns. */
export function toSearchCriteria(search: PhoneNumberSearch, limit: number): SearchCriteria {
  const { contains, ...rest } = search;
  return {
    ...rest,
    patterns: contains === undefined ? rest.patterns : { ...rest.patterns, contains },
    limit,
    rank: 'carrier',
    currency: 'USD',
    pageSize: 50,
  };
}

/** How {@link unmetRequirements} treats criteria the facts cannot confirm (an unknown locality, distance from a point). */
export interface FitOptions {
  /**
   * `false` (deciding a diff): unconfirmable counts as not fitting, so changing such a criterion replaces the number.
   * `true` (adopting a number an earlier run bought for the same resource): it was checked when that run found it.
   */
  readonly unknownFits: boolean;
}

/** Reasons, in plain words, why `owned` does not fit `inputs` (its `number` or its `search`); empty when it fits. */
export function unmetRequirements(owned: OwnedNumberFacts, inputs: Pick<PhoneNumberInputs, 'number' | 'search' | 'adopt'>, options: FitOptions): string[] {
  if (inputs.adopt !== undefined) {
    return inputs.adopt === owned.sid || inputs.adopt === owned.e164 ? [] : [`the owned number is ${owned.e164} (${owned.sid}), not ${inputs.adopt}`];
  }
  if (inputs.number !== undefined) {
    return inputs.number === owned.e164 ? [] : [`the owned number is ${owned.e164}, not ${inputs.number}`];
  }
  if (!inputs.search) return [];
  const criteria = toSearchCriteria(inputs.search, 1);
  const reasons: string[] = [];
  const place = resolveGeography(criteria);
  if (place.isoCountry !== owned.country) reasons.push(`it is in ${owned.country}, not ${place.isoCountry}`);
  if (criteria.type !== owned.type) reasons.push(`it is a ${owned.type} number, not ${criteria.type}`);
  const national = owned.e164.startsWith(`+${place.callingCode}`) ? owned.e164.slice(1 + place.callingCode.length) : '';
  if (criteria.areaCode !== undefined && !national.startsWith(criteria.areaCode)) reasons.push(`it is not in area code ${criteria.areaCode}`);
  const differs = (fact: string | null, wanted: string) => (fact === null ? !options.unknownFits : fold(fact) !== fold(wanted));
  if (place.region !== undefined && differs(owned.region, place.region)) reasons.push(`it is in region ${owned.region ?? '(unknown)'}, not ${place.region}`);
  if (criteria.locality !== undefined && differs(owned.locality, criteria.locality)) reasons.push(`it is in ${owned.locality ?? '(unknown locality)'}, not ${criteria.locality}`);
  if (criteria.postalCode !== undefined && differs(owned.postalCode, criteria.postalCode)) reasons.push(`its postal code is ${owned.postalCode ?? '(unknown)'}, not ${criteria.postalCode}`);
  if (criteria.near !== undefined && !options.unknownFits) reasons.push('its distance from `near` cannot be confirmed');
  if (criteria.tollFreePrefix !== undefined && !national.startsWith(criteria.tollFreePrefix)) reasons.push(`it does not start with toll-free prefix ${criteria.tollFreePrefix}`);
  const caps = owned.capabilities;
  const missing = caps ? criteria.capabilities.filter((cap) => !caps[cap]) : [];
  if (missing.length > 0) reasons.push(`it has no ${missing.join(', ')} capability`);
  if (!caps && criteria.capabilities.length > 0 && !options.unknownFits) reasons.push(`its ${criteria.capabilities.join(', ')} capability cannot be confirmed`);
  const needs = owned.addressRequirements ?? 'none';
  const excluded = criteria.excludeAddressRequired;
  if (needs !== 'none' && needs !== 'None' && (excluded === 'any' || excluded === needs)) reasons.push(`it requires a ${needs} address`);
  const patterns = compilePatterns(criteria.patterns, { callingCode: place.callingCode, nationalLength: place.nationalLength });
  if (!patterns.matches(owned.e164, national)) reasons.push(`it does not match: ${patterns.description}`);
  return reasons;
}
