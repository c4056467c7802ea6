/**
 * Telnyx's numbered pages: `page[number]` (from 1) and `page[size]`, answered with `meta {page_number, page_size,
 * total_pages, total_results}`. The official SDK asks for the next page while `page_number < total_pages`, so
 * `total_pages` is never 0 (an empty list is one empty page, as Telnyx answers it).
 */
import type { TelnyxQuery } from './query';

/** Telnyx's default page size. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page Telnyx serves. */
export const MAX_PAGE_SIZE = 250;

/** A validated page request. */
export interface TelnyxPage {
  number: number;
  size: number;
  /** Rows to skip. */
  offset: number;
}

/** Reads `page[number]` and `page[size]`. */
export function readPage(query: TelnyxQuery): TelnyxPage {
  const number = query.integer('page[number]', { min: 1, max: 1_000_000 }) ?? 1;
  const size = query.integer('page[size]', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
  return { number, size, offset: (number - 1) * size };
}

/** The `meta` block of a page of `total` rows. */
export function pageMeta(page: TelnyxPage, total: number): { page_number: number; page_size: number; total_pages: number; total_results: number } {
  return { page_number: page.number, page_size: page.size, total_pages: Math.max(1, Math.ceil(total / page.size)), total_results: total };
}
