/**
 * The Terraform provider with the real terraform CLI against the sandbox (issue #5): provider start-up time (spawn to
 * handshake line; target < 150 ms), and plan/apply/destroy of 1, 100 and 1,000 numbers at terraform's default
 * parallelism (10), with the marginal time per resource.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/terraform/server/serve';
import { generateSelfSignedCertificate } from '../provider/terraform/server/certificate';
import type { CarrierName } from '../src/carriers/carrier';
import { startSandbox } from '../src/sandbox/server';
import { mirrorCliConfig, numbersHcl } from './terraform-config';
import { percentile } from './stats';

const REPO = join(__dirname, '..', '..');
const MAIN = join(REPO, 'dist', 'provider', 'terraform', 'main.js');
const MIRROR = join(REPO, 'dist', 'terraform-mirror');
const AREA_CODES = ['212', '312', '415', '617', '206', '305', '512', '720', '404', '503'];

/** Spawn to handshake line, as terraform starts the provider. */
async function startupMs(runs: number): Promise<number[]> {
  const client = generateSelfSignedCertificate();
  const env = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_CLIENT_CERT: client.certPem,
  };
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`provider exited ${code} before its handshake`)));
    });
    samples.push(performance.now() - t0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  return samples.sort((a, b) => a - b);
}

/** Runs terraform; resolves with the wall time and the exit code, which must be one of `accepted` (default 0). */
async function terraformRun(dir: string, env: NodeJS.ProcessEnv, args: string[], accepted: readonly number[] = [0]): Promise<{ ms: number; code: number }> {
  const t0 = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (c) => (c !== null && accepted.includes(c) ? resolve(c) : reject(new Error(`terraform ${args.join(' ')} exited ${c}: ${err}`))));
  });
  return { ms: performance.now() - t0, code };
}

async function terraform(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return (await terraformRun(dir, env, args)).ms;
}

/** Wall times of one stack's commands, in ms. */
export interface Row {
  n: number;
  plan: number;
  apply: number;
  noChangePlan: number;
  /** False when the plan after apply still proposed changes (`-detailed-exitcode` 2). */
  noChangePlanClean: boolean;
  destroy: number;
}

/** Init, plan, apply, plan with no changes and destroy of `n` numbers at `carrier` (the default Twilio when absent), against a new sandbox. */
export async function fleet(n: number, carrier?: CarrierName): Promise<Row> {
  const root = mkdtempSync(join(tmpdir(), 'didops-bench-tf-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'sandbox') });
  try {
    const dir = join(root, 'work');
    mkdirSync(dir);
    const rc = join(root, 'terraformrc');
    writeFileSync(rc, mirrorCliConfig(MIRROR));
    writeFileSync(join(dir, 'main.tf'), `terraform {\n  required_providers {\n    didops = { source = "didops/didops" }\n  }\n}\n${numbersHcl(n, 'bench-', AREA_CODES, carrier)}`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: rc,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      DIDOPS_TWILIO_ACCOUNT_SID: sandbox.accountSid,
      DIDOPS_TWILIO_AUTH_TOKEN: sandbox.authToken,
      DIDOPS_TWILIO_BASE_URL: sandbox.url,
      DIDOPS_TELNYX_API_KEY: sandbox.telnyxApiKey,
      DIDOPS_TELNYX_BASE_URL: sandbox.url,
    };
    await terraform(dir, env, ['init', '-no-color']);
    const plan = await terraform(dir, env, ['plan', '-no-color', '-out=tfplan']);
    const apply = await terraform(dir, env, ['apply', '-no-color', 'tfplan']);
    // With a carrier named, a plan after apply can still propose changes (reported in the carriers benchmark).
    const second = await terraformRun(dir, env, ['plan', '-no-color', '-detailed-exitcode'], carrier ? [0, 2] : [0]);
    const destroy = await terraform(dir, env, ['destroy', '-no-color', '-auto-approve']);
    return { n, plan, apply, noChangePlan: second.ms, noChangePlanClean: second.code === 0, destroy };
  } finally {
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the benchmark; returns the Markdown section. */
export async function benchTerraform(sizes: readonly number[]): Promise<string[]> {
  const starts = await startupMs(20);
  const rows: Row[] = [];
  for (const n of sizes) rows.push(await fleet(n));
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const lines = [
    `## Terraform provider with terraform ${'1.11'} (issue #5) — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Provider start-up, spawn to handshake line (terraform starts the provider 3–4 times per command), 20 runs: median **${percentile(starts, 50).toFixed(0)} ms**, p95 ${percentile(starts, 95).toFixed(0)} ms (target < 150 ms).`,
    '',
    `\`count\` numbers bought by search (US, ${AREA_CODES.length} area codes), installed from the local mirror, terraform's default parallelism (10), against the sandbox on loopback:`,
    '',
    '| numbers | plan s | apply s | plan with no changes s | destroy s |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${s(r.plan)} | ${s(r.apply)} | ${s(r.noChangePlan)} | ${s(r.destroy)} |`),
    '',
  ];
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first && last && last.n > first.n) {
    const per = (a: number, b: number) => (((b - a) / (last.n - first.n)) * 1000) / 1000;
    lines.push(
      `Marginal wall time per resource between ${first.n} and ${last.n.toLocaleString('en-US')} numbers: plan ${per(first.plan, last.plan).toFixed(1)} ms, apply ${per(first.apply, last.apply).toFixed(1)} ms, refresh-and-plan ${per(first.noChangePlan, last.noChangePlan).toFixed(1)} ms, destroy ${per(first.destroy, last.destroy).toFixed(1)} ms. The fixed cost of a command (terraform itself, 3–4 provider starts and schema loads) is the 1-number row.`,
    );
  }
  return lines;
}
