/**
 * Test harness: the real `terraform` CLI against the compiled didops provider (dist/provider/terraform/main.js;
 * run `npm run build` first), in a temporary directory with its own CLI configuration, so the user's
 * ~/.terraformrc, plugin cache and the registry are never involved.
 *
 * Two ways to install the provider, as a user would:
 * - `mirror` (default): a filesystem_mirror in the unpacked layout
 *   `<mirror>/registry.terraform.io/didops/didops/0.1.0/<os>_<arch>/terraform-provider-didops_v0.1.0`, plus
 *   `direct { exclude = [didops] }`; `terraform init` installs it and writes .terraform.lock.hcl.
 * - `dev`: `dev_overrides { "didops/didops" = <dir> }`; no `terraform init` for didops (Terraform warns that
 *   overrides are in effect on every command).
 * The executable in both is a two-line shell launcher that execs node on main.js.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROVIDER_ENV } from '../../provider/terraform/config';

/** The compiled provider entry point the launcher runs. */
export const PROVIDER_MAIN = resolve(__dirname, '../../dist/provider/terraform/main.js');
/** The version the mirror offers. */
export const PROVIDER_VERSION = '0.1.0';
/** The terraform block every test configuration starts with. */
export const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    didops = {
      source = "didops/didops"
    }
  }
}
`;

/** What a terraform run printed. */
export interface TerraformResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link TerraformWorkspace.run}. */
export interface TerraformRunOptions {
  /** Environment changes for this run (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** Kill terraform after this long (default 45 s). */
  timeoutMs?: number;
  /**
   * Called with the running terraform. It runs in its own process group, like a command started from a terminal,
   * so `process.kill(-child.pid, 'SIGINT')` is a Ctrl-C: it reaches terraform and its providers.
   */
  onStart?: (child: ChildProcess) => void;
}

/** A temporary Terraform working directory wired to the didops provider. */
export interface TerraformWorkspace {
  /** The temporary root (holds the working dir, the CLI config and the provider installation). */
  root: string;
  /** The working directory terraform runs in. */
  dir: string;
  /** The environment terraform runs with. */
  env: NodeJS.ProcessEnv;
  /** Runs `terraform ...args` in `dir` (adds -no-color where the subcommand accepts it). */
  run(args: string[], options?: TerraformRunOptions): Promise<TerraformResult>;
  /** Writes `main.tf` (prefix it with {@link REQUIRED_PROVIDERS}). */
  writeMain(hcl: string): void;
  /** Deletes the temporary root. */
  close(): void;
}

/** Options of {@link terraformWorkspace}. */
export interface TerraformWorkspaceOptions {
  /** A module exporting `createProvider()` to serve instead of provider/terraform/provider (DIDOPS_TF_TEST_IMPL). */
  providerImpl?: string;
  /** Install through a filesystem mirror (true, default) or dev_overrides (false). */
  mirror?: boolean;
  /** An existing mirror to install from (e.g. the build's dist/terraform-mirror), instead of a fresh one. */
  mirrorDir?: string;
  /** Extra environment for terraform, which passes it on to the provider. */
  env?: Record<string, string | undefined>;
}

/** True when a `terraform` executable is on the PATH. */
export function terraformAvailable(): boolean {
  return spawnSync('terraform', ['version'], { stdio: 'ignore', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status === 0;
}

/** Terraform's name for this platform, e.g. linux_amd64. */
export function terraformPlatform(): string {
  const arch = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Writes an executable launcher for the compiled provider at `path`. */
export function writeProviderLauncher(path: string): void {
  // exec: the provider is Terraform's child itself, so signals and the orphan check behave as with a Go binary.
  writeFileSync(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(PROVIDER_MAIN)} "$@"\n`);
  chmodSync(path, 0o755);
}

const NO_COLOR_COMMANDS = new Set(['init', 'validate', 'plan', 'apply', 'destroy', 'import', 'refresh', 'show', 'output', 'console']);

/** Creates a workspace; `close()` it when done. */
export function terraformWorkspace(options: TerraformWorkspaceOptions = {}): TerraformWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'didops-tf-'));
  const dir = join(root, 'work');
  mkdirSync(dir);
  const mirror = options.mirror ?? true;
  let installation: string;
  if (mirror) {
    const mirrorDir = options.mirrorDir ?? join(root, 'mirror');
    if (!options.mirrorDir) {
      const packageDir = join(mirrorDir, 'registry.terraform.io', 'didops', 'didops', PROVIDER_VERSION, terraformPlatform());
      mkdirSync(packageDir, { recursive: true });
      writeProviderLauncher(join(packageDir, `terraform-provider-didops_v${PROVIDER_VERSION}`));
    }
    installation = `  filesystem_mirror {
    path    = ${JSON.stringify(mirrorDir)}
    include = ["registry.terraform.io/didops/didops"]
  }
  direct {
    exclude = ["registry.terraform.io/didops/didops"]
  }`;
  } else {
    const binDir = join(root, 'bin');
    mkdirSync(binDir);
    writeProviderLauncher(join(binDir, 'terraform-provider-didops'));
    installation = `  dev_overrides {
    "didops/didops" = ${JSON.stringify(binDir)}
  }
  direct {}`;
  }
  const cliConfig = join(root, 'terraformrc');
  writeFileSync(cliConfig, `provider_installation {\n${installation}\n}\n`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nothing from the developer's own Terraform set-up may leak in.
  for (const key of Object.keys(env)) {
    if (key.startsWith('TF_') || key === 'DIDOPS_TF_TEST_IMPL' || key === 'DIDOPS_TF_DEBUG') delete env[key];
  }
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  });
  if (options.providerImpl) env.DIDOPS_TF_TEST_IMPL = options.providerImpl;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  return {
    root,
    dir,
    env,
    run(args, runOptions = {}) {
      const argv = NO_COLOR_COMMANDS.has(args[0] ?? '') && !args.includes('-no-color') ? [args[0]!, '-no-color', ...args.slice(1)] : args;
      const runEnv = { ...env };
      for (const [k, v] of Object.entries(runOptions.env ?? {})) {
        if (v === undefined) delete runEnv[k];
        else runEnv[k] = v;
      }
      return new Promise((resolvePromise, reject) => {
        const child = spawn('terraform', argv, { cwd: dir, env: runEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
          process.kill(-child.pid!, 'SIGKILL');
          reject(new Error(`terraform ${argv.join(' ')} timed out\n${stdout}\n${stderr}`));
        }, runOptions.timeoutMs ?? 45_000);
        child.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          resolvePromise({ code, stdout, stderr });
        });
        runOptions.onStart?.(child);
      });
    },
    writeMain(hcl) {
      writeFileSync(join(dir, 'main.tf'), hcl);
    },
    close() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The local provider mirror `npm run build` lays out, as docs/terraform.md has users install from it. */
export const BUILD_MIRROR = resolve(__dirname, '../../dist/terraform-mirror');

/** A workspace that installs didops from the build's mirror and talks to `sandbox` through the DIDOPS_* variables. */
export function sandboxWorkspace(sandbox: { accountSid: string; authToken: string; url: string }): TerraformWorkspace {
  if (!existsSync(BUILD_MIRROR)) throw new Error('run `npm run build` first: it lays out dist/terraform-mirror');
  return terraformWorkspace({
    mirrorDir: BUILD_MIRROR,
    env: { DIDOPS_TWILIO_ACCOUNT_SID: sandbox.accountSid, DIDOPS_TWILIO_AUTH_TOKEN: sandbox.authToken, DIDOPS_TWILIO_BASE_URL: sandbox.url },
  });
}

/** Runs terraform and returns its output, or throws with everything it printed when it fails. */
export async function terraformOk(ws: TerraformWorkspace, args: string[], options?: TerraformRunOptions): Promise<string> {
  const result = await ws.run(args, options);
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * `terraform plan -out=tfplan` then `terraform apply tfplan`, as a reviewed pipeline runs them: what the plan showed is
 * what is applied, and Terraform plans once (an `apply -auto-approve` after a `plan` would refresh and plan again,
 * starting the provider twice more). Apply still plans each change again with the values known by then.
 */
export async function planThenApply(ws: TerraformWorkspace, args: string[] = [], options?: TerraformRunOptions): Promise<{ plan: string; apply: string }> {
  const plan = await terraformOk(ws, ['plan', '-out=tfplan', ...args], options);
  const apply = await terraformOk(ws, ['apply', 'tfplan'], options);
  return { plan, apply };
}

/**
 * The one diagnostic in Terraform's `stderr` that is about `address` ("with didops_phone_number.support,"), so a run
 * that refuses several resources can be checked resource by resource. Terraform frames each diagnostic in ╷ … ╵.
 */
export function diagnosticOf(stderr: string, address: string): string {
  const about = stderr.split('╷').filter((diagnostic) => diagnostic.includes(`with ${address},`));
  if (about.length !== 1) throw new Error(`expected one diagnostic about ${address}, found ${about.length}:\n${stderr}`);
  return about[0];
}

/** A workspace that installs didops from the build's mirror, with no DIDOPS_* variable set, initialised. */
export async function credentialFreeWorkspace(): Promise<TerraformWorkspace> {
  // Nothing of the sandbox in the environment: each test says what it configures.
  const ws = terraformWorkspace({ mirrorDir: BUILD_MIRROR, env: Object.fromEntries(Object.values(PROVIDER_ENV).map((name) => [name, undefined])) });
  ws.writeMain(REQUIRED_PROVIDERS);
  await terraformOk(ws, ['init']);
  return ws;
}

/**
 * Kills the providers a running terraform started, as the OOM killer would: its children (the launcher execs node,
 * so the provider is terraform's child). Returns how many there were.
 */
export function killProviders(terraformPid: number): number {
  const providers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(terraformPid)]).toString().trim().split(/\s+/).filter(Boolean);
  for (const pid of providers) process.kill(Number(pid), 'SIGKILL');
  return providers.length;
}
