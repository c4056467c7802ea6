/**
 * The reconciler keeps its promise through what production throws at it: nothing lost, nothing counted twice, no
 * meter event billed twice.
 *
 * - SIGKILL during ingest, during rating and during push (`didops reconciler` as a child process, batches of 100 so
 *   each phase spans many transactions), each time restarted: the month ends complete.
 * - A lost database: the shared PostgreSQL server cannot be restarted under the other suites, so the reconciler's
 *   own connections are terminated (`pg_terminate_backend` on its database) mid-run. A client sees a server restart
 *   as exactly this, every connection closed by the server; the reconciler reconnects and finishes.
 * - Two replicas on one database process the month with no duplicate work: together they ingest, rate and push each
 *   record and event exactly once (their own metrics say so).
 *
 * Stripe's own sums are the judge of "no meter event twice": per meter, what the sandbox aggregated for the customer
 * equals what the outbox holds, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { CallRecord } from '../../src/carriers/carrier';
import type { Database } from '../../src/reconciler/db/database';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { ingestJob } from '../../src/reconciler/jobs/ingest';
import { addJobWithin } from '../../src/reconciler/jobs/queue';
import { rateJob } from '../../src/reconciler/jobs/rate';
import { createBillingAccountHandler } from '../../src/resources/billing-account';
import { createRateCardHandler } from '../../src/resources/rate-card';
import type { StripeClient } from '../../src/billing/stripe/client';
import { sandboxBilling } from '../support/billing-fixtures';
import { createTestDatabase, openMigratedDatabase, startTestReconciler, type TestDatabaseTarget } from '../support/reconciler-db';
import { MONTH_CARD } from '../support/reconciler-month';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';
import { eventually } from '../support/telnyx';

const MAIN = resolve(__dirname, '../../src/cli/main.ts');
const HOUR = 3_600_000;
/** A month of calls that ended two hours ago (the customer lives in real time: meter events are taken 35 days back). */
const WINDOW_END = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
const WINDOW_START = new Date(WINDOW_END.getTime() - 30 * 24 * HOUR);

let t: TestSandbox;
/** The sandbox's clock: a day before the month while the numbers are bought, then real time. */
let sandboxTime: number | undefined;
let stripe: StripeClient;
let customerId: string;
const numbers: string[] = [];
let truth: CallRecord[];

beforeAll(async () => {
  t = await startTestSandbox({ now: () => sandboxTime ?? Date.now() });
  sandboxTime = WINDOW_START.getTime() - 24 * HOUR;
  for (const areaCode of ['415', '212', '312', '617', '305', '206', '512', '303']) numbers.push((await t.client.incomingPhoneNumbers.create({ areaCode })).phoneNumber);
  sandboxTime = undefined;
  const made = sandboxBilling(t.sandbox);
  stripe = made.stripe;
  const cards = createRateCardHandler({ billing: made.billing });
  const card = await cards.check({ news: { key: 'crash', card: MONTH_CARD } });
  await cards.create({ inputs: card.inputs!, preview: false, identity: { type: 'didops:index:RateCard', name: 'crash' } });
  const accounts = createBillingAccountHandler({ billing: made.billing });
  const account = await accounts.check({ news: { name: 'Hooli', address: { line1: '1 SW Main St', city: 'Portland', state: 'OR', country: 'US' }, currency: 'USD' } });
  customerId = (await accounts.create({ inputs: account.inputs!, preview: false, identity: { type: 'didops:index:BillingAccount', name: 'crash' } })).id;
  t.sandbox.traffic.generate({ start: WINDOW_START.getTime(), end: WINDOW_END.getTime(), callsPerNumberPerDay: 16, seed: 29 });
  truth = [];
  for await (const call of t.carrier.callRecords({ from: WINDOW_START, to: WINDOW_END })) truth.push(call);
});
afterAll(async () => {
  await t?.close();
});

/** A fresh database with the account and its numbers registered. */
async function freshDatabase(): Promise<{ target: TestDatabaseTarget & { drop(): Promise<void> }; database: ReconcilerDatabase }> {
  const target = await createTestDatabase('postgres');
  const database = await openMigratedDatabase(target);
  await database.db.insertInto('accounts').values({ id: customerId, name: 'Hooli', rate_card_key: 'crash', currency: 'USD' }).execute();
  await database.db.insertInto('account_numbers').values(numbers.map((e164) => ({ e164, account_id: customerId, carrier: 'twilio', valid_from: WINDOW_START, valid_to: null }))).execute();
  return { target, database };
}

/** The configuration both the child processes (as DIDOPS_* variables) and the in-process replicas use. */
function reconcilerEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const off = Object.fromEntries(['partitions', 'ingest', 'rate', 'push', 'close', 'alerts', 'retention', 'backup'].map((job) => [`DIDOPS_SCHEDULE_${job.toUpperCase()}`, 'off']));
  return {
    PATH: process.env.PATH,
    DATABASE_URL: databaseUrl,
    DIDOPS_PORT: '0',
    DIDOPS_LOG_LEVEL: 'debug',
    DIDOPS_JOBS_BATCH_SIZE: '100',
    DIDOPS_JOBS_POLL_INTERVAL_MS: '100',
    DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid,
    DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken,
    DIDOPS_TWILIO_BASE_URL: t.sandbox.url,
    DIDOPS_STRIPE_SECRET_KEY: t.sandbox.stripeSecretKey,
    DIDOPS_STRIPE_BASE_URL: t.sandbox.stripeBaseUrl,
    ...off,
  };
}

/** `didops reconciler` in a child process, with a way to wait for one of its JSON log lines. */
interface Child {
  readonly process: ChildProcess;
  /** Resolves at the first log line whose `msg` is `message` (already seen or still to come). */
  logged(message: string): Promise<void>;
  exited(): Promise<number | null>;
  /** Everything it printed so far. */
  output(): string;
}

function startChild(databaseUrl: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'reconciler'], { env: reconcilerEnv(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  let output = '';
  let pending = '';
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.stdout!.on('data', (data: Buffer) => {
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      output += `${line}\n`;
      const msg = line.startsWith('{') ? (JSON.parse(line) as { msg?: string }).msg : line;
      if (!msg || seen.has(msg)) continue;
      seen.add(msg);
      for (const done of waiting.get(msg) ?? []) done();
      waiting.delete(msg);
    }
  });
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const ready = new Promise<Child>((resolveReady, reject) => {
    const handle: Child = {
      process: child,
      logged: (message) =>
        seen.has(message)
          ? Promise.resolve()
          : Promise.race([
              new Promise<void>((done) => waiting.set(message, [...(waiting.get(message) ?? []), done])),
              exit.then(() => Promise.reject(new Error(`the reconciler exited before logging "${message}":\n${output.slice(-3000)}`))),
              new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`the reconciler did not log "${message}" within 60 s:\n${output.slice(-6000)}`)), 60_000).unref()),
            ]),
      exited: () => exit,
      output: () => output,
    };
    handle.logged('reconciler started').then(() => resolveReady(handle), reject);
  });
  return ready;
}

/** SIGKILL: no shutdown, no rollback by the process; the server ends its sessions when the sockets close. */
async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited();
}

/** Queues a job as any producer would, through graphile-worker's SQL API on the reconciler's database. */
async function queue(db: Kysely<Database>, job: 'ingest' | 'rate'): Promise<void> {
  if (job === 'ingest') await addJobWithin(db, ingestJob, { carrier: 'twilio', from: WINDOW_START.toISOString() }, { jobKey: 'ingest:twilio' });
  else await addJobWithin(db, rateJob, {}, { jobKey: 'rate' });
}

/** Call records in all, or those rated or not yet. */
async function records(db: Kysely<Database>, rated?: boolean): Promise<number> {
  const query = db.selectFrom('call_records').select((eb) => eb.fn.countAll<string>().as('n'));
  const row = await (rated === undefined ? query : query.where('rated_at', rated ? 'is not' : 'is', null)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Outbox rows in all, or those pushed or not yet. */
async function events(db: Kysely<Database>, pushed?: boolean): Promise<number> {
  const query = db.selectFrom('usage_outbox').select((eb) => eb.fn.countAll<string>().as('n'));
  const row = await (pushed === undefined ? query : query.where('pushed_at', pushed ? 'is not' : 'is', null)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everything of the month is in, rated and pushed. */
async function monthDone(db: Kysely<Database>): Promise<true | undefined> {
  const cursor = await db.selectFrom('ingest_cursors').select('ingested_until').executeTakeFirst();
  if (!cursor || cursor.ingested_until < WINDOW_END) return undefined;
  return (await records(db)) === truth.length && (await records(db, false)) === 0 && (await events(db, false)) === 0 ? true : undefined;
}

/** Nothing lost, nothing twice: the table holds the carrier's calls once each, and Stripe counted each event once. */
async function expectExactlyOnce(db: Kysely<Database>): Promise<void> {
  const ids = await db.selectFrom('call_records').select('carrier_call_id').execute();
  expect(ids.map((r) => r.carrier_call_id).sort()).toEqual(truth.map((c) => c.id).sort());
  const outbox = await db.selectFrom('usage_outbox').select(['event_name', 'value']).execute();
  // Each rated answered call queued its seconds and its connect: twice the answered calls that have a rate.
  const answeredRated = await db.selectFrom('call_records').select((eb) => eb.fn.countAll<string>().as('n')).where('billable_seconds', '>', 0).executeTakeFirstOrThrow();
  expect(outbox.length).toBe(2 * Number(answeredRated.n));
  const queued = new Map<string, number>();
  for (const row of outbox) queued.set(row.event_name, (queued.get(row.event_name) ?? 0) + row.value);
  const meters = (await stripe.billing.meters.list({ limit: 100 })).data.filter((m) => queued.has(m.event_name));
  const counted = new Map<string, number>();
  for (const meter of meters) {
    const summaries = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customerId, start_time: WINDOW_START.getTime() / 1000, end_time: WINDOW_END.getTime() / 1000 });
    counted.set(meter.event_name, summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0));
  }
  expect(counted).toEqual(queued);
}

describe('a reconciler killed and cut off mid-month', () => {
  let target: TestDatabaseTarget & { drop(): Promise<void> };
  let database: ReconcilerDatabase;
  beforeAll(async () => ({ target, database } = await freshDatabase()));
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('SIGKILLed during ingest, rating and push, then restarted, bills every call once; a lost database connection is survived', async () => {
    const { db } = database;
    const url = target.databaseUrl!;

    const first = await startChild(url);
    await queue(db, 'ingest');
    await first.logged('ingested a batch');
    await kill(first);
    const ingested = await records(db);
    expect(ingested).toBeGreaterThan(0);
    expect(ingested).toBeLessThan(truth.length);

    // The killed run's job stays locked by a dead worker; a new one (the next tick, here queued by hand) resumes from
    // the cursor, and the rating it queues is killed in turn.
    const second = await startChild(url);
    await queue(db, 'ingest');
    await second.logged('rated a batch');
    await kill(second);
    expect(await records(db)).toBe(truth.length);
    expect(await records(db, true)).toBeGreaterThan(0);
    expect(await records(db, false)).toBeGreaterThan(0);

    const third = await startChild(url);
    await queue(db, 'rate');
    await third.logged('pushed a batch');
    await kill(third);
    // The push runs beside the rating that queues it, so both were cut short.
    expect(await events(db, true)).toBeGreaterThan(0);
    expect((await events(db, false)) + (await records(db, false))).toBeGreaterThan(0);

    // The last start rates and pushes what is left; its connections are cut once while it does.
    const fourth = await startChild(url);
    await queue(db, 'rate');
    await fourth.logged('pushed a batch');
    const { rows } = await sql<{ terminated: number }>`SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db);
    expect(rows[0]!.terminated).toBeGreaterThan(0);
    // A job cut off with its connection is redone by the next tick (here queued by hand, as the schedule would).
    await queue(db, 'ingest');
    await eventually(() => monthDone(db), 90_000, 200).catch(async (err: Error) => {
      const state = { records: await records(db), unrated: await records(db, false), events: await events(db), unpushed: await events(db, false) };
      throw new Error(`${err.message}: ${JSON.stringify(state)}\n${fourth.output().slice(-8000)}`);
    });
    expect(fourth.process.exitCode).toBeNull();
    await kill(fourth);

    await expectExactlyOnce(db);
  });
});

describe('two replicas on one database', () => {
  let target: TestDatabaseTarget & { drop(): Promise<void> };
  let database: ReconcilerDatabase;
  beforeAll(async () => ({ target, database } = await freshDatabase()));
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('process a month together, each call ingested and rated once and each event pushed once', async () => {
    const env = reconcilerEnv(target.databaseUrl!);
    const config = {
      carriers: { twilio: { accountSid: env.DIDOPS_TWILIO_ACCOUNT_SID!, authToken: env.DIDOPS_TWILIO_AUTH_TOKEN!, baseUrl: env.DIDOPS_TWILIO_BASE_URL! } },
      stripe: { secretKey: env.DIDOPS_STRIPE_SECRET_KEY!, baseUrl: env.DIDOPS_STRIPE_BASE_URL! },
      jobs: { batchSize: 200, schedules: { partitions: 'off', ingest: 'off', rate: 'off', push: 'off', close: 'off' } },
    } as const;
    const replicas = [await startTestReconciler(target, config), await startTestReconciler(target, config)];
    try {
      // Both are told to do everything; the database decides who does what.
      for (const replica of replicas) {
        await replica.queue!.addJob('ingest', { carrier: 'twilio', from: WINDOW_START.toISOString() });
        await replica.queue!.addJob('rate', {});
        await replica.queue!.addJob('push', {});
      }
      await eventually(() => monthDone(database.db), 90_000, 200);
      const sum = async (name: string) => {
        let total = 0;
        for (const replica of replicas) total += (await replica.context.metrics.registry.getSingleMetric(name)!.get()).values.reduce((s, v) => s + v.value, 0);
        return total;
      };
      expect(await sum('didops_reconciler_ingested_calls_total')).toBe(truth.length);
      expect(await sum('didops_reconciler_rated_calls_total')).toBe(truth.length);
      expect(await sum('didops_reconciler_pushed_usage_events_total')).toBe(await events(database.db));
      await expectExactlyOnce(database.db);
    } finally {
      for (const replica of replicas) await replica.stop();
    }
  });
});
