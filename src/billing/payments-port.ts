/**
 * One-off payments and their refunds (a setup fee paid before a number is bought), in didops' terms. A charge either
 * succeeds or is declined; a decline is an answer, not an error, so the caller can say what the user must change.
 *
 * Every write takes an idempotency key the caller derives (src/core/idempotency.ts), and a payment carries the
 * caller's metadata, so a run that crashed before recording it finds it again instead of charging twice.
 */
import type { BillingMetadata, IdempotentWrite } from './catalogue-port';
import type { MetadataFilter } from './subscriptions-port';

/** Where a payment stands (Stripe's payment intent statuses). */
export type PaymentStatus = 'succeeded' | 'processing' | 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'requires_capture' | 'canceled';

/** A payment as the provider has it. */
export interface BillingPayment {
  /** Provider id (`pi_…`). */
  readonly id: string;
  readonly customerId: string | null;
  readonly status: PaymentStatus;
  /** Whole minor units of `currency`. */
  readonly amount: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  /** How much of it was refunded (refunds pending or done), in minor units. */
  readonly amountRefunded: number;
  readonly metadata: BillingMetadata;
}

/** What a one-off charge is made with; it is confirmed at once, off session (the customer is not present). */
export interface PaymentSpec {
  readonly customerId: string;
  /** Whole minor units, more than zero. */
  readonly amount: number;
  readonly currency: string;
  /** The payment method charged (`pm_…`), attached to the customer. */
  readonly paymentMethodId: string;
  /** Shown on the customer's statement and receipt. */
  readonly description: string;
  readonly metadata: BillingMetadata;
}

/** What a charge came to: paid, or declined with the provider's reason. */
export type ChargeOutcome =
  | { readonly status: 'succeeded'; readonly payment: BillingPayment }
  | {
      readonly status: 'declined';
      /** The payment left behind by the attempt, if the provider made one (it holds nothing). */
      readonly paymentId: string | null;
      /** The provider's code, e.g. `card_declined`, `authentication_required`. */
      readonly code: string;
      /** The bank's reason, e.g. `insufficient_funds`, `generic_decline`, when given. */
      readonly declineCode: string | null;
      readonly message: string;
    };

/** A refund as the provider has it. */
export interface BillingRefund {
  /** Provider id (`re_…`). */
  readonly id: string;
  readonly paymentId: string;
  readonly amount: number;
  /** `succeeded`, `pending`, `failed`, … */
  readonly status: string;
}

/** One-off charges and refunds (a setup fee paid before a number is bought). */
export interface BillingPayments {
  /** The customer's payments whose metadata passes the filter. */
  findPayments(customerId: string, metadata: MetadataFilter): Promise<BillingPayment[]>;
  /** Charges the amount now; a decline is an outcome, other failures throw. */
  charge(spec: PaymentSpec, write: IdempotentWrite): Promise<ChargeOutcome>;
  /** Cancels a payment that holds nothing (a declined attempt); succeeds when it is already canceled. */
  cancelPayment(id: string): Promise<void>;
  /** Adds metadata to a payment (what it paid for, once known). */
  tagPayment(id: string, metadata: BillingMetadata): Promise<BillingPayment>;
  /** Refunds the whole payment. */
  refundPayment(id: string, metadata: BillingMetadata, write: IdempotentWrite): Promise<BillingRefund>;
}
