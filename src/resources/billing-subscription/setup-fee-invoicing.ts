/**
 * The setup fee of each number a subscription starts billing: one invoice item on the next invoice (of the
 * subscription, or, made before the subscription, of the customer: the new subscription's first invoice takes it),
 * made only when the account has no fee for the number yet (no invoice item, no payment at purchase: see
 * src/billing/setup-fees.ts), with an idempotency key from the number's identity. A kind whose setup fee is 0 has none.
 */
import type { Billing } from '../../billing/billing';
import { kindInWords, kindOf, type ResolvedCard } from '../../billing/card-prices';
import { OWNER_METADATA_KEY, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import { SETUP_FEE_FOR_METADATA_KEY, setupFeeInvoiceKey, setupFeesOnRecord } from '../../billing/setup-fees';
import type { BilledNumber } from './model';

/** What invoicing setup fees needs to know. */
export interface SetupFeeInvoicing {
  readonly customerId: string;
  readonly card: ResolvedCard;
  /** The subscription whose next invoice takes the fees; absent, the customer's next invoice (a new subscription's first). */
  readonly subscriptionId?: string;
  /** The resource's identity, recorded on each fee it adds. */
  readonly owner: string;
}

/**
 * Invoices the setup fee of every number in `added` that has none yet, and says, by E.164, the invoice item or
 * payment of each added number's fee (made now or found on record); a number without a fee is left out.
 */
export async function invoiceSetupFees(billing: Pick<Billing, 'subscriptions' | 'payments'>, how: SetupFeeInvoicing, added: readonly BilledNumber[]): Promise<Map<string, string>> {
  const fees = new Map<string, string>();
  if (added.length === 0) return fees;
  const onRecord = await setupFeesOnRecord(billing, how.customerId);
  // One at a time, in E.164 order: a run that stops halfway leaves the same fees whatever order the list had.
  for (const n of [...added].sort((a, b) => a.e164.localeCompare(b.e164))) {
    const record = onRecord.get(n.e164);
    if (record) {
      fees.set(n.e164, record.id);
      continue;
    }
    const price = how.card.setup.get(kindOf(n));
    if (!price || price.amount === 0) continue;
    const charge = await billing.subscriptions.createInvoiceCharge(
      {
        customerId: how.customerId,
        priceId: price.priceId,
        ...(how.subscriptionId !== undefined ? { subscriptionId: how.subscriptionId } : {}),
        description: `Setup fee, ${n.e164} (${kindInWords(kindOf(n))})`,
        metadata: { [SETUP_FEE_FOR_METADATA_KEY]: n.e164, [RATE_CARD_METADATA_KEY]: how.card.key, [OWNER_METADATA_KEY]: how.owner },
      },
      { idempotencyKey: setupFeeInvoiceKey(how.customerId, n.e164, how.card.key) },
    );
    fees.set(n.e164, charge.id);
  }
  return fees;
}
