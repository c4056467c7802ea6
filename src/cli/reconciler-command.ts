/**
 * `didops reconciler` (serve the API and run the jobs), `didops reconciler migrate`, and the credential commands
 * (`keys`, `clients`: reconciler-keys-command.ts). Flags and DIDOPS_* variables
 * come from one table (src/reconciler/config/settings.ts), so `--help` lists exactly what the loader reads.
 */
import type { Command } from 'commander';
import { runMigrations } from 'graphile-worker';
import { CONFIG_FILE_ENV, SCHEDULE_ENV_PREFIX, SETTINGS, loadReconcilerConfig, redactDatabaseUrl, type ReconcilerConfig } from '../reconciler/config';
import { openReconcilerDatabase } from '../reconciler/db/connect';
import { migrateToLatest } from '../reconciler/db/migrate';
import { ensureCurrentPartitions } from '../reconciler/db/partitions';
import { createReconcilerLogger } from '../reconciler/logger';
import { startReconciler, stopOnSignals } from '../reconciler/service';
import { buildAuthServices } from '../reconciler/api/auth/build';
import { registerReconcilerKeysCommands, type AuthCommandContext } from './reconciler-keys-command';
import { registerReconcilerBackupCommands } from './reconciler-backup-command';

/** The help text naming every setting's flag and variable. */
const SETTINGS_HELP = `
Configuration: flags > environment variables > the file (--config or $${CONFIG_FILE_ENV}, YAML or JSON) > defaults.
${SETTINGS.map((s) => `  ${(s.flag ? `--${s.flag}` : '').padEnd(20)} ${s.env.padEnd(30)} ${s.help}`).join('\n')}
  ${''.padEnd(20)} ${`${SCHEDULE_ENV_PREFIX}<JOB>`.padEnd(30)} cron schedule of a job (UTC), or "off"; e.g. ${SCHEDULE_ENV_PREFIX}INGEST="*/10 * * * *"
Secrets (tokens, keys) have no flags: flags show in \`ps\`. Pass them as variables or in the file.

Examples:
  $ didops reconciler                                   # embedded database in ./.didops/reconciler, http://127.0.0.1:4020
  $ DATABASE_URL=postgres://didops@127.0.0.1:5432/didops didops reconciler --port 8080
  $ didops reconciler migrate --config reconciler.yaml  # apply migrations and exit
See docs/reconciler.md.`;

type Flags = Record<string, string | undefined> & { config?: string };

/** Registers `reconciler` and its subcommands. */
export function registerReconcilerCommand(program: Command): void {
  const command = program
    .command('reconciler')
    .description('Run the reconciler: ingest call records, rate, push usage, close periods; HTTP API with /healthz, /readyz and /metrics.')
    .option('-c, --config <file>', `configuration file, YAML or JSON (default: $${CONFIG_FILE_ENV})`)
    .configureHelp({ showGlobalOptions: true });
  for (const setting of SETTINGS) if (setting.flag) command.option(`--${setting.flag} <value>`, `${setting.help} ($${setting.env})`);
  command.addHelpText('after', SETTINGS_HELP).action(async (opts: Flags) => {
    const reconciler = await startReconciler(configFrom(opts));
    console.log(`didops reconciler listening on ${reconciler.url}`);
    stopOnSignals(reconciler);
  });

  command
    .command('migrate')
    .description('Apply the database migrations (the reconciler’s and the job queue’s) and exit.')
    .addHelpText('after', SETTINGS_HELP)
    .action(async (_opts: unknown, sub: Command) => {
      const config = configFrom(sub.optsWithGlobals<Flags>());
      const logger = createReconcilerLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
      const database = await openReconcilerDatabase(config, { onIdleError: (err) => logger.warn({ err }, 'database connection failed') });
      try {
        const applied = await migrateToLatest(database.db);
        await runMigrations({ pgPool: database.pool });
        await ensureCurrentPartitions(database.db, new Date());
        const where = config.databaseUrl ? redactDatabaseUrl(config.databaseUrl) : database.description;
        console.log(applied.length ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`);
      } finally {
        await database.close();
      }
    });

  registerReconcilerBackupCommands(command, (sub) => configFrom(sub.optsWithGlobals<Flags>()));
  registerReconcilerKeysCommands(command, (sub) => openAuthContext(configFrom(sub.optsWithGlobals<Flags>())));
}

/** The configured database, migrated (a first key is made before the first start), with the auth services on it. */
async function openAuthContext(config: ReconcilerConfig): Promise<AuthCommandContext> {
  const logger = createReconcilerLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openReconcilerDatabase(config, { onIdleError: (err) => logger.warn({ err }, 'database connection failed') });
  try {
    await migrateToLatest(database.db);
    const auth = await buildAuthServices(database.db, config.auth);
    return { auth, close: () => database.close() };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** The configuration from the flags given (undefined when absent), the environment and the file. */
function configFrom(opts: Flags): ReconcilerConfig {
  const flags: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    if (!setting.flag) continue;
    const value = opts[camel(setting.flag)];
    if (value === undefined) continue;
    flags[setting.path] = setting.kind === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return loadReconcilerConfig({ flags, env: process.env, ...(opts.config ? { file: opts.config } : {}) });
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
