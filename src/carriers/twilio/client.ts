/** Builds the official twilio SDK client from explicit configuration (never from environment variables). */
import twilio from 'twilio';
import { TwilioHttpClient, type TwilioHttpClientOptions } from './http-client';

/** The SDK client type. */
export type TwilioClient = ReturnType<typeof twilio>;

/** What a Twilio client is built from; handlers receive the built client, never this. */
export interface TwilioClientConfig extends Omit<TwilioHttpClientOptions, 'baseUrl'> {
  /** Account SID (`AC…`). */
  accountSid: string;
  /** Auth token (or API key secret with `apiKeySid`). Kept out of every log and error message. */
  authToken: string;
  /** API key SID (`SK…`); when set, `authToken` is that key's secret. */
  apiKeySid?: string;
  /** Sandbox root URL (e.g. `http://127.0.0.1:4010`); absent means Twilio itself. */
  baseUrl?: string;
  /** Twilio edge location (e.g. `sydney`); none unless given. */
  edge?: string;
  /** Twilio processing region (e.g. `au1`); none unless given. */
  region?: string;
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
  if (config.apiKeySid !== undefined && config.baseUrl !== undefined) {
    throw new Error('twilioApiKeySid: the sandbox accepts only the account SID and auth token; leave the API key out when twilioBaseUrl is set');
  }
  const httpClient = new TwilioHttpClient({ baseUrl: config.baseUrl, retry: config.retry, onRetry: config.onRetry, timeoutMs: config.timeoutMs, maxInFlight: config.maxInFlight });
  // The SDK falls back to TWILIO_EDGE, TWILIO_REGION and TWILIO_LOG_LEVEL from the environment for anything not given;
  // explicit empty values keep configuration where it is declared.
  const opts = { httpClient, env: {}, edge: config.edge ?? '', region: config.region ?? '', logLevel: '' };
  return config.apiKeySid
    ? twilio(config.apiKeySid, config.authToken, { ...opts, accountSid: config.accountSid })
    : twilio(config.accountSid, config.authToken, opts);
}
