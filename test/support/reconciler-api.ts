/**
 * Two tenants on a running reconciler, for API tests: the operator registers accounts A and B and A's numbers through
 * the API; A then has a month of calls (rated, unratable and not yet rated), a closed billing period and usage waiting
 * to be pushed; B has nothing, so anything of A's in an answer to B is a leak. Keys of every role are issued for A,
 * an admin key for B.
 */
import type { RunningReconciler } from '../../src/reconciler/service';
import { ensureMonthPartitions } from '../../src/reconciler/db/partitions';
import type { Role } from '../../src/reconciler/api/auth/roles';

/** The service's clock in these tests. */
export const API_NOW = new Date('2027-03-15T12:00:00Z');

/** Tenant A's identifiers: any of them in an answer to B is a leak. */
export const TENANT_A = {
  account: 'cus_ApiTenantA',
  numbers: ['+14155550100', '+13125550122'],
  callIds: ['CAa000000000000000000000000000001', 'CAa000000000000000000000000000002', 'v3:telnyx-a-3'],
  invoice: 'in_ApiTenantA',
} as const;

/** Tenant B: an account with no data at all. */
export const TENANT_B = { account: 'cus_ApiTenantB' } as const;

/** The keys the tests call with. */
export interface ApiKeys {
  readonly operator: string;
  readonly a: Readonly<Record<Role, string>>;
  readonly bAdmin: string;
  /** Tenant A's alerts: one to read and change, one tests may delete. */
  readonly alertsOfA: readonly [string, string];
}

/** Calls `path` on the reconciler with a key. */
export async function apiCall(reconciler: RunningReconciler, key: string | undefined, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return reconciler.app.request(path, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) });
}

/** Sets up both tenants through the API (and A's calls in the database, as ingest and rating leave them). */
export async function seedApiTenants(reconciler: RunningReconciler): Promise<ApiKeys> {
  const { db } = reconciler.context;
  const operator = (await reconciler.auth.apiKeys.issue({ name: 'operator', role: 'admin', accounts: 'all', createdBy: 'cli' })).secret;
  const expectOk = async (res: Promise<Response>, status: number) => {
    const answer = await res;
    if (answer.status !== status) throw new Error(`seeding: ${answer.status} ${await answer.text()}`);
  };
  for (const [id, name] of [[TENANT_A.account, 'Tenant A'], [TENANT_B.account, 'Tenant B']] as const) {
    await expectOk(apiCall(reconciler, operator, '/v1/accounts', { method: 'POST', json: { id, name, rate_card_key: 'standard', currency: 'usd' } }), 201);
  }
  await expectOk(
    apiCall(reconciler, operator, `/v1/accounts/${TENANT_A.account}/numbers`, {
      method: 'PUT',
      json: {
        numbers: [
          { e164: TENANT_A.numbers[0], carrier: 'twilio', valid_from: '2027-01-01T00:00:00Z' },
          { e164: TENANT_A.numbers[1], carrier: 'telnyx', valid_from: '2027-01-01T00:00:00Z', valid_to: '2027-04-01T00:00:00Z' },
        ],
      },
    }),
    200,
  );
  await ensureMonthPartitions(db, new Date('2027-02-01T00:00:00Z'), new Date('2027-04-01T00:00:00Z'));
  const base = {
    from_e164: '+442079460000',
    direction: 'inbound' as const,
    caller_country: 'GB',
    caller_region: 'England',
    callee_country: 'US',
    callee_region: 'CA',
    carrier_currency: 'USD',
  };
  await db
    .insertInto('call_records')
    .values([
      { ...base, carrier: 'twilio', carrier_call_id: TENANT_A.callIds[0], started_at: '2027-03-02T10:00:00Z', to_e164: TENANT_A.numbers[0], number_e164: TENANT_A.numbers[0], other_party: base.from_e164, account_id: TENANT_A.account, duration_seconds: 125, status: 'completed', carrier_price_minor: 2, rated_at: '2027-03-02T10:10:00Z', rate_class: 'in-1', billable_seconds: 180, amount_decimal: '4.5' },
      { ...base, carrier: 'twilio', carrier_call_id: TENANT_A.callIds[1], started_at: '2027-03-03T18:30:00Z', to_e164: TENANT_A.numbers[0], number_e164: TENANT_A.numbers[0], other_party: base.from_e164, account_id: TENANT_A.account, duration_seconds: 0, status: 'no-answer', carrier_price_minor: null, rated_at: null },
      { ...base, carrier: 'telnyx', carrier_call_id: TENANT_A.callIds[2], started_at: '2027-03-04T08:15:00Z', direction: 'outbound', from_e164: TENANT_A.numbers[1], to_e164: '+61290000000', number_e164: TENANT_A.numbers[1], other_party: '+61290000000', account_id: TENANT_A.account, duration_seconds: 61, status: 'completed', carrier_price_minor: null, rated_at: '2027-03-04T08:20:00Z', unrated_reason: 'no_rate' },
      // A call on a number nobody holds: the operator's, no tenant's.
      { ...base, carrier: 'twilio', carrier_call_id: 'CAunattributed00000000000000000001', started_at: '2027-03-05T09:00:00Z', to_e164: '+19175550199', number_e164: '+19175550199', other_party: base.from_e164, account_id: null, duration_seconds: 30, status: 'completed', carrier_price_minor: null },
    ])
    .execute();
  await db.insertInto('billing_periods').values([
    { account_id: TENANT_A.account, period_start: '2027-02-01T00:00:00Z', period_end: '2027-03-01T00:00:00Z', status: 'closed', stripe_invoice_id: TENANT_A.invoice, currency: 'USD', total_minor: 1234, closed_at: '2027-03-01T01:00:00Z' },
    { account_id: TENANT_A.account, period_start: '2027-03-01T00:00:00Z', period_end: '2027-04-01T00:00:00Z', status: 'open', stripe_invoice_id: null, currency: null, total_minor: null, closed_at: null },
  ]).execute();
  await db.insertInto('usage_outbox').values({ identifier: `didops:twilio:${TENANT_A.callIds[0]}:in-1`, account_id: TENANT_A.account, event_name: 'didops_inbound_seconds', value: 180, occurred_at: '2027-03-02T10:00:00Z' }).execute();
  const issue = async (role: Role, accounts: readonly string[]) => (await reconciler.auth.apiKeys.issue({ name: `${role} ${accounts.join(',')}`, role, accounts, createdBy: 'test' })).secret;
  const alertsOfA: string[] = [];
  for (const threshold of [500, 900]) {
    const res = await apiCall(reconciler, operator, '/v1/alerts', {
      method: 'POST',
      json: { account_id: TENANT_A.account, metric: 'spend', threshold, recurring: 'billing_period', webhook_url: 'https://tenant-a.example.com/hooks' },
    });
    if (res.status !== 201) throw new Error(`seeding an alert: ${res.status} ${await res.text()}`);
    alertsOfA.push(((await res.json()) as { id: string }).id);
  }
  // The first alert fired once this period (as the alerts job records it).
  await db
    .insertInto('alert_firings')
    .values({ id: 'alf_tenanta0001', alert_id: alertsOfA[0]!, account_id: TENANT_A.account, window_start: '2027-03-01T00:00:00Z', window_end: '2027-04-01T00:00:00Z', value: '504.5', threshold: 500, fired_at: '2027-03-10T00:15:00Z', body: '{}' })
    .execute();
  return {
    alertsOfA: [alertsOfA[0]!, alertsOfA[1]!],
    operator,
    a: { admin: await issue('admin', [TENANT_A.account]), billing: await issue('billing', [TENANT_A.account]), 'read-only': await issue('read-only', [TENANT_A.account]) },
    bAdmin: await issue('admin', [TENANT_B.account]),
  };
}
