/**
 * The account's Studio flows as the RoutingPlan resource reads them: through one listing of the account during a
 * burst of reads (src/core/batched-reads.ts), with a listed flow's definition fetched only when it may have changed.
 */
import type { FlowUpdate, StudioFlow, StudioFlowsApi } from '../../carriers/studio';
import { ListingReads } from '../../core/batched-reads';
import type { StudioFlowDefinition } from '../../routing/compile';

export type { FlowUpdate, StudioFlow };

/** The account's Studio flows, read in batches. */
export class StudioFlows {
  /** A refresh of many flows is served from one listing of the account. */
  readonly batch: ListingReads<StudioFlow>;

  constructor(private readonly studio: StudioFlowsApi) {
    this.batch = new ListingReads({ list: () => this.studio.list(), idOf: (f) => f.sid });
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
  fetch(sid: string): Promise<StudioFlow | undefined> {
    return this.studio.fetch(sid);
  }

  /** Every flow of the account, without definitions. */
  list(): Promise<StudioFlow[]> {
    return this.studio.list();
  }

  /** Creates a published flow; not retried, because a lost answer may mean the flow exists. */
  async create(friendlyName: string, definition: StudioFlowDefinition, commitMessage: string): Promise<StudioFlow> {
    const flow = await this.studio.create(friendlyName, definition, commitMessage);
    this.batch.remember(flow);
    return flow;
  }

  /** Saves a new revision (safe to repeat). */
  async update(sid: string, update: FlowUpdate, operation: string): Promise<StudioFlow> {
    const flow = await this.studio.update(sid, update, operation);
    this.batch.remember(flow);
    return flow;
  }

  /** Deletes a flow; true when it was deleted now, false when it was already gone. */
  async remove(sid: string): Promise<boolean> {
    try {
      return await this.studio.remove(sid);
    } finally {
      this.batch.forget(sid);
    }
  }
}
