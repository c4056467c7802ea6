/** The `alert-delivery` job: one attempt at a firing's webhook; a failed attempt throws so the queue retries with backoff. */
import { z } from 'zod';
import { ALERT_DELIVERY_ATTEMPTS, deliverAlertFiring } from '../alerts/deliver';
import { defineJob } from './job';

/** Delivers the webhook of one alert firing. */
export const alertDeliveryJob = defineJob({
  name: 'alert-delivery',
  payload: z.object({ firing_id: z.string().min(1) }),
  async run({ firing_id }, { db, now, logger, metrics }) {
    const { outcome, status, error } = await deliverAlertFiring(db, firing_id, { now: now(), maxAttempts: ALERT_DELIVERY_ATTEMPTS });
    metrics.alertDeliveries.inc({ outcome });
    if (outcome === 'retry') throw new Error(`alert webhook of firing ${firing_id} not delivered: ${error}; the queue retries it`);
    if (outcome === 'failed') logger.error({ firing: firing_id, status, error }, `alert webhook not delivered after ${ALERT_DELIVERY_ATTEMPTS} attempts; the firing stays failed`);
    else if (outcome === 'delivered') logger.info({ firing: firing_id, status }, 'alert webhook delivered');
  },
});
