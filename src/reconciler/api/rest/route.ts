/**
 * The REST API's one description of a route: method, path, permission, the zod schemas of its path parameters, query,
 * body and answer, and its handler. `mountRoutes` registers routes from these definitions (permission checked by
 * `allow()`, input read through the same schemas) and `openApiDocument` (openapi.ts) describes them, so what is served
 * and what is documented come from one place and cannot drift.
 */
import type { z } from 'zod';
import type { Permission } from '../auth/roles';
import { allow } from '../auth/middleware';
import type { ApiApp, ApiContext } from '../env';
import { readJsonBody, readPathParams, readQuery } from '../validation';
import type { Wire } from '../queries/common';

export type { Wire };

/** Methods the API's routes use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route needs: a permission (behind a credential), or `public` (webhooks that carry their own signatures). */
export type RouteAccessLevel = Permission | 'public';

/** A JSON answer described by a zod schema of the wire form. */
export interface JsonResponse<R extends z.ZodType> {
  readonly status: 200 | 201 | 202;
  readonly schema: R;
  readonly description: string;
}

/** A download (CSV, XLSX, PDF), streamed by the handler itself. */
export interface FileResponse {
  readonly status: 200;
  /** Media types the route can answer with. */
  readonly media: readonly string[];
  readonly description: string;
}

/** An answer without a body. */
export interface EmptyResponse {
  readonly status: 202 | 204;
  readonly description: string;
}

/** The validated input a handler gets. */
export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's handler answers: the JSON value its schema describes, or a Response it built (downloads, no body). */
export type RouteResult<R> = R extends z.ZodType ? Wire<z.input<R>> | Response : Response;

/** One route. */
export interface RouteDefinition<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  /** Hono path with `:name` parameters, e.g. `/v1/alerts/:id`. */
  readonly path: string;
  /** Unique name of the operation (OpenAPI `operationId`, also the GraphQL resolver's twin). */
  readonly operationId: string;
  /** One line for the document. */
  readonly summary: string;
  /** The resource area it belongs to (one file each): `accounts`, `calls`, `alerts`… */
  readonly tag: string;
  readonly access: RouteAccessLevel;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** A valid body, shown in the document and used by the tenancy test as the request another tenant sends. */
  readonly example?: B extends z.ZodType ? z.input<B> : never;
  /**
   * Set when the handler reads the raw body itself (a carrier webhook checks its signature over the exact bytes; GraphQL
   * hands the request to yoga): the body's media type, for the document. `body` then only describes it.
   */
  readonly rawBody?: string;
  /** The route takes read-only queries by POST (GraphQL): see `allow(…, { queryOverPost })`. */
  readonly queryOverPost?: boolean;
  readonly response: R extends z.ZodType ? JsonResponse<R> : FileResponse | EmptyResponse;
  handle(c: ApiContext, input: RouteInput<OutputOf<P>, OutputOf<Q>, OutputOf<B>>): Promise<RouteResult<R>>;
}

/** A route of any schemas, as lists hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any, any>;

/** Defines a route, inferring the handler's input and answer types from its schemas. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(route: RouteDefinition<P, Q, B, R>): RouteDefinition<P, Q, B, R> {
  return route;
}

/** Registers every route on `app`: permission, then input through its schemas, then the handler. */
export function mountRoutes(app: ApiApp, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    const handler = async (c: ApiContext): Promise<Response> => {
      const input: RouteInput<unknown, unknown, unknown> = {
        params: route.params ? readPathParams(c, route.params) : undefined,
        query: route.query ? readQuery(c, route.query) : undefined,
        body: route.body && !route.rawBody ? await readJsonBody(c, route.body) : undefined,
      };
      const result = await route.handle(c, input);
      if (result instanceof Response) return result;
      return c.json(result as object, (route.response as JsonResponse<z.ZodType>).status);
    };
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    if (route.access === 'public') app[method](route.path, handler);
    else app[method](route.path, allow(route.access, { queryOverPost: route.queryOverPost ?? false }), handler);
  }
}

/** `/v1/alerts/:id` → `/v1/alerts/{id}` (OpenAPI's spelling). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}
