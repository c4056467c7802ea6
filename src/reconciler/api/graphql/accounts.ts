/** Accounts and their numbers over GraphQL, through the same query functions as /v1/accounts and /v1/numbers. */
import { accountListSchema, getAccount, listAccounts, type Account } from '../queries/accounts';
import { listNumbers, numberFilterSchema } from '../queries/numbers';
import { connection } from './connection';
import { orNull, readFilterArgs, scopeIn, type GraphqlArea, type GraphqlContext } from './context';

/** The accounts area of the schema. */
export const accountsArea: GraphqlArea = {
  typeDefs: /* GraphQL */ `
    "A billing account (tenant): a Stripe customer."
    type Account {
      id: ID!
      name: String!
      rate_card_key: String!
      currency: String!
      created_at: DateTime!
      "The account's numbers with their status."
      numbers(status: NumberStatus, first: Int, after: String): NumberConnection!
    }
    type AccountConnection { nodes: [Account!]!, pageInfo: PageInfo! }

    enum NumberStatus { active scheduled ended }
    "A number an account bills with, over a validity period."
    type AccountNumber {
      e164: String!
      account_id: ID!
      carrier: String!
      valid_from: DateTime!
      valid_to: DateTime
      status: NumberStatus!
    }
    type NumberConnection { nodes: [AccountNumber!]!, pageInfo: PageInfo! }

    extend type Query {
      accounts(first: Int, after: String): AccountConnection!
      "An account, or null when there is none the caller may see."
      account(id: ID!): Account
      numbers(account_id: ID, status: NumberStatus, e164: String, first: Int, after: String): NumberConnection!
    }
  `,
  resolvers: {
    Query: {
      accounts: async (_: unknown, args: { first?: number; after?: string }, ctx: GraphqlContext) =>
        connection(await listAccounts(ctx.services.db, scopeIn(ctx), readFilterArgs(accountListSchema, { limit: args.first, cursor: args.after }))),
      account: (_: unknown, args: { id: string }, ctx: GraphqlContext) => orNull(() => getAccount(ctx.services.db, scopeIn(ctx), args.id)),
      numbers: async (_: unknown, args: Record<string, unknown>, ctx: GraphqlContext) => {
        const { first, after, ...filters } = args;
        return connection(await listNumbers(ctx.services.db, scopeIn(ctx), readFilterArgs(numberFilterSchema, { ...filters, limit: first, cursor: after }), ctx.services.now()));
      },
    },
    Account: {
      numbers: async (account: Account, args: { status?: string; first?: number; after?: string }, ctx: GraphqlContext) =>
        connection(
          await listNumbers(ctx.services.db, scopeIn(ctx), readFilterArgs(numberFilterSchema, { account_id: account.id, status: args.status, limit: args.first, cursor: args.after }), ctx.services.now()),
        ),
    },
  },
};
