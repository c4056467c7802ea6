/**
 * Usage triggers: a threshold on a usage category, checked whenever usage grows (a purchase, generated calls) and
 * fired once per period with a callback, as Twilio does.
 */
import type { SandboxContext } from '../context';
import { rfc2822 } from '../http/dates';
import type { TriggerData } from '../store/usage-triggers-repository';
import { DAY_MS, startOfDay, startOfMonth, startOfYear } from './periods';
import { usageFor, type UsageCategory } from './usage';

/** The period a trigger's value is counted over now: [start, end). */
function triggerPeriod(recurring: TriggerData['recurring'], now: number): [number, number] {
  switch (recurring) {
    case 'daily': return [startOfDay(now), startOfDay(now) + DAY_MS];
    case 'monthly': return [startOfMonth(now), startOfMonth(now, 1)];
    case 'yearly': return [startOfYear(now), startOfYear(now, 1)];
    default: return [0, now + DAY_MS];
  }
}

/** The value a trigger compares with its threshold: count, usage or price of its category in its current period. */
export function currentTriggerValue(ctx: SandboxContext, t: TriggerData, now: number): number {
  const [start, end] = triggerPeriod(t.recurring, now);
  const totals = usageFor(ctx, t.usage_category as UsageCategory, start, end);
  return t.trigger_by === 'count' ? totals.count : t.trigger_by === 'usage' ? totals.usage : totals.priceMicros / 1_000_000;
}

/** Fires every trigger whose threshold was crossed in its current period; the callback is best effort, as Twilio's is. */
export function evaluateUsageTriggers(ctx: SandboxContext): void {
  const now = ctx.now();
  for (const row of ctx.usageTriggers.listAll(ctx.accountSid)) {
    const t = JSON.parse(row.data) as TriggerData;
    const [periodStart] = triggerPeriod(t.recurring, now);
    if (t.date_fired !== null && t.date_fired >= periodStart) continue;
    const value = currentTriggerValue(ctx, t, now);
    if (value < Number(t.trigger_value)) continue;
    t.date_fired = now;
    ctx.usageTriggers.recordFired(t);
    const body = new URLSearchParams({
      AccountSid: ctx.accountSid, UsageTriggerSid: t.sid, DateFired: rfc2822(now), Recurring: t.recurring,
      UsageCategory: t.usage_category, TriggerBy: t.trigger_by, TriggerValue: t.trigger_value, CurrentValue: String(value),
      IdempotencyToken: `${t.sid}-${periodStart}`,
    });
    const url = t.callback_method === 'GET' ? `${t.callback_url}${t.callback_url.includes('?') ? '&' : '?'}${body}` : t.callback_url;
    fetch(url, { method: t.callback_method, body: t.callback_method === 'POST' ? body : undefined, signal: AbortSignal.timeout(5000) }).catch(() => {
      // Twilio does not retry usage callbacks either; the trigger still shows date_fired.
    });
  }
}
