/** One server, several APIs: the composer hands each prefix to its sub-app and keeps the rest to itself. */
import { Hono } from 'hono';
import { mountSubApp, type SandboxSubApp } from '../../src/sandbox/mount';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let t: TestSandbox;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestSandbox();
  auth = { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` };
});
afterAll(async () => {
  await t.close();
});

const echo = (name: string, prefixes: string[], nestedPrefixes?: string[]): SandboxSubApp => ({ name, prefixes, nestedPrefixes, fetch: () => new Response(name) });

describe('mounting sub-apps', () => {
  it('lists the mounted APIs at the root, without credentials', async () => {
    const res = await fetch(`${t.sandbox.url}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ apis: [{ name: 'twilio', prefixes: expect.arrayContaining(['/api', '/studio', '/pricing']) }, { name: 'telnyx', prefixes: ['/v2'] }, { name: 'stripe', prefixes: ['/v1', '/v2/billing'] }] });
  });

  it("answers Twilio's 404 for an unknown path under a Twilio prefix, and Twilio's 401 without credentials", async () => {
    const unknown = await fetch(`${t.sandbox.url}/numbers/v2/Nowhere`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 20404, status: 404 });
    const anonymous = await fetch(`${t.sandbox.url}/api`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 20003 });
  });

  it('answers a path no API owns with a plain 404 naming what is served, not in any carrier\'s shape', async () => {
    const res = await fetch(`${t.sandbox.url}/v3/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, message: 'No sandbox API serves /v3/nothing', prefixes: expect.arrayContaining(['/api']) });
  });

  it('routes by whole segments and refuses a prefix that overlaps one already served or the control API', async () => {
    const app = new Hono();
    mountSubApp(app, echo('telnyx', ['/v2']));
    mountSubApp(app, echo('stripe', ['/v1']));
    expect(await (await app.request('/v2/phone_numbers')).text()).toBe('telnyx');
    expect(await (await app.request('/v1/customers')).text()).toBe('stripe');
    expect((await app.request('/v20/x')).status).toBe(404);
    expect(() => mountSubApp(app, echo('other', ['/v2/numbers']))).toThrow('overlaps "/v2"');
    expect(() => mountSubApp(app, echo('other', ['/_sandbox']))).toThrow('overlaps "/_sandbox"');
    expect(() => mountSubApp(app, echo('other', ['/v9/']))).toThrow('without a trailing slash');
  });

  it("gives a nested prefix inside another API's prefix its paths, whichever was mounted first, and nothing more", async () => {
    for (const order of [['telnyx', 'stripe'], ['stripe', 'telnyx']]) {
      const app = new Hono();
      for (const name of order) mountSubApp(app, name === 'telnyx' ? echo('telnyx', ['/v2']) : echo('stripe', ['/v1'], ['/v2/billing']));
      expect(await (await app.request('/v2/billing/meter_event_stream')).text()).toBe('stripe');
      expect(await (await app.request('/v2/billing')).text()).toBe('stripe');
      expect(await (await app.request('/v2/billing_groups')).text()).toBe('telnyx');
      expect(await (await app.request('/v2/phone_numbers')).text()).toBe('telnyx');
      expect(() => mountSubApp(app, echo('other', [], ['/v2/billing/meters']))).toThrow('overlaps "/v2/billing"');
      expect(() => mountSubApp(app, echo('other', ['/v2/billing']))).toThrow('overlaps');
      expect(() => mountSubApp(app, echo('other', [], ['/_sandbox/x']))).toThrow('overlaps "/_sandbox"');
    }
  });

  it("serves Stripe's API v2 billing paths on the real sandbox, and Telnyx's the rest of /v2", async () => {
    const stripeV2 = await fetch(`${t.sandbox.url}/v2/billing/meter_event_session`, { method: 'POST', headers: { authorization: `Bearer ${t.sandbox.stripeSecretKey}` } });
    expect(await stripeV2.json()).toMatchObject({ object: 'v2.billing.meter_event_session' });
    const unknownV2 = await fetch(`${t.sandbox.url}/v2/billing/nothing`, { method: 'POST', headers: { authorization: `Bearer ${t.sandbox.stripeSecretKey}` } });
    expect(unknownV2.status).toBe(404);
    expect(await unknownV2.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } });
    const telnyx = await fetch(`${t.sandbox.url}/v2/phone_numbers`, { headers: { authorization: `Bearer ${t.sandbox.telnyxApiKey}` } });
    expect(telnyx.status).toBe(200);
  });
});
