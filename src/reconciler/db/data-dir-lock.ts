/**
 * One process per embedded database: PGlite keeps its files open and two processes writing one directory corrupt
 * it, so the first takes `<dir>/didops.pid` and a second is told to share a PostgreSQL server instead. A lock left by
 * a process that died (SIGKILL) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError } from '../../core/errors';

/** Takes the directory's lock; returns the function that gives it back. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'didops.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (holder && holder !== process.pid && alive(holder)) {
        throw new ConflictError({
          field: 'dataDir',
          summary: `the embedded database in "${dir}" is in use by process ${holder}`,
          detail: 'stop that reconciler, give this one another --data-dir, or run both against one PostgreSQL server with DATABASE_URL',
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new ConflictError({ field: 'dataDir', summary: `cannot lock "${dir}"`, detail: 'another process keeps taking the lock; retry' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
