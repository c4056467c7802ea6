/**
 * `didops sandbox` prints what the official telnyx SDK needs (base URL, API key, webhook public key) and accepts the
 * key it was given. Runs the CLI from source (tsx), so it needs no build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Telnyx from 'telnyx';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

const MAIN = resolve(__dirname, '../../src/cli/main.ts');
const run = (args: string[]) => [process.execPath, ['--import', 'tsx', MAIN, ...args]] as const;

describe('didops sandbox (Telnyx)', () => {
  it('prints the Telnyx base URL, API key and public key, and serves the telnyx SDK with that key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-telnyx-'));
    const [node, args] = run(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE),
      '--telnyx-api-key', 'KEYfromTheCli123', '--telnyx-webhook-key-seed', 'cli']);
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
      const baseURL = output.match(/Telnyx API v2: (http:\/\/127\.0\.0\.1:\d+\/v2)/)![1];
      expect(output).toContain('API key:     KEYfromTheCli123');
      const publicKey = output.match(/public key:  (\S+) \(verifies its webhooks\)/)![1];
      expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
      const client = new Telnyx({ apiKey: 'KEYfromTheCli123', baseURL, publicKey, maxRetries: 0 });
      const found = await client.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: 2 } });
      expect(found.data).toHaveLength(2);
    } finally {
      await new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGINT');
      });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents the Telnyx options in --help', () => {
    const [node, args] = run(['sandbox', '--help']);
    const help = spawnSync(node, args, { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--telnyx-api-key <key>\s+Telnyx API key the sandbox accepts/);
    expect(help.stdout).toMatch(/--telnyx-order-delay <ms>/);
    expect(help.stdout).toMatch(/--telnyx-webhook-url <url>/);
    expect(help.stdout).toContain("baseURL: 'http://127.0.0.1:4010/v2'");
  });
});
