/**
 * A Stripe list over objects computed in memory rather than stored (an invoice's lines, a meter's event summaries),
 * paged by object id with `limit`, `starting_after` and `ending_before` exactly as stored lists are.
 */
import { listOf, type ListRequest, type StripeList } from './list';
import { resourceMissing } from './stripe-error';

/** The page of `items` (in list order) that `request` asks for; a cursor naming no item is Stripe's resource_missing. */
export function pageOfArray<T extends { id: string }>(items: readonly T[], request: Pick<ListRequest, 'limit' | 'startingAfter' | 'endingBefore'>, url: string, kind: string): StripeList<T> {
  const indexOf = (id: string, param: string) => {
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw resourceMissing(kind, id, param);
    return index;
  };
  if (request.endingBefore !== undefined) {
    const end = indexOf(request.endingBefore, 'ending_before');
    const from = Math.max(0, end - request.limit);
    return listOf(items.slice(from, end), from > 0, url);
  }
  const from = request.startingAfter === undefined ? 0 : indexOf(request.startingAfter, 'starting_after') + 1;
  return listOf(items.slice(from, from + request.limit), from + request.limit < items.length, url);
}
