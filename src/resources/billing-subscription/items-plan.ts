/**
 * What a subscription's items should be, worked out without asking anyone: one licensed item per country and number
 * type at the card's monthly price (quantity: how many such numbers are declared), one metered item per rate class
 * and the connect fee; which numbers the card cannot bill (and why), and which changes take the live items there.
 * The same rules run in `check` (on what a reference declares) and at create/update (on what the provider holds).
 */
import { errorDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { numberMonthlyLookupKey, parseLookupKey } from '../../billing/rate-card-keys';
import { currencyMismatch, unpricedKind, type CardView, type ResolvedCard } from '../../billing/card-prices';
import type { ItemChange, PlannedLines, SubscriptionItem, SubscriptionLine } from '../../billing/subscriptions-port';
import type { BilledNumber } from './model';

/** Numbers listed twice, each said once on its second mention. */
export function duplicateNumbers(numbers: readonly BilledNumber[], field = 'numbers'): Diagnostic[] {
  const first = new Map<string, number>();
  const problems: Diagnostic[] = [];
  numbers.forEach((n, i) => {
    const earlier = first.get(n.e164);
    if (earlier === undefined) first.set(n.e164, i);
    else problems.push(errorDiagnostic(`${n.e164} is listed twice (also ${field}[${earlier}])`, { field: `${field}[${i}]`, detail: 'a number is billed once; remove one of them' }));
  });
  return problems;
}

/**
 * Why the card cannot bill these numbers for this account: a number whose kind it does not price (on that number),
 * or a card in another currency than the account's (on `rateCard`).
 */
export function pricingProblems(numbers: readonly BilledNumber[], card: CardView, accountCurrency: string | null | undefined): Diagnostic[] {
  const problems = [currencyMismatch(card, accountCurrency, 'rateCard'), ...numbers.map((n, i) => unpricedKind(card, n, `numbers[${i}]`, n.e164))];
  return problems.filter((p): p is Diagnostic => p !== undefined);
}

/** How many numbers of each kind are declared, by the monthly lookup key that bills them. */
export function monthlyQuantities(cardKey: string, numbers: readonly BilledNumber[]): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const n of numbers) {
    const key = numberMonthlyLookupKey(cardKey, n.country, n.type);
    quantities.set(key, (quantities.get(key) ?? 0) + 1);
  }
  return quantities;
}

/** The lines the subscription should have: the numbers' monthly items, then the card's metered ones when asked for. */
export function desiredLines(numbers: readonly BilledNumber[], card: ResolvedCard, meteredMinutes: boolean): SubscriptionLine[] {
  const lines: SubscriptionLine[] = [];
  for (const [lookupKey, quantity] of [...monthlyQuantities(card.key, numbers)].sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseLookupKey(lookupKey);
    const price = parsed?.kind === 'numberMonthly' ? card.monthly.get(`${parsed.country}.${parsed.type}`) : undefined;
    if (!price) throw new Error(`no monthly price for ${lookupKey}: pricingProblems must run first`);
    lines.push({ lookupKey, priceId: price.priceId, quantity });
  }
  if (meteredMinutes) lines.push(...[...card.metered].sort((a, b) => a.lookupKey.localeCompare(b.lookupKey)).map(({ lookupKey, priceId }) => ({ lookupKey, priceId })));
  return lines;
}

/**
 * The changes that take the live items to the desired lines: an item on the right key moves to the key's current
 * price and quantity; a key without an item gets one; an item for no desired key (another card's, a kind no longer
 * declared, one added by hand) is removed.
 */
export function itemChanges(current: readonly SubscriptionItem[], desired: readonly SubscriptionLine[]): ItemChange[] {
  const changes: ItemChange[] = [];
  const byKey = new Map<string, SubscriptionItem>();
  for (const item of current) {
    if (byKey.has(item.lookupKey) || !desired.some((line) => line.lookupKey === item.lookupKey)) changes.push({ kind: 'remove', itemId: item.id });
    else byKey.set(item.lookupKey, item);
  }
  for (const line of desired) {
    const item = byKey.get(line.lookupKey);
    if (!item) {
      changes.push({ kind: 'add', line });
      continue;
    }
    const priceMoves = item.priceId !== line.priceId;
    // A new price resets the quantity on the provider's side unless it is given again.
    const quantityChanges = line.quantity !== undefined && (priceMoves || item.quantity !== line.quantity);
    if (priceMoves || quantityChanges) {
      changes.push({ kind: 'update', itemId: item.id, lookupKey: line.lookupKey, ...(priceMoves ? { priceId: line.priceId } : {}), ...(quantityChanges ? { quantity: line.quantity } : {}) });
    }
  }
  return changes;
}

/**
 * The lines a subscription with planned lines should have until the plan takes over: the desired ones, except that a
 * key planned to take its desired price later (a rate card's price change from the next period) keeps the price it
 * bills now until then, so the period in progress is billed at the price it began with.
 */
export function linesUntilPlanned(current: readonly SubscriptionItem[], planned: readonly PlannedLines[], desired: readonly SubscriptionLine[]): SubscriptionLine[] {
  return desired.map((line) => {
    const item = current.find((i) => i.lookupKey === line.lookupKey);
    const later = planned.some((step) => step.lines.some((l) => l.lookupKey === line.lookupKey && l.priceId === line.priceId));
    return item && item.priceId !== line.priceId && later ? { ...line, priceId: item.priceId } : line;
  });
}

/** True when a planned step would bill other lines than `desired` (a key, a price or a quantity differs). */
export function planDiffers(planned: readonly PlannedLines[], desired: readonly SubscriptionLine[]): boolean {
  const text = (lines: readonly SubscriptionLine[]) => lines.map((l) => `${l.lookupKey}|${l.priceId}|${l.quantity ?? '-'}`).sort().join(',');
  return planned.some((step) => text(step.lines) !== text(desired));
}

/** Stripe's limit on the items of one subscription. */
export const MAX_SUBSCRIPTION_ITEMS = 20;

/** What a subscription's items are for, counted. */
export interface ItemCount {
  /** Licensed items: one per country and type of number. */
  readonly numberKinds: number;
  /** Metered items: one per rate class of the card (when `meteredMinutes`). */
  readonly rateClasses: number;
  /** The connect fee's metered item: 0 or 1. */
  readonly connectFee: number;
}

/** The refusal of more items than Stripe allows on one subscription, with the count and the ways out; undefined within it. */
export function itemLimitProblem(count: ItemCount, field = 'rateCard'): Diagnostic | undefined {
  const total = count.numberKinds + count.rateClasses + count.connectFee;
  if (total <= MAX_SUBSCRIPTION_ITEMS) return undefined;
  const parts = [`${count.numberKinds} for numbers (one per country and type)`, `${count.rateClasses} for the card’s rate classes`];
  if (count.connectFee > 0) parts.push('1 for the connect fee');
  return errorDiagnostic(`the subscription needs ${total} items (${parts.join(', ')}); Stripe allows at most ${MAX_SUBSCRIPTION_ITEMS}`, {
    field,
    detail:
      'give the card fewer rate classes (a prefix covers every longer one unless one says otherwise), or set `meteredMinutes: false` and bill the minutes on a subscription of their own with no numbers, or split the numbers over two subscriptions',
  });
}

/** The item count of desired lines: monthly lines are number kinds, the connect fee's line is one, the rest rate classes. */
export function countLines(lines: readonly SubscriptionLine[]): ItemCount {
  const kinds = lines.map((line) => parseLookupKey(line.lookupKey)?.kind);
  const numberKinds = kinds.filter((kind) => kind === 'numberMonthly').length;
  const connectFee = kinds.filter((kind) => kind === 'connect').length;
  return { numberKinds, connectFee, rateClasses: lines.length - numberKinds - connectFee };
}

/** Numbers in `news` that `olds` did not have (by E.164; order does not matter). */
export function addedNumbers(olds: readonly BilledNumber[], news: readonly BilledNumber[]): BilledNumber[] {
  const had = new Set(olds.map((n) => n.e164));
  return news.filter((n) => !had.has(n.e164));
}

/** The same numbers, whatever their order. */
export function sameNumbers(a: unknown, b: unknown): boolean {
  const keys = (v: unknown) => (Array.isArray(v) ? v.map((n) => JSON.stringify([n?.e164, n?.country, n?.type])).sort().join('|') : String(v));
  return keys(a) === keys(b);
}
