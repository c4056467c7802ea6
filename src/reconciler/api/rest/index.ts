/**
 * The API's routes in one registry: every area's route definitions (plus the credential routes the security layer
 * mounts), mounted on the app and described by the OpenAPI document served at `/openapi.json`.
 */
import type { ReconcilerContext } from '../../context';
import type { ApiApp } from '../env';
import { API_VERSION, graphqlRoutes } from '../graphql';
import { accountRoutes } from './accounts';
import { alertRoutes } from './alerts';
import { callRoutes } from './calls';
import { exportRoutes } from './exports';
import { openApiDocument, type OpenApiDocument } from './openapi';
import { personalDataRoutes } from './personal-data';
import { mountRoutes, type AnyRoute } from './route';
import { usageRoutes } from './usage';
import { webhookRoutes } from './webhooks';

export { API_VERSION };

/** Every route of the API but the credential routes, in the order the document lists them. */
export function apiRoutes(context: ReconcilerContext): AnyRoute[] {
  return [...accountRoutes(context), ...callRoutes(context), ...usageRoutes(context), ...alertRoutes(context), ...exportRoutes(context), ...personalDataRoutes(context), ...graphqlRoutes(context), ...webhookRoutes(context)];
}

/** Mounts the routes and `/openapi.json`; returns the whole registry and its document. */
export function installApiRoutes(app: ApiApp, context: ReconcilerContext, mounted: readonly AnyRoute[]): { routes: AnyRoute[]; document: OpenApiDocument } {
  const own = apiRoutes(context);
  mountRoutes(app, own);
  const routes = [...mounted, ...own];
  const document = openApiDocument(routes, API_VERSION);
  app.get('/openapi.json', (c) => c.json(document));
  return { routes, document };
}
