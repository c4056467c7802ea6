/** Call logs over GraphQL (a connection, a cursor per call), through the same query functions as /v1/calls. */
import { callCursor, callFilterSchema, callParamsSchema, getCall, listCalls } from '../queries/calls';
import { connection } from './connection';
import { orNull, readFilterArgs, scopeIn, type GraphqlArea, type GraphqlContext } from './context';

/** The calls area of the schema. */
export const callsArea: GraphqlArea = {
  typeDefs: /* GraphQL */ `
    enum Direction { inbound outbound }
    enum Carrier { twilio telnyx }
    "What a call cost, once rated."
    type CallCost {
      rated_at: DateTime
      rate_class: String
      billable_seconds: Int
      "Exact price in minor units of currency, as decimal text."
      amount_minor: String
      currency: String
      unrated_reason: String
    }
    type CarrierPrice { amount_minor: Int!, currency: String! }
    "One call from a carrier's records."
    type Call {
      carrier: Carrier!
      call_id: ID!
      account_id: ID
      started_at: DateTime!
      direction: Direction!
      from: String!
      to: String!
      number: String
      other_party: String
      duration_seconds: Int!
      status: String!
      caller_country: String
      caller_region: String
      callee_country: String
      callee_region: String
      cost: CallCost!
      carrier_price: CarrierPrice
    }
    type CallEdge { cursor: String!, node: Call! }
    type CallConnection { edges: [CallEdge!]!, nodes: [Call!]!, pageInfo: PageInfo! }

    extend type Query {
      "The call log, newest first."
      calls(
        account_id: ID, number: String, direction: Direction, carrier: Carrier, status: String, rated: Boolean,
        from: DateTime, to: DateTime, first: Int, after: String
      ): CallConnection!
      "A call, or null when there is none the caller may see."
      call(carrier: Carrier!, call_id: ID!): Call
    }
  `,
  resolvers: {
    Query: {
      calls: async (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        const { first, after, ...filters } = args;
        return connection(await listCalls(ctx.services.db, scopeIn(ctx), readFilterArgs(callFilterSchema, { ...filters, limit: first, cursor: after })), callCursor);
      },
      call: (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) =>
        orNull(async () => {
          const { carrier, call_id: callId } = readFilterArgs(callParamsSchema, args);
          return getCall(ctx.services.db, scopeIn(ctx), carrier, callId);
        }),
    },
  },
};
