/** The pure parts of the reconciler API's auth: secrets, token buckets, the one error body, roles and scopes. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AccessTokens } from '../../src/reconciler/api/auth/access-tokens';
import { apiKeyFormat, apiKeyIdOf } from '../../src/reconciler/api/auth/api-keys';
import { roleCovers, roleGrants } from '../../src/reconciler/api/auth/roles';
import { randomBase62, SecretHasher } from '../../src/reconciler/api/auth/secrets';
import { TenantScope } from '../../src/reconciler/api/auth/tenancy';
import { clientAddress } from '../../src/reconciler/api/client-address';
import type { ApiEnv } from '../../src/reconciler/api/env';
import { installErrorHandling, notFound, problemOf } from '../../src/reconciler/api/problem';
import { TokenBuckets } from '../../src/reconciler/api/rate-limit';
import { readJsonBody, readQuery } from '../../src/reconciler/api/validation';
import { ConflictError, ValidationError } from '../../src/core/errors';
import { loadReconcilerConfig, redactConfig } from '../../src/reconciler/config';

describe('secrets', () => {
  test('random base62 text uses every character about equally (no modulo bias)', () => {
    const text = randomBase62(62 * 2000);
    const counts = new Map<string, number>();
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Folding bytes with % 62 would give the first 8 characters 5/4 of the others' share; allow ±15 %.
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300);
  });

  test('a key hashes under the pepper, matches only itself, and an unknown id compares against nothing', () => {
    const hasher = new SecretHasher('pepper');
    const key = apiKeyFormat.secretText('abcdefABCDEF', randomBase62(43));
    const hash = hasher.hash(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new SecretHasher('other pepper').hash(key)).not.toBe(hash);
    expect(hasher.matches(key, hash)).toBe(true);
    expect(hasher.matches(`${key}x`, hash)).toBe(false);
    expect(hasher.matches(key, undefined)).toBe(false);
    expect(hasher.matches(key, 'not hex')).toBe(false);
    expect(apiKeyIdOf(key)).toBe('abcdefABCDEF');
    expect(apiKeyIdOf(key.replace('didops_', 'didop_'))).toBeUndefined();
  });
});

describe('token buckets', () => {
  test('a burst empties the bucket, the wait is told in whole seconds, and it refills at the stated rate', () => {
    let ms = 0;
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 0.25, now: () => ms });
    expect(buckets.take('k')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0, resetSeconds: 4 });
    expect(buckets.take('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(buckets.take('k')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 4, resetSeconds: 8 });
    expect(buckets.take('other').allowed).toBe(true);
    ms = 3_000;
    expect(buckets.take('k')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    ms = 4_000;
    expect(buckets.take('k').allowed).toBe(true);
  });

  test('idle buckets are forgotten first when the key limit is reached', () => {
    let ms = 0;
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1, now: () => ms, maxKeys: 2 });
    buckets.take('idle');
    ms = 900;
    buckets.take('busy');
    ms = 1_000; // "idle" has refilled, "busy" has not
    buckets.take('new');
    expect(buckets.take('busy').allowed).toBe(false);
    expect(buckets.take('new').allowed).toBe(false);
  });
});

describe('the one error body', () => {
  test('each kind of error gets its status and code, and unknown errors say nothing about themselves', () => {
    expect(problemOf(notFound('call', 'CA1'))).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'call "CA1" not found' } } });
    expect(problemOf(new ValidationError({ summary: 'is not a number', field: 'query.limit', detail: 'send 1–1000' }))).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'is not a number; send 1–1000', field: 'query.limit' } },
    });
    expect(problemOf(new ConflictError({ summary: 'period already closed' })).status).toBe(409);
    expect(problemOf(new HTTPException(413, { message: 'body too large' }))).toEqual({ status: 413, body: { error: { code: 'payload_too_large', message: 'body too large' } } });
    const secret = problemOf(new Error('password=hunter2 at db.ts:12'));
    expect(secret.status).toBe(500);
    expect(JSON.stringify(secret.body)).not.toContain('hunter2');
  });

  test('body and query validation name the field path, the media type and broken JSON, all as 4xx', async () => {
    const app = new Hono();
    installErrorHandling(app);
    app.post('/x', async (c) => c.json(await readJsonBody(c, z.object({ items: z.array(z.object({ qty: z.number().int() })) }))));
    app.get('/x', (c) => c.json(readQuery(c, z.object({ limit: z.coerce.number().int().max(100) }))));
    const post = (body: string, type = 'application/json') => app.request('/x', { method: 'POST', body, headers: { 'content-type': type } });
    const errorOf = async (res: Response | Promise<Response>) => {
      const r = await res;
      return [r.status, ((await r.json()) as { error: unknown }).error];
    };
    expect(await errorOf(post('{"items":[{"qty":1},{"qty":"2"}]}'))).toEqual([400, expect.objectContaining({ code: 'invalid_request', field: 'body.items[1].qty' })]);
    expect(await errorOf(post('{"items":'))).toEqual([400, expect.objectContaining({ field: 'body' })]);
    expect(await errorOf(post('items=1', 'application/x-www-form-urlencoded'))).toEqual([415, expect.objectContaining({ code: 'unsupported_media_type' })]);
    expect(await errorOf(app.request('/x?limit=1000'))).toEqual([400, expect.objectContaining({ field: 'query.limit' })]);
    expect(await errorOf(app.request('/nowhere'))).toEqual([404, expect.objectContaining({ code: 'not_found' })]);
    expect((await app.request('/x?limit=7')).status).toBe(200);
  });
});

describe('roles and scopes', () => {
  test('roles grant nested permissions; only admin reaches admin and operator routes', () => {
    expect(['read', 'export', 'billing', 'admin'].map((p) => roleGrants('billing', p as never))).toEqual([true, true, true, false]);
    expect(roleGrants('read-only', 'export')).toBe(false);
    expect(roleGrants('admin', 'operator')).toBe(true);
    expect(roleCovers('admin', 'billing') && !roleCovers('read-only', 'billing')).toBe(true);
  });

  test('a scope sees its own accounts only; unattributed rows belong to the all-accounts scope', () => {
    const tenant = new TenantScope(['cus_B', 'cus_A']);
    expect(tenant.accountIds).toEqual(['cus_A', 'cus_B']);
    expect([tenant.sees('cus_A'), tenant.sees('cus_C'), tenant.sees(null)]).toEqual([true, false, false]);
    expect(new TenantScope('all').sees(null)).toBe(true);
    expect(() => tenant.requireAccount('cus_C')).toThrow('account "cus_C" not found');
    expect(() => tenant.requireWithin('all')).toThrow(/cannot grant all accounts/);
    expect(() => tenant.requireWithin(['cus_A'])).not.toThrow();
  });
});

describe("the caller's address", () => {
  const app = new Hono<ApiEnv>();
  app.use('*', clientAddress(['10.0.0.2', '10.0.0.3']));
  app.get('/', (c) => c.text(c.get('clientAddress')));
  const from = async (peer: string | undefined, forwarded?: string) => {
    const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : {};
    return (await app.request('/', { headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }, env as never)).text();
  };

  test('is the socket peer, and X-Forwarded-For only when the peer is a trusted proxy', async () => {
    expect(await from('203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(await from('::ffff:10.0.0.2', '198.51.100.1, 10.0.0.3')).toBe('198.51.100.1');
    expect(await from('10.0.0.2', '6.6.6.6, 198.51.100.1')).toBe('198.51.100.1');
    expect(await from('10.0.0.2')).toBe('10.0.0.2');
    expect(await from(undefined)).toBe('unknown');
  });
});

describe('auth configuration', () => {
  test('comes from DIDOPS_AUTH_* variables, insists on a secret for HS256, and is redacted in logs', () => {
    expect(() => loadReconcilerConfig({ env: { DIDOPS_AUTH_JWT_ALGORITHM: 'HS256' } })).toThrow(/auth\.jwtSecret/);
    const config = loadReconcilerConfig({ env: { DIDOPS_AUTH_PEPPER: 'pepper-value', DIDOPS_AUTH_JWT_ALGORITHM: 'HS256', DIDOPS_AUTH_JWT_SECRET: 's'.repeat(40), DIDOPS_RATE_LIMIT_BURST: '7' } });
    expect(config.auth).toMatchObject({ pepper: 'pepper-value', jwtAlgorithm: 'HS256', tokenTtlSeconds: 600, rateLimit: { burst: 7, perSecond: 100 } });
    expect(loadReconcilerConfig({}).auth).toMatchObject({ jwtAlgorithm: 'EdDSA', trustedProxies: [], rateLimit: { burst: 200 } });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('pepper-value');
    expect(printed).not.toContain('s'.repeat(40));
  });
});

test('an HS256 secret shorter than 32 bytes is refused at start, naming the setting', async () => {
  await expect(AccessTokens.create({ signing: { algorithm: 'HS256', secret: 'short' } })).rejects.toThrow(/^auth\.jwtSecret: auth\.jwtSecret is 5 bytes long; HS256 needs at least 32/);
});
