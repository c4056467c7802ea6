/**
 * Signs webhook payloads exactly as Stripe does, so `stripe.webhooks.constructEvent(body, header, secret)` verifies
 * them: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>`.
 * The scheme itself is core's (didops signs its own webhooks the same way).
 */
import { signatureHeader } from '../../../core/webhook-signature';

/** The `Stripe-Signature` header for `payload` signed with `secret` at `timestampSeconds`. */
export function stripeSignatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  return signatureHeader(payload, secret, timestampSeconds);
}
