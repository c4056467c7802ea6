/**
 * Stripe's search endpoints (`GET /v1/customers/search?query=…`): the query (search-query.ts) over one type's stored
 * objects, newest first, answered as `{object: "search_result", data, has_more, next_page, url}` and paged with
 * `page` (the previous answer's `next_page`, an opaque cursor) and `limit` (1–100, default 10).
 */
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { StripeParams } from './params';
import { compileSearch, parseSearchQuery, type SearchFields } from './search-query';
import { invalidParam } from './stripe-error';

/** A Stripe search result object. */
export interface StripeSearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

function readPage(params: StripeParams): number | undefined {
  const page = params.string('page', { maxLength: 200 });
  if (page === undefined) return undefined;
  const seq = /^sp_(\d{1,15})$/.exec(page);
  if (!seq) throw invalidParam('page', `Invalid page: "${page.slice(0, 40)}" is not a next_page value this search returned`);
  return Number(seq[1]);
}

/** Answers a search request over stored objects of `type` searchable by `fields`. */
export function searchObjects<T extends StripeObject>(
  store: StripeObjectsRepository,
  type: string,
  params: StripeParams,
  fields: SearchFields<T>,
  url: string,
): StripeSearchResult<T> {
  params.allowOnly(['query', 'limit', 'page']);
  const matches = compileSearch(parseSearchQuery(params.requiredString('query', { maxLength: 10_000 })), fields);
  const limit = params.integer('limit', { min: 1, max: 100 }) ?? 10;
  const afterSeq = readPage(params);
  const data: T[] = [];
  let hasMore = false;
  for (const object of store.scan<T>({ type, where: matches }, { afterSeq })) {
    if (data.length === limit) {
      hasMore = true;
      break;
    }
    data.push(object);
  }
  const last = data[data.length - 1];
  const next = hasMore && last ? `sp_${store.seqOf(last.id)}` : null;
  return { object: 'search_result', data, has_more: hasMore, next_page: next, url };
}
