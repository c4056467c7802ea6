/** Twilio's Pricing v1 number prices as the port's country price lists. */
import type { CountryNumberPrices, NumberKind } from '../carrier';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';

/** Pricing v1 spells number types in words. */
const PRICING_TYPE_WORDS: Readonly<Record<string, NumberKind>> = { local: 'local', mobile: 'mobile', 'toll free': 'tollFree' };

/** A country's prices, or undefined when Twilio sells no numbers there (404). */
export async function twilioNumberPrices(client: TwilioClient, iso: string): Promise<CountryNumberPrices | undefined> {
  let country;
  try {
    country = await client.pricing.v1.phoneNumbers.countries(iso).fetch();
  } catch (err) {
    const error = fromTwilioError(err, { operation: `read number prices of ${iso}`, field: 'country' });
    if (error.status === 404) return undefined;
    throw error;
  }
  const monthly = new Map<NumberKind, string>();
  for (const entry of country.phoneNumberPrices ?? []) {
    const kind = PRICING_TYPE_WORDS[String(entry.numberType ?? '').toLowerCase()];
    // Types didops does not search (national, shared cost...) are left out rather than guessed at.
    if (kind && !monthly.has(kind)) monthly.set(kind, String(entry.currentPrice));
  }
  // Twilio charges no setup fee for numbers: the first month's rental is the whole cost of buying one.
  return { currency: String(country.priceUnit ?? ''), monthly, setup: new Map() };
}
