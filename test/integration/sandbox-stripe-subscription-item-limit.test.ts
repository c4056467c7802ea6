/**
 * Stripe allows at most 20 items on a subscription, however they arrive: a subscription already at 20 refuses a 21st
 * through `subscriptions.update` and through `subscriptionItems.create`, with the same error on `items`, while a
 * change that swaps an item for another keeps it at 20 and passes.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure } from '../support/stripe';

describe('the 20 items of a subscription', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let prices: Stripe.Price[];
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    const product = await stripe.products.create({ name: 'Numbers' });
    prices = [];
    for (let i = 0; i < 22; i++) prices.push(await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 + i, recurring: { interval: 'month' } }));
  });

  /** A subscription with the first 20 prices, one item each. */
  async function fullSubscription(): Promise<Stripe.Subscription> {
    const customer = await stripe.customers.create({ name: 'Twenty items', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: prices.slice(0, 20).map((p) => ({ price: p.id })), collection_method: 'send_invoice', days_until_due: 30 });
    expect(subscription.items.data).toHaveLength(20);
    return subscription;
  }

  it('refuses a 21st item added by a subscription update', async () => {
    const subscription = await fullSubscription();
    const err = await stripeFailure(stripe.subscriptions.update(subscription.id, { items: [{ price: prices[20]!.id }] }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'items' });
    expect(err.message).toBe('Invalid items: at most 20 items are allowed on a subscription; this change would leave it with 21.');
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data).toHaveLength(20);
  });

  it('refuses a 21st item created on its own', async () => {
    const subscription = await fullSubscription();
    const err = await stripeFailure(stripe.subscriptionItems.create({ subscription: subscription.id, price: prices[20]!.id }));
    expect(err).toMatchObject({ statusCode: 400, param: 'items' });
    expect(err.message).toBe('Invalid items: at most 20 items are allowed on a subscription; this change would leave it with 21.');
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data).toHaveLength(20);
  });

  it('lets an update that removes one item add another', async () => {
    const subscription = await fullSubscription();
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, deleted: true }, { price: prices[21]!.id }],
      proration_behavior: 'none',
    });
    expect(updated.items.data).toHaveLength(20);
    expect(updated.items.data.map((item) => item.price.id)).toContain(prices[21]!.id);
  });
});
