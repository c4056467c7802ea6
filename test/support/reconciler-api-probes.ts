/**
 * One GraphQL operation per Query and Mutation field, asking for tenant A's objects (test/support/reconciler-api.ts):
 * the tenancy test runs each with another tenant's key, and checks this table covers every field of the schema, so
 * a field added later fails that test until it has its probe here.
 */
import { TENANT_A } from './reconciler-api';

const A = TENANT_A.account;

/** Probes by `Type.field`, given the id of one of tenant A's alerts. */
export function graphqlTenancyProbes(alertOfA: string): Readonly<Record<string, string>> {
  return {
  'Query.api_version': '{ api_version }',
  'Query.accounts': '{ accounts { nodes { id numbers { nodes { e164 } } } } }',
  'Query.account': `{ account(id: "${A}") { id name numbers { nodes { e164 } } } }`,
  'Query.numbers': `{ numbers(account_id: "${A}") { nodes { e164 account_id } } }`,
  'Query.calls': `{ calls(account_id: "${A}") { edges { cursor node { call_id account_id duration_seconds } } } }`,
  'Query.call': `{ call(carrier: twilio, call_id: "${TENANT_A.callIds[0]}") { call_id account_id duration_seconds } }`,
  'Query.usage': `{ usage(account_id: "${A}") { account_id calls duration_seconds amount_minor } }`,
  'Query.billing_periods': `{ billing_periods(account_id: "${A}") { nodes { account_id invoice_id total_minor } } }`,
  'Query.alerts': `{ alerts(account_id: "${A}") { nodes { id account_id threshold } } }`,
  'Query.alert': `{ alert(id: "${alertOfA}") { id account_id threshold firings { nodes { id } } } }`,
  'Query.alert_firings': `{ alert_firings(account_id: "${A}") { nodes { id account_id } } }`,
  'Mutation.createAlert': `mutation { createAlert(input: { account_id: "${A}", metric: calls, threshold: 10, recurring: daily, webhook_url: "https://b.example.com" }) { alert { id account_id } webhook_secret } }`,
  'Mutation.updateAlert': `mutation { updateAlert(id: "${alertOfA}", input: { threshold: 1 }) { id account_id threshold } }`,
  'Mutation.deleteAlert': `mutation { deleteAlert(id: "${alertOfA}") }`,
  };
}
