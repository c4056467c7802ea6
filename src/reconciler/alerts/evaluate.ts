/**
 * Alert evaluation (the `alerts` job): for each active alert, measure its window from the rated call records and
 * fire when the value reaches the threshold. Measuring, deciding and inserting the `alert_firings` row happen in one
 * transaction, and the row is unique per alert and window start: a second evaluation, a retried job or another
 * replica finds the row (or loses the insert) and fires nothing. The webhook's delivery is queued in that same
 * transaction, so a firing exists exactly when its delivery does.
 *
 * Each alert is checked for its current window and the one just before, so calls rated after their window ended
 * (late records, a slow rating run) still fire that window's alert; the previous window is skipped for alerts created
 * after it ended.
 */
import Decimal from 'decimal.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { AlertsTable } from '../db/tables/alerts';
import { newSortableId } from './model';
import type { AlertFiredEvent } from './webhook';
import { billingPeriodWindows, windowsOf, type AlertWindow } from './windows';

/** A firing made by an evaluation. */
export interface NewFiring {
  readonly id: string;
  readonly alertId: string;
  readonly window: AlertWindow;
  readonly value: string;
}

/** Options of {@link evaluateAlerts}. */
export interface EvaluateOptions {
  /** The evaluation's instant (the job's clock). */
  readonly now: Date;
  /** Queues the firing's webhook delivery inside the transaction that inserted the firing. */
  readonly onFired: (trx: Kysely<Database>, firing: NewFiring) => Promise<void>;
  /** Stop between alerts when aborted (shutdown). */
  readonly signal?: AbortSignal;
}

/** What an evaluation did. */
export interface EvaluationResult {
  /** Alert windows measured (windows that had fired already are not measured again). */
  readonly measured: number;
  readonly fired: readonly NewFiring[];
}

/** Evaluates every active alert at `now`. */
export async function evaluateAlerts(db: Kysely<Database>, options: EvaluateOptions): Promise<EvaluationResult> {
  const { now } = options;
  const alerts = await db.selectFrom('alerts').selectAll().where('active', '=', true).orderBy('id').execute();
  if (alerts.length === 0) return { measured: 0, fired: [] };
  const accountIds = [...new Set(alerts.map((a) => a.account_id))];
  const periods = await billingPeriodWindows(db, accountIds.filter((id) => alerts.some((a) => a.account_id === id && a.recurring === 'billing_period')), now);
  const currencies = new Map((await db.selectFrom('accounts').select(['id', 'currency']).where('id', 'in', accountIds).execute()).map((a) => [a.id, a.currency]));

  const due: { alert: Selectable<AlertsTable>; window: AlertWindow }[] = [];
  for (const alert of alerts) {
    const { current, previous } = windowsOf(alert.recurring, now, periods.get(alert.account_id));
    if (previous.end > alert.created_at) due.push({ alert, window: previous });
    due.push({ alert, window: current });
  }
  // Windows that fired already need no measuring: one query for all of them.
  const earliest = new Date(Math.min(...due.map((d) => d.window.start.getTime())));
  const firedAlready = new Set(
    (await db.selectFrom('alert_firings').select(['alert_id', 'window_start']).where('alert_id', 'in', alerts.map((a) => a.id)).where('window_start', '>=', earliest).execute()).map(
      (f) => `${f.alert_id}@${f.window_start.getTime()}`,
    ),
  );

  let measured = 0;
  const fired: NewFiring[] = [];
  for (const { alert, window } of due) {
    if (options.signal?.aborted) break;
    if (firedAlready.has(`${alert.id}@${window.start.getTime()}`)) continue;
    measured++;
    const firing = await db.transaction().execute(async (trx) => {
      const value = await measure(trx, alert, window);
      if (new Decimal(value).lessThan(alert.threshold)) return undefined;
      const id = newSortableId('alf', now);
      const inserted = await trx
        .insertInto('alert_firings')
        .values({
          id,
          alert_id: alert.id,
          account_id: alert.account_id,
          window_start: window.start,
          window_end: window.end,
          value,
          threshold: alert.threshold,
          fired_at: now,
          body: JSON.stringify(eventOf(id, alert, window, value, currencies.get(alert.account_id) ?? null, now)),
        })
        .onConflict((oc) => oc.columns(['alert_id', 'window_start']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return undefined;
      const made: NewFiring = { id, alertId: alert.id, window, value };
      await options.onFired(trx, made);
      return made;
    });
    if (firing) fired.push(firing);
  }
  return { measured, fired };
}

/**
 * The alert's value over the window from rated call records (rated and priced: `unrated_reason` null), by start
 * time: calls counted, billable seconds as minutes, or the exact amount in minor units.
 */
async function measure(trx: Kysely<Database>, alert: Selectable<AlertsTable>, window: AlertWindow): Promise<string> {
  const aggregate =
    alert.metric === 'calls'
      ? sql<string>`count(*)::numeric`
      : alert.metric === 'minutes'
        ? sql<string>`coalesce(sum(billable_seconds), 0)::numeric / 60`
        : sql<string>`coalesce(sum(amount_decimal), 0)`;
  const row = await trx
    .selectFrom('call_records')
    .select(aggregate.as('value'))
    .where('account_id', '=', alert.account_id)
    .$if(alert.number_e164 !== null, (q) => q.where('number_e164', '=', alert.number_e164!))
    .where('started_at', '>=', window.start)
    .where('started_at', '<', window.end)
    .where('rated_at', 'is not', null)
    .where('unrated_reason', 'is', null)
    .executeTakeFirstOrThrow();
  // Minutes divide exactly in numeric but print with many digits; 6 decimals is well below a billable second.
  return new Decimal(row.value).toDecimalPlaces(6).toString();
}

function eventOf(id: string, alert: Selectable<AlertsTable>, window: AlertWindow, value: string, currency: string | null, now: Date): AlertFiredEvent {
  return {
    id,
    type: 'alert.fired',
    created: Math.floor(now.getTime() / 1000),
    data: {
      alert_id: alert.id,
      account_id: alert.account_id,
      number_e164: alert.number_e164,
      metric: alert.metric,
      recurring: alert.recurring,
      threshold: Number(alert.threshold),
      value,
      currency: alert.metric === 'spend' ? currency : null,
      window_start: window.start.toISOString(),
      window_end: window.end.toISOString(),
      description: alert.description,
    },
  };
}
