/**
 * Stripe's list objects: `{object: "list", data, has_more, url}`, newest first, paged with `limit` (1–100, default
 * 10), `starting_after` (older than that object) or `ending_before` (newer than it), and filtered by
 * `created` (an exact time or `created[gt|gte|lt|lte]`) plus each resource's own filters.
 */
import type { CreatedRange, ObjectFilter, StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { StripeParams } from './params';
import { invalidParam, resourceMissing } from './stripe-error';

/** A Stripe list object. */
export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** The paging and `created` parameters of a list request. */
export interface ListRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: CreatedRange;
}

/** The parameters every list takes. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created'] as const;

/** Reads `created` as an exact time or a range. */
export function readCreatedRange(params: StripeParams, key = 'created'): CreatedRange | undefined {
  if (!params.has(key)) return undefined;
  if (typeof params.raw(key) === 'string') {
    const exact = params.timestamp(key)!;
    return { gte: exact, lte: exact };
  }
  const range = params.object(key, { allowed: ['gt', 'gte', 'lt', 'lte'] })!;
  return { gt: range.timestamp('gt'), gte: range.timestamp('gte'), lt: range.timestamp('lt'), lte: range.timestamp('lte') };
}

/** Reads the paging parameters, refusing any parameter not in {@link LIST_PARAMS} or `filters`. */
export function readListRequest(params: StripeParams, filters: readonly string[] = []): ListRequest {
  params.allowOnly([...LIST_PARAMS, ...filters]);
  const startingAfter = params.string('starting_after', { maxLength: 255 });
  const endingBefore = params.string('ending_before', { maxLength: 255 });
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidParam('ending_before', 'You may only specify one of these parameters: ending_before, starting_after.');
  }
  return { limit: params.integer('limit', { min: 1, max: 100 }) ?? 10, startingAfter, endingBefore, created: readCreatedRange(params) };
}

/** A list object around a page. */
export function listOf<T>(data: T[], hasMore: boolean, url: string): StripeList<T> {
  return { object: 'list', data, has_more: hasMore, url };
}

/**
 * One page of stored objects as a list object. A cursor naming no object is Stripe's 400 `resource_missing` on
 * that parameter; `kind` names the objects in that message (`customer`).
 */
export function listObjects<T extends StripeObject>(
  store: StripeObjectsRepository,
  filter: ObjectFilter<T>,
  request: ListRequest,
  url: string,
  kind = filter.type,
): StripeList<T> {
  const cursor = (param: 'starting_after' | 'ending_before', id: string | undefined): number | undefined => {
    if (id === undefined) return undefined;
    const seq = store.seqOf(id);
    if (seq === undefined) throw resourceMissing(kind, id, param);
    return seq;
  };
  const page = store.page<T>(
    { ...filter, created: request.created ?? filter.created },
    { limit: request.limit, afterSeq: cursor('starting_after', request.startingAfter), beforeSeq: cursor('ending_before', request.endingBefore) },
  );
  return listOf(page.data, page.hasMore, url);
}
