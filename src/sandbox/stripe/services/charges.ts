/**
 * Charges (`ch_…`): the record of one attempt to move money for a payment intent, succeeded (captured or only
 * authorised) or failed with the issuer's reason. Served with their refunds list filled from the store, so a charge
 * read anywhere (retrieve, list, expansion, events) shows its refunds as they are now.
 */
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import { listOf } from '../http/list';
import type { StripeObject } from '../store/stripe-objects-repository';
import type { StripePaymentMethod } from './payment-methods';
import type { PaymentOutcome } from './test-payment-methods';

/** A charge as stored (its `refunds` list is added when served). */
export interface StripeCharge extends StripeObject {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  customer: string | null;
  failure_code: string | null;
  failure_message: string | null;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
}

/** What a charge records. */
export interface ChargeAttempt {
  amount: number;
  currency: string;
  customer: string | null;
  paymentIntent: string;
  paymentMethod: StripePaymentMethod;
  outcome: PaymentOutcome;
  capture: boolean;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
}

function paymentMethodDetails(pm: StripePaymentMethod, amount: number): Record<string, unknown> {
  if (pm.type === 'us_bank_account' && pm.us_bank_account) {
    const bank = pm.us_bank_account;
    return { type: 'us_bank_account', us_bank_account: { account_holder_type: bank.account_holder_type, account_type: bank.account_type, bank_name: bank.bank_name, fingerprint: bank.fingerprint, last4: bank.last4, mandate: null, payment_reference: null, routing_number: bank.routing_number } };
  }
  const card = pm.card!;
  return {
    type: 'card',
    card: {
      amount_authorized: amount, authorization_code: '123456', brand: card.brand, checks: card.checks, country: card.country,
      exp_month: card.exp_month, exp_year: card.exp_year, extended_authorization: { status: 'disabled' }, fingerprint: card.fingerprint,
      funding: card.funding, incremental_authorization: { status: 'unavailable' }, installments: null, last4: card.last4, mandate: null,
      multicapture: { status: 'unavailable' }, network: card.brand, network_token: { used: false }, network_transaction_id: '123456789012345',
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' }, regulated_status: 'unregulated', three_d_secure: null, wallet: card.wallet,
    },
  };
}

/** Stripe's `outcome` of an authorisation, by how the test payment method behaves. */
function outcomeOf(succeeded: boolean, declineCode: string | null) {
  return succeeded
    ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 32, seller_message: 'Payment complete.', type: 'authorized' }
    : { advice_code: 'try_again_later', network_advice_code: null, network_decline_code: null, network_status: 'declined_by_network', reason: declineCode, risk_level: 'normal', risk_score: 32, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' };
}

/** The decline code of a failed outcome (null for success). */
export function declineCodeOf(outcome: PaymentOutcome): string | null {
  return outcome === 'succeed' ? null : outcome === 'insufficient_funds' ? 'insufficient_funds' : 'generic_decline';
}

/** Records (stores) a charge for an attempt and publishes `charge.succeeded` or `charge.failed`. */
export function recordCharge(ctx: SandboxContext, attempt: ChargeAttempt): StripeCharge {
  const succeeded = attempt.outcome === 'succeed';
  const declineCode = declineCodeOf(attempt.outcome);
  const id = newStripeId('ch');
  const charge: StripeCharge = {
    id,
    object: 'charge',
    amount: attempt.amount,
    amount_captured: succeeded && attempt.capture ? attempt.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: attempt.paymentMethod.billing_details,
    calculated_statement_descriptor: 'DIDOPS SANDBOX',
    captured: succeeded && attempt.capture,
    created: ctx.stripe.timeOf(attempt.customer),
    currency: attempt.currency,
    customer: attempt.customer,
    description: attempt.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : attempt.paymentMethod.type === 'us_bank_account' ? (declineCode === 'insufficient_funds' ? 'insufficient_funds' : 'bank_account_declined') : 'card_declined',
    failure_message: succeeded ? null : declineCode === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.',
    fraud_details: {},
    livemode: false,
    metadata: attempt.metadata,
    on_behalf_of: null,
    outcome: outcomeOf(succeeded, declineCode),
    paid: succeeded,
    payment_intent: attempt.paymentIntent,
    payment_method: attempt.paymentMethod.id,
    payment_method_details: paymentMethodDetails(attempt.paymentMethod, attempt.amount),
    receipt_email: attempt.receiptEmail,
    receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/payment/didops-sandbox/${id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.stripe.store.insert(charge, { customer: attempt.customer, parent: attempt.paymentIntent });
  ctx.stripe.events.publish(succeeded ? 'charge.succeeded' : 'charge.failed', servedCharge(ctx, charge));
  return charge;
}

/** A charge as served: with its refunds, newest first. */
export function servedCharge(ctx: SandboxContext, charge: StripeCharge): StripeCharge {
  const refunds = [...ctx.stripe.store.scan({ type: 'refund', parent: charge.id })];
  return { ...charge, refunds: listOf(refunds, false, `/v1/charges/${charge.id}/refunds`) };
}
