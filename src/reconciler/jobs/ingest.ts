/**
 * The `ingest` job. Scheduled without a carrier, it queues one run per configured carrier (each in its own queue, so
 * one carrier account is ingested by one worker at a time across every replica); with a carrier, it pulls that
 * carrier's records from its cursor (src/reconciler/ingest/ingest-calls.ts).
 */
import { z } from 'zod';
import { CARRIER_NAMES } from '../../carriers/carrier';
import { configuredCarriers } from '../ingest/carriers';
import { ingestCallRecords } from '../ingest/ingest-calls';
import { defineJob } from './job';

/** Pulls call records from the carriers. */
export const ingestJob = defineJob({
  name: 'ingest',
  payload: z.object({ carrier: z.enum(CARRIER_NAMES).optional(), from: z.iso.datetime().optional() }),
  async run(payload, { config, db, now, logger, signal, addJob, metrics }) {
    const carriers = configuredCarriers(config);
    if (!payload.carrier) {
      for (const name of carriers.names) {
        await addJob('ingest', { carrier: name, ...(payload.from ? { from: payload.from } : {}) }, { jobKey: `ingest:${name}`, queueName: `ingest:${name}` });
      }
      return;
    }
    const carrier = carriers.set.get(payload.carrier);
    const result = await ingestCallRecords({
      db,
      carrier,
      now: now(),
      signal,
      ...(payload.from ? { from: new Date(payload.from) } : {}),
    });
    metrics.ingestedCalls.inc({ carrier: carrier.name }, result.inserted);
    logger.info({ carrier: carrier.name, ...result }, 'ingested call records');
  },
});
