/**
 * Reconciler analytics and ingest (issue #13): `npm run bench -- analytics`. Targets: analytics query p95 < 50 ms over
 * 10 million call records (with rollups); ingest ≥ 100,000 records per second.
 *
 * Ingest, in its own fresh database: 1,000,000 records through the ingest job's own path (ingestCallRecords from an
 * in-memory carrier: per-day slices, attribution and geography per batch, batches of 1,000 inserted with ON CONFLICT
 * and the cursor in one transaction), beside server-side COPY of the same rows from a file (the floor: no client
 * encoding or round trips), each with and without the analytics triggers, interleaved in rounds so the machine's load
 * falls on all alike.
 *
 * Analytics, in another fresh database: 10,000,000 records over six months for 20 accounts and 2,000 numbers (one
 * account holds a quarter of the numbers: the tenant measured is that biggest one), generated server-side with
 * INSERT … SELECT generate_series (pg-copy-streams is not installed), rolled up, then a few thousand calls in the last
 * hours and a few late ones a week back left dirty, as in a live system; then each query's p50/p95, for the big tenant
 * and for the operator's all-accounts scope, and the same questions answered from the records for the ratio.
 * Both databases are dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { CallRecord, Carrier } from '../src/carriers/carrier';
import {
  ALL_ACCOUNTS,
  accountsScope,
  callersByPlace,
  callVolume,
  costTrend,
  durationStats,
  listCalls,
  listNumbers,
  peakHourHeatmap,
  rollUpDirtyHours,
  usageSummaries,
  type AnalyticsContext,
  type AnalyticsScope,
} from '../src/reconciler/analytics';
import { openReconcilerDatabase, type ReconcilerDatabase } from '../src/reconciler/db/connect';
import type { Database } from '../src/reconciler/db/database';
import { migrateToLatest } from '../src/reconciler/db/migrate';
import { runOnServer } from '../src/reconciler/db/server-statement';
import { ensureMonthPartitions } from '../src/reconciler/db/partitions';
import { ingestCallRecords } from '../src/reconciler/ingest/ingest-calls';
import { loadAverage } from './carriers';
import { percentile } from './stats';

/** Options of {@link benchReconcilerAnalytics}. */
export interface AnalyticsBenchOptions {
  /** Records for the analytics queries (default 10,000,000). */
  readonly records: number;
  /** Records through each ingest path (default 1,000,000), in `rounds` interleaved rounds. */
  readonly ingestRecords: number;
  readonly rounds: number;
  /** Runs of each query. */
  readonly runs: number;
  /** A maintenance connection to the server (CREATE/DROP DATABASE). */
  readonly serverUrl: string;
}

const ACCOUNTS = 20;
const NUMBERS = 2000;
const BIG_TENANT = 'cus_bench_00';
const DATA_FROM = new Date('2026-06-01T00:00:00Z');
const DATA_TO = new Date('2026-12-01T00:00:00Z');
/** The clock during the queries: late on the last day, whose last hours are not rolled up yet. */
const NOW = new Date('2026-11-30T22:00:00Z');
const DAY = 86_400_000;

const accountOf = (n: number) => (n < NUMBERS / 4 ? BIG_TENANT : `cus_bench_${String(1 + ((n - NUMBERS / 4) % (ACCOUNTS - 1))).padStart(2, '0')}`);
const numberOf = (n: number) => `+1415${String(n).padStart(7, '0')}`;

/** Runs both parts; returns the docs/benchmarks.md section. */
export async function benchReconcilerAnalytics(options: AnalyticsBenchOptions): Promise<string[]> {
  const loadBefore = loadAverage();
  const ingest = await withFreshDatabase(options.serverUrl, (database) => benchIngest(database, options));
  const analytics = await withFreshDatabase(options.serverUrl, (database) => benchQueries(database, options));
  return [
    `## Reconciler analytics and ingest (issue #13) — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, PostgreSQL on 127.0.0.1, load ${loadBefore} → ${loadAverage()}`,
    '',
    'The machine has 2 cores shared with other helpers\' builds and tests (the load averages above say how busy it was), so absolute times move from run to run; the ratios, measured side by side in one run, are the steadier numbers. `npm run bench -- analytics` (not part of a plain `npm run bench`: it takes several minutes).',
    '',
    ...ingest,
    '',
    ...analytics,
  ];
}

async function withFreshDatabase<T>(serverUrl: string, use: (database: ReconcilerDatabase) => Promise<T>): Promise<T> {
  const name = `didops_bench_${randomBytes(5).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openReconcilerDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
  try {
    await migrateToLatest(database.db);
    await seedAccounts(database.db);
    return await use(database);
  } finally {
    await database.close();
    await runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function seedAccounts(db: Kysely<Database>): Promise<void> {
  const ids = [...new Set(Array.from({ length: NUMBERS }, (_, n) => accountOf(n)))];
  await db.insertInto('accounts').values(ids.map((id, i) => ({ id, name: `Bench ${i}`, rate_card_key: 'standard', currency: i % 5 === 4 ? 'EUR' : 'USD' }))).execute();
  await db
    .insertInto('account_numbers')
    .values(Array.from({ length: NUMBERS }, (_, n) => ({ e164: numberOf(n), account_id: accountOf(n), carrier: 'twilio', valid_from: '2026-01-01T00:00:00Z', valid_to: null })))
    .execute();
}

// ---- ingest --------------------------------------------------------------------------------------------------------

/** Records of one round: evenly over `days` days from `start`, on the bench's numbers. */
function syntheticRecords(count: number, start: Date, days: number, prefix: string): CallRecord[] {
  const step = (days * DAY) / count;
  const records: CallRecord[] = [];
  for (let i = 0; i < count; i++) {
    const n = (i * 7919) % NUMBERS;
    const inbound = i % 5 < 3;
    const other = `+1${200 + (i % 700)}555${String(i % 10_000).padStart(4, '0')}`;
    records.push({
      id: `${prefix}${i}`,
      from: inbound ? other : numberOf(n),
      to: inbound ? numberOf(n) : other,
      direction: inbound ? 'inbound' : 'outbound',
      startedAt: new Date(start.getTime() + Math.floor(i * step)),
      durationSeconds: i % 7 === 0 ? 0 : 30 + (i % 600),
      status: i % 7 === 0 ? 'no-answer' : 'completed',
      price: { amountMinor: 1 + (i % 9), currency: 'USD' },
    });
  }
  return records;
}

/** A carrier port that lists records from memory (what the ingest job reads from Twilio or Telnyx). */
function memoryCarrier(account: string, records: readonly CallRecord[]): Carrier {
  const carrier: Pick<Carrier, 'name' | 'account' | 'callRecords'> = {
    name: 'twilio',
    account,
    async *callRecords({ from, to }) {
      for (const r of records) if (r.startedAt >= from && r.startedAt < to) yield r;
    },
  };
  return carrier as Carrier;
}

/** The rows ingest would write for the records, as CSV for COPY (attribution and geography done up front). */
function csvOf(records: readonly CallRecord[], table: string): string {
  const lines = records.map((r) => {
    const inbound = r.direction === 'inbound';
    const own = inbound ? r.to : r.from;
    const other = inbound ? r.from : r.to;
    const n = Number(own.slice(5));
    return [table, r.id, r.startedAt.toISOString(), r.from, r.to, r.direction, r.durationSeconds, r.status, r.price?.amountMinor ?? '', r.price?.currency ?? '', accountOf(n), own, other, 'US', 'CA', 'US', 'CA'].join(',');
  });
  return `${lines.join('\n')}\n`;
}

const COPY_COLUMNS = 'carrier, carrier_call_id, started_at, from_e164, to_e164, direction, duration_seconds, status, carrier_price_minor, carrier_currency, account_id, number_e164, other_party, caller_country, caller_region, callee_country, callee_region';

async function setTriggers(db: Kysely<Database>, enabled: boolean): Promise<void> {
  for (const event of ['insert', 'update', 'delete', 'truncate']) {
    await sql`ALTER TABLE call_records ${sql.raw(enabled ? 'ENABLE' : 'DISABLE')} TRIGGER ${sql.id(`call_records_rollup_${event}`)}`.execute(db);
  }
}

async function benchIngest(database: ReconcilerDatabase, options: AnalyticsBenchOptions): Promise<string[]> {
  const { db } = database;
  const perRound = Math.floor(options.ingestRecords / options.rounds);
  const days = 10;
  const paths = ['ingest job', 'ingest job, rollup triggers off', 'COPY from a file', 'COPY from a file, rollup triggers off'] as const;
  const seconds = new Map<string, number>(paths.map((p) => [p, 0]));
  let slot = 0;
  const nextWindow = () => new Date(Date.UTC(2027, 0, 1) + slot++ * days * DAY);
  await ensureMonthPartitions(db, new Date(Date.UTC(2027, 0, 1)), new Date(Date.UTC(2027, 0, 1) + options.rounds * paths.length * days * DAY));
  let copyError: string | undefined;
  for (let round = 0; round < options.rounds; round++) {
    for (const path of paths) {
      const start = nextWindow();
      const records = syntheticRecords(perRound, start, days, `R${round}-${slot}-`);
      const triggers = !path.includes('off');
      if (!triggers) await setTriggers(db, false);
      try {
        if (path.startsWith('ingest')) {
          const t0 = performance.now();
          const result = await ingestCallRecords({ db, carrier: memoryCarrier(`bench-${round}-${slot}`, records), now: new Date(start.getTime() + (days + 1) * DAY), from: start });
          seconds.set(path, seconds.get(path)! + (performance.now() - t0) / 1000);
          if (result.inserted !== perRound) throw new Error(`ingest inserted ${result.inserted} of ${perRound}`);
        } else if (!copyError) {
          const file = join(tmpdir(), `didops-bench-${process.pid}-${slot}.csv`);
          writeFileSync(file, csvOf(records, 'twilio'));
          chmodSync(file, 0o644);
          try {
            const t0 = performance.now();
            await sql`COPY call_records (${sql.raw(COPY_COLUMNS)}) FROM ${sql.lit(file)} WITH (FORMAT csv)`.execute(db);
            seconds.set(path, seconds.get(path)! + (performance.now() - t0) / 1000);
          } catch (err) {
            copyError = (err as Error).message;
          } finally {
            rmSync(file, { force: true });
          }
        }
      } finally {
        if (!triggers) await setTriggers(db, true);
      }
    }
  }
  const total = perRound * options.rounds;
  const rate = (path: string) => total / seconds.get(path)!;
  const floor = rate('COPY from a file');
  const lines = [
    `### Ingest into PostgreSQL (target ≥ 100,000 records/s): ${total.toLocaleString('en-US')} records per path, ${options.rounds} interleaved rounds`,
    '',
    '| path | records/s | of COPY |',
    '|---|---|---|',
    ...paths.map((p) => (copyError && p.startsWith('COPY') ? `| ${p} | n/a (${copyError}) | |` : `| ${p} | ${Math.round(rate(p)).toLocaleString('en-US')} | ${(rate(p) / floor).toFixed(2)} |`)),
  ];
  return lines;
}

// ---- analytics -----------------------------------------------------------------------------------------------------

/** A uniform number in [0, 1) from the row number and a stream (server-side, reproducible). */
const u = (k: number) => sql`((abs(hashint8extended(i, ${sql.lit(k)})) % 1000000) / 1000000.0)`;

async function loadRecords(db: Kysely<Database>, total: number): Promise<number> {
  await ensureMonthPartitions(db, DATA_FROM, DATA_TO);
  const span = (DATA_TO.getTime() - DATA_FROM.getTime()) / DAY;
  const chunk = 1_000_000;
  const t0 = performance.now();
  for (let lo = 1; lo <= total; lo += chunk) {
    const hi = Math.min(total, lo + chunk - 1);
    // Calls peak in the New York working day: a triangular time of day centred on 17:00 UTC.
    await sql`INSERT INTO call_records (${sql.raw(COPY_COLUMNS)}, rated_at, rate_class, billable_seconds, amount_decimal, unrated_reason)
      SELECT 'twilio', 'CA' || i, started_at, CASE WHEN inbound THEN other ELSE own END, CASE WHEN inbound THEN own ELSE other END,
        CASE WHEN inbound THEN 'inbound' ELSE 'outbound' END, duration, CASE WHEN duration > 0 THEN 'completed' ELSE 'no-answer' END,
        NULL, NULL, account, own, other,
        CASE WHEN inbound THEN country ELSE 'US' END, CASE WHEN inbound THEN region ELSE 'CA' END,
        CASE WHEN inbound THEN 'US' ELSE country END, CASE WHEN inbound THEN 'CA' ELSE region END,
        CASE WHEN state < 0.95 THEN started_at + interval '5 minutes' END,
        CASE WHEN state < 0.9 THEN CASE WHEN inbound THEN 'in-1' ELSE 'out-1' END END,
        CASE WHEN state < 0.9 THEN ceil(duration / 60.0)::int * 60 END,
        CASE WHEN state < 0.9 THEN ceil(duration / 60.0) * 1.3 END,
        CASE WHEN state >= 0.9 AND state < 0.95 THEN 'no-matching-prefix' END
      FROM (
        SELECT i,
          ${DATA_FROM}::timestamptz + floor(${u(1)} * ${span})::int * interval '1 day'
            + floor(mod((${u(2)} + ${u(3)}) / 2 * 86400 + 5 * 3600, 86400))::int * interval '1 second' AS started_at,
          ${u(4)} < 0.6 AS inbound,
          CASE WHEN ${u(5)} < 0.15 THEN 0 ELSE 1 + floor(-ln(1 - ${u(6)}) * 180)::int END AS duration,
          ${u(7)} AS state,
          '+1415' || lpad(n::text, 7, '0') AS own,
          CASE WHEN n < ${NUMBERS / 4} THEN ${BIG_TENANT} ELSE 'cus_bench_' || lpad((1 + (n - ${NUMBERS / 4}) % ${ACCOUNTS - 1})::text, 2, '0') END AS account,
          '+1' || (200 + abs(hashint8extended(i, 8)) % 700) || lpad((abs(hashint8extended(i, 9)) % 10000000)::text, 7, '0') AS other,
          (ARRAY['US','US','US','US','GB','DE','IN','MX','CA','FR'])[1 + abs(hashint8extended(i, 10)) % 10] AS country,
          (ARRAY['CA','NY','TX','FL','England','Bavaria','Karnataka','Jalisco','ON',NULL])[1 + abs(hashint8extended(i, 10)) % 10] AS region
        FROM (SELECT i, abs(hashint8extended(i, 0)) % ${NUMBERS} AS n FROM generate_series(${lo}::bigint, ${hi}::bigint) i) numbered
      ) r`.execute(db);
  }
  return (performance.now() - t0) / 1000;
}

interface Measured {
  readonly name: string;
  readonly scope: string;
  readonly source: string;
  readonly p50: number;
  readonly p95: number;
}

async function measure(name: string, scope: string, runs: number, query: (i: number) => Promise<unknown>): Promise<Measured> {
  let source = '—';
  for (let i = 0; i < 2; i++) await query(i); // warm the caches and the plans
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const answer = await query(i);
    samples.push(performance.now() - t0);
    const first = (Array.isArray(answer) ? answer[0] : answer) as { source?: string } | undefined;
    source = first?.source ?? source;
  }
  samples.sort((a, b) => a - b);
  return { name, scope, source, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function benchQueries(database: ReconcilerDatabase, options: AnalyticsBenchOptions): Promise<string[]> {
  const { db } = database;
  const loadSeconds = await loadRecords(db, options.records);
  const t0 = performance.now();
  const built = await rollUpDirtyHours(db, { daysPerTransaction: 7 });
  const rollupSeconds = (performance.now() - t0) / 1000;
  // Live traffic: the last three hours not rolled up yet, and a few late calls a week back.
  await sql`INSERT INTO call_records (carrier, carrier_call_id, started_at, from_e164, to_e164, direction, duration_seconds, status, account_id, number_e164, other_party)
    SELECT 'telnyx', 'live-' || i, ${NOW}::timestamptz - (i % 10800) * interval '1 second' - CASE WHEN i % 50 = 0 THEN interval '7 days' ELSE interval '0' END,
      '+12125550100', '+1415' || lpad((i % ${NUMBERS})::text, 7, '0'), 'inbound', i % 300, 'completed',
      CASE WHEN i % ${NUMBERS} < ${NUMBERS / 4} THEN ${BIG_TENANT} ELSE 'cus_bench_' || lpad((1 + (i % ${NUMBERS} - ${NUMBERS / 4}) % ${ACCOUNTS - 1})::text, 2, '0') END,
      '+1415' || lpad((i % ${NUMBERS})::text, 7, '0'), '+12125550100'
    FROM generate_series(1, 3000) i`.execute(db);
  await sql`ANALYZE`.execute(db);
  const dirty = (await db.selectFrom('usage_dirty_hours').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const sizes = await sql<{ name: string; rows: number; bytes: number }>`
    SELECT relname AS name, reltuples::bigint AS rows, pg_total_relation_size(oid) AS bytes FROM pg_class
    WHERE relname IN ('usage_hourly', 'usage_daily_numbers', 'usage_daily_durations', 'usage_daily_places') ORDER BY relname`.execute(db);
  const recordBytes = (await sql<{ bytes: number }>`SELECT sum(pg_total_relation_size(inhrelid))::bigint AS bytes FROM pg_inherits WHERE inhparent = 'call_records'::regclass`.execute(db)).rows[0]!.bytes;

  const context: AnalyticsContext = { db, now: () => NOW };
  const tenant = accountsScope([BIG_TENANT]);
  const pair = accountsScope([BIG_TENANT, 'cus_bench_01']);
  const runs = options.runs;
  // "The last 30 days" up to now, its end moved back a day per run to touch other data.
  const window = (i: number, days = 30) => {
    const to = new Date(NOW.getTime() - (i % 7) * DAY);
    return { from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() };
  };
  const results: Measured[] = [];
  for (const [label, scope] of [['one tenant (¼ of all calls)', tenant], ['all accounts', ALL_ACCOUNTS]] as [string, AnalyticsScope][]) {
    results.push(await measure('volume per day, 30 days, America/New_York', label, runs, (i) => callVolume(context, scope, { ...window(i), timeZone: 'America/New_York' })));
    results.push(await measure('volume per hour, 7 days, America/New_York', label, runs, (i) => callVolume(context, scope, { ...window(i, 7), timeZone: 'America/New_York', granularity: 'hour' })));
    results.push(await measure('volume per month, 6 months, Europe/Berlin', label, runs, (i) => callVolume(context, scope, { from: '2026-06-01T00:00:00+02:00', to: new Date(Date.parse('2026-12-01T00:00:00+01:00') - (i % 3) * DAY).toISOString(), timeZone: 'Europe/Berlin', granularity: 'month' })));
    results.push(await measure('duration mean/p50/p95, 30 days (buckets)', label, runs, (i) => durationStats(context, scope, window(i))));
    results.push(await measure('callers by country and region, 30 days', label, runs, (i) => callersByPlace(context, scope, window(i))));
    results.push(await measure('peak-hour heatmap, 30 days, America/New_York', label, runs, (i) => peakHourHeatmap(context, scope, { ...window(i), timeZone: 'America/New_York' })));
    results.push(await measure('cost trend per day, 30 days, America/New_York', label, runs, (i) => costTrend(context, scope, { ...window(i), timeZone: 'America/New_York' })));
    results.push(await measure('usage summaries, current period', label, runs, () => usageSummaries(context, scope)));
    results.push(await measure('numbers with status and calls this period (100)', label, runs, () => listNumbers(context, scope, { limit: 100 })));
  }
  // The same questions answered from the records alone, for the ratio.
  const peers: Measured[] = [
    await measure('duration p50/p95 exact from records, 30 days', 'one tenant (¼ of all calls)', Math.min(runs, 10), (i) => durationStats(context, tenant, { ...window(i), precision: 'exact' })),
    await measure('heatmap in Asia/Kolkata (+05:30: from records), 30 days', 'one tenant (¼ of all calls)', Math.min(runs, 10), (i) => peakHourHeatmap(context, tenant, { ...window(i), timeZone: 'Asia/Kolkata' })),
  ];
  const pages: Measured[] = [];
  for (const [label, scope] of [['one tenant (¼ of all calls)', tenant], ['two tenants', pair], ['all accounts', ALL_ACCOUNTS]] as [string, AnalyticsScope][]) {
    pages.push(await measure('call log, first page of 50', label, runs, () => listCalls(context, scope, {})));
    let cursor: string | null = null;
    for (let p = 0; p < 20; p++) cursor = (await listCalls(context, scope, cursor ? { cursor } : {})).nextCursor;
    const deep = cursor!;
    pages.push(await measure('call log, page 21 (by cursor)', label, runs, () => listCalls(context, scope, { cursor: deep })));
    pages.push(await measure('call log, inbound ≥ 5 min, first page', label, runs, () => listCalls(context, scope, { direction: 'inbound', minDurationSeconds: 300 })));
  }
  const row = (m: Measured, target = true) => `| ${m.name} | ${m.scope} | ${m.source} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} |${target ? ` ${m.p95 < 50 ? 'met' : 'missed'} |` : ''}`;
  const find = (name: string) => results.find((m) => m.name === name && m.scope.startsWith('one tenant'))!;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  return [
    `### Analytics over ${options.records.toLocaleString('en-US')} call records (target p95 < 50 ms with rollups)`,
    '',
    `Data: ${ACCOUNTS} accounts, ${NUMBERS.toLocaleString('en-US')} numbers, ${DATA_FROM.toISOString().slice(0, 10)} to ${DATA_TO.toISOString().slice(0, 10)}; call_records ${mb(recordBytes)} with indexes. Loaded server-side (INSERT … SELECT generate_series, triggers on) in ${loadSeconds.toFixed(0)} s (${Math.round(options.records / loadSeconds).toLocaleString('en-US')} records/s); rollups built from scratch in ${rollupSeconds.toFixed(0)} s (${built.hours.toLocaleString('en-US')} hours, ${built.transactions} transactions). Rollup sizes: ${sizes.rows.map((s) => `${s.name} ${Number(s.rows).toLocaleString('en-US')} rows, ${mb(s.bytes)}`).join('; ')}. During the queries ${dirty} hours were dirty (3,000 calls in the three hours before now, ${NOW.toISOString().slice(0, 16)}Z, 60 of them a week back): those hours are read from the records.`,
    '',
    `${runs} runs each after 2 warm-ups, one query at a time. "rollups" = rollup rows plus the records of dirty and partial units; "records" = counted from call_records.`,
    '',
    '| query | scope | source | p50 ms | p95 ms | p95 < 50 ms |',
    '|---|---|---|---|---|---|',
    ...results.map((m) => row(m)),
    ...pages.map((m) => row(m)),
    '',
    'The same questions from the records alone (the peer: what the rollups save):',
    '',
    '| query | scope | source | p50 ms | p95 ms |',
    '|---|---|---|---|---|',
    ...peers.map((m) => row(m, false)),
    '',
    `Ratios: exact percentiles from records take ${(peers[0]!.p50 / find('duration mean/p50/p95, 30 days (buckets)').p50).toFixed(0)}× the bucketed answer (p50 to p50); a heatmap counted from records (Asia/Kolkata) ${(peers[1]!.p50 / find('peak-hour heatmap, 30 days, America/New_York').p50).toFixed(0)}× one from usage_hourly.`,
  ];
}
