/**
 * Voice webhooks on Telnyx. A Twilio number carries its voice URL itself; a Telnyx number only names a connection
 * (`connection_id`), and the webhook URL lives on that connection. So a number's `voice.url` (and `fallbackUrl`)
 * becomes a Call Control Application whose `webhook_event_url` (and `webhook_event_failover_url`) is that URL, found
 * or created by a deterministic name, `didops <hash of the URLs>`: numbers with the same webhooks share one
 * application, a re-run finds the one it made, and reading a number back recognises didops' applications by name.
 *
 * Applications are never deleted here: they are shared, and an application without numbers costs nothing.
 */
import { createHash } from 'node:crypto';
import type { CallControlApplication } from 'telnyx/resources/call-control-applications';
import { NotFoundError } from '../../core/errors';
import type { TelnyxClient } from './client';
import { fromTelnyxError } from './errors';

/** What a didops application routes to. */
export interface VoiceWebhooks {
  url: string;
  fallbackUrl: string;
}

const NAME_PREFIX = 'didops ';
const NAME = /^didops [0-9a-f]{16}$/;

/** The application name for a pair of webhooks: the same URLs always give the same name. */
export function applicationNameOf(webhooks: VoiceWebhooks): string {
  const digest = createHash('sha256').update(`${webhooks.url}\n${webhooks.fallbackUrl}`, 'utf8').digest('hex');
  return `${NAME_PREFIX}${digest.slice(0, 16)}`;
}

function webhooksOf(app: CallControlApplication): VoiceWebhooks {
  return { url: app.webhook_event_url ?? '', fallbackUrl: app.webhook_event_failover_url ?? '' };
}

/** Call Control Applications as voice webhooks, through the official SDK. */
export class TelnyxVoiceConnections {
  /** Applications being found or created in this process, by name: ten numbers with one URL make one application. */
  private readonly ensuring = new Map<string, Promise<string>>();

  constructor(private readonly client: TelnyxClient) {}

  /** The id of a didops application with these webhooks, created when there is none. */
  ensure(webhooks: VoiceWebhooks): Promise<string> {
    const name = applicationNameOf(webhooks);
    let pending = this.ensuring.get(name);
    if (!pending) {
      pending = this.findOrCreate(name, webhooks).finally(() => this.ensuring.delete(name));
      this.ensuring.set(name, pending);
    }
    return pending;
  }

  private async findOrCreate(name: string, webhooks: VoiceWebhooks): Promise<string> {
    const operation = `set up the Telnyx call control application for ${webhooks.url}`;
    try {
      for await (const app of this.client.callControlApplications.list({ filter: { application_name: { contains: name } }, 'page[size]': 250 })) {
        // The name is a hash; the URLs are checked too, in case someone edited the application in the portal.
        if (app.id && app.application_name === name && sameWebhooks(webhooksOf(app), webhooks)) return app.id;
      }
      const created = await this.client.callControlApplications.create({
        application_name: name,
        webhook_event_url: webhooks.url,
        webhook_event_failover_url: webhooks.fallbackUrl || null,
        webhook_api_version: '2',
      });
      if (!created.data?.id) throw new Error('Telnyx created the application but answered no id');
      return created.data.id;
    } catch (err) {
      throw fromTelnyxError(err, { operation, fieldOf: { webhook_event_url: 'voice', webhook_event_failover_url: 'voice', application_name: 'voice' } });
    }
  }

  /**
   * The webhooks a connection stands for when it is a didops application; undefined for any other connection (a SIP
   * connection, a user's own application), which the port reports as the number's trunk.
   */
  async webhooksOf(connectionId: string): Promise<VoiceWebhooks | undefined> {
    try {
      const app = (await this.client.callControlApplications.retrieve(connectionId)).data;
      return app && NAME.test(app.application_name ?? '') ? webhooksOf(app) : undefined;
    } catch (err) {
      const error = fromTelnyxError(err, { operation: `read connection ${connectionId}` });
      // Not a call control application: a SIP (credential, IP, FQDN) connection or another kind.
      if (error instanceof NotFoundError || error.status === 404 || error.status === 422) return undefined;
      throw error;
    }
  }
}

function sameWebhooks(a: VoiceWebhooks, b: VoiceWebhooks): boolean {
  return a.url === b.url && a.fallbackUrl === b.fallbackUrl;
}
