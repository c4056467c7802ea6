/**
 * Twilio's call status callbacks, checked with the SDK's own validator: `X-Twilio-Signature` is HMAC-SHA1 (keyed with
 * the auth token) over the URL Twilio requested and the form parameters sorted by name, or, for a JSON body, over the
 * URL carrying the body's `bodySHA256`. Translated into the port's CallStatusCallback; no decision is made here.
 */
import twilio from 'twilio';
import type { SignedWebhook, WebhookVerdict, WebhookVerifier } from '../carrier';

/** Statuses after which a call's record is final (Twilio's CallStatus values). */
const ENDED = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

/** A verifier of Twilio's webhooks signed with `authToken` (the account's auth token). */
export function twilioWebhookVerifier(authToken: string): WebhookVerifier {
  return {
    carrier: 'twilio',
    async verify(webhook: SignedWebhook): Promise<WebhookVerdict> {
      const signature = webhook.headers['x-twilio-signature'];
      if (!signature) return { ok: false, reason: 'no X-Twilio-Signature header' };
      const json = /^application\/json\b/i.test(webhook.headers['content-type'] ?? '');
      const params = json ? {} : formParams(webhook.rawBody);
      const valid = json
        ? twilio.validateRequestWithBody(authToken, signature, webhook.url, webhook.rawBody)
        : twilio.validateRequest(authToken, signature, webhook.url, params);
      if (!valid) return { ok: false, reason: `X-Twilio-Signature does not match the request to ${webhook.url}` };
      const status = first(params.CallStatus);
      return { ok: true, callback: { callId: first(params.CallSid) ?? null, status: status ?? null, ended: status !== undefined && ENDED.has(status) } };
    },
  };
}

/** Form parameters as the validator takes them: a repeated name becomes an array. */
function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
