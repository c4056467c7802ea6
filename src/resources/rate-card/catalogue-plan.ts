/**
 * What a rate card becomes on the billing provider, worked out without asking it: one product per invoice line (a
 * number type in a country, a rate class, the connect fee), so an invoice says "United Kingdom mobile number" and
 * "Calls to the UK" rather than one "Numbers" line per kind; each line's prices under their lookup keys
 * (rate-card-keys.ts); and one meter per rate class (sum of billable seconds) plus one for the connect fee (count of
 * answered calls). Amounts per second come from billing/rating (meteredPriceOf), the one place rating and Stripe agree.
 *
 * The metadata on each price keeps what Stripe's terms lose (the per-minute rate as written, the increment, the
 * minimum), so `import` can give back the card that made them.
 */
import Decimal from 'decimal.js';
import type { BillingMetadata, MeterAggregation, PriceTerms } from '../../billing/catalogue-port';
import {
  connectLookupKey,
  connectMeterEventName,
  minutesLookupKey,
  minutesMeterEventName,
  numberMonthlyLookupKey,
  numberSetupLookupKey,
  ownershipMetadata,
  parseLookupKey,
} from '../../billing/rate-card-keys';
import { rateClassKey } from '../../billing/rating/find-rate';
import { connectFeePriceOf, meteredPriceOf, type MeteredPriceSpec } from '../../billing/rating/metered-price';
import type { MinutePricing, MinuteRate, NumberPrice, RateCard } from '../../billing/rating/rate-card';

/** Metadata key of the invoice line (`number.US.local`, `minutes.out-44`, `connect`) a product or price belongs to. */
export const LINE_METADATA_KEY = 'didops_line';
/** Metadata key of a minutes price's rate as written (`{"perMinute":"0.85"}` or its tiers), for import. */
export const RATE_METADATA_KEY = 'didops_rate';
/** Metadata keys of the card's call pricing, kept on every minutes and connect price for import. */
export const INCREMENT_METADATA_KEY = 'didops_increment';
/** See {@link INCREMENT_METADATA_KEY}. */
export const MINIMUM_METADATA_KEY = 'didops_minimum_seconds';
/** Metadata key of a rate's invoice description, for import. */
export const DESCRIPTION_METADATA_KEY = 'didops_description';

/** Stripe's limit on a metadata value; a rate whose tiers do not fit is imported from the price's own tiers. */
const METADATA_VALUE_LIMIT = 500;

/** A meter the card needs. */
export interface PlannedMeter {
  readonly eventName: string;
  readonly displayName: string;
  readonly aggregation: MeterAggregation;
}

/** A price the card needs: its terms (the meter named by event, its id known only on the provider) and names. */
export interface PlannedPrice {
  readonly lookupKey: string;
  readonly terms: PriceTerms;
  /** Event name of the meter a metered price bills. */
  readonly meterEventName?: string;
  readonly nickname: string;
  readonly metadata: BillingMetadata;
}

/** One invoice line: its product, prices and meter. */
export interface PlannedLine {
  /** `number.<CC>.<type>`, `minutes.<classKey>` or `connect`; the products output's key. */
  readonly lineKey: string;
  readonly productName: string;
  readonly productMetadata: BillingMetadata;
  readonly prices: readonly PlannedPrice[];
  readonly meter?: PlannedMeter;
}

/** Everything a card becomes, under one card key and owner. */
export interface CataloguePlan {
  readonly cardKey: string;
  readonly owner: string;
  readonly currency: string;
  readonly lines: readonly PlannedLine[];
}

/** What the plan is made from. */
export interface CataloguePlanInput {
  readonly cardKey: string;
  readonly owner: string;
  readonly card: RateCard;
  /** Put before every product name. */
  readonly namePrefix?: string;
}

/** Works out the products, prices and meters of a card. */
export function planCatalogue(input: CataloguePlanInput): CataloguePlan {
  const { cardKey, owner, card } = input;
  const named = (label: string) => (input.namePrefix ? `${input.namePrefix}: ${label}` : label);
  const lines: PlannedLine[] = card.numbers.map((price) => numberLine(cardKey, owner, card.currency, price, named));
  if (card.minutes) {
    const callMetadata = callPricingMetadata(card.minutes);
    for (const rate of card.minutes.rates) lines.push(minutesLine(cardKey, owner, card.currency, rate, callMetadata, named));
    if (card.minutes.connectFee !== undefined) lines.push(connectLine(cardKey, owner, card.currency, card.minutes.connectFee, callMetadata, named));
  }
  return { cardKey, owner, currency: card.currency, lines };
}

/** Every price of a plan, by lookup key. */
export function plannedPrices(plan: CataloguePlan): Map<string, { readonly line: PlannedLine; readonly price: PlannedPrice }> {
  return new Map(plan.lines.flatMap((line) => line.prices.map((price) => [price.lookupKey, { line, price }] as const)));
}

/** The `priceTerms` output a plan leads to: what each lookup key's price charges, in words. */
export function plannedTerms(plan: CataloguePlan): Record<string, string> {
  return Object.fromEntries([...plannedPrices(plan)].map(([lookupKey, { price }]) => [lookupKey, termsText(lookupKey, price.terms)]));
}

/**
 * What a price charges, in words, the same for a planned price and one read back from the provider (amounts without
 * trailing zeros): `USD 115 per month`, `USD 500 once`, `USD 0.014166666667 per second`, `USD per second, graduated:
 * up to 3600 at 0.0125, then 0.01 (+100 flat)`.
 */
export function termsText(lookupKey: string, terms: PriceTerms): string {
  const kind = parseLookupKey(lookupKey)?.kind;
  const unit = kind === 'minutes' ? 'second' : kind === 'connect' ? 'call' : undefined;
  const per = unit ? ` per ${unit}` : !terms.recurring ? ' once' : ' per month';
  if (terms.tiers) {
    const steps = terms.tiers.steps.map((step, i) => {
      const at = `${i === 0 ? '' : 'then '}${step.upTo === 'inf' ? '' : `up to ${step.upTo} `}at ${amountText(step.unitAmountDecimal)}`;
      return step.flatAmount ? `${at} (+${step.flatAmount} flat)` : at;
    });
    return `${terms.currency}${per}, ${terms.tiers.mode}: ${steps.join(', ')}`;
  }
  return `${terms.currency} ${amountText(terms.unitAmountDecimal ?? String(terms.unitAmount ?? 0))}${per}`;
}

/** True when two sets of terms charge the same (currency, amounts, recurrence and meter). */
export function sameTerms(a: PriceTerms, b: PriceTerms): boolean {
  return (
    a.currency === b.currency &&
    amountOf(a) === amountOf(b) &&
    (a.recurring?.usage ?? 'once') === (b.recurring?.usage ?? 'once') &&
    (a.recurring?.meterId ?? '') === (b.recurring?.meterId ?? '') &&
    JSON.stringify(tiersOf(a)) === JSON.stringify(tiersOf(b))
  );
}

/**
 * True when two cards say the same: the order of number prices and rates means nothing (each is found by country and
 * type, or by the longest prefix), so a card read back by import in another order is the same card.
 */
export function sameCard(a: RateCard, b: RateCard): boolean {
  return JSON.stringify(inOrder(a)) === JSON.stringify(inOrder(b));
}

/** The card with its number prices and rates sorted, for comparison and for import. */
export function inOrder(card: RateCard): RateCard {
  const byText = <T>(key: (item: T) => string) => (x: T, y: T) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
  const numbers = [...card.numbers].sort(byText((n) => `${n.country}.${n.type}`));
  if (!card.minutes) return { ...card, numbers };
  return { ...card, numbers, minutes: { ...card.minutes, rates: [...card.minutes.rates].sort(byText((r) => `${r.direction}.${r.prefix}`)) } };
}

function numberLine(cardKey: string, owner: string, currency: string, price: NumberPrice, named: (label: string) => string): PlannedLine {
  const lineKey = `number.${price.country}.${price.type}`;
  const metadata = { ...ownershipMetadata(owner, cardKey), [LINE_METADATA_KEY]: lineKey };
  const monthly = numberMonthlyLookupKey(cardKey, price.country, price.type);
  const setup = numberSetupLookupKey(cardKey, price.country, price.type);
  return {
    lineKey,
    productName: named(`${countryName(price.country)} ${NUMBER_TYPE_LABELS[price.type]} number`),
    productMetadata: metadata,
    prices: [
      { lookupKey: monthly, terms: { currency, unitAmount: price.monthlyPrice, recurring: { interval: 'month', usage: 'licensed' } }, nickname: monthly, metadata },
      // A setup fee of 0 still has its price, so every number line has both keys; nothing charges a zero fee.
      { lookupKey: setup, terms: { currency, unitAmount: price.setupFee }, nickname: setup, metadata },
    ],
  };
}

function minutesLine(cardKey: string, owner: string, currency: string, rate: MinuteRate, callMetadata: BillingMetadata, named: (label: string) => string): PlannedLine {
  const classKey = rateClassKey(rate);
  const lineKey = `minutes.${classKey}`;
  const lookupKey = minutesLookupKey(cardKey, classKey);
  const eventName = minutesMeterEventName(cardKey, classKey);
  const label = rate.description ?? `${rate.direction === 'inbound' ? 'Inbound calls from' : 'Outbound calls to'} +${rate.prefix}`;
  const written = JSON.stringify(rate.tiers ? { tiers: rate.tiers } : { perMinute: rate.perMinute ?? '0' });
  const productMetadata = { ...ownershipMetadata(owner, cardKey), [LINE_METADATA_KEY]: lineKey };
  const metadata = {
    ...productMetadata,
    ...callMetadata,
    ...(written.length <= METADATA_VALUE_LIMIT ? { [RATE_METADATA_KEY]: written } : {}),
    ...(rate.description !== undefined ? { [DESCRIPTION_METADATA_KEY]: rate.description } : {}),
  };
  return {
    lineKey,
    productName: named(label),
    productMetadata,
    prices: [{ lookupKey, terms: meteredTerms(currency, meteredPriceOf(rate)), meterEventName: eventName, nickname: lookupKey, metadata }],
    meter: { eventName, displayName: `${label} (billable seconds)`, aggregation: 'sum' },
  };
}

function connectLine(cardKey: string, owner: string, currency: string, connectFee: string, callMetadata: BillingMetadata, named: (label: string) => string): PlannedLine {
  const lookupKey = connectLookupKey(cardKey);
  const eventName = connectMeterEventName(cardKey);
  const productMetadata = { ...ownershipMetadata(owner, cardKey), [LINE_METADATA_KEY]: 'connect' };
  return {
    lineKey: 'connect',
    productName: named('Call connection fee'),
    productMetadata,
    prices: [{ lookupKey, terms: meteredTerms(currency, connectFeePriceOf(connectFee)), meterEventName: eventName, nickname: lookupKey, metadata: { ...productMetadata, ...callMetadata } }],
    meter: { eventName, displayName: 'Answered calls (connection fee)', aggregation: 'count' },
  };
}

function meteredTerms(currency: string, spec: MeteredPriceSpec): PriceTerms {
  const recurring = { interval: 'month', usage: 'metered' } as const;
  if (spec.billingScheme === 'tiered') return { currency, recurring, tiers: { mode: spec.tiersMode, steps: spec.tiers } };
  return { currency, recurring, unitAmountDecimal: spec.unitAmountDecimal };
}

function callPricingMetadata(minutes: MinutePricing): BillingMetadata {
  return { [INCREMENT_METADATA_KEY]: `${minutes.increment.initial}/${minutes.increment.subsequent}`, [MINIMUM_METADATA_KEY]: String(minutes.minimumSeconds) };
}

/** How number types read on invoices. */
const NUMBER_TYPE_LABELS: Readonly<Record<NumberPrice['type'], string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll-free' };

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(country: string): string {
  try {
    return REGION_NAMES.of(country) ?? country;
  } catch {
    return country;
  }
}

function amountText(amount: string): string {
  return new Decimal(amount).toFixed();
}

function amountOf(terms: PriceTerms): string {
  if (terms.tiers) return 'tiered';
  return amountText(terms.unitAmountDecimal ?? String(terms.unitAmount ?? 0));
}

function tiersOf(terms: PriceTerms): unknown {
  if (!terms.tiers) return null;
  return { mode: terms.tiers.mode, steps: terms.tiers.steps.map((s) => [s.upTo, amountText(s.unitAmountDecimal), s.flatAmount ?? 0]) };
}
