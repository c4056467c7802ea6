/** Twilio Studio v2 flows as the Studio port, through the official SDK. */
import type { FlowInstance } from 'twilio/lib/rest/studio/v2/flow';
import { NotFoundError } from '../../core/errors';
import { withRetry } from '../../core/retry';
import type { StudioFlowDefinition } from '../../routing/compile';
import type { FlowUpdate, StudioFlow, StudioFlowsApi } from '../studio';
import { studioWebhookUrl } from '../studio-webhook';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';

/** Flows a list page carries at most; the SDK follows the pages. */
const LIST_PAGE_SIZE = 100;

function flowOf(f: FlowInstance): StudioFlow {
  return { sid: f.sid, friendlyName: f.friendlyName ?? '', definition: f.definition ?? undefined, revision: f.revision, status: f.status, webhookUrl: f.webhookUrl ?? '' };
}

export class TwilioStudioFlows implements StudioFlowsApi {
  constructor(
    private readonly client: TwilioClient,
    /** Waits between retries of updates; tests pass a no-op. */
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {}

  async fetch(sid: string): Promise<StudioFlow | undefined> {
    try {
      return flowOf(await this.client.studio.v2.flows(sid).fetch());
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read Studio flow ${sid}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(): Promise<StudioFlow[]> {
    try {
      return (await this.client.studio.v2.flows.list({ pageSize: LIST_PAGE_SIZE })).map(flowOf);
    } catch (err) {
      throw fromTwilioError(err, { operation: 'list the account’s Studio flows' });
    }
  }

  async create(friendlyName: string, definition: StudioFlowDefinition, commitMessage: string): Promise<StudioFlow> {
    try {
      return flowOf(await this.client.studio.v2.flows.create({ friendlyName, status: 'published', definition, commitMessage }));
    } catch (err) {
      throw fromTwilioError(err, { operation: `create Studio flow ${friendlyName}`, field: 'plan' });
    }
  }

  /** The HTTP client never repeats a POST after a 5xx; saving the same revision twice is harmless, so it is retried here. */
  async update(sid: string, update: FlowUpdate, operation: string): Promise<StudioFlow> {
    try {
      return flowOf(await withRetry(() => this.client.studio.v2.flows(sid).update(update), { idempotent: true, method: 'POST', sleep: this.sleep }));
    } catch (err) {
      throw fromTwilioError(err, { operation, ...(update.definition ? { field: 'plan' } : {}) });
    }
  }

  async remove(sid: string): Promise<boolean> {
    try {
      return await this.client.studio.v2.flows(sid).remove();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `delete Studio flow ${sid}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  webhookOf(flowSid: string): string {
    return studioWebhookUrl(this.client.accountSid, flowSid);
  }
}
