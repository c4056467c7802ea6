/** The `retention` job (scheduled, daily): drops call_records months older than `retention.months`. */
import { z } from 'zod';
import { expireCallRecords } from '../retention/expire';
import { defineJob } from './job';

/** Expires old call records and records the run. */
export const retentionJob = defineJob({
  name: 'retention',
  payload: z.object({}),
  async run(_payload, { db, now, config, logger, metrics }) {
    const result = await expireCallRecords(db, { actor: 'job:retention', now: now(), months: config.retention.months });
    metrics.retentionRuns.inc({ kind: 'expire' });
    if (result.partitions.length) logger.info({ partitions: result.partitions, records: result.records }, 'dropped expired call_records partitions');
  },
});
