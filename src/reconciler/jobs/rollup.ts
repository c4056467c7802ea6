/**
 * The `rollup` job: recomputes the analytics rollups of every hour whose call records changed since its last rollup
 * (analytics/rollup.ts). Safe to repeat and to run on several replicas: runs take turns on an advisory lock, and a
 * unit is replaced by an aggregate of its records, never added to.
 */
import { z } from 'zod';
import { rollUpDirtyHours } from '../analytics/rollup';
import { defineJob } from './job';

/** Keeps usage_hourly and the daily rollups current. */
export const rollupJob = defineJob({
  name: 'rollup',
  payload: z.object({ daysPerTransaction: z.number().int().min(1).max(62).optional() }),
  async run(payload, { db, logger, signal, metrics }) {
    const result = await rollUpDirtyHours(db, { signal, ...(payload.daysPerTransaction ? { daysPerTransaction: payload.daysPerTransaction } : {}) });
    metrics.rolledUpHours.inc(result.hours);
    if (result.hours > 0) logger.info(result, 'rolled up call records');
  },
});
