/**
 * `didops demo`, the README's first command, as a user runs it: the built bin, in a child process. (`didops sandbox`
 * is in cli-sandbox.test.ts, `numbers` and `routing` in their own files.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliRun } from '../support/cli-in-process';
import { runCliBinary } from '../support/cli-process';

describe('npm run demo', () => {
  let demo: CliRun;
  beforeAll(async () => {
    demo = await runCliBinary(['demo'], { timeoutMs: 180_000 });
  }, 180_000);

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
