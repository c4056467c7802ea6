/**
 * The `backup` job (scheduled, daily): a snapshot of the embedded database into `<dataDir>/backups`, keeping the
 * newest `backups.keep`. On a PostgreSQL server it does nothing: back that up with the server's own tools
 * (pg_dump, pg_basebackup, WAL archiving; docs/reconciler.md, "Backups").
 */
import { z } from 'zod';
import { backupEmbeddedDatabase } from '../backup/create';
import { defineJob } from './job';

/** Snapshots the embedded database. */
export const backupJob = defineJob({
  name: 'backup',
  payload: z.object({}),
  async run(_payload, { config, database, now, logger, metrics }) {
    if (database.backend !== 'embedded') {
      logger.debug('the database is a PostgreSQL server: back it up with pg_dump or pg_basebackup (docs/reconciler.md, "Backups")');
      return;
    }
    const { backup, removed } = await backupEmbeddedDatabase({ dataDir: config.dataDir, keep: config.backups.keep, now: now(), pool: database.pool });
    metrics.backupsCreated.inc();
    logger.info({ backup: backup.path, bytes: backup.bytes, removed }, 'snapshot of the embedded database written');
  },
});
