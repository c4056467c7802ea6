/** Usage triggers (`usage_triggers`): one JSON document per trigger, with dates and a paging key. */
import type { SqliteDatabase } from './database';
import type { DocumentRow } from './document-row';

/** A trigger's settings and state, as stored. */
export interface TriggerData {
  sid: string;
  friendly_name: string | null;
  callback_url: string;
  callback_method: 'GET' | 'POST';
  usage_category: string;
  trigger_by: 'count' | 'usage' | 'price';
  trigger_value: string;
  /** `alltime` (the default) fires once; the others fire again in each new period. */
  recurring: 'daily' | 'monthly' | 'yearly' | 'alltime';
  date_fired: number | null;
}

/** A row of the `usage_triggers` table. */
export type TriggerRow = DocumentRow;

/** Queries and changes of the account's usage triggers. */
export class UsageTriggersRepository {
  private readonly bySid;
  private readonly all;
  private readonly afterSeq;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly touchStmt;
  private readonly deleteStmt;

  constructor(db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM usage_triggers WHERE sid = ? AND account_sid = ?');
    this.all = db.prepare('SELECT * FROM usage_triggers WHERE account_sid = ?');
    this.afterSeq = db.prepare('SELECT * FROM usage_triggers WHERE account_sid = ? AND seq > ? ORDER BY seq');
    this.insertStmt = db.prepare(
      'INSERT INTO usage_triggers (sid, account_sid, data, date_created, date_updated, seq) VALUES (@sid, @account_sid, @data, @date_created, @date_updated, @seq)',
    );
    this.updateStmt = db.prepare('UPDATE usage_triggers SET data = ?, date_updated = ? WHERE sid = ?');
    this.touchStmt = db.prepare('UPDATE usage_triggers SET data = ? WHERE sid = ?');
    this.deleteStmt = db.prepare('DELETE FROM usage_triggers WHERE sid = ?');
  }

  /** A trigger of `accountSid`. */
  findRow(accountSid: string, sid: string): TriggerRow | undefined {
    return this.bySid.get(sid, accountSid) as TriggerRow | undefined;
  }

  /** Every trigger of `accountSid`. */
  listAll(accountSid: string): TriggerRow[] {
    return this.all.all(accountSid) as TriggerRow[];
  }

  /** The triggers of `accountSid` created after the paging key `seq`, in creation order. */
  listAfter(accountSid: string, seq: number): TriggerRow[] {
    return this.afterSeq.all(accountSid, seq) as TriggerRow[];
  }

  /** Stores a new trigger. */
  insert(row: TriggerRow): void {
    this.insertStmt.run(row);
  }

  /** Replaces a trigger's settings, as an update by the user (its date_updated moves). */
  update(sid: string, data: TriggerData, now: number): void {
    this.updateStmt.run(JSON.stringify(data), now, sid);
  }

  /** Records that a trigger fired; not an update by the user, so date_updated stays. */
  recordFired(data: TriggerData): void {
    this.touchStmt.run(JSON.stringify(data), data.sid);
  }

  /** Deletes a trigger. */
  delete(sid: string): void {
    this.deleteStmt.run(sid);
  }
}
