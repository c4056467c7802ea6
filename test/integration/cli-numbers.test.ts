/** `didops numbers search` and `didops numbers check` as a user runs them, against a sandbox. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useTestSandbox } from '../support/sandbox';

const BIN = resolve(__dirname, '../../bin/didops.js');
const t = useTestSandbox();

/** Runs the CLI without blocking this process, which serves the sandbox it talks to. */
function didops(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, TWILIO_ACCOUNT_SID: t.sandbox.accountSid, TWILIO_AUTH_TOKEN: t.sandbox.authToken, DIDOPS_TWILIO_BASE_URL: t.sandbox.url };
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('didops numbers search', () => {
  it('prints a table with region, locality, type, capabilities, price and score, and what it examined', async () => {
    const run = await didops(['numbers', 'search', '--country', 'US', '--area-code', '415', '--capabilities', 'voice,sms', '--limit', '3']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\+1415\d{7}/);
    expect(run.stdout).toContain('San Francisco');
    expect(run.stdout).toContain('1.15 USD');
    expect(run.stdout).not.toContain('\u001b['); // no colour codes when piped
    expect(run.stdout).toMatch(/3 found; examined \d+ candidates in \d+ page/);
  });

  it('prints JSON with prices in the buyer\'s currency from a rates table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didops-rates-'));
    const rates = join(dir, 'rates.json');
    writeFileSync(rates, JSON.stringify({ base: 'USD', date: '2026-11-01', rates: { EUR: 0.92 } }));
    const run = await didops(['numbers', 'search', '--country', 'US', '--suffix', '77', '--limit', '2', '--currency', 'EUR', '--rates', rates, '--json']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.results).toHaveLength(2);
    expect(out.results[0].price.monthly).toEqual({ amountMinor: 106, currency: 'EUR' });
    expect(out.ratesDate).toBe('2026-11-01');
    expect(out.pushedDown).toBe('77$');
  });

  it('says the page budget ran out only when it did', async () => {
    const limited = await didops(['numbers', 'search', '--country', 'US', '--limit', '2']);
    expect(limited.stdout).not.toContain('--max-pages');
    const budget = await didops(['numbers', 'search', '--country', 'US', '--sequence', 'ascending:7', '--page-size', '10', '--max-pages', '1']);
    expect(budget.stdout).toContain('page budget spent; raise --max-pages');
  });

  it('refuses contradictory criteria naming the flag, before any carrier call', async () => {
    // Every carrier request would fail: the only way to see the validation message is to make none.
    t.sandbox.context.faults.configure([{ method: '*', path: '*', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    try {
    const run = await didops(['numbers', 'search', '--country', 'US', '--type', 'toll-free', '--area-code', '415']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--area-code: toll-free numbers have no geography/);
    const vanity = await didops(['numbers', 'search', '--country', 'US', '--vanity', 'FL@WERS', '--no-prices']);
    expect(vanity.stderr).toMatch(/--vanity: .*@/);
    const distance = await didops(['numbers', 'search', '--country', 'US', '--distance', '5', '--no-prices']);
    expect(distance.stderr).toMatch(/--distance: only applies with --near/);
    } finally {
      t.sandbox.context.faults.configure([]);
    }
  });

  it('explains itself with --help, with examples', async () => {
    const help = await didops(['numbers', 'search', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--vanity-at-end');
    expect(help.stdout).toContain('Examples:');
  });
});

describe('didops numbers check', () => {
  it('says which numbers are available, owned or taken, reading standard input', async () => {
    const [free] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    const owned = await t.client.incomingPhoneNumbers.create({ areaCode: '312' });
    const run = await didops(['numbers', 'check', '-', '--json'], `${free.phoneNumber}\n${owned.phoneNumber}\n+14155550100\nnot-a-number\n`);
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as { status: string }[];
    expect(results.map((r) => r.status)).toEqual(['available', 'owned', 'taken', 'invalid']);
  });
});
