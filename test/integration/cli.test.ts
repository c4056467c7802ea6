/** The `didops` command as a user runs it: the built bin, in a child process. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import twilio from 'twilio';
import { TwilioHttpClient } from '../../src/carriers/twilio';
import { TEST_INVENTORY_SIZE, TEST_SEED } from '../support/sandbox';

const BIN = resolve(__dirname, '../../bin/didops.js');

function startCli(args: string[]): Promise<{ output: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Press Ctrl+C')) {
        resolvePromise({
          output,
          stop: () => new Promise((r) => { child.once('exit', (code) => r(code)); child.kill('SIGINT'); }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`didops exited with ${code}:\n${output}`)));
  });
}

describe('didops sandbox', () => {
  it('starts on a free port, prints its URL and credentials, serves the SDK, and stops on Ctrl+C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-'));
    try {
      const token = 'my-secret-token';
      const sid = `AC${'a'.repeat(32)}`;
      const cli = await startCli(['sandbox', '--port', '0', '--data-dir', dir, '--seed', String(TEST_SEED), '--inventory-size', String(TEST_INVENTORY_SIZE), '--account-sid', sid, '--auth-token', token]);
      const url = cli.output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1];
      expect(cli.output).toContain(`account SID: ${sid}`);
      expect(cli.output).toContain(`auth token:  ${token}`);
      const client = twilio(sid, token, { httpClient: new TwilioHttpClient({ baseUrl: url }) });
      const found = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 2 });
      expect(found).toHaveLength(2);
      expect(await cli.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains itself with --help, including examples', () => {
    const help = spawnSync(process.execPath, [BIN, 'sandbox', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--data-dir');
    expect(help.stdout).toContain('Examples:');
  });

  it('offers Twilio-like latency and a concurrency limit, and refuses a latency profile that does not validate', () => {
    const help = spawnSync(process.execPath, [BIN, 'sandbox', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/--latency <profile>\s+answer as slowly as a carrier: none, twilio/);
    expect(help.stdout).toMatch(/--concurrency-limit <n>\s+answer 429 \(Twilio error 20429\)/);
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-'));
    const file = join(dir, 'latency.json');
    writeFileSync(file, JSON.stringify({ fetch: { medianMs: 100, p95Ms: 50 } }));
    const bad = spawnSync(process.execPath, [BIN, 'sandbox', '--latency', file, '--data-dir', dir], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--latency .*\[fetch\.p95Ms\] p95Ms must be at least medianMs/);
  });

  it('rejects a bad option value naming the option and the range', () => {
    const bad = spawnSync(process.execPath, [BIN, 'sandbox', '--port', 'seventy'], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--port must be a whole number');
  });

  it('rejects a faults file that does not validate, naming the rule and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-cli-'));
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify([{ path: '/api/*', errorRate: 3 }]));
    const bad = spawnSync(process.execPath, [BIN, 'sandbox', '--faults', file, '--data-dir', dir], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--faults .*\[0\.errorRate\]/);
  });
});

describe('npm run demo', () => {
  let demo: SpawnSyncReturns<string>;
  beforeAll(() => {
    demo = spawnSync(process.execPath, [BIN, 'demo'], { encoding: 'utf8', timeout: 180_000 });
  });

  it('searches, buys, shows and releases a number through the SDK against the embedded sandbox', () => {
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/3\. Buying \+1415\d{7}/);
    expect(demo.stdout).toMatch(/sid\s+PN[0-9a-f]{32}/);
    expect(demo.stdout).toContain('a search for it finds 0 number(s)');
  });

  it('deploys the bakery routing plan on that number and walks two calls through the deployed flow', () => {
    expect(demo.stdout).toMatch(/deployed as FW[0-9a-f]{32} \(revision 1\); \+1415\d{7} now rings through it/);
    expect(demo.stdout).toContain('a call on Tuesday 10:00 New York time takes: hours → shop   (Connected to +1 212 555 0142.)');
    expect(demo.stdout).toContain('a call on Tuesday 19:00 New York time takes: hours → closed_greeting → voicemail   (Left a voicemail.)');
  });

  it('buys a Telnyx number through the PhoneNumber handler, showing the order while it is pending, and releases it', () => {
    const telnyx = demo.stdout.slice(demo.stdout.indexOf('6. The second carrier: Telnyx'));
    expect(telnyx).toContain('filter[phone_number][ends_with]=00 went to Telnyx');
    const number = telnyx.match(/ordering (\+1312\d{5}00): number order \S+ placed/)![1];
    // The sandbox keeps the order pending about a second: at least one progress line, in seconds, before it completes.
    const pending = [...telnyx.matchAll(new RegExp(`ordering \\${number}: pending (\\d+\\.\\d) s`, 'g'))].map((m) => Number(m[1]));
    expect(pending.length).toBeGreaterThan(0);
    const completed = Number(telnyx.match(new RegExp(`ordering \\${number}: complete after (\\d+\\.\\d) s`))![1]);
    expect(completed).toBeGreaterThanOrEqual(Math.max(...pending));
    expect(completed).toBeLessThan(10);
    expect(telnyx).toMatch(new RegExp(`e164\\s+\\${number}\n\\s+status\\s+active`));
    expect(telnyx).toMatch(/locality\s+Chicago, IL/);
    expect(telnyx).toContain(`Released ${number} at Telnyx again.`);
  });

  it('bills both numbers for a month on the sandbox’s Stripe API and prints the invoice the test clock closed, paid', () => {
    const billing = demo.stdout.slice(demo.stdout.indexOf('7. Billing on Stripe'));
    const [, twilioNumber, telnyxNumber] = billing.match(/Subscription for (\+1415\d{7}) and (\+1312\d{5}00): 3 items/)!;
    expect([twilioNumber, telnyxNumber].every(Boolean)).toBe(true);
    // The first invoice: two setup fees of $1.00 and November's two numbers at $1.15, New York's 4% per line
    // (4 + 4 + 9 ¢): $4.47.
    expect(billing).toContain('The first invoice, of 2026-11-01: each number\'s setup fee and November\'s numbers, $4.47, paid');
    // December 1: November's 52 billed minutes at 1.3 ¢ and 4 connects at 0.5 ¢, December's two numbers; 4% per line:
    // 0 + 3 + 9 ¢.
    expect(billing).toMatch(/4 × Call connection fee\s+\$0\.02\s+\$0\.00/);
    expect(billing).toMatch(/3120 × Calls to the US and Canada\s+\$0\.68\s+\$0\.03/);
    expect(billing).toMatch(/2 × United States local number \(at \$1\.15 \/ month\)\s+\$2\.30\s+\$0\.09/);
    expect(billing).toMatch(/Subtotal\s+\$3\.00\n.*\$0\.12\n\s+Total\s+\$3\.12\n/);
    expect(billing).toContain('Status: paid, $3.12 charged to the card.');
    expect(demo.stdout).toContain('8. Every number bought was released, so the demo can be re-run.');
  });

  it('reaches the carriers and Stripe only through src/carriers and src/billing: no CLI file imports the twilio, telnyx or stripe SDK', () => {
    const cli = resolve(__dirname, '../../src/cli');
    const importsSdk = readdirSync(cli).filter((file) => /from '(twilio|telnyx|stripe)(\/[^']*)?'|require\('(twilio|telnyx|stripe)'\)/.test(readFileSync(join(cli, file), 'utf8')));
    expect(importsSdk).toEqual([]);
  });
});
