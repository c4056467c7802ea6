/**
 * Credentials from the operator's first key to a machine client's token, through the real CLI and the running service
 * over HTTP, on both backends: the auth tables, the signing key and the audit log's trigger work on the embedded
 * database as on PostgreSQL.
 */
import { userInfo } from 'node:os';
import { sql } from 'kysely';
import { startTestReconciler, RECONCILER_BACKENDS, useReconcilerDatabase, type TestDatabaseTarget } from '../support/reconciler-db';
import { runCliInProcess } from '../support/cli-in-process';

const ACCOUNT = 'cus_ServiceTenant1';

function databaseFlags(target: TestDatabaseTarget): string[] {
  return target.databaseUrl ? ['--database-url', target.databaseUrl] : ['--data-dir', target.dataDir];
}

describe.each(RECONCILER_BACKENDS)('API credentials on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);

  it('the operator creates the first key with the CLI, and it drives the API: clients, tokens, audit rows with the caller address', async () => {
    const flags = databaseFlags(fresh.target());
    const created = await runCliInProcess(['reconciler', 'keys', 'create', '--role', 'admin', '--all-accounts', '--name', 'operator', ...flags]);
    expect(created.stderr).toMatch(/^Created API key \w{12} \(admin, all accounts\)\. It is shown only this once/);
    const operator = created.stdout.trim();
    expect(operator).toMatch(/^didops_\w{12}_\w{43}$/);
    const reconciler = await startTestReconciler(fresh.target(), {}, { jobs: false });
    try {
      const { db } = reconciler.context;
      await db.insertInto('accounts').values({ id: ACCOUNT, name: 'Tenant', rate_card_key: 'standard', currency: 'USD' }).execute();
      const api = (path: string, init: RequestInit = {}, credential = operator) =>
        fetch(`${reconciler.url}${path}`, { ...init, headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...init.headers } });

      const clientRes = await api('/v1/oauth-clients', { method: 'POST', body: JSON.stringify({ name: 'ci', role: 'billing', accounts: [ACCOUNT] }) });
      expect(clientRes.status).toBe(201);
      const client = (await clientRes.json()) as { client_id: string; client_secret: string };
      const tokenRes = await fetch(`${reconciler.url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      const { access_token: token } = (await tokenRes.json()) as { access_token: string };
      expect((await api('/v1/api-keys', {}, token)).status).toBe(403);
      expect((await api('/v1/api-keys', {}, 'didops_AAAAAAAAAAAA_' + 'A'.repeat(43))).status).toBe(401);
      const jwks = (await (await fetch(`${reconciler.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      expect(jwks.keys[0]!.kid).toBe((await db.selectFrom('auth_signing_keys').select('kid').executeTakeFirstOrThrow()).kid);

      const rows = await db.selectFrom('audit_log').select(['actor', 'action', 'source', 'status', 'account_id']).orderBy('id').execute();
      expect(rows).toEqual([
        { actor: `cli:${userInfo().username}`, action: 'api_keys.create', source: 'local', status: null, account_id: null },
        { actor: `api_key:${operator.slice(7, 19)}`, action: 'oauth_clients.create', source: '127.0.0.1', status: 201, account_id: ACCOUNT },
        { actor: `oauth_client:${client.client_id}`, action: 'oauth.token', source: '127.0.0.1', status: 200, account_id: null },
      ]);
      await expect(sql`update audit_log set source = 'elsewhere'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
      expect(JSON.stringify((await sql`select * from api_keys`.execute(db)).rows)).not.toContain(operator.slice(20));
      expect((await db.selectFrom('api_keys').select('last_used_at').executeTakeFirstOrThrow()).last_used_at).not.toBeNull();
    } finally {
      await reconciler.stop();
    }
  });
});

describe('managing credentials with the CLI (PostgreSQL)', () => {
  const fresh = useReconcilerDatabase('postgres');

  it('lists keys without their secrets, revokes them, and refuses accounts the reconciler does not know', async () => {
    const flags = databaseFlags(fresh.target());
    const operator = (await runCliInProcess(['reconciler', 'keys', 'create', '--role', 'admin', '--all-accounts', ...flags])).stdout.trim();
    const refused = await runCliInProcess(['reconciler', 'keys', 'create', '--role', 'read-only', '--account', ACCOUNT, ...flags]);
    expect([refused.status, refused.stderr]).toEqual([1, `didops: --account: no such account: ${ACCOUNT}; register it first (POST /v1/accounts)\n`]);

    const both = await runCliInProcess(['reconciler', 'keys', 'create', '--role', 'admin', '--all-accounts', '--account', ACCOUNT, ...flags]);
    expect(both.stderr).toBe('didops: --account: given with --all-accounts; give either --account (repeatable) or --all-accounts, not both\n');
    const client = await runCliInProcess(['reconciler', 'clients', 'create', '--role', 'billing', '--all-accounts', '--name', 'ci', ...flags]);
    expect(client.stdout).toMatch(/^client_id=oc_\w{16}\nclient_secret=didops_cs_\w{43}\n$/);

    const listed = await runCliInProcess(['reconciler', 'keys', 'list', '--json', ...flags]);
    const keys = JSON.parse(listed.stdout) as { id: string; last_used_at: string | null }[];
    expect(keys).toEqual([expect.objectContaining({ id: operator.slice(7, 19), accounts: 'all', role: 'admin' })]);
    expect(keys[0]!.last_used_at).toBeNull();
    expect(listed.stdout).not.toContain(operator.slice(20));
    const revoked = await runCliInProcess(['reconciler', 'keys', 'revoke', operator.slice(7, 19), ...flags]);
    expect(revoked.stderr).toMatch(/^Revoked API key \w{12} at \d{4}-/);
    const clients = await runCliInProcess(['reconciler', 'clients', 'list', ...flags]);
    expect(clients.stdout).toContain('ci');
    expect(clients.stdout).not.toContain(client.stdout.split('client_secret=')[1]!.trim());
    const again = await runCliInProcess(['reconciler', 'keys', 'revoke', 'AAAAAAAAAAAA', ...flags]);
    expect(again.stderr).toBe('didops: <id>: no API key "AAAAAAAAAAAA"; see `didops reconciler keys list`\n');
  });
});
