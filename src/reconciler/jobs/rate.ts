/**
 * The `rate` job: every call record not rated yet is rated on its account's rate card (read from the billing
 * provider by the account's `rate_card_key`), its rating columns and usage outbox rows written in one transaction per
 * batch (src/reconciler/rating/rate-unrated-calls.ts), and the push of what it queued is queued in that same
 * transaction. One run at a time across replicas (an advisory lock; a second run waits for the first, then rates
 * what arrived meanwhile). Records nothing could rate are kept with their reason and counted in
 * `didops_reconciler_rated_calls_total{outcome="<reason>"}`.
 */
import { z } from 'zod';
import { NO_BILLING, reconcilerBilling } from '../billing';
import { recordedPeriodOf } from '../invoicing/billing-periods';
import { loadAccountCards } from '../rating/account-cards';
import { rateUnratedCalls } from '../rating/rate-unrated-calls';
import { hasPendingUsage } from '../usage/push-usage';
import { runExclusively } from './exclusive';
import { defineJob } from './job';
import { pushJob } from './push';
import { addJobWithin } from './queue';

/** Rates new call records. */
export const rateJob = defineJob({
  name: 'rate',
  payload: z.object({}),
  async run(_payload, { config, db, now, logger, signal, metrics, addJob }) {
    const billing = reconcilerBilling(config);
    if (!billing) return logger.warn(NO_BILLING);
    const run = await runExclusively(
      db,
      'didops:rate',
      async () =>
        rateUnratedCalls({
          db,
          cardOf: await loadAccountCards(db, billing.catalogue),
          periodOf: await recordedPeriodOf(db),
          now,
          batchSize: config.jobs.batchSize,
          signal,
          // The push exists exactly when the events it is to push do.
          withinBatch: async (trx, batch) => {
            if (batch.events > 0) await addJobWithin(trx, pushJob, {}, { jobKey: 'push' });
          },
          onBatch: (batch) => {
            metrics.ratedCalls.inc({ outcome: 'rated' }, batch.rated);
            for (const [reason, n] of Object.entries(batch.unrated)) metrics.ratedCalls.inc({ outcome: reason }, n);
            logger.debug(batch, 'rated a batch');
          },
        }),
      { wait: true },
    );
    if (run.ran && run.value.records > 0) logger.info(run.value, 'rated call records');
    // Events a killed push left behind are pushed now, not at the push's next tick.
    if (await hasPendingUsage(db)) await addJob('push', {}, { jobKey: 'push' });
  },
});
