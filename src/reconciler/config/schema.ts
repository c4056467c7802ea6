/**
 * The reconciler's configuration model (zod): one object built from flags, DIDOPS_* variables, a YAML/JSON file and
 * these defaults (see load.ts for the precedence). Secrets are listed once, in {@link SECRET_PATHS}, so logs,
 * `--help` and error messages never print them.
 */
import { z } from 'zod';
import { authConfigSchema } from '../api/auth/config';

/** Log levels pino accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Default crontab schedules (five-field cron, UTC) per job name. A schedule is used only when a job of that name is
 * registered (src/reconciler/jobs/index.ts), so a job added later picks its default up from here.
 */
export const DEFAULT_SCHEDULES: Readonly<Record<string, string>> = Object.freeze({
  partitions: '7 3 * * *',
  ingest: '*/5 * * * *',
  rate: '*/5 * * * *',
  push: '*/5 * * * *',
  close: '15 * * * *',
  alerts: '*/15 * * * *',
  retention: '30 3 * * *',
  backup: '45 2 * * *',
  rollup: '*/5 * * * *',
});

const cron = z
  .string()
  .regex(/^\s*(\S+\s+){4}\S+\s*$/, 'must be a five-field cron schedule such as "*/5 * * * *" (minute hour day month weekday, UTC)');

const url = z.url({ message: 'must be an absolute URL such as http://127.0.0.1:4010' });

const twilio = z.strictObject({
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)'),
  authToken: z.string().min(1, 'must not be empty'),
  baseUrl: url.optional(),
});

const telnyx = z.strictObject({
  apiKey: z.string().min(1, 'must not be empty'),
  baseUrl: url.optional(),
  /** Base64 Ed25519 public key that signs Telnyx webhooks (Mission Control → Keys & Credentials → Public Key). */
  publicKey: z.string().min(1, 'must not be empty').optional(),
});

const stripe = z.strictObject({
  secretKey: z.string().regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_… key)'),
  baseUrl: url.optional(),
});

/** The whole configuration, with defaults. */
export const reconcilerConfigSchema = z.strictObject({
  /** Interface the HTTP API listens on. */
  host: z.string().min(1).default('127.0.0.1'),
  /** HTTP port; 0 picks a free one (tests). */
  port: z.number().int().min(0).max(65535).default(4020),
  /**
   * The API's address as carriers reach it (`https://reconciler.example.com`), when a proxy stands in front: Twilio
   * signs the URL it requested, so webhook signatures are checked against this base rather than the local address.
   */
  publicUrl: url.optional(),
  /** PostgreSQL connection string; absent means the embedded PGlite database in `<dataDir>/pg`. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string, e.g. postgres://user@127.0.0.1:5432/didops')
    .optional(),
  /** Where the embedded database and backups live. */
  dataDir: z.string().min(1).default('.didops/reconciler'),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  carriers: z.strictObject({ twilio: twilio.optional(), telnyx: telnyx.optional() }).default({}),
  stripe: stripe.optional(),
  jobs: z
    .strictObject({
      /** Jobs one process runs at once. */
      concurrency: z.number().int().min(1).max(64).default(4),
      /** How often a runner looks for jobs when no NOTIFY woke it (milliseconds). */
      pollIntervalMs: z.number().int().min(50).max(600_000).default(2000),
      /** Cron schedules by job name; merged over {@link DEFAULT_SCHEDULES}; "off" disables one. */
      schedules: z.record(z.string(), z.union([z.literal('off'), cron])).default({}),
      /** Rows per transaction of ingest, rating and push (smaller: shorter transactions; larger: fewer round trips). */
      batchSize: z.number().int().min(1).max(50_000).default(2000),
    })
    .default({ concurrency: 4, pollIntervalMs: 2000, schedules: {}, batchSize: 2000 }),
  retention: z
    .strictObject({
      months: z.number().int().min(1).max(120).default(12),
      /**
       * HMAC key of the pseudonyms an erasure puts in place of a person's number (at least 32 characters, kept out of
       * the database and its backups). Without it every erasure uses a one-off key: pseudonyms cannot be linked back.
       */
      pseudonymKey: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    })
    .default({ months: 12 }),
  backups: z.strictObject({ keep: z.number().int().min(1).max(1000).default(30) }).default({ keep: 30 }),
  /** API keys, OAuth tokens, rate limits, trusted proxies (src/reconciler/api/auth/config.ts). */
  auth: authConfigSchema.prefault({}),
});

/** The parsed configuration every part of the reconciler is built from. */
export type ReconcilerConfig = z.infer<typeof reconcilerConfigSchema>;

/** The configuration as written (before defaults): what tests and `startReconciler` accept. */
export type ReconcilerConfigInput = z.input<typeof reconcilerConfigSchema>;

/** Dotted paths of every secret value; redaction (redact.ts) and pino's `redact` are built from this list. */
export const SECRET_PATHS = ['carriers.twilio.authToken', 'carriers.telnyx.apiKey', 'stripe.secretKey', 'auth.pepper', 'auth.jwtSecret', 'retention.pseudonymKey'] as const;

/** The schedule of each job name: the defaults with the configured ones over them ("off" removes a job's schedule). */
export function effectiveSchedules(config: ReconcilerConfig): Record<string, string> {
  const merged: Record<string, string> = { ...DEFAULT_SCHEDULES, ...config.jobs.schedules };
  for (const [name, spec] of Object.entries(merged)) if (spec === 'off') delete merged[name];
  return merged;
}
