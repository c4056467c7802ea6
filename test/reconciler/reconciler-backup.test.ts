/**
 * Backups of the embedded database: the scheduled job snapshots the running database, `didops reconciler restore`
 * brings the snapshot back, `didops reconciler backup` snapshots a stopped one, and only the newest `backups.keep`
 * stay. On PostgreSQL the job does nothing and the CLI points at the server's own tools.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupsDir, listBackups } from '../../src/reconciler/backup';
import { backupJob } from '../../src/reconciler/jobs/backup';
import { openMigratedDatabase, startTestReconciler, useReconcilerDatabase } from '../support/reconciler-db';
import { runCliInProcess } from '../support/cli-in-process';
import { insertAccount, jobContextOf, jobContextOn } from '../support/reconciler-records';

describe('backups of the embedded database', () => {
  const fresh = useReconcilerDatabase('embedded');

  it('snapshots the running database, restores it with `didops reconciler restore`, and keeps the newest backups.keep', async () => {
    const { dataDir } = fresh.target();
    // Older snapshots, and a file of the operator's that rotation must leave alone.
    mkdirSync(backupsDir(dataDir), { recursive: true });
    for (const day of ['01', '02']) writeFileSync(join(backupsDir(dataDir), `didops-backup-2020-01-${day}T02-45-00-000Z.tar.gz`), 'old');
    writeFileSync(join(backupsDir(dataDir), 'notes.txt'), 'mine');

    const reconciler = await startTestReconciler(fresh.target(), { backups: { keep: 2 }, jobs: { schedules: { backup: 'off' } } }, { jobs: [backupJob], now: () => new Date('2020-01-03T02:45:00Z') });
    let written = 0;
    try {
      await insertAccount(reconciler.context.db, 'cus_Before');
      // A writer keeps adding accounts while the snapshot is taken (and the queue keeps polling): the snapshot must
      // hold an unbroken prefix of them, the state at one instant.
      let snapshotting = true;
      const writer = (async () => {
        while (snapshotting) await insertAccount(reconciler.context.db, `cus_W${String(written++).padStart(5, '0')}`);
      })();
      await backupJob.run({}, jobContextOf(reconciler));
      snapshotting = false;
      await writer;
      await insertAccount(reconciler.context.db, 'cus_After');
    } finally {
      await reconciler.stop();
    }
    const snapshots = listBackups(dataDir);
    expect(snapshots.map((b) => b.name)).toEqual(['didops-backup-2020-01-02T02-45-00-000Z.tar.gz', 'didops-backup-2020-01-03T02-45-00-000Z.tar.gz']);
    expect(snapshots[1]).toMatchObject({ takenAt: new Date('2020-01-03T02:45:00Z'), bytes: expect.any(Number) });
    expect(readdirSync(backupsDir(dataDir))).toContain('notes.txt');

    const restored = await runCliInProcess(['reconciler', 'restore', snapshots[1]!.path, '--data-dir', dataDir]);
    expect(restored).toMatchObject({ status: 0, stderr: '' });
    expect(restored.stdout).toContain(`restored ${snapshots[1]!.path}`);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pg.before-restore-'))).toHaveLength(1);

    // The database is as it was when the snapshot was taken.
    const database = await openMigratedDatabase(fresh.target());
    try {
      const ids = (await database.db.selectFrom('accounts').select('id').orderBy('id').execute()).map((a) => a.id);
      expect(ids[0]).toBe('cus_Before');
      const writes = ids.slice(1);
      expect(writes).toEqual(Array.from({ length: writes.length }, (_, n) => `cus_W${String(n).padStart(5, '0')}`));
      expect(writes.length).toBeLessThan(written);
    } finally {
      await database.close();
    }

    // With no reconciler running, the CLI snapshots the database as it is (now, so the newest) and rotates.
    const taken = await runCliInProcess(['reconciler', 'backup', '--data-dir', dataDir, '--backup-keep', '2']);
    expect(taken).toMatchObject({ status: 0, stderr: '' });
    const after = listBackups(dataDir);
    expect(after.map((b) => b.name)).toEqual([snapshots[1]!.name, expect.stringMatching(/^didops-backup-\d{4}-.*\.tar\.gz$/)]);
    expect(taken.stdout).toContain(`wrote ${after[1]!.path}`);

    const garbage = join(dataDir, 'not-a-backup.tar.gz');
    writeFileSync(garbage, 'plain text');
    const refused = await runCliInProcess(['reconciler', 'restore', garbage, '--data-dir', dataDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^didops: file: ".*not-a-backup\.tar\.gz" is not a readable snapshot/);
  });
});

describe('backups on PostgreSQL', () => {
  const fresh = useReconcilerDatabase('postgres');

  it('are left to the server’s tools: the job writes nothing and the CLI points at pg_dump', async () => {
    const target = fresh.target();
    const database = await openMigratedDatabase(target);
    try {
      await backupJob.run({}, jobContextOn(database, () => new Date(), { dataDir: target.dataDir, databaseUrl: target.databaseUrl! }));
    } finally {
      await database.close();
    }
    expect(listBackups(target.dataDir)).toEqual([]);

    const cli = await runCliInProcess(['reconciler', 'backup', '--data-dir', target.dataDir, '--database-url', target.databaseUrl!]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('`didops reconciler backup` is for the embedded database');
    expect(cli.stderr).toContain('pg_dump');
  });
});
