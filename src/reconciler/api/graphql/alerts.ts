/**
 * Usage alerts over GraphQL: queries, and the mutations createAlert, updateAlert and deleteAlert, through the alerts
 * store and the REST routes' schemas. Mutations need the billing permission and each names the request's audit row.
 */
import { alertInputSchema, alertPatchSchema, createAlert, deleteAlert, getAlert, listAlertFirings, listAlerts, updateAlert, type Page } from '../../alerts';
import { noteAudit } from '../audit';
import { alertListSchema, alertParamsSchema, firingListSchema } from '../queries/alerts';
import { orNull, readFilterArgs, readInput, requirePermission, scopeIn, type GraphqlArea, type GraphqlContext } from './context';

/** The store's page (oldest first, by id) as a connection: the last id is the cursor of the next page. */
function storeConnection<T extends { id: string }>(page: Page<T>) {
  const last = page.data[page.data.length - 1];
  return { nodes: page.data, pageInfo: { hasNextPage: page.has_more, endCursor: page.has_more && last ? last.id : null } };
}

/** The alerts area of the schema. */
export const alertsArea: GraphqlArea = {
  typeDefs: /* GraphQL */ `
    enum AlertMetric { calls minutes spend }
    enum AlertRecurring { daily billing_period }
    enum DeliveryStatus { pending delivered failed }
    "A threshold on an account's (or a number's) usage per window, told to a webhook once per window."
    type Alert {
      id: ID!
      account_id: ID!
      number_e164: String
      metric: AlertMetric!
      threshold: Float!
      recurring: AlertRecurring!
      webhook_url: String!
      description: String
      active: Boolean!
      created_at: DateTime!
      updated_at: DateTime!
      firings(first: Int, after: String): AlertFiringConnection!
    }
    "An alert as created: with the secret its webhooks are signed with, shown this once."
    type AlertWithSecret {
      alert: Alert!
      webhook_secret: String!
    }
    type AlertFiring {
      id: ID!
      alert_id: ID!
      account_id: ID!
      window_start: DateTime!
      window_end: DateTime!
      value: String!
      threshold: Float!
      fired_at: DateTime!
      delivery_status: DeliveryStatus!
      delivery_attempts: Int!
      last_attempt_at: DateTime
      last_response_status: Int
      last_error: String
      delivered_at: DateTime
    }
    type AlertConnection { nodes: [Alert!]!, pageInfo: PageInfo! }
    type AlertFiringConnection { nodes: [AlertFiring!]!, pageInfo: PageInfo! }
    input AlertInput {
      account_id: ID!
      number_e164: String
      metric: AlertMetric!
      threshold: Float!
      recurring: AlertRecurring!
      webhook_url: String!
      description: String
      active: Boolean
    }
    input AlertPatch {
      number_e164: String
      metric: AlertMetric
      threshold: Float
      recurring: AlertRecurring
      webhook_url: String
      description: String
      active: Boolean
    }

    extend type Query {
      alerts(account_id: ID, first: Int, after: String): AlertConnection!
      "An alert, or null when there is none the caller may see."
      alert(id: ID!): Alert
      alert_firings(account_id: ID, alert_id: ID, first: Int, after: String): AlertFiringConnection!
    }
    type Mutation {
      createAlert(input: AlertInput!): AlertWithSecret!
      updateAlert(id: ID!, input: AlertPatch!): Alert!
      "True once deleted (an alert the caller may not see is NOT_FOUND)."
      deleteAlert(id: ID!): Boolean!
    }
  `,
  resolvers: {
    Query: {
      alerts: async (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        const { first, after, ...filters } = args;
        const query = readFilterArgs(alertListSchema, { ...filters, limit: first, starting_after: after });
        if (query.account_id) scopeIn(ctx).requireAccount(query.account_id);
        return storeConnection(await listAlerts(ctx.services.db, scopeIn(ctx), query));
      },
      alert: (_: unknown, args: { id: string }, ctx: GraphqlContext) => orNull(() => getAlert(ctx.services.db, scopeIn(ctx), readFilterArgs(alertParamsSchema, args).id)),
      alert_firings: async (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        const { first, after, ...filters } = args;
        const query = readFilterArgs(firingListSchema, { ...filters, limit: first, starting_after: after });
        if (query.account_id) scopeIn(ctx).requireAccount(query.account_id);
        return storeConnection(await listAlertFirings(ctx.services.db, scopeIn(ctx), query));
      },
    },
    Alert: {
      firings: async (alert: { id: string }, args: { first?: number; after?: string }, ctx: GraphqlContext) =>
        storeConnection(await listAlertFirings(ctx.services.db, scopeIn(ctx), readFilterArgs(firingListSchema, { alert_id: alert.id, limit: args.first, starting_after: args.after }))),
    },
    Mutation: {
      createAlert: async (_: unknown, args: { input: unknown }, ctx: GraphqlContext) => {
        requirePermission(ctx, 'billing', 'createAlert');
        const input = readInput(alertInputSchema, args.input);
        noteAudit(ctx.api, { action: 'alerts.create', target: `account:${input.account_id}`, accountId: input.account_id });
        const { webhook_secret: secret, ...alert } = await createAlert(ctx.services.db, scopeIn(ctx), input, { now: ctx.services.now() });
        noteAudit(ctx.api, { target: `alert:${alert.id}` });
        return { alert, webhook_secret: secret };
      },
      updateAlert: async (_: unknown, args: { id: string; input: unknown }, ctx: GraphqlContext) => {
        requirePermission(ctx, 'billing', 'updateAlert');
        noteAudit(ctx.api, { action: 'alerts.update', target: `alert:${args.id}` });
        const alert = await updateAlert(ctx.services.db, scopeIn(ctx), readFilterArgs(alertParamsSchema, { id: args.id }).id, readInput(alertPatchSchema, args.input), { now: ctx.services.now() });
        noteAudit(ctx.api, { accountId: alert.account_id });
        return alert;
      },
      deleteAlert: async (_: unknown, args: { id: string }, ctx: GraphqlContext) => {
        requirePermission(ctx, 'billing', 'deleteAlert');
        const alert = await getAlert(ctx.services.db, scopeIn(ctx), readFilterArgs(alertParamsSchema, { id: args.id }).id);
        noteAudit(ctx.api, { action: 'alerts.delete', target: `alert:${alert.id}`, accountId: alert.account_id });
        await deleteAlert(ctx.services.db, scopeIn(ctx), alert.id);
        return true;
      },
    },
  },
};
