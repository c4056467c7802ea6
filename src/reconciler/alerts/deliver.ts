/**
 * One delivery attempt of a firing's webhook (the `alert-delivery` job): POST the stored body, signed now with the
 * alert's current secret, to its current URL (so fixing a broken URL or rotating the secret applies to retries), and
 * record the attempt on the firing. A 2xx answer is delivery; anything else (another status, a redirect, a timeout,
 * a refused connection) is a failed attempt that the job turns into a retry with the queue's backoff, until
 * {@link ALERT_DELIVERY_ATTEMPTS} attempts have failed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { ALERT_SIGNATURE_HEADER, signAlertWebhook } from './webhook';

/**
 * Attempts before a firing is left `failed`. The queue waits e^n seconds after the n-th failure (3 s, 7 s, 20 s, …,
 * capped at e^10 ≈ 6 h), so 20 attempts span about 2.7 days, close to Stripe's three days of webhook retries.
 */
export const ALERT_DELIVERY_ATTEMPTS = 20;

/** How long one attempt waits for an answer. */
export const ALERT_DELIVERY_TIMEOUT_MS = 10_000;

/** What an attempt came to. */
export type DeliveryOutcome =
  /** The receiver answered 2xx. */
  | 'delivered'
  /** It failed; attempts remain. */
  | 'retry'
  /** It failed and was the last attempt. */
  | 'failed'
  /** Nothing to do: delivered or failed already, or the alert was deleted. */
  | 'settled';

/** Options of {@link deliverAlertFiring}. */
export interface DeliveryOptions {
  /** Injected for tests; default the global fetch. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  /** The instant recorded as the attempt's (the job's clock). */
  readonly now: Date;
}

/** Makes one delivery attempt of the firing `firingId` and records it. */
export async function deliverAlertFiring(db: Kysely<Database>, firingId: string, options: DeliveryOptions): Promise<{ outcome: DeliveryOutcome; status: number | null; error: string | null }> {
  const target = await db
    .selectFrom('alert_firings as f')
    .innerJoin('alerts as a', 'a.id', 'f.alert_id')
    .select(['f.body', 'f.attempts', 'f.delivery_status', 'a.webhook_url', 'a.webhook_secret'])
    .where('f.id', '=', firingId)
    .executeTakeFirst();
  if (!target || target.delivery_status !== 'pending') return { outcome: 'settled', status: null, error: null };

  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await (options.fetch ?? fetch)(target.webhook_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'didops-reconciler (alert webhooks)',
        // The receiver compares the timestamp with its own clock, so it is the wall clock, not the job's.
        [ALERT_SIGNATURE_HEADER]: signAlertWebhook(target.body, target.webhook_secret, new Date()),
      },
      body: target.body,
      // A redirect is not delivery: the receiver should be configured with its final URL (Stripe treats 3xx alike).
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? ALERT_DELIVERY_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (status < 200 || status > 299) error = `the receiver answered HTTP ${status}`;
  } catch (err) {
    error = describe(err);
  }
  const attempts = target.attempts + 1;
  const outcome: DeliveryOutcome = error === null ? 'delivered' : attempts >= (options.maxAttempts ?? ALERT_DELIVERY_ATTEMPTS) ? 'failed' : 'retry';
  await db
    .updateTable('alert_firings')
    .set({
      attempts,
      last_attempt_at: options.now,
      last_response_status: status,
      last_error: error,
      ...(outcome === 'delivered' ? { delivery_status: 'delivered' as const, delivered_at: options.now } : {}),
      ...(outcome === 'failed' ? { delivery_status: 'failed' as const } : {}),
    })
    .where('id', '=', firingId)
    .where('delivery_status', '=', 'pending')
    .execute();
  return { outcome, status, error };
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer within the timeout';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}
