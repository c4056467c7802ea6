/**
 * The API's own routes for credentials, admin only: `/v1/api-keys` and `/v1/oauth-clients` (create, list, revoke).
 * A tenant's admin manages credentials bound inside its accounts; anything else answers 404 like a missing one.
 * Secrets appear once, in the creation answer.
 */
import { z } from 'zod';
import { ValidationError } from '../../../core/errors';
import { noteAudit } from '../audit';
import type { ApiContext } from '../env';
import { notFound } from '../problem';
import { defineRoute, type AnyRoute } from '../rest/route';
import { auditAccountOf, presentCredential as present, type CredentialRecord, type Credentials } from './credentials';
import { principalOf, scopeOf } from './middleware';
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

const idParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'expected a credential id') });

/** What the routes need. */
export interface CredentialRouteDependencies {
  readonly apiKeys: Credentials;
  readonly clients: Credentials;
  /** Account ids the reconciler does not know, among those asked for. */
  readonly unknownAccounts: (ids: readonly string[]) => Promise<string[]>;
}

/** A credential on the wire (never its secret). */
export const credentialSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  accounts: z.union([z.literal('all'), z.array(z.string())]),
  created_at: z.iso.datetime({ offset: true }),
  created_by: z.string(),
  revoked_at: z.iso.datetime({ offset: true }).nullable(),
  last_used_at: z.iso.datetime({ offset: true }).nullable(),
});

/** The credential routes, as the REST registry mounts and documents them. */
export function credentialRoutes(deps: CredentialRouteDependencies): AnyRoute[] {
  return [
    ...routesOfKind('/v1/api-keys', 'api_key', deps.apiKeys, deps, z.strictObject({ key: z.string() }), (_record, secret) => ({ key: secret })),
    ...routesOfKind('/v1/oauth-clients', 'oauth_client', deps.clients, deps, z.strictObject({ client_id: z.string(), client_secret: z.string() }), (record, secret) => ({
      client_id: record.id,
      client_secret: secret,
    })),
  ];
}

function routesOfKind<S extends z.ZodObject>(
  path: string,
  kind: 'api_key' | 'oauth_client',
  credentials: Credentials,
  deps: CredentialRouteDependencies,
  secretSchema: S,
  secretFields: (record: CredentialRecord, secret: string) => z.input<S>,
): AnyRoute[] {
  const noun = kind === 'api_key' ? 'API key' : 'OAuth client';
  const tag = 'credentials';
  const operation = kind === 'api_key' ? 'ApiKey' : 'OAuthClient';
  return [
    defineRoute({
      method: 'POST',
      path,
      operationId: `create${operation}`,
      summary: `Create an ${noun}; its secret is in this answer only`,
      tag,
      access: 'admin',
      body: credentialRequestSchema,
      example: { name: 'dashboards', role: 'read-only', accounts: ['cus_NffrFeUfNV2Hib'] },
      response: { status: 201, schema: credentialSchema.extend(secretSchema.shape), description: `the ${noun} with its secret` },
      async handle(c, { body }) {
        scopeOf(c).requireWithin(body.accounts);
        if (body.accounts !== 'all') await requireKnownAccounts(body.accounts, deps);
        const { record, secret } = await credentials.issue({ ...body, createdBy: actorOf(principalOf(c)) });
        noteAudit(c, { action: `${kind}s.create`, target: `${kind}:${record.id}`, accountId: auditAccountOf(record) ?? undefined });
        return { ...present(record), ...secretFields(record, secret) };
      },
    }),
    defineRoute({
      method: 'GET',
      path,
      operationId: `list${operation}s`,
      summary: `${noun}s bound within the caller's accounts (never their secrets)`,
      tag,
      access: 'admin',
      response: { status: 200, schema: z.strictObject({ data: z.array(credentialSchema) }), description: `the ${noun}s` },
      async handle(c) {
        const records = await credentials.list(scopeOf(c).accountIds);
        return { data: records.map(present) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: `${path}/:id`,
      operationId: `revoke${operation}`,
      summary: `Revoke an ${noun}: refused from the next request on`,
      tag,
      access: 'admin',
      params: idParams,
      response: { status: 200, schema: credentialSchema, description: `the revoked ${noun}` },
      async handle(c, { params: { id } }) {
        const record = await findVisible(c, credentials, id, noun);
        noteAudit(c, { action: `${kind}s.revoke`, target: `${kind}:${id}`, accountId: auditAccountOf(record) ?? undefined });
        const revoked = await credentials.revoke(record.id);
        if (!revoked) throw notFound(noun, id);
        return present(revoked);
      },
    }),
  ];
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
