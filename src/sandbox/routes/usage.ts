/** Usage Records (computed from calls and owned numbers) and Usage Triggers (with callbacks when they fire). */
import type { SandboxContext } from '../context';
import type { SandboxApp, SandboxCtx } from '../http/hono-env';
import { canonicalPath } from '../http/formatting';
import { isoDay, rfc2822 } from '../http/dates';
import { numericAfterKey, pageOfArray, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { invalidParameter, notFound } from '../http/twilio-error';
import { DAY_MS as DAY, startOfDay, startOfMonth } from '../services/periods';
import { USAGE_CATEGORIES, isUsageCategory, usageFor, type UsageCategory, type UsageTotals } from '../services/usage';
import { currentTriggerValue } from '../services/usage-triggers';
import type { TriggerData, TriggerRow } from '../store/usage-triggers-repository';

type Period = 'Daily' | 'Monthly' | 'Yearly';
const FIXED = ['AllTime', 'Today', 'Yesterday', 'ThisMonth', 'LastMonth'] as const;

/** Reads StartDate/EndDate: `YYYY-MM-DD` or relative `-30days` / `+0days`; EndDate is inclusive, as Twilio's is. */
function readDate(params: Params, name: string, now: number): number | undefined {
  const raw = params.string(name, { maxLength: 20 });
  if (raw === undefined) return undefined;
  const rel = raw.match(/^([+-]\d{1,5})days$/);
  if (rel) return startOfDay(now) + Number(rel[1]) * DAY;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw invalidParameter(name, `"${raw}" is not a date; use YYYY-MM-DD or a relative value like -30days`);
  return ms;
}

function splitPeriods(start: number, end: number, period: Period | null): [number, number][] {
  if (!period) return [[start, end]];
  const out: [number, number][] = [];
  let cursor = start;
  while (cursor < end && out.length < 5000) {
    const next =
      period === 'Daily' ? startOfDay(cursor) + DAY : period === 'Monthly' ? startOfMonth(cursor, 1) : Date.UTC(new Date(cursor).getUTCFullYear() + 1, 0, 1);
    out.push([cursor, Math.min(next, end)]);
    cursor = next;
  }
  return out;
}

function recordResource(ctx: SandboxContext, category: UsageCategory, start: number, end: number, totals: UsageTotals, now: number) {
  const info = USAGE_CATEGORIES[category];
  const startDate = isoDay(start);
  const endDate = isoDay(end - 1);
  const q = `Category=${category}&StartDate=${startDate}&EndDate=${endDate}`;
  const base = `/2010-04-01/Accounts/${ctx.accountSid}/Usage/Records`;
  return {
    account_sid: ctx.accountSid,
    api_version: '2010-04-01',
    as_of: new Date(now).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    category,
    count: String(totals.count),
    count_unit: info.countUnit,
    description: info.description,
    end_date: endDate,
    price: Number((totals.priceMicros / 1_000_000).toFixed(5)),
    price_unit: 'usd',
    start_date: startDate,
    subresource_uris: {
      all_time: `${base}/AllTime.json?${q}`, today: `${base}/Today.json?${q}`, yesterday: `${base}/Yesterday.json?${q}`,
      this_month: `${base}/ThisMonth.json?${q}`, last_month: `${base}/LastMonth.json?${q}`, daily: `${base}/Daily.json?${q}`,
      monthly: `${base}/Monthly.json?${q}`, yearly: `${base}/Yearly.json?${q}`,
    },
    uri: `${base}.json?${q}`,
    usage: category === 'totalprice' ? totals.usage.toFixed(5) : String(totals.usage),
    usage_unit: info.usageUnit,
  };
}

/** Registers Usage Records and Usage Triggers. */
export function registerUsageRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/api/2010-04-01/Accounts/:AccountSid/Usage';

  const records = (c: SandboxCtx, sub: Period | (typeof FIXED)[number] | null) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const now = ctx.now();
    const category = params.string('Category', { maxLength: 64 });
    if (category !== undefined && !isUsageCategory(category)) {
      throw invalidParameter('Category', `"${category}" is not a usage category the sandbox records (${Object.keys(USAGE_CATEGORIES).join(', ')})`);
    }
    let start = readDate(params, 'StartDate', now);
    let end = readDate(params, 'EndDate', now);
    if (end !== undefined) end += DAY; // inclusive end date
    params.boolean('IncludeSubaccounts');
    const firstCall = ctx.calls.firstStartTime(ctx.accountSid);
    switch (sub) {
      case 'AllTime': start = start ?? startOfDay(firstCall ?? now); end = end ?? startOfDay(now) + DAY; break;
      case 'Today': start = startOfDay(now); end = start + DAY; break;
      case 'Yesterday': start = startOfDay(now) - DAY; end = startOfDay(now); break;
      case 'ThisMonth': start = startOfMonth(now); end = startOfMonth(now, 1); break;
      case 'LastMonth': start = startOfMonth(now, -1); end = startOfMonth(now); break;
      default: start = start ?? (sub ? startOfDay(now) - 30 * DAY : startOfMonth(now)); end = end ?? startOfDay(now) + DAY;
    }
    if (end <= start) throw invalidParameter('EndDate', 'must not be before StartDate');
    const periods = splitPeriods(start, end, sub === 'Daily' || sub === 'Monthly' || sub === 'Yearly' ? sub : null);
    const categories = category ? [category as UsageCategory] : (Object.keys(USAGE_CATEGORIES) as UsageCategory[]);
    const all = periods.flatMap(([s, e]) => categories.map((cat) => ({ cat, s, e })));
    const { rows: slice, nextKey } = pageOfArray(all, page, (_, index) => String(index));
    const rows = slice.map(({ cat, s, e }) => recordResource(ctx, cat, s, e, usageFor(ctx, cat, s, e), now));
    return c.json(v2010Page('usage_records', canonicalPath(c), c.get('query'), page, { rows, nextKey }));
  };
  app.get(`${base}/Records`, (c) => records(c, null));
  for (const sub of ['Daily', 'Monthly', 'Yearly', ...FIXED] as const) app.get(`${base}/Records/${sub}`, (c) => records(c, sub));

  const triggerResource = (row: Pick<TriggerRow, 'data' | 'date_created' | 'date_updated'>) => {
    const t = JSON.parse(row.data) as TriggerData;
    return {
      account_sid: ctx.accountSid,
      api_version: '2010-04-01',
      callback_method: t.callback_method,
      callback_url: t.callback_url,
      current_value: String(currentTriggerValue(ctx, t, ctx.now())),
      date_created: rfc2822(row.date_created),
      date_fired: t.date_fired === null ? null : rfc2822(t.date_fired),
      date_updated: rfc2822(row.date_updated),
      friendly_name: t.friendly_name,
      recurring: t.recurring,
      sid: t.sid,
      trigger_by: t.trigger_by,
      trigger_value: t.trigger_value,
      uri: `/2010-04-01/Accounts/${ctx.accountSid}/Usage/Triggers/${t.sid}.json`,
      usage_category: t.usage_category,
      usage_record_uri: `/2010-04-01/Accounts/${ctx.accountSid}/Usage/Records.json?Category=${t.usage_category}`,
    };
  };
  const loadTrigger = (sid: string, path: string) => {
    const row = ctx.usageTriggers.findRow(ctx.accountSid, sid);
    if (!row) throw notFound(path);
    return row;
  };

  app.post(`${base}/Triggers`, (c) => {
    const params = c.get('params');
    const callbackUrl = params.url('CallbackUrl');
    if (!callbackUrl) params.required('CallbackUrl');
    const category = params.required('UsageCategory', { maxLength: 64 });
    if (!isUsageCategory(category)) throw invalidParameter('UsageCategory', `"${category}" is not one of ${Object.keys(USAGE_CATEGORIES).join(', ')}`);
    const triggerBy = params.oneOf('TriggerBy', ['count', 'usage', 'price'] as const) ?? 'usage';
    const rawValue = params.required('TriggerValue', { maxLength: 32 });
    const sid = newSid('UT');
    const t: TriggerData = {
      sid, friendly_name: params.string('FriendlyName', { maxLength: 64 }) ?? null, callback_url: callbackUrl!,
      callback_method: params.oneOf('CallbackMethod', ['GET', 'POST'] as const) ?? 'POST', usage_category: category,
      trigger_by: triggerBy, trigger_value: rawValue, recurring: params.oneOf('Recurring', ['daily', 'monthly', 'yearly', 'alltime'] as const) ?? 'alltime',
      date_fired: null,
    };
    const relative = rawValue.match(/^\+(\d+(\.\d+)?)$/);
    if (relative) {
      // "+N" is relative to the value at creation, as Twilio defines it.
      t.trigger_value = String(currentTriggerValue(ctx, t, ctx.now()) + Number(relative[1]));
    } else if (!/^\d+(\.\d+)?$/.test(rawValue)) {
      throw invalidParameter('TriggerValue', `"${rawValue}" is not a number (or +N relative to the current value)`);
    }
    const now = ctx.now();
    const row: TriggerRow = { sid, account_sid: ctx.accountSid, data: JSON.stringify(t), date_created: now, date_updated: now, seq: ctx.nextSeq('usage_triggers') };
    ctx.usageTriggers.insert(row);
    return c.json(triggerResource(row), 201);
  });

  app.get(`${base}/Triggers`, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const recurring = params.oneOf('Recurring', ['daily', 'monthly', 'yearly', 'alltime'] as const);
    const triggerBy = params.oneOf('TriggerBy', ['count', 'usage', 'price'] as const);
    const category = params.string('UsageCategory', { maxLength: 64 });
    const rows = ctx.usageTriggers.listAfter(ctx.accountSid, numericAfterKey(page) ?? 0).filter((r) => {
      const t = JSON.parse(r.data) as TriggerData;
      return (!recurring || t.recurring === recurring) && (!triggerBy || t.trigger_by === triggerBy) && (!category || t.usage_category === category);
    }).slice(page.offset);
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    return c.json(v2010Page('usage_triggers', canonicalPath(c), c.get('query'), page, { rows: pageRows.map(triggerResource), nextKey }));
  });

  const sidPattern = ':Sid{UT[0-9a-fA-F]{32}}';
  app.get(`${base}/Triggers/${sidPattern}`, (c) => c.json(triggerResource(loadTrigger(c.req.param('Sid'), canonicalPath(c)))));
  app.post(`${base}/Triggers/${sidPattern}`, (c) => {
    const row = loadTrigger(c.req.param('Sid'), canonicalPath(c));
    const params = c.get('params');
    const t = JSON.parse(row.data) as TriggerData;
    const url = params.url('CallbackUrl');
    if (url) t.callback_url = url;
    t.callback_method = params.oneOf('CallbackMethod', ['GET', 'POST'] as const) ?? t.callback_method;
    const friendly = params.string('FriendlyName', { maxLength: 64 });
    if (friendly !== undefined) t.friendly_name = friendly;
    const now = ctx.now();
    ctx.usageTriggers.update(t.sid, t, now);
    return c.json(triggerResource({ ...row, data: JSON.stringify(t), date_updated: now }));
  });
  app.delete(`${base}/Triggers/${sidPattern}`, (c) => {
    const row = loadTrigger(c.req.param('Sid'), canonicalPath(c));
    ctx.usageTriggers.delete(row.sid);
    return c.body(null, 204);
  });
}
