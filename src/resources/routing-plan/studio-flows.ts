/**
 * The Studio v2 Flows calls the RoutingPlan resource makes, through the official SDK: typed, with every failure
 * translated into a DidopsError that says what was being done.
 */
import type { TwilioClient } from '../../carriers/twilio';
import { fromTwilioError, NotFoundError } from '../../core/errors';
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
  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {}

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
      return await this.client.studio.v2.flows.create({ friendlyName, status: 'published', definition, commitMessage });
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
      return await withRetry(() => this.client.studio.v2.flows(sid).update(update), { idempotent: true, method: 'POST', sleep: this.sleep });
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
    }
  }
}
