/**
 * The payments part of the billing port on Stripe: one-off payment intents, confirmed at once off session with the
 * customer's payment method, and their refunds. A card Stripe declines is an outcome the caller words for the user;
 * every other failure is thrown as a DidopsError.
 */
import Stripe from 'stripe';
import type { BillingMetadata } from '../catalogue-port';
import type { BillingPayment, BillingPayments, BillingRefund, ChargeOutcome, PaymentStatus } from '../payments-port';
import { matchesMetadata } from '../subscriptions-port';
import type { StripeClient } from './client';
import { fromStripeError, isStripeMissing, stripeCall } from './errors';
import { collect, wasReplayed } from './requests';

/** Refund statuses that take (or took) money back. */
const REFUNDING: ReadonlySet<string> = new Set(['succeeded', 'pending', 'requires_action']);

/** The payments part of the billing port, on the given Stripe client. */
export function stripePayments(stripe: StripeClient): BillingPayments {
  /** How much of a payment was refunded, from its refunds (a payment intent does not say). */
  const refunded = async (paymentId: string): Promise<number> =>
    (await collect(stripe.refunds.list({ payment_intent: paymentId, limit: 100 }))).filter((r) => REFUNDING.has(r.status ?? '')).reduce((sum, r) => sum + r.amount, 0);
  const paymentOf = async (intent: Stripe.PaymentIntent): Promise<BillingPayment> => {
    const customer = intent.customer;
    return {
      id: intent.id,
      customerId: customer === null ? null : typeof customer === 'string' ? customer : customer.id,
      status: intent.status as PaymentStatus,
      amount: intent.amount,
      currency: intent.currency.toUpperCase(),
      amountRefunded: intent.status === 'succeeded' || intent.status === 'processing' ? await refunded(intent.id) : 0,
      metadata: { ...intent.metadata } as BillingMetadata,
    };
  };

  return {
    findPayments: (customerId, metadata) =>
      stripeCall({ operation: `find payments of ${customerId}` }, async () => {
        const intents = await collect(stripe.paymentIntents.list({ customer: customerId, limit: 100 }));
        return Promise.all(intents.filter((pi) => matchesMetadata(pi.metadata, metadata)).map(paymentOf));
      }),

    async charge(spec, write): Promise<ChargeOutcome> {
      const operation = `charge ${spec.amount} ${spec.currency} to ${spec.customerId}`;
      try {
        let intent = await stripe.paymentIntents.create(
          {
            amount: spec.amount,
            currency: spec.currency.toLowerCase(),
            customer: spec.customerId,
            payment_method: spec.paymentMethodId,
            confirm: true,
            off_session: true,
            description: spec.description,
            metadata: { ...spec.metadata },
          },
          { idempotencyKey: write.idempotencyKey },
        );
        // A replay is the payment as it was first made; it may have been refunded since.
        if (wasReplayed(intent)) intent = await stripe.paymentIntents.retrieve(intent.id);
        if (intent.status === 'succeeded' || intent.status === 'processing') return { status: 'succeeded', payment: await paymentOf(intent) };
        // Off session nobody can authenticate: a payment that needs the customer is as good as declined.
        const error = intent.last_payment_error;
        return { status: 'declined', paymentId: intent.id, code: error?.code ?? intent.status, declineCode: error?.decline_code ?? null, message: error?.message ?? `the payment is ${intent.status}` };
      } catch (err) {
        const declined = cardErrorOf(err);
        if (declined) return declined;
        throw fromStripeError(err, { operation });
      }
    },

    cancelPayment: (id) =>
      stripeCall({ operation: `cancel payment ${id}` }, async () => {
        try {
          const intent = await stripe.paymentIntents.retrieve(id);
          if (intent.status !== 'canceled' && intent.status !== 'succeeded') await stripe.paymentIntents.cancel(id);
        } catch (err) {
          if (!isStripeMissing(err)) throw err;
        }
      }),

    tagPayment: (id, metadata) => stripeCall({ operation: `record what payment ${id} paid for` }, async () => paymentOf(await stripe.paymentIntents.update(id, { metadata: { ...metadata } }))),

    refundPayment: (id, metadata, write) =>
      stripeCall({ operation: `refund payment ${id}` }, async (): Promise<BillingRefund> => {
        const refund = await stripe.refunds.create({ payment_intent: id, reason: 'requested_by_customer', metadata: { ...metadata } }, { idempotencyKey: write.idempotencyKey });
        return { id: refund.id, paymentId: id, amount: refund.amount, status: refund.status ?? 'pending' };
      }),
  };
}

/** A card error as a declined outcome (with the payment intent Stripe left behind); undefined for any other error. */
function cardErrorOf(err: unknown): ChargeOutcome | undefined {
  if (!(err instanceof Stripe.errors.StripeError) || err.rawType !== 'card_error') return undefined;
  return {
    status: 'declined',
    paymentId: err.payment_intent?.id ?? null,
    code: err.code ?? 'card_declined',
    declineCode: err.decline_code ?? null,
    message: err.message,
  };
}
