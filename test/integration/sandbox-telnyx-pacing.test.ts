/**
 * The Telnyx sub-app behind the sandbox's shared pacing: its requests take the Telnyx account's concurrency slots
 * (not the Twilio account's), and a request past the limit is refused before any work in Telnyx's shape, with the
 * Retry-After a client should honour.
 */
import { REQUEST_KINDS, type LatencyProfile } from '../../src/sandbox/latency';
import { useTestSandbox } from '../support/sandbox';
import { eventually, telnyxClient, telnyxFailure } from '../support/telnyx';

/** Every kind held for the same time, so requests overlap for sure. */
function holdEveryRequest(ms: number): LatencyProfile {
  return Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: ms, p95Ms: ms }])) as LatencyProfile;
}

describe('Telnyx requests under the concurrency limit', () => {
  const t = useTestSandbox({ concurrencyLimit: 1 });
  afterEach(() => {
    t.sandbox.context.latency.configure('none');
    t.sandbox.context.concurrency.configure(1, 1);
  });

  it('refuses the request past the Telnyx account\'s limit with 10011 and Retry-After, and leaves Twilio\'s slots alone', async () => {
    t.sandbox.context.concurrency.configure(1, 2);
    t.sandbox.context.latency.configure(holdEveryRequest(500));
    const { client } = telnyxClient(t.sandbox);
    const held = client.availablePhoneNumbers.list({ filter: { limit: 1 } });
    await eventually(async () => (t.sandbox.context.concurrency.inFlightFor(t.sandbox.context.telnyx.accountId) === 1 ? true : undefined), 2000, 5);

    const refused = await telnyxFailure(client.availablePhoneNumbers.list({ filter: { limit: 1 } }));
    expect(refused.status).toBe(429);
    expect(refused.headers?.get('retry-after')).toBe('2');
    expect(refused.error).toEqual({ errors: [{ code: '10011', title: 'Too many requests', detail: expect.stringContaining('in flight') }] });

    // The Twilio account has its own slot, free while the Telnyx one is taken.
    const twilio = await fetch(`${t.sandbox.url}/api/2010-04-01/Accounts/${t.sandbox.accountSid}/IncomingPhoneNumbers.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` },
    });
    expect(twilio.status).toBe(200);
    expect((await held).data).toHaveLength(1);
    expect(t.sandbox.context.concurrency.describe().inFlight).toEqual({});
  });
});
