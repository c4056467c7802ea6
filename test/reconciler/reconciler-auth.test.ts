/**
 * The reconciler API's authentication, roles, tenancy, audit log and rate limits, against the real PostgreSQL: an
 * operator creates keys and OAuth clients for two tenants, who then use the API through a small route of the kind
 * every other route author writes (notes per account, read through `scope.accountFilter`).
 */
import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { buildAuthServices, type AuthServices } from '../../src/reconciler/api/auth/build';
import { authConfigSchema } from '../../src/reconciler/api/auth/config';
import { allow, scopeOf } from '../../src/reconciler/api/auth/middleware';
import { noteAudit } from '../../src/reconciler/api/audit';
import type { ApiEnv } from '../../src/reconciler/api/env';
import { notFound } from '../../src/reconciler/api/problem';
import { installApiSecurity } from '../../src/reconciler/api/security';
import { readJsonBody, readPathParams } from '../../src/reconciler/api/validation';
import type { Database } from '../../src/reconciler/db/database';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { expectNoServerErrorForBadInput } from '../support/api-bad-input';
import { openMigratedDatabase, useReconcilerDatabase } from '../support/reconciler-db';

interface NotesTable {
  id: string;
  account_id: string;
  text: string;
}
type Db = Kysely<Database & { notes: NotesTable }>;

const A = 'cus_TenantA0001';
const B = 'cus_TenantB0002';
const PEPPER = 'test-pepper-not-in-the-database';

const fresh = useReconcilerDatabase('postgres');
let database: ReconcilerDatabase;
let db: Db;
let now: Date;
let auth: AuthServices;
let app: Hono<ApiEnv>;
let unguarded: string[];
let operator: string;

/** A route author's routes: reads go through the tenant scope, writes name their audit row. */
function registerNoteRoutes(target: Hono<ApiEnv>): void {
  target.get('/v1/notes/:id', allow('read'), async (c) => {
    const { id } = readPathParams(c, z.object({ id: z.string().max(64) }));
    const note = await db.selectFrom('notes').selectAll().where('id', '=', id).where(scopeOf(c).accountFilter('account_id')).executeTakeFirst();
    if (!note) throw notFound('note', id);
    return c.json(note);
  });
  target.post('/v1/notes', allow('billing'), async (c) => {
    const body = await readJsonBody(c, z.object({ id: z.string().min(1).max(64), account_id: z.string(), text: z.string().max(1000) }).strict());
    scopeOf(c).requireAccount(body.account_id);
    await db.insertInto('notes').values(body).execute();
    noteAudit(c, { action: 'notes.create', target: `note:${body.id}`, accountId: body.account_id });
    return c.json(body, 201);
  });
  target.get('/v1/notes-export', allow('export'), async (c) => {
    const rows = await db.selectFrom('notes').select(['id', 'text']).where(scopeOf(c).accountFilter('account_id')).orderBy('id').execute();
    return c.text(rows.map((r) => `${r.id},${r.text}`).join('\n'));
  });
  target.get('/v1/forgot-to-declare', (c) => c.json({ secret: 'everyone sees this' }));
}

async function buildApp(overrides: Partial<z.input<typeof authConfigSchema>> = {}): Promise<{ app: Hono<ApiEnv>; auth: AuthServices }> {
  const services = await buildAuthServices(database.db, authConfigSchema.parse({ pepper: PEPPER, trustedProxies: ['10.0.0.2'], ...overrides }), () => now);
  const built = new Hono<ApiEnv>();
  installApiSecurity(built, services, { onUnguardedRoute: (route) => unguarded.push(route) });
  registerNoteRoutes(built);
  return { app: built, auth: services };
}

function call(path: string, key: string | undefined, init: RequestInit & { json?: unknown } = {}, env?: unknown) {
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return app.request(path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body }, env as never);
}

async function issueKey(role: 'read-only' | 'billing' | 'admin', accounts: 'all' | string[]): Promise<string> {
  const res = await call('/v1/api-keys', operator, { method: 'POST', json: { name: `${role} key`, role, accounts } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

beforeAll(async () => {
  database = await openMigratedDatabase(fresh.target());
  db = database.db.withTables<{ notes: NotesTable }>();
  await sql`create table notes (id text primary key, account_id text not null, text text not null)`.execute(db);
  now = new Date('2025-03-01T12:00:00Z');
  unguarded = [];
  ({ app, auth } = await buildApp());
  // The operator's first key comes from the CLI (`didops reconciler keys create --role admin --all-accounts`).
  operator = (await auth.apiKeys.issue({ name: 'operator', role: 'admin', accounts: 'all', createdBy: 'cli' })).secret;
  await db.insertInto('accounts').values([A, B].map((id) => ({ id, name: id, rate_card_key: 'standard', currency: 'USD' }))).execute();
  await db.insertInto('notes').values([
    { id: 'n-a', account_id: A, text: 'A only' },
    { id: 'n-b', account_id: B, text: 'B only' },
  ]).execute();
});
afterAll(async () => {
  await database?.close();
});

describe('API keys', () => {
  test('a new key is shown once, in the creation answer, and the table holds only its keyed hash', async () => {
    const res = await call('/v1/api-keys', operator, { method: 'POST', json: { name: 'reports', role: 'read-only', accounts: [A] } });
    const created = (await res.json()) as { id: string; key: string; role: string; accounts: string[] };
    expect(created.key).toMatch(/^didops_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(created).toMatchObject({ role: 'read-only', accounts: [A] });

    const rows = await sql<Record<string, unknown>>`select * from api_keys`.execute(db);
    const dump = JSON.stringify(rows.rows);
    expect(dump).not.toContain(created.key);
    expect(dump).not.toContain(created.key.slice(20));
    const row = rows.rows.find((r) => r.id === created.id)!;
    expect(row.secret_hash).toBe(createHmac('sha256', PEPPER).update(created.key).digest('hex'));

    const listed = (await (await call('/v1/api-keys', operator)).json()) as { data: Record<string, unknown>[] };
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(20));
    expect(listed.data.find((k) => k.id === created.id)).toMatchObject({ name: 'reports', revoked_at: null });
  });

  test('a key for an account the reconciler does not know is refused, naming the field', async () => {
    const res = await call('/v1/api-keys', operator, { method: 'POST', json: { name: 'x', role: 'read-only', accounts: [A, 'cus_Unknown'] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      code: 'invalid_request',
      message: 'no account "cus_Unknown"; register the account first (POST /v1/accounts)',
      field: 'body.accounts[1]',
    });
  });

  test('a wrong, malformed or revoked key gets the same 401, and a working key records when it was last used', async () => {
    const key = await issueKey('read-only', [A]);
    expect((await call('/v1/notes/n-a', key)).status).toBe(200);
    const id = key.slice(7, 19);
    expect((await db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at).toEqual(now);

    const wrong = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
    const revokeRes = await call(`/v1/api-keys/${id}`, operator, { method: 'DELETE' });
    expect(((await revokeRes.json()) as { revoked_at: string }).revoked_at).toBe(now.toISOString());

    const answers = await Promise.all([wrong, key, 'didops_short', undefined].map(async (k) => {
      const res = await call('/v1/notes/n-a', k);
      return { status: res.status, challenge: res.headers.get('www-authenticate'), body: (await res.json()) as { error: { code: string } } };
    }));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.challenge).toMatch(/^Bearer /);
      expect(answer.body.error.code).toBe('unauthenticated');
    }
    expect(answers[0]!.body).toEqual(answers[1]!.body);
  });
});

describe('roles', () => {
  test('a read-only key reads but cannot write, even where its tenant may', async () => {
    const key = await issueKey('read-only', [A]);
    expect((await call('/v1/notes/n-a', key)).status).toBe(200);
    const res = await call('/v1/notes', key, { method: 'POST', json: { id: 'ro', account_id: A, text: 'x' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await call('/v1/notes-export', key)).status).toBe(403);
  });

  test('a billing key writes billing routes and exports but cannot manage keys', async () => {
    const key = await issueKey('billing', [A]);
    expect((await call('/v1/notes', key, { method: 'POST', json: { id: 'bill-1', account_id: A, text: 'ok' } })).status).toBe(201);
    expect((await call('/v1/notes-export', key)).status).toBe(200);
    expect((await call('/v1/api-keys', key)).status).toBe(403);
    expect((await call('/v1/api-keys', key, { method: 'POST', json: { name: 'x', role: 'admin', accounts: [A] } })).status).toBe(403);
  });

  test('a route that forgot allow() answers 500 instead of serving anyone', async () => {
    const res = await call('/v1/forgot-to-declare', operator);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('everyone sees this');
    expect(unguarded).toContain('GET /v1/forgot-to-declare');
  });
});

describe('tenancy', () => {
  test("another tenant's note answers exactly like a missing one", async () => {
    const keyOfA = await issueKey('admin', [A]);
    const other = await call('/v1/notes/n-b', keyOfA);
    expect(other.status).toBe(404);
    // The same id while no such note exists anywhere: the answer must be indistinguishable.
    await db.deleteFrom('notes').where('id', '=', 'n-b').execute();
    const reallyMissing = await call('/v1/notes/n-b', keyOfA);
    expect(await other.text()).toBe(await reallyMissing.text());
    expect([...other.headers.entries()].filter(([name]) => !name.startsWith('ratelimit'))).toEqual(
      [...reallyMissing.headers.entries()].filter(([name]) => !name.startsWith('ratelimit')),
    );
    await db.insertInto('notes').values({ id: 'n-b', account_id: B, text: 'B only' }).execute();
    expect(await (await call('/v1/notes-export', keyOfA)).text()).not.toContain('B only');
  });

  test("a tenant cannot write into another tenant's account, nor mint keys beyond its own accounts", async () => {
    const keyOfA = await issueKey('admin', [A]);
    const write = await call('/v1/notes', keyOfA, { method: 'POST', json: { id: 'sneaky', account_id: B, text: 'x' } });
    expect(write.status).toBe(404);
    expect(((await write.json()) as { error: { message: string } }).error.message).toBe(`account "${B}" not found`);
    expect((await call('/v1/api-keys', keyOfA, { method: 'POST', json: { name: 'x', role: 'admin', accounts: [A, B] } })).status).toBe(404);
    expect((await call('/v1/api-keys', keyOfA, { method: 'POST', json: { name: 'x', role: 'admin', accounts: 'all' } })).status).toBe(403);
  });

  test("a tenant's admin lists and revokes only keys wholly inside its accounts", async () => {
    const keyOfA = await issueKey('admin', [A]);
    const keyOfB = await issueKey('read-only', [B]);
    const idOfB = keyOfB.slice(7, 19);
    const listed = (await (await call('/v1/api-keys', keyOfA)).json()) as { data: { id: string; accounts: string[] }[] };
    expect(listed.data.length).toBeGreaterThan(0);
    expect(listed.data.every((k) => JSON.stringify(k.accounts) === JSON.stringify([A]))).toBe(true);
    const revokeOther = await call(`/v1/api-keys/${idOfB}`, keyOfA, { method: 'DELETE' });
    const revokeMissing = await call('/v1/api-keys/AAAAAAAAAAAA', keyOfA, { method: 'DELETE' });
    expect(revokeOther.status).toBe(404);
    expect(((await revokeOther.json()) as { error: unknown }).error).toEqual({ code: 'not_found', message: `API key "${idOfB}" not found` });
    expect(revokeMissing.status).toBe(404);
    expect((await call('/v1/notes/n-b', keyOfB)).status).toBe(200);
  });
});

describe('OAuth client credentials', () => {
  async function newClient(role: 'read-only' | 'billing' | 'admin', accounts: 'all' | string[]) {
    const res = await call('/v1/oauth-clients', operator, { method: 'POST', json: { name: 'ci', role, accounts } });
    expect(res.status).toBe(201);
    return (await res.json()) as { client_id: string; client_secret: string };
  }
  function token(form: Record<string, string>, basic?: [string, string]) {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString('base64')}`;
    return app.request('/oauth/token', { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  }

  test('a client trades its id and secret (Basic or form) for a short-lived token that works like a key of its role', async () => {
    const client = await newClient('billing', [A]);
    const stored = await sql<Record<string, unknown>>`select * from oauth_clients`.execute(db);
    expect(JSON.stringify(stored.rows)).not.toContain(client.client_secret);

    const viaBasic = await token({ grant_type: 'client_credentials' }, [client.client_id, client.client_secret]);
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get('cache-control')).toBe('no-store');
    const body = (await viaBasic.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'billing' });
    expect((await call('/v1/notes/n-a', body.access_token)).status).toBe(200);
    expect((await call('/v1/notes/n-b', body.access_token)).status).toBe(404);
    expect((await call('/v1/api-keys', body.access_token)).status).toBe(403);

    const viaForm = await token({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, scope: 'read-only' });
    const readOnly = (await viaForm.json()) as { access_token: string; scope: string };
    expect(readOnly.scope).toBe('read-only');
    expect((await call('/v1/notes', readOnly.access_token, { method: 'POST', json: { id: 'o', account_id: A, text: 'x' } })).status).toBe(403);
  });

  test('errors follow RFC 6749: invalid_client, unsupported_grant_type, invalid_scope, invalid_request', async () => {
    const client = await newClient('read-only', [A]);
    const wrong = await token({ grant_type: 'client_credentials' }, [client.client_id, 'didops_cs_wrong']);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: 'client authentication failed' });
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{}, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials', scope: 'admin' }, 400, 'invalid_scope'],
      [{ grant_type: 'client_credentials', scope: 'superuser' }, 400, 'invalid_scope'],
      [{ grant_type: 'client_credentials', client_id: client.client_id }, 400, 'invalid_request'],
    ];
    for (const [form, status, error] of cases) {
      const res = await token(form, [client.client_id, client.client_secret]);
      expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([status, error]);
    }
    const revoked = await call(`/v1/oauth-clients/${client.client_id}`, operator, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await token({ grant_type: 'client_credentials' }, [client.client_id, client.client_secret])).status).toBe(401);
  });

  test('a token is refused once expired, and when its signature or claims were tampered with', async () => {
    const client = await newClient('read-only', [A]);
    const res = await token({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret });
    const { access_token: jwt } = (await res.json()) as { access_token: string };
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), accounts: '*' })).toString('base64url');
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect((await call('/v1/notes/n-b', `${header}.${widened}.${signature}`)).status).toBe(401);
    expect((await call('/v1/notes/n-a', `${header}.${payload}.${flipped}`)).status).toBe(401);
    const hs256 = await buildApp({ jwtAlgorithm: 'HS256', jwtSecret: 'x'.repeat(40) });
    const foreign = await hs256.auth.accessTokens.issue({ kind: 'oauth_client', id: client.client_id, role: 'admin', accounts: 'all' });
    expect((await call('/v1/notes/n-b', foreign.accessToken)).status).toBe(401);

    expect((await call('/v1/notes/n-a', jwt)).status).toBe(200);
    const issued = now;
    try {
      now = new Date(issued.getTime() + 599_000);
      expect((await call('/v1/notes/n-a', jwt)).status).toBe(200);
      now = new Date(issued.getTime() + 606_000);
      const expired = await call('/v1/notes/n-a', jwt);
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/invalid or expired/);
    } finally {
      now = issued;
    }
  });

  test('the EdDSA key is kept in the database, so every replica verifies every token, and its public half is published', async () => {
    const replica = await buildApp();
    const issued = await auth.accessTokens.issue({ kind: 'oauth_client', id: 'oc_x', role: 'read-only', accounts: [A] });
    expect(await replica.auth.accessTokens.verify(issued.accessToken)).toMatchObject({ id: 'oc_x', accounts: [A] });
    const jwks = (await (await app.request('/.well-known/jwks.json')).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const hs256 = await buildApp({ jwtAlgorithm: 'HS256', jwtSecret: 'y'.repeat(40) });
    expect((await hs256.app.request('/.well-known/jwks.json')).status).toBe(404);
  });
});

describe('audit log', () => {
  test('every write and every export is recorded with who, what, when and where; reads are not', async () => {
    const key = await issueKey('billing', [A]);
    const actor = `api_key:${key.slice(7, 19)}`;
    const socket = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
    await call('/v1/notes', key, { method: 'POST', json: { id: 'audited', account_id: A, text: 'x' } }, socket('::ffff:192.0.2.7'));
    await call('/v1/notes-export', key, { headers: { 'x-forwarded-for': '198.51.100.1' } }, socket('203.0.113.5'));
    await call('/v1/notes-export', key, { headers: { 'x-forwarded-for': '198.51.100.9, 10.0.0.2' } }, socket('10.0.0.2'));
    await call('/v1/notes', key, { method: 'POST', json: { id: 'x', account_id: B, text: 'x' } });
    await call('/v1/notes/n-a', key);
    const rows = await db.selectFrom('audit_log').select(['actor', 'action', 'target', 'account_id', 'source', 'status', 'at']).where('actor', '=', actor).orderBy('id').execute();
    expect(rows.map(({ at: _at, ...row }) => row)).toEqual([
      { actor, action: 'notes.create', target: 'note:audited', account_id: A, source: '192.0.2.7', status: 201 },
      { actor, action: 'GET /v1/notes-export', target: '/v1/notes-export', account_id: null, source: '203.0.113.5', status: 200 },
      { actor, action: 'GET /v1/notes-export', target: '/v1/notes-export', account_id: null, source: '198.51.100.9', status: 200 },
      { actor, action: 'POST /v1/notes', target: '/v1/notes', account_id: null, source: 'unknown', status: 404 },
    ]);
    expect(rows[0]!.at).toEqual(now);
    const issued = await db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'api_keys.create').execute();
    expect(issued.length).toBeGreaterThan(0);
    expect(issued.every((r) => r.actor === 'api_key:' + operator.slice(7, 19))).toBe(true);
  });

  test('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql`update audit_log set actor = 'someone else'`.execute(db)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(db)).rows[0]!.n)).toBeGreaterThan(0);
  });
});

describe('input limits', () => {
  test('an oversized body is refused with 413 before any handler reads it', async () => {
    const res = await call('/v1/notes', operator, { method: 'POST', json: { id: 'big', account_id: A, text: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

describe('rate limits', () => {
  test('a key that empties its bucket gets 429 with Retry-After, until the bucket refills; other keys are unaffected', async () => {
    const limited = await buildApp({ rateLimit: { burst: 3, perSecond: 0.5 } });
    const key = (await limited.auth.apiKeys.issue({ name: 'burst', role: 'read-only', accounts: [A], createdBy: 'test' })).secret;
    const other = (await limited.auth.apiKeys.issue({ name: 'calm', role: 'read-only', accounts: [A], createdBy: 'test' })).secret;
    const get = (k: string) => limited.app.request('/v1/notes/n-a', { headers: { authorization: `Bearer ${k}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await get(key));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(statuses[0]!.headers.get('ratelimit-limit')).toBe('3');
    expect(statuses[2]!.headers.get('ratelimit-remaining')).toBe('0');
    const refused = statuses[3]!;
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await get(other)).status).toBe(200);
    const start = now;
    try {
      now = new Date(start.getTime() + 2_000);
      expect((await get(key)).status).toBe(200);
    } finally {
      now = start;
    }
  });
});

test('bad input to the auth routes never earns a 500', async () => {
  const keyOfA = await issueKey('admin', [A]);
  const routes = [
    { method: 'POST', path: '/v1/api-keys', fields: ['name', 'role', 'accounts'] },
    { method: 'GET', path: '/v1/api-keys' },
    { method: 'DELETE', path: '/v1/api-keys/:id' },
    { method: 'POST', path: '/v1/oauth-clients', fields: ['name', 'role', 'accounts'] },
    { method: 'DELETE', path: '/v1/oauth-clients/:id' },
    { method: 'GET', path: '/v1/notes/:id' },
    { method: 'POST', path: '/v1/notes', fields: ['id', 'account_id', 'text'] },
  ] as const;
  await expectNoServerErrorForBadInput((req) => app.fetch(req), routes, { headers: { authorization: `Bearer ${keyOfA}` }, numRuns: 30, pathValues: { id: ['n-a', 'n-b'] } });
  await expectNoServerErrorForBadInput((req) => app.fetch(req), [{ method: 'POST', path: '/oauth/token', fields: ['grant_type', 'client_id', 'client_secret', 'scope'] }], {
    numRuns: 30,
    isErrorBody: (body) => typeof (body as { error?: unknown }).error === 'string' || typeof (body as { error?: { code?: unknown } }).error?.code === 'string',
  });
});
