/**
 * What goes wrong around a routing plan in real accounts, through the real twilio SDK against the sandbox: numbers
 * bound to the flow in ways `routingPlan` does not write (SMS, fallback, a URL spelled differently), a publish that
 * fails after the draft was saved, a webhook method Studio does not take, and the Pulumi adapter's handling of
 * values not known yet.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { dynamicProviderFromHandler, UNKNOWN_INPUT } from '../../provider/pulumi/dynamic-adapter';
import { TwilioHttpClient } from '../../src/carriers/twilio';
import { ConflictError } from '../../src/core/errors';
import {
  createPhoneNumberHandler,
  createRoutingPlanHandler,
  definitionDigest,
  type RoutingPlanOutputs,
  type RoutingPlanResourceInputs,
} from '../../src/resources';
import { compileRoutingPlan } from '../../src/routing/compile';
import { definePlan, type RoutingPlanInput } from '../../src/routing/model';
import { useTestSandbox } from '../support/sandbox';
import { twilioCarriers } from '../support/sandbox';

const t = useTestSandbox();
const urnOf = (type: string, name: string) => `urn:pulumi:test::didops::pulumi-nodejs:dynamic/didops:${type}::${name}`;
const identity = (type: string, name: string) => ({ type: `didops:${type}`, name, urn: urnOf(type, name) });
const plans = (client = t.client) => createRoutingPlanHandler({ carriers: twilioCarriers(client, { sleep: async () => {} }), sleep: async () => {} });
const numbers = () => createPhoneNumberHandler({ carriers: twilioCarriers(t.client, { sleep: async () => {} }), sleep: async () => {} });

type PlanState = RoutingPlanResourceInputs & RoutingPlanOutputs;

function desk(to = '+14155550100'): RoutingPlanInput {
  return definePlan({ start: 'desk', steps: { desk: { type: 'forward', to, onNoAnswer: 'voicemail' }, voicemail: { type: 'voicemail', greeting: 'Leave a message.' } } });
}

async function checked(name: string, plan: RoutingPlanInput): Promise<RoutingPlanResourceInputs> {
  const result = await plans().check({ urn: urnOf('RoutingPlan', name), news: { plan } });
  if (!result.inputs) throw new Error(JSON.stringify(result.failures));
  return result.inputs;
}

async function deployed(name: string, plan: RoutingPlanInput = desk()): Promise<PlanState> {
  const inputs = await checked(name, plan);
  const { outputs } = await plans().create({ inputs, preview: false, identity: identity('RoutingPlan', name) });
  return { ...inputs, ...outputs };
}

afterEach(() => t.sandbox.context.faults.configure([]));

describe('deleting a plan that numbers still reach', () => {
  // The console binds messaging with the same webhook; fallbacks and hand-typed URLs reach the flow just the same.
  const bindings: [string, (url: string) => Record<string, string>][] = [
    ['its SMS URL (the console’s “A message comes in: Studio Flow”)', (url) => ({ smsUrl: url })],
    ['its SMS fallback URL', (url) => ({ smsFallbackUrl: url })],
    ['its voice fallback URL', (url) => ({ voiceFallbackUrl: url })],
    ['a voice URL with a trailing slash', (url) => ({ voiceUrl: `${url}/` })],
    ['a voice URL with a query string', (url) => ({ voiceUrl: `${url}?source=console` })],
    ['a voice URL with the host in capitals', (url) => ({ voiceUrl: url.replace('webhooks.twilio.com', 'Webhooks.Twilio.com') })],
  ];

  it.each(bindings)('is refused while a number reaches the flow through %s, naming the number', async (_how, binding) => {
    const plan = await deployed(`bound-${Math.random().toString(36).slice(2, 8)}`);
    const line = await t.client.incomingPhoneNumbers.create({ areaCode: '212', ...binding(plan.webhookUrl) });
    const refused = await plans().delete({ id: plan.sid, state: plan }).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).summary).toContain(`(${line.sid}`);
    await expect(t.client.studio.v2.flows(plan.sid).fetch()).resolves.toMatchObject({ sid: plan.sid });
    await t.client.incomingPhoneNumbers(line.sid).remove();
    await plans().delete({ id: plan.sid, state: plan });
    await expect(t.client.studio.v2.flows(plan.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('a number bound by its SMS URL is named with how it is bound, so the fix is clear', async () => {
    const plan = await deployed('sms-bound');
    const line = await t.client.incomingPhoneNumbers.create({ areaCode: '212', smsUrl: plan.webhookUrl });
    const refused = (await plans().delete({ id: plan.sid, state: plan }).catch((err: unknown) => err)) as ConflictError;
    expect(refused.summary).toContain(`(${line.sid}, SMS URL)`);
    await t.client.incomingPhoneNumbers(line.sid).remove();
    await plans().delete({ id: plan.sid, state: plan });
  });
});

describe('binding a number with a webhook method Studio does not take', () => {
  it('refuses voice.method GET with routingPlan at check (Studio takes POST; otherwise every refresh shows drift)', async () => {
    const result = await numbers().check({ news: { search: { country: 'US', areaCode: '415' }, routingPlan: `FW${'0'.repeat(32)}`, voice: { method: 'GET' } } });
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual([expect.objectContaining({ severity: 'error', field: 'voice.method', detail: expect.stringContaining('POST') })]);
  });

  it('still takes voice settings for the fallback next to routingPlan', async () => {
    const result = await numbers().check({ news: { search: { country: 'US', areaCode: '415' }, routingPlan: `FW${'0'.repeat(32)}`, voice: { method: 'POST', fallbackUrl: 'https://example.com/fallback', fallbackMethod: 'GET' } } });
    expect(result.failures).toEqual([]);
  });
});

/** An SDK client whose publications (an update to `published` without a definition) fail with a 500. */
function clientFailingPublications(): { client: ReturnType<typeof twilio>; published: () => number } {
  let attempts = 0;
  class FailingPublications extends TwilioHttpClient {
    override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
      const data = (opts.data ?? {}) as Record<string, unknown>;
      if (String(opts.method).toUpperCase() === 'POST' && /\/Flows\/FW/.test(opts.uri) && data.Status === 'published') {
        attempts++;
        return { statusCode: 500, body: JSON.stringify({ code: 20500, message: 'Internal Server Error', status: 500 }), headers: {} } as unknown as Response<TData>;
      }
      return super.request(opts);
    }
  }
  return { client: twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: new FailingPublications({ baseUrl: t.sandbox.url, retry: false }) }), published: () => attempts };
}

describe('an update whose draft is saved but whose publication fails', () => {
  it('says so on `plan`, keeps calls on the published revision, and the next deploy publishes the same plan', async () => {
    const plan = await deployed('half-done');
    const news = await checked('half-done', desk('+14155550199'));
    const failing = clientFailingPublications();
    const error = await plans(failing.client).update({ id: plan.sid, olds: plan, news, preview: false }).then(() => undefined, (err: unknown) => err);
    expect(failing.published()).toBeGreaterThan(0);
    expect(error).toMatchObject({ field: 'plan', detail: expect.stringContaining('saved as a draft') });
    // The saved draft is not live: calls still follow the published revision, the old plan.
    const live = await t.client.request({ method: 'get', uri: `https://studio.twilio.com/v2/Flows/${plan.sid}/Revisions/LatestPublished` });
    expect(definitionDigest((live.body as { definition: unknown }).definition)).toBe(plan.definitionDigest);

    // The engine kept the old state: the next run sees the change again and publishes it.
    const diff = await plans().diff({ id: plan.sid, olds: plan, news });
    expect(diff.updates).toEqual(['plan']);
    const { outputs } = await plans().update({ id: plan.sid, olds: plan, news, preview: false });
    expect(outputs).toMatchObject({ status: 'published', definitionDigest: definitionDigest(compileRoutingPlan(news.plan, { name: 'half-done' })) });
    const flow = await t.client.studio.v2.flows(plan.sid).fetch();
    expect(flow.status).toBe('published');
    expect(JSON.stringify(flow.definition)).toContain('+14155550199');
    await plans().delete({ id: plan.sid, state: { ...news, ...outputs } });
  });
});

describe('the Pulumi adapter and values not known yet', () => {
  it('never creates with a value not known: a check deferred for it must not reach Twilio', async () => {
    const provider = dynamicProviderFromHandler(plans(), 'didops:RoutingPlan', () => {});
    const before = (await t.client.studio.v2.flows.list()).length;
    const who = identity('RoutingPlan', 'unknown-create');
    const news = { plan: { start: 'desk', steps: { desk: { type: 'forward', to: UNKNOWN_INPUT } } }, __identity: who };
    const { inputs } = await provider.check({}, news);
    await expect(provider.create(inputs!)).rejects.toThrow(/plan.*not known/);
    expect((await t.client.studio.v2.flows.list()).length).toBe(before);
  });

  it('never updates with a value not known', async () => {
    const provider = dynamicProviderFromHandler(plans(), 'didops:RoutingPlan', () => {});
    const plan = await deployed('unknown-update');
    await expect(provider.update(plan.sid, { ...plan }, { ...plan, friendlyName: UNKNOWN_INPUT })).rejects.toThrow(/friendlyName.*not known/);
    expect((await t.client.studio.v2.flows(plan.sid).fetch()).revision).toBe(plan.revision);
    await plans().delete({ id: plan.sid, state: plan });
  });

  it('a preview with one value not known still reports a replacement the known values force', async () => {
    const provider = dynamicProviderFromHandler(numbers(), 'didops:PhoneNumber', () => {});
    const olds = {
      number: '+14155550100', sid: `PN${'0'.repeat(32)}`, e164: '+14155550100', country: 'US', type: 'local', retainOnDelete: false,
      carrierFriendlyName: 'line [didops:aaaaaaaaaaaa]', ownershipTag: 'aaaaaaaaaaaa', capabilities: { voice: true, sms: true, mms: true, fax: false },
    };
    const available = (await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 }))[0].phoneNumber;
    const news = { number: available, emergencyAddress: UNKNOWN_INPUT, __identity: identity('PhoneNumber', 'line') };
    const { inputs } = await provider.check(olds, news);
    const diff = await provider.diff(olds.sid, olds, inputs!);
    expect(diff).toMatchObject({ changes: true, replaces: ['number'], deleteBeforeReplace: true });
  });

  it('a preview with one value not known, and nothing else changed, plans only that field', async () => {
    const provider = dynamicProviderFromHandler(plans(), 'didops:RoutingPlan', () => {});
    const plan = await deployed('unknown-name');
    const { inputs } = await provider.check(plan, { plan: desk(), friendlyName: UNKNOWN_INPUT, __identity: identity('RoutingPlan', 'unknown-name') });
    await expect(provider.diff(plan.sid, plan, inputs!)).resolves.toMatchObject({ changes: true, replaces: [] });
    await plans().delete({ id: plan.sid, state: plan });
  });
});
