/**
 * Reading a request's input through zod: the body (JSON only), the query string and the path parameters. Every
 * failure is a ValidationError whose field path says where the value came from (`body.accounts[1]`, `query.limit`),
 * which the error handler answers as a 400: bad input never reaches a handler as something it could crash on.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { invalidInput } from './problem';

/** The request body as `schema` reads it; refuses other media types (415) and broken JSON (400). */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ValidationError({
      summary: `content type ${JSON.stringify(type)} is not accepted`,
      detail: 'send the body as JSON with "Content-Type: application/json"',
      field: 'header.content-type',
      status: 415,
      code: 'unsupported_media_type',
    });
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw new ValidationError({ summary: `the body is not valid JSON (${(err as Error).message})`, detail: 'send one JSON object', field: 'body' });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, 'body');
  return parsed.data;
}

/** The query string as `schema` reads it: one string per name (the last when repeated), so schemas coerce numbers. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalidInput(parsed.error, 'query');
  return parsed.data;
}

/** The route's path parameters as `schema` reads them (`/v1/calls/:id` → `{ id }`). */
export function readPathParams<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw invalidInput(parsed.error, 'path');
  return parsed.data;
}
