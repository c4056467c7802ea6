/** The reconciler's schema on both backends: migrations, monthly partitions, the append-only audit log, one owner per number. */
import { sql } from 'kysely';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { migrateToLatest, pendingMigrations } from '../../src/reconciler/db/migrate';
import { dropPartitionsBefore, ensureMonthPartitions, listMonthPartitions } from '../../src/reconciler/db/partitions';
import { RECONCILER_BACKENDS, openMigratedDatabase, useReconcilerDatabase } from '../support/reconciler-db';

describe.each(RECONCILER_BACKENDS)('the reconciler database on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);
  let database: ReconcilerDatabase;
  beforeAll(async () => {
    database = await openMigratedDatabase(fresh.target());
  });
  afterAll(async () => {
    await database?.close();
  });

  it('applies its migrations once: a second run applies nothing and none is pending', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });

  it('files a call in the partition of its month, and retention drops whole months', async () => {
    const created = await ensureMonthPartitions(database.db, new Date('2025-01-15T00:00:00Z'), new Date('2025-03-02T00:00:00Z'));
    expect(created).toEqual(['call_records_2025_01', 'call_records_2025_02', 'call_records_2025_03']);
    expect(await ensureMonthPartitions(database.db, new Date('2025-03-01T00:00:00Z'), new Date('2025-03-31T23:59:59Z'))).toEqual([]);

    await database.db
      .insertInto('call_records')
      .values({ carrier: 'twilio', carrier_call_id: 'CA1', started_at: '2025-02-28T23:59:59.999Z', from_e164: '+14155550100', to_e164: '+14155550101', direction: 'inbound', duration_seconds: 61, status: 'completed', carrier_price_minor: 1, carrier_currency: 'USD', account_id: null, number_e164: null, other_party: null, caller_country: null, caller_region: null, callee_country: null, callee_region: null, rated_at: null, rate_class: null, billable_seconds: null, unrated_reason: null })
      .execute();
    const { rows } = await sql<{ partition: string }>`SELECT tableoid::regclass::text AS partition FROM call_records WHERE carrier_call_id = 'CA1'`.execute(database.db);
    expect(rows).toEqual([{ partition: 'call_records_2025_02' }]);

    expect(await dropPartitionsBefore(database.db, new Date('2025-02-10T00:00:00Z'))).toEqual(['call_records_2025_01']);
    expect((await listMonthPartitions(database.db)).map((p) => p.name)).toEqual(['call_records_2025_02', 'call_records_2025_03']);
  });

  it('refuses a call for a month that has no partition instead of filing it elsewhere', async () => {
    await expect(
      database.db.insertInto('call_records').values({ carrier: 'twilio', carrier_call_id: 'CA2', started_at: '2019-06-01T00:00:00Z', from_e164: '+1', to_e164: '+2', direction: 'outbound', duration_seconds: 0, status: 'failed', carrier_price_minor: null, carrier_currency: null, account_id: null, number_e164: null, other_party: null, caller_country: null, caller_region: null, callee_country: null, callee_region: null, rated_at: null, rate_class: null, billable_seconds: null, unrated_reason: null }).execute(),
    ).rejects.toThrow(/no partition/);
  });

  it('keeps the audit log append-only: rows can be added, never changed or deleted', async () => {
    await database.db.insertInto('audit_log').values({ actor: 'cli', action: 'accounts.create', target: 'cus_1', source: 'local', detail: JSON.stringify({ name: 'Acme' }) }).execute();
    await expect(database.db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await database.db.selectFrom('audit_log').select(['actor', 'detail']).execute()).toEqual([{ actor: 'cli', detail: { name: 'Acme' } }]);
  });

  it('lets a number belong to one account at a time', async () => {
    await database.db.insertInto('accounts').values([
      { id: 'cus_A', name: 'A', rate_card_key: 'standard', currency: 'USD' },
      { id: 'cus_B', name: 'B', rate_card_key: 'standard', currency: 'USD' },
    ]).execute();
    await database.db.insertInto('account_numbers').values({ e164: '+14155550100', account_id: 'cus_A', carrier: 'twilio', valid_from: '2025-01-01T00:00:00Z', valid_to: '2025-02-01T00:00:00Z' }).execute();
    // Handing it on when A's period ends is fine; overlapping A's period is not.
    await database.db.insertInto('account_numbers').values({ e164: '+14155550100', account_id: 'cus_B', carrier: 'twilio', valid_from: '2025-02-01T00:00:00Z', valid_to: null }).execute();
    await expect(
      database.db.insertInto('account_numbers').values({ e164: '+14155550100', account_id: 'cus_A', carrier: 'twilio', valid_from: '2025-03-01T00:00:00Z', valid_to: null }).execute(),
    ).rejects.toThrow(/account_numbers_one_owner/);
  });
});
