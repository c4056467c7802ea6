/**
 * The `push` job: the usage outbox reported to the billing provider's meters, exactly once
 * (src/reconciler/usage/push-usage.ts says why). Replicas push side by side, each on rows the others have not
 * claimed. When a recorded billing period has ended, it queues the close, which waits for exactly this.
 */
import { z } from 'zod';
import { NO_BILLING, reconcilerBilling } from '../billing';
import { anyEndedOpenPeriod } from '../invoicing/billing-periods';
import { pushUsageOutbox } from '../usage/push-usage';
import { defineJob } from './job';

/** Pushes rated usage to the billing provider. */
export const pushJob = defineJob({
  name: 'push',
  payload: z.object({}),
  async run(_payload, { config, db, now, logger, signal, metrics, addJob }) {
    const billing = reconcilerBilling(config);
    if (!billing) return logger.warn(NO_BILLING);
    const result = await pushUsageOutbox({
      db,
      usage: billing.usage,
      now,
      batchSize: config.jobs.batchSize,
      signal,
      onBatch: (batch) => {
        metrics.pushedUsageEvents.inc(batch.events);
        logger.debug(batch, 'pushed a batch');
      },
    });
    if (result.events > 0) logger.info(result, 'pushed usage events');
    if (await anyEndedOpenPeriod(db, now())) await addJob('close', {}, { jobKey: 'close' });
  },
});
