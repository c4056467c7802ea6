/**
 * GDPR erasure (Art. 17) of a person identified by a phone number, keeping only what invoices need.
 *
 * - A call billed to an account (`account_id` set) is kept with its time, duration, status, our number, the rate
 *   class and the amount, because the invoice it is (or will be) on must be backed by its records for as long as tax
 *   law keeps invoices (Art. 17(3)(b): a legal obligation; years, set per member state under the VAT Directive art. 247),
 *   and its usage may already be at Stripe. The person's number in it (`from_e164`/`to_e164`/`other_party`) is
 *   replaced by a pseudonym (pseudonym.ts); the country and region columns stay, since they justify the price (rates
 *   are by destination) and say nothing about who called. Such a call can no longer be re-rated.
 * - A call no account is billed for (`account_id` null: no owned number matched) serves no invoice and is deleted.
 * - A call where the number is the account's own line (`number_e164`) is kept as it is: that line is the customer's,
 *   who is the controller of its data; erase it by removing the number from the account (retention then expires it).
 *
 * The run row and the audit row name the person by pseudonym only, so the record of an erasure does not undo it.
 * Backups keep erased data until they rotate out (`backups.keep` days; docs/reconciler.md says so).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { subjectNumber, type PersonalDataRequest } from './personal-data';
import { pseudonymKeyOrOneOff, pseudonymOf } from './pseudonym';
import { recordRetentionRun, type RetentionRun } from './runs';

/** What an erasure did. */
export interface ErasureResult {
  /** The pseudonym that replaced the number. */
  readonly subject: string;
  /** Billed calls kept with the number replaced by the pseudonym. */
  readonly pseudonymised: number;
  /** Unbilled calls deleted. */
  readonly deleted: number;
  /** Calls kept unchanged because the number is the account's own line in them. */
  readonly kept_as_account_number: number;
  readonly run: RetentionRun;
}

/** Erases a number's personal data as described above, in one transaction with its run and audit rows. */
export async function erasePersonalData(db: Kysely<Database>, request: PersonalDataRequest): Promise<ErasureResult> {
  const number = subjectNumber(request.e164);
  const subject = pseudonymOf(number, pseudonymKeyOrOneOff(request.pseudonymKey));
  return db.transaction().execute(async (trx) => {
    const involves = sql<boolean>`(from_e164 = ${number} OR to_e164 = ${number} OR other_party = ${number})`;
    const deleted = await trx.deleteFrom('call_records').where(involves).where('account_id', 'is', null).executeTakeFirst();
    const replaced = (column: 'from_e164' | 'to_e164' | 'other_party') => sql<string>`CASE WHEN ${sql.ref(column)} = ${number} THEN ${subject} ELSE ${sql.ref(column)} END`;
    const pseudonymised = await trx
      .updateTable('call_records')
      .set({ from_e164: replaced('from_e164'), to_e164: replaced('to_e164'), other_party: replaced('other_party') })
      .where(involves)
      .where('account_id', 'is not', null)
      .where((eb) => eb.or([eb('number_e164', 'is', null), eb('number_e164', '!=', number)]))
      .executeTakeFirst();
    const kept = await trx.selectFrom('call_records').select((eb) => eb.fn.countAll<number>().as('n')).where(involves).executeTakeFirstOrThrow();
    const counts = { pseudonymised: Number(pseudonymised.numUpdatedRows), deleted: Number(deleted.numDeletedRows), kept_as_account_number: Number(kept.n) };
    const run = await recordRetentionRun(trx, { kind: 'erase', by: request, subject, ...(request.reference ? { reference: request.reference } : {}), startedAt: request.now, counts });
    return { subject, ...counts, run };
  });
}
