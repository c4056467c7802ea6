/**
 * Prepaid credit: `prepaidCredit` is the total credit didops grants an account over its life. Each grant is a balance
 * credit marked with the owner and {@link CREDIT_GRANT_MARKER}, so what was granted is read back from the provider,
 * never from state: a run that died after granting finds the grant and grants nothing more, and the grant itself
 * carries an idempotency key derived from the target, so a repeated request is answered with the first grant.
 */
import type { BillingCustomers } from '../../billing/customers-port';
import { OWNER_METADATA_KEY } from '../../billing/rate-card-keys';
import { ValidationError } from '../../core/errors';
import { idempotencyKey } from '../../core/idempotency';

/** Metadata key and value marking a balance credit as a grant of `prepaidCredit`. */
export const CREDIT_GRANT_MARKER = { key: 'didops_grant', value: 'prepaidCredit' } as const;

/** Credit didops granted this account so far (in the account's currency), from the provider's balance history. */
export async function creditGranted(customers: BillingCustomers, customerId: string, owner: string, currency: string): Promise<number> {
  const credits = await customers.listCredits(customerId);
  return credits
    .filter((c) => c.metadata[CREDIT_GRANT_MARKER.key] === CREDIT_GRANT_MARKER.value && c.metadata[OWNER_METADATA_KEY] === owner && c.currency === currency)
    .reduce((sum, c) => sum + c.amount, 0);
}

/** Grants what is missing to reach `target` and returns the total granted; refuses to go below what was granted. */
export async function grantCreditUpTo(customers: BillingCustomers, customerId: string, owner: string, currency: string, target: number): Promise<number> {
  const granted = await creditGranted(customers, customerId, owner, currency);
  if (target < granted) throw creditLowered(granted, target, currency);
  if (target === granted) return granted;
  const missing = target - granted;
  await customers.grantCredit(
    customerId,
    {
      amount: missing,
      currency,
      description: `Prepaid credit (didops: ${granted} → ${target} ${currency})`,
      metadata: { [OWNER_METADATA_KEY]: owner, [CREDIT_GRANT_MARKER.key]: CREDIT_GRANT_MARKER.value, didops_credit_target: String(target) },
    },
    { idempotencyKey: idempotencyKey({ resource: owner, operation: 'credit', inputs: { customerId, currency, from: granted, to: target } }) },
  );
  return target;
}

/** The refusal of a lower `prepaidCredit`, with what to do instead. */
export function creditLowered(granted: number, target: number, currency: string): ValidationError {
  return new ValidationError({
    field: 'prepaidCredit',
    summary: `${target} is below the ${granted} ${currency} already granted; credit once granted is not taken back`,
    detail: `keep prepaidCredit at ${granted} or more (the account may have spent it); to remove credit, add a positive balance adjustment in the Stripe dashboard`,
  });
}
