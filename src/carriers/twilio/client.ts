/** Builds the official twilio SDK client from explicit configuration (never from environment variables). */
import twilio from 'twilio';
import { TwilioHttpClient, type TwilioHttpClientOptions } from './http-client';

/** The SDK client type. */
export type TwilioClient = ReturnType<typeof twilio>;

/** What a Twilio client is built from; handlers receive the built client, never this. */
export interface TwilioClientConfig extends Omit<TwilioHttpClientOptions, 'baseUrl'> {
  accountSid: string;
  /** Auth token (or API key secret with `apiKeySid`). Kept out of every log and error message. */
  authToken: string;
  /** API key SID (`SK…`); when set, `authToken` is that key's secret. */
  apiKeySid?: string;
  /** Sandbox root URL (e.g. `http://127.0.0.1:4010`); absent means Twilio itself. */
  baseUrl?: string;
}

/** Creates the SDK client; with `baseUrl` every product (api, studio, pricing, numbers, trunking, voice) goes to the sandbox. */
export function createTwilioClient(config: TwilioClientConfig): TwilioClient {
  if (!/^AC[0-9a-fA-F]{32}$/.test(config.accountSid)) {
    throw new Error(`twilioAccountSid: "${config.accountSid}" is not an account SID (AC followed by 32 hex characters)`);
  }
  if (!config.authToken) throw new Error('twilioAuthToken: the auth token is empty; set it (as a secret) in the provider configuration');
  if (config.baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(config.baseUrl)) {
    throw new Error(`twilioBaseUrl: "${config.baseUrl}" is not an http(s) URL such as http://127.0.0.1:4010`);
  }
  const httpClient = new TwilioHttpClient({ baseUrl: config.baseUrl, retry: config.retry, onRetry: config.onRetry, timeoutMs: config.timeoutMs });
  return config.apiKeySid
    ? twilio(config.apiKeySid, config.authToken, { accountSid: config.accountSid, httpClient })
    : twilio(config.accountSid, config.authToken, { httpClient });
}
