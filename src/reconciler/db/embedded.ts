/**
 * Runs the embedded database (PGlite in `<dataDir>/pg`, served by pglite-server.ts) in a worker thread and returns
 * where to connect. A thread, because PGlite executes queries synchronously in WebAssembly: on the API's own event
 * loop a long query would stall every request, and on a 2-core machine the thread gets the other core. (It also keeps
 * PGlite's dynamic imports out of Jest's module sandbox, which cannot run them.)
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DidopsError } from '../../core/errors';

/** The embedded database, running. */
export interface EmbeddedDatabase {
  readonly host: string;
  readonly port: number;
  /** Closes every connection, then PGlite (flushing it to disk), then the thread. */
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `pgDir` in a worker thread and serves it on a free loopback port. A new directory starts as a copy
 * of a freshly initialised one cached in $TMPDIR (initdb in WebAssembly takes seconds; a copy, milliseconds).
 */
export async function startEmbeddedDatabase(pgDir: string, options: { templateCacheDir?: string | false } = {}): Promise<EmbeddedDatabase> {
  const cacheDir = options.templateCacheDir ?? join(tmpdir(), 'didops-pglite-templates');
  if (cacheDir !== false && !existsSync(join(pgDir, 'PG_VERSION'))) {
    const template = await ensureTemplate(cacheDir);
    cpSync(template, pgDir, { recursive: true });
  }
  return startWorker(pgDir);
}

/** The cached template for this PGlite version, initialised on first use (built aside, then renamed into place). */
async function ensureTemplate(cacheDir: string): Promise<string> {
  const pkg = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const template = join(cacheDir, `pglite-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  mkdirSync(cacheDir, { recursive: true });
  const building = mkdtempSync(join(cacheDir, 'building-'));
  try {
    const fresh = await startWorker(join(building, 'pg'));
    await fresh.stop();
    try {
      renameSync(join(building, 'pg'), template);
    } catch (err) {
      // Another process finished first: theirs is as good as ours.
      if (!existsSync(join(template, 'PG_VERSION'))) throw err;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

function startWorker(pgDir: string): Promise<EmbeddedDatabase> {
  // Under ts-jest or tsx this file is TypeScript, and so is the worker's entry: the thread registers tsx to load it.
  const typescript = extname(__filename) === '.ts';
  const entry = join(__dirname, `embedded-worker${typescript ? '.ts' : '.js'}`);
  const source = `${typescript ? "require('tsx/cjs');" : ''}require(${JSON.stringify(entry)});`;
  const worker = new Worker(source, { eval: true, workerData: { pgDir, host: '127.0.0.1' } });
  return new Promise((resolve, reject) => {
    const failed = (why: string) =>
      reject(new DidopsError({ field: 'dataDir', summary: `the embedded database in "${pgDir}" did not start: ${why}`, detail: 'check that the directory is writable and holds a PGlite database (or is empty); or set DATABASE_URL to use a PostgreSQL server' }));
    worker.once('error', (err) => failed(err.message));
    worker.once('exit', (code) => failed(`its thread exited with code ${code}`));
    worker.on('message', (message: { type: string; host?: string; port?: number; message?: string }) => {
      if (message.type === 'failed') return failed(message.message ?? 'unknown error');
      if (message.type !== 'ready') return;
      worker.removeAllListeners('exit');
      worker.removeAllListeners('error');
      let stopping: Promise<void> | undefined;
      resolve({
        host: message.host!,
        port: message.port!,
        stop() {
          stopping ??= new Promise<void>((done) => {
            worker.on('message', (m: { type: string }) => m.type === 'stopped' && void worker.terminate().then(() => done()));
            worker.once('exit', () => done());
            worker.postMessage({ type: 'stop' });
          });
          return stopping;
        },
      });
    });
  });
}
