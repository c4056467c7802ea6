/**
 * Tenancy, roles and bad input over EVERY route of the API, driven from the route registry, so a route added later is
 * covered without touching this file (unless it names a path parameter or required query value no route had before,
 * which fails here until a sample of tenant A's is added below):
 * - tenant B's admin key, asking for tenant A's objects by id, gets a 403 or 404, or an answer holding nothing of A's;
 * - each of A's roles is refused (403) exactly where the auth doc's table says;
 * - random bad input never makes a 500 and every error has the API's error body;
 * and the same over GraphQL, every Query and Mutation field of the schema.
 */
import { buildGraphqlSchema } from '../../src/reconciler/api/graphql';
import { registryOf } from '../../src/reconciler/api/app';
import { roleGrants, ROLES, SAFE_METHODS } from '../../src/reconciler/api/auth/roles';
import type { AnyRoute } from '../../src/reconciler/api/rest/route';
import type { RunningReconciler } from '../../src/reconciler/service';
import { expectNoServerErrorForBadInput, isApiErrorBody } from '../support/api-bad-input';
import { API_NOW, apiCall, seedApiTenants, TENANT_A, type ApiKeys } from '../support/reconciler-api';
import { startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';
import { graphqlTenancyProbes } from '../support/reconciler-api-probes';

const fresh = useReconcilerDatabase('postgres');
let reconciler: RunningReconciler;
let keys: ApiKeys;
let routes: AnyRoute[];
/** Ids of tenant A's objects that only exist once seeded (credentials, alerts). */
const samples = new Map<string, string>();

beforeAll(async () => {
  reconciler = await startTestReconciler(fresh.target(), {}, { jobs: false, now: () => API_NOW });
  keys = await seedApiTenants(reconciler);
  routes = registryOf(reconciler.app).filter((r) => r.access !== 'public' && !r.path.startsWith('/graphql'));
  const issued = await reconciler.auth.apiKeys.issue({ name: 'to revoke', role: 'read-only', accounts: [TENANT_A.account], createdBy: 'test' });
  samples.set('/v1/api-keys/:id', issued.record.id);
  const client = await reconciler.auth.clients.issue({ name: 'to revoke', role: 'read-only', accounts: [TENANT_A.account], createdBy: 'test' });
  samples.set('/v1/oauth-clients/:id', client.record.id);
  samples.set('/v1/alerts/:id', keys.alertsOfA[0]);
  samples.set('DELETE /v1/alerts/:id', keys.alertsOfA[1]);
});
afterAll(async () => {
  await reconciler?.stop();
});

/** Tenant A's value for a path parameter (by route, then by name). */
function pathValue(route: AnyRoute, name: string): string {
  const byName: Record<string, string> = { account: TENANT_A.account, carrier: 'twilio', call_id: TENANT_A.callIds[0], invoice: TENANT_A.invoice, format: 'pdf' };
  const value = samples.get(`${route.method} ${route.path}`) ?? samples.get(route.path.replace(/\/(firings|rotate-secret)$/, '')) ?? byName[name];
  if (value === undefined) throw new Error(`${route.method} ${route.path}: no sample of tenant A for :${name}; add one to this test`);
  return value;
}

/** The request a caller makes for tenant A's objects on `route`. */
function requestFor(route: AnyRoute): { path: string; init: RequestInit & { json?: unknown } } {
  let path = route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(pathValue(route, name)));
  const shape = (route.query as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> } | undefined)?.shape ?? {};
  const query = new URLSearchParams();
  const sampleQuery: Record<string, string> = { account_id: TENANT_A.account, format: 'csv' };
  for (const [name, schema] of Object.entries(shape)) {
    if (sampleQuery[name] !== undefined) query.set(name, sampleQuery[name]!);
    else if (!schema.safeParse(undefined).success) throw new Error(`${route.method} ${path}: no sample for the required query value ${name}; add one to this test`);
  }
  if (query.size > 0) path += `?${query}`;
  if (route.body && route.example === undefined) throw new Error(`${route.method} ${route.path}: give the route an example body (the document shows it; this test sends it)`);
  const json = route.body ? withAccount(route.example) : undefined;
  return { path, init: { method: route.method, ...(json !== undefined ? { json } : {}) } };
}

function withAccount(example: unknown): unknown {
  if (typeof example !== 'object' || example === null) return example;
  const body = { ...(example as Record<string, unknown>) };
  if ('account_id' in body) body.account_id = TENANT_A.account;
  if (Array.isArray(body.accounts)) body.accounts = [TENANT_A.account];
  return body;
}

/** Fails when an answer to tenant B holds anything of tenant A's: an identifier, or any count above zero. */
function expectNothingOfA(where: string, text: string): void {
  for (const marker of [TENANT_A.account, ...TENANT_A.numbers, ...TENANT_A.callIds, TENANT_A.invoice]) {
    if (text.includes(marker)) throw new Error(`${where}: tenant B was shown ${marker}: ${text.slice(0, 300)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  const numbers: number[] = [];
  const walk = (v: unknown) => (typeof v === 'number' ? numbers.push(v) : typeof v === 'object' && v !== null ? Object.values(v).forEach(walk) : undefined);
  walk(parsed);
  if (numbers.some((n) => n !== 0)) throw new Error(`${where}: tenant B, who has no data, got non-zero counts: ${text.slice(0, 300)}`);
}

test('every REST route, asked by another tenant for tenant A\'s objects, answers nothing of A\'s', async () => {
  expect(routes.length).toBeGreaterThan(10);
  for (const route of routes) {
    const { path, init } = requestFor(route);
    const where = `${route.method} ${path}`;
    const res = await apiCall(reconciler, keys.bAdmin, path, init);
    const text = await res.text();
    if (res.status >= 500) throw new Error(`${where}: ${res.status} ${text}`);
    if (res.status !== 403 && res.status !== 404) expectNothingOfA(where, text);
    if (route.method === 'GET' && route.access !== 'operator') {
      // The same request with A's own key does find A's data, so the probe above asked for something that exists.
      const own = await apiCall(reconciler, keys.a.admin, path, init);
      const ownText = await own.text();
      expect({ where, status: own.status }).toEqual({ where, status: 200 });
      expect(ownText.includes(TENANT_A.account) || TENANT_A.callIds.some((id) => ownText.includes(id))).toBe(true);
    }
  }
});

test("each role is refused exactly the routes the roles table keeps from it (403), and no other", async () => {
  for (const role of ROLES) {
    for (const route of routes) {
      const refused =
        !roleGrants(role, route.access as never) ||
        (role === 'read-only' && !SAFE_METHODS.has(route.method) && !route.queryOverPost) ||
        route.access === 'operator'; // A's keys are bound to A: never the operator's
      const { path, init } = requestFor(route);
      const res = await apiCall(reconciler, keys.a[role], path, init);
      const body = await res.text();
      expect({ role, route: `${route.method} ${route.path}`, refused: res.status === 403 }).toEqual({ role, route: `${route.method} ${route.path}`, refused });
      if (res.status === 403) expect(JSON.parse(body).error.code).toBe('forbidden');
    }
  }
});

test('random bad input to every route (GraphQL and webhooks too) never makes a 500, and every error has the error body', async () => {
  const all = registryOf(reconciler.app);
  const isGraphqlError = (body: unknown) => Array.isArray((body as { errors?: unknown }).errors);
  await expectNoServerErrorForBadInput(
    (req) => reconciler.app.fetch(req),
    all.map((r) => {
      const fields = [...Object.keys((r.query as { shape?: object } | undefined)?.shape ?? {}), ...Object.keys((r.body as { shape?: object } | undefined)?.shape ?? {})];
      return { method: r.method, path: r.path, ...(fields.length > 0 ? { fields } : {}) };
    }),
    {
      headers: { authorization: `Bearer ${keys.operator}` },
      numRuns: 20,
      pathValues: { account: [TENANT_A.account], call_id: [...TENANT_A.callIds], carrier: ['twilio', 'telnyx'], id: [keys.alertsOfA[0]] },
      isErrorBody: (body) => isApiErrorBody(body) || isGraphqlError(body),
    },
  );
});

describe('GraphQL', () => {
  const gql = async (key: string, query: string) => {
    const res = await apiCall(reconciler, key, '/graphql', { method: 'POST', json: { query } });
    return { status: res.status, text: await res.text() };
  };

  test('every Query and Mutation field has a tenancy probe', () => {
    const schema = buildGraphqlSchema();
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => (type ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : []));
    expect(Object.keys(graphqlTenancyProbes('al_x')).sort()).toEqual(fields.sort());
  });

  test("another tenant's key gets nothing of A's from any field; A's own key does get A's data", async () => {
    for (const [field, query] of Object.entries(graphqlTenancyProbes(keys.alertsOfA[0]))) {
      const other = await gql(keys.bAdmin, query);
      expect({ field, status: other.status }).toEqual({ field, status: 200 });
      const answer = JSON.parse(other.text) as { data: unknown; errors?: { extensions: { code: string } }[] };
      for (const error of answer.errors ?? []) expect({ field, code: error.extensions.code }).toEqual({ field, code: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/) });
      expectNothingOfA(field, JSON.stringify(answer.data));
      if (field.startsWith('Query.') && field !== 'Query.api_version') {
        const own = await gql(keys.a.admin, query);
        expect({ field, seesA: own.text.includes(TENANT_A.account) || TENANT_A.callIds.some((id) => own.text.includes(id)) }).toEqual({ field, seesA: true });
      }
    }
  });
});
