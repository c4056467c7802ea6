/**
 * The carriers' call status webhooks the configuration can check: Twilio's with the account's auth token, Telnyx's
 * with the configured Ed25519 public key. A carrier without its secret has no verifier, and its webhook route answers
 * 404. Built once per configuration object.
 */
import type { CarrierName, WebhookVerifier } from '../../carriers/carrier';
import { twilioWebhookVerifier } from '../../carriers/twilio/webhooks';
import type { ReconcilerConfig } from '../config/schema';

/** Verifiers by carrier, for those the configuration can check. */
export type WebhookVerifiers = Partial<Record<CarrierName, WebhookVerifier>>;

const BUILT = new WeakMap<ReconcilerConfig['carriers'], WebhookVerifiers>();

/** The verifiers of a configuration. */
export function webhookVerifiers(config: Pick<ReconcilerConfig, 'carriers'>): WebhookVerifiers {
  let built = BUILT.get(config.carriers);
  if (!built) {
    const { twilio, telnyx } = config.carriers;
    built = {};
    if (twilio) built.twilio = twilioWebhookVerifier(twilio.authToken);
    if (telnyx?.publicKey) {
      // Required here: a reconciler without Telnyx never loads its SDK.
      const { telnyxWebhookVerifier } = require('../../carriers/telnyx/webhooks') as typeof import('../../carriers/telnyx/webhooks');
      built.telnyx = telnyxWebhookVerifier(telnyx.publicKey);
    }
    BUILT.set(config.carriers, built);
  }
  return built;
}
