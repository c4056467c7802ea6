/**
 * Test harness for the Telnyx sub-app: the official `telnyx` SDK pointed at a sandbox, recording every exchange, and
 * didops' Telnyx carrier against it. (Apart from support/sandbox.ts, so that tests without Telnyx never load its SDK.)
 */
import Telnyx, { APIError } from 'telnyx';
import type twilio from 'twilio';
import type { CarrierName } from '../../src/carriers/carrier';
import { carrierSet, type CarrierSet } from '../../src/carriers/carrier-set';
import { createTelnyxCarrier, type TelnyxCarrier } from '../../src/carriers/telnyx';
import { twilioCarrier } from '../../src/carriers/twilio/carrier';
import type { RunningSandbox } from '../../src/sandbox/server';

/** One request and its answer as the SDK saw them. */
export interface TelnyxExchange {
  method: string;
  /** Path under `/v2`, without the query. */
  path: string;
  status: number;
  body: unknown;
}

/** An SDK client and the exchanges it made. */
export interface RecordingTelnyx {
  client: Telnyx;
  exchanges: TelnyxExchange[];
}

/**
 * The official client, unchanged but for its options: `baseURL` is the sandbox's `/v2` and retries are off (a test
 * that wants them passes `maxRetries`). Its fetch is wrapped only to record what came back.
 */
export function telnyxClient(sandbox: RunningSandbox, options: { apiKey?: string; maxRetries?: number } = {}): RecordingTelnyx {
  const exchanges: TelnyxExchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text, and the conformance check will say so.
    }
    exchanges.push({ method: (init?.method ?? 'GET').toUpperCase(), path: url.pathname.replace(/^\/v2/, ''), status: response.status, body });
    return response;
  };
  const client = new Telnyx({
    apiKey: options.apiKey ?? sandbox.telnyxApiKey,
    baseURL: sandbox.telnyxBaseUrl,
    publicKey: sandbox.telnyxPublicKey,
    maxRetries: options.maxRetries ?? 0,
    fetch: recordingFetch,
  });
  return { client, exchanges };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** `POST /_sandbox/telnyx`: changes the order delay or the webhook URL at run time, as a user would with curl. */
export async function configureTelnyx(sandbox: RunningSandbox, settings: { orderDelayMs?: number; webhookUrl?: string | null }): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.url}/_sandbox/telnyx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.telnyxApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!res.ok) throw new Error(`POST /_sandbox/telnyx answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The SDK error a call fails with; fails the test if the call succeeds. */
export async function telnyxFailure(call: Promise<unknown>): Promise<APIError & { error: { errors: { code: string; title: string; detail: string; source?: Record<string, string> }[] } }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof APIError) return err as never;
    throw err;
  }
  throw new Error('expected the Telnyx call to fail, and it succeeded');
}

/** Waits that are real but short: a Telnyx order settles on the sandbox's clock, so polling must still yield. */
export const fastSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10)));

/** The Telnyx carrier against the sandbox's `/v2`, polling orders and retrying quickly. */
export function sandboxTelnyxCarrier(sandbox: RunningSandbox): TelnyxCarrier {
  return createTelnyxCarrier({
    apiKey: sandbox.telnyxApiKey,
    baseUrl: sandbox.url,
    orderPolling: { initialDelayMs: 10, maxDelayMs: 50, timeoutMs: 10_000 },
    sleep: fastSleep,
  });
}

/** A provider configuration holding only the Telnyx carrier, against the sandbox. */
export function telnyxCarriers(sandbox: RunningSandbox, carrier: TelnyxCarrier = sandboxTelnyxCarrier(sandbox)): CarrierSet {
  return carrierSet({ telnyx: () => carrier }, 'telnyx');
}

/**
 * A provider configured with both carriers against one sandbox, `defaultName` used by resources that name none: the
 * configuration a stack that moves numbers between carriers has.
 */
export function bothCarriers(client: ReturnType<typeof twilio>, telnyx: TelnyxCarrier, defaultName: CarrierName): CarrierSet {
  const twilioOne = twilioCarrier(client, { sleep: async () => {} });
  return carrierSet({ twilio: () => twilioOne, telnyx: () => telnyx }, defaultName);
}
