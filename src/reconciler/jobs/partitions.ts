/** The `partitions` job: call_records partitions for last month, this month and the months ahead. */
import { z } from 'zod';
import { ensureCurrentPartitions } from '../db/partitions';
import { defineJob } from './job';

/** Creates the partitions calls will need, so ingest never waits for one. */
export const partitionsJob = defineJob({
  name: 'partitions',
  payload: z.object({ ahead: z.number().int().min(0).max(24).optional() }),
  async run(payload, { db, now, logger }) {
    const created = await ensureCurrentPartitions(db, now(), payload.ahead ?? 2);
    if (created.length) logger.info({ created }, 'created call_records partitions');
  },
});
