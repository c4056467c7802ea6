/**
 * Worker-thread entry of the embedded database (embedded.ts starts it): PGlite and its loopback server run here, off
 * the API's event loop. Not imported by anything; loaded by path.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Extension } from '@electric-sql/pglite';
import { serveEmbeddedDatabase } from './pglite-server';

/** What embedded.ts passes in. */
interface EmbeddedWorkerData {
  readonly pgDir: string;
  readonly host: string;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('embedded-worker.ts runs only as a worker thread');
  const { pgDir, host } = workerData as EmbeddedWorkerData;
  const { PGlite } = await import('@electric-sql/pglite');
  // A subpath export, which this project's moduleResolution cannot type.
  const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as { btree_gist: Extension };
  const pglite = await PGlite.create({ dataDir: pgDir, extensions: { btree_gist } });
  const server = await serveEmbeddedDatabase(pglite, { host });
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await server.stop();
      await pglite.close();
      port.postMessage({ type: 'stopped' });
      port.close();
    })();
  });
  port.postMessage({ type: 'ready', host: server.host, port: server.port });
}

main().catch((err: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
});
