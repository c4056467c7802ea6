/** The reconciler service in-process on both backends: health, readiness, metrics, jobs, and a clean stop. */
import { z } from 'zod';
import { listMonthPartitions } from '../../src/reconciler/db/partitions';
import type { AnyJobDefinition } from '../../src/reconciler/jobs/job';
import { startReconciler } from '../../src/reconciler/service';
import { RECONCILER_BACKENDS, startTestReconciler, testReconcilerConfig, useReconcilerDatabase } from '../support/reconciler-db';

describe.each(RECONCILER_BACKENDS)('the reconciler service on %s', (backend) => {
  const fresh = useReconcilerDatabase(backend);

  it('answers /healthz, is ready once migrated with its queue running, and counts jobs in /metrics', async () => {
    const reconciler = await startTestReconciler(fresh.target(), {}, { now: () => new Date('2031-05-20T12:00:00Z') });
    try {
      expect(await (await fetch(`${reconciler.url}/healthz`)).json()).toEqual({ status: 'ok' });

      const ready = await fetch(`${reconciler.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true, detail: 'current' }, queue: { ok: true } } });

      // Start-up made this month's partitions (from the injected clock); the partitions job makes the ones ahead.
      const months = async () => (await listMonthPartitions(reconciler.context.db)).map((p) => p.name).filter((n) => n.startsWith('call_records_2031'));
      expect(await months()).toEqual(['call_records_2031_04', 'call_records_2031_05', 'call_records_2031_06', 'call_records_2031_07']);
      await reconciler.queue!.addJob('partitions', { ahead: 4 }, { jobKey: 'partitions:test' });
      await waitFor(async () => (await metricsText(reconciler.url)).includes('didops_reconciler_jobs_finished_total{job="partitions",outcome="success",service="didops-reconciler"} 1'));

      expect(await months()).toEqual(['call_records_2031_04', 'call_records_2031_05', 'call_records_2031_06', 'call_records_2031_07', 'call_records_2031_08', 'call_records_2031_09']);
      const metrics = await metricsText(reconciler.url);
      expect(metrics).toContain('didops_reconciler_jobs_started_total{job="partitions"');
      expect(metrics).toContain('didops_reconciler_process_cpu_user_seconds_total');
      expect(metrics).toContain('didops_reconciler_http_requests_total{method="GET",route="/readyz",status="200"');
    } finally {
      await reconciler.stop();
    }
    await expect(fetch(`${reconciler.url}/healthz`)).rejects.toThrow();
  });

  it('stops gracefully: a running job finishes before the database closes, and the data directory is free again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const finished: string[] = [];
    const slowJob = {
      name: 'partitions',
      payload: z.object({ ahead: z.number().optional() }),
      async run() {
        started.push('slow');
        await gate;
        finished.push('slow');
      },
    } as AnyJobDefinition;
    const reconciler = await startTestReconciler(fresh.target(), {}, { jobs: [slowJob] });
    await reconciler.queue!.addJob('partitions', {});
    await waitFor(async () => started.length === 1);

    const stopped = reconciler.stop();
    // New requests are refused at once, while the job is still running.
    await waitFor(async () => fetch(`${reconciler.url}/healthz`).then(() => false, () => true));
    expect(finished).toEqual([]);
    release();
    await stopped;
    expect(finished).toEqual(['slow']);

    // Everything was closed (the embedded database's lock too): the same configuration starts again.
    const again = await startReconciler(testReconcilerConfig(fresh.target()), { jobs: false });
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    await again.stop();
  });
});

async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** Polls a condition (jobs run on another connection); fails after 20 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}
