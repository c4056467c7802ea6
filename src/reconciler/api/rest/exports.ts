/**
 * Exports of the call log, streamed: CSV (RFC 4180) or XLSX, with the columns of an invoice's calls (the invoice
 * documents' own writers), read from the database a batch at a time and written as the client takes them, so memory
 * stays flat whatever the count. An export is of one account (its currency prices every row) and is audited.
 */
import { PassThrough, Readable, type Writable } from 'node:stream';
import { z } from 'zod';
import type { ReconcilerContext } from '../../context';
import { renderCallsCsv, renderCallsXlsx, type UsageCall } from '../../invoicing/documents';
import { noteAudit } from '../audit';
import { scopeOf } from '../auth/middleware';
import { getAccount } from '../queries/accounts';
import { callExportFilterSchema, streamCalls, type CallLogEntry } from '../queries/calls';
import { accountIdSchema } from '../queries/common';
import type { ApiContext } from '../env';
import { defineRoute, type AnyRoute } from './route';

/** The media type of each export format. */
export const EXPORT_MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const exportQuery = callExportFilterSchema.safeExtend({ account_id: accountIdSchema, format: z.enum(['csv', 'xlsx']) });

/** The export routes. */
export function exportRoutes({ db, logger }: Pick<ReconcilerContext, 'db' | 'logger'>): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/exports/calls',
      operationId: 'exportCalls',
      summary: "Export an account's call log (same filters as /v1/calls) as CSV or XLSX, streamed",
      tag: 'exports',
      access: 'export',
      query: exportQuery,
      response: { status: 200, media: Object.values(EXPORT_MEDIA), description: 'the calls, newest first, one row each' },
      async handle(c, { query }) {
        const scope = scopeOf(c);
        const account = await getAccount(db, scope, query.account_id);
        noteAudit(c, { action: 'calls.export', target: `account:${account.id}`, accountId: account.id });
        const { format, ...filter } = query;
        const calls = usageCalls(streamCalls(db, scope, filter));
        const render = (out: Writable) => (format === 'csv' ? renderCallsCsv(calls, out, account.currency) : renderCallsXlsx(calls, out, account.currency));
        return streamed(c, render, EXPORT_MEDIA[format], `calls-${account.id}.${format}`, (err) => logger.error({ err, account: account.id, format }, 'a calls export failed while streaming'));
      },
    }),
  ];
}

/** Answers with what `render` writes, as it writes it; a failure midway cuts the download short (and is logged). */
export function streamed(c: ApiContext, render: (out: Writable) => Promise<unknown>, media: string, filename: string, onError: (err: unknown) => void): Response {
  const out = new PassThrough();
  render(out).catch((err: unknown) => {
    onError(err);
    out.destroy(err as Error);
  });
  c.header('content-type', media);
  c.header('content-disposition', `attachment; filename="${filename}"`);
  return c.body(Readable.toWeb(out) as ReadableStream, 200);
}

/** Call log entries as the documents' writers take them. */
async function* usageCalls(calls: AsyncIterable<CallLogEntry>): AsyncGenerator<UsageCall> {
  for await (const call of calls) {
    const cost = call.cost;
    yield {
      direction: call.direction,
      otherParty: call.other_party,
      durationSeconds: call.duration_seconds,
      startedAt: call.started_at,
      number: call.number ?? '',
      rating: cost.rate_class !== null && cost.unrated_reason === null ? { kind: 'rated', rateClass: cost.rate_class, billableSeconds: cost.billable_seconds ?? 0 } : { kind: 'unrated', reason: cost.unrated_reason ?? 'not-rated-yet' },
      carrier: call.carrier,
      callId: call.call_id,
      ...(cost.amount_minor !== null ? { amountMinor: cost.amount_minor } : {}),
    };
  }
}
