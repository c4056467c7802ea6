/**
 * `didops sandbox` as a user runs it: one built bin started with credentials for all three APIs prints what each
 * official SDK needs (Twilio's account, Telnyx's base URL, API key and webhook public key, Stripe's base URL and secret
 * key), serves each SDK with exactly those credentials, and stops on Ctrl+C. Its help and its refusals of bad input
 * run the command in-process (`runCli`, what the bin runs): they end before the sandbox opens anything, except a bad
 * Stripe key, refused once the database is open, which runs the bin.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Telnyx from 'telnyx';
import twilio from 'twilio';
import { createStripeClient } from '../../src/billing/stripe/client';
import { TwilioHttpClient } from '../../src/carriers/twilio';
import { runCliInProcess } from '../support/cli-in-process';
import { runCliBinary, startCliBinary, type RunningCli } from '../support/cli-process';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

const SID = `AC${'a'.repeat(32)}`;
const TOKEN = 'my-secret-token';
const TELNYX_KEY = 'KEYfromTheCli123';
const STRIPE_KEY = 'sk_test_fromTheCli_12345678';

/** A fresh data dir per case, removed afterwards. */
function withDataDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'didops-cli-'));
  return use(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('didops sandbox, the built bin started with credentials for every API', () => {
  let dir: string;
  let cli: RunningCli;
  let stopped: number | null | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'didops-cli-'));
    cli = await startCliBinary(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE),
      '--account-sid', SID, '--auth-token', TOKEN, '--telnyx-api-key', TELNYX_KEY, '--telnyx-webhook-key-seed', 'cli', '--stripe-secret-key', STRIPE_KEY]);
  });
  afterAll(async () => {
    if (stopped === undefined) await cli?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on a free port, prints its URL and Twilio credentials, and serves the twilio SDK', async () => {
    const url = cli.output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1];
    expect(cli.output).toContain(`account SID: ${SID}`);
    expect(cli.output).toContain(`auth token:  ${TOKEN}`);
    const client = twilio(SID, TOKEN, { httpClient: new TwilioHttpClient({ baseUrl: url }) });
    const found = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 2 });
    expect(found).toHaveLength(2);
  });

  it('prints the Telnyx base URL, API key and public key, and serves the telnyx SDK with that key', async () => {
    const baseURL = cli.output.match(/Telnyx API v2: (http:\/\/127\.0\.0\.1:\d+\/v2)/)![1];
    expect(cli.output).toContain(`API key:     ${TELNYX_KEY}`);
    const publicKey = cli.output.match(/public key:  (\S+) \(verifies its webhooks\)/)![1];
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
    const client = new Telnyx({ apiKey: TELNYX_KEY, baseURL, publicKey, maxRetries: 0 });
    const found = await client.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: 2 } });
    expect(found.data).toHaveLength(2);
  });

  it('prints the Stripe base URL and secret key, and serves the stripe SDK with that key only', async () => {
    const baseUrl = cli.output.match(/Stripe API v1: (http:\/\/127\.0\.0\.1:\d+) \(the SDK adds \/v1\)/)![1];
    expect(cli.output).toContain(`secret key:  ${STRIPE_KEY}`);
    const stripe = createStripeClient({ secretKey: STRIPE_KEY, baseUrl, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ name: 'From the CLI' });
    expect(customer.id).toMatch(/^cus_/);
    const wrong = createStripeClient({ secretKey: 'sk_test_someone_else_1234', baseUrl, maxNetworkRetries: 0 });
    await expect(wrong.customers.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  it('stops on Ctrl+C', async () => {
    stopped = await cli.stop();
    expect(stopped).toBe(0);
  });
});

describe('didops sandbox --help', () => {
  it('explains itself, including examples', async () => {
    const help = await runCliInProcess(['sandbox', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--data-dir');
    expect(help.stdout).toContain('Examples:');
  });

  it('offers Twilio-like latency and a concurrency limit', async () => {
    const help = await runCliInProcess(['sandbox', '--help']);
    expect(help.stdout).toMatch(/--latency <profile>\s+answer as slowly as a carrier: none, twilio/);
    expect(help.stdout).toMatch(/--concurrency-limit <n>\s+answer 429 \(Twilio error 20429\)/);
  });

  it('documents the Telnyx options', async () => {
    const help = await runCliInProcess(['sandbox', '--help']);
    expect(help.stdout).toMatch(/--telnyx-api-key <key>\s+Telnyx API key the sandbox accepts/);
    expect(help.stdout).toMatch(/--telnyx-order-delay <ms>/);
    expect(help.stdout).toMatch(/--telnyx-webhook-url <url>/);
    expect(help.stdout).toContain("baseURL: 'http://127.0.0.1:4010/v2'");
  });

  it('documents the Stripe option', async () => {
    const help = await runCliInProcess(['sandbox', '--help']);
    expect(help.stdout).toMatch(/--stripe-secret-key <sk_test_…>\s+Stripe secret key the sandbox accepts/);
    expect(help.stdout).toContain("createStripeClient({ secretKey: 'sk_test_didops_sandbox_");
  });
});

describe('didops sandbox refuses bad input before serving', () => {
  it('a latency profile that does not validate, naming the field', () =>
    withDataDir(async (dir) => {
      const file = join(dir, 'latency.json');
      writeFileSync(file, JSON.stringify({ fetch: { medianMs: 100, p95Ms: 50 } }));
      const bad = await runCliInProcess(['sandbox', '--latency', file, '--data-dir', dir]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/--latency .*\[fetch\.p95Ms\] p95Ms must be at least medianMs/);
    }));

  it('a bad option value, naming the option and the range', async () => {
    const bad = await runCliInProcess(['sandbox', '--port', 'seventy']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--port must be a whole number');
  });

  it('a faults file that does not validate, naming the rule and field', () =>
    withDataDir(async (dir) => {
      const file = join(dir, 'faults.json');
      writeFileSync(file, JSON.stringify([{ path: '/api/*', errorRate: 3 }]));
      const bad = await runCliInProcess(['sandbox', '--faults', file, '--data-dir', dir]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/--faults .*\[0\.errorRate\]/);
    }));

  it('a Stripe key that is not a test secret key, without repeating the key (the built bin: the database was open)', () =>
    withDataDir(async (dir) => {
      const bad = await runCliBinary(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--stripe-secret-key', 'sk_live_nope_12345678']);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('stripe secret key: must be sk_test_');
      expect(bad.stderr).not.toContain('sk_live_nope_12345678');
    }));
});
