/**
 * Where snapshots of the embedded database live and what they are called: `<dataDir>/backups/didops-backup-<ISO
 * instant>.tar.gz`, a gzipped tar of the PGlite data directory (`<dataDir>/pg`) that `tar xzf` also opens. Names sort
 * by time, so the newest are the last and rotation keeps the last `backups.keep`.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The embedded database's directory under a data directory (as db/connect.ts opens it). */
export function embeddedDatabaseDir(dataDir: string): string {
  return resolve(dataDir, 'pg');
}

/** Where snapshots are written. */
export function backupsDir(dataDir: string): string {
  return resolve(dataDir, 'backups');
}

const BACKUP_NAME = /^didops-backup-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.tar\.gz$/;

/** A snapshot on disk. */
export interface BackupFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  /** When it was taken (from its name). */
  readonly takenAt: Date;
}

/** The file name of a snapshot taken at `at`. */
export function backupFileName(at: Date): string {
  return `didops-backup-${at.toISOString().replace(/[:.]/g, '-')}.tar.gz`;
}

/** The snapshots in `<dataDir>/backups`, oldest first (files of other names are not ours and are left alone). */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => {
      const [, stamp] = BACKUP_NAME.exec(name)!;
      const iso = stamp!.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
      const path = join(dir, name);
      return { name, path, bytes: statSync(path).size, takenAt: new Date(iso) };
    });
}

/** Deletes all but the newest `keep` snapshots; returns the names deleted. */
export function pruneBackups(dataDir: string, keep: number): string[] {
  const all = listBackups(dataDir);
  const expired = all.slice(0, Math.max(0, all.length - keep));
  for (const backup of expired) rmSync(backup.path, { force: true });
  return expired.map((b) => b.name);
}
