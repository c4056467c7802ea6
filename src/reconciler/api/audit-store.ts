/** The audit log on PostgreSQL: appends only (the table refuses anything else). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { AuditEntry, AuditStore } from './audit';

/** Appends audit entries to `audit_log`. */
export class KyselyAuditStore implements AuditStore {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        account_id: entry.accountId,
        source: entry.source,
        status: entry.status,
      })
      .execute();
  }
}
