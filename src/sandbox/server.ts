/** Starts and stops a sandbox: opens its data dir, builds the app and serves it on loopback. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSandboxApp } from './app';
import { seqAllocator, type SandboxContext } from './context';
import { ConcurrencyLimiter } from './concurrency';
import { RequestTally } from './request-tally';
import { FaultInjector, type FaultRule } from './faults';
import { CarrierLatency, type LatencySetting } from './latency';
import { DEFAULT_INVENTORY_SIZE } from './inventory';

export { DEFAULT_INVENTORY_SIZE };
import { catalogueCallRates } from './rates';
import { openSandboxDatabase } from './store/database';
import { openRepositories } from './store/repositories';
import { TrafficSwitch } from './traffic';
import { TelnyxSandbox, type TelnyxOptions } from './telnyx/telnyx-sandbox';
import { StripeSandbox, type StripeOptions } from './stripe/stripe-sandbox';

/** Account SID the sandbox accepts unless told otherwise (AC + 32 hex, like a real one). */
export const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000'.replace(/0{8}$/, 'd1d0b5a5');
/** Auth token the sandbox accepts unless told otherwise. */
export const DEFAULT_AUTH_TOKEN = 'sandbox-auth-token';
/** Seed of the inventory, traffic and faults unless told otherwise. */
export const DEFAULT_SEED = 1;

/** Everything a sandbox can be started with. */
export interface SandboxOptions {
  /** TCP port; 0 picks a free one (default 0). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: the sandbox is for this machine). */
  host?: string;
  /** Folder for the SQLite database; state survives restarts with the same folder. */
  dataDir: string;
  /** Seed of the inventory, traffic and faults (default 1); a data dir keeps the seed it was built with. */
  seed?: number;
  /** Numbers generated for a new data dir (default 1,000,000). */
  inventorySize?: number;
  /** Account SID the sandbox accepts (default {@link DEFAULT_ACCOUNT_SID}). */
  accountSid?: string;
  /** Auth token the sandbox accepts (default {@link DEFAULT_AUTH_TOKEN}). */
  authToken?: string;
  /** How long a released number stays out of search results (default 10 minutes). */
  releaseCooldownMs?: number;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /**
   * How long each answer takes: `none` (default, as fast as the sandbox can), `twilio` (Twilio's REST API as seen from
   * outside its US region: `TWILIO_LATENCY_PROFILE` in latency.ts) or a custom profile; drawn under `seed`.
   */
  latency?: LatencySetting;
  /** Requests in flight per account past which the sandbox answers 429 (Twilio error 20429), as Twilio does (default off). */
  concurrencyLimit?: number;
  /** Live calls per hour across owned numbers (default 0: off). */
  trafficCallsPerHour?: number;
  /** The Telnyx API at `/v2`: its API key, order delay, webhook URL and webhook key seed. */
  telnyx?: TelnyxOptions;
  /** The Stripe API at `/v1`: its secret key and webhook retries. */
  stripe?: StripeOptions;
  /** Clock, for tests that need to move time. */
  now?: () => number;
  /** Where cached inventory templates live (`false` disables the cache). */
  templateCacheDir?: string | false;
  /** Progress messages of a first start. */
  onProgress?: (message: string) => void;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The port it listens on (useful with port 0). */
  port: number;
  /** Account SID it accepts. */
  accountSid: string;
  /** Auth token it accepts. */
  authToken: string;
  /** Telnyx API base URL for the SDK's `baseURL` option: `http://127.0.0.1:PORT/v2`. */
  telnyxBaseUrl: string;
  /** Telnyx API key it accepts. */
  telnyxApiKey: string;
  /** Base64 Ed25519 public key that verifies its Telnyx webhooks (the SDK's `publicKey` option). */
  telnyxPublicKey: string;
  /** Stripe API base URL for createStripeClient's `baseUrl` (the SDK adds `/v1`): `http://127.0.0.1:PORT`. */
  stripeBaseUrl: string;
  /** Stripe secret key it accepts (`sk_test_…`). */
  stripeSecretKey: string;
  /** Its database, repositories and settings, for tests that reach inside. */
  context: SandboxContext;
  /** The call traffic generator. */
  traffic: TrafficSwitch;
  /** Milliseconds from the call to ready. */
  startupMs: number;
  /** Stops serving and closes the database. */
  close(): Promise<void>;
}

/** Starts a sandbox and resolves when it accepts connections. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const started = performance.now();
  const accountSid = options.accountSid ?? DEFAULT_ACCOUNT_SID;
  if (!/^AC[0-9a-f]{32}$/.test(accountSid)) {
    throw new Error(`account SID "${accountSid}" is not AC followed by 32 lowercase hex characters`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const db = openSandboxDatabase({
    dataDir: options.dataDir,
    seed,
    inventorySize: options.inventorySize ?? DEFAULT_INVENTORY_SIZE,
    templateCacheDir: options.templateCacheDir,
    onProgress: options.onProgress,
  });
  const limit = options.concurrencyLimit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new Error(`concurrencyLimit: ${limit} is not a whole number of requests of at least 1; leave it out to turn the limit off`);
  }
  const faults = new FaultInjector(seed);
  if (options.faults) faults.configure(options.faults);
  const repositories = openRepositories(db);
  const numbers = repositories.numbers;
  const now = options.now ?? Date.now;
  const context: SandboxContext = {
    db,
    ...repositories,
    accountSid,
    authToken: options.authToken ?? DEFAULT_AUTH_TOKEN,
    now,
    releaseCooldownMs: options.releaseCooldownMs ?? 10 * 60_000,
    faults,
    latency: new CarrierLatency(seed, options.latency),
    concurrency: new ConcurrencyLimiter(options.concurrencyLimit),
    requests: new RequestTally(),
    telnyx: new TelnyxSandbox(db, numbers, now, options.telnyx),
    stripe: new StripeSandbox(db, now, options.stripe),
    nextSeq: seqAllocator(db),
  };
  const traffic = new TrafficSwitch(context, catalogueCallRates, seed);
  const app = createSandboxApp(context, traffic);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  if (options.trafficCallsPerHour) traffic.setLive(options.trafficCallsPerHour);
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    telnyxBaseUrl: `${url}/v2`,
    telnyxApiKey: context.telnyx.apiKey,
    telnyxPublicKey: context.telnyx.publicKey,
    stripeBaseUrl: url,
    stripeSecretKey: context.stripe.secretKey,
    accountSid,
    authToken: context.authToken,
    context,
    traffic,
    startupMs: performance.now() - started,
    close: () =>
      new Promise<void>((resolve) => {
        traffic.stop();
        server.close(() => {
          // Webhook deliveries under way finish first: they read nothing from the database, but a test awaits them.
          void Promise.all([context.telnyx.stop(), context.stripe.stop()]).then(() => {
            db.close();
            resolve();
          });
        });
        // Keep-alive sockets from SDK clients would hold close() open; the sandbox is going away.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
