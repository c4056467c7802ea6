/** Builds the official telnyx SDK client from explicit configuration (never from environment variables). */
import { createHash } from 'node:crypto';
import Telnyx from 'telnyx';
import { createTelnyxFetch, type TelnyxFetchOptions } from './http-fetch';

/** The SDK client type. */
export type TelnyxClient = Telnyx;

/** What a Telnyx client is built from; handlers receive the built client, never this. */
export interface TelnyxClientConfig extends Omit<TelnyxFetchOptions, 'sleep'> {
  /** API v2 key (`KEY…`). Kept out of every log and error message. */
  apiKey: string;
  /**
   * Sandbox root URL (e.g. `http://127.0.0.1:4010`); absent means Telnyx itself. The Telnyx API lives under `/v2`
   * there as on api.telnyx.com, so `/v2` is appended unless the URL already ends with it.
   */
  baseUrl?: string;
}

/** Telnyx's own API root. */
export const TELNYX_API_URL = 'https://api.telnyx.com/v2';

/** The SDK's base URL for a configured sandbox root (or Telnyx's own). */
export function telnyxBaseUrl(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return TELNYX_API_URL;
  const root = baseUrl.replace(/\/+$/, '');
  return /\/v2$/.test(root) ? root : `${root}/v2`;
}

/**
 * A name for the account a key acts for, without the key: Telnyx keys carry no account id, and asking the API for
 * one would cost a request per client. The fingerprint cannot be turned back into the key.
 */
export function telnyxKeyFingerprint(apiKey: string): string {
  return `telnyx key ${createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, 10)}`;
}

/** Checks the configuration, naming the setting and the fix; never echoes the key. */
export function checkTelnyxConfig(config: TelnyxClientConfig): void {
  if (!config.apiKey) throw new Error('telnyxApiKey: the Telnyx API key is empty; set it as a secret (Pulumi: didops:telnyxApiKey; Terraform: telnyx_api_key or DIDOPS_TELNYX_API_KEY)');
  if (/\s/.test(config.apiKey)) throw new Error('telnyxApiKey: the Telnyx API key contains whitespace; copy it again from the Telnyx portal (API Keys)');
  if (config.baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(config.baseUrl)) {
    throw new Error(`telnyxBaseUrl: "${config.baseUrl}" is not an http(s) URL such as http://127.0.0.1:4010`);
  }
}

/**
 * Creates the SDK client. Every option the SDK would otherwise read from the environment (TELNYX_API_KEY,
 * TELNYX_BASE_URL, TELNYX_LOG, the OAuth client id and secret, TELNYX_PUBLIC_KEY) is given explicitly, so configuration
 * stays where it is declared. Retries are didops' (http-fetch.ts), so the SDK's are off.
 */
export function createTelnyxClient(config: TelnyxClientConfig, options: { sleep?: (ms: number) => Promise<void> } = {}): TelnyxClient {
  checkTelnyxConfig(config);
  const fetch = createTelnyxFetch({ ...config, sleep: options.sleep });
  const perAttemptMs = config.timeoutMs ?? 30_000;
  return new Telnyx({
    apiKey: config.apiKey,
    publicKey: null,
    clientID: null,
    clientSecret: null,
    baseURL: telnyxBaseUrl(config.baseUrl),
    fetch,
    maxRetries: 0,
    // The SDK's timeout spans the whole retry loop inside `fetch`; each attempt has its own timeout there.
    timeout: perAttemptMs * 4 + (config.retry === false ? 0 : (config.retry?.maxElapsedMs ?? 60_000)),
    logLevel: 'off',
  });
}
