/** Studio executions (`flow_executions`) and their steps (`flow_execution_steps`), with the contexts they ended with. */
import type { SqliteDatabase } from './database';

/** A row of the `flow_executions` table. */
export interface ExecutionRow {
  seq: number;
  sid: string;
  account_sid: string;
  flow_sid: string;
  flow_version: number;
  contact_channel_address: string;
  contact_sid: string;
  initiated_by: string;
  status: 'active' | 'ended';
  context: string;
  date_created: number;
  date_updated: number;
}

/** A row of the `flow_execution_steps` table. */
export interface StepRow {
  sid: string;
  execution_sid: string;
  position: number;
  name: string;
  transitioned_from: string;
  transitioned_to: string;
  type: string;
  context: string;
  date_created: number;
}

/** The filters of an execution list; `null` means "any". */
export interface ExecutionListQuery {
  status: 'active' | 'ended' | null;
  createdFrom: number | null;
  createdBefore: number | null;
  /** Continue with executions older than this paging key (`seq`). */
  beforeSeq: number;
  offset: number;
  limit: number;
}

/** Queries and changes of flow executions. */
export class FlowExecutionsRepository {
  private readonly bySid;
  private readonly stepBySid;
  private readonly insertExecution;
  private readonly insertStep;
  private readonly endStmt;
  private readonly deleteStmt;
  private readonly page;
  private readonly stepsPage;

  constructor(private readonly db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM flow_executions WHERE sid = ? AND flow_sid = ?');
    this.stepBySid = db.prepare('SELECT * FROM flow_execution_steps WHERE sid = ? AND execution_sid = ?');
    this.insertExecution = db.prepare(
      `INSERT INTO flow_executions (sid, account_sid, flow_sid, flow_version, contact_channel_address, contact_sid, initiated_by, status, context, date_created, date_updated)
       VALUES (@sid, @account_sid, @flow_sid, @flow_version, @contact_channel_address, @contact_sid, @initiated_by, @status, @context, @date_created, @date_updated)
       RETURNING seq`,
    );
    this.insertStep = db.prepare(
      `INSERT INTO flow_execution_steps (sid, execution_sid, position, name, transitioned_from, transitioned_to, type, context, date_created)
       VALUES (@sid, @execution_sid, @position, @name, @transitioned_from, @transitioned_to, @type, @context, @date_created)`,
    );
    this.endStmt = db.prepare("UPDATE flow_executions SET status = 'ended', date_updated = ? WHERE sid = ?");
    this.deleteStmt = db.prepare('DELETE FROM flow_executions WHERE sid = ?');
    this.page = db.prepare(
      `SELECT * FROM flow_executions WHERE flow_sid = ? AND seq < ? AND (? IS NULL OR status = ?) AND (? IS NULL OR date_created >= ?)
       AND (? IS NULL OR date_created < ?) ORDER BY seq DESC LIMIT ? OFFSET ?`,
    );
    this.stepsPage = db.prepare('SELECT * FROM flow_execution_steps WHERE execution_sid = ? AND position < ? ORDER BY position DESC LIMIT ? OFFSET ?');
  }

  /** An execution of a flow. */
  find(flowSid: string, sid: string): ExecutionRow | undefined {
    return this.bySid.get(sid, flowSid) as ExecutionRow | undefined;
  }

  /** A step of an execution. */
  findStep(executionSid: string, sid: string): StepRow | undefined {
    return this.stepBySid.get(sid, executionSid) as StepRow | undefined;
  }

  /** Stores an execution with its steps, all or nothing; returns the execution's paging key. */
  insert(row: Omit<ExecutionRow, 'seq'>, steps: StepRow[]): number {
    return this.db.transaction(() => {
      const inserted = this.insertExecution.get(row) as { seq: number };
      for (const step of steps) this.insertStep.run(step);
      return inserted.seq;
    })();
  }

  /** Marks an execution ended. */
  end(sid: string, now: number): void {
    this.endStmt.run(now, sid);
  }

  /** Deletes an execution (its steps go with it). */
  delete(sid: string): void {
    this.deleteStmt.run(sid);
  }

  /** One page of a flow's executions, newest first; `limit + 1` rows. */
  list(flowSid: string, q: ExecutionListQuery): ExecutionRow[] {
    return this.page.all(flowSid, q.beforeSeq, q.status, q.status, q.createdFrom, q.createdFrom, q.createdBefore, q.createdBefore,
      q.limit + 1, q.offset) as ExecutionRow[];
  }

  /** One page of an execution's steps before `beforePosition`, newest first; `limit + 1` rows. */
  listSteps(executionSid: string, beforePosition: number, limit: number, offset: number): StepRow[] {
    return this.stepsPage.all(executionSid, beforePosition, limit + 1, offset) as StepRow[];
  }
}
