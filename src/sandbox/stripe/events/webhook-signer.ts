/**
 * Signs webhook payloads exactly as Stripe does, so `stripe.webhooks.constructEvent(body, header, secret)` verifies
 * them: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>`.
 */
import { createHmac } from 'node:crypto';

/** The `Stripe-Signature` header for `payload` signed with `secret` at `timestampSeconds`. */
export function stripeSignatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
