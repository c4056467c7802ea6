/** Test harness for the Telnyx sub-app: the official `telnyx` SDK pointed at a sandbox, recording every exchange. */
import Telnyx, { APIError } from 'telnyx';
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
