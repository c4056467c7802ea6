/**
 * Brings the billing provider to what a card plan says, for both create and update: meters, then products, then
 * prices, then what the card no longer has. Every step finds before it creates (meters by event name, products by
 * metadata, prices by lookup key) and every create carries a derived idempotency key, so running it again after a
 * crash, at any point, creates nothing twice and finishes what the first run left.
 *
 * A price whose terms changed is never edited (Stripe cannot): a new price takes over the lookup key, every
 * subscription item on the old price moves to it (from the next period, or now with prorations), and only then is
 * the old price archived. A price recorded by an earlier apply that no longer holds its key (a run that died between
 * those steps) is moved from and archived the same way.
 */
import type { BillingCatalogue, CatalogueMeter, CataloguePrice, CatalogueProduct, PriceMigrationTiming } from '../../billing/catalogue-port';
import { OWNER_METADATA_KEY, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import { ConflictError } from '../../core/errors';
import { idempotencyKey } from '../../core/idempotency';
import { archiveOwnedPrice, archiveProductIfUnused, deactivateMeterIfUnused } from './retire-card';
import { LINE_METADATA_KEY, plannedPrices, sameTerms, termsText, type CataloguePlan, type PlannedLine, type PlannedPrice } from './catalogue-plan';
import type { RateCardOutputs } from './model';

/** What the catalogue objects of a card were, as the last apply recorded them. */
export type RecordedCatalogue = Pick<RateCardOutputs, 'products' | 'prices' | 'meters'>;

/** One apply: the provider, the plan, how subscriptions move, and the last record (none on a first create). */
export interface CardApply {
  readonly catalogue: BillingCatalogue;
  readonly plan: CataloguePlan;
  readonly migration: PriceMigrationTiming;
  readonly recorded?: RecordedCatalogue;
}

/** Applies the plan and returns the outputs that describe what now exists. */
export async function applyCard(apply: CardApply): Promise<RateCardOutputs> {
  const { catalogue, plan } = apply;
  const key = (operation: string, inputs: unknown) => ({ idempotencyKey: idempotencyKey({ resource: plan.owner, operation, inputs }) });

  const meters = await ensureMeters(catalogue, plan, key);
  const products = await ensureProducts(catalogue, plan, key);

  const planned = plannedPrices(plan);
  const recordedPrices = apply.recorded?.prices ?? {};
  const holding = new Map((await catalogue.pricesByLookupKey([...planned.keys()])).filter((p) => p.lookupKey !== null).map((p) => [p.lookupKey as string, p]));
  const prices: Record<string, string> = {};
  const priceTerms: Record<string, string> = {};
  for (const [lookupKey, { line, price }] of planned) {
    const productId = products[line.lineKey];
    const meterId = price.meterEventName ? meters[price.meterEventName] : undefined;
    const current = holding.get(lookupKey);
    const kept = await ensurePrice(apply, key, price, productId, meterId, current);
    for (const earlier of new Set([current?.id, recordedPrices[lookupKey]])) {
      if (earlier !== undefined && earlier !== kept.id) await retirePrice(apply, key, earlier, kept);
    }
    prices[lookupKey] = kept.id;
    priceTerms[lookupKey] = termsText(lookupKey, kept);
  }

  // What the card no longer has: its prices archived (their subscriptions keep them), then products and meters.
  for (const [lookupKey, id] of Object.entries(recordedPrices)) {
    if (!planned.has(lookupKey)) await archiveOwnedPrice(catalogue, plan.owner, id);
  }
  for (const [lineKey, id] of Object.entries(apply.recorded?.products ?? {})) {
    if (products[lineKey] !== id) await archiveProductIfUnused(catalogue, id);
  }
  for (const [eventName, id] of Object.entries(apply.recorded?.meters ?? {})) {
    if (meters[eventName] !== id) await deactivateMeterIfUnused(catalogue, id);
  }
  return { cardKey: plan.cardKey, owner: plan.owner, currency: plan.currency, products, prices, meters, priceTerms };
}

type KeyOf = (operation: string, inputs: unknown) => { idempotencyKey: string };

/** Meter id per event name, every planned meter active under its display name. */
async function ensureMeters(catalogue: BillingCatalogue, plan: CataloguePlan, key: KeyOf): Promise<Record<string, string>> {
  const wanted = plan.lines.flatMap((line) => (line.meter ? [line.meter] : []));
  if (wanted.length === 0) return {};
  const existing = new Map<string, CatalogueMeter>();
  for (const meter of await catalogue.listMeters()) {
    // An active meter wins over an inactive one of the same name (Stripe keeps deactivated meters).
    if (!existing.has(meter.eventName) || meter.active) existing.set(meter.eventName, meter);
  }
  const ids: Record<string, string> = {};
  for (const spec of wanted) {
    let meter = existing.get(spec.eventName);
    if (meter && meter.aggregation !== spec.aggregation) {
      throw new ConflictError({
        summary: `meter ${spec.eventName} exists with ${meter.aggregation} aggregation, where this card needs ${spec.aggregation}`,
        detail: 'it was made outside didops; deactivate it or give the card another `key`',
        field: 'key',
      });
    }
    if (!meter) meter = await catalogue.createMeter(spec, key('meter', { eventName: spec.eventName }));
    if (!meter.active) meter = await catalogue.setMeterActive(meter.id, true);
    if (meter.displayName !== spec.displayName) meter = await catalogue.renameMeter(meter.id, spec.displayName);
    ids[spec.eventName] = meter.id;
  }
  return ids;
}

/** Product id per line key, every planned product active under its name. */
async function ensureProducts(catalogue: BillingCatalogue, plan: CataloguePlan, key: KeyOf): Promise<Record<string, string>> {
  const found = await catalogue.findProducts({ [OWNER_METADATA_KEY]: plan.owner, [RATE_CARD_METADATA_KEY]: plan.cardKey });
  const byLine = new Map<string, CatalogueProduct>();
  for (const product of found) {
    const line = product.metadata[LINE_METADATA_KEY];
    if (line !== undefined && (!byLine.has(line) || product.active)) byLine.set(line, product);
  }
  const ids: Record<string, string> = {};
  for (const line of plan.lines) ids[line.lineKey] = await ensureProduct(catalogue, line, byLine.get(line.lineKey), key);
  return ids;
}

async function ensureProduct(catalogue: BillingCatalogue, line: PlannedLine, found: CatalogueProduct | undefined, key: KeyOf): Promise<string> {
  // Search is eventually consistent on Stripe: a product made in the last moments is found by the create's key instead.
  let product = found ?? (await catalogue.createProduct({ name: line.productName, metadata: line.productMetadata }, key('product', { line: line.lineKey, name: line.productName })));
  if (!product.active || product.name !== line.productName) product = await catalogue.updateProduct(product.id, { active: true, name: line.productName });
  return product.id;
}

/** The price that holds the lookup key after this apply: the current one when its terms stand, else a new one. */
async function ensurePrice(apply: CardApply, key: KeyOf, planned: PlannedPrice, productId: string, meterId: string | undefined, current: CataloguePrice | undefined): Promise<CataloguePrice> {
  const { catalogue, plan } = apply;
  if (current && current.metadata[OWNER_METADATA_KEY] !== plan.owner) {
    throw new ConflictError({
      summary: `lookup key ${planned.lookupKey} is held by price ${current.id} of ${current.metadata[OWNER_METADATA_KEY] ?? 'something made outside didops'}`,
      detail: 'two rate cards in one Stripe account need different keys; give this card another `key` (or import the other one)',
      field: 'key',
    });
  }
  const terms = planned.meterEventName ? { ...planned.terms, recurring: { ...planned.terms.recurring!, meterId } } : planned.terms;
  if (current && current.productId === productId && sameTerms(current, terms)) {
    const stale = !current.active || Object.entries(planned.metadata).some(([k, v]) => current.metadata[k] !== v);
    return stale ? catalogue.updatePrice(current.id, { active: true, metadata: planned.metadata }) : current;
  }
  // The price now holding the key is part of the key: after A → B → A again, the second A is a new price, not a replay of the first.
  return catalogue.createPrice(
    { ...terms, lookupKey: planned.lookupKey, productId, nickname: planned.nickname, metadata: planned.metadata },
    { ...key('price', { lookupKey: planned.lookupKey, terms, productId, replacing: current?.id ?? null }), transferLookupKey: current !== undefined },
  );
}

/** Moves the subscriptions on an earlier price of this key to the kept one, then archives the earlier price. */
async function retirePrice(apply: CardApply, key: KeyOf, earlierId: string, kept: CataloguePrice): Promise<void> {
  const { catalogue, plan } = apply;
  const earlier = await catalogue.getPrice(earlierId);
  if (!earlier || earlier.metadata[OWNER_METADATA_KEY] !== plan.owner) return;
  // A subscription cannot change currency or switch between one-time and recurring: those items keep the old price.
  const movable = earlier.currency === kept.currency && (earlier.recurring?.usage ?? 'once') === (kept.recurring?.usage ?? 'once');
  if (movable && earlier.recurring) await catalogue.movePriceUsers(earlier.id, kept.id, apply.migration, key('move', { from: earlier.id, to: kept.id }));
  if (earlier.active) await catalogue.updatePrice(earlier.id, { active: false });
}
