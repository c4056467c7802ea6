/**
 * Twilio's two list shapes. Both page by a key (PageToken) rather than an offset, so a page stays stable while
 * numbers are bought and released between requests; `Page` alone (no token) still works as an offset.
 */
import { Params } from './params';
import { invalidParameter } from './twilio-error';

/** Where the next page starts. */
export interface PageRequest {
  pageSize: number;
  page: number;
  /** Key of the last row of the previous page, from PageToken; rows must follow it. */
  afterKey?: string;
  /** Rows to skip when paging by number only. */
  offset: number;
}

/** Reads PageSize/Page/PageToken; PageSize defaults to 50 and is at most 1000, as in the spec. */
export function readPageRequest(params: Params, defaults: { pageSize?: number; maxPageSize?: number } = {}): PageRequest {
  const pageSize = params.integer('PageSize', { min: 1, max: defaults.maxPageSize ?? 1000 }) ?? defaults.pageSize ?? 50;
  const page = params.integer('Page', { min: 0, max: 1_000_000 }) ?? 0;
  const token = params.string('PageToken');
  let afterKey: string | undefined;
  if (token) {
    if (!/^PA[A-Za-z0-9_-]{1,200}$/.test(token)) throw invalidParameter('PageToken', 'is not a token this server issued');
    afterKey = Buffer.from(token.slice(2), 'base64url').toString('utf8');
  }
  return { pageSize, page, afterKey, offset: afterKey ? 0 : page * pageSize };
}

/** The PageToken's key as the row number it must be; a token this list did not issue is a 400, never a silent restart. */
export function numericAfterKey(req: PageRequest): number | undefined {
  if (req.afterKey === undefined) return undefined;
  if (!/^\d{1,15}$/.test(req.afterKey)) throw invalidParameter('PageToken', 'was not issued by this list; follow next_page_uri as given');
  return Number(req.afterKey);
}

/** The opaque token that resumes after `key`. */
export function pageToken(key: string): string {
  return `PA${Buffer.from(key, 'utf8').toString('base64url')}`;
}

/** One fetched page: rows plus the key to continue from when there are more. */
export interface PageResult<T> {
  rows: T[];
  nextKey?: string;
}

/**
 * Turns the `pageSize + 1` rows a query fetched into one page and, when the extra row shows that more follow, the key
 * of the page's last row (fetching one row more is how every list knows whether to offer a next page).
 */
export function splitPage<T>(rows: T[], pageSize: number, keyOf: (row: T) => string | number): PageResult<T> {
  const page = rows.slice(0, pageSize);
  return { rows: page, nextKey: rows.length > pageSize ? String(keyOf(page[page.length - 1])) : undefined };
}

/** One page of a list held in memory (countries, usage periods), continuing after the row whose key is the token. */
export function pageOfArray<T>(all: T[], req: PageRequest, keyOf: (row: T, index: number) => string): PageResult<T> {
  let start = req.offset;
  if (req.afterKey !== undefined) {
    start = all.findIndex((row, i) => keyOf(row, i) === req.afterKey) + 1;
    if (start === 0) throw invalidParameter('PageToken', 'was not issued by this list; follow next_page_uri as given');
  }
  const end = start + req.pageSize;
  return { rows: all.slice(start, end), nextKey: end < all.length ? keyOf(all[end - 1], end - 1) : undefined };
}

function withQuery(path: string, query: URLSearchParams): string {
  const s = query.toString();
  return s ? `${path}?${s}` : path;
}

function pageQuery(filters: URLSearchParams, pageSize: number, page: number, token?: string): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of filters) if (k !== 'PageSize' && k !== 'Page' && k !== 'PageToken') q.append(k, v);
  q.set('PageSize', String(pageSize));
  q.set('Page', String(page));
  if (token) q.set('PageToken', token);
  return q;
}

/** API v2010 list body: the items under `key` plus host-relative page URIs. */
export function v2010Page<T>(
  key: string,
  path: string,
  query: URLSearchParams,
  req: PageRequest,
  result: PageResult<T>,
): Record<string, unknown> {
  const start = req.page * req.pageSize;
  return {
    [key]: result.rows,
    uri: withQuery(path, query),
    first_page_uri: withQuery(path, pageQuery(query, req.pageSize, 0)),
    next_page_uri:
      result.nextKey === undefined ? null : withQuery(path, pageQuery(query, req.pageSize, req.page + 1, pageToken(result.nextKey))),
    previous_page_uri: req.page > 0 ? withQuery(path, pageQuery(query, req.pageSize, req.page - 1)) : null,
    page: req.page,
    page_size: req.pageSize,
    start,
    end: start + Math.max(result.rows.length - 1, 0),
  };
}

/** Newer APIs' list body: the items under `key` plus `meta` with absolute canonical URLs. */
export function metaPage<T>(
  key: string,
  canonicalUrl: string,
  query: URLSearchParams,
  req: PageRequest,
  result: PageResult<T>,
): Record<string, unknown> {
  return {
    [key]: result.rows,
    meta: {
      page: req.page,
      page_size: req.pageSize,
      first_page_url: withQuery(canonicalUrl, pageQuery(query, req.pageSize, 0)),
      previous_page_url: req.page > 0 ? withQuery(canonicalUrl, pageQuery(query, req.pageSize, req.page - 1)) : null,
      url: withQuery(canonicalUrl, pageQuery(query, req.pageSize, req.page)),
      next_page_url:
        result.nextKey === undefined ? null : withQuery(canonicalUrl, pageQuery(query, req.pageSize, req.page + 1, pageToken(result.nextKey))),
      key,
    },
  };
}
