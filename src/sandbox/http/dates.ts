/** The two date formats Twilio uses: RFC 2822 in API v2010, ISO 8601 in the newer APIs. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue, 14 Apr 2026 09:26:42 +0000`, as API v2010 writes dates. */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** `2026-04-14T09:26:42Z`, as Studio, Pricing and Numbers write dates (no milliseconds, like Twilio). */
export function iso8601(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2026-04-14`, the day form used by Usage Records. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
