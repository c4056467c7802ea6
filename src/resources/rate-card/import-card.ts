/**
 * Importing a rate card by its key: the active prices whose metadata names the card are read back into the card that
 * made them. Numbers come from the monthly and setup prices; a rate from the per-minute text kept in its price's
 * metadata (or, where that did not fit, from the per-second amounts times 60); the increment and the minimum from
 * the metadata of the minutes prices. The result goes through `checkRateCard`, like any card a user writes.
 */
import Decimal from 'decimal.js';
import type { BillingCatalogue, CataloguePrice } from '../../billing/catalogue-port';
import { OWNER_METADATA_KEY, RATE_CARD_METADATA_KEY, parseLookupKey } from '../../billing/rate-card-keys';
import { checkRateCard } from '../../billing/rating/check-rate-card';
import type { RateCard } from '../../billing/rating/rate-card';
import { formatDiagnostic } from '../../core/diagnostics';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { inOrder, DESCRIPTION_METADATA_KEY, INCREMENT_METADATA_KEY, MINIMUM_METADATA_KEY, RATE_METADATA_KEY } from './catalogue-plan';

/** A card found on the provider: the card, and the owner its objects carry. */
export interface FoundCard {
  readonly card: RateCard;
  readonly owner: string;
}

/** Reads the card with this key back from its active prices; throws NotFoundError when it has none. */
export async function findCard(catalogue: BillingCatalogue, cardKey: string): Promise<FoundCard> {
  const prices = (await catalogue.findPrices({ [RATE_CARD_METADATA_KEY]: cardKey })).filter((p) => p.active && p.lookupKey !== null && parseLookupKey(p.lookupKey)?.cardKey === cardKey);
  if (prices.length === 0) {
    throw new NotFoundError({ field: 'id', summary: `no active prices of rate card "${cardKey}"`, detail: 'import by the card key: the `<key>` in lookup keys didops.<key>.…' });
  }
  const owners = [...new Set(prices.map((p) => p.metadata[OWNER_METADATA_KEY] ?? ''))];
  if (owners.length > 1) {
    throw new ConflictError({ field: 'id', summary: `the prices of rate card "${cardKey}" belong to ${owners.length} owners (${owners.join(', ')})`, detail: 'archive the prices of the owner you do not want, then import again' });
  }
  const raw = rawCardOf(prices);
  const checked = checkRateCard(raw);
  if (!checked.card) {
    throw ValidationError.fromDiagnostics(checked.failures.map((d) => ({ ...d, summary: `the imported card: ${formatDiagnostic(d)}`, field: 'id' })));
  }
  return { card: inOrder(checked.card), owner: owners[0] };
}

/** The card as written, from its prices. */
function rawCardOf(prices: readonly CataloguePrice[]): Record<string, unknown> {
  const numbers = new Map<string, { country: string; type: string; setupFee?: number; monthlyPrice?: number }>();
  const rates: Record<string, unknown>[] = [];
  let connectFee: string | undefined;
  let callPricing: CataloguePrice | undefined;
  for (const price of prices) {
    const key = parseLookupKey(price.lookupKey ?? '');
    if (!key) continue;
    if (key.kind === 'numberMonthly' || key.kind === 'numberSetup') {
      const entry = numbers.get(`${key.country}.${key.type}`) ?? { country: key.country, type: key.type };
      if (key.kind === 'numberMonthly') entry.monthlyPrice = price.unitAmount ?? 0;
      else entry.setupFee = price.unitAmount ?? 0;
      numbers.set(`${key.country}.${key.type}`, entry);
    } else if (key.kind === 'connect') {
      connectFee = price.unitAmountDecimal ?? String(price.unitAmount ?? 0);
      callPricing ??= price;
    } else if (key.kind === 'minutes') {
      const rate = rateOf(key.classKey, price);
      if (rate) rates.push(rate);
      callPricing ??= price;
    }
  }
  const card: Record<string, unknown> = {
    currency: prices[0].currency,
    numbers: [...numbers.values()].map((n) => ({ ...n, setupFee: n.setupFee ?? 0, monthlyPrice: n.monthlyPrice ?? 0 })),
  };
  if (rates.length > 0 || connectFee !== undefined) {
    const minimum = callPricing?.metadata[MINIMUM_METADATA_KEY];
    card.minutes = {
      ...(callPricing?.metadata[INCREMENT_METADATA_KEY] ? { increment: callPricing.metadata[INCREMENT_METADATA_KEY] } : {}),
      ...(minimum !== undefined && /^\d+$/.test(minimum) ? { minimumSeconds: Number(minimum) } : {}),
      ...(connectFee !== undefined ? { connectFee } : {}),
      rates,
    };
  }
  return card;
}

/** A rate from its class key (`out-44`) and price: as written when the metadata kept it, else per second × 60. */
function rateOf(classKey: string, price: CataloguePrice): Record<string, unknown> | undefined {
  const match = /^(in|out)-(\d+)$/.exec(classKey);
  if (!match) return undefined;
  const base = {
    direction: match[1] === 'in' ? 'inbound' : 'outbound',
    prefix: match[2],
    ...(price.metadata[DESCRIPTION_METADATA_KEY] ? { description: price.metadata[DESCRIPTION_METADATA_KEY] } : {}),
  };
  const written = price.metadata[RATE_METADATA_KEY];
  if (written) {
    try {
      return { ...base, ...(JSON.parse(written) as Record<string, unknown>) };
    } catch {
      // Metadata edited by hand: fall back to the price's own amounts.
    }
  }
  const perMinute = (perSecond: string) => new Decimal(perSecond).times(60).toFixed();
  if (price.tiers) {
    return {
      ...base,
      tiers: {
        mode: price.tiers.mode,
        steps: price.tiers.steps.map((s) => ({ upTo: s.upTo === 'inf' ? 'inf' : s.upTo / 60, perMinute: perMinute(s.unitAmountDecimal), ...(s.flatAmount ? { flatFee: s.flatAmount } : {}) })),
      },
    };
  }
  return { ...base, perMinute: perMinute(price.unitAmountDecimal ?? String(price.unitAmount ?? 0)) };
}
