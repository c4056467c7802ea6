/** The Hono app Telnyx routes register on, rooted at Telnyx's `/v2` so route files write Telnyx's own paths. */
import { Hono } from 'hono';

/** Where Telnyx's API lives on the sandbox (`https://api.telnyx.com/v2` on Telnyx). */
export const TELNYX_PREFIX = '/v2';

/** A new app whose routes and middleware lie below {@link TELNYX_PREFIX}: `/phone_numbers` serves `/v2/phone_numbers`. */
export function createTelnyxRouter() {
  return new Hono().basePath(TELNYX_PREFIX);
}

/** The app Telnyx route files register on. */
export type TelnyxApp = ReturnType<typeof createTelnyxRouter>;
