/**
 * The Studio port: flows a RoutingPlan compiles to. Only Twilio runs Studio; a carrier without it has no `studio`,
 * and binding a routing plan to its numbers is refused at check time.
 */
import type { StudioFlowDefinition } from '../routing/compile';

/** A flow as Studio describes it (the fields didops reads). */
export interface StudioFlow {
  readonly sid: string;
  readonly friendlyName: string;
  /** The latest revision's definition; absent in a listing (Studio's list leaves definitions out). */
  readonly definition?: object | null;
  readonly revision: number;
  readonly status: string;
  readonly webhookUrl: string;
}

/** What a flow update may change; Studio requires `status` on every update. */
export interface FlowUpdate {
  status: 'draft' | 'published';
  definition?: StudioFlowDefinition;
  friendlyName?: string;
  commitMessage?: string;
}

/** The account's Studio flows. Every method throws DidopsError; `field` names the plan field a refusal is about. */
export interface StudioFlowsApi {
  /** The flow with its latest definition, or undefined when it no longer exists. */
  fetch(sid: string): Promise<StudioFlow | undefined>;
  /** Every flow of the account, without definitions. */
  list(): Promise<StudioFlow[]>;
  /** Creates a published flow; not retried, because a lost answer may mean the flow exists. */
  create(friendlyName: string, definition: StudioFlowDefinition, commitMessage: string): Promise<StudioFlow>;
  /** Saves a new revision; safe to repeat. */
  update(sid: string, update: FlowUpdate, operation: string): Promise<StudioFlow>;
  /** True when deleted now, false when it was already gone. */
  remove(sid: string): Promise<boolean>;
  /** The webhook a number points at to send its calls to the flow. */
  webhookOf(flowSid: string): string;
}
