/**
 * One GraphQL operation per Query and Mutation field, asking for tenant A's objects (test/support/reconciler-api.ts):
 * the tenancy test runs each with another tenant's key, and checks this table covers every field of the schema, so
 * a field added later fails that test until it has its probe here.
 */
import { TENANT_A } from './reconciler-api';

const A = TENANT_A.account;

/** Probes by `Type.field`. */
export const GRAPHQL_TENANCY_PROBES: Readonly<Record<string, string>> = {
  'Query.api_version': '{ api_version }',
  'Query.accounts': '{ accounts { nodes { id numbers { nodes { e164 } } } } }',
  'Query.account': `{ account(id: "${A}") { id name numbers { nodes { e164 } } } }`,
  'Query.numbers': `{ numbers(account_id: "${A}") { nodes { e164 account_id } } }`,
  'Query.calls': `{ calls(account_id: "${A}") { edges { cursor node { call_id account_id duration_seconds } } } }`,
  'Query.call': `{ call(carrier: twilio, call_id: "${TENANT_A.callIds[0]}") { call_id account_id duration_seconds } }`,
  'Query.usage': `{ usage(account_id: "${A}") { account_id calls duration_seconds amount_minor } }`,
  'Query.billing_periods': `{ billing_periods(account_id: "${A}") { nodes { account_id invoice_id total_minor } } }`,
};
