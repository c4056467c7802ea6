/**
 * Restores a snapshot into the embedded database's place while no reconciler runs (the data directory's lock is
 * taken, so a running one makes this refuse). The archive is unpacked beside the database first and checked; only
 * then is the current database moved aside (`pg.before-restore-<instant>`, kept until you delete it) and the restored
 * one renamed into `<dataDir>/pg`. A failure before the swap leaves the current database untouched.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract } from 'tar';
import { ValidationError } from '../../core/errors';
import { lockDataDir } from '../db/data-dir-lock';
import { embeddedDatabaseDir } from './files';

/** What a restore did. */
export interface RestoreResult {
  /** The archive restored. */
  readonly restoredFrom: string;
  /** Where the database it replaced was moved, if there was one. */
  readonly previousDir?: string;
}

/** Restores `file` (a snapshot from `backupEmbeddedDatabase`) as the embedded database of `dataDir`. */
export async function restoreEmbeddedDatabase(options: { readonly dataDir: string; readonly file: string; readonly now: Date }): Promise<RestoreResult> {
  const file = resolve(options.file);
  if (!existsSync(file)) throw new ValidationError({ field: 'file', summary: `the snapshot "${file}" does not exist`, detail: 'snapshots are in <data-dir>/backups; list them with `ls`' });
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const stamp = options.now.toISOString().replace(/[:.]/g, '-');
    const pgDir = embeddedDatabaseDir(dataDir);
    const restoring = `${pgDir}.restoring-${stamp}`;
    mkdirSync(restoring, { recursive: true });
    try {
      await extract({ file, cwd: restoring, strict: true });
    } catch (err) {
      rmSync(restoring, { recursive: true, force: true });
      throw new ValidationError({ field: 'file', summary: `"${file}" is not a readable snapshot: ${(err as Error).message}`, detail: 'pass a didops-backup-….tar.gz written by `didops reconciler backup` or the backup job', cause: err });
    }
    if (!existsSync(join(restoring, 'PG_VERSION'))) {
      rmSync(restoring, { recursive: true, force: true });
      throw new ValidationError({ field: 'file', summary: `"${file}" holds no PostgreSQL data directory (no PG_VERSION at its top)`, detail: 'pass a didops-backup-….tar.gz written by `didops reconciler backup` or the backup job' });
    }
    let previousDir: string | undefined;
    if (existsSync(pgDir)) {
      previousDir = `${pgDir}.before-restore-${stamp}`;
      renameSync(pgDir, previousDir);
    }
    renameSync(restoring, pgDir);
    return { restoredFrom: file, ...(previousDir ? { previousDir } : {}) };
  } finally {
    unlock();
  }
}
