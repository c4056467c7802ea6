/**
 * `npm run bench -- scale` (issue #15): stacks of 1,000 and 10,000 numbers, side by side in one run.
 *
 * Terraform (the real CLI, parallelism 10), three providers of the same count:
 * - `terraform_data`: terraform's own cost, no provider at all (the floor the issue names);
 * - a no-op provider serving didops' own schema through didops' plugin server (same-schema-provider.ts): what
 *   Terraform and the plugin protocol cost for a resource of this schema, whatever the provider does;
 * - didops, against the sandbox on loopback, then with the Twilio latency profile and a concurrency limit.
 * Pulumi: the same numbers through the real dynamic-provider host (create, refresh, delete), on loopback and with
 * the latency profile; and exactly-once at the largest size with 10% faults and the concurrency limit on.
 *
 * State lives in PostgreSQL (terraform's `pg` backend, as teams keep state remotely): the local backend rewrites the
 * whole state file after every change, which is quadratic in the count and at 10,000 takes terraform_data alone
 * tens of minutes. BENCH_SCALE_BACKEND=local measures with it anyway (sensible up to about 1,000).
 *
 * Environment: BENCH_SCALE_SIZES (default "1000,10000"), BENCH_SCALE_BACKEND (pg | local), BENCH_SCALE_PG (connection
 * string, default the local test database), BENCH_SCALE_LATENCY_APPLY (largest count also applied with the latency
 * profile, default 1000), BENCH_SCALE_PULUMI (0 skips the Pulumi part).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwilioClient } from '../src/carriers/twilio';
import type { LatencyProfile } from '../src/sandbox/latency';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server';
import { startDynamicProviderHost } from '../test/support/pulumi-provider-host';
import { floorBlock, mirrorCliConfig, numbersBlock, type BlockShape } from './terraform-config';
import { FAULTS, fullRun, inParallel, inputsFor, listOwned, PARALLELISM, startFleet, stopFleet, type Fleet, type Recorded } from './pulumi-resources';

const REPO = join(__dirname, '..', '..');
const MIRROR = join(REPO, 'dist', 'terraform-mirror');
const NO_OP_PROVIDER = join(__dirname, 'same-schema-provider.js');
/** Area codes with plenty of stock in the default inventory, so no area code runs dry at 10,000. */
export const SCALE_AREA_CODES = [
  '212', '312', '415', '617', '206', '305', '512', '720', '404', '503', '213', '310', '646', '718', '773', '202', '214', '713', '602', '619',
  '702', '303', '615', '704', '919', '412', '216', '313', '612', '314', '816', '317', '614', '513', '414', '801', '916', '408', '510', '650',
];
/** Requests in flight per account before the sandbox answers 429, below terraform's parallelism so that limits bite. */
const CONCURRENCY_LIMIT = 6;
/** A short latency for the exactly-once run: long enough for requests to overlap and meet the limit, short enough for 10,000. */
const BRISK_PROFILE: LatencyProfile = {
  fetch: { medianMs: 8, p95Ms: 20 },
  list: { medianMs: 12, p95Ms: 30 },
  write: { medianMs: 12, p95Ms: 30 },
  delete: { medianMs: 10, p95Ms: 25 },
  purchase: { medianMs: 25, p95Ms: 60 },
};

/** What one command cost: wall time, and the peak memory and CPU of the provider processes it started. */
export interface CommandCost {
  ms: number;
  /** CPU seconds of this process meanwhile: the sandbox, which runs in it (Twilio's own work, on loopback). */
  sandboxCpuS: number;
  /** Largest resident set of one provider process, MiB. */
  providerRssMiB: number;
  /** CPU seconds of all provider processes (sampled every 100 ms, so a little low). */
  providerCpuS: number;
}

/** Samples /proc for the provider processes Terraform starts (node running dist/provider/terraform/main.js). */
function watchProviders(): () => { providerRssMiB: number; providerCpuS: number } {
  const ticks = 100; // USER_HZ on Linux
  let rss = 0;
  const cpu = new Map<number, number>();
  const sample = () => {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmdline.includes('provider/terraform/main.js')) continue;
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        rss = Math.max(rss, kb / 1024);
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpu.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / ticks);
      } catch {
        // The process ended between the listing and the read.
      }
    }
  };
  const timer = setInterval(sample, 100);
  return () => {
    clearInterval(timer);
    sample();
    return { providerRssMiB: rss, providerCpuS: [...cpu.values()].reduce((a, b) => a + b, 0) };
  };
}

/** Runs terraform in `dir`; resolves with its cost, rejects with the end of its stderr (`-detailed-exitcode` 2, changes, too). */
export async function timeTerraform(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<CommandCost> {
  const stop = watchProviders();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const failure = await new Promise<void>((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`terraform ${args.join(' ')} exited ${code}: ${err}`))));
  }).then(
    () => undefined,
    (err: Error) => err,
  );
  const ms = performance.now() - t0;
  const usage = stop();
  const cpu = process.cpuUsage(cpu0);
  if (failure) throw failure;
  return { ms, sandboxCpuS: (cpu.user + cpu.system) / 1e6, ...usage };
}

/** Where Terraform keeps state in this run. */
interface Backend {
  readonly kind: 'pg' | 'local';
  readonly connection: string;
}

/** A fresh working directory that installs didops from the build's mirror and keeps state in the chosen backend. */
function workspace(root: string, name: string, stack: Stack, backend: Backend, extraEnv: NodeJS.ProcessEnv, mirror = MIRROR): { dir: string; env: NodeJS.ProcessEnv; schema?: string } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const rc = join(root, `${name}.terraformrc`);
  writeFileSync(rc, mirrorCliConfig(mirror));
  const schema = backend.kind === 'pg' ? `didops_bench_${name.replace(/\W/g, '_')}_${process.pid}` : undefined;
  const backendBlock = schema ? `  backend "pg" {\n    conn_str    = ${JSON.stringify(backend.connection)}\n    schema_name = ${JSON.stringify(schema)}\n  }\n` : '';
  writeFileSync(join(dir, 'main.tf'), `${REQUIRED_PROVIDERS.replace(/}\n$/, backendBlock + '}\n')}${stack.root}`);
  if (stack.module !== undefined) {
    mkdirSync(join(dir, 'part'));
    writeFileSync(join(dir, 'part', 'main.tf'), `${REQUIRED_PROVIDERS}${stack.module}`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...extraEnv };
  for (const key of ['DIDOPS_TF_TEST_IMPL', 'TF_REATTACH_PROVIDERS', 'TF_LOG']) if (!(key in extraEnv)) delete env[key];
  return { dir, env, schema };
}

/** Drops the pg backend's schema (state) of a finished workspace. */
function dropSchema(backend: Backend, schema: string | undefined): void {
  if (!schema) return;
  spawnSync('psql', [backend.connection, '-qc', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { stdio: 'ignore' });
}

const REQUIRED_PROVIDERS = 'terraform {\n  required_providers {\n    didops = { source = "didops/didops" }\n  }\n}\n';

/**
 * Instances per resource block. Terraform's plan and destroy cost grows with the square of one block's instances
 * (10,000 `terraform_data` in one block: plan 117 s, destroy 406 s; in ten modules of 1,000: 14 s and 77 s), so a
 * larger stack is ten modules of 1,000, as large configurations are split anyway.
 */
export const BLOCK_SIZE = 1000;

/** A configuration: the root module, and the module it instantiates `count` times when the stack is split. */
interface Stack {
  readonly root: string;
  readonly module?: string;
}

/** `n` instances of `block`, in one block or in modules of {@link BLOCK_SIZE}; `provider` goes in the root. */
function stackOf(n: number, block: (shape: BlockShape) => string, provider: string): Stack {
  const areaCodes = `locals { area_codes = ${JSON.stringify(SCALE_AREA_CODES)} }\n`;
  const shape = { areaCodes: 'local.area_codes', areaCodeCount: SCALE_AREA_CODES.length };
  if (n <= BLOCK_SIZE) return { root: `${provider}${areaCodes}${block({ ...shape, count: String(n), index: 'count.index' })}` };
  if (n % BLOCK_SIZE !== 0) throw new Error(`stacks above ${BLOCK_SIZE} are measured in whole modules of ${BLOCK_SIZE}; ${n} is not a multiple`);
  return {
    root: `${provider}module "part" {\n  source = "./part"\n  count  = ${n / BLOCK_SIZE}\n  first  = count.index * ${BLOCK_SIZE}\n}\n`,
    module: `variable "first" { type = number }\n${areaCodes}${block({ ...shape, count: String(BLOCK_SIZE), index: 'var.first + count.index' })}`,
  };
}

/** `n` numbers bought by search, keyed `<keyPrefix><index>`. */
export function numbersStack(n: number, keyPrefix = 'scale-'): Stack {
  return stackOf(n, (shape) => numbersBlock(shape, keyPrefix), 'provider "didops" {}\n');
}

/** Terraform's floor: the same count of `terraform_data`. */
export function floorStack(n: number): Stack {
  return stackOf(n, (shape) => floorBlock(shape, 'scale-'), '');
}

/** Apply, a plan with no changes (which must report none) and destroy. */
interface Lifecycle {
  apply: CommandCost;
  plan: CommandCost;
  destroy: CommandCost;
}

async function lifecycle(ws: { dir: string; env: NodeJS.ProcessEnv }, between?: () => Promise<void>): Promise<Lifecycle> {
  await timeTerraform(ws.dir, ws.env, ['init', '-no-color', '-input=false']);
  const apply = await timeTerraform(ws.dir, ws.env, ['apply', '-no-color', '-auto-approve', '-input=false']);
  const plan = await timeTerraform(ws.dir, ws.env, ['plan', '-no-color', '-detailed-exitcode', '-input=false']);
  await between?.();
  const destroy = await timeTerraform(ws.dir, ws.env, ['destroy', '-no-color', '-auto-approve', '-input=false']);
  return { apply, plan, destroy };
}

interface TerraformRow {
  n: number;
  floor: Lifecycle;
  sameSchema: Lifecycle;
  didops: Lifecycle;
  /** A plan (refresh of every number) with the Twilio latency profile and the concurrency limit. */
  latencyRefresh: LatencyRefresh;
  /** Apply and destroy with the latency profile and the limit (smaller sizes only). */
  latencyApply?: { apply: CommandCost; destroy: CommandCost; refused: number };
  /** The same lifecycle with the provider built from the baseline commit (BENCH_SCALE_BASELINE_MIRROR), if asked for. */
  baseline?: Lifecycle & { latencyRefresh: LatencyRefresh };
}

/** A refresh with the Twilio latency profile and the concurrency limit on, and what it asked the carrier. */
interface LatencyRefresh {
  cost: CommandCost;
  /** Why terraform failed, when it did (only a baseline may). */
  failed?: string;
  /** Twilio API requests the command made. */
  requests: number;
  /** Of those, refused with 429. */
  refused: number;
}

/** A plan with no changes (a refresh of every number) with the Twilio latency profile and the concurrency limit on. */
async function refreshWithLatency(sandbox: RunningSandbox, ws: { dir: string; env: NodeJS.ProcessEnv }, options: { mayFail?: boolean } = {}): Promise<LatencyRefresh> {
  const { context } = sandbox;
  context.latency.configure('twilio');
  context.concurrency.configure(CONCURRENCY_LIMIT);
  const refusedBefore = context.concurrency.describe().refused;
  context.requests.reset();
  const t0 = performance.now();
  const asked = () => ({ requests: context.requests.describe().total, refused: context.concurrency.describe().refused - refusedBefore });
  try {
    const cost = await timeTerraform(ws.dir, ws.env, ['plan', '-no-color', '-detailed-exitcode', '-input=false']);
    return { cost, ...asked() };
  } catch (err) {
    if (!options.mayFail) throw err;
    const reason = /rate limiting|Too Many Requests|429/.test(String(err)) ? 'failed on 429s' : 'failed';
    return { cost: { ms: performance.now() - t0, sandboxCpuS: 0, providerCpuS: 0, providerRssMiB: 0 }, failed: reason, ...asked() };
  } finally {
    context.latency.configure('none');
    context.concurrency.configure(undefined);
  }
}

/** A provider built from an earlier commit, measured beside the current one. */
interface Baseline {
  readonly mirror: string;
  readonly label: string;
  readonly maxCount: number;
}

async function terraformAt(n: number, backend: Backend, latencyApplyMax: number, baseline: Baseline | undefined, log: (s: string) => void): Promise<TerraformRow> {
  const root = mkdtempSync(join(tmpdir(), 'didops-bench-scale-'));
  const schemas: (string | undefined)[] = [];
  let sandbox: RunningSandbox | undefined;
  const s = (c: CommandCost) => `${(c.ms / 1000).toFixed(1)} s`;
  try {
    const floorWs = workspace(root, `floor_${n}`, floorStack(n), backend, {});
    schemas.push(floorWs.schema);
    const floor = await lifecycle(floorWs);
    log(`  ${n} terraform_data: apply ${s(floor.apply)}, plan ${s(floor.plan)}, destroy ${s(floor.destroy)}`);

    const noOpWs = workspace(root, `noop_${n}`, numbersStack(n), backend, { DIDOPS_TF_TEST_IMPL: NO_OP_PROVIDER });
    schemas.push(noOpWs.schema);
    const sameSchema = await lifecycle(noOpWs);
    log(`  ${n} same-schema no-op provider: apply ${s(sameSchema.apply)}, plan ${s(sameSchema.plan)}, destroy ${s(sameSchema.destroy)}`);

    sandbox = await startSandbox({ dataDir: join(root, 'sandbox') });
    const sbx = sandbox;
    const credentials = { DIDOPS_TWILIO_ACCOUNT_SID: sbx.accountSid, DIDOPS_TWILIO_AUTH_TOKEN: sbx.authToken, DIDOPS_TWILIO_BASE_URL: sbx.url };
    const didopsWs = workspace(root, `didops_${n}`, numbersStack(n), backend, credentials);
    schemas.push(didopsWs.schema);
    let latencyRefresh: LatencyRefresh | undefined;
    const didops = await lifecycle(didopsWs, async () => {
      log(`  ${n} didops on loopback: apply and plan done; refreshing with the Twilio latency profile and a limit of ${CONCURRENCY_LIMIT}…`);
      latencyRefresh = await refreshWithLatency(sbx, didopsWs);
    });
    const left = await ownedCount(sbx);
    if (left !== 0) throw new Error(`${left} numbers still owned after terraform destroy of ${n}`);
    log(`  ${n} didops: apply ${s(didops.apply)}, plan ${s(didops.plan)}, destroy ${s(didops.destroy)}; refresh with latency ${s(latencyRefresh!.cost)} (${latencyRefresh!.requests} requests, ${latencyRefresh!.refused} refused with 429)`);

    let latencyApply: TerraformRow['latencyApply'];
    if (n <= latencyApplyMax) {
      sbx.context.latency.configure('twilio');
      sbx.context.concurrency.configure(CONCURRENCY_LIMIT);
      const refusedBefore = sbx.context.concurrency.describe().refused;
      const ws = workspace(root, `didops_latency_${n}`, numbersStack(n, 'slow-'), backend, credentials);
      schemas.push(ws.schema);
      try {
        await timeTerraform(ws.dir, ws.env, ['init', '-no-color', '-input=false']);
        const apply = await timeTerraform(ws.dir, ws.env, ['apply', '-no-color', '-auto-approve', '-input=false']);
        const destroy = await timeTerraform(ws.dir, ws.env, ['destroy', '-no-color', '-auto-approve', '-input=false']);
        latencyApply = { apply, destroy, refused: sbx.context.concurrency.describe().refused - refusedBefore };
      } finally {
        sbx.context.latency.configure('none');
        sbx.context.concurrency.configure(undefined);
      }
      const still = await ownedCount(sbx);
      if (still !== 0) throw new Error(`${still} numbers still owned after the latency run's destroy of ${n}`);
      log(`  ${n} didops with latency: apply ${s(latencyApply.apply)}, destroy ${s(latencyApply.destroy)} (${latencyApply.refused} refused with 429)`);
    }
    let baselineRun: TerraformRow['baseline'];
    if (baseline && n <= baseline.maxCount) {
      const ws = workspace(root, `baseline_${n}`, numbersStack(n, 'base-'), backend, credentials, baseline.mirror);
      schemas.push(ws.schema);
      let refresh: LatencyRefresh | undefined;
      const run = await lifecycle(ws, async () => {
        refresh = await refreshWithLatency(sbx, ws, { mayFail: true });
      });
      baselineRun = { ...run, latencyRefresh: refresh! };
      log(`  ${n} didops at ${baseline.label}: apply ${s(run.apply)}, plan ${s(run.plan)}, destroy ${s(run.destroy)}; refresh with latency ${refresh!.failed ?? s(refresh!.cost)} (${refresh!.requests} requests, ${refresh!.refused} refused with 429)`);
    }
    return { n, floor, sameSchema, didops, latencyRefresh: latencyRefresh!, latencyApply, baseline: baselineRun };
  } finally {
    await sandbox?.close();
    for (const schema of schemas) dropSchema(backend, schema);
    rmSync(root, { recursive: true, force: true });
  }
}

async function ownedCount(sandbox: RunningSandbox): Promise<number> {
  const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url });
  return (await client.incomingPhoneNumbers.list({ pageSize: 1000 })).length;
}

/** Resident memory of a process, MiB (0 when it is gone). */
function rssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

interface PulumiRow {
  n: number;
  createS: number;
  refreshS: number;
  latencyRefreshS: number;
  latencyRefused: number;
  deleteS: number;
  hostRssMiB: number;
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** The same numbers through Pulumi's dynamic-provider host: create, refresh on loopback and with latency, delete. */
async function pulumiAt(n: number, log: (s: string) => void): Promise<PulumiRow> {
  const f: Fleet = await startFleet();
  try {
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(f.host.pid))), 250);
    const recorded: Recorded[] = new Array(n);
    const names = Array.from({ length: n }, (_, i) => `scale-${i}`);
    const createS = await time(() =>
      inParallel(names, PARALLELISM, async (name, i) => {
        const { urn, inputs } = inputsFor(f, name, i, 'https://example.com/voice');
        const checked = await f.host.check(urn, {}, inputs);
        const made = await f.host.create(urn, { ...checked.inputs, __provider: f.provider });
        recorded[i] = { urn, id: made.id, props: made.properties };
      }),
    );
    // A refresh is a new `pulumi refresh`: a new host process, so a new listing, as the engine would start one.
    const refresh = async (): Promise<number> => {
      await f.host.close();
      const fresh = await startFleetHost(f);
      return time(() =>
        inParallel(recorded, PARALLELISM, async (r) => {
          const read = await fresh.read(r.urn, r.id, r.props);
          if (read.id !== r.id) throw new Error(`refresh lost ${r.id}`);
        }),
      );
    };
    const refreshS = await refresh();
    f.sandbox.context.latency.configure('twilio');
    f.sandbox.context.concurrency.configure(CONCURRENCY_LIMIT);
    const refusedBefore = f.sandbox.context.concurrency.describe().refused;
    let latencyRefreshS: number;
    try {
      latencyRefreshS = await refresh();
    } finally {
      f.sandbox.context.latency.configure('none');
      f.sandbox.context.concurrency.configure(undefined);
    }
    const latencyRefused = f.sandbox.context.concurrency.describe().refused - refusedBefore;
    const deleteS = await time(() => inParallel(recorded, PARALLELISM, async (r) => f.host.delete(r.urn, r.id, r.props)));
    clearInterval(sampler);
    const left = await listOwned(f);
    if (left.length !== 0) throw new Error(`${left.length} numbers left after the Pulumi delete of ${n}`);
    log(`  ${n} Pulumi host: create ${createS.toFixed(1)} s, refresh ${refreshS.toFixed(1)} s, refresh with latency ${latencyRefreshS.toFixed(1)} s (${latencyRefused} refused), delete ${deleteS.toFixed(1)} s, host peak ${peak.toFixed(0)} MiB`);
    return { n, createS, refreshS, latencyRefreshS, latencyRefused, deleteS, hostRssMiB: peak };
  } finally {
    await stopFleet(f);
  }
}

/** Replaces the fleet's host with a new process (a new Pulumi command), configured for the same sandbox. */
async function startFleetHost(f: Fleet): Promise<Fleet['host']> {
  const host = await startDynamicProviderHost({ cwd: REPO });
  await host.configure(
    { 'didops:twilioAccountSid': f.sandbox.accountSid, 'didops:twilioAuthToken': f.sandbox.authToken, 'didops:twilioBaseUrl': f.sandbox.url },
    ['didops:twilioAuthToken'],
  );
  f.host = host;
  return host;
}

/** Exactly-once at `n` numbers with 10% faults and the concurrency limit on, through the Pulumi host. */
async function exactlyOnceAt(n: number, log: (s: string) => void): Promise<{ n: number; seconds: number; injected: number; refused: number; reruns: number }> {
  const f = await startFleet({ latency: BRISK_PROFILE, concurrencyLimit: Math.max(2, PARALLELISM / 2) });
  try {
    f.sandbox.context.faults.configure(FAULTS, 5);
    let injected = 0;
    const faults = f.sandbox.context.faults;
    const reconfigure = faults.configure.bind(faults);
    faults.configure = (rules, seed) => {
      injected += faults.describe().rules.reduce((sum, r) => sum + r.injected, 0);
      return reconfigure(rules, seed);
    };
    const t0 = performance.now();
    // fullRun checks that the sandbox's owned numbers equal the state's after create, and that none is left after delete.
    const run = await fullRun(f, n, 'once');
    const seconds = (performance.now() - t0) / 1000;
    const refused = f.sandbox.context.concurrency.describe().refused;
    log(`  exactly-once at ${n}: ${seconds.toFixed(0)} s, ${injected} faults injected, ${refused} requests refused with 429, ${run.reruns} steps re-run, 0 duplicates or orphans`);
    return { n, seconds, injected, refused, reruns: run.reruns };
  } finally {
    await stopFleet(f);
  }
}

/** Runs the benchmark; returns the Markdown section. */
export async function benchScale(): Promise<string[]> {
  const sizes = (process.env.BENCH_SCALE_SIZES ?? '1000,10000').split(',').map(Number);
  const backend: Backend = {
    kind: process.env.BENCH_SCALE_BACKEND === 'local' ? 'local' : 'pg',
    connection: process.env.BENCH_SCALE_PG ?? 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable',
  };
  const latencyApplyMax = Number(process.env.BENCH_SCALE_LATENCY_APPLY ?? 1000);
  const baselineMirror = process.env.BENCH_SCALE_BASELINE_MIRROR;
  const baseline = baselineMirror
    ? { mirror: baselineMirror, label: process.env.BENCH_SCALE_BASELINE_LABEL ?? 'the baseline', maxCount: Number(process.env.BENCH_SCALE_BASELINE_MAX ?? 1000) }
    : undefined;
  const log = (line: string) => console.log(line);
  const tf: TerraformRow[] = [];
  for (const n of sizes) tf.push(await terraformAt(n, backend, latencyApplyMax, baseline, log));
  const pulumi: PulumiRow[] = [];
  let once: Awaited<ReturnType<typeof exactlyOnceAt>> | undefined;
  if (process.env.BENCH_SCALE_PULUMI !== '0') {
    for (const n of sizes) pulumi.push(await pulumiAt(n, log));
    once = await exactlyOnceAt(Math.max(...sizes), log);
  }
  return scaleReport(tf, pulumi, once, backend, baseline);
}

function scaleReport(tf: TerraformRow[], pulumi: PulumiRow[], once: Awaited<ReturnType<typeof exactlyOnceAt>> | undefined, backend: Backend, baseline: Baseline | undefined): string[] {
  const s = (c: CommandCost) => (c.ms / 1000).toFixed(1);
  const x = (a: CommandCost, b: CommandCost) => `${(a.ms / b.ms).toFixed(1)}×`;
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [
    `## Stacks of many numbers (issue #15) — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Terraform 1.11 at parallelism 10, state in ${backend.kind === 'pg' ? 'PostgreSQL (`pg` backend)' : 'the local backend'}; the sandbox on loopback with its default inventory; numbers bought by search over ${SCALE_AREA_CODES.length} area codes. ` +
      'Three providers of the same count in one run: `terraform_data` (no provider), a no-op provider serving didops\' schema through didops\' plugin server (bench/same-schema-provider.ts), and didops. ' +
      `Up to ${BLOCK_SIZE.toLocaleString('en-US')} instances are one resource block; a larger stack is modules of ${BLOCK_SIZE.toLocaleString('en-US')} (Terraform's plan and destroy grow with the square of a block's instances). ` +
      'Provider CPU and memory are sampled from /proc every 100 ms (all provider processes of the command; memory is the largest one). ' +
      'The sandbox runs in the benchmark\'s own process, so on loopback its CPU (the carrier\'s work) competes with Terraform and the provider for the machine\'s two cores.',
    '',
    '| numbers | command | terraform_data s | same-schema no-op s | didops s | didops ÷ terraform_data | didops ÷ no-op | didops provider CPU s | sandbox CPU s | provider peak MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of tf) {
    for (const [label, key] of [['apply', 'apply'], ['plan, no changes', 'plan'], ['destroy', 'destroy']] as const) {
      const d = r.didops[key];
      lines.push(`| ${n(r.n)} | ${label} | ${s(r.floor[key])} | ${s(r.sameSchema[key])} | ${s(d)} | ${x(d, r.floor[key])} | ${x(d, r.sameSchema[key])} | ${d.providerCpuS.toFixed(1)} | ${d.sandboxCpuS.toFixed(1)} | ${d.providerRssMiB.toFixed(0)} |`);
    }
  }
  const compared = tf.filter((r) => r.baseline);
  if (baseline && compared.length > 0) {
    lines.push('');
    lines.push(`Before and after, in the same run: the provider built from ${baseline.label} against this one, same sandbox, same backend:`);
    lines.push('');
    lines.push('| numbers | command | before s | after s | after ÷ before |');
    lines.push('|---|---|---|---|---|');
    for (const r of compared) {
      for (const [label, key] of [['apply', 'apply'], ['plan, no changes', 'plan'], ['destroy', 'destroy']] as const) {
        lines.push(`| ${n(r.n)} | ${label} | ${s(r.baseline![key])} | ${s(r.didops[key])} | ${(r.didops[key].ms / r.baseline![key].ms).toFixed(2)} |`);
      }
      const before = r.baseline!.latencyRefresh;
      const after = r.latencyRefresh;
      const beforeCell = before.failed ? `${before.failed} after ${s(before.cost)}` : s(before.cost);
      lines.push(`| ${n(r.n)} | plan with the Twilio latency profile and a limit of ${CONCURRENCY_LIMIT} (requests to the carrier: ${n(before.requests)} before, ${n(after.requests)} after; refused: ${n(before.refused)} before, ${n(after.refused)} after) | ${beforeCell} | ${s(after.cost)} | ${before.failed ? '—' : (after.cost.ms / before.cost.ms).toFixed(2)} |`);
    }
  }
  lines.push('');
  lines.push(`With the Twilio latency profile (\`--latency twilio\`) and at most ${CONCURRENCY_LIMIT} requests in flight (Terraform runs 10), answered with 429 and Retry-After past that:`);
  lines.push('');
  lines.push('| numbers | command | s | requests refused with 429 | failed |');
  lines.push('|---|---|---|---|---|');
  for (const r of tf) {
    lines.push(`| ${n(r.n)} | plan with no changes (refreshes every number with ${n(r.latencyRefresh.requests)} requests; target < 30 s at 10,000) | ${s(r.latencyRefresh.cost)} | ${r.latencyRefresh.refused} | no |`);
    if (r.latencyApply) {
      lines.push(`| ${n(r.n)} | apply | ${s(r.latencyApply.apply)} | ${r.latencyApply.refused} | no |`);
      lines.push(`| ${n(r.n)} | destroy | ${s(r.latencyApply.destroy)} | (with the apply) | no |`);
    }
  }
  const first = tf[0];
  const last = tf[tf.length - 1];
  if (first && last && last.n > first.n) {
    const per = (c: CommandCost, count: number) => (c.ms / count).toFixed(1);
    lines.push('');
    lines.push(
      `Per number: destroy ${per(first.didops.destroy, first.n)} ms at ${n(first.n)} and ${per(last.didops.destroy, last.n)} ms at ${n(last.n)} (terraform_data: ${per(first.floor.destroy, first.n)} and ${per(last.floor.destroy, last.n)} ms); ` +
        `apply ${per(first.didops.apply, first.n)} and ${per(last.didops.apply, last.n)} ms; plan ${per(first.didops.plan, first.n)} and ${per(last.didops.plan, last.n)} ms.`,
    );
  }
  if (pulumi.length > 0) {
    lines.push('');
    lines.push(`Pulumi's dynamic-provider host over gRPC, ${PARALLELISM} operations in flight; each refresh is a new host process (a new command), reading every number:`);
    lines.push('');
    lines.push('| numbers | create s | refresh s | refresh with latency and limit s (429s) | delete s | host peak MiB |');
    lines.push('|---|---|---|---|---|---|');
    for (const p of pulumi) lines.push(`| ${n(p.n)} | ${p.createS.toFixed(1)} | ${p.refreshS.toFixed(1)} | ${p.latencyRefreshS.toFixed(1)} (${p.latencyRefused}) | ${p.deleteS.toFixed(1)} | ${p.hostRssMiB.toFixed(0)} |`);
  }
  if (once) {
    lines.push('');
    lines.push(
      `Exactly once at ${n(once.n)} numbers through the Pulumi host with 10% faults (${n(once.injected)} injected: 429s, 5xx before and after the work), a short latency and at most ${Math.max(2, PARALLELISM / 2)} requests in flight (${n(once.refused)} refused with 429): ` +
        `created, updated and deleted in ${once.seconds.toFixed(0)} s with ${once.reruns} steps re-run; the sandbox's owned numbers equalled the state after the creates and none was left after the deletes.`,
    );
  }
  return lines;
}
