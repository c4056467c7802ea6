/**
 * Pieces every API query shares: how instants, limits, page cursors and account filters are written in a request,
 * and the wire schemas of lists and errors. REST reads query strings with these schemas and GraphQL reads its
 * arguments with them, so both refuse the same input with the same field paths.
 */
import { z } from 'zod';
import { accountIdSchema } from '../auth/routes';
import type { TenantScope } from '../auth/tenancy';

export { accountIdSchema };

/** An instant in a request: ISO 8601 with a zone (`2025-03-01T00:00:00Z`), read as a Date. */
export const instantSchema = z
  .iso.datetime({ offset: true, message: 'expected an ISO 8601 instant with a zone, e.g. "2025-03-01T00:00:00Z"' })
  .transform((text) => new Date(text));

/** An instant in an answer: ISO 8601 UTC text. */
export const instantText = z.iso.datetime({ offset: true });

/** Items per page: 1–500, default 50. */
export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** A list's answer: a page of items and the cursor of the next page (null on the last). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

/**
 * A value as it goes on the wire: a Date where the schema has an ISO string (JSON.stringify writes it as one), so a
 * handler returns rows as read and the schema still says what a client gets.
 */
export type Wire<T> = T extends string ? T | Date : T extends readonly (infer E)[] ? readonly Wire<E>[] : T extends object ? { readonly [K in keyof T]: Wire<T[K]> } : T;

/** A page of items as query functions return it. */
export interface Page<T> {
  readonly data: readonly T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
}

/**
 * An opaque page cursor: base64url of the last item's sort key, so the next page starts strictly after it and stays
 * stable while rows are added elsewhere. A cursor that does not decode is the request's error, never a 500.
 */
export function cursorSchema<T extends z.ZodType>(key: T) {
  return z.string().max(512).transform((text, ctx): z.output<T> => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const parsed = key.safeParse(decoded);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API gave out; pass next_cursor from the previous page as it was', input: text });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** Encodes a sort key as a cursor ({@link cursorSchema} reads it back). */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The ops stores' spelling of a scope: every account, or exactly these ids. */
export function accountScopeOf(scope: TenantScope): 'all' | readonly string[] {
  return scope.accountIds ?? 'all';
}

/** An account named in a filter must be one the caller may see: the same 404 as a missing account otherwise. */
export function requireFilterAccount(scope: TenantScope, accountId: string | undefined): void {
  if (accountId !== undefined) scope.requireAccount(accountId);
}

/** The API's error body (problem.ts), for documents. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'machine-readable: invalid_request, unauthenticated, forbidden, not_found, conflict, rate_limited, …' }),
    message: z.string().meta({ description: 'one sentence naming the value and the fix' }),
    field: z.string().optional().meta({ description: 'the input it is about: body.…, query.…, path.…, header.…' }),
  }),
});

/** A half-open window [from, to) with both ends optional, checked to be in order. */
export function checkWindow(window: { readonly from?: Date; readonly to?: Date }, ctx: z.RefinementCtx): void {
  if (window.from && window.to && window.to <= window.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from (${window.from.toISOString()})`, input: window.to });
  }
}
