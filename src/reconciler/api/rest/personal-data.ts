/**
 * GDPR requests of a person identified by a phone number (docs/reconciler.md, "Retention and personal data"): access
 * (every call the number took part in, across all accounts, as JSON or CSV) and erasure (keeping only what invoices
 * need), and the record of retention runs. A person's calls span tenants, so these are the operator's; every request
 * is a retention run with its own audit row naming the person by pseudonym, beside the request's audit row.
 */
import { z } from 'zod';
import { e164Schema } from '../../../core/e164';
import type { ReconcilerContext } from '../../context';
import { erasePersonalData, exportPersonalData, listRetentionRuns, personalDataCsv, personalDataJson, type PersonalDataRequest } from '../../retention';
import { noteAudit } from '../audit';
import { principalOf } from '../auth/middleware';
import { actorOf } from '../auth/principal';
import type { ApiContext } from '../env';
import { instantText } from '../queries/common';
import { defineRoute, type AnyRoute } from './route';

const requestFields = {
  e164: e164Schema.meta({ description: "the person's number, in any common spelling" }),
  reference: z.string().trim().min(1).max(200).optional().meta({ description: 'your reference for the request (a ticket number), kept with the run' }),
};

const runSchema = z.strictObject({
  id: z.number().int(),
  kind: z.enum(['expire', 'export', 'erase']),
  actor: z.string(),
  subject: z.string().nullable().meta({ description: "the person's pseudonym (never the number)" }),
  reference: z.string().nullable(),
  cutoff: instantText.nullable(),
  started_at: instantText,
  finished_at: instantText,
  counts: z.record(z.string(), z.unknown()),
});

/** The personal data routes. */
export function personalDataRoutes({ db, now, config }: Pick<ReconcilerContext, 'db' | 'now' | 'config'>): AnyRoute[] {
  const requestOf = (c: ApiContext, body: { e164: string; reference?: string | undefined }): PersonalDataRequest => ({
    e164: body.e164,
    ...(body.reference ? { reference: body.reference } : {}),
    actor: actorOf(principalOf(c)),
    source: c.get('clientAddress'),
    now: now(),
    ...(config.retention.pseudonymKey ? { pseudonymKey: config.retention.pseudonymKey } : {}),
  });
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/personal-data/exports',
      operationId: 'exportPersonalData',
      summary: 'GDPR access: every call a number took part in, across all accounts, and its registrations (JSON or CSV)',
      tag: 'personal-data',
      access: 'operator',
      body: z.strictObject({ ...requestFields, format: z.enum(['json', 'csv']).default('json') }),
      example: { e164: '+442079460000', reference: 'DSR-1042', format: 'json' },
      response: { status: 200, media: ['application/json', 'text/csv; charset=utf-8'], description: "the person's data" },
      async handle(c, { body }) {
        const data = await exportPersonalData(db, requestOf(c, body));
        noteAudit(c, { action: 'personal_data.export_request', target: `retention_run:${data.run.id}` });
        c.header('content-disposition', `attachment; filename="personal-data-${data.run.id}.${body.format}"`);
        return body.format === 'csv' ? c.body(personalDataCsv(data), 200, { 'content-type': 'text/csv; charset=utf-8' }) : c.body(personalDataJson(data), 200, { 'content-type': 'application/json' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/personal-data/erasures',
      operationId: 'erasePersonalData',
      summary: "GDPR erasure: delete a number's unbilled calls and pseudonymise it in billed ones",
      tag: 'personal-data',
      access: 'operator',
      body: z.strictObject(requestFields),
      example: { e164: '+442079460000', reference: 'DSR-1043' },
      response: {
        status: 200,
        schema: z.strictObject({ subject: z.string(), pseudonymised: z.number().int(), deleted: z.number().int(), kept_as_account_number: z.number().int(), retention_run: z.number().int() }),
        description: 'what the erasure did',
      },
      async handle(c, { body }) {
        const result = await erasePersonalData(db, requestOf(c, body));
        noteAudit(c, { action: 'personal_data.erase_request', target: `retention_run:${result.run.id}` });
        return { subject: result.subject, pseudonymised: result.pseudonymised, deleted: result.deleted, kept_as_account_number: result.kept_as_account_number, retention_run: result.run.id };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/retention-runs',
      operationId: 'listRetentionRuns',
      summary: 'Retention runs (expiry, exports, erasures), newest first',
      tag: 'personal-data',
      access: 'operator',
      query: z.strictObject({ kind: z.enum(['expire', 'export', 'erase']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: { status: 200, schema: z.strictObject({ data: z.array(runSchema) }), description: 'the runs' },
      handle: async (_c, { query }) => ({ data: await listRetentionRuns(db, query) }),
    }),
  ];
}
