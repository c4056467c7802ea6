/**
 * The `close` job. Without an account it queues one close per account (so one account's provider trouble never holds
 * up another's, and replicas share accounts); with one, it records the account's current billing period and closes
 * each ended one whose calls are all ingested, rated and pushed and whose invoice the provider has finalized
 * (src/reconciler/invoicing/close-periods.ts). One run per account at a time across replicas (an advisory lock).
 */
import { z } from 'zod';
import { NO_BILLING, reconcilerBilling } from '../billing';
import { configuredCarriers } from '../ingest/carriers';
import { closeAccountPeriods } from '../invoicing/close-periods';
import { runExclusively } from './exclusive';
import { defineJob } from './job';

/** Closes ended billing periods. */
export const closeJob = defineJob({
  name: 'close',
  payload: z.object({ accountId: z.string().min(1).optional() }),
  async run(payload, { config, db, now, logger, metrics, addJob }) {
    const billing = reconcilerBilling(config);
    if (!billing) return logger.warn(NO_BILLING);
    if (!payload.accountId) {
      for (const { id } of await db.selectFrom('accounts').select('id').orderBy('id').execute()) {
        await addJob('close', { accountId: id }, { jobKey: `close:${id}` });
      }
      return;
    }
    const accountId = payload.accountId;
    const { names, set } = configuredCarriers(config);
    const run = await runExclusively(db, `didops:close:${accountId}`, () =>
      closeAccountPeriods({ db, billing, accountId, carriers: names.map((name) => set.get(name)), now: now(), logger }),
    );
    if (!run.ran) return;
    for (const outcome of run.value) {
      if (outcome.status !== 'closed') continue;
      const { document } = outcome;
      metrics.closedPeriods.inc();
      logger.info({ accountId, invoice: document.source.invoiceId, total: document.totals.total, period: outcome.period }, 'closed a billing period');
      if (document.usageDifferences.length > 0) {
        metrics.invoiceUsageDifferences.inc();
        logger.warn({ accountId, invoice: document.source.invoiceId, differences: document.usageDifferences }, 'the invoice bills other seconds than were rated: usage reached the provider after it invoiced');
      }
    }
  },
});
