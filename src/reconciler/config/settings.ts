/**
 * Every setting that has a flag or a DIDOPS_* variable, in one table: the loader reads the environment from it, the
 * CLI builds its options from it, and `--help` prints it, so the three never disagree.
 */

/** How a flag or variable's text becomes the value the schema checks. */
export type SettingKind = 'string' | 'integer';

/** One setting reachable from the command line or the environment. */
export interface Setting {
  /** Dotted path in the configuration (`carriers.twilio.authToken`). */
  readonly path: string;
  /** Environment variable; DIDOPS_* except the conventional DATABASE_URL. */
  readonly env: string;
  /** Long flag without its dashes (`data-dir`), for settings that are not secrets. */
  readonly flag?: string;
  readonly kind: SettingKind;
  /** One line for `--help`. */
  readonly help: string;
}

/** The settings, in the order `--help` lists them. */
export const SETTINGS: readonly Setting[] = [
  { path: 'host', env: 'DIDOPS_HOST', flag: 'host', kind: 'string', help: 'interface the API listens on (default 127.0.0.1)' },
  { path: 'port', env: 'DIDOPS_PORT', flag: 'port', kind: 'integer', help: 'HTTP port of the API; 0 picks a free one (default 4020)' },
  { path: 'publicUrl', env: 'DIDOPS_PUBLIC_URL', flag: 'public-url', kind: 'string', help: 'the API\'s URL as carriers reach it (behind a proxy), for webhook signatures; default: the request\'s own' },
  { path: 'databaseUrl', env: 'DATABASE_URL', flag: 'database-url', kind: 'string', help: 'PostgreSQL connection string; without it the embedded PGlite database in <data-dir>/pg is used' },
  { path: 'dataDir', env: 'DIDOPS_DATA_DIR', flag: 'data-dir', kind: 'string', help: 'directory of the embedded database and its backups (default .didops/reconciler)' },
  { path: 'logLevel', env: 'DIDOPS_LOG_LEVEL', flag: 'log-level', kind: 'string', help: 'fatal, error, warn, info, debug, trace or silent (default info)' },
  { path: 'carriers.twilio.accountSid', env: 'DIDOPS_TWILIO_ACCOUNT_SID', kind: 'string', help: 'Twilio account SID (AC…) whose calls are ingested' },
  { path: 'carriers.twilio.authToken', env: 'DIDOPS_TWILIO_AUTH_TOKEN', kind: 'string', help: 'Twilio auth token (secret; also checks X-Twilio-Signature)' },
  { path: 'carriers.twilio.baseUrl', env: 'DIDOPS_TWILIO_BASE_URL', kind: 'string', help: 'send Twilio requests to a sandbox, e.g. http://127.0.0.1:4010' },
  { path: 'carriers.telnyx.apiKey', env: 'DIDOPS_TELNYX_API_KEY', kind: 'string', help: 'Telnyx API key (secret)' },
  { path: 'carriers.telnyx.baseUrl', env: 'DIDOPS_TELNYX_BASE_URL', kind: 'string', help: 'send Telnyx requests to a sandbox' },
  { path: 'carriers.telnyx.publicKey', env: 'DIDOPS_TELNYX_PUBLIC_KEY', kind: 'string', help: 'Telnyx webhook public key (base64 Ed25519)' },
  { path: 'stripe.secretKey', env: 'DIDOPS_STRIPE_SECRET_KEY', kind: 'string', help: 'Stripe secret key (secret; sk_test_… against the sandbox)' },
  { path: 'stripe.baseUrl', env: 'DIDOPS_STRIPE_BASE_URL', kind: 'string', help: 'send Stripe requests to a sandbox' },
  { path: 'jobs.concurrency', env: 'DIDOPS_JOBS_CONCURRENCY', flag: 'concurrency', kind: 'integer', help: 'jobs one process runs at once (default 4)' },
  { path: 'jobs.batchSize', env: 'DIDOPS_JOBS_BATCH_SIZE', flag: 'batch-size', kind: 'integer', help: 'rows per transaction of ingest, rating and push (default 2000)' },
  { path: 'jobs.pollIntervalMs', env: 'DIDOPS_JOBS_POLL_INTERVAL_MS', kind: 'integer', help: 'how often idle runners look for jobs, in ms (default 2000)' },
  { path: 'retention.months', env: 'DIDOPS_RETENTION_MONTHS', flag: 'retention-months', kind: 'integer', help: 'call records older than this many months are dropped (default 12)' },
  { path: 'auth.pepper', env: 'DIDOPS_AUTH_PEPPER', kind: 'string', help: 'key of the HMAC API keys and client secrets are stored under (secret; keep it out of the database)' },
  { path: 'auth.jwtAlgorithm', env: 'DIDOPS_AUTH_JWT_ALGORITHM', flag: 'jwt-algorithm', kind: 'string', help: 'EdDSA (key pair kept in the database, JWKS published; default) or HS256 (with DIDOPS_AUTH_JWT_SECRET)' },
  { path: 'auth.jwtSecret', env: 'DIDOPS_AUTH_JWT_SECRET', kind: 'string', help: 'HS256 signing secret of access tokens, 32 bytes or more (secret)' },
  { path: 'auth.tokenTtlSeconds', env: 'DIDOPS_AUTH_TOKEN_TTL_SECONDS', flag: 'token-ttl', kind: 'integer', help: 'lifetime of OAuth access tokens in seconds (default 600)' },
  { path: 'auth.rateLimit.burst', env: 'DIDOPS_RATE_LIMIT_BURST', flag: 'rate-limit-burst', kind: 'integer', help: 'requests a credential may send at once, per replica (default 200)' },
  { path: 'auth.rateLimit.perSecond', env: 'DIDOPS_RATE_LIMIT_PER_SECOND', flag: 'rate-limit-per-second', kind: 'integer', help: 'requests per second a credential is refilled with, per replica (default 100)' },
  { path: 'retention.pseudonymKey', env: 'DIDOPS_PSEUDONYM_KEY', kind: 'string', help: 'HMAC key of erased numbers\' pseudonyms (secret; without it erasures cannot be linked back)' },
  { path: 'backups.keep', env: 'DIDOPS_BACKUP_KEEP', flag: 'backup-keep', kind: 'integer', help: 'snapshots of the embedded database kept (default 30)' },
];

/** The variable naming the configuration file (the `--config` flag wins over it). */
export const CONFIG_FILE_ENV = 'DIDOPS_CONFIG';

/** Schedules come from the file or DIDOPS_SCHEDULE_<JOB> (e.g. DIDOPS_SCHEDULE_INGEST="*\/10 * * * *"). */
export const SCHEDULE_ENV_PREFIX = 'DIDOPS_SCHEDULE_';
