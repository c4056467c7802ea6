/**
 * The API's own routes for credentials, admin only: `/v1/api-keys` and `/v1/oauth-clients` (create, list, revoke).
 * A tenant's admin manages credentials bound inside its accounts; anything else answers 404 like a missing one.
 * Secrets appear once, in the creation answer.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors';
import { noteAudit } from '../audit';
import type { ApiContext, ApiEnv } from '../env';
import { notFound } from '../problem';
import { readJsonBody, readPathParams } from '../validation';
import { auditAccountOf, presentCredential as present, type CredentialRecord, type Credentials } from './credentials';
import { allow, principalOf, scopeOf } from './middleware';
import { actorOf } from './principal';
import { roleSchema } from './roles';

/** An account id as the reconciler keeps it: the Stripe customer id. */
export const accountIdSchema = z.string().regex(/^cus_[A-Za-z0-9]{1,64}$/, 'expected an account id like "cus_NffrFeUfNV2Hib"');

/** The body of a create request. */
export const credentialRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    accounts: z.union([z.literal('all'), z.array(accountIdSchema).min(1).max(100)]),
  })
  .strict();

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'expected a credential id') });

/** What the routes need. */
export interface CredentialRouteDependencies {
  readonly apiKeys: Credentials;
  readonly clients: Credentials;
  /** Account ids the reconciler does not know, among those asked for. */
  readonly unknownAccounts: (ids: readonly string[]) => Promise<string[]>;
}

/** Registers the credential routes on the protected app. */
export function registerCredentialRoutes(app: Hono<ApiEnv>, deps: CredentialRouteDependencies): void {
  registerKind(app, '/v1/api-keys', 'api_key', deps.apiKeys, deps, (_record, secret) => ({ key: secret }));
  registerKind(app, '/v1/oauth-clients', 'oauth_client', deps.clients, deps, (record, secret) => ({ client_id: record.id, client_secret: secret }));
}

function registerKind(
  app: Hono<ApiEnv>,
  path: string,
  kind: 'api_key' | 'oauth_client',
  credentials: Credentials,
  deps: CredentialRouteDependencies,
  secretFields: (record: CredentialRecord, secret: string) => Record<string, string>,
): void {
  const noun = kind === 'api_key' ? 'API key' : 'OAuth client';
  app.post(path, allow('admin'), async (c) => {
    const body = await readJsonBody(c, credentialRequestSchema);
    scopeOf(c).requireWithin(body.accounts);
    if (body.accounts !== 'all') await requireKnownAccounts(body.accounts, deps);
    const { record, secret } = await credentials.issue({ ...body, createdBy: actorOf(principalOf(c)) });
    noteAudit(c, { action: `${kind}s.create`, target: `${kind}:${record.id}`, accountId: auditAccountOf(record) ?? undefined });
    return c.json({ ...present(record), ...secretFields(record, secret) }, 201);
  });
  app.get(path, allow('admin'), async (c) => {
    const records = await credentials.list(scopeOf(c).accountIds);
    return c.json({ data: records.map(present) });
  });
  app.delete(`${path}/:id`, allow('admin'), async (c) => {
    const { id } = readPathParams(c, idParams);
    const record = await findVisible(c, credentials, id, noun);
    noteAudit(c, { action: `${kind}s.revoke`, target: `${kind}:${id}`, accountId: auditAccountOf(record) ?? undefined });
    const revoked = await credentials.revoke(record.id);
    if (!revoked) throw notFound(noun, id);
    return c.json(present(revoked));
  });
}

async function requireKnownAccounts(accounts: readonly string[], deps: CredentialRouteDependencies): Promise<void> {
  const unknown = await deps.unknownAccounts(accounts);
  if (unknown.length === 0) return;
  const index = accounts.indexOf(unknown[0]!);
  throw new ValidationError({ summary: `no account ${JSON.stringify(unknown[0])}`, detail: 'register the account first (POST /v1/accounts)', field: `body.accounts[${index}]` });
}

async function findVisible(c: ApiContext, credentials: Credentials, id: string, noun: string): Promise<CredentialRecord> {
  const record = await credentials.find(id, scopeOf(c).accountIds);
  if (!record) throw notFound(noun, id);
  return record;
}
