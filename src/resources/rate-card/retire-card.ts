/**
 * Taking a card off the billing provider, which never deletes (Stripe cannot delete a price that was used, and a
 * price's history is the invoices' history): its prices are archived, so no new subscription can use them while the
 * subscriptions on them keep billing; then each product and meter is archived or deactivated once no active price
 * uses it, which keeps what a replacement under the same key (a currency change) has already taken over. Only objects
 * carrying this resource's owner metadata are touched. Every step is safe to repeat.
 */
import type { BillingCatalogue } from '../../billing/catalogue-port';
import { OWNER_METADATA_KEY } from '../../billing/rate-card-keys';
import type { RecordedCatalogue } from './apply-card';

/** Archives the recorded prices and products and deactivates the recorded meters of a card, as the module says. */
export async function retireCard(catalogue: BillingCatalogue, owner: string, recorded: RecordedCatalogue): Promise<void> {
  for (const id of new Set(Object.values(recorded.prices))) await archiveOwnedPrice(catalogue, owner, id);
  for (const id of new Set(Object.values(recorded.products))) await archiveProductIfUnused(catalogue, id);
  for (const id of new Set(Object.values(recorded.meters))) await deactivateMeterIfUnused(catalogue, id);
}

/** Archives a price, if it is this owner's (another resource's price is never touched). */
export async function archiveOwnedPrice(catalogue: BillingCatalogue, owner: string, id: string): Promise<void> {
  const price = await catalogue.getPrice(id);
  if (price && price.active && price.metadata[OWNER_METADATA_KEY] === owner) await catalogue.updatePrice(id, { active: false });
}

/** Archives a product once no active price uses it (a replacement under the same key may still use it). */
export async function archiveProductIfUnused(catalogue: BillingCatalogue, id: string): Promise<void> {
  const product = await catalogue.getProduct(id);
  if (!product || !product.active) return;
  if ((await catalogue.listActivePrices({ productId: id })).length === 0) await catalogue.updateProduct(id, { active: false });
}

/** Deactivates a meter once no active price bills it. */
export async function deactivateMeterIfUnused(catalogue: BillingCatalogue, id: string): Promise<void> {
  if ((await catalogue.listActivePrices({ meterId: id })).length === 0) await catalogue.setMeterActive(id, false);
}
