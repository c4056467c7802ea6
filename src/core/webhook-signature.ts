/**
 * Webhook signatures in Stripe's scheme, which didops uses for its own webhooks (reconciler alerts) and the Stripe
 * sandbox uses for Stripe's: a header `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the
 * endpoint's secret. The timestamp is inside the signed text, so a captured request cannot be replayed later with a
 * fresh `t`; receivers refuse timestamps outside a tolerance (5 minutes by default, as Stripe's SDKs do).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from './errors';

/** How long after signing a receiver accepts a signature by default, in seconds (Stripe's SDK default). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The header value for `payload` signed with `secret` at `timestampSeconds` (fractions are dropped). */
export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${hmacHex(secret, t, payload)}`;
}

/** Options of {@link verifySignatureHeader}. */
export interface VerifySignatureOptions {
  /** Oldest (and newest) accepted signature, in seconds from now; default {@link DEFAULT_SIGNATURE_TOLERANCE_SECONDS}. */
  readonly toleranceSeconds?: number;
  /** The receiver's clock (default: the system's). */
  readonly now?: Date;
  /** The header's name, for error messages (default `signature`). */
  readonly headerName?: string;
}

/**
 * Checks that `header` signs exactly `payload` (the raw body as received, before any JSON parsing) with `secret`
 * within the tolerance; throws an AuthenticationError saying which check failed. Any one of several `v1` entries may
 * match, so a sender can sign with an old and a new secret while a receiver rotates.
 */
export function verifySignatureHeader(payload: string | Uint8Array, header: string | null | undefined, secret: string, options: VerifySignatureOptions = {}): void {
  const name = options.headerName ?? 'signature';
  const refuse = (summary: string, detail: string) => new AuthenticationError({ summary, detail, field: `header.${name}`, status: 400, code: 'invalid_signature' });
  if (!header) throw refuse(`the ${name} header is missing`, 'sign the request as t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">');
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) t = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (t === undefined) throw refuse(`the ${name} header has no timestamp`, `expected "t=<unix seconds>,v1=<hex>", got "${header.slice(0, 80)}"`);
  if (signatures.length === 0) throw refuse(`the ${name} header has no v1 signature`, `expected "t=<unix seconds>,v1=<hex>", got "${header.slice(0, 80)}"`);
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - t) > tolerance) {
    throw refuse(`the ${name} timestamp ${t} is ${nowSeconds - t} s from this receiver's clock, beyond the ${tolerance} s tolerance`, 'a replayed request, or a clock out of sync: check NTP on both sides');
  }
  const body = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  const matches = signatures.some((candidate) => {
    const given = /^[0-9a-f]{64}$/i.test(candidate) ? Buffer.from(candidate, 'hex') : undefined;
    return given !== undefined && timingSafeEqual(given, expected);
  });
  if (!matches) throw refuse(`no ${name} v1 signature matches the body`, 'check the secret, and that the body is verified exactly as received (not re-serialised JSON)');
}

function hmacHex(secret: string, t: number, payload: string): string {
  return createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
}
