/**
 * Serves a TerraformProviderImplementation (types.ts) to Terraform over plugin protocol 6, the way hashicorp/go-plugin
 * serves a Go provider:
 *
 * 1. Terraform starts the provider with TF_PLUGIN_MAGIC_COOKIE (anything else is a person running the binary:
 *    explain and exit 1), PLUGIN_PROTOCOL_VERSIONS (must include 6), PLUGIN_MIN_PORT/PLUGIN_MAX_PORT and
 *    PLUGIN_CLIENT_CERT (PEM: go-plugin's "AutoMTLS" client certificate).
 * 2. The provider makes a throw-away certificate, listens with TLS on 127.0.0.1 in the port range, *requiring* the
 *    client certificate, and prints one line on stdout: `1|6|tcp|127.0.0.1:PORT|grpc|CERT`, CERT being its
 *    certificate's DER in base64 without padding. Terraform trusts exactly that certificate.
 * 3. Terraform calls the Provider service and, when done, plugin.GRPCController/Shutdown; the process exits.
 *
 * Debug mode (`--debug`, DIDOPS_TF_DEBUG=1) is go-plugin's reattach mode: no magic cookie, plain gRPC (Terraform
 * dials reattached providers without TLS), and the TF_REATTACH_PROVIDERS line for the user to export; it runs
 * until Ctrl-C, so a debugger can stay attached across Terraform commands.
 *
 * Start-up, measured on the 2-vCPU reference machine (Node 20.20, warm disk, 20 spawns each): a bare
 * `node -e` prints after 78–82 ms (median); this provider prints its handshake line after 126 ms median (min 112,
 * p90 160) when the machine is quiet, ~160 ms median when it is busy. Of the ~45 ms that are ours: @grpc/grpc-js
 * ~35 ms to require, node:http2 + TLS context + bind ~10 ms, our modules ~8 ms, key and certificate ~2 ms. Kept
 * off that path: protobufjs/proto-loader (45–60 ms: replaced by the precompiled descriptor and server/protobuf.ts),
 * node-forge (30 ms) and RSA keys (250+ ms: EC P-256 and our own DER, server/certificate.ts), @msgpack/msgpack and
 * the implementation module (loaded on the first RPC; the didops implementation takes ~400 ms to require today,
 * mostly the twilio SDK and zod, so it lands on GetProviderSchema instead). What is left is Node and grpc-js.
 */
import { writeSync } from 'node:fs';
import type * as Grpc from '@grpc/grpc-js';
import { generateSelfSignedCertificate } from './certificate';
import { addPluginServices, serviceDefinition, StdioForwarder, unaryImplementation } from './grpc-services';
import { createProviderService, type ImplementationSource } from './provider-service';

/** The environment variable Terraform's plugin client sets to prove it started the process. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
/** Its value: Terraform's plugin handshake cookie, the same for every provider. */
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** The plugin protocol major version served. */
export const PROTOCOL_VERSION = 6;
/** go-plugin's own protocol version, the first field of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;
/** The provider's address in the registry namespace (the TF_REATTACH_PROVIDERS key). */
export const DEFAULT_PROVIDER_ADDRESS = 'registry.terraform.io/didops/didops';

/** What a person who runs the binary by hand sees (go-plugin prints the same first lines). */
export const NOT_A_COMMAND_MESSAGE = [
  'This binary is a plugin. These are not meant to be executed directly.',
  'Please execute the program that consumes these plugins, which will',
  'load any plugins automatically',
  '',
  'This is the didops Terraform provider: Terraform starts it. To debug it, run it with --debug',
  '(or DIDOPS_TF_DEBUG=1) and export the TF_REATTACH_PROVIDERS line it prints.',
  '',
].join('\n');

/** Options of {@link serveTerraformProvider}. */
export interface ServeOptions {
  /** Reattach (debug) mode; default: `--debug` in process.argv, or DIDOPS_TF_DEBUG=1 without Terraform's cookie. */
  debug?: boolean;
  /** The environment to read the plugin variables from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The provider address for TF_REATTACH_PROVIDERS; default registry.terraform.io/didops/didops. */
  providerAddress?: string;
  /** Writes to the real stdout (the handshake line; in debug mode the instructions); default fd 1, synchronously. */
  writeStdout?: (text: string) => void;
  /** Log lines (stderr by default: go-plugin forwards them to Terraform's log at DEBUG level). */
  log?: (line: string) => void;
  /** Ends the process; default process.exit. */
  exit?: (code: number) => void;
  /** Redirect later process.stdout writes to the StreamStdio stream (managed mode); default true. */
  captureStdout?: boolean;
}

/** A running provider server. */
export interface RunningProvider {
  /** The TCP port it listens on (127.0.0.1). */
  port: number;
  /** The handshake line printed (managed mode). */
  handshake?: string;
  /** The TF_REATTACH_PROVIDERS value (debug mode). */
  reattachProviders?: string;
  /** Stops the server (without exiting the process). */
  stop(): Promise<void>;
}

/** The plugin variables Terraform passes. */
export interface PluginEnvironment {
  cookieOk: boolean;
  protocolVersions: number[];
  minPort: number;
  maxPort: number;
  clientCertPem?: string;
}

/**
 * Logs like a Go plugin: go-plugin parses JSON lines on a plugin's stderr as hclog entries and shows them in
 * Terraform's log (TF_LOG / TF_LOG_PROVIDER) at their own level; a plain line would be shown as an opaque DEBUG text.
 */
function hclogLine(message: string): void {
  // hclog's timestamp layout has microseconds (2006-01-02T15:04:05.000000Z07:00); with milliseconds the line is not parsed.
  process.stderr.write(`${JSON.stringify({ '@level': 'debug', '@message': message, '@module': 'didops', '@timestamp': new Date().toISOString().replace('Z', '000Z') })}\n`);
}

/**
 * True when Terraform shows a provider's DEBUG lines: TF_LOG_PROVIDER, else TF_LOG, at TRACE, DEBUG or JSON (Terraform
 * reads any other value it does not know as TRACE). Terraform passes its environment on to the provider.
 */
export function terraformShowsProviderDebug(env: NodeJS.ProcessEnv): boolean {
  const level = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toUpperCase();
  return level !== '' && !['OFF', 'INFO', 'WARN', 'ERROR'].includes(level);
}

/** Reads the plugin variables; missing port bounds mean "any port". */
export function readPluginEnvironment(env: NodeJS.ProcessEnv): PluginEnvironment {
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0);
  const min = Number(env.PLUGIN_MIN_PORT);
  const max = Number(env.PLUGIN_MAX_PORT);
  const hasRange = Number.isInteger(min) && Number.isInteger(max) && min > 0 && max >= min;
  return {
    cookieOk: env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE,
    // Without the variable (a very old client) assume the client speaks ours; it checks the handshake line anyway.
    protocolVersions: versions.length > 0 ? versions : [PROTOCOL_VERSION],
    minPort: hasRange ? min : 0,
    maxPort: hasRange ? max : 0,
    clientCertPem: env.PLUGIN_CLIENT_CERT || undefined,
  };
}

/** The handshake line (without newline): `1|6|tcp|127.0.0.1:PORT|grpc|CERT`, CERT = DER in unpadded base64. */
export function handshakeLine(port: number, certDer?: Buffer): string {
  const cert = certDer ? certDer.toString('base64').replace(/=+$/, '') : '';
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${cert}`;
}

/** The TF_REATTACH_PROVIDERS value for a provider listening on 127.0.0.1:`port` in process `pid`. */
export function reattachProvidersValue(providerAddress: string, port: number, pid: number): string {
  return JSON.stringify({
    [providerAddress]: { Protocol: 'grpc', ProtocolVersion: PROTOCOL_VERSION, Pid: pid, Test: true, Addr: { Network: 'tcp', String: `127.0.0.1:${port}` } },
  });
}

function bind(server: Grpc.Server, credentials: Grpc.ServerCredentials, port: number): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound))));
}

/** Binds to a port of [min, max] (starting at a random one, as providers start in parallel), or any port. */
async function bindInRange(server: Grpc.Server, credentials: Grpc.ServerCredentials, min: number, max: number): Promise<number> {
  if (min === 0) return bind(server, credentials, 0);
  const size = max - min + 1;
  const start = Math.floor(Math.random() * size);
  let lastError: unknown;
  for (let i = 0; i < Math.min(size, 200); i++) {
    try {
      return await bind(server, credentials, min + ((start + i) % size));
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`no free port in ${min}-${max}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/**
 * Serves `implementation` (an object, or a factory called on the first RPC) until Terraform shuts the provider
 * down. Resolves once the handshake line (or, in debug mode, the reattach instructions) has been printed.
 */
export async function serveTerraformProvider(implementation: ImplementationSource, options: ServeOptions = {}): Promise<RunningProvider> {
  const env = options.env ?? process.env;
  const plugin = readPluginEnvironment(env);
  // DIDOPS_TF_DEBUG left exported in a shell must not break Terraform's own start of the provider: the cookie wins.
  const debug = options.debug ?? (process.argv.includes('--debug') || (env.DIDOPS_TF_DEBUG === '1' && !plugin.cookieOk));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const writeStdout = options.writeStdout ?? ((text: string) => void writeSync(1, text));
  const log = options.log ?? (debug ? (line: string) => void process.stderr.write(`[DEBUG] didops: ${line}\n`) : hclogLine);

  if (!debug) {
    if (!plugin.cookieOk) {
      process.stderr.write(NOT_A_COMMAND_MESSAGE);
      exit(1);
      throw new Error('not started by Terraform (TF_PLUGIN_MAGIC_COOKIE is not set)');
    }
    if (!plugin.protocolVersions.includes(PROTOCOL_VERSION)) {
      process.stderr.write(
        `The didops provider speaks plugin protocol ${PROTOCOL_VERSION} (Terraform >= 1.0); this client offers ${plugin.protocolVersions.join(', ')}.\n`,
      );
      exit(1);
      throw new Error('unsupported plugin protocol versions');
    }
  }

  // Required here, not at the top: a refused start (above) stays instant.
  const grpc = require('@grpc/grpc-js') as typeof Grpc;
  const rpcLogFile = env.DIDOPS_TF_RPC_LOG;
  // A line per RPC is tens of thousands of lines for a large stack, each formatted here and parsed by Terraform;
  // they are written only when someone will read them.
  const rpcLines = debug || options.log !== undefined || terraformShowsProviderDebug(env) ? log : () => undefined;
  const rpcLog = rpcLogFile
    ? (line: string) => {
        rpcLines(line);
        // Test hook: which RPCs Terraform made, one per line.
        require('node:fs').appendFileSync(rpcLogFile, `${process.pid} ${line}\n`);
      }
    : rpcLines;

  const server = new grpc.Server({
    // Terraform allows 256 MiB both ways (grpc-js' default receive limit is 4 MiB).
    'grpc.max_receive_message_length': 256 << 20,
    'grpc.max_send_message_length': 256 << 20,
  });
  let stopping = false;
  const stdio = new StdioForwarder((data) => process.stderr.write(data));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      stopping = true;
      stdio.close();
      server.tryShutdown(() => resolve());
      // Open streams (stdio, broker) would hold tryShutdown forever.
      setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 200).unref();
    });

  const provider = createProviderService(implementation, rpcLog);
  server.addService(serviceDefinition('tfplugin6.Provider'), unaryImplementation(grpc, provider));
  addPluginServices(grpc, server, {
    stdio,
    log: rpcLog,
    onShutdown: () => {
      // A reattached (debug) provider outlives each Terraform command; a managed one exits.
      if (debug || stopping) return;
      void stop().then(() => exit(0));
    },
  });

  if (debug) {
    const port = await bindInRange(server, grpc.ServerCredentials.createInsecure(), plugin.minPort, plugin.maxPort);
    const providerAddress = options.providerAddress ?? DEFAULT_PROVIDER_ADDRESS;
    const reattach = reattachProvidersValue(providerAddress, port, process.pid);
    writeStdout(
      [
        `didops Terraform provider started in debug mode (pid ${process.pid}, 127.0.0.1:${port}).`,
        'To attach Terraform, run this in the shell where you run terraform:',
        '',
        `\texport TF_REATTACH_PROVIDERS='${reattach}'`,
        '',
        'Press Ctrl-C to stop the provider.',
        '',
      ].join('\n'),
    );
    const onSignal = (): void => void stop().then(() => exit(0));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return { port, reattachProviders: reattach, stop };
  }

  const certificate = plugin.clientCertPem ? generateSelfSignedCertificate() : undefined;
  const credentials =
    certificate && plugin.clientCertPem
      ? grpc.ServerCredentials.createSsl(
          Buffer.from(plugin.clientCertPem),
          [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }],
          // mTLS: only the Terraform process holding the client certificate's key may call the provider.
          true,
        )
      : grpc.ServerCredentials.createInsecure();
  const port = await bindInRange(server, credentials, plugin.minPort, plugin.maxPort);
  const line = handshakeLine(port, certificate?.der);
  writeStdout(`${line}\n`);

  if (options.captureStdout ?? true) {
    // Real stdout belongs to the handshake; anything printed later goes to StreamStdio (Terraform's log).
    process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk);
      stdio.publish('STDOUT', data);
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') process.nextTick(cb as () => void);
      return true;
    }) as typeof process.stdout.write;
  }
  // Ctrl-C in Terraform's terminal reaches the whole process group: like go-plugin, ignore it; Terraform sends
  // StopProvider and then Shutdown.
  process.on('SIGINT', () => log('interrupt received; waiting for Terraform to stop the provider'));
  // If Terraform dies without Shutdown, do not linger as an orphan.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop().then(() => exit(0));
  }, 2000).unref();

  return { port, handshake: line, stop };
}
