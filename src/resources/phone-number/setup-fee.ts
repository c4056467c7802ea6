/**
 * Instant purchase with payment: a PhoneNumber that names `billing` pays the setup fee of its country and type (on the
 * card, by lookup key) before the number is bought, off session with the account's default payment method; a declined
 * card fails the create and buys nothing; a purchase that fails is refunded, and a refund that fails is reported with
 * the purchase's failure, never swallowed.
 *
 * Never twice: the payment carries the resource's identity (and, once known, the number's E.164:
 * src/billing/setup-fees.ts), so a run that died after paying finds the payment by metadata and uses it instead of
 * charging again; its idempotency key is derived from the identity, the number or search, the amount and the
 * attempt (earlier attempts of this resource), so a run whose answer was lost gets the first answer back.
 */
import { accountTerms } from '../../billing/account-terms';
import type { Billing } from '../../billing/billing';
import { billingMissing } from '../../billing/billing-config';
import { currencyMismatch, kindInWords, kindOf, resolveCard, unpricedKind, type NumberKindRef } from '../../billing/card-prices';
import type { BillingPayment } from '../../billing/payments-port';
import { OWNER_METADATA_KEY, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import { SETUP_FEE_FOR_METADATA_KEY } from '../../billing/setup-fees';
import type { Diagnostic } from '../../core/diagnostics';
import { e164Info, numberKindOf, type E164 } from '../../core/e164';
import { DidopsError, ValidationError } from '../../core/errors';
import { idempotencyKey } from '../../core/idempotency';
import { identityKey, type ResourceIdentity } from '../../core/lifecycle';
import type { OwnedNumber } from '../../carriers/carrier';
import type { PhoneNumberBilling, PhoneNumberInputs } from './model';

/** Who buys, and with which billing provider (absent when the provider has no Stripe configuration). */
export interface SetupFeeRequest {
  readonly billing: Billing | undefined;
  readonly inputs: PhoneNumberInputs;
  readonly identity: ResourceIdentity;
}

/** What the fee is: the account charged, the card's amount for the number's kind, and what the payment carries. */
interface SetupFee {
  readonly billing: Billing;
  readonly customerId: string;
  readonly paymentMethodId: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly cardKey: string;
  readonly owner: string;
  readonly kind: string;
}

/** The kind of number the inputs buy: an exact number's from its digits, a search's from its criteria. */
function kindBought(inputs: PhoneNumberInputs): NumberKindRef | undefined {
  if (inputs.number !== undefined) {
    const info = e164Info(inputs.number as E164);
    return info.country ? { country: info.country, type: numberKindOf(info.type) } : undefined;
  }
  return inputs.search ? { country: inputs.search.country.toUpperCase(), type: inputs.search.type } : undefined;
}

/**
 * Buys with `buy` after paying the setup fee (when `billing` is named and the card charges one), refunding it if the
 * purchase fails; says which payment paid.
 */
export async function purchaseWithSetupFee<T extends { number: OwnedNumber }>(request: SetupFeeRequest, buy: () => Promise<T>): Promise<T & { setupFeePayment: string | null }> {
  const fee = request.inputs.billing ? await setupFeeOf(request, request.inputs.billing) : undefined;
  if (!fee) return { ...(await buy()), setupFeePayment: null };
  const earlier = await earlierPayments(fee);
  const reused = reusable(earlier, fee, request.inputs.number);
  // A payment an earlier run made for a purchase that never happened, and that does not fit this one (the card's
  // amount or the number changed since), is given back before paying again.
  if (!reused) await refundUnspent(fee.billing, earlier);
  const payment = reused ?? (await charge(fee, request.inputs, earlier.length));
  let bought: T;
  try {
    bought = await buy();
  } catch (err) {
    await refundAfter(fee.billing, payment, err);
    throw err;
  }
  await recordNumber(fee.billing, payment, bought.number.e164);
  return { ...bought, setupFeePayment: payment.id };
}

/**
 * The setup-fee payment of a number an earlier run of this resource bought: found by the resource's identity, or, when
 * that run's payment was refunded or never made, charged now (the number is owned).
 */
export async function setupFeeOfBoughtNumber(request: SetupFeeRequest, e164: string): Promise<string | null> {
  const fee = request.inputs.billing ? await setupFeeOf(request, request.inputs.billing) : undefined;
  if (!fee) return null;
  const earlier = await earlierPayments(fee);
  const payment = reusable(earlier, fee, e164) ?? (await charge(fee, { ...request.inputs, number: e164 as E164 }, earlier.length, `${e164} was bought by an earlier run and is kept`));
  await recordNumber(fee.billing, payment, e164);
  return payment.id;
}

/** The fee the card charges for the number's kind; undefined when it charges none. Reads only. */
async function setupFeeOf(request: SetupFeeRequest, named: PhoneNumberBilling): Promise<SetupFee | undefined> {
  const why = billingMissing(request.billing);
  if (why) throw new ValidationError({ field: 'billing', summary: why.summary, detail: why.detail });
  const billing = request.billing!;
  const kind = kindBought(request.inputs);
  if (!kind) throw new ValidationError({ field: 'billing', summary: 'only a number that is bought (`number` or `search`) has a setup fee', detail: 'remove `billing` from an adopted number' });
  const cardKey = named.rateCard;
  const [account, card] = await Promise.all([
    accountTerms(billing.customers, named.account, 'billing.account'),
    resolveCard(billing.catalogue, cardKey, [kind], { metered: false, field: 'billing.rateCard' }),
  ]);
  const problems = [unpricedKind(card, kind, 'billing.rateCard'), currencyMismatch(card, account.currency, 'billing.rateCard')].filter((p): p is Diagnostic => p !== undefined);
  if (problems.length > 0) throw ValidationError.fromDiagnostics(problems);
  const price = card.setup.get(kindOf(kind));
  if (!price || price.amount === 0) return undefined;
  const owner = identityKey(request.identity);
  return { billing, customerId: account.customerId, paymentMethodId: account.defaultPaymentMethodId, amount: price.amount, currency: card.currency, cardKey, owner, kind: kindOf(kind) };
}

/** Every payment this resource made for its setup fees, whatever became of it. */
function earlierPayments(fee: SetupFee): Promise<BillingPayment[]> {
  return fee.billing.payments.findPayments(fee.customerId, { [OWNER_METADATA_KEY]: fee.owner });
}

/** True for a payment that went through and was not given back. */
function paid(payment: BillingPayment): boolean {
  return (payment.status === 'succeeded' || payment.status === 'processing') && payment.amountRefunded === 0;
}

/** A payment of this resource that paid this fee and is not spent on another number nor refunded. */
function reusable(payments: readonly BillingPayment[], fee: SetupFee, e164: string | undefined): BillingPayment | undefined {
  return payments.find((p) => {
    const paidFor = p.metadata[SETUP_FEE_FOR_METADATA_KEY];
    return paid(p) && p.amount === fee.amount && p.currency === fee.currency && (paidFor === undefined || paidFor === e164);
  });
}

/** Refunds this resource's payments that paid for no number. */
async function refundUnspent(billing: Billing, payments: readonly BillingPayment[]): Promise<void> {
  for (const payment of payments.filter((p) => paid(p) && p.metadata[SETUP_FEE_FOR_METADATA_KEY] === undefined)) {
    await billing.payments.refundPayment(payment.id, { didops_refund_reason: 'no_purchase' }, { idempotencyKey: refundKey(payment, 'no_purchase') });
  }
}

/** The key of a payment's refund for one reason (a refund sent again for the same reason answers with the first). */
function refundKey(payment: BillingPayment, reason: string): string {
  return idempotencyKey({ resource: payment.id, operation: 'refund', inputs: { reason } });
}

/** Charges the fee; a decline fails with what to change, leaving no payment behind. */
async function charge(fee: SetupFee, inputs: PhoneNumberInputs, attempt: number, outcome = 'nothing was bought'): Promise<BillingPayment> {
  if (!fee.paymentMethodId) {
    throw new ValidationError({ field: 'billing.account', summary: `${fee.customerId} has no default payment method to charge the setup fee to`, detail: `attach one to the BillingAccount; ${outcome}` });
  }
  const what = inputs.number ?? inputs.search;
  const key = idempotencyKey({ resource: fee.owner, operation: 'setupfee', inputs: { what, customerId: fee.customerId, amount: fee.amount, currency: fee.currency, paymentMethod: fee.paymentMethodId, attempt } });
  const result = await fee.billing.payments.charge(
    {
      customerId: fee.customerId,
      amount: fee.amount,
      currency: fee.currency,
      paymentMethodId: fee.paymentMethodId,
      description: `Setup fee, ${inputs.number ?? `a ${kindInWords(fee.kind)} number`}`,
      metadata: { [OWNER_METADATA_KEY]: fee.owner, [RATE_CARD_METADATA_KEY]: fee.cardKey, ...(inputs.number !== undefined ? { [SETUP_FEE_FOR_METADATA_KEY]: inputs.number } : {}) },
    },
    { idempotencyKey: key },
  );
  if (result.status === 'succeeded') return result.payment;
  let leftover = '';
  if (result.paymentId) {
    await fee.billing.payments.cancelPayment(result.paymentId).catch((err: unknown) => {
      leftover = ` (the declined payment ${result.paymentId} could not be cancelled: ${messageOf(err)}; it holds no money)`;
    });
  }
  throw new ValidationError({
    field: 'billing.account',
    summary: `the card was declined (${result.declineCode ?? result.code})`,
    detail: `update the account's default payment method; ${outcome}${leftover}`,
  });
}

/** Records on the payment which number it paid for, so a subscription billing the number does not charge it again. */
async function recordNumber(billing: Billing, payment: BillingPayment, e164: string): Promise<void> {
  if (payment.metadata[SETUP_FEE_FOR_METADATA_KEY] !== e164) await billing.payments.tagPayment(payment.id, { [SETUP_FEE_FOR_METADATA_KEY]: e164 });
}

/** Refunds a fee whose purchase failed; a refund that fails too is thrown with both failures. */
async function refundAfter(billing: Billing, payment: BillingPayment, failure: unknown): Promise<void> {
  try {
    const refund = await billing.payments.refundPayment(payment.id, { didops_refund_reason: 'purchase_failed' }, { idempotencyKey: refundKey(payment, 'purchase_failed') });
    if (refund.status === 'failed' || refund.status === 'canceled') throw new Error(`refund ${refund.id} ${refund.status}`);
  } catch (refundFailure) {
    throw new DidopsError({
      summary: `buying the number failed, and refunding its setup fee (${payment.id}) failed too`,
      detail: `the purchase: ${messageOf(failure)}; the refund: ${messageOf(refundFailure)}; refund ${payment.id} in the Stripe dashboard`,
      ...(failure instanceof DidopsError && failure.field ? { field: failure.field } : {}),
      cause: failure,
    });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
