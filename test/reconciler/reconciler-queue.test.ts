/**
 * Two reconcilers on one database share the job queue and never run a job twice: each runner has its own pool (as a
 * second process would), and 200 jobs are each run exactly once between them.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { reconcilerConfigSchema } from '../../src/reconciler/config/schema';
import type { ReconcilerContext } from '../../src/reconciler/context';
import { openReconcilerDatabase, type ReconcilerDatabase } from '../../src/reconciler/db/connect';
import type { AnyJobDefinition } from '../../src/reconciler/jobs/job';
import { startQueue, type Queue } from '../../src/reconciler/jobs/queue';
import { createReconcilerLogger } from '../../src/reconciler/logger';
import { createReconcilerMetrics } from '../../src/reconciler/metrics';
import { RECONCILER_BACKENDS, openMigratedDatabase, useReconcilerDatabase } from '../support/reconciler-db';

const JOB_COUNT = 200;

describe.each(RECONCILER_BACKENDS)('the job queue on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);

  it(`runs each of ${JOB_COUNT} jobs exactly once across two runners on one database`, async () => {
    const first = await openMigratedDatabase(fresh.target());
    // The second runner connects as another process would: its own pool, to the same database.
    const second = await openReconcilerDatabase({ databaseUrl: first.connectionString, dataDir: fresh.target().dataDir });
    await sql`CREATE TABLE job_runs (n integer NOT NULL, runner text NOT NULL)`.execute(first.db);
    let done = 0;
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    const countingJob = (runner: string) =>
      ({
        name: 'partitions',
        payload: z.object({ ahead: z.number() }),
        async run(payload: { ahead: number }, context: ReconcilerContext) {
          await sql`INSERT INTO job_runs (n, runner) VALUES (${payload.ahead}, ${runner})`.execute(context.db);
          // A little work, so both runners are busy at once.
          await new Promise((r) => setTimeout(r, 5));
          if (++done === JOB_COUNT) allDone();
        },
      }) as unknown as AnyJobDefinition;
    const queues: Queue[] = [];
    try {
      for (const [name, database] of [['one', first], ['two', second]] as const) {
        queues.push(await startQueue({ context: contextOf(database), jobs: [countingJob(name)], concurrency: 4, pollIntervalMs: 200 }));
      }
      for (let n = 0; n < JOB_COUNT; n++) await queues[n % 2]!.addJob('partitions', { ahead: n }, { jobKey: `count:${n}` });
      await finished;
      await Promise.all(queues.map((q) => q.stop()));

      const runs = await sql<{ n: number; times: number }>`SELECT n, count(*)::int AS times FROM job_runs GROUP BY n ORDER BY n`.execute(first.db);
      expect(runs.rows).toHaveLength(JOB_COUNT);
      expect(runs.rows.filter((r) => r.times !== 1)).toEqual([]);
      const byRunner = await sql<{ runner: string; jobs: number }>`SELECT runner, count(*)::int AS jobs FROM job_runs GROUP BY runner ORDER BY runner`.execute(first.db);
      // Both took part: the work was shared, not merely done by whichever started first.
      expect(byRunner.rows.map((r) => r.runner)).toEqual(['one', 'two']);
    } finally {
      await Promise.all(queues.map((q) => q.stop()));
      await second.close();
      await first.close();
    }
  });
});

function contextOf(database: ReconcilerDatabase): ReconcilerContext {
  return {
    config: reconcilerConfigSchema.parse({ logLevel: 'silent' }),
    database,
    db: database.db,
    logger: createReconcilerLogger('silent'),
    metrics: createReconcilerMetrics(),
    now: () => new Date(),
  };
}
