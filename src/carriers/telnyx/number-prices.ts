/**
 * Telnyx number prices as the port's country price lists. Telnyx publishes no per-country number price list in its
 * API (its pricing resource covers AI products), but every search result carries `cost_information`; so a country's
 * prices are read from a small search per number type, taking the lowest offer of each type (vanity and premium
 * numbers cost more; the list price is what an ordinary number costs).
 */
import type { CountryNumberPrices, NumberKind } from '../carrier';
import { costOf, TELNYX_NUMBER_TYPE } from './available-numbers';
import type { TelnyxClient } from './client';
import { fromTelnyxError } from './errors';
import { toDecimalString, type Money } from '../../core/money';

/** Offers looked at per type: enough to see past a premium number or two. */
const SAMPLE = 10;

const KINDS: readonly NumberKind[] = ['local', 'mobile', 'tollFree'];

/** A country's prices, or undefined when Telnyx offers no numbers there now. */
export async function telnyxNumberPrices(client: TelnyxClient, iso: string): Promise<CountryNumberPrices | undefined> {
  const cheapest = new Map<NumberKind, { monthly: Money; setup: Money }>();
  await Promise.all(
    KINDS.map(async (kind) => {
      let offers;
      try {
        offers = (await client.availablePhoneNumbers.list({ filter: { country_code: iso, phone_number_type: TELNYX_NUMBER_TYPE[kind], limit: SAMPLE } })).data ?? [];
      } catch (err) {
        const error = fromTelnyxError(err, { operation: `read number prices of ${iso}`, field: 'country' });
        // A type or country Telnyx does not sell is refused as a bad filter or not found: no price, not a failure.
        if (error.status === 400 || error.status === 404 || error.status === 422) return;
        throw error;
      }
      for (const offer of offers) {
        const cost = costOf(offer.cost_information);
        const best = cheapest.get(kind);
        if (cost && (!best || (cost.monthly.currency === best.monthly.currency && cost.monthly.amountMinor < best.monthly.amountMinor))) cheapest.set(kind, cost);
      }
    }),
  );
  if (cheapest.size === 0) return undefined;
  const currency = [...cheapest.values()][0].monthly.currency;
  const monthly = new Map<NumberKind, string>();
  const setup = new Map<NumberKind, string>();
  for (const [kind, cost] of cheapest) {
    // One list, one currency: an account bills in one, so a stray other currency is a data error left out.
    if (cost.monthly.currency !== currency) continue;
    monthly.set(kind, toDecimalString(cost.monthly));
    if (cost.setup.amountMinor > 0) setup.set(kind, toDecimalString(cost.setup));
  }
  return { currency, monthly, setup };
}
