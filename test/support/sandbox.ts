/** Test harness: a real sandbox on loopback and real twilio SDK clients that record every exchange for conformance checks. */
import { carrierSet, type CarrierSet } from '../../src/carriers/carrier-set';
import { twilioCarrier, type TwilioCarrier } from '../../src/carriers/twilio/carrier';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { TwilioHttpClient, type TwilioHttpClientOptions } from '../../src/carriers/twilio';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import { expectResponseConforms } from './conformance';

/** Inventory size of test sandboxes: big enough for rare patterns, small enough to copy in a blink. */
export const TEST_INVENTORY_SIZE = 200_000;
/** Seed of test sandboxes. */
export const TEST_SEED = 7;

/** One request and its answer, as the SDK saw them (the URL is Twilio's, before the sandbox rewrite). */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

/** The SDK's HTTP client plus a log of every exchange. */
export class RecordingHttpClient extends TwilioHttpClient {
  readonly exchanges: Exchange[] = [];

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const response = await super.request(opts);
    let body: unknown = response.body;
    if (typeof body === 'string' && body.length > 0) body = JSON.parse(body);
    const query = opts.params && Object.keys(opts.params).length ? `?${new URLSearchParams(opts.params as Record<string, string>)}` : '';
    this.exchanges.push({ method: String(opts.method).toUpperCase(), url: opts.uri + query, status: response.statusCode, body });
    return response;
  }
}

/** A provider configuration holding only the Twilio carrier over `client` (no-op sleeps for fast retries when asked). */
export function twilioCarriers(client: ReturnType<typeof twilio>, options: { sleep?: (ms: number) => Promise<void> } = {}): CarrierSet {
  const carrier = twilioCarrier(client, options);
  return carrierSet({ twilio: () => carrier });
}

/** A sandbox with a recording SDK client. */
export interface TestSandbox {
  sandbox: RunningSandbox;
  client: ReturnType<typeof twilio>;
  /** The Twilio carrier over `client`, as handlers and search take it. */
  carrier: TwilioCarrier;
  /** A provider configuration with that one carrier (the default). */
  carriers: CarrierSet;
  http: RecordingHttpClient;
  dataDir: string;
  /** Another SDK client for the same sandbox (e.g. with other credentials or retry settings). */
  newClient(options?: { authToken?: string; http?: TwilioHttpClientOptions }): { client: ReturnType<typeof twilio>; http: RecordingHttpClient };
  /** Asserts that every recorded answer matches the official OpenAPI schema of its operation. */
  expectAllConform(): void;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts a sandbox in a fresh temporary data dir (or the given one). */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'didops-test-'));
  const sandbox = await startSandbox({ seed: TEST_SEED, inventorySize: TEST_INVENTORY_SIZE, ...options, dataDir });
  const clients: RecordingHttpClient[] = [];
  const newClient: TestSandbox['newClient'] = (o = {}) => {
    const http = new RecordingHttpClient({ baseUrl: sandbox.url, retry: false, ...o.http });
    clients.push(http);
    return { client: twilio(sandbox.accountSid, o.authToken ?? sandbox.authToken, { httpClient: http }), http };
  };
  const main = newClient();
  return {
    sandbox,
    dataDir,
    client: main.client,
    carrier: twilioCarrier(main.client),
    carriers: twilioCarriers(main.client),
    http: main.http,
    newClient,
    expectAllConform() {
      for (const http of clients) {
        for (const x of http.exchanges) expectResponseConforms(x.method as 'GET', x.url, x.status, x.body, {
          allFieldsPresent: true,
          // Undeclared fields are reported on request: the sandbox sends a few on purpose (see docs/sandbox.md).
          noExtraFields: process.env.DIDOPS_STRICT_FIELDS === '1',
        });
      }
    },
    async close(o = {}) {
      await sandbox.close();
      if (!o.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a sandbox for the surrounding test file: started before its tests, checked for conformance and closed
 * after them. The returned object is filled in by `beforeAll`.
 */
export function useTestSandbox(options: Partial<SandboxOptions> = {}): TestSandbox {
  const holder = {} as TestSandbox;
  beforeAll(async () => {
    Object.assign(holder, await startTestSandbox(options));
  });
  afterAll(async () => {
    try {
      holder.expectAllConform();
    } finally {
      await holder.close();
    }
  });
  return holder;
}
