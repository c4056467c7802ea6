/**
 * GraphQL at `/graphql` (graphql-yoga, schema-first): accounts, numbers, calls, usage, billing periods, analytics and
 * alerts, resolved by the same query functions and zod schemas as the REST routes, under the same credential, tenant
 * scope and audit trail. Queries may come by GET or POST (the read-only role may POST queries); mutations need the
 * billing permission and name their audit row. A DidopsError becomes a GraphQL error whose `extensions.code` is the
 * REST error code in upper case (`NOT_FOUND`, `INVALID_REQUEST`, `FORBIDDEN`); anything else is masked and logged.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { z } from 'zod';
import { DidopsError } from '../../../core/errors';
import type { ReconcilerContext } from '../../context';
import type { ApiContext } from '../env';
import { problemOf } from '../problem';
import { defineRoute, type AnyRoute } from '../rest/route';

/** The schema's version (the REST document's `info.version` too). */
export const API_VERSION = '1.0.0';
import { accountsArea } from './accounts';
import { alertsArea } from './alerts';
import { callsArea } from './calls';
import { pageInfoTypeDefs } from './connection';
import type { GraphqlArea, GraphqlContext } from './context';
import { usageArea } from './usage';

/** Every area of the schema. */
export const GRAPHQL_AREAS: readonly GraphqlArea[] = [accountsArea, callsArea, usageArea, alertsArea];

const baseTypeDefs = /* GraphQL */ `
  "An instant, ISO 8601 in UTC (2025-03-01T00:00:00.000Z)."
  scalar DateTime
  type Query {
    "The version of this API."
    api_version: String!
  }
  ${pageInfoTypeDefs}
`;

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO 8601 instant',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  // Instants stay text here: the REST schemas that read the arguments check and convert them, with field paths.
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('a DateTime is an ISO 8601 string, e.g. "2025-03-01T00:00:00Z"');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('a DateTime is an ISO 8601 string, e.g. "2025-03-01T00:00:00Z"');
    return ast.value;
  },
});

/** The executable schema. */
export function buildGraphqlSchema() {
  return createSchema<GraphqlContext>({
    typeDefs: [baseTypeDefs, ...GRAPHQL_AREAS.map((a) => a.typeDefs)],
    resolvers: [{ DateTime, Query: { api_version: () => API_VERSION } }, ...GRAPHQL_AREAS.map((a) => a.resolvers)],
  });
}

const requestSchema = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).nullable().optional(), operationName: z.string().nullable().optional() });
const answerSchema = z.object({ data: z.record(z.string(), z.unknown()).nullable().optional(), errors: z.array(z.object({ message: z.string() }).loose()).optional() });

/** The /graphql routes (GET and POST), for the registry: mounted behind the same credential and permission checks. */
export function graphqlRoutes(context: Pick<ReconcilerContext, 'db' | 'now' | 'config' | 'logger'>): AnyRoute[] {
  const yoga = createYoga<GraphqlContext>({
    schema: buildGraphqlSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DidopsError && original.kind !== 'internal') {
          const { body } = problemOf(original);
          return new GraphQLError(body.error.message, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: body.error.code.toUpperCase(), ...(body.error.field ? { field: body.error.field } : {}) },
          });
        }
        if (original instanceof GraphQLError || !original) return error as Error;
        context.logger.error({ err: original }, 'a GraphQL resolver failed');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL' } });
      },
    },
  });
  const services = { db: context.db, now: context.now, config: context.config, logger: context.logger };
  // yoga answers with its fetch ponyfill's Response; hand hono a native one (GraphQL answers are small JSON documents).
  const handle = async (c: ApiContext): Promise<Response> => {
    const answer = await yoga.fetch(c.req.raw, { api: c, services });
    return new Response(await answer.text(), { status: answer.status, headers: answer.headers });
  };
  const common = { path: '/graphql', tag: 'graphql', access: 'read', queryOverPost: true } as const;
  const answer = { status: 200, schema: answerSchema, description: 'the GraphQL answer (errors carry extensions.code)' } as const;
  return [
    defineRoute({
      ...common,
      method: 'POST',
      operationId: 'graphqlPost',
      summary: 'GraphQL query or mutation (mutations need the billing role)',
      body: requestSchema,
      rawBody: 'application/json',
      response: answer,
      handle,
    }),
    defineRoute({
      ...common,
      method: 'GET',
      operationId: 'graphqlGet',
      summary: 'GraphQL query by GET (?query=…&variables=…)',
      query: z.object({ query: z.string().optional(), variables: z.string().optional(), operationName: z.string().optional() }),
      response: answer,
      handle,
    }),
  ];
}
