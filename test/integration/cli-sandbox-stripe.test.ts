/**
 * `didops sandbox` prints what the official stripe SDK needs (base URL and secret key) and accepts the key it was
 * given with --stripe-secret-key. Runs the CLI from source (tsx), so it needs no build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createStripeClient } from '../../src/billing/stripe/client';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

const MAIN = resolve(__dirname, '../../src/cli/main.ts');
const run = (args: string[]) => [process.execPath, ['--import', 'tsx', MAIN, ...args]] as const;

describe('didops sandbox (Stripe)', () => {
  it('prints the Stripe base URL and secret key, and serves the stripe SDK with that key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-stripe-'));
    const key = 'sk_test_fromTheCli_12345678';
    const [node, args] = run(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--stripe-secret-key', key]);
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await new Promise<string>((resolveOutput, reject) => {
        let text = '';
        const onData = (d: Buffer) => {
          text += d.toString();
          if (text.includes('Press Ctrl+C')) resolveOutput(text);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`didops exited with ${code}:\n${text}`)));
      });
      const baseUrl = output.match(/Stripe API v1: (http:\/\/127\.0\.0\.1:\d+) \(the SDK adds \/v1\)/)![1];
      expect(output).toContain(`secret key:  ${key}`);
      const stripe = createStripeClient({ secretKey: key, baseUrl, maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({ name: 'From the CLI' });
      expect(customer.id).toMatch(/^cus_/);
      const wrong = createStripeClient({ secretKey: 'sk_test_someone_else_1234', baseUrl, maxNetworkRetries: 0 });
      await expect(wrong.customers.list()).rejects.toMatchObject({ statusCode: 401 });
    } finally {
      await new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGINT');
      });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the Stripe option in --help and refuses a key that is not a test secret key', () => {
    const [node, args] = run(['sandbox', '--help']);
    const help = spawnSync(node, args, { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--stripe-secret-key <sk_test_…>\s+Stripe secret key the sandbox accepts/);
    expect(help.stdout).toContain("createStripeClient({ secretKey: 'sk_test_didops_sandbox_");
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-stripe-'));
    const [node2, args2] = run(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--stripe-secret-key', 'sk_live_nope_12345678']);
    const bad = spawnSync(node2, args2, { encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('stripe secret key: must be sk_test_');
    expect(bad.stderr).not.toContain('sk_live_nope_12345678');
  });
});
