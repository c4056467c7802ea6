/**
 * The `ingest` job. Scheduled without a carrier, it queues one run per configured carrier; with a carrier, it pulls
 * that carrier's records from its cursor (src/reconciler/ingest/ingest-calls.ts) and queues the rating of what
 * arrived. One run per carrier account at a time across every replica: an advisory lock that dies with its process
 * (jobs/exclusive.ts), where a named queue would stay locked for hours after a SIGKILL.
 */
import { z } from 'zod';
import { CARRIER_NAMES } from '../../carriers/carrier';
import { configuredCarriers } from '../ingest/carriers';
import { ingestCallRecords } from '../ingest/ingest-calls';
import { runExclusively } from './exclusive';
import { defineJob } from './job';

/** Pulls call records from the carriers. */
export const ingestJob = defineJob({
  name: 'ingest',
  payload: z.object({ carrier: z.enum(CARRIER_NAMES).optional(), from: z.iso.datetime().optional() }),
  async run(payload, { config, db, now, logger, signal, addJob, metrics }) {
    const carriers = configuredCarriers(config);
    if (!payload.carrier) {
      for (const name of carriers.names) {
        await addJob('ingest', { carrier: name, ...(payload.from ? { from: payload.from } : {}) }, { jobKey: `ingest:${name}` });
      }
      return;
    }
    const carrier = carriers.set.get(payload.carrier);
    const run = await runExclusively(db, `didops:ingest:${carrier.name}:${carrier.account}`, () =>
      ingestCallRecords({
        db,
        carrier,
        now: now(),
        signal,
        batchSize: config.jobs.batchSize,
        ...(payload.from ? { from: new Date(payload.from) } : {}),
        onBatch: (batch) => {
          metrics.ingestedCalls.inc({ carrier: carrier.name }, batch.inserted);
          logger.debug({ carrier: carrier.name, ...batch }, 'ingested a batch');
        },
      }),
    );
    if (!run.ran) return logger.info({ carrier: carrier.name }, 'another run is ingesting this carrier account; leaving it to that one');
    logger.info({ carrier: carrier.name, ...run.value }, 'ingested call records');
    // Always, not only when rows arrived: a rating killed earlier resumes here rather than at the next tick.
    await addJob('rate', {}, { jobKey: 'rate' });
  },
});
