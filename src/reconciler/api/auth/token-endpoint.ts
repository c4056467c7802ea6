/**
 * The OAuth 2.0 token endpoint for the client-credentials grant (RFC 6749 §4.4) and the public keys of EdDSA tokens.
 *
 * `POST /oauth/token` takes `grant_type=client_credentials` as a form, the client's id and secret in HTTP Basic auth
 * (§2.3.1: each part form-encoded) or as `client_id`/`client_secret` form fields (not both), and an optional `scope`:
 * role names separated by spaces (`read-only`, `billing`, `admin`), none beyond the client's own role; the token gets
 * the highest one asked for, or the client's role when none is asked for.
 *
 * Its errors are RFC 6749 §5.2's, not the rest of the API's body, because OAuth client libraries parse exactly these:
 * `{ "error": "invalid_client", "error_description": "…" }`.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { noteAudit } from '../audit';
import type { ApiEnv } from '../env';
import type { AccessTokens } from './access-tokens';
import type { Credentials } from './credentials';
import { actorOf, type Principal } from './principal';
import { roleCovers, ROLES, type Role } from './roles';
import { notFound } from '../problem';

/** RFC 6749 §5.2 error codes. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

/** An OAuth error answer, thrown inside the endpoint and rendered by it. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status: ContentfulStatusCode = code === 'invalid_client' ? 401 : 400,
  ) {
    super(`${code}: ${description}`);
  }
}

/** What the token endpoint needs. */
export interface TokenEndpointDependencies {
  readonly clients: Credentials;
  readonly accessTokens: AccessTokens;
}

/** Registers `POST /oauth/token` and `GET /.well-known/jwks.json` on `app` (both without API authentication). */
export function registerTokenEndpoint(app: Hono<ApiEnv>, deps: TokenEndpointDependencies): void {
  app.post('/oauth/token', async (c) => {
    const usedBasic = /^Basic\s/i.test(c.req.header('authorization') ?? '');
    try {
      const form = await readForm(c);
      const principal = await authenticateClient(c.req.header('authorization'), form, deps.clients);
      const grantType = form.get('grant_type');
      if (!grantType) throw new OAuthError('invalid_request', 'grant_type is missing; send grant_type=client_credentials');
      if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported; only client_credentials is`);
      const role = grantedRole(principal.role, form.get('scope'));
      const granted: Principal = { ...principal, role };
      const token = await deps.accessTokens.issue(granted);
      c.set('principal', granted);
      noteAudit(c, { action: 'oauth.token', target: actorOf(granted) });
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      return c.json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: role });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      if (err.code === 'invalid_client' && usedBasic) c.header('WWW-Authenticate', 'Basic realm="didops-reconciler", charset="UTF-8"');
      return c.json({ error: err.code, error_description: err.description }, err.status);
    }
  });

  app.get('/.well-known/jwks.json', (c) => {
    const jwks = deps.accessTokens.jwks();
    if (!jwks) throw notFound('key set', 'jwks.json');
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(jwks);
  });
}

async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) {
    throw new OAuthError('invalid_request', 'send the parameters as a form, Content-Type: application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(await c.req.text());
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) throw new OAuthError('invalid_request', `${name} is given more than once`);
    seen.add(name);
  }
  return form;
}

async function authenticateClient(header: string | undefined, form: URLSearchParams, clients: Credentials): Promise<Principal> {
  const basic = header !== undefined && /^Basic\s/i.test(header) ? decodeBasic(header) : undefined;
  const formId = form.get('client_id');
  const formSecret = form.get('client_secret');
  if (basic && (formId !== null || formSecret !== null)) {
    throw new OAuthError('invalid_request', 'send the client credentials either in the Authorization header or in the form, not both');
  }
  const id = basic?.id ?? formId;
  const secret = basic?.secret ?? formSecret;
  if (!id || !secret) throw new OAuthError('invalid_client', 'client authentication is missing: send client_id and client_secret (HTTP Basic or form)');
  const principal = await clients.authenticate(id, secret);
  if (!principal) throw new OAuthError('invalid_client', 'client authentication failed');
  return principal;
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined with ":" and base64-encoded. */
function decodeBasic(header: string): { id: string; secret: string } {
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'the Basic credentials have no ":" between client id and secret');
  try {
    return { id: decodeFormPart(decoded.slice(0, colon)), secret: decodeFormPart(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'the Basic credentials are not form-encoded text');
  }
}

function decodeFormPart(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function grantedRole(clientRole: Role, scope: string | null): Role {
  if (scope === null || scope.trim() === '') return clientRole;
  let granted: Role | undefined;
  for (const word of scope.trim().split(/ +/)) {
    const role = ROLES.find((r) => r === word);
    if (!role) throw new OAuthError('invalid_scope', `scope ${JSON.stringify(word)} is not one of ${ROLES.join(', ')}`);
    if (!roleCovers(clientRole, role)) throw new OAuthError('invalid_scope', `this client's role is ${clientRole}; it cannot be granted ${role}`);
    if (granted === undefined || roleCovers(role, granted)) granted = role;
  }
  return granted ?? clientRole;
}
