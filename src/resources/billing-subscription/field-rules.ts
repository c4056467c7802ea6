/** How a BillingSubscription's fields change, and what replaces it: the table its `diff`, the docs and the adapters read. */
import { ignoresChanges, requiresReplace, updatesInPlace, type FieldRule } from '../../core/lifecycle';
import { sameNumbers } from './items-plan';

/** How each field changes; the numbers compare as a set. */
export const BILLING_SUBSCRIPTION_FIELD_RULES: readonly FieldRule[] = [
  requiresReplace('account', 'a subscription bills one account; a new subscription is created for the new account, then the old one is cancelled as a delete would'),
  updatesInPlace('rateCard', 'moves every item to the new card’s prices (its lookup keys), prorated by `prorationBehavior`; the card must be in the account’s currency'),
  updatesInPlace('numbers', 'sets each kind’s quantity, prorated by `prorationBehavior`; each number added gets its setup fee on the next invoice, once (not when it was paid at purchase). Order does not matter', { equals: sameNumbers }),
  updatesInPlace('meteredMinutes', 'adds or removes the card’s metered items'),
  updatesInPlace('collectionMethod', 'changes how later invoices are paid'),
  updatesInPlace('daysUntilDue', 'changes when later invoices are due'),
  updatesInPlace('prorationBehavior', 'only changes how later changes are billed; nothing is sent to Stripe'),
  updatesInPlace('cancelAtPeriodEnd', 'only changes what a later delete does; nothing is sent to Stripe'),
  ignoresChanges('rateCardModel', 'it only lets `check` refuse numbers the card does not price at plan time; the card billed is the one `rateCard` names'),
  ignoresChanges('accountCurrency', 'it only lets `check` refuse a card in another currency at plan time; the account’s currency is what Stripe says'),
];
