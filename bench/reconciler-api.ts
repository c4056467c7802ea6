/**
 * The reconciler API under load (issue #13: "API p95 under load from a separate process on loopback with 1,000
 * concurrent connections, target < 20 ms"). The reconciler runs in its own process on PostgreSQL holding 100,000 calls
 * of a tenant; autocannon, in this process, keeps 1,000 connections open on loopback and sends a mix of GETs with the
 * tenant's read-only key: a call log page, the account's numbers, the account, and (when the analytics area has
 * routes) an analytics query. Beside it, in the same run, the floor: a bare hono/node server in its own process
 * answering the same bodies, stored, after the same check of the Authorization header (HMAC-SHA-256 of the key,
 * compared in constant time) but no database. Two loads each:
 * - saturating: every connection sends its next request as soon as the last is answered (latency is then queueing:
 *   1,000 in flight over what the server does per second);
 * - paced: the same 1,000 connections at a fixed offered rate, so latency is service time plus the wait for a turn.
 * `npm run bench -- api`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { buildAuthServices } from '../src/reconciler/api/auth/build';
import { authConfigSchema } from '../src/reconciler/api/auth/config';
import { ensureMonthPartitions } from '../src/reconciler/db/partitions';
import { startReconciler } from '../src/reconciler/service';
import { createTestDatabase, openMigratedDatabase } from '../test/support/reconciler-database';
import { loadAverage } from './carriers';
import { percentile } from './stats';

const PEPPER = 'bench-pepper-not-a-secret';
const ACCOUNT = 'cus_BenchTenant0001';
const MONTH = new Date('2027-03-01T00:00:00Z');

/** One load's figures. */
interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Options of {@link benchApi}. */
export interface ApiBenchOptions {
  readonly calls: number;
  readonly connections: number;
  readonly seconds: number;
  /** Offered requests per second of the paced load. */
  readonly pacedRate: number;
}

/** The mix of GETs (paths after the origin), in the order each connection cycles through them. */
function mix(): string[] {
  return [`/v1/calls?limit=50`, `/v1/accounts/${ACCOUNT}/numbers?limit=50`, `/v1/calls?limit=50&direction=inbound`, `/v1/accounts/${ACCOUNT}`];
}

/** The benchmark; returns the docs/benchmarks.md section. */
export async function benchApi(options: ApiBenchOptions): Promise<string[]> {
  const target = await createTestDatabase('postgres');
  const work = mkdtempSync(join(tmpdir(), 'didops-api-bench-'));
  const children: ChildProcess[] = [];
  try {
    const key = await seed(target.databaseUrl!, options.calls);
    const server = await child(['server', target.databaseUrl!], children);
    const paths = mix();
    const bodies: Record<string, string> = {};
    for (const path of paths) {
      const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      bodies[path] = await res.text();
    }
    const bodiesFile = join(work, 'bodies.json');
    writeFileSync(bodiesFile, JSON.stringify({ bodies, keyHash: hashOf(key) }));
    const floor = await child(['floor', bodiesFile], children);
    const loadBefore = loadAverage();
    const results: { name: string; load: string; result: LoadResult }[] = [];
    for (const [name, url] of [['floor', floor], ['reconciler', server]] as const) {
      await load(url, key, paths, { ...options, seconds: 2 }); // warm-up: connections, JIT, statement caches
      results.push({ name, load: 'saturating', result: await load(url, key, paths, options) });
      results.push({ name, load: `paced ${options.pacedRate.toLocaleString('en-US')}/s`, result: await load(url, key, paths, { ...options, rate: options.pacedRate }) });
    }
    const loadAfter = loadAverage();
    const row = (r: (typeof results)[number]) =>
      `| ${r.name} | ${r.load} | ${r.result.requests.toLocaleString('en-US')} | ${Math.round(r.result.perSecond).toLocaleString('en-US')} | ${r.result.p50.toFixed(1)} | ${r.result.p95.toFixed(1)} | ${r.result.p99.toFixed(1)} | ${r.result.non2xx + r.result.errors} |`;
    const of = (name: string, loadName: string) => results.find((r) => r.name === name && r.load.startsWith(loadName))!.result;
    const sat = { floor: of('floor', 'saturating'), api: of('reconciler', 'saturating') };
    const paced = { floor: of('floor', 'paced'), api: of('reconciler', 'paced') };
    return [
      `## Reconciler API (issue #13) — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      '',
      `The reconciler in its own process on PostgreSQL (127.0.0.1:5432, the same machine) with ${options.calls.toLocaleString('en-US')} calls of one tenant; autocannon in the benchmark's process, ${options.connections.toLocaleString('en-US')} connections on loopback, ${options.seconds} s per load after a 2 s warm-up, each connection cycling through: ${paths.map((p) => `\`GET ${p}\``).join(', ')}, with the tenant's read-only API key (looked up and HMAC-checked on every request; the credential's rate limit raised out of the way). The floor is a bare hono/node server in its own process answering the same bodies, stored, after the same HMAC check of the key, without a database. Latency percentiles are over every response. Load average ${loadBefore} before, ${loadAfter} after; the machine's 2 cores are shared with other helpers' builds and tests and with PostgreSQL itself, so absolute numbers move between runs.`,
      '',
      '| server | load | requests | requests / s | p50 ms | p95 ms | p99 ms | non-2xx + errors |',
      '|---|---|---|---|---|---|---|---|',
      ...results.map(row),
      '',
      `Target p95 < 20 ms at ${options.connections.toLocaleString('en-US')} connections: paced at ${options.pacedRate.toLocaleString('en-US')} requests/s the reconciler's p95 is ${paced.api.p95.toFixed(1)} ms (${paced.api.p95 < 20 ? 'met' : 'missed'}; the floor's ${paced.floor.p95.toFixed(1)} ms). Saturating, latency is ${options.connections.toLocaleString('en-US')} requests in flight divided by throughput (Little's law), so no server meets 20 ms that way below ${Math.round(options.connections / 0.02).toLocaleString('en-US')} requests/s: the floor itself answers ${Math.round(sat.floor.perSecond).toLocaleString('en-US')}/s at p95 ${sat.floor.p95.toFixed(0)} ms, the reconciler ${Math.round(sat.api.perSecond).toLocaleString('en-US')}/s (${(sat.api.perSecond / sat.floor.perSecond).toFixed(2)}× the floor) at p95 ${sat.api.p95.toFixed(0)} ms.`,
    ];
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await target.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Migrates the database, registers the tenant and its 50 numbers, and writes its calls; returns its read-only key. */
async function seed(databaseUrl: string, calls: number): Promise<string> {
  const database = await openMigratedDatabase({ backend: 'postgres', databaseUrl, dataDir: tmpdir() });
  try {
    const { db } = database;
    await db.insertInto('accounts').values({ id: ACCOUNT, name: 'Bench tenant', rate_card_key: 'standard', currency: 'USD' }).execute();
    const numbers = Array.from({ length: 50 }, (_, i) => `+1415555${String(1000 + i)}`);
    await db.insertInto('account_numbers').values(numbers.map((e164) => ({ e164, account_id: ACCOUNT, carrier: 'twilio', valid_from: '2027-01-01T00:00:00Z' }))).execute();
    await ensureMonthPartitions(db, MONTH, new Date('2027-04-01T00:00:00Z'));
    // One statement: the calls spread over the month, alternating direction, rated with an exact amount.
    await sql`
      insert into call_records (carrier, carrier_call_id, started_at, from_e164, to_e164, direction, duration_seconds, status,
        account_id, number_e164, other_party, caller_country, callee_country, rated_at, rate_class, billable_seconds, amount_decimal)
      select 'twilio', 'CA' || lpad(i::text, 32, '0'), ${MONTH}::timestamptz + (i * interval '26 seconds'),
        case when i % 2 = 0 then '+442079460000' else ${numbers[0]} end, case when i % 2 = 0 then ${numbers[0]} else '+442079460000' end,
        case when i % 2 = 0 then 'inbound' else 'outbound' end, 30 + i % 600, 'completed', ${ACCOUNT}, ${numbers[0]}, '+442079460000', 'GB', 'US',
        ${MONTH}::timestamptz + interval '31 days', case when i % 2 = 0 then 'in-1' else 'out-44' end, 60 + (i % 600) / 60 * 60, (i % 97) * 0.125
      from generate_series(1, ${calls}) as i`.execute(db);
    await sql`analyze call_records`.execute(db);
    const auth = await buildAuthServices(db, authConfigSchema.parse({ pepper: PEPPER }));
    return (await auth.apiKeys.issue({ name: 'bench', role: 'read-only', accounts: [ACCOUNT], createdBy: 'bench' })).secret;
  } finally {
    await database.close();
  }
}

/** Runs one load with autocannon and collects every response's latency. */
async function load(url: string, key: string, paths: string[], options: ApiBenchOptions & { rate?: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.seconds,
        headers: { authorization: `Bearer ${key}` },
        requests: paths.map((path) => ({ method: 'GET' as const, path })),
        ...(options.rate ? { overallRate: options.rate } : {}),
      },
      (err, done) => (err ? reject(err) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / options.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Spawns this file in a mode and waits for the URL it prints. */
function child(args: string[], children: ChildProcess[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [__filename, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(proc);
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`bench child ${args[0]} exited with ${code}`)));
  });
}

function hashOf(key: string): string {
  return createHmac('sha256', PEPPER).update(key).digest('hex');
}

/** The reconciler, API only, in this process (a child of the benchmark). */
async function runServer(databaseUrl: string): Promise<void> {
  const reconciler = await startReconciler(
    { databaseUrl, port: 0, logLevel: 'warn', dataDir: tmpdir(), auth: { pepper: PEPPER, rateLimit: { burst: 1_000_000, perSecond: 1_000_000 } } },
    { jobs: false },
  );
  process.stdout.write(`listening on ${reconciler.url}\n`);
  process.once('SIGTERM', () => void reconciler.stop().then(() => process.exit(0)));
}

/** The floor: stored bodies behind the same header check, no database. */
function runFloor(bodiesFile: string): void {
  const { bodies, keyHash } = JSON.parse(readFileSync(bodiesFile, 'utf8')) as { bodies: Record<string, string>; keyHash: string };
  const expected = Buffer.from(keyHash, 'hex');
  const app = new Hono();
  app.get('*', (c) => {
    const match = /^Bearer ([^\s]+)$/.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(Buffer.from(hashOf(match[1]!), 'hex'), expected)) return c.json({ error: { code: 'unauthenticated', message: 'no' } }, 401);
    const url = new URL(c.req.url);
    const body = bodies[`${url.pathname}${url.search}`];
    return body === undefined ? c.json({ error: { code: 'not_found', message: 'no' } }, 404) : c.body(body, 200, { 'content-type': 'application/json' });
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

if (require.main === module) {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'server') runServer(arg!).catch((err) => (console.error(err), process.exit(1)));
  else if (mode === 'floor') runFloor(arg!);
  else throw new Error('usage: reconciler-api.js server DATABASE_URL | floor BODIES_FILE');
}
