/**
 * Test harness that plays the Pulumi engine against Pulumi's real dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider/index.js`), over gRPC, with the stubs shipped in `@pulumi/pulumi/proto`.
 * There is no Pulumi CLI on the test machines, so this is the only way to run a serialized `__provider` the way a
 * `pulumi up` would.
 *
 * What the host (3.248.0) does, and what this harness therefore mimics:
 * - Launch: `node <host>/index.js <engine-address>` — what `pulumi-resource-pulumi-nodejs` does after resolving
 *   `@pulumi/pulumi/cmd/dynamic-provider` from its cwd. The address is mandatory (the host exits with
 *   "fatal: Missing <engine> address" without it) but the host never dials it: logging from providers goes to its
 *   own stdout/stderr (`pulumi.log.*` only talks gRPC when `PULUMI_NODEJS_ENGINE` is set in the host's environment,
 *   which this harness does not do). We still serve a minimal `pulumirpc.Engine` on loopback so the address is real.
 * - The host prints its port as the first stdout line; anything a provider `console.log`s later also lands on stdout.
 * - `Configure` reads only `args` (a Struct `key -> value`, secrets unwrapped); keys are full stack-config keys such as
 *   `didops:twilioAccountSid`. `req.config.get('name')` without a namespace is looked up as
 *   `${PULUMI_NODEJS_PROJECT ?? 'project'}:name`, so provider code must use qualified keys.
 * - Providers are deserialized once per distinct `__provider` text and `provider.configure` runs only then, with the
 *   config of the latest `Configure`: re-configuring a host does not reach providers it already loaded.
 * - The host answers `Configure` with `acceptSecrets: false` and no `supportsPreview`, so (like the engine) this
 *   harness strips secrets from what it sends, re-marks outputs as secret where the inputs were
 *   (`annotateSecrets` in the engine), and answers preview `Create`/`Update` itself without calling the host. These
 *   three follow the Go engine's `provider_plugin.go` as we know it (there is no engine source here to check against);
 *   the host itself would run `provider.create` even with `preview: true`.
 * - Errors: `Create`/`Update` failures are gRPC UNKNOWN with the thrown message; an error carrying `id` becomes a
 *   partial create (`pulumirpc.ErrorResourceInitFailed` packed in the `grpc-status-details-bin` trailer, with
 *   `properties` and `reasons` from the error). Check/Diff/Read/Delete failures are plain UNKNOWN with the message
 *   (and a stack trace on the host's stderr). CheckConfig/DiffConfig are UNIMPLEMENTED; Cancel is a no-op.
 *
 * How `require` resolves inside a serialized provider (product code relies on this): the host loads `__provider`
 * with `require-from-string` and an empty filename, so the module's `paths` are `Module._nodeModulePaths('.')`, i.e.
 * `<host cwd>/node_modules`, then every parent's `node_modules`, then the global folders — never the host's own
 * `node_modules` unless it happens to be on that chain. Relative requires (`./x`) resolve against the host's cwd, and
 * `__dirname` is `.`. The closure serializer turns references to packages under `node_modules` into
 * `require('<package>')` (resolved that way, so a package the host's cwd cannot see fails at load time), captures
 * local modules by value, and never captures `require` itself; so `require('node:fs')` inside a method is safe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type * as GrpcModule from '@grpc/grpc-js';
import * as emptyproto from 'google-protobuf/google/protobuf/empty_pb';
import * as structproto from 'google-protobuf/google/protobuf/struct_pb';
import * as engrpc from '@pulumi/pulumi/proto/engine_grpc_pb';
import * as engproto from '@pulumi/pulumi/proto/engine_pb';
import * as plugproto from '@pulumi/pulumi/proto/plugin_pb';
import * as provrpc from '@pulumi/pulumi/proto/provider_grpc_pb';
import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import * as statusproto from '@pulumi/pulumi/proto/status_pb';

// The generated stubs require `@grpc/grpc-js` from @pulumi/pulumi's own location; credentials and metadata must come
// from that same copy, so resolve it from there rather than from wherever this file happens to live.
const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc: typeof GrpcModule = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));

const HOST_SCRIPT = require.resolve('@pulumi/pulumi/cmd/dynamic-provider/index.js');
const PORT_TIMEOUT_MS = 10_000;
// A generous deadline so a wedged provider fails the test instead of hanging it until jest's own timeout.
const DEFAULT_DEADLINE_MS = 30_000;
const EXIT_GRACE_MS = 1_000;

/** Input under which `pulumi.dynamic.Resource` stores the serialized provider; every CRUD request must carry it. */
export const PROVIDER_KEY = '__provider';
/** Pulumi's marker for a value not known yet (`rpc.unknownValue`). */
export const UNKNOWN_VALUE = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** Key of the signature field of Pulumi's special objects (`rpc.specialSigKey`). */
export const SPECIAL_SIG_KEY = '4dabf18193072939515e22adb298388d';
/** Signature of a secret (`rpc.specialSecretSig`). */
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** A value wrapped the way Pulumi marks secrets on the wire. */
export interface SecretValue<T = unknown> {
  [SPECIAL_SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

/** Wraps a value as a Pulumi secret, for inputs (results keep such wrappers as-is: see `unwrapSecrets`). */
export function secretValue<T>(value: T): SecretValue<T> {
  return { [SPECIAL_SIG_KEY]: SECRET_SIG, value };
}

/** True for a secret wrapper; results keep them so a test can assert that an output came back secret. */
export function isSecretValue(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** Deep copy with every secret wrapper replaced by its value, for assertions that do not care about secretness. */
export function unwrapSecrets<T>(value: T): T {
  if (isSecretValue(value)) return unwrapSecrets(value.value) as T;
  if (Array.isArray(value)) return value.map((v) => unwrapSecrets(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v);
    return out as T;
  }
  return value;
}

/** Options of `startDynamicProviderHost`. */
export interface ProviderHostOptions {
  /** Working directory of the host process (module resolution for `require` inside serialized providers happens from here). Default process.cwd(). */
  cwd?: string;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
}

/** A `Diff` answer; `detailedDiff` kinds are lower-case with dashes (`add`, `update-replace`, ...). */
export interface DiffOutcome {
  changes: 'unknown' | 'none' | 'some';
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
}

/** A `Check` answer; `inputs` still holds `__provider`, as the engine stores it. */
export interface CheckOutcome {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
}

/** A failed RPC: the gRPC status, plus the `ErrorResourceInitFailed` detail of a partial create/update. */
export class ProviderHostError extends Error {
  /** gRPC status code (`UNAVAILABLE` when the host process is gone). */
  readonly code: number;
  /** gRPC status details: the message the provider threw, or why the host could not be reached. */
  readonly details: string;
  /** RPC that failed, e.g. `Create`. */
  readonly method: string;
  /** Id of a resource that was created but failed to initialize (partial create); undefined otherwise. */
  readonly id?: string;
  /** Properties reported with a partial create. */
  readonly properties?: Record<string, unknown>;
  /** Reasons reported with a partial create. */
  readonly reasons?: string[];

  constructor(init: { method: string; code: number; details: string; id?: string; properties?: Record<string, unknown>; reasons?: string[] }) {
    const status = Object.entries(grpc.status).find(([, v]) => v === init.code)?.[0] ?? String(init.code);
    super(`${init.method} failed (${status}): ${init.details}${init.id !== undefined ? ` [partially created as ${init.id}]` : ''}`);
    this.name = 'ProviderHostError';
    this.code = init.code;
    this.details = init.details;
    this.method = init.method;
    if (init.id !== undefined) {
      this.id = init.id;
      this.properties = init.properties;
      this.reasons = init.reasons;
    }
  }
}

/** A running dynamic-provider host and the engine side of its RPCs. */
export interface DynamicProviderHost {
  /** Pid of the host process. */
  readonly pid: number;
  /** Loopback port the host's ResourceProvider service listens on. */
  readonly port: number;
  /** `GetPluginInfo`: the @pulumi/pulumi version of the host. */
  getPluginInfo(): Promise<{ version: string }>;
  /** `Configure` with stack config (`didops:key -> value`); keys in `secretKeys` are sent as Pulumi secrets. */
  configure(config: Record<string, string>, secretKeys?: string[]): Promise<void>;
  /** `Check` of new inputs (which must carry `__provider`) against old ones. */
  check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckOutcome>;
  /** `Diff` of old state against new inputs. */
  diff(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome>;
  /** `Create`; a preview is answered with the inputs, without calling the host, as the engine does for this host. */
  create(urn: string, properties: Record<string, unknown>, options?: { preview?: boolean; timeoutSeconds?: number }): Promise<{ id: string; properties: Record<string, unknown> }>;
  /** `Read` (refresh/import); `id` is '' when the resource is gone; `inputs` falls back to the given ones, as in the engine. */
  read(urn: string, id: string, properties: Record<string, unknown>, inputs?: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown>; inputs: Record<string, unknown> }>;
  /** `Update` from old state to new inputs; a preview is answered with the new inputs without calling the host. */
  update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, options?: { preview?: boolean }): Promise<{ properties: Record<string, unknown> }>;
  /** `Delete` of a resource given its state. */
  delete(urn: string, id: string, properties: Record<string, unknown>): Promise<void>;
  /** Kills the host process (default SIGKILL) — used by crash tests. Resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Graceful stop: closes the gRPC channel and the engine server, then kills the process. Safe to call twice. */
  close(): Promise<void>;
  /** Everything the host wrote to stderr (and to stdout after its port) and every Log message it sent to the engine, for test failure messages. */
  readonly logs: string[];
}

/** Builds the URN the engine would give a dynamic resource: urn:pulumi:<stack>::<project>::pulumi-nodejs:dynamic/<module>:<type>::<name> (check the exact type token format in node_modules/@pulumi/pulumi/dynamic/index.js). */
export function dynamicUrn(opts: { stack?: string; project?: string; module?: string; type: string; name: string }): string {
  const token = `pulumi-nodejs:dynamic${opts.module ? `/${opts.module}` : ''}:${opts.type}`;
  return `urn:pulumi:${opts.stack ?? 'dev'}::${opts.project ?? 'didops'}::${token}::${opts.name}`;
}

/** Serializes a `pulumi.dynamic.ResourceProvider` object exactly the way `pulumi.dynamic.Resource` does for its `__provider` input (use the same internal serializer `@pulumi/pulumi/runtime/closure/serializeClosure` `serializeFunction(() => provider, { allowSecrets: true })` and return `.text`). */
export async function serializeDynamicProvider(provider: unknown): Promise<string> {
  // Loaded lazily, as pulumi.dynamic does: the closure serializer pulls in TypeScript and an inspector session.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sc: typeof import('@pulumi/pulumi/runtime/closure/serializeClosure') = require('@pulumi/pulumi/runtime/closure/serializeClosure');
  const serialized = await sc.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

/** Starts the host, waits for its port and connects to it; `close()` it in `afterAll`. */
export async function startDynamicProviderHost(options: ProviderHostOptions = {}): Promise<DynamicProviderHost> {
  const logs: string[] = [];
  const engine = await startEngine(logs);
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [HOST_SCRIPT, engine.address], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    engine.server.forceShutdown();
    throw err;
  }
  const host = new HostProcess(child, logs, engine.server, options.cwd ?? process.cwd());
  let port: number;
  try {
    port = await host.waitForPort();
  } catch (err) {
    await host.close();
    throw err;
  }
  host.connect(port);
  return host;
}

interface Engine {
  server: GrpcModule.Server;
  address: string;
}

// The host does not call back today, but it is handed this address like under `pulumi up`, so it must be real.
async function startEngine(logs: string[]): Promise<Engine> {
  const server = new grpc.Server();
  const severities: Record<number, string> = {
    [engproto.LogSeverity.DEBUG]: 'debug',
    [engproto.LogSeverity.INFO]: 'info',
    [engproto.LogSeverity.WARNING]: 'warning',
    [engproto.LogSeverity.ERROR]: 'error',
  };
  let rootUrn = '';
  const impl: engrpc.IEngineServer = {
    log: (call, callback) => {
      const req = call.request;
      logs.push(`[engine:${severities[req.getSeverity()] ?? req.getSeverity()}]${req.getUrn() ? ` ${req.getUrn()}` : ''} ${req.getMessage()}`);
      callback(null, new emptyproto.Empty());
    },
    getRootResource: (_call, callback) => callback(null, new engproto.GetRootResourceResponse().setUrn(rootUrn)),
    setRootResource: (call, callback) => {
      rootUrn = call.request.getUrn();
      callback(null, new engproto.SetRootResourceResponse());
    },
    startDebugging: (_call, callback) => callback(null, new emptyproto.Empty()),
    requirePulumiVersion: (_call, callback) => callback(null, new engproto.RequirePulumiVersionResponse()),
  };
  server.addService(engrpc.EngineService, impl);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return { server, address: `127.0.0.1:${port}` };
}

const TRANSPORT_CODES = new Set<number>([grpc.status.UNAVAILABLE, grpc.status.CANCELLED, grpc.status.INTERNAL]);

type UnaryCallback<T> = (err: GrpcModule.ServiceError | null, res?: T) => void;

class HostProcess implements DynamicProviderHost {
  readonly pid: number;
  port = 0;
  private client?: provrpc.ResourceProviderClient;
  private configured = false;
  private acceptSecrets = false;
  private supportsPreview = false;
  private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly exitListeners = new Set<() => void>();
  private readonly closed: Promise<void>;
  private closing?: Promise<void>;
  private stdoutBuffer = '';
  private portLine?: (line: string) => void;

  constructor(
    private readonly child: ChildProcess,
    readonly logs: string[],
    private readonly engineServer: GrpcModule.Server,
    cwd: string,
  ) {
    this.pid = child.pid ?? -1;
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.onStdout(chunk));
    let stderrBuffer = '';
    child.stderr!.on('data', (chunk: string) => {
      stderrBuffer += chunk;
      const lines = stderrBuffer.split('\n');
      stderrBuffer = lines.pop() ?? '';
      for (const line of lines) logs.push(`[stderr] ${line}`);
    });
    child.stderr!.on('end', () => {
      if (stderrBuffer) logs.push(`[stderr] ${stderrBuffer}`);
      stderrBuffer = '';
    });
    child.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const listener of [...this.exitListeners]) listener();
    });
    // 'close' (not 'exit') is when the pipes are gone too, i.e. when nothing of the child keeps jest alive.
    this.closed = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once('close', () => resolve());
      // A spawn failure (e.g. bad cwd) emits 'error' and maybe no 'close'.
      child.once('error', (err) => {
        // Node reports a missing cwd as ENOENT of the node binary itself, hence the cwd here.
        logs.push(`[spawn] ${err.message} (cwd ${cwd})`);
        this.exitInfo ??= { code: null, signal: null };
        for (const listener of [...this.exitListeners]) listener();
        resolve();
      });
    });
    trackLiveHost(this, this.closed);
  }

  private onStdout(chunk: string): void {
    this.stdoutBuffer += chunk;
    const lines = this.stdoutBuffer.split('\n');
    this.stdoutBuffer = lines.pop() ?? '';
    for (const line of lines) {
      if (this.portLine) {
        const take = this.portLine;
        this.portLine = undefined;
        take(line);
      } else {
        this.logs.push(`[stdout] ${line}`);
      }
    }
  }

  waitForPort(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.exitListeners.delete(onExit);
        this.portLine = undefined;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`dynamic provider host (pid ${this.pid}) printed no port within ${PORT_TIMEOUT_MS} ms${this.stderrTail()}`));
      }, PORT_TIMEOUT_MS);
      const onExit = (): void => {
        // Let the remaining stderr drain so the error says why it died.
        void this.closed.then(() => {
          done();
          reject(new Error(`dynamic provider host (pid ${this.pid}) ${this.describeExit()} before printing its port${this.stderrTail()}`));
        });
      };
      this.exitListeners.add(onExit);
      if (this.exitInfo) onExit();
      this.portLine = (line) => {
        done();
        const port = Number(line.trim());
        if (Number.isInteger(port) && port > 0) resolve(port);
        else reject(new Error(`dynamic provider host (pid ${this.pid}) printed ${JSON.stringify(line)} instead of a port${this.stderrTail()}`));
      };
    });
  }

  connect(port: number): void {
    this.port = port;
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  private describeExit(): string {
    const info = this.exitInfo;
    if (!info) return 'is running';
    if (info.signal) return `was killed by ${info.signal}`;
    if (info.code !== null) return `exited with code ${info.code}`;
    return 'failed to start';
  }

  private stderrTail(): string {
    const tail = this.logs.slice(-30);
    return tail.length ? `\n--- host output ---\n${tail.join('\n')}` : '';
  }

  /** Runs one unary RPC, failing fast (UNAVAILABLE) when the host is gone or dies meanwhile. */
  private rpc<T>(method: string, invoke: (options: Partial<GrpcModule.CallOptions>, callback: UnaryCallback<T>) => GrpcModule.ClientUnaryCall, deadlineMs = DEFAULT_DEADLINE_MS): Promise<T> {
    const gone = (): ProviderHostError =>
      new ProviderHostError({ method, code: grpc.status.UNAVAILABLE, details: `dynamic provider host (pid ${this.pid}) ${this.describeExit()}${this.stderrTail()}` });
    if (this.exitInfo || this.closing || !this.client) return Promise.reject(gone());
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        this.exitListeners.delete(onExit);
        return true;
      };
      const onExit = (): void => {
        if (settle()) {
          call.cancel();
          reject(gone());
        }
      };
      const call = invoke({ deadline: Date.now() + deadlineMs }, (err, res) => {
        if (!settle()) return;
        if (!err) resolve(res as T);
        else if (this.exitInfo) reject(gone());
        else if (TRANSPORT_CODES.has(err.code)) {
          // A dying host drops the connection before node reports the exit: give the exit a moment to show up so the
          // error says "exited with code 3" rather than just "Connection dropped".
          void Promise.race([this.closed, new Promise((r) => setTimeout(r, EXIT_GRACE_MS).unref())]).then(() =>
            reject(this.exitInfo ? gone() : toHostError(method, err)),
          );
        } else reject(toHostError(method, err));
      });
      this.exitListeners.add(onExit);
    });
  }

  async getPluginInfo(): Promise<{ version: string }> {
    const info = await this.rpc<plugproto.PluginInfo>('GetPluginInfo', (o, cb) => this.client!.getPluginInfo(new emptyproto.Empty(), new grpc.Metadata(), o, cb));
    return { version: info.getVersion() };
  }

  async configure(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
    const req = new provproto.ConfigureRequest();
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
      req.getVariablesMap().set(key, value);
      args[key] = secretKeys.includes(key) ? secretValue(value) : value;
    }
    // Config is sent before the engine knows whether the provider accepts secrets, so secrets stay wrapped here.
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const res = await this.rpc<provproto.ConfigureResponse>('Configure', (o, cb) => this.client!.configure(req, new grpc.Metadata(), o, cb));
    this.configured = true;
    this.acceptSecrets = res.getAcceptsecrets();
    this.supportsPreview = res.getSupportspreview();
  }

  // The engine always configures a provider before using it; the host would hand `undefined` config to providers.
  private async ensureConfigured(): Promise<void> {
    if (!this.configured) await this.configure({});
  }

  private send(props: Record<string, unknown>): structproto.Struct {
    return toStruct(this.acceptSecrets ? props : unwrapSecrets(props));
  }

  private receive(outs: structproto.Struct | undefined, ins: Record<string, unknown>): Record<string, unknown> {
    const result = fromStruct(outs);
    if (!this.acceptSecrets) annotateSecrets(result, ins);
    return result;
  }

  async check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckOutcome> {
    await this.ensureConfigured();
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setOlds(this.send(olds));
    req.setNews(this.send(news));
    req.setRandomseed(randomBytes(32));
    const res = await this.rpc<provproto.CheckResponse>('Check', (o, cb) => this.client!.check(req, new grpc.Metadata(), o, cb));
    return {
      inputs: this.receive(res.getInputs(), news),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
    await this.ensureConfigured();
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setId(id);
    req.setOlds(this.send(olds));
    req.setNews(this.send(news));
    const res = await this.rpc<provproto.DiffResponse>('Diff', (o, cb) => this.client!.diff(req, new grpc.Metadata(), o, cb));
    const changes = ({ [provproto.DiffResponse.DiffChanges.DIFF_NONE]: 'none', [provproto.DiffResponse.DiffChanges.DIFF_SOME]: 'some' } as const)[res.getChanges() as number] ?? 'unknown';
    const outcome: DiffOutcome = {
      changes,
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
    };
    if (res.getHasdetaileddiff()) {
      const kinds = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([name, v]) => [v, name.toLowerCase().replace('_', '-')]));
      outcome.detailedDiff = {};
      res.getDetaileddiffMap().forEach((d, key) => {
        outcome.detailedDiff![key] = { kind: kinds[d.getKind()] ?? String(d.getKind()), inputDiff: d.getInputdiff() };
      });
    }
    return outcome;
  }

  async create(urn: string, properties: Record<string, unknown>, options: { preview?: boolean; timeoutSeconds?: number } = {}): Promise<{ id: string; properties: Record<string, unknown> }> {
    await this.ensureConfigured();
    // Engine behaviour for providers that do not declare `supportsPreview` (this host never does).
    if (options.preview && !this.supportsPreview) return { id: '', properties: structuredClone(properties) };
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setProperties(this.send(properties));
    req.setPreview(options.preview ?? false);
    if (options.timeoutSeconds) req.setTimeout(options.timeoutSeconds);
    const deadline = options.timeoutSeconds ? options.timeoutSeconds * 1000 + 5000 : DEFAULT_DEADLINE_MS;
    const res = await this.rpc<provproto.CreateResponse>('Create', (o, cb) => this.client!.create(req, new grpc.Metadata(), o, cb), deadline);
    return { id: res.getId(), properties: this.receive(res.getProperties(), properties) };
  }

  async read(urn: string, id: string, properties: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<{ id: string; properties: Record<string, unknown>; inputs: Record<string, unknown> }> {
    await this.ensureConfigured();
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setId(id);
    req.setProperties(this.send(properties));
    req.setInputs(this.send(inputs));
    const res = await this.rpc<provproto.ReadResponse>('Read', (o, cb) => this.client!.read(req, new grpc.Metadata(), o, cb));
    const returnedInputs = res.getInputs();
    return {
      id: res.getId(),
      properties: this.receive(res.getProperties(), properties),
      inputs: returnedInputs ? this.receive(returnedInputs, inputs) : structuredClone(inputs),
    };
  }

  async update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>, options: { preview?: boolean } = {}): Promise<{ properties: Record<string, unknown> }> {
    await this.ensureConfigured();
    if (options.preview && !this.supportsPreview) return { properties: structuredClone(news) };
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setId(id);
    req.setOlds(this.send(olds));
    req.setNews(this.send(news));
    req.setPreview(options.preview ?? false);
    const res = await this.rpc<provproto.UpdateResponse>('Update', (o, cb) => this.client!.update(req, new grpc.Metadata(), o, cb));
    return { properties: this.receive(res.getProperties(), news) };
  }

  async delete(urn: string, id: string, properties: Record<string, unknown>): Promise<void> {
    await this.ensureConfigured();
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    setNameAndType(req, urn);
    req.setId(id);
    req.setProperties(this.send(properties));
    await this.rpc<emptyproto.Empty>('Delete', (o, cb) => this.client!.delete(req, new grpc.Metadata(), o, cb));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.exitInfo) this.child.kill(signal);
    await this.closed;
    // A dead host makes the channel and the engine useless; releasing them here keeps crash tests leak-free.
    this.release();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.release();
      if (!this.exitInfo) {
        this.child.kill('SIGTERM');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
        await this.closed;
        clearTimeout(timer);
      }
      await this.closed;
    })();
    return this.closing;
  }

  private release(): void {
    this.client?.close();
    this.engineServer.forceShutdown();
  }
}

// Hosts still running when the test process goes away would outlive it (a test that forgot `close()`). The listener
// only exists while hosts do, so suites sharing a jest worker do not pile up `exit` listeners.
const liveHosts = new Set<HostProcess>();
const killLiveHosts = (): void => {
  for (const host of liveHosts) void host.kill('SIGKILL');
};
function trackLiveHost(host: HostProcess, closed: Promise<void>): void {
  if (liveHosts.size === 0) process.on('exit', killLiveHosts);
  liveHosts.add(host);
  void closed.then(() => {
    liveHosts.delete(host);
    if (liveHosts.size === 0) process.off('exit', killLiveHosts);
  });
}

function setNameAndType(req: { setName(v: string): unknown; setType(v: string): unknown }, urn: string): void {
  const parts = urn.split('::');
  if (parts.length >= 4) {
    req.setType(parts[2].split('$').pop() ?? parts[2]);
    req.setName(parts.slice(3).join('::'));
  }
}

function toHostError(method: string, err: GrpcModule.ServiceError): ProviderHostError {
  const init: ConstructorParameters<typeof ProviderHostError>[0] = { method, code: err.code, details: err.details ?? err.message };
  for (const raw of err.metadata?.get('grpc-status-details-bin') ?? []) {
    const status = statusproto.Status.deserializeBinary(typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw);
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== 'pulumirpc.ErrorResourceInitFailed') continue;
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      init.id = detail.getId();
      init.properties = fromStruct(detail.getProperties());
      init.reasons = detail.getReasonsList();
    }
  }
  return new ProviderHostError(init);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Struct conversion as Pulumi's serializer does it: `undefined` properties are dropped (they would not reach the wire). */
function toStruct(obj: Record<string, unknown>): structproto.Struct {
  return structproto.Struct.fromJavaScript(toWire(obj) as Record<string, structproto.JavaScriptValue>);
}

function toWire(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(toWire);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot send ${value} to the provider: not representable in a protobuf Value`);
  return value;
}

function fromStruct(struct: structproto.Struct | undefined): Record<string, unknown> {
  return struct ? (struct.toJavaScript() as Record<string, unknown>) : {};
}

function containsSecrets(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/** The engine's `annotateSecrets`: outputs inherit the secretness of same-named inputs when the provider drops it. */
function annotateSecrets(outs: Record<string, unknown>, ins: Record<string, unknown>): void {
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in outs)) continue;
    const outValue = outs[key];
    if (isPlainObject(outValue) && !isSecretValue(outValue) && isPlainObject(inValue) && !isSecretValue(inValue)) {
      annotateSecrets(outValue, inValue);
    } else if (!isSecretValue(outValue) && containsSecrets(inValue)) {
      outs[key] = secretValue(outValue);
    }
  }
}
