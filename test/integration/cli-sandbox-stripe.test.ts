/**
 * `didops sandbox` prints what the official stripe SDK needs (base URL and secret key) and accepts the key it was
 * given with --stripe-secret-key. Runs the CLI from source (tsx), so it needs no build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStripeClient } from '../../src/billing/stripe/client';
import { runCliFromSource, startCliFromSource } from '../support/cli-process';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

describe('didops sandbox (Stripe)', () => {
  it('prints the Stripe base URL and secret key, and serves the stripe SDK with that key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-stripe-'));
    const key = 'sk_test_fromTheCli_12345678';
    try {
      const cli = await startCliFromSource(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--stripe-secret-key', key]);
      try {
        const baseUrl = cli.output.match(/Stripe API v1: (http:\/\/127\.0\.0\.1:\d+) \(the SDK adds \/v1\)/)![1];
        expect(cli.output).toContain(`secret key:  ${key}`);
        const stripe = createStripeClient({ secretKey: key, baseUrl, maxNetworkRetries: 0 });
        const customer = await stripe.customers.create({ name: 'From the CLI' });
        expect(customer.id).toMatch(/^cus_/);
        const wrong = createStripeClient({ secretKey: 'sk_test_someone_else_1234', baseUrl, maxNetworkRetries: 0 });
        await expect(wrong.customers.list()).rejects.toMatchObject({ statusCode: 401 });
      } finally {
        expect(await cli.stop()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the Stripe option in --help and refuses a key that is not a test secret key', () => {
    const help = runCliFromSource(['sandbox', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--stripe-secret-key <sk_test_…>\s+Stripe secret key the sandbox accepts/);
    expect(help.stdout).toContain("createStripeClient({ secretKey: 'sk_test_didops_sandbox_");
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-stripe-'));
    const bad = runCliFromSource(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--stripe-secret-key', 'sk_live_nope_12345678']);
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('stripe secret key: must be sk_test_');
    expect(bad.stderr).not.toContain('sk_live_nope_12345678');
  });
});
