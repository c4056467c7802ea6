/**
 * Small pieces every Stripe part of the billing port uses: the search query that finds objects by metadata, whether
 * an answer was an idempotent replay, and reading every page of a list (a subscription's items among them).
 */
import type Stripe from 'stripe';
import type { BillingMetadata } from '../catalogue-port';
import type { StripeClient } from './client';
import { isStripeMissing } from './errors';

/**
 * Stripe's search query for objects whose metadata holds every pair: `metadata['k']:'v' AND …`. Values are quoted
 * with Stripe's escapes, so a key or value cannot change the query.
 */
export function metadataQuery(metadata: BillingMetadata, extra: readonly string[] = []): string {
  const clauses = Object.entries(metadata).map(([key, value]) => `metadata[${quote(key)}]:${quote(value)}`);
  return [...clauses, ...extra].join(' AND ');
}

/** True when every pair of `wanted` is in `metadata`. */
export function holdsMetadata(metadata: BillingMetadata | null | undefined, wanted: BillingMetadata): boolean {
  return Object.entries(wanted).every(([key, value]) => metadata?.[key] === value);
}

/** The answer's headers, as the SDK attaches them to a response. */
interface AnsweredResponse {
  readonly lastResponse?: { readonly headers?: Readonly<Record<string, string>> };
}

/**
 * True when Stripe answered a create from its idempotency store (`Idempotent-Replayed: true`): the object is as it
 * was when first created, and may have changed since (archived, say), so the caller reads it again.
 */
export function wasReplayed(response: AnsweredResponse): boolean {
  return response.lastResponse?.headers?.['idempotent-replayed'] === 'true';
}

/** Every item of an auto-paging Stripe list or search. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every item of a subscription: the list embedded in it holds the first page only. */
export async function subscriptionItemsOf(stripe: StripeClient, subscription: Stripe.Subscription): Promise<Stripe.SubscriptionItem[]> {
  if (!subscription.items.has_more) return subscription.items.data;
  return collect(stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100 }));
}

/** Splits a list into chunks of `size` (Stripe filters take at most 10 lookup keys, say). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** What `read` answers, or undefined when Stripe says the object does not exist (or was deleted). */
export async function unlessMissing<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isStripeMissing(err)) return undefined;
    throw err;
  }
}
