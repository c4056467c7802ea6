/** `didops sandbox`: runs the local Twilio-compatible API until interrupted. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { faultRuleSchema } from '../sandbox/faults';
import { latencyProfileSchema, type LatencySetting } from '../sandbox/latency';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_INVENTORY_SIZE, DEFAULT_SEED, startSandbox } from '../sandbox/server';
import { DEFAULT_ORDER_DELAY_MS, DEFAULT_TELNYX_API_KEY, MAX_ORDER_DELAY_MS } from '../sandbox/telnyx/telnyx-sandbox';
import { DEFAULT_STRIPE_SECRET_KEY } from '../sandbox/stripe/stripe-sandbox';
import { linesTo, type CliIo } from './io';
import { integerOption } from './options';

/** Registers the command, printing to `io`. */
export function registerSandboxCommand(program: Command, io: CliIo): void {
  const print = linesTo(io.stdout);
  program
    .command('sandbox')
    .description('Run a local, stateful Twilio-, Telnyx- and Stripe-compatible API (numbers, addresses, Studio, calls, usage, pricing; Telnyx API v2 at /v2; Stripe API v1 at /v1) for offline work and tests.')
    .option('-p, --port <n>', 'TCP port; 0 picks a free one', integerOption('--port', 0, 65535), 4010)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('-d, --data-dir <dir>', 'folder for the SQLite state; reuse it to keep purchases across restarts', '.didops-sandbox')
    .option('--seed <n>', 'seed of the generated inventory, traffic and faults', integerOption('--seed', 0, 2 ** 31 - 1), DEFAULT_SEED)
    .option('--inventory-size <n>', 'available numbers generated for a new data dir', integerOption('--inventory-size', 1000, 20_000_000), DEFAULT_INVENTORY_SIZE)
    .option('--account-sid <AC…>', 'account SID the sandbox accepts', DEFAULT_ACCOUNT_SID)
    .option('--auth-token <token>', 'auth token the sandbox accepts', DEFAULT_AUTH_TOKEN)
    .option('--release-cooldown <seconds>', 'how long a released number stays out of search results', integerOption('--release-cooldown', 0, 90 * 86400), 600)
    .option('--faults <file>', 'JSON file with fault rules: [{"path": "/api/*/IncomingPhoneNumbers*", "errorRate": 0.2, "status": 503}]')
    .option('--latency <profile>', 'answer as slowly as a carrier: none, twilio, or a JSON file with a custom profile (see docs/sandbox.md)', 'none')
    .option('--concurrency-limit <n>', 'answer 429 (Twilio error 20429) past this many requests in flight per account, as Twilio does', integerOption('--concurrency-limit', 1, 100_000))
    .option('--telnyx-api-key <key>', 'Telnyx API key the sandbox accepts (Authorization: Bearer <key>)', DEFAULT_TELNYX_API_KEY)
    .option('--telnyx-order-delay <ms>', 'how long a Telnyx number order stays pending before it completes', integerOption('--telnyx-order-delay', 0, MAX_ORDER_DELAY_MS), DEFAULT_ORDER_DELAY_MS)
    .option('--telnyx-webhook-url <url>', 'where Telnyx number_order.complete webhooks go (also settable at run time: POST /_sandbox/telnyx)')
    .option('--telnyx-webhook-key-seed <seed>', 'derive the webhook signing key from this seed (same public key everywhere); by default the data dir keeps a random one')
    .option('--stripe-secret-key <sk_test_…>', 'Stripe secret key the sandbox accepts (Authorization: Bearer <key>)', DEFAULT_STRIPE_SECRET_KEY)
    .option('--traffic <callsPerHour>', 'generate live calls to and from owned numbers at this rate', integerOption('--traffic', 0, 1_000_000), 0)
    .addHelpText(
      'after',
      `
Examples:
  $ didops sandbox                          # http://127.0.0.1:4010, state in ./.didops-sandbox
  $ didops sandbox --port 0 --data-dir /tmp/sbx --traffic 120
  $ didops sandbox --faults faults.json     # inject 429s/5xx/latency per route
  $ didops sandbox --latency twilio --concurrency-limit 100   # as slow and as strict as a Twilio account

Point the twilio SDK at it through didops' client:
  createTwilioClient({ accountSid, authToken, baseUrl: 'http://127.0.0.1:4010' })

Point the official telnyx SDK at it with its baseURL option, unchanged:
  new Telnyx({ apiKey: '${DEFAULT_TELNYX_API_KEY}', baseURL: 'http://127.0.0.1:4010/v2', publicKey })

Point the official stripe SDK at it through didops' client (it adds /v1 itself):
  createStripeClient({ secretKey: '${DEFAULT_STRIPE_SECRET_KEY}', baseUrl: 'http://127.0.0.1:4010' })

The sandbox's own control API lives under /_sandbox (faults, latency, concurrency, traffic, telnyx); see docs/sandbox.md.`,
    )
    .action(async (opts: {
      port: number; host: string; dataDir: string; seed: number; inventorySize: number; accountSid: string; authToken: string;
      releaseCooldown: number; faults?: string; latency: string; concurrencyLimit?: number; traffic: number;
      telnyxApiKey: string; telnyxOrderDelay: number; telnyxWebhookUrl?: string; telnyxWebhookKeySeed?: string; stripeSecretKey: string;
    }) => {
      if (opts.telnyxWebhookUrl !== undefined && !/^https?:\/\/\S+$/.test(opts.telnyxWebhookUrl)) {
        throw new Error(`--telnyx-webhook-url ${opts.telnyxWebhookUrl}: not an absolute http(s) URL`);
      }
      let faults;
      if (opts.faults) {
        const parsed = z.array(faultRuleSchema).safeParse(JSON.parse(readFileSync(opts.faults, 'utf8')));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(`--faults ${opts.faults}: [${issue.path.join('.')}] ${issue.message}`);
        }
        faults = parsed.data;
      }
      const latency = readLatencySetting(opts.latency);
      const sandbox = await startSandbox({
        port: opts.port, host: opts.host, dataDir: resolve(opts.dataDir), seed: opts.seed, inventorySize: opts.inventorySize,
        accountSid: opts.accountSid, authToken: opts.authToken, releaseCooldownMs: opts.releaseCooldown * 1000, faults,
        latency, concurrencyLimit: opts.concurrencyLimit, trafficCallsPerHour: opts.traffic, onProgress: (m) => io.stderr.write(`[sandbox] ${m}\n`),
        telnyx: { apiKey: opts.telnyxApiKey, orderDelayMs: opts.telnyxOrderDelay, webhookUrl: opts.telnyxWebhookUrl, webhookKeySeed: opts.telnyxWebhookKeySeed },
        stripe: { secretKey: opts.stripeSecretKey },
      });
      print(`didops sandbox listening on ${sandbox.url}`);
      print(`  account SID: ${sandbox.accountSid}`);
      print(`  auth token:  ${sandbox.authToken}`);
      print(`Telnyx API v2: ${sandbox.telnyxBaseUrl}`);
      print(`  API key:     ${sandbox.telnyxApiKey}`);
      print(`  public key:  ${sandbox.telnyxPublicKey} (verifies its webhooks)`);
      print(`Stripe API v1: ${sandbox.stripeBaseUrl} (the SDK adds /v1)`);
      print(`  secret key:  ${sandbox.stripeSecretKey}`);
      print(`  data dir:    ${resolve(opts.dataDir)} (ready in ${Math.round(sandbox.startupMs)} ms)`);
      if (latency !== 'none') print(`  latency:     ${typeof latency === 'string' ? latency : opts.latency}`);
      if (opts.concurrencyLimit) print(`  concurrency: ${opts.concurrencyLimit} requests in flight per account`);
      print('Press Ctrl+C to stop.');
      const stop = () => void sandbox.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** `--latency`: a profile name, or a JSON file holding a custom profile (validated, naming the field at fault). */
function readLatencySetting(value: string): LatencySetting {
  if (value === 'none' || value === 'twilio') return value;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(value, 'utf8'));
  } catch (err) {
    throw new Error(`--latency ${value}: not "none", "twilio" or a readable JSON file (${(err as Error).message})`);
  }
  const parsed = latencyProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--latency ${value}: [${issue.path.join('.')}] ${issue.message}`);
  }
  return parsed.data;
}
