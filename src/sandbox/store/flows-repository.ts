/** Studio flows (`flows`) and their revisions (`flow_revisions`): every update of a flow is a new revision. */
import type { SqliteDatabase } from './database';

/** A row of the `flows` table: the flow as it now stands. */
export interface FlowRow {
  sid: string;
  account_sid: string;
  friendly_name: string;
  status: 'draft' | 'published';
  revision: number;
  date_created: number;
  date_updated: number;
  seq: number;
}

/** A row of the `flow_revisions` table: one saved state of a flow. */
export interface RevisionRow {
  flow_sid: string;
  revision: number;
  friendly_name: string;
  status: 'draft' | 'published';
  definition: string;
  commit_message: string | null;
  valid: number;
  errors: string;
  warnings: string;
  date_created: number;
}

/** Queries and changes of the account's flows. */
export class FlowsRepository {
  private readonly bySid;
  private readonly revisionOf;
  private readonly latestPublished;
  private readonly insertFlowStmt;
  private readonly updateFlowStmt;
  private readonly insertRevisionStmt;
  private readonly deleteStmt;
  private readonly page;
  private readonly revisionsPage;

  constructor(private readonly db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM flows WHERE sid = ? AND account_sid = ?');
    this.revisionOf = db.prepare('SELECT * FROM flow_revisions WHERE flow_sid = ? AND revision = ?');
    this.latestPublished = db.prepare("SELECT * FROM flow_revisions WHERE flow_sid = ? AND status = 'published' ORDER BY revision DESC LIMIT 1");
    this.insertFlowStmt = db.prepare(`INSERT INTO flows (sid, account_sid, friendly_name, status, revision, date_created, date_updated, seq)
      VALUES (@sid, @account_sid, @friendly_name, @status, @revision, @date_created, @date_updated, @seq)`);
    this.updateFlowStmt = db.prepare('UPDATE flows SET friendly_name = ?, status = ?, revision = ?, date_updated = ? WHERE sid = ?');
    this.insertRevisionStmt = db.prepare(
      `INSERT INTO flow_revisions (flow_sid, revision, friendly_name, status, definition, commit_message, valid, errors, warnings, date_created)
       VALUES (@flow_sid, @revision, @friendly_name, @status, @definition, @commit_message, @valid, @errors, @warnings, @date_created)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM flows WHERE sid = ?');
    this.page = db.prepare('SELECT * FROM flows WHERE account_sid = ? AND seq > ? ORDER BY seq LIMIT ? OFFSET ?');
    this.revisionsPage = db.prepare('SELECT * FROM flow_revisions WHERE flow_sid = ? AND revision < ? ORDER BY revision DESC LIMIT ? OFFSET ?');
  }

  /** A flow of `accountSid`. */
  find(accountSid: string, sid: string): FlowRow | undefined {
    return this.bySid.get(sid, accountSid) as FlowRow | undefined;
  }

  /** One revision of a flow. */
  revision(flowSid: string, revision: number): RevisionRow | undefined {
    return this.revisionOf.get(flowSid, revision) as RevisionRow | undefined;
  }

  /** The newest published revision of a flow: what runs when it is executed. */
  latestPublishedRevision(flowSid: string): RevisionRow | undefined {
    return this.latestPublished.get(flowSid) as RevisionRow | undefined;
  }

  /** Stores a new flow with its first revision, both or neither. */
  create(flow: FlowRow, first: RevisionRow): void {
    this.db.transaction(() => {
      this.insertFlowStmt.run(flow);
      this.insertRevisionStmt.run(first);
    })();
  }

  /** Moves a flow to its next revision, both or neither. */
  saveRevision(next: FlowRow, rev: RevisionRow): void {
    this.db.transaction(() => {
      this.updateFlowStmt.run(next.friendly_name, next.status, next.revision, next.date_updated, next.sid);
      this.insertRevisionStmt.run(rev);
    })();
  }

  /** Deletes a flow (its revisions and executions go with it). */
  delete(sid: string): void {
    this.deleteStmt.run(sid);
  }

  /** One page of the account's flows in creation order; `limit + 1` rows. */
  list(accountSid: string, afterSeq: number, limit: number, offset: number): FlowRow[] {
    return this.page.all(accountSid, afterSeq, limit + 1, offset) as FlowRow[];
  }

  /** One page of a flow's revisions older than `beforeRevision`, newest first; `limit + 1` rows. */
  listRevisions(flowSid: string, beforeRevision: number, limit: number, offset: number): RevisionRow[] {
    return this.revisionsPage.all(flowSid, beforeRevision, limit + 1, offset) as RevisionRow[];
  }
}
