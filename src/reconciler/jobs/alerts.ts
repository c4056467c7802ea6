/** The `alerts` job (scheduled): evaluates every active alert and queues the webhook of each new firing. */
import { z } from 'zod';
import { ALERT_DELIVERY_ATTEMPTS } from '../alerts/deliver';
import { evaluateAlerts } from '../alerts/evaluate';
import { alertDeliveryJob } from './alert-delivery';
import { defineJob } from './job';
import { addJobWithin } from './queue';

/** Fires alerts whose window reached their threshold. */
export const alertsJob = defineJob({
  name: 'alerts',
  payload: z.object({}),
  async run(_payload, { db, now, logger, metrics, signal }) {
    const result = await evaluateAlerts(db, {
      now: now(),
      signal,
      // The queue's own retries are the delivery's backoff; the key keeps one waiting delivery per firing. The firing
      // counts its attempts and settles at ALERT_DELIVERY_ATTEMPTS; the queue allows a few more, so an attempt killed
      // before it was recorded cannot leave the firing pending with no job left to settle it.
      onFired: (trx, firing) => addJobWithin(trx, alertDeliveryJob, { firing_id: firing.id }, { jobKey: `alert-delivery:${firing.id}`, maxAttempts: ALERT_DELIVERY_ATTEMPTS + 5 }),
    });
    metrics.alertsFired.inc(result.fired.length);
    if (result.fired.length) logger.info({ fired: result.fired.map((f) => ({ firing: f.id, alert: f.alertId, value: f.value })) }, 'alerts fired');
  },
});
