/**
 * The rate card each account is billed on, read through the billing port by the account's `rate_card_key`: the card
 * is rebuilt from its active Stripe prices by the RateCard resource's import (`findCard`), so the reconciler rates
 * with exactly the prices Stripe invoices, and a card changed by `pulumi up` is rated from the next run on. Each key is
 * read once per run (one search of the provider's prices).
 */
import type { BillingCatalogue } from '../../billing/catalogue-port';
import { NotFoundError } from '../../core/errors';
import { findCard } from '../../resources/rate-card/import-card';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { AccountRateCard } from './rate-call-records';

/** The cards of every account, by account id; undefined for an account whose card has no active prices. */
export async function loadAccountCards(db: Kysely<Database>, catalogue: BillingCatalogue): Promise<(accountId: string) => AccountRateCard | undefined> {
  const accounts = await db.selectFrom('accounts').select(['id', 'rate_card_key']).execute();
  const byKey = new Map<string, AccountRateCard | undefined>();
  for (const key of new Set(accounts.map((a) => a.rate_card_key))) {
    try {
      byKey.set(key, { cardKey: key, card: (await findCard(catalogue, key)).card });
    } catch (err) {
      // A card with no active prices rates nothing: its calls are kept unrated ('no-rate-card'). Any other failure
      // (Stripe unreachable) fails the run, which is retried, rather than marking calls unrated for a passing fault.
      if (!(err instanceof NotFoundError)) throw err;
      byKey.set(key, undefined);
    }
  }
  const byAccount = new Map(accounts.map((a) => [a.id, byKey.get(a.rate_card_key)]));
  return (accountId) => byAccount.get(accountId);
}
