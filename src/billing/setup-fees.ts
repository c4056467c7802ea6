/**
 * A number's setup fee is charged once per account: as an invoice item when a subscription starts billing the number,
 * or as a payment when PhoneNumber buys it with `billing` (instant purchase). Both carry the number's E.164 in their
 * metadata, so whichever comes second finds the first, after a crash, a re-run, a re-ordered list or a replacement
 * that keeps the number, however long ago (idempotency keys only last a day; metadata lasts).
 */
import { idempotencyKey } from '../core/idempotency';
import type { Billing } from './billing';

/** Metadata key of a setup-fee invoice item or payment: the E.164 of the number it is for. */
export const SETUP_FEE_FOR_METADATA_KEY = 'didops_setup_fee_for';

/** How a fee was settled: billed on an invoice (`ii_…`) or paid at purchase (`pi_…`). */
export interface SetupFeeRecord {
  readonly e164: string;
  /** The invoice item or payment. */
  readonly id: string;
  readonly via: 'invoice' | 'payment';
}

/**
 * The idempotency key of a number's setup-fee invoice item: from the number's identity (account, E.164 and card), not
 * from any resource's, so a replacement of the subscription that keeps the number sends the same key.
 */
export function setupFeeInvoiceKey(customerId: string, e164: string, cardKey: string): string {
  return idempotencyKey({ resource: `billing-account:${customerId}`, operation: 'setupfee', inputs: { e164, cardKey } });
}

/**
 * The setup fees the account already has, by E.164: invoice items for them (waiting or invoiced) and payments for them
 * that went through and were not refunded. Any card's fee counts: a number is charged its setup fee once per account.
 */
export async function setupFeesOnRecord(billing: Pick<Billing, 'subscriptions' | 'payments'>, customerId: string): Promise<Map<string, SetupFeeRecord>> {
  const filter = { [SETUP_FEE_FOR_METADATA_KEY]: true } as const;
  const [charges, payments] = await Promise.all([billing.subscriptions.findInvoiceCharges(customerId, filter), billing.payments.findPayments(customerId, filter)]);
  const records = new Map<string, SetupFeeRecord>();
  for (const payment of payments) {
    const paid = (payment.status === 'succeeded' || payment.status === 'processing') && payment.amountRefunded < payment.amount;
    if (paid) records.set(payment.metadata[SETUP_FEE_FOR_METADATA_KEY], { e164: payment.metadata[SETUP_FEE_FOR_METADATA_KEY], id: payment.id, via: 'payment' });
  }
  for (const charge of charges) {
    const e164 = charge.metadata[SETUP_FEE_FOR_METADATA_KEY];
    if (!records.has(e164)) records.set(e164, { e164, id: charge.id, via: 'invoice' });
  }
  return records;
}
