/**
 * Test harness for the Stripe sub-app: the official `stripe` SDK built by didops' own createStripeClient and pointed at
 * a sandbox (no SDK retries unless asked), raw form requests for wire-format tests, and a webhook receiver that
 * records what it got and can be told to fail.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeClient, type StripeClient } from '../../src/billing/stripe/client';
import type { RunningSandbox } from '../../src/sandbox/server';

/** The SDK against a sandbox, retries off unless `maxNetworkRetries` says otherwise. */
export function sandboxStripe(sandbox: RunningSandbox, options: { secretKey?: string; maxNetworkRetries?: number } = {}): StripeClient {
  return createStripeClient({ secretKey: options.secretKey ?? sandbox.stripeSecretKey, baseUrl: sandbox.stripeBaseUrl, maxNetworkRetries: options.maxNetworkRetries ?? 0 });
}

/** A decimal parameter as the SDK types it (`unit_amount_decimal: decimal('0.85')`); it is sent as the string. */
export function decimal(value: string): Stripe.Decimal {
  return Stripe.Decimal.from(value);
}

/** A Stripe error as the SDK raises it (StripeInvalidRequestError, StripeCardError, …), with the raw body's fields. */
export interface SdkStripeError extends Error {
  type: string;
  statusCode: number;
  code?: string;
  param?: string;
  decline_code?: string;
  requestId?: string;
  raw: { type: string; code?: string; param?: string; message: string; doc_url?: string; decline_code?: string; payment_intent?: { id: string; status: string }; setup_intent?: { id: string; status: string } };
  headers: Record<string, string>;
}

/** The SDK error a call fails with; fails the test if the call succeeds. */
export async function stripeFailure(call: Promise<unknown>): Promise<SdkStripeError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Error && 'statusCode' in err) return err as SdkStripeError;
    throw err;
  }
  throw new Error('expected the Stripe call to fail, but it succeeded');
}

/** A raw answer: status, headers and parsed JSON body. */
export interface RawStripeAnswer {
  status: number;
  headers: Headers;
  body: { error?: { type: string; code?: string; message: string; param?: string; doc_url?: string } } & Record<string, unknown>;
}

/**
 * Sends a request as any HTTP client would: `form` is the exact form text (POST body, or query string otherwise),
 * authenticated with the sandbox's key unless `headers.authorization` says otherwise.
 */
export async function stripeRaw(sandbox: RunningSandbox, method: string, path: string, form = '', headers: Record<string, string> = {}): Promise<RawStripeAnswer> {
  const url = method === 'POST' || form === '' ? `${sandbox.url}${path}` : `${sandbox.url}${path}?${form}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${sandbox.stripeSecretKey}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: method === 'POST' ? form : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

/** One delivery a receiver got. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing in for a webhook endpoint. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answers the next `count` deliveries with `status` (then 200 again). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** Starts a receiver on loopback that answers 200 unless told to fail. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        res.writeHead(failures.status).end('receiver failing on purpose');
      } else res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
