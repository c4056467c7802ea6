/** Small renderers shared by the routes. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SandboxCtx } from './hono-env';

/** The canonical Twilio path of this request (sandbox prefix removed), e.g. `/2010-04-01/Accounts/AC…/Calls.json`. */
export function canonicalPath(c: SandboxCtx): string {
  return new URL(c.req.url).pathname.replace(/^\/(api|studio|pricing|numbers|trunking|voice)(?=\/)/, '');
}

const formatted = new Map<string, string>();
const FORMATTED_CACHE_LIMIT = 100_000;

/** `(415) 555-0123` for NANP numbers, the national format elsewhere, as Twilio's friendly names read. */
export function friendlyNumber(e164: string): string {
  // A page of 1,000 numbers is formatted on every search: NANP takes a fixed layout, others are remembered, because
  // libphonenumber's formatter costs tens of microseconds a number.
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  let text = formatted.get(e164);
  if (text === undefined) {
    text = parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
    if (formatted.size >= FORMATTED_CACHE_LIMIT) formatted.clear();
    formatted.set(e164, text);
  }
  return text;
}

/** Prices are decimal strings with five places in API v2010 (`"-0.01300"`). */
export function priceString(micros: number): string {
  return (micros / 1_000_000).toFixed(5);
}
