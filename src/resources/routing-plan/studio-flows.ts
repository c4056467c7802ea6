/**
 * The Studio v2 Flows calls the RoutingPlan resource makes, through the official SDK: typed, with every failure
 * translated into a DidopsError that says what was being done.
 */
import { fromTwilioError } from '../../carriers/twilio/errors';
import type { TwilioClient } from '../../carriers/twilio';
import { ListingReads } from '../../core/batched-reads';
import { NotFoundError } from '../../core/errors';
import { withRetry } from '../../core/retry';
import type { FlowInstance } from 'twilio/lib/rest/studio/v2/flow';
import type { StudioFlowDefinition } from '../../routing/compile';

/** A flow as Studio describes it. */
export type StudioFlow = FlowInstance;

/** What a flow update may change; Studio requires `status` on every update. */
export interface FlowUpdate {
  status: 'draft' | 'published';
  definition?: StudioFlowDefinition;
  friendlyName?: string;
  commitMessage?: string;
}

/** Flows a list page carries at most; the SDK follows the pages. */
const LIST_PAGE_SIZE = 100;

/** The account's Studio flows, through the official SDK. */
export class StudioFlows {
  /** A refresh of many flows is served from one listing of the account (src/core/batched-reads.ts). */
  readonly batch: ListingReads<StudioFlow>;

  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {
    this.batch = new ListingReads({ list: () => this.list(), idOf: (f) => f.sid });
  }

  /**
   * The flow as Studio has it now, for a refresh. Studio's list leaves definitions out, so a flow served from the
   * batch's listing comes whole only when it has to: a listed flow still at `recordedRevision` has the definition
   * that was recorded with that revision (a revision never changes; every edit makes a new one), so it is returned
   * without one and `unchanged`. Any other flow is fetched whole.
   */
  async read(sid: string, recordedRevision: number | undefined): Promise<{ flow: StudioFlow; unchanged: boolean } | undefined> {
    const listed = await this.batch.read(sid, () => this.fetch(sid));
    if (!listed) return undefined;
    if (listed.definition) return { flow: listed, unchanged: false };
    if (recordedRevision !== undefined && listed.revision === recordedRevision) return { flow: listed, unchanged: true };
    const whole = await this.fetch(sid);
    return whole && { flow: whole, unchanged: false };
  }

  /** The flow with this SID (with its latest definition), or undefined when it no longer exists. */
  async fetch(sid: string): Promise<StudioFlow | undefined> {
    try {
      return await this.client.studio.v2.flows(sid).fetch();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read Studio flow ${sid}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** Every flow of the account, without definitions (Studio's list leaves them out). */
  async list(): Promise<StudioFlow[]> {
    try {
      return await this.client.studio.v2.flows.list({ pageSize: LIST_PAGE_SIZE });
    } catch (err) {
      throw fromTwilioError(err, { operation: 'list the account’s Studio flows' });
    }
  }

  /** Creates a published flow; not retried here, because a lost answer may mean the flow exists. */
  async create(friendlyName: string, definition: StudioFlowDefinition, commitMessage: string): Promise<StudioFlow> {
    try {
      const flow = await this.client.studio.v2.flows.create({ friendlyName, status: 'published', definition, commitMessage });
      this.batch.remember(flow);
      return flow;
    } catch (err) {
      throw fromTwilioError(err, { operation: `create Studio flow ${friendlyName}`, field: 'plan' });
    }
  }

  /**
   * Saves a new revision. The HTTP client never repeats a POST after a 5xx; saving the same revision twice only
   * adds a revision with the same content, so it is retried here.
   */
  async update(sid: string, update: FlowUpdate, operation: string): Promise<StudioFlow> {
    try {
      const flow = await withRetry(() => this.client.studio.v2.flows(sid).update(update), { idempotent: true, method: 'POST', sleep: this.sleep });
      this.batch.remember(flow);
      return flow;
    } catch (err) {
      throw fromTwilioError(err, { operation, ...(update.definition ? { field: 'plan' } : {}) });
    }
  }

  /** Deletes a flow; true when it was deleted now, false when it was already gone. */
  async remove(sid: string): Promise<boolean> {
    try {
      return await this.client.studio.v2.flows(sid).remove();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `delete Studio flow ${sid}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    } finally {
      this.batch.forget(sid);
    }
  }
}
