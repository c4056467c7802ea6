/** How a PhoneNumber's fields change, and what replaces it: the table its `diff`, the docs and the adapters read. */
import { requiresReplace, requiresReplaceJudged, updatesInPlace, type FieldRule } from '../../core/lifecycle';

/**
 * How each field changes. `number`, `search` and `adopt` say which number the resource holds: `diff` judges a change
 * to them by `unmetRequirements` (number-fit.ts) against the owned number; the rules say they can replace, and release first.
 */
export const PHONE_NUMBER_FIELD_RULES: readonly FieldRule[] = [
  requiresReplaceJudged('number', 'it names another number', 'a bought number cannot become another; the old one is released first, then the new one bought', { deleteBeforeReplace: true }),
  requiresReplaceJudged('search', 'the owned number no longer satisfies the criteria', 'the old number is released first, then the first match bought', { deleteBeforeReplace: true }),
  requiresReplaceJudged('adopt', 'it names another owned number', 'the old number is released first, then the other one taken over', { deleteBeforeReplace: true }),
  requiresReplace('carrier', 'numbers do not move between carriers: the number is released at the old carrier and another bought at the new one', { deleteBeforeReplace: true }),
  updatesInPlace('friendlyName', 'renames the number in the Twilio console (the ownership marker stays)'),
  updatesInPlace('voice', 'points the number’s voice webhooks elsewhere'),
  updatesInPlace('routingPlan', 'points the number’s voice webhook at another routing plan’s Studio flow (or, removed, back to `voice.url`)'),
  updatesInPlace('trunk', 'moves the number onto (or off) the SIP trunk'),
  updatesInPlace('emergencyAddress', 'registers the number at another emergency address (or removes the registration)'),
  updatesInPlace('address', 'changes the address that satisfies the number’s address requirement'),
  updatesInPlace('bundle', 'changes the regulatory bundle'),
  updatesInPlace('retainOnDelete', 'only changes what a later delete does; nothing is sent to the carrier'),
  updatesInPlace('billing', 'only changes who paid a purchase already made: nothing is charged or refunded, and nothing is sent to the carrier'),
];

/** What the docs say about replacement, next to the field rules. */
export const PHONE_NUMBER_REPLACEMENT_RULE =
  'Changing `number` or `adopt` to another number, or `search` criteria that the owned number no longer satisfies, replaces the resource: the old number is released first (unless `retainOnDelete`), then a new one is bought. Criteria the owned number still satisfies change nothing.';
