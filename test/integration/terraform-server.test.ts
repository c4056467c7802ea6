/**
 * The Terraform plugin server (provider/terraform/server/) under the real `terraform` CLI, serving the echo test
 * provider (test/fixtures/terraform-echo-provider.js) from the compiled dist/ (run `npm run build` first):
 * go-plugin's handshake and mTLS, the full resource lifecycle, diagnostics, and debug (reattach) mode.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generateSelfSignedCertificate } from '../../provider/terraform/server/certificate';
import { serviceDefinition } from '../../provider/terraform/server/grpc-services';
import { MAGIC_COOKIE_VALUE } from '../../provider/terraform/server/serve';
import { encodeObject } from '../../provider/terraform/server/values';
import { PROVIDER_MAIN, REQUIRED_PROVIDERS, terraformAvailable, terraformWorkspace, type TerraformWorkspace } from '../support/terraform-cli';

const ECHO_PROVIDER = resolve(__dirname, '../fixtures/terraform-echo-provider.js');

const describeTerraform = terraformAvailable() ? describe : describe.skip;

beforeAll(() => {
  if (!existsSync(PROVIDER_MAIN)) throw new Error(`${PROVIDER_MAIN} is missing: run \`npm run build\` first`);
});

/** The environment go-plugin gives a plugin it starts (AutoMTLS), with the client's certificate. */
function pluginEnv(clientCertPem: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_CLIENT_CERT: clientCertPem,
    DIDOPS_TF_TEST_IMPL: ECHO_PROVIDER,
  };
}

/** Starts main.js; resolves with its first stdout line and how long after spawn it came. */
function startProvider(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; line: string; ms: number; stdout: () => string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [PROVIDER_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake line; stdout: ${out}`)), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      if (!before.includes('\n') && out.includes('\n')) {
        clearTimeout(timer);
        resolvePromise({ child, line: out.slice(0, out.indexOf('\n')), ms: performance.now() - started, stdout: () => out });
      }
    });
    child.on('exit', (code) => reject(new Error(`provider exited (${code}) before its handshake; stdout: ${out}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('terraform-provider-didops process', () => {
  it('refuses to run without the magic cookie, with an explanation on stderr', () => {
    const result = spawnSync(process.execPath, [PROVIDER_MAIN], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('This binary is a plugin. These are not meant to be executed directly.');
    expect(result.stderr).toContain('--debug');
  });

  it('refuses a client that does not offer protocol 6', () => {
    const client = generateSelfSignedCertificate();
    const result = spawnSync(process.execPath, [PROVIDER_MAIN], { env: { ...pluginEnv(client.certPem), PLUGIN_PROTOCOL_VERSIONS: '5' }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('plugin protocol 6');
  });

  it('prints the handshake line quickly, serves mTLS gRPC with health, stdio and shutdown', async () => {
    const client = generateSelfSignedCertificate();
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { child, ms } = await startProvider(pluginEnv(client.certPem));
      timings.push(ms);
      child.kill();
      await exited(child);
    }
    const { child, line, ms, stdout } = await startProvider(pluginEnv(client.certPem));
    timings.push(ms);
    try {
      const sorted = [...timings].sort((a, b) => a - b);
      console.log(`spawn -> handshake line: ${timings.map((t) => t.toFixed(0)).join(', ')} ms (median ${sorted[2]!.toFixed(0)} ms)`);
      expect(sorted[0]).toBeLessThan(1000);

      const match = /^1\|6\|tcp\|127\.0\.0\.1:(\d+)\|grpc\|([A-Za-z0-9+/]+)$/.exec(line);
      expect(match).not.toBeNull();
      const port = Number(match![1]);
      expect(port).toBeGreaterThanOrEqual(10000);
      expect(port).toBeLessThanOrEqual(25000);
      // The certificate: DER, base64 without padding; what go-plugin's client will trust for "localhost".
      const der = Buffer.from(match![2]!, 'base64');
      const cert = new X509Certificate(der);
      expect(cert.checkHost('localhost')).toBe('localhost');
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.ca).toBe(true);
      expect(cert.verify(cert.publicKey)).toBe(true);

      const address = `127.0.0.1:${port}`;
      // Verify the name go-plugin's client verifies (and avoid Node's warning about IP addresses as TLS ServerName).
      const options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
      const creds = grpc.credentials.createSsl(Buffer.from(cert.toString()), Buffer.from(client.keyPem), Buffer.from(client.certPem));
      const Health = grpc.makeGenericClientConstructor(serviceDefinition('grpc.health.v1.Health'), 'Health');
      const health = new Health(address, creds, options) as grpc.Client & Record<string, Function>;
      const status = await new Promise((r, j) => health.Check({ service: 'plugin' }, (e: Error | null, res: { status: string }) => (e ? j(e) : r(res.status))));
      expect(status).toBe('SERVING');

      // mTLS: a client without the certificate Terraform passed is turned away.
      const stranger = generateSelfSignedCertificate();
      const intruder = new Health(address, grpc.credentials.createSsl(Buffer.from(cert.toString()), Buffer.from(stranger.keyPem), Buffer.from(stranger.certPem)), options) as grpc.Client &
        Record<string, Function>;
      await expect(
        new Promise((r, j) => intruder.Check({ service: 'plugin' }, { deadline: Date.now() + 3000 }, (e: Error | null, res: unknown) => (e ? j(e) : r(res)))),
      ).rejects.toThrow();
      intruder.close();

      // What the implementation prints after the handshake goes to StreamStdio, never to the real stdout.
      const Stdio = grpc.makeGenericClientConstructor(serviceDefinition('plugin.GRPCStdio'), 'Stdio');
      const stdio = new Stdio(address, creds, options) as grpc.Client & Record<string, Function>;
      const stream = stdio.StreamStdio({}) as grpc.ClientReadableStream<{ channel: string; data: Buffer }>;
      const firstChunk = new Promise<{ channel: string; data: Buffer }>((r) => stream.once('data', r));
      const Provider = grpc.makeGenericClientConstructor(serviceDefinition('tfplugin6.Provider'), 'Provider');
      const provider = new Provider(address, creds, options) as grpc.Client & Record<string, Function>;
      const providerBlock = { description: '', attributes: [{ name: 'prefix', type: 'string' as const, optional: true, description: '' }] };
      const configured = await new Promise<{ diagnostics: unknown[] }>((r, j) =>
        provider.ConfigureProvider({ terraform_version: '1.11.4', config: encodeObject({ prefix: null }, providerBlock) }, (e: Error | null, res: { diagnostics: unknown[] }) =>
          e ? j(e) : r(res),
        ),
      );
      expect(configured.diagnostics).toEqual([]);
      const chunk = await firstChunk;
      expect(chunk.channel).toBe('STDOUT');
      expect(chunk.data.toString()).toContain('echo provider configured by Terraform 1.11.4');
      expect(stdout()).toBe(`${line}\n`);

      const Controller = grpc.makeGenericClientConstructor(serviceDefinition('plugin.GRPCController'), 'Controller');
      const controller = new Controller(address, creds, options) as grpc.Client & Record<string, Function>;
      await new Promise((r, j) => controller.Shutdown({}, (e: Error | null, res: unknown) => (e ? j(e) : r(res))));
      expect(await exited(child)).toBe(0);
      for (const c of [health, stdio, provider, controller]) c.close();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describeTerraform('terraform CLI with the didops provider', () => {
  let ws: TerraformWorkspace;
  let rpcLog: string;

  beforeAll(() => {
    ws = terraformWorkspace({ providerImpl: ECHO_PROVIDER, mirror: true });
    rpcLog = join(ws.root, 'rpc.log');
    Object.assign(ws.env, { DIDOPS_ECHO_STORE: join(ws.root, 'echoes.json'), DIDOPS_TF_RPC_LOG: rpcLog });
  });
  afterAll(() => ws.close());

  const config = (resource: string): string => `${REQUIRED_PROVIDERS}
provider "didops" {}

resource "didops_echo" "a" {
${resource}
}

data "didops_echo_info" "info" {
  message = didops_echo.a.message
}

output "length" {
  value = didops_echo.a.length
}

output "upper" {
  value = data.didops_echo_info.info.upper
}
`;

  async function ok(args: string[]): Promise<string> {
    const result = await ws.run(args);
    if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  it('installs from the filesystem mirror, then creates, reads, updates, replaces, imports and destroys', async () => {
    ws.writeMain(
      config(`  message = "hello"
  tags    = { env = "test" }
  ratio   = 0.1
  extra   = { k = [1, "two", 0.5] }
  nested  = { a = "x" }
  rule {
    name = "r1"
  }`),
    );
    expect(await ok(['init'])).toContain('Installing didops/didops v0.1.0');
    expect(existsSync(join(ws.dir, '.terraform.lock.hcl'))).toBe(true);
    expect(await ok(['validate'])).toContain('The configuration is valid');

    let plan = await ok(['plan']);
    expect(plan).toContain('# didops_echo.a will be created');
    expect(plan).toMatch(/\+ length\s+= 5/);
    expect(plan).toMatch(/\+ b = "X"/);
    expect(plan).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');

    const applied = await ok(['apply', '-auto-approve']);
    expect(applied).toContain('didops_echo.a: Creation complete');
    expect(applied).toContain('upper = "HELLO"');

    // 0.1, the dynamic value and the null attributes round-trip exactly: nothing to do.
    expect(await ok(['plan', '-detailed-exitcode'])).toContain('No changes.');

    ws.writeMain(
      config(`  message = "hello world"
  tags    = { env = "prod" }
  ratio   = 0.1
  nested  = { a = "x" }
  rule {
    name = "r1"
  }`),
    );
    const update = await ok(['apply', '-auto-approve']);
    expect(update).toContain('~ update in-place');
    expect(update).toMatch(/~ length\s+= 5 -> 11/);
    expect(update).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');

    ws.writeMain(
      config(`  message = "hello world"
  tags    = { env = "prod" }
  ratio   = 0.1
  zone    = "z1"
  nested  = { a = "x" }
  rule {
    name = "r1"
  }`),
    );
    plan = await ok(['plan']);
    expect(plan).toContain('# didops_echo.a must be replaced');
    expect(plan).toContain('+ zone    = "z1" # forces replacement');
    const replaced = await ok(['apply', '-auto-approve']);
    expect(replaced).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');

    const id = JSON.parse(await ok(['show', '-json'])).values.root_module.resources.find(
      (r: { address: string }) => r.address === 'didops_echo.a',
    ).values.id as string;
    expect(id).toBe('echo-2');
    await ok(['state', 'rm', 'didops_echo.a']);
    expect(await ok(['import', 'didops_echo.a', id])).toContain('Import successful!');
    expect(await ok(['plan'])).toContain('No changes.');

    const destroyed = await ok(['destroy', '-auto-approve']);
    expect(destroyed).toContain('Destroy complete! Resources: 1 destroyed.');
    expect(JSON.parse(readFileSync(join(ws.root, 'echoes.json'), 'utf8')).echoes).toEqual({});

    const rpcs = new Set(
      readFileSync(rpcLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[2]),
    );
    console.log(`RPCs Terraform made: ${[...rpcs].sort().join(', ')}`);
    for (const rpc of [
      'GetProviderSchema',
      'ValidateProviderConfig',
      'ConfigureProvider',
      'ValidateResourceConfig',
      'ValidateDataResourceConfig',
      'UpgradeResourceState',
      'ReadResource',
      'PlanResourceChange',
      'ApplyResourceChange',
      'ImportResourceState',
      'ReadDataSource',
      'plugin.GRPCController/Shutdown',
    ]) {
      expect(rpcs).toContain(rpc);
    }
  });

  it('survives Ctrl-C like a Go provider: ignores SIGINT, gets StopProvider, then Shutdown', async () => {
    ws.writeMain(config('  message = "slow"'));
    let interrupted = false;
    const logSince = (offset: number): string => (existsSync(rpcLog) ? readFileSync(rpcLog).subarray(offset).toString() : '');
    const start = logSince(0).length;
    const result = await ws.run(['apply', '-auto-approve'], {
      env: { DIDOPS_ECHO_APPLY_DELAY_MS: '20000' },
      onStart: (child) => {
        const poll = setInterval(() => {
          if (logSince(start).includes('rpc ApplyResourceChange didops_echo')) {
            clearInterval(poll);
            interrupted = true;
            // Ctrl-C in a terminal: the whole process group, provider included.
            process.kill(-child.pid!, 'SIGINT');
          }
        }, 50);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(interrupted).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: apply interrupted by StopProvider');
    const tail = logSince(start).split('rpc ApplyResourceChange didops_echo').pop()!;
    expect(tail).toContain('rpc StopProvider');
    expect(tail).toContain('rpc plugin.GRPCController/Shutdown');
  });

  it('shows implementation diagnostics (with their attribute) and thrown errors', async () => {
    ws.writeMain(config('  message = ""'));
    let result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: message must not be empty');
    expect(result.stderr).toContain('with didops_echo.a');
    expect(result.stderr).toContain('message = ""');

    ws.writeMain(config('  message = "explode"'));
    result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: the echo exploded');
  });
});

describeTerraform('dev_overrides and debug (reattach) mode', () => {
  it('runs with dev_overrides and no terraform init', async () => {
    const ws = terraformWorkspace({ providerImpl: ECHO_PROVIDER, mirror: false });
    try {
      Object.assign(ws.env, { DIDOPS_ECHO_STORE: join(ws.root, 'echoes.json') });
      ws.writeMain(`${REQUIRED_PROVIDERS}\nresource "didops_echo" "a" {\n  message = "dev"\n}\n`);
      const result = await ws.run(['plan']);
      expect(result.code).toBe(0);
      expect(result.stderr + result.stdout).toContain('Provider development overrides are in effect');
      expect(result.stdout).toContain('Plan: 1 to add');
    } finally {
      ws.close();
    }
  });

  it('serves a reattached Terraform from `--debug` until Ctrl-C', async () => {
    const ws = terraformWorkspace({ providerImpl: ECHO_PROVIDER });
    const store = join(ws.root, 'echoes.json');
    const { child, stdout } = await startProvider({ PATH: process.env.PATH, DIDOPS_TF_TEST_IMPL: ECHO_PROVIDER, DIDOPS_ECHO_STORE: store }, ['--debug']);
    try {
      await new Promise((r) => setTimeout(r, 50));
      const match = /TF_REATTACH_PROVIDERS='(.+)'/.exec(stdout());
      expect(match).not.toBeNull();
      const reattach = JSON.parse(match![1]!) as Record<string, { Protocol: string; ProtocolVersion: number; Pid: number; Addr: { Network: string; String: string } }>;
      expect(reattach['registry.terraform.io/didops/didops']).toMatchObject({ Protocol: 'grpc', ProtocolVersion: 6, Pid: child.pid, Addr: { Network: 'tcp' } });

      ws.writeMain(`${REQUIRED_PROVIDERS}\nresource "didops_echo" "a" {\n  message = "attached"\n}\n`);
      const env = { TF_REATTACH_PROVIDERS: match![1]! };
      // A reattached provider needs no installation: no `terraform init`.
      let result = await ws.run(['apply', '-auto-approve'], { env });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Apply complete! Resources: 1 added');
      // Still the same process for the next command.
      result = await ws.run(['plan'], { env });
      expect(result.stdout).toContain('No changes.');
      expect(JSON.parse(readFileSync(store, 'utf8')).echoes['echo-1'].message).toBe('attached');

      child.kill('SIGINT');
      expect(await exited(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      ws.close();
    }
  });
});
