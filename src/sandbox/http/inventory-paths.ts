/** URL pieces shared by the routes that serve the inventory: number-type segments and country codes. */
import { countryInfo, type NumberType } from '../inventory';
import { notFound } from './twilio-error';

/** URL segment → inventory number type (`/Local`, `/TollFree`, `/Mobile`). */
export const NUMBER_TYPE_SEGMENTS: Readonly<Record<string, NumberType>> = { Local: 'local', TollFree: 'tollFree', Mobile: 'mobile' };

/** The upper-cased ISO code of a country the sandbox stocks, or Twilio's 404 for `path`. */
export function knownCountry(raw: string, path: string): string {
  const iso = raw.toUpperCase();
  if (!countryInfo(iso)) throw notFound(path);
  return iso;
}
