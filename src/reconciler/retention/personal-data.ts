/**
 * GDPR access (Art. 15) for a person identified by a phone number: every call in which the number took part, as
 * caller or callee, across all accounts, plus the periods it was registered to an account. Billing columns (rate
 * class, amounts) are our customers' commercial data about their own bills, not the person's, and are left out.
 *
 * Calls are found by `from_e164`/`to_e164`/`other_party` with a scan over the retained months: requests are rare, and
 * indexes on both parties of every call would slow every ingest to speed up a few lookups a year.
 */
import type { Kysely } from 'kysely';
import { parseE164 } from '../../core/e164';
import { csvRecord } from '../invoicing/documents/csv-writer';
import type { Database } from '../db/database';
import { pseudonymKeyOrOneOff, pseudonymOf } from './pseudonym';
import { recordRetentionRun, type RetentionActor, type RetentionRun } from './runs';

/** One call the person took part in. */
export interface PersonalCallRecord {
  readonly carrier: string;
  readonly carrier_call_id: string;
  readonly started_at: Date;
  readonly direction: 'inbound' | 'outbound';
  readonly from_e164: string;
  readonly to_e164: string;
  /** Whether the person was the caller (`from`) or the callee (`to`) in this record. */
  readonly role: 'caller' | 'callee';
  readonly duration_seconds: number;
  readonly status: string;
  readonly caller_country: string | null;
  readonly caller_region: string | null;
  readonly callee_country: string | null;
  readonly callee_region: string | null;
  /** The account whose number the call reached or came from (a business the person called or was called by). */
  readonly account_id: string | null;
}

/** A period in which the number was registered to an account (the person may be a customer's own line). */
export interface PersonalNumberRegistration {
  readonly account_id: string;
  readonly carrier: string;
  readonly valid_from: Date;
  readonly valid_to: Date | null;
}

/** Everything the reconciler holds about one number. */
export interface PersonalDataExport {
  readonly subject: string;
  readonly generated_at: Date;
  readonly calls: readonly PersonalCallRecord[];
  readonly registrations: readonly PersonalNumberRegistration[];
  /** The run on record (its subject is the pseudonym, not the number). */
  readonly run: RetentionRun;
}

/** Options of {@link exportPersonalData} and {@link erasePersonalData}. */
export interface PersonalDataRequest extends RetentionActor {
  /** The person's number, in any common spelling; normalised to E.164. */
  readonly e164: string;
  /** The request's reference (a ticket number), kept with the run and audit rows. */
  readonly reference?: string;
  /** `retention.pseudonymKey` from the configuration. */
  readonly pseudonymKey?: string;
}

/** Exports every call and registration of a number, and records the export (run + audit rows). */
export async function exportPersonalData(db: Kysely<Database>, request: PersonalDataRequest): Promise<PersonalDataExport> {
  const subject = subjectNumber(request.e164);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('call_records')
      .select(['carrier', 'carrier_call_id', 'started_at', 'direction', 'from_e164', 'to_e164', 'duration_seconds', 'status', 'caller_country', 'caller_region', 'callee_country', 'callee_region', 'account_id'])
      .where((eb) => eb.or([eb('from_e164', '=', subject), eb('to_e164', '=', subject), eb('other_party', '=', subject)]))
      .orderBy('started_at')
      .orderBy('carrier')
      .orderBy('carrier_call_id')
      .execute();
    const calls = rows.map((r): PersonalCallRecord => ({ ...r, role: r.from_e164 === subject ? 'caller' : 'callee' }));
    const registrations = await trx.selectFrom('account_numbers').select(['account_id', 'carrier', 'valid_from', 'valid_to']).where('e164', '=', subject).orderBy('valid_from').execute();
    const run = await recordRetentionRun(trx, {
      kind: 'export',
      by: request,
      subject: pseudonymOf(subject, pseudonymKeyOrOneOff(request.pseudonymKey)),
      ...(request.reference ? { reference: request.reference } : {}),
      startedAt: request.now,
      counts: { calls: calls.length, registrations: registrations.length },
    });
    return { subject, generated_at: request.now, calls, registrations, run };
  });
}

/** The columns of the CSV export, in order. */
export const PERSONAL_CALL_COLUMNS = [
  'started_at', 'direction', 'role', 'from_e164', 'to_e164', 'duration_seconds', 'status',
  'caller_country', 'caller_region', 'callee_country', 'callee_region', 'account_id', 'carrier', 'carrier_call_id',
] as const;

/** The export's calls as RFC 4180 CSV (header row, CRLF line ends, times in ISO 8601 UTC). */
export function personalDataCsv(data: Pick<PersonalDataExport, 'calls'>): string {
  let text = csvRecord(PERSONAL_CALL_COLUMNS);
  for (const call of data.calls) {
    text += csvRecord(PERSONAL_CALL_COLUMNS.map((column) => {
      const value = call[column];
      return value instanceof Date ? value.toISOString() : value;
    }));
  }
  return text;
}

/** The export as JSON text (dates in ISO 8601 UTC), without the internal run record. */
export function personalDataJson(data: PersonalDataExport): string {
  const { run, ...rest } = data;
  return JSON.stringify({ ...rest, retention_run: run.id }, null, 2);
}

/**
 * The number a request names, in E.164. Already canonical text is taken as it is, even if libphonenumber would call it
 * invalid: carriers report numbers no numbering plan lists, and the person's calls must still be found.
 */
export function subjectNumber(input: string): string {
  const text = input.trim();
  return /^\+[1-9]\d{1,14}$/.test(text) ? text : parseE164(text, { field: 'e164' });
}
