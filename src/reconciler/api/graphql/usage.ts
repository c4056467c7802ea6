/** Usage summaries and billing periods over GraphQL, through the same query functions as /v1/usage and /v1/billing-periods. */
import { billingPeriodFilterSchema, listBillingPeriods } from '../queries/billing-periods';
import { usageFilterSchema, usageSummaries } from '../queries/usage';
import { connection } from './connection';
import { readFilterArgs, scopeIn, type GraphqlArea, type GraphqlContext } from './context';

/** The usage area of the schema. */
export const usageArea: GraphqlArea = {
  typeDefs: /* GraphQL */ `
    "One account's usage over a window."
    type UsageSummary {
      account_id: ID!
      currency: String!
      from: DateTime!
      to: DateTime!
      calls: Int!
      answered_calls: Int!
      duration_seconds: Int!
      billable_seconds: Int!
      rated_calls: Int!
      unrated_calls: Int!
      "Σ exact amounts of the rated calls, minor units as decimal text."
      amount_minor: String!
      pending_usage_events: Int!
    }
    enum PeriodStatus { open closing closed }
    type BillingPeriod {
      account_id: ID!
      period_start: DateTime!
      period_end: DateTime!
      status: PeriodStatus!
      invoice_id: String
      currency: String
      total_minor: Int
      closed_at: DateTime
    }
    type BillingPeriodConnection { nodes: [BillingPeriod!]!, pageInfo: PageInfo! }

    extend type Query {
      "Usage per account over [from, to) (default: this UTC month)."
      usage(account_id: ID, from: DateTime, to: DateTime): [UsageSummary!]!
      billing_periods(account_id: ID, status: PeriodStatus, first: Int, after: String): BillingPeriodConnection!
    }
  `,
  resolvers: {
    Query: {
      usage: (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => usageSummaries(ctx.services.db, scopeIn(ctx), readFilterArgs(usageFilterSchema, args), ctx.services.now()),
      billing_periods: async (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        const { first, after, ...filters } = args;
        return connection(await listBillingPeriods(ctx.services.db, scopeIn(ctx), readFilterArgs(billingPeriodFilterSchema, { ...filters, limit: first, cursor: after })));
      },
    },
  },
};
