/**
 * `didops numbers search` and `didops numbers check` as a user runs them, against a sandbox. The cases run the
 * command in-process (`runCli`, what the bin runs, with its own environment and standard input); the cases marked
 * "the built bin" spawn `bin/didops.js` to prove the binary: its piped output and its standard input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelnyxCarrier } from '../../src/carriers/telnyx';
import { searchNumbers } from '../../src/search';
import { runCliInProcess, type CliRun } from '../support/cli-in-process';
import { runCliBinary } from '../support/cli-process';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox({ telnyx: { orderDelayMs: 0 } });

/** The variables a user sets; `undefined` removes one. */
type Env = Record<string, string | undefined>;

/** The environment of a user with both carriers configured against the sandbox (and no DIDOPS_CARRIER of ours). */
function userEnv(extraEnv: Env = {}): NodeJS.ProcessEnv {
  const { DIDOPS_CARRIER: _ignored, ...inherited } = process.env;
  const env: Env = {
    ...inherited,
    TWILIO_ACCOUNT_SID: t.sandbox.accountSid, TWILIO_AUTH_TOKEN: t.sandbox.authToken, DIDOPS_TWILIO_BASE_URL: t.sandbox.url,
    TELNYX_API_KEY: t.sandbox.telnyxApiKey, DIDOPS_TELNYX_BASE_URL: t.sandbox.url,
    ...extraEnv,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** Runs the CLI in this process, which also serves the sandbox it talks to. */
function didops(args: string[], input?: string, extraEnv: Env = {}): Promise<CliRun> {
  return runCliInProcess(args, { env: userEnv(extraEnv), input });
}

/** Runs the built bin in a child process, its standard input a pipe. */
function didopsBinary(args: string[], input?: string): Promise<CliRun> {
  return runCliBinary(args, { env: userEnv(), input });
}

describe('didops numbers search', () => {
  it('prints a table with region, locality, type, capabilities, price and score, and what it examined (the built bin)', async () => {
    const run = await didopsBinary(['numbers', 'search', '--country', 'US', '--area-code', '415', '--capabilities', 'voice,sms', '--limit', '3']);
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
  it('says which numbers are available, owned or taken, reading standard input (the built bin)', async () => {
    const [free] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    const owned = await t.client.incomingPhoneNumbers.create({ areaCode: '312' });
    const run = await didopsBinary(['numbers', 'check', '-', '--json'], `${free.phoneNumber}\n${owned.phoneNumber}\n+14155550100\nnot-a-number\n`);
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as { status: string }[];
    expect(results.map((r) => r.status)).toEqual(['available', 'owned', 'taken', 'invalid']);
  });
});

/** A search result as `--json` prints it. */
interface Found {
  phoneNumber: string;
  region: string | null;
  locality: string | null;
  type: string;
  capabilities: Record<string, boolean>;
}

/** Criteria as flags, and a check written without the search library that every result must pass. */
const SAME_CRITERIA: { flags: string[]; meets: (n: Found) => boolean }[] = [
  {
    flags: ['--country', 'US', '--area-code', '312', '--suffix', '00', '--capabilities', 'voice,sms'],
    meets: (n) => /^\+1312\d{5}00$/.test(n.phoneNumber) && n.capabilities.voice && n.capabilities.sms,
  },
  { flags: ['--country', 'US', '--region', 'CA', '--locality', 'Burbank'], meets: (n) => n.phoneNumber.startsWith('+1') && n.region === 'CA' && n.locality === 'Burbank' },
  { flags: ['--country', 'US', '--vanity', 'CALL', '--vanity-at-end'], meets: (n) => /^\+1\d{6}2255$/.test(n.phoneNumber) },
  { flags: ['--country', 'US', '--prefix', '4155'], meets: (n) => /^\+14155\d{6}$/.test(n.phoneNumber) },
  { flags: ['--country', 'US', '--type', 'toll-free', '--toll-free-prefix', '888'], meets: (n) => /^\+1888\d{7}$/.test(n.phoneNumber) && n.type === 'tollFree' },
  { flags: ['--country', 'US', '--area-code', '212', '--sequence', 'repeated:3'], meets: (n) => /^\+1212/.test(n.phoneNumber) && /(\d)\1\1/.test(n.phoneNumber.slice(2)) },
  { flags: ['--country', 'US', '--area-code', '415', '--regex', '(00|11|22)\\d{2}$'], meets: (n) => /^\+1415\d{3}(00|11|22)\d{2}$/.test(n.phoneNumber) },
  { flags: ['--country', 'GB', '--region', 'Scotland', '--capabilities', 'voice'], meets: (n) => n.phoneNumber.startsWith('+44') && n.region === 'Scotland' && n.capabilities.voice },
];

describe('didops numbers search --carrier telnyx', () => {
  it.each(SAME_CRITERIA.map((c) => [c.flags.join(' '), c] as const))('finds only numbers that meet %s, on Twilio and on Telnyx alike', async (_, { flags, meets }) => {
    for (const carrier of ['twilio', 'telnyx']) {
      const run = await didops(['numbers', 'search', '--carrier', carrier, ...flags, '--limit', '5', '--no-prices', '--json']);
      expect({ carrier, stderr: run.stderr, status: run.status }).toEqual({ carrier, stderr: '', status: 0 });
      const out = JSON.parse(run.stdout) as { carrier: string; results: Found[] };
      expect(out.carrier).toBe(carrier);
      expect(out.results.length).toBeGreaterThan(0);
      expect(out.results.filter((n) => !meets(n))).toEqual([]);
    }
  });

  it('says which Telnyx filter it sent for a suffix or a vanity word', async () => {
    const suffix = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--area-code', '312', '--suffix', '00', '--limit', '3']);
    expect(suffix.stderr).toBe('');
    expect(suffix.stdout).toMatch(/\+1312\d{5}00/);
    expect(suffix.stdout).toContain('filter[phone_number][ends_with]=00 sent to Telnyx.');
    const vanity = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--vanity', 'CALL', '--limit', '3', '--no-prices']);
    expect(vanity.stdout).toMatch(/\+1\d*2255/);
    expect(vanity.stdout).toContain('filter[phone_number][contains]=2255 sent to Telnyx.');
    // Telnyx takes at most 4 ending digits after an area code: the rest is didops' to check, and the line says so.
    const long = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--area-code', '312', '--suffix', '90600', '--json', '--no-prices']);
    const answer = JSON.parse(long.stdout) as { pushdownFilter: string; results: Found[] };
    expect(answer.pushdownFilter).toBe('filter[phone_number][ends_with]=0600');
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.results.filter((n) => !n.phoneNumber.endsWith('90600'))).toEqual([]);
    const twilio = await didops(['numbers', 'search', '--country', 'US', '--area-code', '312', '--suffix', '00', '--limit', '1', '--no-prices']);
    expect(twilio.stdout).toContain('Contains=00$ sent to Twilio.');
  });

  it('takes the carrier from DIDOPS_CARRIER when no --carrier is given', async () => {
    const run = await didops(['numbers', 'search', '--country', 'US', '--suffix', '00', '--limit', '1', '--no-prices'], undefined, { DIDOPS_CARRIER: 'telnyx' });
    expect(run.stdout).toContain('sent to Telnyx');
  });

  it('refuses criteria Telnyx can neither filter on nor report, naming the flag, instead of ignoring them', async () => {
    const postal = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--postal-code', '94105']);
    expect(postal.status).toBe(1);
    expect(postal.stderr).toMatch(/--postal-code: cannot be searched for with carrier telnyx; Telnyx has no postal code filter/);
    const near = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--near', '+14155550100']);
    expect(near.stderr).toMatch(/^didops: --near: /);
    const address = await didops(['numbers', 'search', '--carrier', 'telnyx', '--country', 'US', '--exclude-address', 'any']);
    expect(address.stderr).toMatch(/^didops: --exclude-address: /);
  });

  it('says which variable or flag is missing when there is no Telnyx API key', async () => {
    for (const args of [['numbers', 'search', '--carrier', 'telnyx', '--country', 'US'], ['numbers', 'check', '-', '--carrier', 'telnyx']]) {
      const run = await didops(args, '+13125550100\n', { TELNYX_API_KEY: undefined });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^didops: no Telnyx API key: set TELNYX_API_KEY \(or pass --telnyx-api-key\)/);
      expect(run.stdout).toBe('');
    }
  });

  it('refuses a carrier it does not speak, from the flag or the environment', async () => {
    const flag = await didops(['numbers', 'search', '--carrier', 'plivo', '--country', 'US']);
    expect(flag.status).toBe(1);
    expect(flag.stderr).toBe('didops: --carrier: "plivo" is not a carrier didops speaks; use twilio or telnyx\n');
    const env = await didops(['numbers', 'check', '-'], '+13125550100\n', { DIDOPS_CARRIER: 'bandwidth' });
    expect(env.stderr).toBe('didops: DIDOPS_CARRIER: "bandwidth" is not a carrier didops speaks; use twilio or telnyx\n');
  });

  it('explains the carrier flags and variables in --help', async () => {
    for (const command of ['search', 'check']) {
      const help = await didops(['numbers', command, '--help']);
      for (const text of ['--carrier <name>', '--telnyx-api-key <key>', '--telnyx-base-url <url>', 'TELNYX_API_KEY', 'DIDOPS_TELNYX_BASE_URL', 'DIDOPS_CARRIER']) {
        expect(help.stdout).toContain(text);
      }
    }
  });
});

describe('didops numbers check --carrier telnyx', () => {
  it('says which numbers are available, owned or taken at Telnyx', async () => {
    const carrier = createTelnyxCarrier({ apiKey: t.sandbox.telnyxApiKey, baseUrl: t.sandbox.url, orderPolling: { initialDelayMs: 10 } });
    const [free, mine] = (await searchNumbers(carrier, { country: 'US', areaCode: '646', limit: 2 })).results;
    const owned = await carrier.numbers.purchase(mine.phoneNumber, {});
    const run = await didops(['numbers', 'check', '-', '--carrier', 'telnyx', '--json'], `${free.phoneNumber}\n${owned.e164}\n+14155550100\nnot-a-number\n`);
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { status: string; sid?: string }[];
    expect(results.map((r) => r.status)).toEqual(['available', 'owned', 'taken', 'invalid']);
    expect(results[1].sid).toBe(owned.id);
  });
});
