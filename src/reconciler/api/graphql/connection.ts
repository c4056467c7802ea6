/** Lists over GraphQL: the REST page (`data`, `has_more`, `next_cursor`) as a connection with `nodes` and `pageInfo`. */
import type { Page } from '../queries/common';

/** The SDL every connection shares. */
export const pageInfoTypeDefs = /* GraphQL */ `
  "Where a page ends: pass endCursor as after to get the next one."
  type PageInfo { hasNextPage: Boolean!, endCursor: String }
`;

/** A page as a connection; `edges` with a cursor per node when the node's cursor is known (`cursorOf`). */
export function connection<T>(page: Page<T>, cursorOf?: (node: T) => string) {
  return {
    nodes: page.data,
    ...(cursorOf ? { edges: page.data.map((node) => ({ cursor: cursorOf(node), node })) } : {}),
    pageInfo: { hasNextPage: page.has_more, endCursor: page.next_cursor },
  };
}
