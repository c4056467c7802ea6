/**
 * The plan of a create or an update, from what the provider holds: the account's terms, the card's current prices,
 * and the lines that follow. It only reads; every problem it finds (a number the card does not price, a card in
 * another currency, more items than Stripe's 20) is thrown as one ValidationError with a diagnostic per field, before anything is changed.
 */
import { accountTerms, type AccountTerms } from '../../billing/account-terms';
import type { Billing } from '../../billing/billing';
import { resolveCard, type ResolvedCard } from '../../billing/card-prices';
import type { SubscriptionLine } from '../../billing/subscriptions-port';
import { errorDiagnostic } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
import { countLines, desiredLines, itemLimitProblem, pricingProblems } from './items-plan';
import type { BillingSubscriptionInputs } from './model';

/** What a create or update works from. */
export interface SubscriptionPlan {
  readonly account: AccountTerms;
  readonly card: ResolvedCard;
  /** The lines the subscription should have. */
  readonly lines: readonly SubscriptionLine[];
}

/** Reads the account and the card, checks that the card can bill every number for the account, and plans the lines. */
export async function planSubscription(billing: Pick<Billing, 'customers' | 'catalogue'>, inputs: BillingSubscriptionInputs): Promise<SubscriptionPlan> {
  const [account, card] = await Promise.all([
    accountTerms(billing.customers, inputs.account, 'account'),
    resolveCard(billing.catalogue, inputs.rateCard, inputs.numbers, { metered: inputs.meteredMinutes, field: 'rateCard' }),
  ]);
  const problems = pricingProblems(inputs.numbers, card, account.currency);
  if (problems.length > 0) throw ValidationError.fromDiagnostics(problems);
  const lines = desiredLines(inputs.numbers, card, inputs.meteredMinutes);
  if (lines.length === 0) {
    throw ValidationError.fromDiagnostics([
      errorDiagnostic(`the subscription bills nothing: no numbers are listed and the rate card "${card.key}" bills no minutes`, {
        field: 'numbers',
        detail: 'list the numbers to bill, or give the card per-minute rates',
      }),
    ]);
  }
  const tooMany = itemLimitProblem(countLines(lines));
  if (tooMany) throw ValidationError.fromDiagnostics([tooMany]);
  return { account, card, lines };
}
