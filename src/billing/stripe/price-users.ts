/**
 * Moving subscriptions from one price to another on Stripe, for a rate card whose price changed: every subscription
 * item on the old price is switched to the new one, either from the next period (no proration: what was invoiced for
 * the current period stands) or now with prorations (credit for the rest of the period at the old price, a charge at
 * the new one).
 */
import type Stripe from 'stripe';
import type { IdempotentWrite, PriceMigrationTiming } from '../catalogue-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { collect } from './requests';

/** Moves every item on `fromPriceId` to `toPriceId` and says how many it moved; items already moved are not seen again. */
export function movePriceUsers(stripe: StripeClient, fromPriceId: string, toPriceId: string, timing: PriceMigrationTiming, write: IdempotentWrite): Promise<number> {
  return stripeCall({ operation: `move subscriptions from price ${fromPriceId} to ${toPriceId}` }, async () => {
    // Canceled subscriptions are left out by the list's default; nothing bills on them any more.
    const subscriptions = await collect(stripe.subscriptions.list({ price: fromPriceId, limit: 100 }));
    let moved = 0;
    for (const subscription of subscriptions) {
      for (const item of await itemsOf(stripe, subscription)) {
        if (priceIdOf(item) !== fromPriceId) continue;
        await stripe.subscriptionItems.update(
          item.id,
          { price: toPriceId, proration_behavior: timing === 'now' ? 'create_prorations' : 'none' },
          // One key per item, derived from the caller's: a repeat after a crash replays what was done.
          { idempotencyKey: `${write.idempotencyKey}-${item.id}` },
        );
        moved += 1;
      }
    }
    return moved;
  });
}

/** Every item of a subscription: the list embedded in it holds the first ten only. */
async function itemsOf(stripe: StripeClient, subscription: Stripe.Subscription): Promise<Stripe.SubscriptionItem[]> {
  if (!subscription.items.has_more) return subscription.items.data;
  return collect(stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100 }));
}

function priceIdOf(item: Stripe.SubscriptionItem): string {
  return typeof item.price === 'string' ? item.price : item.price.id;
}
