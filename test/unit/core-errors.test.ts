import nock from 'nock';
import { z } from 'zod';
import twilio from 'twilio';
import RestException from 'twilio/lib/base/RestException';
import TwilioServiceException from 'twilio/lib/base/TwilioServiceException';
import {
  AuthenticationError,
  CarrierError,
  DidopsError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  UnavailableError,
  ValidationError,
  errorClassForStatus,
  toDiagnostic,
  toDiagnostics,
  withRetry,
  type RetryPolicy,
} from '../../src/core';
import { fromTwilioError } from '../../src/carriers/twilio/errors';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'f'.repeat(32);
const API = 'https://api.twilio.com';
const NUMBERS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers`;

/** A RestException built exactly the way twilio-node builds one from an HTTP response. */
function twilioRestException(statusCode: number, body: unknown): RestException {
  return new RestException({ statusCode, body: typeof body === 'string' ? body : JSON.stringify(body), headers: {} });
}

function twilioBody(code: number, message: string, status: number): Record<string, unknown> {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

describe('fromTwilioError maps Twilio failures to errors a user can act on', () => {
  it('tells the user to check didops:twilioAuthToken when Twilio rejects the credentials (20003)', () => {
    const err = fromTwilioError(twilioRestException(401, twilioBody(20003, 'Authenticate', 401)), {
      operation: 'list numbers',
    });
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.kind).toBe('authentication');
    expect(err.summary).toBe('list numbers: Twilio rejected the credentials');
    expect(err.detail).toContain('didops:twilioAuthToken');
    expect(err.detail).toContain('Twilio said: Authenticate');
    expect(err.status).toBe(401);
    expect(err.code).toBe('20003');
    expect(err.moreInfo).toBe('https://www.twilio.com/docs/errors/20003');
    expect(err.retryable).toBe(false);
    expect(err.source).toBe('twilio');
  });

  it('reports a number released outside didops as NotFoundError (20404)', () => {
    const raw = twilioRestException(404, twilioBody(20404, 'The requested resource /IncomingPhoneNumbers/PN1.json was not found', 404));
    const err = fromTwilioError(raw);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.detail).toMatch(/refresh/);
    expect(err.cause).toBe(raw);
  });

  it('blames the phoneNumber field when Twilio says the number is invalid (21421)', () => {
    const err = fromTwilioError(twilioRestException(400, twilioBody(21421, 'PhoneNumber is invalid', 400)), {
      operation: 'buy +1415',
      field: 'phoneNumber',
    });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.field).toBe('phoneNumber');
    expect(err.message).toMatch(/^phoneNumber: buy \+1415: Twilio says the phone number is invalid; .*\+14155550100/);
  });

  it('says a number someone else just bought is unavailable and suggests searching again (21422)', () => {
    const err = fromTwilioError(twilioRestException(400, twilioBody(21422, 'PhoneNumber is not available', 400)), {
      field: 'phoneNumber',
    });
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.detail).toMatch(/search again/);
    expect(err.retryable).toBe(false);
  });

  it('suggests a neighbouring area code when an area code is sold out (21452)', () => {
    const err = fromTwilioError(twilioRestException(400, twilioBody(21452, 'No phone numbers found in area code', 400)), {
      field: 'areaCode',
    });
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.detail).toMatch(/neighbouring area code/);
  });

  it('asks for an address when the number needs one on file (21631)', () => {
    const err = fromTwilioError(twilioRestException(400, twilioBody(21631, 'Phone Number Requires an Address', 400)), {
      field: 'addressSid',
    });
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.field).toBe('addressSid');
    expect(err.detail).toMatch(/address/);
  });

  it('marks Twilio rate limiting as retryable, by code 20429 or by bare HTTP 429', () => {
    const byCode = fromTwilioError(twilioRestException(429, twilioBody(20429, 'Too Many Requests', 429)));
    const byStatus = fromTwilioError(twilioRestException(429, 'not json'));
    for (const err of [byCode, byStatus]) {
      expect(err).toBeInstanceOf(RateLimitError);
      expect(err.retryable).toBe(true);
    }
  });

  it('keeps a 503 with an HTML body as a retryable CarrierError with a readable summary', () => {
    const err = fromTwilioError(twilioRestException(503, '<html>Service Unavailable</html>'));
    expect(err).toBeInstanceOf(CarrierError);
    expect(err.summary).toBe('Twilio answered HTTP 503');
    expect(err.retryable).toBe(true);
    expect(err.code).toBeUndefined();
  });

  it('falls back to the HTTP status and Twilio\'s own message for codes it does not know', () => {
    const err = fromTwilioError(twilioRestException(409, twilioBody(99999, 'Something conflicting', 409)));
    expect(err.kind).toBe('conflict');
    expect(err.summary).toBe('Something conflicting');
    expect(err.code).toBe('99999');
  });

  it('understands the newer RFC 9457 TwilioServiceException too', () => {
    const raw = new TwilioServiceException({
      statusCode: 400,
      body: JSON.stringify({ type: 'https://www.twilio.com/docs/errors/21422', title: 'Not available', status: 400, code: 21422, detail: 'gone' }),
    });
    const err = fromTwilioError(raw, { field: 'phoneNumber' });
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.detail).toContain('Not available; gone');
  });

  it('turns a reset socket into a retryable NetworkError that says the write may have happened', () => {
    const socketError = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = fromTwilioError(socketError, { operation: 'buy +14155550100' });
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('ECONNRESET');
    expect(err.retryable).toBe(true);
    expect(err.detail).toMatch(/may or may not have taken effect/);
  });

  it('finds the socket code inside an axios-like error\'s cause chain', () => {
    const axiosLike = Object.assign(new Error('timeout of 30000ms exceeded'), {
      isAxiosError: true,
      code: 'ECONNABORTED',
    });
    expect(fromTwilioError(axiosLike)).toBeInstanceOf(NetworkError);
    const wrapped = new Error('request failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    expect(fromTwilioError(wrapped).code).toBe('ECONNREFUSED');
  });

  it('passes a DidopsError through untouched and wraps anything else without hiding its message', () => {
    const own = new UnavailableError({ summary: 'taken' });
    expect(fromTwilioError(own)).toBe(own);
    const odd = fromTwilioError(new TypeError('x is not a function'), { operation: 'release PN1' });
    expect(odd).toBeInstanceOf(DidopsError);
    expect(odd.kind).toBe('internal');
    expect(odd.summary).toBe('release PN1: unexpected error from the Twilio client: x is not a function');
  });

  it('chooses subclasses by HTTP status for translators that have no code to go on', () => {
    expect(errorClassForStatus(403)).toBe(AuthenticationError);
    expect(errorClassForStatus(410)).toBe(NotFoundError);
    expect(errorClassForStatus(422)).toBe(ValidationError);
    expect(errorClassForStatus(500)).toBe(CarrierError);
  });
});

describe('errors become diagnostics for Pulumi and Terraform', () => {
  it('keeps field, summary, detail and the request id to quote to support', () => {
    const err = new UnavailableError({
      summary: '"+14155550100" is not available',
      detail: 'pick another number',
      field: 'numbers[2].phoneNumber',
      requestId: 'RQ123',
    });
    expect(toDiagnostic(err)).toEqual({
      severity: 'error',
      summary: '"+14155550100" is not available',
      detail: 'pick another number; request id RQ123',
      field: 'numbers[2].phoneNumber',
    });
    expect(err.message).toBe('numbers[2].phoneNumber: "+14155550100" is not available; pick another number');
  });

  it('expands a ValidationError built from several diagnostics back into all of them', () => {
    const err = ValidationError.fromDiagnostics([
      { severity: 'error', summary: 'bad country', field: 'numbers[0].country' },
      { severity: 'warning', summary: 'no voiceUrl', field: 'voiceUrl' },
      { severity: 'error', summary: 'bad area code', field: 'numbers[1].areaCode' },
    ]);
    expect(err.summary).toBe('bad country (and 1 more)');
    expect(err.field).toBe('numbers[0].country');
    expect(toDiagnostics(err)).toHaveLength(3);
  });

  it('expands a thrown ZodError into one diagnostic per field', () => {
    const thrown = (() => {
      try {
        z.strictObject({ country: z.string(), areaCode: z.string() }).parse({ country: 1, extra: true });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(toDiagnostics(thrown).map((d) => d.field)).toEqual(['country', 'areaCode', 'extra']);
    expect(toDiagnostic(thrown).field).toBe('country');
  });

  it('keeps the message of errors that are not ours', () => {
    expect(toDiagnostic(new Error('boom'))).toEqual({ severity: 'error', summary: 'boom' });
    expect(toDiagnostic('plain string')).toEqual({ severity: 'error', summary: 'plain string' });
  });
});

describe('the real twilio SDK against recorded-style api.twilio.com responses', () => {
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  const instant: RetryPolicy = {
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 1000,
    maxElapsedMs: 10_000,
    jitter: 'none',
    retryableStatuses: [429, 500, 502, 503, 504],
  };

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('reads a released number as NotFoundError', async () => {
    const scope = nock(API)
      .get(`${NUMBERS_PATH}/PN00000000000000000000000000000001.json`)
      .reply(404, twilioBody(20404, 'The requested resource was not found', 404));
    const failure = await client
      .incomingPhoneNumbers('PN00000000000000000000000000000001')
      .fetch()
      .then(() => undefined, (err: unknown) => fromTwilioError(err, { operation: 'read PN...0001' }));
    expect(failure).toBeInstanceOf(NotFoundError);
    expect(failure?.status).toBe(404);
    expect(scope.isDone()).toBe(true);
  });

  it('buys a number after one 429, sending the same purchase twice and nothing more', async () => {
    const bodies: string[] = [];
    const scope = nock(API)
      .post(`${NUMBERS_PATH}.json`, (body: Record<string, string>) => {
        bodies.push(JSON.stringify(body));
        return true;
      })
      .reply(429, twilioBody(20429, 'Too Many Requests', 429), { 'Retry-After': '1' })
      .post(`${NUMBERS_PATH}.json`, (body: Record<string, string>) => {
        bodies.push(JSON.stringify(body));
        return true;
      })
      .reply(201, { sid: 'PN00000000000000000000000000000002', phone_number: '+14155550100', account_sid: ACCOUNT_SID });
    const waits: number[] = [];
    const bought = await withRetry(() => client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' }), {
      policy: instant,
      idempotent: false,
      method: 'POST',
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(bought.sid).toBe('PN00000000000000000000000000000002');
    expect(bodies).toEqual([JSON.stringify({ PhoneNumber: '+14155550100' }), JSON.stringify({ PhoneNumber: '+14155550100' })]);
    expect(waits).toEqual([10]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up on a purchase that keeps getting 429 and reports RateLimitError', async () => {
    nock(API).post(`${NUMBERS_PATH}.json`).times(3).reply(429, twilioBody(20429, 'Too Many Requests', 429));
    const failure = await withRetry(() => client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' }), {
      policy: instant,
      idempotent: false,
      method: 'POST',
      sleep: async () => undefined,
    }).then(() => undefined, (err: unknown) => fromTwilioError(err, { field: 'phoneNumber' }));
    expect(failure).toBeInstanceOf(RateLimitError);
    expect(failure?.field).toBe('phoneNumber');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('never repeats a purchase after a 503, because the number may already be bought', async () => {
    const scope = nock(API)
      .post(`${NUMBERS_PATH}.json`)
      .reply(503, twilioBody(20503, 'Service Unavailable', 503))
      .post(`${NUMBERS_PATH}.json`)
      .reply(201, { sid: 'PN-should-not-be-reached' });
    const failure = await withRetry(() => client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' }), {
      policy: instant,
      idempotent: false,
      method: 'POST',
      sleep: async () => undefined,
    }).then(() => undefined, (err: unknown) => fromTwilioError(err));
    expect(failure).toBeInstanceOf(CarrierError);
    expect(failure?.retryable).toBe(true);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('turns a connection reset during a purchase into NetworkError', async () => {
    nock(API).post(`${NUMBERS_PATH}.json`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const failure = await client.incomingPhoneNumbers
      .create({ phoneNumber: '+14155550100' })
      .then(() => undefined, (err: unknown) => fromTwilioError(err));
    expect(failure).toBeInstanceOf(NetworkError);
    expect(failure?.code).toBe('ECONNRESET');
  });
});

describe('credentials never travel inside an error', () => {
  it('drops the request (with its Authorization header) from a network failure before keeping it as the cause', () => {
    const axiosLike = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: `Basic ${Buffer.from('AC123:super-secret-token').toString('base64')}` } },
      request: { _header: 'Authorization: Basic c2VjcmV0' },
    });
    const err = fromTwilioError(axiosLike);
    const printed = require('node:util').inspect(err, { depth: 10 });
    expect(printed).not.toContain(Buffer.from('AC123:super-secret-token').toString('base64'));
    expect(printed).not.toContain('c2VjcmV0');
    expect(printed).toContain('ECONNRESET');
  });
});
