/**
 * The embedded database serves many pg connections from one PGlite session as a PostgreSQL server would: no cycle of
 * one connection is interleaved with another's, transactions are isolated, NOTIFY reaches the listener, and named
 * statements are per connection. (@electric-sql/pglite-socket's multiplexer fails the first and third.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/reconciler/db/embedded';

describe('the embedded database server', () => {
  let dir: string;
  let server: EmbeddedDatabase;
  let pool: Pool;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'didops-embedded-'));
    server = await startEmbeddedDatabase(join(dir, 'pg'));
    pool = new Pool({ host: server.host, port: server.port, user: 'postgres', database: 'postgres', max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each query whole while large messages arrive in pieces beside other connections’ queries', async () => {
    const big = 'x'.repeat(200_000);
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        i % 2
          ? pool.query('SELECT $1::int AS n', [i]).then((r) => r.rows[0].n === i)
          : pool.query(`SELECT length($1::text) AS len, $2::int AS n /* ${i} */`, [big, i]).then((r) => r.rows[0].n === i && r.rows[0].len === big.length),
      ),
    );
    expect(answers.filter((ok) => !ok)).toEqual([]);
  });

  it('isolates transactions: 60 concurrent read-then-write increments lose none', async () => {
    await pool.query('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
    await Promise.all(
      Array.from({ length: 60 }, async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query('SELECT n FROM counter');
          await client.query('UPDATE counter SET n = $1', [rows[0].n + 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    expect((await pool.query('SELECT n FROM counter')).rows[0].n).toBe(60);
  });

  it('delivers NOTIFY to the connections that LISTEN, and only to them', async () => {
    const [listener, other, notifier] = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      const heard = { listener: [] as string[], other: [] as string[], notifier: [] as string[] };
      listener.on('notification', (m) => heard.listener.push(m.payload ?? ''));
      other.on('notification', (m) => heard.other.push(m.payload ?? ''));
      notifier.on('notification', (m) => heard.notifier.push(m.payload ?? ''));
      await listener.query('LISTEN "jobs:insert"');
      await other.query('LISTEN "jobs:insert"');
      await other.query('UNLISTEN "jobs:insert"');
      await notifier.query(`BEGIN; SELECT pg_notify('jobs:insert', 'one'); COMMIT`);
      await notifier.query(`SELECT pg_notify('jobs:insert', 'two')`);
      await until(() => heard.listener.length === 2);
      expect(heard).toEqual({ listener: ['one', 'two'], other: [], notifier: [] });
    } finally {
      for (const c of [listener, other, notifier]) c.release();
    }
  });

  it('keeps named prepared statements apart per connection, as separate sessions would', async () => {
    const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
    try {
      for (let round = 0; round < 3; round++) {
        expect((await a.query({ name: 'get_job', text: 'SELECT $1::int + 1 AS v', values: [1] })).rows[0].v).toBe(2);
        expect((await b.query({ name: 'get_job', text: 'SELECT $1::text AS v', values: ['b'] })).rows[0].v).toBe('b');
      }
    } finally {
      a.release();
      b.release();
    }
  });

  it('rolls back what a vanished connection left open and serves the others on', async () => {
    await pool.query('CREATE TABLE notes (t text)');
    const doomed: PoolClient = await pool.connect();
    await doomed.query('BEGIN');
    await doomed.query(`INSERT INTO notes VALUES ('never committed')`);
    doomed.release(true);
    expect((await pool.query('SELECT count(*)::int AS n FROM notes')).rows[0].n).toBe(0);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
}
