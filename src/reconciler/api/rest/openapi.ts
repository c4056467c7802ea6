/**
 * The OpenAPI 3.1 document of the REST API, generated from the route registry: every route's path, method,
 * permission, parameters, body and answers come from the same definitions (and zod schemas, through
 * `z.toJSONSchema`) that mount and validate it. Served at `/openapi.json`.
 */
import { z } from 'zod';
import type { Permission } from '../auth/roles';
import { errorBodySchema } from '../queries/common';
import { openApiPath, type AnyRoute } from './route';

/** A JSON Schema object as zod writes it. */
type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI document this API uses. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, unknown>;
}

const PERMISSION_TEXT: Readonly<Record<Permission | 'public', string>> = {
  read: 'any role (read-only, billing, admin)',
  export: 'billing or admin; audited as an export',
  billing: 'billing or admin',
  admin: 'admin',
  operator: 'admin bound to all accounts (the operator)',
  public: 'no credential: the carrier\'s signature is checked instead',
};

/** The document for `routes`. */
export function openApiDocument(routes: readonly AnyRoute[], version: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'didops reconciler API',
      version,
      description: 'Accounts, numbers, call logs with cost, analytics, usage, alerts, invoices and exports. See docs/reconciler.md, "API".',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key (didops_…) or an access token from POST /oauth/token' } },
      schemas: { Error: jsonSchemaOf(errorBodySchema, 'output') },
    },
  };
}

function operationOf(route: AnyRoute): Record<string, unknown> {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const operation: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    description: `Who may call it: ${PERMISSION_TEXT[route.access]}.`,
    'x-didops-permission': route.access,
    ...(route.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: { ...successOf(route), ...errorsOf(route) },
  };
  if (route.body) {
    const schema = jsonSchemaOf(route.body, 'input');
    operation.requestBody = {
      required: true,
      content: { [route.rawBody ?? 'application/json']: { schema, ...(route.example !== undefined ? { example: route.example } : {}) } },
    };
  }
  return operation;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function successOf(route: AnyRoute): Record<string, unknown> {
  const response = route.response;
  if ('schema' in response) return { [response.status]: { description: response.description, content: { 'application/json': { schema: jsonSchemaOf(response.schema, 'output') } } } };
  if ('media' in response) {
    return { [response.status]: { description: response.description, content: Object.fromEntries(response.media.map((m) => [m, { schema: { type: 'string', contentMediaType: m } }])) } };
  }
  return { [response.status]: { description: response.description } };
}

function errorsOf(route: AnyRoute): Record<string, unknown> {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const errors: Record<string, unknown> = { 400: error('the input does not validate; error.field says which') };
  if (route.access === 'public') {
    errors[403] = error('the carrier signature is missing or wrong');
  } else {
    errors[401] = error('no credential, or one that is not valid');
    errors[403] = error('the role does not allow this route');
    errors[429] = error("the credential's rate limit is reached; see Retry-After");
  }
  if (route.params || route.method !== 'GET' || route.query) errors[404] = error('no such object, or another tenant\'s (the same answer)');
  if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH') errors[409] = error('conflicts with the current state');
  return errors;
}

/** A zod schema as JSON Schema (2020-12, the dialect of OpenAPI 3.1) without its `$schema` line. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
