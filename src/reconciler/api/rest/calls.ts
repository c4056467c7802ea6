/** Call logs with their cost: a page of calls (filtered, newest first) and one call. */
import type { ReconcilerContext } from '../../context';
import { scopeOf } from '../auth/middleware';
import { callFilterSchema, callParamsSchema, callSchema, getCall, listCalls } from '../queries/calls';
import { pageSchema } from '../queries/common';
import { defineRoute, type AnyRoute } from './route';

/** The call log's routes. */
export function callRoutes({ db }: Pick<ReconcilerContext, 'db'>): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/calls',
      operationId: 'listCalls',
      summary: 'Call log with cost, newest first; page with next_cursor',
      tag: 'calls',
      access: 'read',
      query: callFilterSchema,
      response: { status: 200, schema: pageSchema(callSchema), description: 'a page of calls' },
      handle: async (c, { query }) => listCalls(db, scopeOf(c), query),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/calls/:carrier/:call_id',
      operationId: 'getCall',
      summary: 'One call, by carrier and the carrier\'s call id',
      tag: 'calls',
      access: 'read',
      params: callParamsSchema,
      response: { status: 200, schema: callSchema, description: 'the call' },
      handle: async (c, { params }) => getCall(db, scopeOf(c), params.carrier, params.call_id),
    }),
  ];
}
