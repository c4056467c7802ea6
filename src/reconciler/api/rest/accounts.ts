/**
 * Accounts and the numbers they bill with: registering an account and replacing its numbers change who is billed for
 * what, so they need the operator (an admin bound to all accounts) and are audited; reads are anyone's, in scope.
 */
import { z } from 'zod';
import type { ReconcilerContext } from '../../context';
import { noteAudit } from '../audit';
import { scopeOf } from '../auth/middleware';
import {
  accountInputSchema,
  accountListSchema,
  accountSchema,
  getAccount,
  listAccounts,
  registerAccount,
} from '../queries/accounts';
import { accountIdSchema, pageSchema } from '../queries/common';
import {
  accountNumberFilterSchema,
  accountNumberSchema,
  accountNumbersInputSchema,
  listAccountNumbers,
  listNumbers,
  numberFilterSchema,
  setAccountNumbers,
} from '../queries/numbers';
import { defineRoute, type AnyRoute } from './route';

const accountParams = z.strictObject({ account: accountIdSchema });

/** The accounts area's routes. */
export function accountRoutes({ db, now }: Pick<ReconcilerContext, 'db' | 'now'>): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/accounts',
      operationId: 'registerAccount',
      summary: 'Register an account (a Stripe customer) with its rate card and currency',
      tag: 'accounts',
      access: 'operator',
      body: accountInputSchema,
      example: { id: 'cus_NffrFeUfNV2Hib', name: 'Acme Ltd', rate_card_key: 'standard', currency: 'USD' },
      response: { status: 201, schema: accountSchema, description: 'the account' },
      async handle(c, { body }) {
        noteAudit(c, { action: 'accounts.create', target: `account:${body.id}`, accountId: body.id });
        return registerAccount(db, body, now());
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/accounts',
      operationId: 'listAccounts',
      summary: "The caller's accounts",
      tag: 'accounts',
      access: 'read',
      query: accountListSchema,
      response: { status: 200, schema: pageSchema(accountSchema), description: 'a page of accounts, by id' },
      handle: async (c, { query }) => listAccounts(db, scopeOf(c), query),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/accounts/:account',
      operationId: 'getAccount',
      summary: 'One account',
      tag: 'accounts',
      access: 'read',
      params: accountParams,
      response: { status: 200, schema: accountSchema, description: 'the account' },
      handle: async (c, { params }) => getAccount(db, scopeOf(c), params.account),
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/accounts/:account/numbers',
      operationId: 'setAccountNumbers',
      summary: "Replace the account's numbers and their validity periods (how calls are attributed)",
      tag: 'accounts',
      access: 'operator',
      params: accountParams,
      body: accountNumbersInputSchema,
      example: { numbers: [{ e164: '+14155550100', carrier: 'twilio', valid_from: '2025-01-01T00:00:00Z' }] },
      response: {
        status: 200,
        schema: z.strictObject({ data: z.array(accountNumberSchema), reattributed_calls: z.number().int() }),
        description: "the account's numbers now, and how many calls not rated yet changed account",
      },
      async handle(c, { params, body }) {
        noteAudit(c, { action: 'account_numbers.replace', target: `account:${params.account}`, accountId: params.account });
        const result = await setAccountNumbers(db, scopeOf(c), params.account, body.numbers, now());
        return { data: result.numbers, reattributed_calls: result.reattributed };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/accounts/:account/numbers',
      operationId: 'listAccountNumbers',
      summary: "The account's numbers with their status (active, scheduled, ended)",
      tag: 'accounts',
      access: 'read',
      params: accountParams,
      query: accountNumberFilterSchema,
      response: { status: 200, schema: pageSchema(accountNumberSchema), description: 'a page of numbers' },
      handle: async (c, { params, query }) => listAccountNumbers(db, scopeOf(c), params.account, query, now()),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/numbers',
      operationId: 'listNumbers',
      summary: "Numbers of the caller's accounts with their status",
      tag: 'accounts',
      access: 'read',
      query: numberFilterSchema,
      response: { status: 200, schema: pageSchema(accountNumberSchema), description: 'a page of numbers' },
      handle: async (c, { query }) => listNumbers(db, scopeOf(c), query, now()),
    }),
  ];
}
