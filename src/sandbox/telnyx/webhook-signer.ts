/**
 * Signs webhooks as Telnyx does: Ed25519 over `${timestamp}|${body}`, the signature in `telnyx-signature-ed25519`
 * (base64) and the Unix timestamp in seconds in `telnyx-timestamp`. The public key is shown as Telnyx's portal shows
 * it, base64 of the 32 raw key bytes, which is what the SDK's `client.webhooks.unwrap` (and `TelnyxWebhook`) takes.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';

// The fixed DER header of a PKCS#8 Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Headers of one signed delivery. */
export interface SignedHeaders {
  'telnyx-signature-ed25519': string;
  'telnyx-timestamp': string;
}

/** One sandbox's webhook signing key. */
export class WebhookSigner {
  private readonly privateKey: KeyObject;
  /** Base64 of the raw 32-byte public key, as the Telnyx portal shows it. */
  readonly publicKeyBase64: string;

  constructor(
    /** The 32-byte Ed25519 seed (the private key). */
    readonly seed: Buffer,
  ) {
    if (seed.length !== 32) throw new Error(`an Ed25519 seed is 32 bytes (got ${seed.length})`);
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' });
    this.publicKeyBase64 = spki.subarray(spki.length - 32).toString('base64');
  }

  /** A fresh random key. */
  static random(): WebhookSigner {
    return new WebhookSigner(randomBytes(32));
  }

  /** A key derived from a seed string, the same on every machine, for reproducible setups. */
  static fromSeed(seed: string): WebhookSigner {
    return new WebhookSigner(createHash('sha256').update(`didops-sandbox-telnyx-webhook-key:${seed}`).digest());
  }

  /** The headers that sign `body` at `timestampSeconds`. */
  sign(body: string, timestampSeconds: number): SignedHeaders {
    const timestamp = String(Math.floor(timestampSeconds));
    const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), this.privateKey).toString('base64');
    return { 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp };
  }
}
