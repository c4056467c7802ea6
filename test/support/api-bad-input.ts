/**
 * A property test every API route author runs over their routes: whatever a caller sends (odd path parameters, query
 * strings, bodies that are not JSON, JSON of the wrong shape, the wrong content type), the answer is never a 500, and
 * every error answer has the API's one error body.
 *
 *   await expectNoServerErrorForBadInput(app.fetch, [{ method: 'GET', path: '/v1/calls/:id' }], { headers: auth });
 */
import fc from 'fast-check';

/** A route as its author registered it: `:name` marks path parameters. */
export interface RouteUnderTest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** Query or body field names the route reads, so generated input hits real validation and not only unknown keys. */
  readonly fields?: readonly string[];
}

/** Options of {@link expectNoServerErrorForBadInput}. */
export interface BadInputOptions {
  /** Sent with every request (the credential). */
  readonly headers?: Record<string, string>;
  /** Cases per route; default 40. */
  readonly numRuns?: number;
  /** Real values to mix into path parameters by name (`{ id: ['cus_A…'] }`), so existing objects are hit too. */
  readonly pathValues?: Record<string, readonly string[]>;
  /** Checks an error answer's body; default: the API's `{ error: { code, message, field? } }`. */
  readonly isErrorBody?: (body: unknown) => boolean;
  /** Base URL requests are made against; default `http://localhost`. */
  readonly origin?: string;
}

/** True for `{ error: { code: string, message: string, field?: string } }`. */
export function isApiErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, field } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' && (field === undefined || typeof field === 'string');
}

const oddText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '%', '%zz', '..', '../..', '\u0000', 'cus_', 'cus_x', ' ', '9'.repeat(40), 'a'.repeat(300)),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const jsonBody = (fields: readonly string[]) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  ).map((value) => JSON.stringify(value));

const rawBody = fc.oneof(oddText, fc.constantFrom('{', '{"a":', '[1,', '\u0000\u0001', '{"__proto__":{"x":1}}', 'a=1&b=2'));

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined);

/** Sends random bad input to every route and fails on a 500 or an error answer without the error body. */
export async function expectNoServerErrorForBadInput(
  fetch: (request: Request) => Response | Promise<Response>,
  routes: readonly RouteUnderTest[],
  options: BadInputOptions = {},
): Promise<void> {
  const isErrorBody = options.isErrorBody ?? isApiErrorBody;
  for (const route of routes) {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const pathParam = (name: string) => {
      const known = options.pathValues?.[name] ?? [];
      return known.length > 0 ? fc.oneof(fc.constantFrom(...known), oddText) : oddText;
    };
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(route.fields ?? ['limit'])), fc.string({ maxLength: 8 })), oddText), { maxLength: 6 });
    const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
    const body = hasBody ? fc.oneof(jsonBody(route.fields ?? []), rawBody, fc.constant(undefined)) : fc.constant(undefined);
    const params = fc.tuple(...names.map(pathParam)) as fc.Arbitrary<string[]>;
    await fc.assert(
      fc.asyncProperty(params, query, body, contentType, async (values, pairs, text, type) => {
        let path = route.path;
        names.forEach((name, i) => (path = path.replace(`:${name}`, encodeURIComponent(values[i] ?? ''))));
        const search = new URLSearchParams(pairs).toString();
        const headers: Record<string, string> = { ...options.headers };
        if (type !== undefined && hasBody) headers['content-type'] = type;
        const request = new Request(`${options.origin ?? 'http://localhost'}${path}${search ? `?${search}` : ''}`, { method: route.method, headers, body: text });
        const response = await fetch(request);
        const answer = await response.text();
        const where = `${route.method} ${path}?${search} body=${JSON.stringify(text)} → ${response.status} ${answer.slice(0, 300)}`;
        if (response.status >= 500) throw new Error(`server error for bad input: ${where}`);
        if (response.status >= 400 && route.method !== 'HEAD') {
          let parsed: unknown;
          try {
            parsed = JSON.parse(answer);
          } catch {
            throw new Error(`error answer is not JSON: ${where}`);
          }
          if (!isErrorBody(parsed)) throw new Error(`error answer without the error body: ${where}`);
        }
      }),
      { numRuns: options.numRuns ?? 40 },
    );
  }
}
