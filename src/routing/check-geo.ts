/**
 * Checks of caller-geography steps: each route says one kind of place, names places callers can
 * really come from, and is not hidden by an earlier route. Places are read the way calls are
 * matched (`callerGeography` in call-scenario.ts): a region is the state or province of the
 * caller's area code in the catalogue, so a region the catalogue never reports can never match.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { nanpAreaCode, nanpRegionAreaCodes, nanpRegionCountry } from '../catalogue/nanp-lookup';
import type { GeoRoute, GeoStep } from './model';
import type { PlanFindings } from './check-findings';

/** Old or informal province codes people still write. */
const REGION_ALIASES: Readonly<Record<string, string>> = { PQ: 'QC', NF: 'NL', LB: 'NL', YU: 'YT' };

const KINDS = ['countries', 'regions', 'areaCodes'] as const;
type Kind = (typeof KINDS)[number];

/** Runs every geography check on one geo step. */
export function checkGeo(name: string, step: GeoStep, findings: PlanFindings): void {
  const earlier = { countries: new Map<string, number>(), regions: new Map<string, number>(), areaCodes: new Map<string, number>() };
  step.routes.forEach((route, i) => {
    const kinds = KINDS.filter((k) => route[k] !== undefined);
    if (kinds.length !== 1) {
      findings.error(
        name,
        ['routes', i],
        kinds.length === 0 ? `routes[${i}] names no callers: it has none of countries, regions or areaCodes` : `routes[${i}] mixes ${kinds.join(' and ')}; a route takes exactly one of them`,
        kinds.length === 0 ? 'add `countries`, `regions` or `areaCodes`, or remove the route' : 'split it into one route per kind, in the order they should be tried',
      );
    }
    for (const kind of kinds) checkPlaces(name, step, i, kind, earlier, findings);
    // Only after the whole route: a route does not hide itself.
    for (const kind of kinds) for (const place of route[kind] ?? []) if (!earlier[kind].has(place)) earlier[kind].set(place, i);
  });
}

function checkPlaces(
  name: string,
  step: GeoStep,
  i: number,
  kind: Kind,
  earlier: Record<Kind, Map<string, number>>,
  findings: PlanFindings,
): void {
  const places = step.routes[i][kind] ?? [];
  const hidden: Array<{ k: number; by: number }> = [];
  places.forEach((place, k) => {
    const problem = unknownPlace(kind, place);
    if (problem !== undefined) {
      findings.error(name, ['routes', i, kind, k], problem.summary, problem.detail);
      return;
    }
    const by = coveredBy(kind, place, earlier);
    if (by !== undefined) hidden.push({ k, by });
  });
  if (hidden.length === 0) return;
  const routes = step.routes;
  if (hidden.length === places.length) {
    const by = [...new Set(hidden.map((h) => h.by))].map((r) => describeRoute(routes[r], r));
    findings.warn(name, ['routes', i], `routes[${i}] can never match: ${by.join(' and ')} already take${by.length === 1 ? 's' : ''} all its callers`, 'routes are tried in order; remove this route or move it before the broader one');
    return;
  }
  for (const { k, by } of hidden) {
    findings.warn(name, ['routes', i, kind, k], `${describePlace(kind, places[k])} is already routed by ${describeRoute(routes[by], by)}`, 'routes are tried in order, so it never reaches this route; remove it here or move this route first');
  }
}

/** Why a place can never be matched, or undefined when it is fine. */
function unknownPlace(kind: Kind, place: string): { summary: string; detail: string } | undefined {
  if (kind === 'countries') {
    return isSupportedCountry(place) ? undefined : { summary: `"${place}" is not an ISO 3166 country code`, detail: place === 'UK' ? 'did you mean "GB"?' : 'use a two-letter ISO 3166-1 code such as "US", "GB" or "DE"' };
  }
  if (kind === 'regions') {
    if (nanpRegionCountry(place) !== undefined) return undefined;
    const summary = `"${place}" is not a US state or Canadian province code`;
    if (REGION_ALIASES[place]) return { summary, detail: `did you mean "${REGION_ALIASES[place]}"?` };
    if (place === 'NT' || place === 'NU') return { summary: `"${place}" is never reported as a caller's region`, detail: 'area code 867 serves Yukon, the Northwest Territories and Nunavut and is reported as "YT"; use regions: [YT] or areaCodes: ["867"]' };
    if (isSupportedCountry(place)) return { summary, detail: `"${place}" is a country code; put it in a route's \`countries\` instead` };
    return { summary, detail: 'use a two-letter US state (e.g. "NY") or Canadian province (e.g. "ON") code' };
  }
  return undefined;
}

/** The earlier route that already takes every caller a place would match, if any. */
function coveredBy(kind: Kind, place: string, earlier: Record<Kind, Map<string, number>>): number | undefined {
  const same = earlier[kind].get(place);
  if (same !== undefined) return same;
  if (kind === 'regions') {
    const country = nanpRegionCountry(place);
    const byCountry = country === undefined ? undefined : earlier.countries.get(country);
    if (byCountry !== undefined) return byCountry;
    // Area codes of the region: earlier area-code routes may already take all of its callers.
    const codes = nanpRegionAreaCodes(place);
    const byCodes = codes.map((c) => earlier.areaCodes.get(c));
    return codes.length > 0 && byCodes.every((r) => r !== undefined) ? Math.max(...(byCodes as number[])) : undefined;
  }
  if (kind === 'areaCodes') {
    const known = nanpAreaCode(place);
    if (known === undefined) return undefined;
    return earlier.regions.get(known.region) ?? earlier.countries.get(known.isoCountry);
  }
  return undefined;
}

function describePlace(kind: Kind, place: string): string {
  return kind === 'areaCodes' ? `area code ${place}` : kind === 'regions' ? `region ${place}` : `country ${place}`;
}

function describeRoute(route: GeoRoute, i: number): string {
  const kind = KINDS.find((k) => route[k] !== undefined);
  const places = kind ? (route[kind] ?? []) : [];
  const list = places.length > 4 ? `${places.slice(0, 4).join(', ')}, …` : places.join(', ');
  return kind ? `routes[${i}] (${kind} ${list})` : `routes[${i}]`;
}
