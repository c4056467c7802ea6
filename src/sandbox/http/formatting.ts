/** Small renderers shared by the routes. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SandboxCtx } from './hono-env';

/** The canonical Twilio path of this request (sandbox prefix removed), e.g. `/2010-04-01/Accounts/AC…/Calls.json`. */
export function canonicalPath(c: SandboxCtx): string {
  return new URL(c.req.url).pathname.replace(/^\/(api|studio|pricing|numbers|trunking|voice)(?=\/)/, '');
}

/** `(415) 555-0123` for NANP numbers, the national format elsewhere, as Twilio's friendly names read. */
export function friendlyNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

/** Prices are decimal strings with five places in API v2010 (`"-0.01300"`). */
export function priceString(micros: number): string {
  return (micros / 1_000_000).toFixed(5);
}
