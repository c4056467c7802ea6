/**
 * `didops sandbox` prints what the official telnyx SDK needs (base URL, API key, webhook public key) and accepts the
 * key it was given. Runs the CLI from source (tsx), so it needs no build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Telnyx from 'telnyx';
import { runCliFromSource, startCliFromSource } from '../support/cli-process';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

describe('didops sandbox (Telnyx)', () => {
  it('prints the Telnyx base URL, API key and public key, and serves the telnyx SDK with that key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-telnyx-'));
    const cli = await startCliFromSource(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE),
      '--telnyx-api-key', 'KEYfromTheCli123', '--telnyx-webhook-key-seed', 'cli']);
    try {
      const output = cli.output;
      const baseURL = output.match(/Telnyx API v2: (http:\/\/127\.0\.0\.1:\d+\/v2)/)![1];
      expect(output).toContain('API key:     KEYfromTheCli123');
      const publicKey = output.match(/public key:  (\S+) \(verifies its webhooks\)/)![1];
      expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
      const client = new Telnyx({ apiKey: 'KEYfromTheCli123', baseURL, publicKey, maxRetries: 0 });
      const found = await client.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: 2 } });
      expect(found.data).toHaveLength(2);
    } finally {
      await cli.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the Telnyx options in --help', () => {
    const help = runCliFromSource(['sandbox', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--telnyx-api-key <key>\s+Telnyx API key the sandbox accepts/);
    expect(help.stdout).toMatch(/--telnyx-order-delay <ms>/);
    expect(help.stdout).toMatch(/--telnyx-webhook-url <url>/);
    expect(help.stdout).toContain("baseURL: 'http://127.0.0.1:4010/v2'");
  });
});
