/**
 * The official Stripe SDK, built once from configuration and handed to the billing port. Pointing `baseUrl` at the
 * sandbox (`http://127.0.0.1:4010`) makes the same SDK speak to it, as stripe-mock users do with `host`/`port`.
 */
import Stripe from 'stripe';

/** The API version every request pins; the sandbox and our types follow it. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** How to reach Stripe. */
export interface StripeClientConfig {
  /** Secret key: `sk_test_…` or `sk_live_…` (restricted `rk_…` keys too). Never logged. */
  secretKey: string;
  /** Another API host, such as the sandbox (`http://127.0.0.1:4010`); Stripe's own host when absent. */
  baseUrl?: string;
  /** Network retries the SDK makes itself, with its jittered backoff and idempotency keys (default 2). */
  maxNetworkRetries?: number;
  /** Per-request timeout in milliseconds (default 30 000, the SDK's own is 80 000). */
  timeoutMs?: number;
}

/** The Stripe SDK client didops uses. */
export type StripeClient = Stripe;

/** Builds the Stripe SDK client, refusing a configuration that could only fail later with a less helpful message. */
export function createStripeClient(config: StripeClientConfig): StripeClient {
  if (!/^(sk|rk)_(test|live)_[A-Za-z0-9_]{1,240}$/.test(config.secretKey ?? '')) {
    throw new Error('stripeSecretKey: not a Stripe secret key; it starts with sk_test_ or sk_live_ (the sandbox prints the one it accepts)');
  }
  let endpoint: Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> = {};
  if (config.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(config.baseUrl);
    } catch {
      throw new Error(`stripeBaseUrl: "${config.baseUrl}" is not a URL such as http://127.0.0.1:4010`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '')) {
      throw new Error(`stripeBaseUrl: "${config.baseUrl}" must be an http(s) origin without a path, such as http://127.0.0.1:4010`);
    }
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    endpoint = { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
  }
  return new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: config.maxNetworkRetries ?? 2,
    timeout: config.timeoutMs ?? 30_000,
    // No telemetry header about earlier requests: the sandbox and tests should see only what was asked.
    telemetry: false,
    appInfo: { name: 'didops', url: 'https://github.com/didops/didops' },
    ...endpoint,
  });
}
