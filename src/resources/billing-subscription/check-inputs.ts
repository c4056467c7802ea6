/**
 * BillingSubscription's `check`: the inputs as the zod model reads them, then what the model cannot say (a number
 * listed twice, a country that is not the number's, due days without `send_invoice`, nothing to bill) and, when the
 * inputs say what the card holds (`rateCardModel`), whether it can bill every number for this account within
 * Stripe's 20 items. No request is made: what only the provider knows is checked again at create and update, before
 * anything is changed.
 */
import { kindOf } from '../../billing/card-prices';
import { errorDiagnostic, zodIssuesToDiagnostics, type Diagnostic } from '../../core/diagnostics';
import { e164Info, type E164 } from '../../core/e164';
import type { CheckResponse } from '../../core/lifecycle';
import { rateClassKey } from '../../billing/rating/find-rate';
import { duplicateNumbers, itemLimitProblem, pricingProblems } from './items-plan';
import { billingSubscriptionInputsSchema, type BillingSubscriptionInputs } from './model';

/** BillingSubscription's check. */
export function checkBillingSubscriptionInputs(news: unknown): CheckResponse<BillingSubscriptionInputs> {
  const parsed = billingSubscriptionInputsSchema.safeParse(news ?? {});
  if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
  const inputs = parsed.data;
  const failures: Diagnostic[] = [...duplicateNumbers(inputs.numbers)];
  inputs.numbers.forEach((n, i) => {
    const country = e164Info(n.e164 as E164).country;
    if (country !== undefined && country !== n.country) {
      failures.push(errorDiagnostic(`${n.e164} is a ${country} number, not ${n.country}`, { field: `numbers[${i}].country`, detail: `set country to "${country}" (a PhoneNumber’s \`country\` output says it)` }));
    }
  });
  if (inputs.collectionMethod === 'send_invoice' && inputs.daysUntilDue === undefined) {
    failures.push(errorDiagnostic('`send_invoice` needs `daysUntilDue`', { field: 'daysUntilDue', detail: 'say how many days after it is sent an invoice is due, e.g. 30' }));
  }
  if (inputs.collectionMethod === 'charge_automatically' && inputs.daysUntilDue !== undefined) {
    failures.push(errorDiagnostic('`daysUntilDue` only applies with `collectionMethod: "send_invoice"`', { field: 'daysUntilDue', detail: 'remove it, or set collectionMethod to "send_invoice"' }));
  }
  if (inputs.numbers.length === 0 && !inputs.meteredMinutes) {
    failures.push(errorDiagnostic('the subscription bills nothing', { field: 'numbers', detail: 'list the numbers to bill, or leave `meteredMinutes` on to bill the card’s minutes' }));
  }
  if (inputs.rateCardModel) {
    const card = { key: inputs.rateCard, currency: inputs.rateCardModel.currency, priced: new Set(inputs.rateCardModel.numbers.map(kindOf)) };
    failures.push(...pricingProblems(inputs.numbers, card, inputs.accountCurrency));
    const minutes = inputs.meteredMinutes ? inputs.rateCardModel.minutes : undefined;
    const tooMany = itemLimitProblem({
      numberKinds: new Set(inputs.numbers.map(kindOf)).size,
      rateClasses: new Set(minutes?.rates.map(rateClassKey) ?? []).size,
      connectFee: minutes?.connectFee !== undefined ? 1 : 0,
    });
    if (tooMany) failures.push(tooMany);
  }
  return failures.length > 0 ? { failures } : { inputs, failures };
}
