/**
 * `didops reconciler backup` and `didops reconciler restore <file>`: snapshots of the embedded database, taken and
 * restored while no reconciler runs on the data directory (a running one takes its own on the `backup` job's
 * schedule). With DATABASE_URL set both refuse and point at PostgreSQL's own tools.
 */
import type { Command } from 'commander';
import { ValidationError } from '../core/errors';
import { backupEmbeddedDatabase } from '../reconciler/backup/create';
import { restoreEmbeddedDatabase } from '../reconciler/backup/restore';
import type { ReconcilerConfig } from '../reconciler/config';

/** The configuration a subcommand's flags, the environment and the file give (the `reconciler` command's loader). */
export type ConfigOfCommand = (command: Command) => ReconcilerConfig;

/** Registers `backup` and `restore` under the `reconciler` command. */
export function registerReconcilerBackupCommands(reconciler: Command, configOf: ConfigOfCommand): void {
  reconciler
    .command('backup')
    .description('Write a snapshot of the embedded database to <data-dir>/backups now, keeping the newest --backup-keep (stop the reconciler first).')
    .addHelpText('after', '\nExample:\n  $ didops reconciler backup --data-dir .didops/reconciler --backup-keep 30\nSee docs/reconciler.md, "Backups".')
    .action(async (_opts: unknown, sub: Command) => {
      const config = embeddedOnly(configOf(sub), 'backup');
      const { backup, removed } = await backupEmbeddedDatabase({ dataDir: config.dataDir, keep: config.backups.keep, now: new Date() });
      process.stdout.write(`wrote ${backup.path} (${(backup.bytes / 1e6).toFixed(1)} MB)${removed.length ? `; removed ${removed.length} older (keeping ${config.backups.keep})` : ''}\n`);
    });

  reconciler
    .command('restore <file>')
    .description('Replace the embedded database with a snapshot (stop the reconciler first); the replaced one is kept beside it.')
    .addHelpText('after', '\nExample:\n  $ didops reconciler restore .didops/reconciler/backups/didops-backup-2026-12-07T02-45-00-000Z.tar.gz\nSee docs/reconciler.md, "Backups".')
    .action(async (file: string, _opts: unknown, sub: Command) => {
      const config = embeddedOnly(configOf(sub), 'restore');
      const { restoredFrom, previousDir } = await restoreEmbeddedDatabase({ dataDir: config.dataDir, file, now: new Date() });
      process.stdout.write(`restored ${restoredFrom} into ${config.dataDir}/pg\n`);
      if (previousDir) process.stdout.write(`the database it replaced is in ${previousDir}; delete it once the restored one is right\n`);
    });
}

function embeddedOnly(config: ReconcilerConfig, verb: string): ReconcilerConfig {
  if (config.databaseUrl) {
    throw new ValidationError({
      field: 'databaseUrl',
      summary: `\`didops reconciler ${verb}\` is for the embedded database, and DATABASE_URL names a PostgreSQL server`,
      detail: 'back the server up with pg_dump or pg_basebackup and restore with pg_restore (docs/reconciler.md, "Backups")',
    });
  }
  return config;
}
