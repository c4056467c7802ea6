/**
 * Usage alerts on both backends: thresholds on calls, minutes and spend per account or number, per day or billing
 * period, evaluated from rated call records; each fires once per window; its webhook is signed, verified by a receiver
 * (an in-process HTTP server), and retried by the job queue until delivered; the store keeps tenants apart.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { NotFoundError, ValidationError } from '../../src/core/errors';
import {
  createAlert,
  deleteAlert,
  deliverAlertFiring,
  getAlert,
  listAlertFirings,
  listAlerts,
  rotateAlertSecret,
  updateAlert,
  verifyAlertWebhook,
  type AlertFiring,
} from '../../src/reconciler/alerts';
import { alertDeliveryJob } from '../../src/reconciler/jobs/alert-delivery';
import { alertsJob } from '../../src/reconciler/jobs/alerts';
import { TenantScope } from '../../src/reconciler/api/auth/tenancy';
import type { RunningReconciler } from '../../src/reconciler/service';
import { RECONCILER_BACKENDS, startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';
import { ACME, ACME_SALES, ACME_SUPPORT, BOLT, BOLT_MAIN, insertAcmeAndBolt, insertCalls, jobContextOf } from '../support/reconciler-records';

const CALLER = '+442079460123';
/** The scopes of the operator, of each tenant's credentials, and of a credential bound to no account. */
const ALL = new TenantScope('all');
const ACME_ONLY = new TenantScope([ACME]);
const BOLT_ONLY = new TenantScope([BOLT]);
const NOBODY = new TenantScope([]);

/** A webhook receiver: verifies each request with the secret registered for its path, or answers as told. */
interface Receiver {
  readonly url: string;
  readonly secrets: Map<string, string>;
  /** Statuses to answer the next requests to a path with, before verifying (e.g. one 503). */
  readonly failures: Map<string, number[]>;
  readonly requests: { path: string; headers: IncomingHttpHeaders; body: string; answered: number }[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const secrets = new Map<string, string>();
  const failures = new Map<string, number[]>();
  const requests: Receiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      let answered = failures.get(path)?.shift() ?? 0;
      if (answered === 0) {
        try {
          verifyAlertWebhook(body, req.headers['didops-signature'] as string | undefined, secrets.get(path) ?? 'no secret registered');
          answered = 204;
        } catch {
          answered = 400;
        }
      }
      requests.push({ path, headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secrets,
    failures,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(RECONCILER_BACKENDS)('usage alerts on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);
  // The reconciler stops in this block's afterAll, before the outer one drops its database.
  describe('with the reconciler running', () => {
    let reconciler: RunningReconciler;
    let receiver: Receiver;
    let clock = new Date('2026-03-10T18:00:00Z');

    beforeAll(async () => {
      receiver = await startReceiver();
      reconciler = await startTestReconciler(fresh.target(), { jobs: { schedules: { alerts: 'off' } } }, { now: () => clock, jobs: [alertsJob, alertDeliveryJob] });
      const { db } = reconciler.context;
      await insertAcmeAndBolt(db);
      // Acme is billed from the 15th: its billing-period alerts count from 15 February.
      await db.insertInto('billing_periods').values({ account_id: ACME, period_start: '2026-02-15T00:00:00Z', period_end: '2026-03-15T00:00:00Z', status: 'open' }).execute();
    });
    afterAll(async () => {
      await reconciler?.stop();
      await receiver?.close();
    });

    const evaluate = () => alertsJob.run({}, jobContextOf(reconciler));
    const firingsOf = async (alertId: string) => (await listAlertFirings(reconciler.context.db, ALL, { alert_id: alertId })).data;
    const hookFor = async (alert: { id: string; webhook_secret: string }) => {
      receiver.secrets.set(`/hooks/${alert.id}`, alert.webhook_secret);
      await updateAlert(reconciler.context.db, ALL, alert.id, { webhook_url: `${receiver.url}/hooks/${alert.id}` });
    };

    it('fires calls, minutes and spend alerts once per window when their threshold is crossed, per account or per number', async () => {
      const { db } = reconciler.context;
      const created = { created_at: new Date('2026-03-01T00:00:00Z') };
      const dailyCalls = await createAlert(db, ACME_ONLY, { account_id: ACME, metric: 'calls', threshold: 3, recurring: 'daily', webhook_url: `${receiver.url}/unset` }, { now: created.created_at });
      const dailyMinutes = await createAlert(db, ACME_ONLY, { account_id: ACME, metric: 'minutes', threshold: 10, recurring: 'daily', webhook_url: `${receiver.url}/unset` }, { now: created.created_at });
      const supportSpend = await createAlert(db, ACME_ONLY, { account_id: ACME, number_e164: ACME_SUPPORT, metric: 'spend', threshold: 500, recurring: 'billing_period', webhook_url: `${receiver.url}/unset`, description: 'support line over $5' }, { now: created.created_at });
      for (const alert of [dailyCalls, dailyMinutes, supportSpend]) await hookFor(alert);

      await insertCalls(db, [
        { id: 'CA-acme-1', startedAt: '2026-03-10T09:00:00Z', from: CALLER, to: ACME_SALES, account: ACME, durationSeconds: 90 },
        { id: 'CA-acme-2', startedAt: '2026-03-10T10:00:00Z', from: CALLER, to: ACME_SALES, account: ACME, durationSeconds: 90 },
        // Neither an unratable call, nor yesterday's, nor another account's counts towards Acme's day.
        { id: 'CA-acme-unrated', startedAt: '2026-03-10T11:00:00Z', from: CALLER, to: ACME_SALES, account: ACME, rated: 'no-rate' },
        { id: 'CA-acme-yesterday', startedAt: '2026-03-09T23:59:59Z', from: CALLER, to: ACME_SALES, account: ACME },
        { id: 'CA-bolt-1', startedAt: '2026-03-10T09:30:00Z', from: CALLER, to: BOLT_MAIN, account: BOLT },
        // Big spend in the period, but on the sales line: the support line's alert does not see it.
        { id: 'CA-acme-sales-big', startedAt: '2026-02-20T12:00:00Z', from: ACME_SALES, to: CALLER, direction: 'outbound', account: ACME, amount: '1000' },
      ]);
      await evaluate();
      expect(await listAlertFirings(db, ACME_ONLY)).toEqual({ data: [], has_more: false });

      await insertCalls(db, [
        { id: 'CA-acme-3', startedAt: '2026-03-10T17:00:00Z', from: CALLER, to: ACME_SALES, account: ACME, durationSeconds: 400 },
        { id: 'CA-acme-support', startedAt: '2026-02-20T13:00:00Z', from: ACME_SUPPORT, to: CALLER, direction: 'outbound', account: ACME, amount: '600.25' },
      ]);
      await evaluate();
      const calls = await firingsOf(dailyCalls.id);
      expect(calls).toEqual([expect.objectContaining({ value: '3', threshold: 3, window_start: new Date('2026-03-10T00:00:00Z'), window_end: new Date('2026-03-11T00:00:00Z') })]);
      // 2 + 2 + 7 billable minutes (per-minute increments).
      expect((await firingsOf(dailyMinutes.id)).map((f) => f.value)).toEqual(['11']);
      expect(await firingsOf(supportSpend.id)).toEqual([expect.objectContaining({ value: '600.25', window_start: new Date('2026-02-15T00:00:00Z'), window_end: new Date('2026-03-15T00:00:00Z') })]);

      // A second evaluation in the same windows, and one the next morning (which also looks back at yesterday), fire nothing.
      await insertCalls(db, [{ id: 'CA-acme-4', startedAt: '2026-03-10T17:30:00Z', from: CALLER, to: ACME_SALES, account: ACME }]);
      await evaluate();
      clock = new Date('2026-03-11T09:00:00Z');
      await evaluate();
      expect((await listAlertFirings(db, ACME_ONLY)).data.map((f) => f.alert_id).sort()).toEqual([dailyCalls.id, dailyMinutes.id, supportSpend.id].sort());
      expect((await reconciler.context.metrics.alertsFired.get()).values[0]?.value).toBe(3);

      // Each firing's webhook arrived once, signed with its alert's secret, carrying what fired.
      await waitFor(async () => (await listAlertFirings(db, ACME_ONLY)).data.every((f) => f.delivery_status === 'delivered'));
      const spendHook = receiver.requests.filter((r) => r.path === `/hooks/${supportSpend.id}`);
      expect(spendHook.map((r) => r.answered)).toEqual([204]);
      expect(JSON.parse(spendHook[0]!.body)).toMatchObject({
        type: 'alert.fired',
        id: (await firingsOf(supportSpend.id))[0]!.id,
        data: { alert_id: supportSpend.id, account_id: ACME, number_e164: ACME_SUPPORT, metric: 'spend', value: '600.25', currency: 'USD', threshold: 500, window_start: '2026-02-15T00:00:00.000Z', description: 'support line over $5' },
      });
    });

    it('retries a webhook the receiver failed through the job queue, and delivers it once with a signature the receiver verifies', async () => {
      const { db } = reconciler.context;
      clock = new Date('2026-03-10T20:00:00Z');
      const alert = await createAlert(db, BOLT_ONLY, { account_id: BOLT, metric: 'calls', threshold: 1, recurring: 'daily', webhook_url: `${receiver.url}/unset` }, { now: new Date('2026-03-01T00:00:00Z') });
      await hookFor(alert);
      receiver.failures.set(`/hooks/${alert.id}`, [503]);

      await evaluate();
      await waitFor(async () => (await firingsOf(alert.id))[0]?.delivery_status === 'delivered', 20_000);

      const requests = receiver.requests.filter((r) => r.path === `/hooks/${alert.id}`);
      expect(requests.map((r) => r.answered)).toEqual([503, 204]);
      // The same event both times (receivers deduplicate by its id), each attempt signed afresh.
      expect(requests[1]!.body).toBe(requests[0]!.body);
      expect(verifyAlertWebhook(requests[1]!.body, requests[1]!.headers['didops-signature'] as string, alert.webhook_secret).data).toMatchObject({ alert_id: alert.id, value: '1' });
      expect(() => verifyAlertWebhook(requests[1]!.body.replace('"value":"1"', '"value":"0"'), requests[1]!.headers['didops-signature'] as string, alert.webhook_secret)).toThrow(/no Didops-Signature v1 signature matches the body/);
      const [firing] = await firingsOf(alert.id);
      expect(firing).toMatchObject<Partial<AlertFiring>>({ delivery_status: 'delivered', delivery_attempts: 2, last_response_status: 204, last_error: null });
      // Nothing is left queued for it: no third delivery will come.
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`alert-delivery:${firing!.id}`}`.execute(db);
      expect(rows[0]!.n).toBe(0);
      expect(await deliverAlertFiring(db, firing!.id, { now: clock })).toMatchObject({ outcome: 'settled' });
    });

    it('leaves a firing failed, with the reason, after its last attempt', async () => {
      const { db } = reconciler.context;
      const alert = await createAlert(db, ALL, { account_id: BOLT, metric: 'minutes', threshold: 1, recurring: 'billing_period', webhook_url: `${receiver.url}/down` }, { now: new Date('2026-03-01T00:00:00Z') });
      receiver.failures.set('/down', [500, 500]);
      await db.insertInto('alert_firings').values({ id: 'alf_test_down', alert_id: alert.id, account_id: BOLT, window_start: '2026-03-01T00:00:00Z', window_end: '2026-04-01T00:00:00Z', value: '2', threshold: 1, fired_at: clock, body: '{}' }).execute();

      expect(await deliverAlertFiring(db, 'alf_test_down', { now: clock, maxAttempts: 2 })).toMatchObject({ outcome: 'retry', status: 500 });
      expect(await deliverAlertFiring(db, 'alf_test_down', { now: clock, maxAttempts: 2 })).toMatchObject({ outcome: 'failed', status: 500 });
      const [firing] = await firingsOf(alert.id);
      expect(firing).toMatchObject({ delivery_status: 'failed', delivery_attempts: 2, last_response_status: 500, last_error: 'the receiver answered HTTP 500', delivered_at: null });
      expect(await deliverAlertFiring(db, 'alf_test_down', { now: clock })).toMatchObject({ outcome: 'settled' });
    });

    it('keeps tenants apart and names the field of bad input', async () => {
      const { db } = reconciler.context;
      const acmeAlert = await createAlert(db, ACME_ONLY, { account_id: ACME, metric: 'calls', threshold: 100, recurring: 'daily', webhook_url: 'https://acme.example/hooks' });
      const boltAlert = await createAlert(db, BOLT_ONLY, { account_id: BOLT, metric: 'spend', threshold: 10_000, recurring: 'billing_period', webhook_url: 'https://bolt.example/hooks' });

      // Another tenant's alert is answered like a missing one, in every operation.
      const missing = `alert "${acmeAlert.id}" not found`;
      await expect(getAlert(db, BOLT_ONLY, acmeAlert.id)).rejects.toThrow(new NotFoundError({ summary: missing }).message);
      await expect(updateAlert(db, BOLT_ONLY, acmeAlert.id, { threshold: 1 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(rotateAlertSecret(db, BOLT_ONLY, acmeAlert.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteAlert(db, BOLT_ONLY, acmeAlert.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(createAlert(db, BOLT_ONLY, { account_id: ACME, metric: 'calls', threshold: 1, recurring: 'daily', webhook_url: 'https://x.example' })).rejects.toThrow('account "cus_Acme" not found');
      const boltsView = await listAlerts(db, BOLT_ONLY, { limit: 100 });
      expect(boltsView.data.map((a) => a.account_id)).not.toContain(ACME);
      expect(boltsView.data.map((a) => a.id)).toContain(boltAlert.id);
      expect((await listAlertFirings(db, BOLT_ONLY)).data.every((f) => f.account_id === BOLT)).toBe(true);
      expect(await listAlerts(db, NOBODY)).toEqual({ data: [], has_more: false });
      expect(JSON.stringify(boltsView)).not.toContain('whsec_');

      // Pages are stable and in creation order.
      const first = await listAlerts(db, ALL, { limit: 2 });
      const rest = await listAlerts(db, ALL, { limit: 100, starting_after: first.data[1]!.id });
      expect(first.has_more).toBe(true);
      expect([...first.data, ...rest.data].map((a) => a.id)).toEqual((await listAlerts(db, ALL, { limit: 100 })).data.map((a) => a.id));

      const fieldOf = (promise: Promise<unknown>) => promise.then(() => undefined, (err: ValidationError) => `${err.field}: ${err.summary}`);
      expect(await fieldOf(createAlert(db, ALL, { account_id: ACME, number_e164: BOLT_MAIN, metric: 'calls', threshold: 1, recurring: 'daily', webhook_url: 'https://x.example' }))).toBe(
        `number_e164: ${BOLT_MAIN} is not a number of account ${ACME}`,
      );
      expect(await fieldOf(createAlert(db, ALL, { account_id: ACME, metric: 'calls', threshold: 2.5, recurring: 'daily', webhook_url: 'https://x.example' }))).toBe('threshold: a threshold on calls must be a whole number');
      expect(await fieldOf(createAlert(db, ALL, { account_id: ACME, metric: 'calls', threshold: 2, recurring: 'daily', webhook_url: 'ftp://x.example' }))).toMatch(/^webhook_url: must be an absolute http/);
      expect(await fieldOf(createAlert(db, ALL, { account_id: ACME, metric: 'calls', threshold: 2, recurring: 'weekly' as 'daily', webhook_url: 'https://x.example' }))).toMatch(/^recurring: must be "daily"/);

      // Changes apply in scope; a rotated secret replaces the old one.
      const changed = await updateAlert(db, ACME_ONLY, acmeAlert.id, { threshold: 50, active: false });
      expect(changed).toMatchObject({ threshold: 50, active: false, metric: 'calls' });
      const rotated = await rotateAlertSecret(db, ACME_ONLY, acmeAlert.id);
      expect(rotated.webhook_secret).toMatch(/^whsec_/);
      expect(rotated.webhook_secret).not.toBe(acmeAlert.webhook_secret);
      await deleteAlert(db, ACME_ONLY, acmeAlert.id);
      await expect(getAlert(db, ALL, acmeAlert.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}
