/**
 * Telnyx's call webhooks, checked with the SDK's own verifier: Ed25519 over `<telnyx-timestamp>|<body>` with the
 * account's public key (base64, as Mission Control shows it), and a timestamp within 5 minutes of now. Translated
 * into the port's CallStatusCallback; no decision is made here.
 */
import { TelnyxWebhook } from 'telnyx/lib/webhooks';
import type { SignedWebhook, WebhookVerdict, WebhookVerifier } from '../carrier';

/** Events after which a call's record is final. */
const ENDED = new Set(['call.hangup']);

/** A verifier of Telnyx's webhooks signed by the key whose public half is `publicKey`; a malformed key throws here. */
export function telnyxWebhookVerifier(publicKey: string): WebhookVerifier {
  const webhook = new TelnyxWebhook(publicKey);
  return {
    carrier: 'telnyx',
    async verify(request: SignedWebhook): Promise<WebhookVerdict> {
      try {
        await webhook.verify(request.rawBody, { ...request.headers });
      } catch (err) {
        return { ok: false, reason: (err as Error).message };
      }
      const event = eventOf(request.rawBody);
      const type = typeof event?.event_type === 'string' ? event.event_type : null;
      const callId = event?.payload?.call_leg_id ?? event?.payload?.call_session_id ?? null;
      return { ok: true, callback: { callId: typeof callId === 'string' ? callId : null, status: type, ended: type !== null && ENDED.has(type) } };
    },
  };
}

interface TelnyxEvent {
  event_type?: unknown;
  payload?: { call_session_id?: unknown; call_leg_id?: unknown };
}

/** The event of a delivery (`{ data: { event_type, payload } }`); a signed body that is not one reads as no event. */
function eventOf(body: string): TelnyxEvent | undefined {
  try {
    const parsed = JSON.parse(body) as { data?: TelnyxEvent };
    return typeof parsed?.data === 'object' && parsed.data !== null ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
