/** Reconciler configuration: precedence, defaults, errors that name the field and the fix, secrets never shown. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ValidationError } from '../../src/core/errors';
import { effectiveSchedules, loadReconcilerConfig, redactConfig } from '../../src/reconciler/config';
import { createReconcilerLogger } from '../../src/reconciler/logger';

const SID = `AC${'a'.repeat(32)}`;
const TOKEN = 'twilio-token-do-not-print';
const STRIPE = 'sk_test_stripe-secret-do-not-print';

function configFile(text: string, name = 'reconciler.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'didops-config-')), name);
  writeFileSync(path, text);
  return path;
}

describe('reconciler configuration', () => {
  it('takes flags over DIDOPS_* variables over the file over defaults', () => {
    const file = configFile('port: 5000\nhost: 0.0.0.0\nlogLevel: debug\nretention:\n  months: 6\n');
    const config = loadReconcilerConfig({
      file,
      env: { DIDOPS_PORT: '6000', DIDOPS_LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://app:pw@db:5432/didops' },
      flags: { port: 7000 },
    });
    expect(config).toMatchObject({ port: 7000, logLevel: 'warn', host: '0.0.0.0', databaseUrl: 'postgres://app:pw@db:5432/didops', retention: { months: 6 }, backups: { keep: 30 }, dataDir: '.didops/reconciler' });
  });

  it('reads a JSON file named by DIDOPS_CONFIG, carriers and schedules included', () => {
    const file = configFile(JSON.stringify({ carriers: { twilio: { accountSid: SID, authToken: TOKEN } }, jobs: { schedules: { ingest: '*/10 * * * *', backup: 'off' } } }), 'c.json');
    const config = loadReconcilerConfig({ env: { DIDOPS_CONFIG: file, DIDOPS_TELNYX_API_KEY: 'KEY123', DIDOPS_SCHEDULE_RATE: '0 * * * *' } });
    expect(config.carriers).toEqual({ twilio: { accountSid: SID, authToken: TOKEN }, telnyx: { apiKey: 'KEY123' } });
    const schedules = effectiveSchedules(config);
    expect(schedules).toMatchObject({ ingest: '*/10 * * * *', rate: '0 * * * *', partitions: '7 3 * * *' });
    expect(schedules).not.toHaveProperty('backup');
  });

  it('names the field, where the bad value came from and the fix', () => {
    expect(() => loadReconcilerConfig({ env: { DIDOPS_PORT: '80a' } })).toThrow(/^port: from DIDOPS_PORT: "80a" .*; change DIDOPS_PORT/);
    expect(() => loadReconcilerConfig({ flags: { 'retention.months': 0 } })).toThrow(/^retention\.months: from --retention-months: 0 must be >=1/);
    const file = configFile('carriers:\n  twilio:\n    accountSid: nope\n    authToken: x\nprot: 1\n');
    let error: unknown;
    try {
      loadReconcilerConfig({ file });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const summaries = (error as ValidationError).diagnostics.map((d) => `${d.field}: ${d.summary}`);
    expect(summaries).toEqual(expect.arrayContaining([
      expect.stringMatching(/^carriers\.twilio\.accountSid: from the file .*: "nope" must be a Twilio account SID/),
      'prot: unknown setting "prot"',
    ]));
  });

  it('points at the missing credential when a carrier is half configured', () => {
    expect(() => loadReconcilerConfig({ env: { DIDOPS_TWILIO_ACCOUNT_SID: SID } })).toThrow(/carriers\.twilio\.authToken: .*; set carriers\.twilio\.authToken \(DIDOPS_TWILIO_AUTH_TOKEN\)/);
  });

  it('never shows a secret: not in errors, not in the redacted config, not in logs', () => {
    expect(() => loadReconcilerConfig({ env: { DIDOPS_STRIPE_SECRET_KEY: 'pk_live_public-not-secret-but-wrong', DIDOPS_TWILIO_ACCOUNT_SID: SID, DIDOPS_TWILIO_AUTH_TOKEN: TOKEN } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('pk_live_public') }),
    );
    const config = loadReconcilerConfig({ env: { DIDOPS_TWILIO_ACCOUNT_SID: SID, DIDOPS_TWILIO_AUTH_TOKEN: TOKEN, DIDOPS_STRIPE_SECRET_KEY: STRIPE, DATABASE_URL: 'postgres://app:db-password@db/didops' } });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toMatch(/do-not-print|db-password/);
    expect(shown).toContain(SID);

    let logged = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) });
    const logger = createReconcilerLogger('info', sink);
    logger.info({ config, carrier: { authToken: TOKEN } }, 'started');
    expect(logged).toContain('"msg":"started"');
    expect(logged).not.toMatch(/do-not-print|db-password/);
  });
});
