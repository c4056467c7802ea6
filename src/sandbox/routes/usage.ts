/** Usage Records (computed from calls and owned numbers) and Usage Triggers (with callbacks when they fire). */
import type { SandboxContext } from '../context';
import type { SandboxApp, SandboxCtx } from '../http/hono-env';
import { canonicalPath } from '../http/formatting';
import { isoDay, rfc2822 } from '../http/dates';
import { numericAfterKey, pageOfArray, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { invalidParameter, notFound } from '../http/twilio-error';
import { monthlyPriceMicros } from '../rates';

const DAY = 86_400_000;

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

/** Totals of one category over a period. */
export interface UsageTotals {
  count: number;
  usage: number;
  priceMicros: number;
}

/** Sums a category over [start, end) (epoch ms). */
export function usageFor(ctx: SandboxContext, category: UsageCategory, start: number, end: number): UsageTotals {
  if (category.startsWith('calls')) {
    const direction = category === 'calls-inbound' ? "AND direction = 'inbound'" : category === 'calls-outbound' ? "AND direction != 'inbound'" : '';
    const r = ctx.db
      .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM((duration + 59) / 60), 0) AS usage, COALESCE(SUM(-price_micros), 0) AS price
        FROM calls WHERE account_sid = ? AND start_time >= ? AND start_time < ? ${direction}`)
      .get(ctx.accountSid, start, end) as { count: number; usage: number; price: number };
    return { count: r.count, usage: r.usage, priceMicros: r.price };
  }
  if (category.startsWith('phonenumbers')) {
    const type = { 'phonenumbers-local': 'local', 'phonenumbers-mobile': 'mobile', 'phonenumbers-tollfree': 'tollFree' }[category as string];
    // Only time that has passed is charged: a period reaching into the future is counted up to now.
    const until = Math.min(end, ctx.now());
    const rows = ctx.db
      .prepare(`SELECT iso_country, type, owned_from, owned_until FROM number_ownership
        WHERE account_sid = ? AND owned_from < ? AND (owned_until IS NULL OR owned_until > ?) ${type ? 'AND type = ?' : ''}`)
      .all(...[ctx.accountSid, until, start, ...(type ? [type] : [])]) as {
        iso_country: string; type: 'local' | 'mobile' | 'tollFree'; owned_from: number; owned_until: number | null;
      }[];
    // Rental is charged per 30 days of ownership inside the period, released numbers included, so a past period's
    // records never change when numbers are bought or released later.
    let price = 0;
    for (const r of rows) {
      const days = Math.max(0, (Math.min(until, r.owned_until ?? until) - Math.max(start, r.owned_from)) / DAY);
      price += Math.round((monthlyPriceMicros(r.iso_country, r.type) * days) / 30);
    }
    return { count: rows.length, usage: rows.length, priceMicros: price };
  }
  const calls = usageFor(ctx, 'calls', start, end);
  const numbers = usageFor(ctx, 'phonenumbers', start, end);
  const total = calls.priceMicros + numbers.priceMicros;
  return { count: 0, usage: total / 1_000_000, priceMicros: total };
}

type Period = 'Daily' | 'Monthly' | 'Yearly';
const FIXED = ['AllTime', 'Today', 'Yesterday', 'ThisMonth', 'LastMonth'] as const;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
function startOfMonth(ms: number, addMonths = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + addMonths, 1);
}

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

interface TriggerData {
  sid: string;
  friendly_name: string | null;
  callback_url: string;
  callback_method: 'GET' | 'POST';
  usage_category: UsageCategory;
  trigger_by: 'count' | 'usage' | 'price';
  trigger_value: string;
  /** `alltime` (the default) fires once; the others fire again in each new period. */
  recurring: 'daily' | 'monthly' | 'yearly' | 'alltime';
  date_fired: number | null;
}

function triggerPeriod(recurring: TriggerData['recurring'], now: number): [number, number] {
  switch (recurring) {
    case 'daily': return [startOfDay(now), startOfDay(now) + DAY];
    case 'monthly': return [startOfMonth(now), startOfMonth(now, 1)];
    case 'yearly': return [Date.UTC(new Date(now).getUTCFullYear(), 0, 1), Date.UTC(new Date(now).getUTCFullYear() + 1, 0, 1)];
    default: return [0, now + DAY];
  }
}

function currentValue(ctx: SandboxContext, t: TriggerData, now: number): number {
  const [start, end] = triggerPeriod(t.recurring, now);
  const totals = usageFor(ctx, t.usage_category, start, end);
  return t.trigger_by === 'count' ? totals.count : t.trigger_by === 'usage' ? totals.usage : totals.priceMicros / 1_000_000;
}

/** Fires every trigger whose threshold was crossed in its current period; the callback is best effort, as Twilio's is. */
export function evaluateUsageTriggers(ctx: SandboxContext): void {
  const now = ctx.now();
  const rows = ctx.db.prepare('SELECT sid, data FROM usage_triggers WHERE account_sid = ?').all(ctx.accountSid) as { sid: string; data: string }[];
  for (const row of rows) {
    const t = JSON.parse(row.data) as TriggerData;
    const [periodStart] = triggerPeriod(t.recurring, now);
    if (t.date_fired !== null && t.date_fired >= periodStart) continue;
    const value = currentValue(ctx, t, now);
    if (value < Number(t.trigger_value)) continue;
    t.date_fired = now;
    ctx.db.prepare('UPDATE usage_triggers SET data = ? WHERE sid = ?').run(JSON.stringify(t), t.sid);
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

/** Registers Usage Records and Usage Triggers. */
export function registerUsageRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/api/2010-04-01/Accounts/:AccountSid/Usage';

  const records = (c: SandboxCtx, sub: Period | (typeof FIXED)[number] | null) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const now = ctx.now();
    const category = params.string('Category', { maxLength: 64 });
    if (category !== undefined && !(category in USAGE_CATEGORIES)) {
      throw invalidParameter('Category', `"${category}" is not a usage category the sandbox records (${Object.keys(USAGE_CATEGORIES).join(', ')})`);
    }
    let start = readDate(params, 'StartDate', now);
    let end = readDate(params, 'EndDate', now);
    if (end !== undefined) end += DAY; // inclusive end date
    params.boolean('IncludeSubaccounts');
    const firstCall = (ctx.db.prepare('SELECT MIN(start_time) AS t FROM calls WHERE account_sid = ?').get(ctx.accountSid) as { t: number | null }).t;
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

  const triggerResource = (row: { data: string; date_created: number; date_updated: number }) => {
    const t = JSON.parse(row.data) as TriggerData;
    return {
      account_sid: ctx.accountSid,
      api_version: '2010-04-01',
      callback_method: t.callback_method,
      callback_url: t.callback_url,
      current_value: String(currentValue(ctx, t, ctx.now())),
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
    const row = ctx.db.prepare('SELECT * FROM usage_triggers WHERE sid = ? AND account_sid = ?').get(sid, ctx.accountSid) as
      | { sid: string; data: string; date_created: number; date_updated: number }
      | undefined;
    if (!row) throw notFound(path);
    return row;
  };

  app.post(`${base}/Triggers`, (c) => {
    const params = c.get('params');
    const callbackUrl = params.url('CallbackUrl');
    if (!callbackUrl) params.required('CallbackUrl');
    const category = params.required('UsageCategory', { maxLength: 64 });
    if (!(category in USAGE_CATEGORIES)) throw invalidParameter('UsageCategory', `"${category}" is not one of ${Object.keys(USAGE_CATEGORIES).join(', ')}`);
    const triggerBy = params.oneOf('TriggerBy', ['count', 'usage', 'price'] as const) ?? 'usage';
    const rawValue = params.required('TriggerValue', { maxLength: 32 });
    const sid = newSid('UT');
    const t: TriggerData = {
      sid, friendly_name: params.string('FriendlyName', { maxLength: 64 }) ?? null, callback_url: callbackUrl!,
      callback_method: params.oneOf('CallbackMethod', ['GET', 'POST'] as const) ?? 'POST', usage_category: category as UsageCategory,
      trigger_by: triggerBy, trigger_value: rawValue, recurring: params.oneOf('Recurring', ['daily', 'monthly', 'yearly', 'alltime'] as const) ?? 'alltime',
      date_fired: null,
    };
    const relative = rawValue.match(/^\+(\d+(\.\d+)?)$/);
    if (relative) {
      // "+N" is relative to the value at creation, as Twilio defines it.
      t.trigger_value = String(currentValue(ctx, t, ctx.now()) + Number(relative[1]));
    } else if (!/^\d+(\.\d+)?$/.test(rawValue)) {
      throw invalidParameter('TriggerValue', `"${rawValue}" is not a number (or +N relative to the current value)`);
    }
    const now = ctx.now();
    const row = { sid, account_sid: ctx.accountSid, data: JSON.stringify(t), date_created: now, date_updated: now, seq: ctx.nextSeq('usage_triggers') };
    ctx.db.prepare('INSERT INTO usage_triggers (sid, account_sid, data, date_created, date_updated, seq) VALUES (@sid, @account_sid, @data, @date_created, @date_updated, @seq)').run(row);
    return c.json(triggerResource(row), 201);
  });

  app.get(`${base}/Triggers`, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const recurring = params.oneOf('Recurring', ['daily', 'monthly', 'yearly', 'alltime'] as const);
    const triggerBy = params.oneOf('TriggerBy', ['count', 'usage', 'price'] as const);
    const category = params.string('UsageCategory', { maxLength: 64 });
    const rows = (ctx.db.prepare('SELECT * FROM usage_triggers WHERE account_sid = ? AND seq > ? ORDER BY seq').all(ctx.accountSid, numericAfterKey(page) ?? 0) as {
      data: string; date_created: number; date_updated: number; seq: number;
    }[]).filter((r) => {
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
    ctx.db.prepare('UPDATE usage_triggers SET data = ?, date_updated = ? WHERE sid = ?').run(JSON.stringify(t), now, t.sid);
    return c.json(triggerResource({ ...row, data: JSON.stringify(t), date_updated: now }));
  });
  app.delete(`${base}/Triggers/${sidPattern}`, (c) => {
    const row = loadTrigger(c.req.param('Sid'), canonicalPath(c));
    ctx.db.prepare('DELETE FROM usage_triggers WHERE sid = ?').run(row.sid);
    return c.body(null, 204);
  });
}
