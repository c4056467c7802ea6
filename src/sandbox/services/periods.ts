/** UTC calendar periods, as Twilio's usage records and triggers count them. */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Midnight UTC of the day of `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The first instant of the UTC month of `ms`, moved by `addMonths`. */
export function startOfMonth(ms: number, addMonths = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + addMonths, 1);
}

/** The first instant of the UTC year of `ms`, moved by `addYears`. */
export function startOfYear(ms: number, addYears = 0): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + addYears, 0, 1);
}
