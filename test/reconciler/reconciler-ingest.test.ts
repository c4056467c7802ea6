/**
 * Ingest against the sandbox: a generated day of Twilio and Telnyx calls lands in call_records once, attributed to
 * the accounts that owned the numbers and placed on the map; a second run adds nothing; a run killed between batches
 * resumes with nothing lost and nothing twice.
 */
import { sql } from 'kysely';
import type { Carrier, CallRecord } from '../../src/carriers/carrier';
import { purchaseTag } from '../../src/carriers/ownership-marker';
import { reconcilerConfigSchema, type ReconcilerConfig } from '../../src/reconciler/config/schema';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { configuredCarriers } from '../../src/reconciler/ingest/carriers';
import { ingestCallRecords, readCursor } from '../../src/reconciler/ingest/ingest-calls';
import { createTestDatabase, openMigratedDatabase, startTestReconciler, type TestDatabaseTarget } from '../support/reconciler-db';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';
import { sandboxTelnyxCarrier } from '../support/telnyx';

const BOUGHT = Date.parse('2027-03-01T09:00:00Z');
const DAY_START = new Date('2027-03-02T00:00:00Z');
const DAY_END = new Date('2027-03-03T00:00:00Z');
/** The reconciler runs an hour after the day, so every call of it has ended. */
const NOW = new Date(DAY_END.getTime() + 3_600_000);

let t: TestSandbox;
let config: ReconcilerConfig;
const owned: { twilio: string[]; telnyx: string[] } = { twilio: [], telnyx: [] };

beforeAll(async () => {
  // Orders complete at once: the sandbox's clock stands still at the purchase instant.
  t = await startTestSandbox({ now: () => BOUGHT, telnyx: { orderDelayMs: 0 } });
  for (const areaCode of ['415', '212', '312']) owned.twilio.push((await t.client.incomingPhoneNumbers.create({ areaCode })).phoneNumber);
  config = reconcilerConfigSchema.parse({
    logLevel: 'silent',
    carriers: {
      twilio: { accountSid: t.sandbox.accountSid, authToken: t.sandbox.authToken, baseUrl: t.sandbox.url },
      telnyx: { apiKey: t.sandbox.telnyxApiKey, baseUrl: t.sandbox.url },
    },
  });
  const telnyx = sandboxTelnyxCarrier(t.sandbox);
  for (const areaCode of ['617', '305']) {
    const offer = (await telnyx.available.search({ isoCountry: 'US', kind: 'local', pageSize: 1, areaCode, capabilities: ['voice'] })).numbers[0]!;
    owned.telnyx.push((await telnyx.numbers.purchase(offer.e164, { tag: purchaseTag(`urn:test:ingest:${offer.e164}`) })).e164);
  }
  t.sandbox.traffic.generate({ start: DAY_START.getTime(), end: DAY_END.getTime(), callsPerNumberPerDay: 40, seed: 3 });
});
afterAll(async () => {
  await t?.close();
});

/** What the carrier itself lists for the day: the truth the table must equal. */
async function listed(carrier: Carrier): Promise<CallRecord[]> {
  const calls: CallRecord[] = [];
  for await (const c of carrier.callRecords({ from: DAY_START, to: DAY_END })) calls.push(c);
  return calls;
}

async function storedIds(database: ReconcilerDatabase, carrier: string): Promise<string[]> {
  const rows = await database.db.selectFrom('call_records').select('carrier_call_id').where('carrier', '=', carrier).orderBy('carrier_call_id').execute();
  return rows.map((r) => r.carrier_call_id);
}

describe('ingest on postgres', () => {
  let target: TestDatabaseTarget & { drop(): Promise<void> };
  let database: ReconcilerDatabase;
  beforeAll(async () => {
    target = await createTestDatabase('postgres');
    database = await openMigratedDatabase(target);
    await database.db.insertInto('accounts').values([
      { id: 'cus_acme', name: 'Acme', rate_card_key: 'standard', currency: 'USD' },
      { id: 'cus_globex', name: 'Globex', rate_card_key: 'standard', currency: 'USD' },
    ]).execute();
    // Acme has the first Twilio number all day; Globex gets the second at noon; the third belongs to nobody.
    await database.db.insertInto('account_numbers').values([
      { e164: owned.twilio[0]!, account_id: 'cus_acme', carrier: 'twilio', valid_from: '2027-01-01T00:00:00Z', valid_to: null },
      { e164: owned.twilio[1]!, account_id: 'cus_globex', carrier: 'twilio', valid_from: '2027-03-02T12:00:00Z', valid_to: null },
      { e164: owned.telnyx[0]!, account_id: 'cus_globex', carrier: 'telnyx', valid_from: '2027-01-01T00:00:00Z', valid_to: null },
    ]).execute();
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('ingests a generated day from both carriers, each call once, attributed and placed', async () => {
    for (const name of ['twilio', 'telnyx'] as const) {
      const carrier = configuredCarriers(config).set.get(name);
      const truth = await listed(carrier);
      expect(truth.length).toBeGreaterThan(50);
      const result = await ingestCallRecords({ db: database.db, carrier, now: NOW, from: DAY_START, batchSize: 100 });
      expect(result).toMatchObject({ read: truth.length, inserted: truth.length, live: 0 });
      expect(await storedIds(database, name)).toEqual(truth.map((c) => c.id).sort());
      expect(await readCursor(database.db, carrier)).toEqual(new Date(NOW.getTime() - 60_000));
    }

    const rows = await database.db.selectFrom('call_records').selectAll().execute();
    const [acme, globex, nobody] = owned.twilio;
    for (const row of rows.filter((r) => r.number_e164 === acme)) expect(row.account_id).toBe('cus_acme');
    for (const row of rows.filter((r) => r.number_e164 === globex)) {
      expect(row.account_id).toBe(row.started_at >= new Date('2027-03-02T12:00:00Z') ? 'cus_globex' : null);
    }
    expect(rows.filter((r) => r.number_e164 === nobody).every((r) => r.account_id === null)).toBe(true);
    expect(rows.filter((r) => r.number_e164 === owned.telnyx[0]).every((r) => r.account_id === 'cus_globex')).toBe(true);

    // Our number's side is known: a 415 number is in California, a 617 one in Massachusetts.
    const sanFrancisco = rows.find((r) => r.direction === 'inbound' && r.to_e164.startsWith('+1415'))!;
    expect(sanFrancisco).toMatchObject({ callee_country: 'US', callee_region: 'CA', number_e164: sanFrancisco.to_e164, other_party: sanFrancisco.from_e164 });
    const boston = rows.find((r) => r.direction === 'outbound' && r.from_e164.startsWith('+1617'))!;
    expect(boston).toMatchObject({ caller_country: 'US', caller_region: 'MA' });
    // Callers from abroad are placed too (the generator mixes in foreign numbers).
    expect(rows.filter((r) => r.caller_country !== null && r.caller_country !== 'US' && r.caller_country !== 'CA').length).toBeGreaterThan(0);
    // A carrier's price is kept only when exact in minor units (fractions of a cent are left to rating, never rounded).
    expect(rows.filter((r) => (r.carrier_price_minor === null) !== (r.carrier_currency === null))).toEqual([]);
  });

  it('adds nothing on a second run, or when the cursor is lost and the whole day is read again', async () => {
    const twilio = configuredCarriers(config).set.get('twilio');
    const before = (await storedIds(database, 'twilio')).length;
    expect(await ingestCallRecords({ db: database.db, carrier: twilio, now: NOW })).toMatchObject({ read: 0, inserted: 0 });
    await database.db.deleteFrom('ingest_cursors').execute();
    expect(await ingestCallRecords({ db: database.db, carrier: twilio, now: NOW, from: DAY_START })).toMatchObject({ read: before, inserted: 0 });
    expect(await storedIds(database, 'twilio')).toHaveLength(before);
  });

  it('resumes a run killed between batches with no call lost or stored twice', async () => {
    const twilio = configuredCarriers(config).set.get('twilio');
    const truth = (await listed(twilio)).map((c) => c.id).sort();
    await sql`TRUNCATE call_records`.execute(database.db);
    await database.db.deleteFrom('ingest_cursors').execute();

    const kill = new AbortController();
    let batches = 0;
    await expect(
      ingestCallRecords({ db: database.db, carrier: twilio, now: NOW, from: DAY_START, batchSize: 25, signal: kill.signal, onBatch: () => ++batches === 2 && kill.abort() }),
    ).rejects.toThrow(/abort/i);
    const partial = await storedIds(database, 'twilio');
    expect(partial).toHaveLength(50);
    const cursor = await readCursor(database.db, twilio);
    expect(cursor!.getTime()).toBeLessThan(DAY_END.getTime());

    const resumed = await ingestCallRecords({ db: database.db, carrier: twilio, now: NOW, batchSize: 25 });
    // The resumed run starts at the cursor: it reads the rest (and at most the calls sharing the cursor's instant again).
    expect(resumed.read).toBeLessThan(truth.length);
    expect(await storedIds(database, 'twilio')).toEqual(truth);
  });
});

describe('the ingest job in a running reconciler on the embedded database', () => {
  let target: TestDatabaseTarget & { drop(): Promise<void> };
  beforeAll(async () => {
    target = await createTestDatabase('embedded');
  });
  afterAll(async () => {
    await target?.drop();
  });

  it('fans out to each configured carrier and ingests the day', async () => {
    const reconciler = await startTestReconciler(target, { carriers: config.carriers }, { now: () => NOW });
    try {
      await reconciler.queue!.addJob('ingest', { from: DAY_START.toISOString() });
      const expected = (await listed(configuredCarriers(config).set.get('twilio'))).length + (await listed(configuredCarriers(config).set.get('telnyx'))).length;
      // Both carriers' runs finished: the scheduling run and one per carrier.
      const deadline = Date.now() + 60_000;
      const finished = /didops_reconciler_jobs_finished_total\{job="ingest",outcome="success",service="didops-reconciler"\} 3/;
      while (!finished.test(await (await fetch(`${reconciler.url}/metrics`)).text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const count = await reconciler.context.db.selectFrom('call_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(expected);
    } finally {
      await reconciler.stop();
    }
  });
});
