/**
 * What the account used and spent over a period, by usage category: calls from the call records, number rental from
 * the ownership history. Usage Records show it, Usage Triggers watch it.
 */
import type { SandboxContext } from '../context';
import { monthlyPriceMicros } from '../rates';
import { DAY_MS } from './periods';

/** The usage categories the sandbox accounts for. */
export const USAGE_CATEGORIES = {
  calls: { description: 'Voice Minutes', countUnit: 'calls', usageUnit: 'minutes' },
  'calls-inbound': { description: 'Inbound Voice Minutes', countUnit: 'calls', usageUnit: 'minutes' },
  'calls-outbound': { description: 'Outbound Voice Minutes', countUnit: 'calls', usageUnit: 'minutes' },
  phonenumbers: { description: 'Phone Numbers', countUnit: 'phonenumbers', usageUnit: 'phonenumbers' },
  'phonenumbers-local': { description: 'Local Phone Numbers', countUnit: 'phonenumbers', usageUnit: 'phonenumbers' },
  'phonenumbers-mobile': { description: 'Mobile Phone Numbers', countUnit: 'phonenumbers', usageUnit: 'phonenumbers' },
  'phonenumbers-tollfree': { description: 'Toll-free Phone Numbers', countUnit: 'phonenumbers', usageUnit: 'phonenumbers' },
  totalprice: { description: 'Total Price', countUnit: '', usageUnit: 'usd' },
} as const;

/** One of {@link USAGE_CATEGORIES}. */
export type UsageCategory = keyof typeof USAGE_CATEGORIES;

/** True when `name` is a category the sandbox accounts for. */
export function isUsageCategory(name: string): name is UsageCategory {
  return Object.prototype.hasOwnProperty.call(USAGE_CATEGORIES, name);
}

/** Totals of one category over a period. */
export interface UsageTotals {
  count: number;
  usage: number;
  priceMicros: number;
}

const NUMBER_TYPE_OF = { 'phonenumbers-local': 'local', 'phonenumbers-mobile': 'mobile', 'phonenumbers-tollfree': 'tollFree' } as const;

/** Sums a category over [start, end) (epoch ms). */
export function usageFor(ctx: SandboxContext, category: UsageCategory, start: number, end: number): UsageTotals {
  if (category === 'calls' || category === 'calls-inbound' || category === 'calls-outbound') {
    const direction = category === 'calls-inbound' ? 'inbound' : category === 'calls-outbound' ? 'outbound' : undefined;
    const t = ctx.calls.totals(ctx.accountSid, start, end, direction);
    return { count: t.count, usage: t.minutes, priceMicros: t.priceMicros };
  }
  if (category.startsWith('phonenumbers')) {
    const type = NUMBER_TYPE_OF[category as keyof typeof NUMBER_TYPE_OF];
    // Only time that has passed is charged: a period reaching into the future is counted up to now.
    const until = Math.min(end, ctx.now());
    const periods = ctx.incomingNumbers.ownedDuring(ctx.accountSid, start, until, type);
    // Rental is charged per 30 days of ownership inside the period, released numbers included, so a past period's
    // records never change when numbers are bought or released later.
    let price = 0;
    for (const r of periods) {
      const days = Math.max(0, (Math.min(until, r.owned_until ?? until) - Math.max(start, r.owned_from)) / DAY_MS);
      price += Math.round((monthlyPriceMicros(r.iso_country, r.type) * days) / 30);
    }
    return { count: periods.length, usage: periods.length, priceMicros: price };
  }
  const calls = usageFor(ctx, 'calls', start, end);
  const numbers = usageFor(ctx, 'phonenumbers', start, end);
  const total = calls.priceMicros + numbers.priceMicros;
  return { count: 0, usage: total / 1_000_000, priceMicros: total };
}
