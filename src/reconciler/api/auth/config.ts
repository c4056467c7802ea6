/** The auth part of the reconciler's configuration (`auth:` in the file, `DIDOPS_AUTH_*` in the environment). */
import { z } from 'zod';

/** Settings of authentication, tokens, rate limits and the caller's address. */
export const authConfigSchema = z
  .object({
    /** Key of the HMAC that credentials are stored under; keep it out of the database (env or secret store). Changing it invalidates every key. */
    pepper: z.string().min(1).optional(),
    /** How access tokens are signed: EdDSA with a key pair kept in the database (JWKS published), or HS256 with `jwtSecret`. */
    jwtAlgorithm: z.enum(['EdDSA', 'HS256']).default('EdDSA'),
    /** The HS256 secret, at least 32 bytes. */
    jwtSecret: z.string().optional(),
    /** Access-token lifetime in seconds. */
    tokenTtlSeconds: z.number().int().min(30).max(86_400).default(600),
    /** `iss` of the access tokens. */
    issuer: z.string().min(1).default('didops-reconciler'),
    /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
    trustedProxies: z.array(z.string().min(1)).default([]),
    /** Token bucket per credential (per replica): `burst` requests at once, refilled at `perSecond`. */
    rateLimit: z
      .object({ burst: z.number().int().min(1).default(200), perSecond: z.number().positive().default(100) })
      .strict()
      .default({ burst: 200, perSecond: 100 }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.jwtAlgorithm === 'HS256' && !value.jwtSecret) {
      ctx.addIssue({ code: 'custom', path: ['jwtSecret'], message: 'HS256 access tokens need auth.jwtSecret (32 bytes or more); or use jwtAlgorithm EdDSA' });
    }
  });

/** Parsed auth settings. */
export type AuthConfig = z.output<typeof authConfigSchema>;
