/** Backups of the embedded database: snapshots with rotation, restore, and the files they live in. */
export { backupEmbeddedDatabase, type BackupOptions, type BackupResult } from './create';
export { restoreEmbeddedDatabase, type RestoreResult } from './restore';
export { backupsDir, listBackups, pruneBackups, type BackupFile } from './files';
