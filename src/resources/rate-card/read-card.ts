/**
 * What a card is on the billing provider now, as outputs: the active prices of this owner holding the card's lookup
 * keys (with what they charge), its active products and its active meters. A price archived or replaced outside
 * didops drops out of `prices` (or shows other `priceTerms`), which `diff` compares with the card and turns into an
 * update that puts it back.
 */
import type { BillingCatalogue } from '../../billing/catalogue-port';
import { OWNER_METADATA_KEY, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import { LINE_METADATA_KEY, termsText, type CataloguePlan } from './catalogue-plan';
import type { RecordedCatalogue } from './apply-card';
import type { RateCardOutputs } from './model';

/** Reads the card's objects: those the plan names and those last recorded; null when none of them is left active. */
export async function readCard(catalogue: BillingCatalogue, plan: CataloguePlan, recorded: RecordedCatalogue): Promise<RateCardOutputs | null> {
  const lookupKeys = new Set([...plan.lines.flatMap((line) => line.prices.map((p) => p.lookupKey)), ...Object.keys(recorded.prices)]);
  const lineKeys = new Set([...plan.lines.map((line) => line.lineKey), ...Object.keys(recorded.products)]);
  const eventNames = new Set([...plan.lines.flatMap((line) => (line.meter ? [line.meter.eventName] : [])), ...Object.keys(recorded.meters)]);

  const prices: Record<string, string> = {};
  const priceTerms: Record<string, string> = {};
  for (const price of await catalogue.pricesByLookupKey([...lookupKeys])) {
    if (price.lookupKey === null || !price.active || price.metadata[OWNER_METADATA_KEY] !== plan.owner) continue;
    prices[price.lookupKey] = price.id;
    priceTerms[price.lookupKey] = termsText(price.lookupKey, price);
  }
  const products: Record<string, string> = {};
  for (const product of await catalogue.findProducts({ [OWNER_METADATA_KEY]: plan.owner, [RATE_CARD_METADATA_KEY]: plan.cardKey })) {
    const line = product.metadata[LINE_METADATA_KEY];
    if (product.active && line !== undefined && lineKeys.has(line)) products[line] = product.id;
  }
  const meters: Record<string, string> = {};
  if (eventNames.size > 0) {
    for (const meter of await catalogue.listMeters()) {
      if (meter.active && eventNames.has(meter.eventName)) meters[meter.eventName] = meter.id;
    }
  }
  if (Object.keys(prices).length === 0 && Object.keys(products).length === 0) return null;
  return { cardKey: plan.cardKey, owner: plan.owner, currency: plan.currency, products: sorted(products), prices: sorted(prices), meters: sorted(meters), priceTerms: sorted(priceTerms) };
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
