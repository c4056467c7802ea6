/** Prices from the inventory catalogue in the units the sandbox computes with (millionths of a dollar). */
import { countryEntry, listCountries, monthlyPrice, voicePrices, type NumberType } from './inventory';

const toMicros = (decimal: string | undefined) => Math.round(Number(decimal ?? 0) * 1_000_000);

/** Monthly rental of a number type in a country, in micro-dollars (0 when the country does not offer it). */
export function monthlyPriceMicros(isoCountry: string, type: NumberType): number {
  return toMicros(monthlyPrice(isoCountry, type));
}

interface PrefixPrice {
  isoCountry: string;
  friendlyName: string;
  price: string;
}

let byPrefix: Map<string, PrefixPrice> | undefined;

/** The outbound price entry with the longest prefix matching an E.164 number. */
export function outboundPriceFor(e164: string): PrefixPrice | undefined {
  if (!byPrefix) {
    byPrefix = new Map();
    for (const { isoCountry } of listCountries()) {
      for (const entry of voicePrices(isoCountry)?.outbound ?? []) {
        for (const prefix of entry.prefixes) byPrefix.set(prefix, { isoCountry, friendlyName: entry.friendlyName, price: entry.price });
      }
    }
  }
  const digits = e164.replace(/^\+/, '');
  for (let len = Math.min(digits.length, 8); len > 0; len--) {
    const hit = byPrefix.get(digits.slice(0, len));
    if (hit) return hit;
  }
  return undefined;
}

/** Per-minute prices the traffic switch charges, in USD. */
export interface CallRates {
  inboundPerMinute(isoCountry: string, type: NumberType): number;
  outboundPerMinute(destinationE164: string): number;
}

/** Call rates for the traffic switch, from the catalogue (with a default where a country lists none). */
export const catalogueCallRates: CallRates = {
  inboundPerMinute(isoCountry, type) {
    return Number(countryEntry(isoCountry)?.offers[type]?.inboundVoicePrice ?? 0.0085);
  },
  outboundPerMinute(destination) {
    return Number(outboundPriceFor(destination)?.price ?? 0.014);
  },
};
