/** Pricing v1: monthly number prices and per-minute voice prices per country, and the price of calling a number. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { canonicalBase, type SandboxContext } from '../context';
import type { SandboxApp, SandboxCtx } from '../http/hono-env';
import { knownCountry } from '../http/inventory-paths';
import { metaPage, pageOfArray, readPageRequest } from '../http/pagination';
import { invalidParameter, notFound } from '../http/twilio-error';
import { countryEntry, countryInfo, listCountries, voicePrices, type NumberType } from '../inventory';
import { outboundPriceFor } from '../rates';

const PRICING = canonicalBase('pricing');
/** Pricing writes number types in words, with a space in "toll free". */
const TYPE_WORDS: Record<NumberType, string> = { local: 'local', mobile: 'mobile', tollFree: 'toll free' };

function price(value: string) {
  return { base_price: value, current_price: value };
}

function countryPage(c: SandboxCtx, product: 'PhoneNumbers' | 'Voice') {
  const page = readPageRequest(c.get('params'));
  const all = listCountries().map((info) => ({
    country: info.name,
    iso_country: info.isoCountry,
    url: `${PRICING}/v1/${product}/Countries/${info.isoCountry}`,
  }));
  return c.json(metaPage('countries', `${PRICING}/v1/${product}/Countries`, c.get('query'), page, pageOfArray(all, page, (x) => x.iso_country)));
}


/** Registers the Pricing v1 routes. */
export function registerPricingRoutes(app: SandboxApp, _ctx: SandboxContext): void {
  app.get('/pricing/v1/PhoneNumbers/Countries', (c) => countryPage(c, 'PhoneNumbers'));
  app.get('/pricing/v1/Voice/Countries', (c) => countryPage(c, 'Voice'));

  app.get('/pricing/v1/PhoneNumbers/Countries/:IsoCountry', (c) => {
    const iso = knownCountry(c.req.param('IsoCountry'), `/v1/PhoneNumbers/Countries/${c.req.param('IsoCountry')}`);
    const entry = countryEntry(iso)!;
    return c.json({
      country: entry.name,
      iso_country: iso,
      phone_number_prices: (Object.entries(entry.offers) as [NumberType, { monthlyPrice: string }][]).map(([type, offer]) => ({
        number_type: TYPE_WORDS[type],
        ...price(offer.monthlyPrice),
      })),
      price_unit: 'USD',
      url: `${PRICING}/v1/PhoneNumbers/Countries/${iso}`,
    });
  });

  app.get('/pricing/v1/Voice/Countries/:IsoCountry', (c) => {
    const iso = knownCountry(c.req.param('IsoCountry'), `/v1/Voice/Countries/${c.req.param('IsoCountry')}`);
    const prices = voicePrices(iso)!;
    return c.json({
      country: prices.name,
      iso_country: iso,
      outbound_prefix_prices: prices.outbound.map((o) => ({ prefixes: [...o.prefixes], friendly_name: o.friendlyName, ...price(o.price) })),
      inbound_call_prices: prices.inbound.map((i) => ({ number_type: TYPE_WORDS[i.numberType], ...price(i.price) })),
      price_unit: 'USD',
      url: `${PRICING}/v1/Voice/Countries/${iso}`,
    });
  });

  app.get('/pricing/v1/Voice/Numbers/:Number', (c) => {
    const raw = c.req.param('Number');
    const parsed = parsePhoneNumberFromString(raw.startsWith('+') ? raw : `+${raw}`);
    if (!parsed || !parsed.isValid()) throw invalidParameter('Number', `"${raw}" is not a valid phone number in E.164 form`);
    const outbound = outboundPriceFor(parsed.number);
    const iso = parsed.country ?? outbound?.isoCountry;
    if (!iso || !countryInfo(iso)) throw notFound(`/v1/Voice/Numbers/${raw}`);
    const inbound = voicePrices(iso)?.inbound[0];
    return c.json({
      number: parsed.number,
      country: countryInfo(iso)!.name,
      iso_country: iso,
      outbound_call_price: outbound ? price(outbound.price) : null,
      inbound_call_price: inbound ? { ...price(inbound.price), number_type: TYPE_WORDS[inbound.numberType] } : null,
      price_unit: 'USD',
      url: `${PRICING}/v1/Voice/Numbers/${parsed.number}`,
    });
  });
}
