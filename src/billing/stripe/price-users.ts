/**
 * Moving subscriptions from one price to another on Stripe, for a rate card whose price changed.
 *
 * `nextPeriod`: each subscription on the old price gets a schedule (`from_subscription`, or the one it has) whose
 * next phase, from the end of its current period, has the new price in place of the old one, ending in `release`.
 * Stripe bills a metered item's usage at the price the item has when its period is invoiced, so switching the item at
 * once would bill the minutes of the period in progress at the new rate; at a phase boundary the ended period's usage
 * is billed at the old price and the new period at the new one. Licensed items move the same way: what was invoiced
 * for the current period stands, and the renewal bills the new amount.
 *
 * `now`: the items are switched at once with prorations (credit for the rest of the period at the old price, a charge
 * at the new one); on a subscription with a schedule, through its current phase, and its later phases too, so the
 * schedule does not bring the old price back.
 *
 * Either way a later phase planned on the old price (a price changed twice before the first change took effect) is
 * planned on the new one. Every write has an idempotency key derived from the caller's, the subscription and what
 * is written; a move already planned is found and not written again, so several prices changing at once make one
 * schedule per subscription with their changes merged in its phases.
 */
import type Stripe from 'stripe';
import type { IdempotentWrite, PriceMigrationTiming } from '../catalogue-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { collect, subscriptionItemsOf } from './requests';
import { intervalOf, phasesOf, rewritePhases, rewritesNothing, scheduleOf, type PhaseDraft, type SchedulePhases } from './schedules';

/** Moves every item on `fromPriceId` to `toPriceId` and says how many it moved or planned to move. */
export function movePriceUsers(stripe: StripeClient, fromPriceId: string, toPriceId: string, timing: PriceMigrationTiming, write: IdempotentWrite): Promise<number> {
  return stripeCall({ operation: `move subscriptions from price ${fromPriceId} to ${toPriceId}` }, async () => {
    // Canceled subscriptions are left out by the list's default; nothing bills on them any more.
    const onPrice = await collect(stripe.subscriptions.list({ price: fromPriceId, limit: 100 }));
    const planned = await subscriptionsPlannedOn(stripe, fromPriceId, new Set(onPrice.map((s) => s.id)));
    let moved = 0;
    for (const subscription of [...onPrice, ...planned]) {
      const phases = await scheduleOf(stripe, subscription);
      if (timing === 'now' && !phases) moved += await switchItems(stripe, subscription, fromPriceId, toPriceId, write);
      else moved += await planMove(stripe, subscription, phases, { fromPriceId, toPriceId, timing }, write);
    }
    return moved;
  });
}

/** Live subscriptions (not in `seen`) whose schedule plans `priceId` in a phase after the current one. */
async function subscriptionsPlannedOn(stripe: StripeClient, priceId: string, seen: ReadonlySet<string>): Promise<Stripe.Subscription[]> {
  const schedules = await collect(stripe.subscriptionSchedules.list({ limit: 100 }));
  const ids = schedules
    .filter((schedule) => phasesOf(schedule)?.later.some((phase) => phase.items.some((item) => item.price === priceId)))
    .map((schedule) => (typeof schedule.subscription === 'string' ? schedule.subscription : schedule.subscription?.id))
    .filter((id): id is string => id !== undefined && !seen.has(id));
  return Promise.all([...new Set(ids)].map((id) => stripe.subscriptions.retrieve(id)));
}

/** Switches the items on `from` to `to` at once, with prorations. */
async function switchItems(stripe: StripeClient, subscription: Stripe.Subscription, from: string, to: string, write: IdempotentWrite): Promise<number> {
  let moved = 0;
  for (const item of await subscriptionItemsOf(stripe, subscription)) {
    if (item.price.id !== from) continue;
    // One key per item, derived from the caller's: a repeat after a crash replays what was done.
    await stripe.subscriptionItems.update(item.id, { price: to, proration_behavior: 'create_prorations' }, { idempotencyKey: `${write.idempotencyKey}-${item.id}` });
    moved += 1;
  }
  return moved;
}

/** The move to plan on one subscription. */
interface PlannedMove {
  readonly fromPriceId: string;
  readonly toPriceId: string;
  readonly timing: PriceMigrationTiming;
}

/**
 * Plans the move in the subscription's schedule (made from the subscription when it has none): `nextPeriod` in every
 * later phase (a phase from the period end is added when there is none), `now` in the current phase as well.
 */
async function planMove(stripe: StripeClient, subscription: Stripe.Subscription, found: SchedulePhases | undefined, move: PlannedMove, write: IdempotentWrite): Promise<number> {
  const swap = (phase: PhaseDraft): PhaseDraft => ({ ...phase, items: phase.items.map((item) => (item.price === move.fromPriceId ? { ...item, price: move.toPriceId } : item)) });
  const movedIn = (phase: PhaseDraft) => phase.items.filter((item) => item.price === move.fromPriceId).length;
  let phases = found;
  if (!phases) {
    const made = await stripe.subscriptionSchedules.create(
      { from_subscription: subscription.id, expand: ['phases.items.price'] },
      { idempotencyKey: `${write.idempotencyKey}-${subscription.id}-schedule` },
    );
    phases = phasesOf(made, subscription.items.data);
    if (!phases) throw new Error(`the schedule ${made.id} made from subscription ${subscription.id} is ${made.status}, not active`);
  }
  const current = move.timing === 'now' ? swap(phases.current) : phases.current;
  // From the period end: the later phases, or one like the current phase that starts then and lasts a period.
  const later = phases.later.length > 0 ? phases.later.map(swap) : move.timing === 'nextPeriod' ? [{ ...swap(phases.current), start: phases.current.end!, end: undefined }] : [];
  const rewrite = { current, later };
  if (rewritesNothing(phases, rewrite)) return 0;
  const prorationBehavior = move.timing === 'now' ? 'create_prorations' : 'none';
  await rewritePhases(stripe, phases.schedule, { ...rewrite, prorationBehavior, interval: intervalOf(subscription) }, `${write.idempotencyKey}-${subscription.id}`);
  return movedIn(phases.current) + phases.later.reduce((n, phase) => n + movedIn(phase), 0);
}
