/**
 * Refunds (`re_…`) of a charge, found by the charge or its payment intent: full by default or partial, never more
 * than what is left unrefunded. Each one moves the charge's `amount_refunded` (and `refunded` once it is all back).
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import { invalidParam, invalidRequest, missingParam } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { servedCharge, type StripeCharge } from './charges';
import { findObject } from './lookup';
import type { StripePaymentIntent } from './payment-intents';

/** A refund as served. */
export interface StripeRefund extends StripeObject {
  object: 'refund';
  amount: number;
  charge: string;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: string | null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
}

function money(amount: number, currency: string): string {
  return currency === 'usd' ? `$${(amount / 100).toFixed(2)}` : `${(amount / 100).toFixed(2)} ${currency}`;
}

/** The charge a refund request names, by `charge` or `payment_intent` (both must agree). */
function chargeToRefund(ctx: SandboxContext, params: StripeParams): StripeCharge {
  const chargeId = params.string('charge', { maxLength: 255 });
  const intentId = params.string('payment_intent', { maxLength: 255 });
  if (chargeId === undefined && intentId === undefined) throw missingParam('charge');
  if (chargeId !== undefined) {
    const charge = findObject<StripeCharge>(ctx, 'charge', chargeId, 'charge');
    if (intentId !== undefined && charge.payment_intent !== intentId) throw invalidParam('payment_intent', `The charge ${chargeId} does not belong to the PaymentIntent ${intentId}.`);
    return charge;
  }
  const intent = findObject<StripePaymentIntent>(ctx, 'payment_intent', intentId!, 'payment_intent');
  if (intent.status !== 'succeeded' || !intent.latest_charge) {
    throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
  }
  return findObject<StripeCharge>(ctx, 'charge', intent.latest_charge, 'payment_intent');
}

/** `POST /v1/refunds`; publishes `refund.created` and `charge.refunded`. */
export function createRefund(ctx: SandboxContext, params: StripeParams): StripeRefund {
  params.allowOnly(['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email', 'origin', 'customer', 'currency', 'refund_application_fee', 'reverse_transfer']);
  const charge = chargeToRefund(ctx, params);
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be refunded; cancel its PaymentIntent to release the authorization.`, params.has('charge') ? 'charge' : 'payment_intent', 'charge_not_refundable');
  }
  const left = charge.amount_captured - charge.amount_refunded;
  if (left <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, params.has('charge') ? 'charge' : 'payment_intent', 'charge_already_refunded');
  const amount = params.integer('amount', { min: 1, max: 99_999_999 }) ?? left;
  if (amount > left) throw invalidParam('amount', `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(left, charge.currency)})`, 'amount_too_large');
  const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
  const refund: StripeRefund = {
    id: newStripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: ctx.stripe.timeOf(charge.customer),
    currency: charge.currency,
    destination_details: { card: { reference: null, reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: applyMetadata({}, params.metadata()),
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  const refunded: StripeCharge = { ...charge, amount_refunded: charge.amount_refunded + amount, refunded: charge.amount_refunded + amount === charge.amount_captured };
  ctx.stripe.store.transaction(() => {
    ctx.stripe.store.insert(refund, { customer: charge.customer, parent: charge.id });
    ctx.stripe.store.update(refunded);
  });
  ctx.stripe.events.publish('refund.created', refund, { customer: charge.customer });
  ctx.stripe.events.publish('charge.refunded', servedCharge(ctx, refunded), { previousAttributes: previousAttributes(charge, refunded) });
  return refund;
}
