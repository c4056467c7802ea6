/** Telnyx's error answers in didops' terms: the class, the field the user wrote, the fix, and never the API key. */
import { inspect } from 'node:util';
import Telnyx, { APIError } from 'telnyx';
import {
  AuthenticationError,
  CarrierError,
  ConflictError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '../../src/core/errors';
import { fieldOfTelnyxSource, fromTelnyxError, type TelnyxErrorEntry } from '../../src/carriers/telnyx/errors';
import { createTelnyxClient } from '../../src/carriers/telnyx/client';

const API_KEY = 'KEY0189abcdefSECRETpart_0123456789';

/** The SDK's own error for a status and body, as it raises it from a response. */
function sdkError(status: number, errors: TelnyxErrorEntry[], headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { errors }, undefined, new Headers({ 'content-type': 'application/json', ...headers }));
}

/** Every text an error exposes: message, fields, cause, and a deep inspection as a log would print it. */
function everything(error: Error): string {
  return [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), inspect(error.cause, { depth: 10 })].join('\n');
}

describe('fromTelnyxError', () => {
  it.each([
    [401, '10009', AuthenticationError],
    [403, '10010', AuthenticationError],
    [404, '10005', NotFoundError],
    [429, '10011', RateLimitError],
    [422, '10002', ValidationError],
    [422, '10016', ValidationError],
    [422, '10017', ValidationError],
    [409, '10012', ConflictError],
    [422, '10021', ConflictError],
    [500, '10007', CarrierError],
  ] as const)('HTTP %i with code %s becomes %p', (status, code, Class) => {
    const error = fromTelnyxError(sdkError(status, [{ code, title: 'Title', detail: 'Detail' }]), { operation: 'buy +14155550100' });
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code, source: 'telnyx' });
    expect(error.summary).toMatch(/^buy \+14155550100: /);
    expect(error.detail).toContain('Telnyx said: Title: Detail');
  });

  it('chooses by the code before the status: a 422 "resource in use" is a conflict, not bad input', () => {
    const error = fromTelnyxError(sdkError(422, [{ code: '10021', title: 'Resource in use', detail: 'The address is used by 2 numbers' }]));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.retryable).toBe(false);
  });

  it('falls back to the status for codes it does not know, keeping what Telnyx said', () => {
    const error = fromTelnyxError(sdkError(422, [{ code: '85001', title: 'Number not orderable', detail: '+14155550100 must come from a recent search' }]), { operation: 'order +14155550100' });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.summary).toBe('order +14155550100: Number not orderable: +14155550100 must come from a recent search');
    expect(error.code).toBe('85001');
  });

  it('marks rate limits and server errors retryable, bad input not', () => {
    expect(fromTelnyxError(sdkError(429, [{ code: '10011', title: 'Too many requests' }])).retryable).toBe(true);
    expect(fromTelnyxError(sdkError(503, [])).retryable).toBe(true);
    expect(fromTelnyxError(sdkError(400, [{ code: '10015', title: 'Bad Request' }])).retryable).toBe(false);
  });

  it('names the configuration to fix when the key is refused', () => {
    const error = fromTelnyxError(sdkError(401, [{ code: '10009', title: 'Authentication failed', detail: 'The API key is invalid' }]));
    expect(error.detail).toContain('didops:telnyxApiKey');
    expect(error.detail).toContain('telnyx_api_key');
    expect(error.detail).toContain('DIDOPS_TELNYX_API_KEY');
  });

  it('keeps the request id Telnyx sent', () => {
    const error = fromTelnyxError(sdkError(500, [{ code: '10007', title: 'Unexpected error' }], { 'x-request-id': 'req-42' }));
    expect(error.requestId).toBe('req-42');
  });

  describe('the field, from source.pointer or source.parameter, in the port’s words', () => {
    it.each([
      [{ pointer: '/phone_numbers/0/phone_number' }, 'number'],
      [{ pointer: '/emergency_address_id' }, 'emergencyAddress'],
      [{ pointer: '/connection_id' }, 'trunk'],
      [{ pointer: '/street_address' }, 'street'],
      [{ pointer: '/extended_address' }, 'streetSecondary'],
      [{ pointer: '/administrative_area' }, 'region'],
      [{ pointer: '/postal_code' }, 'postalCode'],
      [{ pointer: '/webhook_event_url' }, 'voice'],
      [{ parameter: 'filter[national_destination_code]' }, 'areaCode'],
      [{ parameter: 'filter[phone_number][starts_with]' }, 'number'],
      [{ pointer: '/inbound/channel_limit' }, undefined],
      [undefined, undefined],
    ])('%j → %s', (source, field) => {
      expect(fieldOfTelnyxSource(source)).toBe(field);
    });

    it('points the error at that field, and lets an operation say what connection_id meant there', () => {
      const body = [{ code: '10017', title: 'Associated resource does not exist', detail: 'connection_id 123 does not exist', source: { pointer: '/connection_id' } }];
      expect(fromTelnyxError(sdkError(422, body)).field).toBe('trunk');
      expect(fromTelnyxError(sdkError(422, body), { fieldOf: { connection_id: 'voice' } }).field).toBe('voice');
      expect(fromTelnyxError(sdkError(422, body), { field: 'emergencyAddress' }).field).toBe('emergencyAddress');
      expect(fromTelnyxError(sdkError(422, body)).message).toMatch(/^trunk: /);
    });

    it('takes the first entry that names a known field when Telnyx reports several', () => {
      const error = fromTelnyxError(sdkError(422, [
        { code: '10015', title: 'Bad Request', detail: 'inbound is invalid', source: { pointer: '/inbound' } },
        { code: '10002', title: 'Invalid phone number', detail: 'not a number', source: { pointer: '/phone_numbers/1/phone_number' } },
      ]));
      expect(error.field).toBe('number');
      expect(error.detail).toContain('Telnyx said: Bad Request: inbound is invalid; Invalid phone number: not a number');
    });
  });

  it('turns a connection that never got an answer into a retryable NetworkError with the socket code', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const error = fromTelnyxError(new Telnyx.APIConnectionError({ cause: refused }), { operation: 'list the account’s numbers' });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
    expect(error.detail).toContain('telnyxBaseUrl');
    expect(fromTelnyxError(new Telnyx.APIConnectionTimeoutError())).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('never shows the API key, however the failure is printed', async () => {
    // A real SDK client with the key, refused by a server that echoes nothing: the error is the SDK's own.
    const client = createTelnyxClient({
      apiKey: API_KEY,
      baseUrl: 'http://127.0.0.1:9',
      retry: false,
      fetch: async () => new Response(JSON.stringify({ errors: [{ code: '10009', title: 'Authentication failed', detail: 'Could not understand the provided credentials.' }] }), { status: 401, headers: { 'content-type': 'application/json' } }),
    });
    let thrown: unknown;
    try {
      await client.phoneNumbers.retrieve('123');
    } catch (err) {
      thrown = err;
    }
    const error = fromTelnyxError(thrown, { operation: 'read number 123' });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(everything(error)).not.toContain(API_KEY);
    expect(everything(error)).not.toContain('SECRETpart');

    const network = fromTelnyxError(new Telnyx.APIConnectionError({ cause: new Error('socket hang up') }));
    expect(everything(network)).not.toContain(API_KEY);
  });

  it('refuses a bad configuration without echoing the key', () => {
    expect(() => createTelnyxClient({ apiKey: '' })).toThrow(/telnyxApiKey: .*didops:telnyxApiKey.*DIDOPS_TELNYX_API_KEY/);
    let message = '';
    try {
      createTelnyxClient({ apiKey: `${API_KEY} trailing` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/whitespace/);
    expect(message).not.toContain('SECRETpart');
    expect(() => createTelnyxClient({ apiKey: API_KEY, baseUrl: 'localhost:4010' })).toThrow(/telnyxBaseUrl: "localhost:4010" is not an http\(s\) URL/);
  });
});
