/**
 * A rate card's current prices, found by lookup key through the catalogue port: the lookup key always names the
 * card's current price (RateCard moves it to a new price when an amount changes), so whoever bills by it bills the
 * amount the card says now. BillingSubscription bills monthly and metered prices by it; PhoneNumber's instant
 * purchase charges the setup fee by it.
 */
import { errorDiagnostic, type Diagnostic } from '../core/diagnostics';
import { ValidationError } from '../core/errors';
import type { BillingCatalogue, CataloguePrice } from './catalogue-port';
import { numberMonthlyLookupKey, numberSetupLookupKey, parseLookupKey, RATE_CARD_METADATA_KEY } from './rate-card-keys';

/** A price found under a lookup key. */
export interface KeyedPrice {
  readonly lookupKey: string;
  readonly priceId: string;
}

/** A setup-fee price: a one-time amount in the card's currency. */
export interface SetupPrice extends KeyedPrice {
  /** Whole minor units; 0 means no fee. */
  readonly amount: number;
}

/** A rate card as a plan sees it: its currency and the kinds of number it prices (`US.local`). */
export interface CardView {
  readonly key: string;
  /** ISO 4217, upper case. */
  readonly currency: string;
  readonly priced: ReadonlySet<string>;
}

/** A card with its current prices. */
export interface ResolvedCard extends CardView {
  /** Monthly price of each priced kind (`US.local`). */
  readonly monthly: ReadonlyMap<string, KeyedPrice>;
  /** Setup fee of each priced kind that has one. */
  readonly setup: ReadonlyMap<string, SetupPrice>;
  /** Metered prices: one per rate class, and the connect fee. */
  readonly metered: readonly KeyedPrice[];
}

/** A kind of number as a card prices it. */
export interface NumberKindRef {
  readonly country: string;
  readonly type: string;
}

/** The kind of a number as a card prices it: `US.local`. */
export function kindOf(n: NumberKindRef): string {
  return `${n.country.toUpperCase()}.${n.type}`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll-free' };

/** `US local`, `GB toll-free`: a kind in words. */
export function kindInWords(kind: string): string {
  const [country, type] = kind.split('.');
  return `${country} ${TYPE_WORDS[type] ?? type}`;
}

/** The card cannot bill an account in another currency: a problem on `field` (the card reference), or undefined. */
export function currencyMismatch(card: CardView, accountCurrency: string | null | undefined, field: string): Diagnostic | undefined {
  if (!accountCurrency || accountCurrency.toUpperCase() === card.currency.toUpperCase()) return undefined;
  const account = accountCurrency.toUpperCase();
  return errorDiagnostic(`the rate card "${card.key}" is in ${card.currency}, the account in ${account}`, {
    field,
    detail: `an account is billed in one currency; use a rate card in ${account}, or an account in ${card.currency}`,
  });
}

/** The card does not price this kind of number (`US.local`): a problem on `field`, or undefined; `what` names the number. */
export function unpricedKind(card: CardView, kind: NumberKindRef, field: string, what?: string): Diagnostic | undefined {
  if (card.priced.has(kindOf(kind))) return undefined;
  const offered = [...card.priced].sort().map(kindInWords).join(', ') || 'no numbers';
  return errorDiagnostic(`the rate card "${card.key}" does not price ${kindInWords(kindOf(kind))} numbers${what ? `, so ${what} cannot be billed` : ''}`, {
    field,
    detail: `add { country: "${kind.country.toUpperCase()}", type: "${kind.type}" } with its setup fee and monthly price to the card’s numbers${what ? ', or remove the number' : ''} (the card prices ${offered})`,
  });
}

/**
 * The card's current prices for these kinds of number (and its metered prices, when asked); a card with no price at
 * all is an error on `field`. Kinds the card does not price are simply absent from `priced`.
 */
export async function resolveCard(catalogue: BillingCatalogue, cardKey: string, kinds: Iterable<NumberKindRef>, options: { metered: boolean; field: string }): Promise<ResolvedCard> {
  const wanted = new Map<string, NumberKindRef>();
  for (const kind of kinds) wanted.set(kindOf(kind), kind);
  const keys = [...wanted.values()].flatMap((k) => [numberMonthlyLookupKey(cardKey, k.country, k.type), numberSetupLookupKey(cardKey, k.country, k.type)]);
  const current = (p: CataloguePrice) => p.active && p.lookupKey !== null;
  // Lookup keys are read consistently; the card's other prices (its minutes, what else it prices) are found by metadata.
  const byKey = keys.length > 0 ? (await catalogue.pricesByLookupKey(keys)).filter(current) : [];
  const others = (await catalogue.findPrices({ [RATE_CARD_METADATA_KEY]: cardKey })).filter(current);
  const prices = [...new Map([...others, ...byKey].map((p) => [p.lookupKey!, p])).values()];
  if (prices.length === 0) {
    throw new ValidationError({
      field: options.field,
      summary: `there is no rate card "${cardKey}": no current price holds its lookup keys`,
      detail: 'give the `key` of a RateCard resource (Pulumi `card.key`, Terraform `didops_rate_card.<name>.key`), created before this resource',
    });
  }
  const monthly = new Map<string, KeyedPrice>();
  const setup = new Map<string, SetupPrice>();
  const metered: KeyedPrice[] = [];
  for (const price of prices) {
    const parsed = parseLookupKey(price.lookupKey!);
    if (!parsed || parsed.cardKey !== cardKey) continue;
    const keyed = { lookupKey: price.lookupKey!, priceId: price.id };
    if (parsed.kind === 'numberMonthly') monthly.set(`${parsed.country}.${parsed.type}`, keyed);
    else if (parsed.kind === 'numberSetup') setup.set(`${parsed.country}.${parsed.type}`, { ...keyed, amount: price.unitAmount ?? 0 });
    else if (options.metered) metered.push(keyed);
  }
  return { key: cardKey, currency: prices[0].currency.toUpperCase(), priced: new Set(monthly.keys()), monthly, setup, metered };
}
