/**
 * Short-lived access tokens (JWT, RFC 9068 in spirit) for OAuth clients, signed and checked with `jose`.
 *
 * Two ways to sign, from config: HS256 with a configured secret (every replica shares it through config; nothing to
 * publish), or EdDSA (Ed25519) with a key pair generated on first start and persisted in the database, so every replica
 * signs with the same key and third parties can verify tokens from `/.well-known/jwks.json`.
 *
 * Tokens are checked on every request (signature, issuer, audience, expiry, claims) and carry the client's role and
 * accounts, so checking needs no database read; revoking a client therefore stops new tokens at once and old ones at
 * their expiry, which is why the lifetime is short (default 10 minutes).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors';
import { unauthenticated } from '../problem';
import type { Principal } from './principal';
import { roleSchema } from './roles';

/** How tokens are signed: a shared secret, or an Ed25519 key pair the service keeps in its database. */
export type TokenSigning = { readonly algorithm: 'HS256'; readonly secret: string } | { readonly algorithm: 'EdDSA' };

/** An Ed25519 key pair as the database keeps it. */
export interface StoredSigningKey {
  /** Key id, sent in each token's header and in the JWKS. */
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly createdAt: Date;
}

/** Where the EdDSA key pair lives: one per database, created by whichever replica starts first. */
export interface SigningKeyStore {
  /** Stores `candidate` unless a key is already stored, and returns the stored one (so replicas agree). */
  keepFirst(candidate: StoredSigningKey): Promise<StoredSigningKey>;
}

/** Everything {@link AccessTokens.create} needs. */
export interface AccessTokenOptions {
  readonly signing: TokenSigning;
  /** `iss` of the tokens; default `didops-reconciler`. */
  readonly issuer?: string;
  /** `aud` of the tokens; default `didops-reconciler-api`. */
  readonly audience?: string;
  /** Lifetime in seconds; default 600. */
  readonly ttlSeconds?: number;
  /** Needed for EdDSA. */
  readonly keyStore?: SigningKeyStore;
  readonly now?: () => Date;
}

/** An issued token as the token endpoint returns it. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  scope: roleSchema,
  accounts: z.union([z.literal('*'), z.array(z.string())]),
});

/** Clocks of replicas differ a little; a token is accepted this many seconds either side of its window. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Issues and checks access tokens. */
export class AccessTokens {
  private constructor(
    private readonly algorithm: 'HS256' | 'EdDSA',
    private readonly signingKey: CryptoKey | Uint8Array,
    private readonly verifyingKey: CryptoKey | Uint8Array,
    private readonly kid: string | undefined,
    private readonly publicJwk: JWK | undefined,
    private readonly issuer: string,
    private readonly audience: string,
    /** Token lifetime in seconds. */
    readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {}

  /** Builds the signer from config; for EdDSA loads (or creates and persists) the key pair. */
  static async create(options: AccessTokenOptions): Promise<AccessTokens> {
    const issuer = options.issuer ?? 'didops-reconciler';
    const audience = options.audience ?? 'didops-reconciler-api';
    const ttl = options.ttlSeconds ?? 600;
    const now = options.now ?? (() => new Date());
    if (options.signing.algorithm === 'HS256') {
      const secret = new TextEncoder().encode(options.signing.secret);
      if (secret.length < 32) {
        throw new ValidationError({
          summary: `auth.jwtSecret is ${secret.length} bytes long; HS256 needs at least 32`,
          detail: 'use 32 or more random bytes, e.g. `openssl rand -base64 48`, or choose EdDSA',
          field: 'auth.jwtSecret',
        });
      }
      return new AccessTokens('HS256', secret, secret, undefined, undefined, issuer, audience, ttl, now);
    }
    if (!options.keyStore) throw new ValidationError({ summary: 'EdDSA access tokens need a signing key store', field: 'auth.jwtAlgorithm' });
    const stored = await options.keyStore.keepFirst(await newSigningKey(now()));
    const privateKey = (await importJWK(stored.privateJwk, 'EdDSA')) as CryptoKey;
    const publicKey = (await importJWK(stored.publicJwk, 'EdDSA')) as CryptoKey;
    const publicJwk: JWK = { ...stored.publicJwk, kid: stored.kid, alg: 'EdDSA', use: 'sig' };
    return new AccessTokens('EdDSA', privateKey, publicKey, stored.kid, publicJwk, issuer, audience, ttl, now);
  }

  /** A token for `principal` (an OAuth client) with its role as the `scope` claim. */
  async issue(principal: Principal): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const header = this.kid ? { alg: this.algorithm, typ: 'at+jwt', kid: this.kid } : { alg: this.algorithm, typ: 'at+jwt' };
    const accessToken = await new SignJWT({ scope: principal.role, accounts: principal.accounts === 'all' ? '*' : [...principal.accounts] })
      .setProtectedHeader(header)
      .setSubject(principal.id)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(this.signingKey);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The principal a token stands for; throws the API's 401 for a bad signature, another issuer, expiry or odd claims. */
  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.verifyingKey, {
        algorithms: [this.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        currentDate: this.now(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      throw unauthenticated('the access token is invalid or expired', 'ask /oauth/token for a new one');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated('the access token is invalid or expired', 'ask /oauth/token for a new one');
    return { kind: 'oauth_client', id: claims.data.sub, role: claims.data.scope, accounts: claims.data.accounts === '*' ? 'all' : claims.data.accounts };
  }

  /** The public keys to publish at `/.well-known/jwks.json`, or undefined when tokens are signed with a shared secret. */
  jwks(): JSONWebKeySet | undefined {
    return this.publicJwk ? { keys: [this.publicJwk] } : undefined;
  }
}

async function newSigningKey(createdAt: Date): Promise<StoredSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { kid: randomUUID(), privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey), createdAt };
}
