/**
 * Webhook signatures in Stripe's scheme (src/core/webhook-signature.ts): what didops signs, the Stripe SDK verifies,
 * and what the SDK signs, didops verifies; a receiver of the reconciler's alert webhooks refuses anything tampered,
 * stale or signed with another secret, and accepts either secret while the sender rotates.
 */
import Stripe from 'stripe';
import { signAlertWebhook, verifyAlertWebhook, type AlertFiredEvent } from '../../src';
import { signatureHeader, verifySignatureHeader } from '../../src/core/webhook-signature';

const SECRET = 'whsec_test_secret_for_signatures';
const stripe = new Stripe('sk_test_signatures');
const event = { id: 'alf_1', type: 'alert.fired', created: 1_773_165_600, data: { alert_id: 'al_1', value: '3' } };
const body = JSON.stringify(event);

describe('webhook signatures', () => {
  it("are Stripe's: the Stripe SDK verifies ours and we verify the SDK's", () => {
    const now = Date.now() / 1000;
    expect(stripe.webhooks.constructEvent(body, signatureHeader(body, SECRET, now), SECRET)).toEqual(event);
    const sdkHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    expect(() => verifySignatureHeader(body, sdkHeader, SECRET)).not.toThrow();
  });

  it('let an alert receiver read the event only when the body, the secret and the time are right', () => {
    const at = new Date('2026-03-10T18:00:00Z');
    const header = signAlertWebhook(body, SECRET, at);
    expect(header).toMatch(/^t=1773165600,v1=[0-9a-f]{64}$/);
    expect(verifyAlertWebhook(Buffer.from(body), header, SECRET, { now: new Date(at.getTime() + 299_000) })).toEqual<Partial<AlertFiredEvent>>(event as never);

    const refused = (b: string, h: string | undefined, secret: string, now = at) => {
      try {
        verifyAlertWebhook(b, h, secret, { now });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused(body.replace('"3"', '"4"'), header, SECRET)).toMatch(/^header\.Didops-Signature: no Didops-Signature v1 signature matches the body/);
    expect(refused(body, header, 'whsec_another')).toMatch(/no Didops-Signature v1 signature matches/);
    expect(refused(body, header, SECRET, new Date(at.getTime() + 301_000))).toMatch(/timestamp 1773165600 is 301 s from this receiver's clock, beyond the 300 s tolerance/);
    expect(refused(body, undefined, SECRET)).toMatch(/the Didops-Signature header is missing/);
    expect(refused(body, 't=1773165600', SECRET)).toMatch(/has no v1 signature/);
    expect(refused(body, header.replace(/v1=\w+/, 'v1=zz'), SECRET)).toMatch(/no Didops-Signature v1 signature matches/);
  });

  it('accept any one of several v1 signatures, so a secret can be rotated without dropping webhooks', () => {
    const at = new Date('2026-03-10T18:00:00Z');
    const t = Math.floor(at.getTime() / 1000);
    const both = `${signatureHeader(body, 'whsec_old', t)},${signatureHeader(body, SECRET, t).split(',')[1]}`;
    expect(() => verifyAlertWebhook(body, both, SECRET, { now: at })).not.toThrow();
    expect(() => verifyAlertWebhook(body, both, 'whsec_old', { now: at })).not.toThrow();
  });
});
