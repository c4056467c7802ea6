/**
 * Retention on both backends: old months of call records dropped whole by the scheduled job; a person's data (a phone
 * number) exported as JSON and CSV and erased on request, keeping what invoices need under a pseudonym; every run
 * recorded in retention_runs and the audit log without the person's number.
 */
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { listMonthPartitions } from '../../src/reconciler/db/partitions';
import { retentionJob } from '../../src/reconciler/jobs/retention';
import { erasePersonalData, exportPersonalData, listRetentionRuns, personalDataCsv, personalDataJson, pseudonymOf } from '../../src/reconciler/retention';
import { RECONCILER_BACKENDS, openMigratedDatabase, useReconcilerDatabase } from '../support/reconciler-db';
import { ACME, ACME_SALES, ACME_SUPPORT, BOLT, BOLT_MAIN, insertAcmeAndBolt, insertCalls, jobContextOn } from '../support/reconciler-records';

/** The person asking for their data. */
const PERSON = '+442079460123';
const SOMEONE_ELSE = '+442079460999';
const UNOWNED = '+12125550111';
const PSEUDONYM_KEY = 'k'.repeat(32);
const NOW = new Date('2025-12-07T03:30:00Z');

describe.each(RECONCILER_BACKENDS)('retention on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);
  // The database closes in this block's afterAll, before the outer one drops it.
  describe('with the database open', () => {
    let database: ReconcilerDatabase;
    beforeAll(async () => {
      database = await openMigratedDatabase(fresh.target());
      await insertAcmeAndBolt(database.db);
      await insertCalls(database.db, [
        { id: 'CA-p-1', startedAt: '2025-11-03T10:00:00Z', from: PERSON, to: ACME_SALES, account: ACME, calleeRegion: 'California', callerRegion: 'London', amount: '3.25' },
        { id: 'CA-p-2', startedAt: '2025-11-04T10:00:00Z', from: PERSON, to: ACME_SALES, account: ACME, rated: false },
        { id: 'CA-p-3', startedAt: '2025-11-05T10:00:00Z', from: ACME_SUPPORT, to: PERSON, direction: 'outbound', account: ACME, calleeRegion: 'London' },
        { id: 'CA-p-4', startedAt: '2025-12-01T09:00:00Z', from: PERSON, to: BOLT_MAIN, account: BOLT },
        { id: 'CA-p-unowned', startedAt: '2025-12-02T09:00:00Z', from: PERSON, to: UNOWNED, account: null },
        { id: 'CA-other', startedAt: '2025-11-03T11:00:00Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
      ]);
    });
    afterAll(async () => {
      await database?.close();
    });

    it('drops the months older than retention.months whole, keeps the rest, and records every run', async () => {
      await insertCalls(database.db, [
        { id: 'CA-old-1', startedAt: '2024-10-15T12:00:00Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
        { id: 'CA-old-2', startedAt: '2024-11-03T12:00:00Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
        { id: 'CA-old-3', startedAt: '2024-11-30T23:59:59Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
        // Twelve months and six days old, but its month is not wholly past the retention yet.
        { id: 'CA-kept-1', startedAt: '2024-12-01T00:00:00Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
        { id: 'CA-kept-2', startedAt: '2025-06-01T12:00:00Z', from: SOMEONE_ELSE, to: ACME_SALES, account: ACME },
      ]);
      const context = jobContextOn(database, () => NOW, { retention: { months: 12 } });

      await retentionJob.run({}, context);
      const months = (await listMonthPartitions(database.db)).map((p) => p.name);
      expect(months).not.toContain('call_records_2024_11');
      expect(months).toEqual(expect.arrayContaining(['call_records_2024_12', 'call_records_2025_06', 'call_records_2025_11', 'call_records_2025_12']));
      const left = await database.db.selectFrom('call_records').select('carrier_call_id').where('carrier_call_id', 'like', 'CA-%-%').orderBy('carrier_call_id').execute();
      expect(left.map((r) => r.carrier_call_id).filter((id) => /^CA-(old|kept)/.test(id))).toEqual(['CA-kept-1', 'CA-kept-2']);

      // The next day's run finds nothing more to drop, and is on record too.
      await retentionJob.run({}, context);
      const runs = await listRetentionRuns(database.db, { kind: 'expire' });
      expect(runs.map((r) => r.counts)).toEqual([
        { partitions: 0, records: 0, dropped: [] },
        { partitions: 2, records: 3, dropped: ['call_records_2024_10', 'call_records_2024_11'] },
      ]);
      expect(runs[1]).toMatchObject({ actor: 'job:retention', cutoff: new Date('2024-12-01T00:00:00Z'), started_at: NOW });
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'call_records.expire').orderBy('id').execute();
      expect(audit.map((a) => [a.actor, a.target, a.source, (a.detail as { counts: { records: number } }).counts.records])).toEqual([
        ['job:retention', 'call_records', 'local', 3],
        ['job:retention', 'call_records', 'local', 0],
      ]);
    });

    it("exports exactly a person's calls, as caller or callee across accounts, as JSON and CSV", async () => {
      const data = await exportPersonalData(database.db, { e164: '+44 20 7946 0123', actor: 'api_key:dpo', source: '203.0.113.9', now: NOW, reference: 'DSR-17', pseudonymKey: PSEUDONYM_KEY });

      expect(data.subject).toBe(PERSON);
      expect(data.calls.map((c) => [c.carrier_call_id, c.role, c.account_id])).toEqual([
        ['CA-p-1', 'caller', ACME],
        ['CA-p-2', 'caller', ACME],
        ['CA-p-3', 'callee', ACME],
        ['CA-p-4', 'caller', BOLT],
        ['CA-p-unowned', 'caller', null],
      ]);
      expect(data.calls[0]).not.toHaveProperty('amount_decimal');
      const csv = personalDataCsv(data).split('\r\n');
      expect(csv[0]).toBe('started_at,direction,role,from_e164,to_e164,duration_seconds,status,caller_country,caller_region,callee_country,callee_region,account_id,carrier,carrier_call_id');
      expect(csv[1]).toBe(`2025-11-03T10:00:00.000Z,inbound,caller,${PERSON},${ACME_SALES},90,completed,GB,London,US,California,${ACME},twilio,CA-p-1`);
      expect(csv).toHaveLength(1 + 5 + 1);
      expect(JSON.parse(personalDataJson(data))).toMatchObject({ subject: PERSON, calls: expect.any(Array), registrations: [], retention_run: data.run.id });

      // The record of the export names the person by pseudonym only.
      expect(data.run).toMatchObject({ kind: 'export', actor: 'api_key:dpo', subject: pseudonymOf(PERSON, PSEUDONYM_KEY), reference: 'DSR-17', counts: { calls: 5, registrations: 0 } });
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.export').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: 'api_key:dpo', source: '203.0.113.9', target: `person:${pseudonymOf(PERSON, PSEUDONYM_KEY)}` });
      expect(JSON.stringify([audit, data.run])).not.toContain('7946');
    });

    it("erases a person: billed calls keep what the invoice needs under a pseudonym, unbilled ones go, and the erasure is audited", async () => {
      const before = await database.db.selectFrom('call_records').selectAll().where('carrier_call_id', 'like', 'CA-p-%').orderBy('carrier_call_id').execute();
      const erased = await erasePersonalData(database.db, { e164: PERSON, actor: 'cli:dpo', now: NOW, reference: 'DSR-18', pseudonymKey: PSEUDONYM_KEY });
      const anon = pseudonymOf(PERSON, PSEUDONYM_KEY);
      expect(erased).toMatchObject({ subject: anon, pseudonymised: 4, deleted: 1, kept_as_account_number: 0 });

      const after = await database.db.selectFrom('call_records').selectAll().where('carrier_call_id', 'like', 'CA-p-%').orderBy('carrier_call_id').execute();
      expect(after.map((r) => r.carrier_call_id)).toEqual(['CA-p-1', 'CA-p-2', 'CA-p-3', 'CA-p-4']);
      for (const row of after) {
        const was = before.find((b) => b.carrier_call_id === row.carrier_call_id)!;
        // Time, duration, our number, the rating and the regions stay; only the person's number is replaced.
        expect(row).toEqual({
          ...was,
          from_e164: was.from_e164 === PERSON ? anon : was.from_e164,
          to_e164: was.to_e164 === PERSON ? anon : was.to_e164,
          other_party: anon,
        });
      }
      expect(after[0]).toMatchObject({ number_e164: ACME_SALES, amount_decimal: '3.25', billable_seconds: 120, caller_region: 'London', callee_region: 'California' });
      expect(await database.db.selectFrom('call_records').select('from_e164').where('carrier_call_id', '=', 'CA-other').executeTakeFirstOrThrow()).toEqual({ from_e164: SOMEONE_ELSE });
      expect(JSON.stringify(after)).not.toContain(PERSON);
      expect((await exportPersonalData(database.db, { e164: PERSON, actor: 'cli:dpo', now: NOW })).calls).toEqual([]);

      // A number that is an account's own line is the customer's: its calls are kept as they are.
      const ownLine = await erasePersonalData(database.db, { e164: BOLT_MAIN, actor: 'cli:dpo', now: NOW });
      expect(ownLine).toMatchObject({ pseudonymised: 0, deleted: 0, kept_as_account_number: 1 });

      const runs = await listRetentionRuns(database.db, { kind: 'erase' });
      expect(runs[1]).toMatchObject({ actor: 'cli:dpo', subject: anon, reference: 'DSR-18', counts: { pseudonymised: 4, deleted: 1, kept_as_account_number: 0 } });
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.erase').orderBy('id').execute();
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor: 'cli:dpo', source: 'local', target: `person:${anon}` });
      expect(JSON.stringify([audit, runs])).not.toContain(PERSON);
    });
  });
});
