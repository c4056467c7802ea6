/**
 * The RoutingPlan handler, and a PhoneNumber bound to it, through the real twilio SDK against the sandbox: a plan
 * published as a Studio flow, edited (a new revision, then published), edited in the console and restored, kept
 * while numbers route to it, and never created twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, ValidationError } from '../../src/core/errors';
import { identityKey, type ResourceIdentity } from '../../src/core/lifecycle';
import {
  createPhoneNumberHandler,
  createRoutingPlanHandler,
  definitionDigest,
  flowNameWithMarker,
  purchaseTag,
  readMarker,
  studioWebhookUrl,
  type PhoneNumberInputs,
  type PhoneNumberState,
  type RoutingPlanOutputs,
  type RoutingPlanResourceInputs,
} from '../../src/resources';
import { compileRoutingPlan, type StudioFlowDefinition } from '../../src/routing/compile';
import { definePlan, type RoutingPlanInput } from '../../src/routing/model';
import { useTestSandbox } from '../support/sandbox';
import { twilioCarriers } from '../support/sandbox';

const t = useTestSandbox();
const plans = () => createRoutingPlanHandler({ carriers: twilioCarriers(t.client, { sleep: async () => {} }), sleep: async () => {} });
const numbers = () => createPhoneNumberHandler({ carriers: twilioCarriers(t.client, { sleep: async () => {} }), sleep: async () => {} });
const urnOf = (type: string, name: string) => `urn:pulumi:test::didops::pulumi-nodejs:dynamic/didops:${type}::${name}`;
const identity = (type: string, name: string): ResourceIdentity => ({ type: `didops:${type}`, name, urn: urnOf(type, name) });
const EXAMPLES = join(__dirname, '..', '..', 'examples', 'routing');

type PlanState = RoutingPlanResourceInputs & RoutingPlanOutputs;

/** The support desk: business hours ring the desk, then voicemail. */
function supportPlan(desk = '+14155550100', greeting = 'Please leave a message after the tone.'): RoutingPlanInput {
  return definePlan({
    description: 'Support desk',
    start: 'desk',
    steps: {
      desk: { type: 'forward', to: desk, timeout: 20, onNoAnswer: 'voicemail', onBusy: 'voicemail', onFailure: 'voicemail' },
      voicemail: { type: 'voicemail', greeting },
    },
  });
}

async function checkedPlan(name: string, news: unknown): Promise<RoutingPlanResourceInputs> {
  const result = await plans().check({ urn: urnOf('RoutingPlan', name), news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}

async function deployedPlan(name: string, news: unknown): Promise<PlanState> {
  const inputs = await checkedPlan(name, news);
  const { id, outputs } = await plans().create({ inputs, preview: false, identity: identity('RoutingPlan', name) });
  expect(id).toBe(outputs.sid);
  return { ...inputs, ...outputs };
}

async function boundNumber(name: string, news: unknown): Promise<PhoneNumberInputs & PhoneNumberState> {
  const result = await numbers().check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  const { outputs } = await numbers().create({ inputs: result.inputs, preview: false, identity: identity('PhoneNumber', name) });
  return { ...result.inputs, ...outputs };
}

async function revisions(sid: string): Promise<{ revision: number; status: string }[]> {
  // twilio-node 6.2.0 cannot list revisions (see sandbox-studio.test.ts); the SDK's raw request still goes to the sandbox.
  const page = await t.client.request({ method: 'get', uri: `https://studio.twilio.com/v2/Flows/${sid}/Revisions` });
  return (page.body as { revisions: { revision: number; status: string }[] }).revisions;
}

async function flowCount(): Promise<number> {
  return (await t.client.studio.v2.flows.list()).length;
}

afterEach(() => t.sandbox.context.faults.configure([]));

describe('checking a plan before anything is deployed', () => {
  it('names problems by step path, with the plan called by its resource name', async () => {
    const result = await plans().check({
      urn: urnOf('RoutingPlan', 'support'),
      news: { plan: { start: 'menu', steps: { menu: { type: 'menu', prompt: 'Press 1.', options: [{ digits: '1', next: 'nowhere' }], onTimeout: 'menu', onInvalid: 'menu' } } } },
    });
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toContainEqual(expect.objectContaining({ severity: 'error', field: 'plans.support.menu.options[0].next' }));
  });

  it('reads YAML text: a one-plan file from examples/routing, with its defaults filled in', async () => {
    const inputs = await checkedPlan('bakery', { plan: readFileSync(join(EXAMPLES, 'small-business.yaml'), 'utf8') });
    expect(inputs.plan.start).toBe('hours');
    expect(inputs.plan.voice).toBe('Polly.Joanna');
    expect(inputs.plan.steps.shop).toMatchObject({ type: 'forward', to: '+12125550142' });
    expect(inputs.retainOnDelete).toBe(false);
  });

  it('refuses a file with two plans and text that is not YAML, on the `plan` input', async () => {
    const two = await plans().check({ news: { plan: 'plans:\n  a: { start: x, steps: {} }\n  b: { start: y, steps: {} }\n' } });
    expect(two.failures).toEqual([expect.objectContaining({ field: 'plan', summary: expect.stringContaining('holds 2 plans (a, b)') })]);
    const broken = await plans().check({ news: { plan: 'start: [desk' } });
    expect(broken.failures).toEqual([expect.objectContaining({ field: 'plan', summary: expect.stringContaining('not valid YAML or JSON') })]);
  });

  it('refuses a friendlyName that leaves no room for the ownership marker', async () => {
    const result = await plans().check({ news: { plan: supportPlan(), friendlyName: 'x'.repeat(240) } });
    expect(result.failures).toEqual([expect.objectContaining({ field: 'friendlyName', summary: expect.stringContaining('at most 233 characters') })]);
  });
});

describe('a support desk plan, from deploy to delete', () => {
  let plan: PlanState;

  it('is published as a Studio flow carrying the compiled plan and the ownership marker', async () => {
    plan = await deployedPlan('support', { plan: supportPlan() });
    const compiled = compileRoutingPlan(plan.plan, { name: 'support' });
    expect(plan).toMatchObject({
      sid: expect.stringMatching(/^FW[0-9a-f]{32}$/),
      webhookUrl: studioWebhookUrl(t.sandbox.accountSid, plan.sid),
      revision: 1,
      status: 'published',
      definitionDigest: definitionDigest(compiled),
      stateCount: compiled.states.length,
      planName: 'support',
    });
    expect(readMarker(plan.carrierFriendlyName)).toEqual({ name: 'support', tag: plan.ownershipTag });
    const flow = await t.client.studio.v2.flows(plan.sid).fetch();
    expect(flow).toMatchObject({ status: 'published', revision: 1, valid: true, commitMessage: 'didops: create support', friendlyName: plan.carrierFriendlyName });
    expect(flow.definition).toEqual(compiled);
  });

  it('a second deploy of the same plan changes nothing', async () => {
    const diff = await plans().diff({ id: plan.sid, olds: plan, news: await checkedPlan('support', { plan: supportPlan() }) });
    expect(diff).toMatchObject({ changes: false, replaces: [], updates: [] });
  });

  it('an edited plan is saved as a new revision, then published: revision +2, the live definition changed', async () => {
    const news = await checkedPlan('support', { plan: supportPlan('+14155550199') });
    const diff = await plans().diff({ id: plan.sid, olds: plan, news });
    expect(diff).toMatchObject({ changes: true, replaces: [], updates: ['plan'] });
    expect(diff.explanation[0]).toContain('saved as a new draft revision, then published');
    // The preview says what callers will notice, in the words of `didops routing diff`.
    expect(diff.explanation.slice(1)).toEqual([expect.stringMatching(/^plan: callers will notice: .*now \+1 415 555 0199, was \+1 415 555 0100/)]);
    const sent = t.http.exchanges.length;
    const { outputs } = await plans().update({ id: plan.sid, olds: plan, news, preview: false });
    expect(outputs).toMatchObject({ sid: plan.sid, revision: 3, status: 'published', definitionDigest: definitionDigest(compileRoutingPlan(news.plan, { name: 'support' })) });
    // The draft is saved first; the publication sends the same definition, so nothing else can go live.
    const posts = t.http.exchanges.slice(sent).filter((x) => x.method === 'POST');
    expect(posts.map((x) => (x.body as { status: string; revision: number }).status)).toEqual(['draft', 'published']);
    expect(await revisions(plan.sid)).toEqual([
      expect.objectContaining({ revision: 3, status: 'published' }),
      expect.objectContaining({ revision: 2, status: 'draft' }),
      expect.objectContaining({ revision: 1, status: 'published' }),
    ]);
    const live = (await t.client.studio.v2.flows(plan.sid).fetch()).definition as StudioFlowDefinition;
    expect(JSON.stringify(live)).toContain('+14155550199');
    expect(JSON.stringify(live)).not.toContain('+14155550100');
    plan = { ...news, ...outputs };
  });

  it('a rename changes only the name, in one revision, keeping the marker', async () => {
    const news = await checkedPlan('support', { plan: supportPlan('+14155550199'), friendlyName: 'Support desk routing' });
    expect((await plans().diff({ id: plan.sid, olds: plan, news })).updates).toEqual(['friendlyName']);
    const { outputs } = await plans().update({ id: plan.sid, olds: plan, news, preview: false });
    expect(outputs.revision).toBe(plan.revision + 1);
    expect(readMarker(outputs.carrierFriendlyName)).toEqual({ name: 'Support desk routing', tag: plan.ownershipTag });
    expect(outputs.definitionDigest).toBe(plan.definitionDigest);
    plan = { ...news, ...outputs };
  });

  it('a flow edited in the Studio console shows as drift, and the next deploy restores the plan', async () => {
    const edited = JSON.parse(JSON.stringify((await t.client.studio.v2.flows(plan.sid).fetch()).definition).replace('+14155550199', '+14155550123'));
    await t.client.studio.v2.flows(plan.sid).update({ status: 'published', definition: edited, commitMessage: 'hotfix in the console' });
    const read = await plans().read({ id: plan.sid, state: plan });
    expect(read?.outputs.definitionDigest).toBe(definitionDigest(edited));
    expect(read?.outputs.definitionDigest).not.toBe(plan.definitionDigest);
    const refreshed = { ...plan, ...read!.outputs };
    const news = await checkedPlan('support', { plan: supportPlan('+14155550199'), friendlyName: 'Support desk routing' });
    const diff = await plans().diff({ id: plan.sid, olds: refreshed, news });
    expect(diff).toMatchObject({ changes: true, updates: ['plan'] });
    const { outputs } = await plans().update({ id: plan.sid, olds: refreshed, news, preview: false });
    expect(outputs.definitionDigest).toBe(plan.definitionDigest);
    expect(JSON.stringify((await t.client.studio.v2.flows(plan.sid).fetch()).definition)).toContain('+14155550199');
    plan = { ...news, ...outputs };
  });

  it('an unpublished console draft is drift too, and the next deploy publishes the plan over it', async () => {
    const live = (await t.client.studio.v2.flows(plan.sid).fetch()).definition;
    await t.client.studio.v2.flows(plan.sid).update({ status: 'draft', definition: live, commitMessage: 'someone saved a draft' });
    const read = await plans().read({ id: plan.sid, state: plan });
    expect(read?.outputs).toMatchObject({ status: 'draft', definitionDigest: plan.definitionDigest });
    const refreshed = { ...plan, ...read!.outputs };
    const diff = await plans().diff({ id: plan.sid, olds: refreshed, news: await checkedPlan('support', { plan: supportPlan('+14155550199'), friendlyName: 'Support desk routing' }) });
    expect(diff.updates).toEqual(['plan']);
    const { outputs } = await plans().update({ id: plan.sid, olds: refreshed, news: plan, preview: false });
    expect(outputs.status).toBe('published');
    plan = { ...plan, ...outputs };
  });

  it('a number bound with routingPlan sends its calls to the flow, and the plan cannot be deleted while it does', async () => {
    const line = await boundNumber('support-line', { search: { country: 'US', areaCode: '415' }, routingPlan: plan.sid });
    const carrier = await t.client.incomingPhoneNumbers(line.sid).fetch();
    expect(carrier).toMatchObject({ voiceUrl: plan.webhookUrl, voiceMethod: 'POST' });
    const refused = await plans().delete({ id: plan.sid, state: plan }).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ConflictError);
    const international = `+1 ${line.e164.slice(2, 5)} ${line.e164.slice(5, 8)} ${line.e164.slice(8)}`;
    expect((refused as ConflictError).message).toBe(
      `routing plan support is still the voice route of ${international} (${line.sid}); remove \`routingPlan\` from that number first (or point it at another plan); the Studio flow ${plan.sid} is kept until then`,
    );
    await expect(t.client.studio.v2.flows(plan.sid).fetch()).resolves.toMatchObject({ sid: plan.sid });

    // Unbound (routingPlan removed from the number), the plan can go.
    const unbound = await numbers().check({ news: { search: { country: 'US', areaCode: '415' } } });
    const nh = numbers();
    expect((await nh.diff({ id: line.sid, olds: line, news: unbound.inputs! })).updates).toEqual(['routingPlan']);
    await nh.update({ id: line.sid, olds: line, news: unbound.inputs!, preview: false });
    expect((await t.client.incomingPhoneNumbers(line.sid).fetch()).voiceUrl).toBeFalsy();
    await plans().delete({ id: plan.sid, state: plan });
    await expect(t.client.studio.v2.flows(plan.sid).fetch()).rejects.toMatchObject({ status: 404 });
    // Deleting again is safe, and a read says it is gone.
    await plans().delete({ id: plan.sid, state: plan });
    await expect(plans().read({ id: plan.sid, state: plan })).resolves.toBeNull();
    await nh.delete({ id: line.sid, state: line });
  });
});

describe('binding numbers to plans', () => {
  it('refuses routingPlan together with voice.url, naming both fields', async () => {
    const result = await numbers().check({ news: { number: '+14155550100', routingPlan: `FW${'0'.repeat(32)}`, voice: { url: 'https://example.com/voice' } } });
    expect(result.failures).toEqual([
      expect.objectContaining({ field: 'routingPlan', summary: 'give `routingPlan` or `voice.url`, not both', detail: expect.stringContaining('takes the place of `voice.url`') }),
    ]);
  });

  it('refuses a routingPlan that is no flow of the account before buying anything', async () => {
    const before = (await t.client.incomingPhoneNumbers.list()).length;
    const attempt = boundNumber('nowhere', { search: { country: 'US', areaCode: '415' }, routingPlan: `FW${'0'.repeat(32)}` });
    await expect(attempt).rejects.toMatchObject({ field: 'routingPlan', summary: expect.stringContaining('is not a Studio flow of this Twilio account') });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect((await t.client.incomingPhoneNumbers.list()).length).toBe(before);
  });

  it('moves a number to another plan in place, shows a console rebinding as drift, and keeps fallback webhooks', async () => {
    const day = await deployedPlan('day', { plan: supportPlan('+14155550100') });
    const night = await deployedPlan('night', { plan: supportPlan('+14155550101', 'We are closed.') });
    const args = { search: { country: 'US', areaCode: '415' }, voice: { fallbackUrl: 'https://example.com/fallback' } };
    const line = await boundNumber('front-desk', { ...args, routingPlan: day.sid });
    const nh = numbers();
    const moved = (await nh.check({ news: { ...args, routingPlan: night.sid } })).inputs!;
    const diff = await nh.diff({ id: line.sid, olds: line, news: moved });
    expect(diff).toMatchObject({ replaces: [], updates: ['routingPlan'] });
    await nh.update({ id: line.sid, olds: line, news: moved, preview: false });
    expect(await t.client.incomingPhoneNumbers(line.sid).fetch()).toMatchObject({ voiceUrl: night.webhookUrl, voiceFallbackUrl: 'https://example.com/fallback' });
    const state = { ...line, ...moved };
    await expect(nh.read({ id: line.sid, state })).resolves.toMatchObject({ inputs: { routingPlan: night.sid, voice: { fallbackUrl: 'https://example.com/fallback' } } });
    expect((await nh.read({ id: line.sid, state }))!.inputs!.voice!.url).toBeUndefined();

    // Someone points the number at a webhook in the console: `routingPlan` is gone from what the number does.
    await t.client.incomingPhoneNumbers(line.sid).update({ voiceUrl: 'https://console.example/voice' });
    const drifted = (await nh.read({ id: line.sid, state }))!.inputs!;
    expect(drifted.routingPlan).toBeUndefined();
    expect(drifted.voice?.url).toBe('https://console.example/voice');
    // What a refresh records: the inputs as read, in place of the declared ones.
    const { routingPlan: _declaredPlan, voice: _declaredVoice, ...outputs } = state;
    const refreshed = { ...outputs, ...drifted };
    expect((await nh.diff({ id: line.sid, olds: refreshed, news: moved })).updates.sort()).toEqual(['routingPlan', 'voice']);
    await nh.update({ id: line.sid, olds: refreshed, news: moved, preview: false });
    expect((await t.client.incomingPhoneNumbers(line.sid).fetch()).voiceUrl).toBe(night.webhookUrl);

    // Kept on delete, the number no longer sends calls to a plan didops may delete.
    const kept = { ...state, retainOnDelete: true };
    await nh.delete({ id: line.sid, state: kept });
    expect((await t.client.incomingPhoneNumbers(line.sid).fetch()).voiceUrl).toBeFalsy();
    await plans().delete({ id: night.sid, state: night });
    await plans().delete({ id: day.sid, state: day });
    await t.client.incomingPhoneNumbers(line.sid).remove();
  });
});

describe('never two flows for one plan', () => {
  it('adopts the flow a crashed run created (found by its marker) instead of creating another', async () => {
    const who = identity('RoutingPlan', 'recovered');
    const tag = purchaseTag(identityKey(who));
    const leftover = await t.client.studio.v2.flows.create({
      friendlyName: flowNameWithMarker('recovered', tag),
      status: 'draft',
      definition: compileRoutingPlan((await checkedPlan('recovered', { plan: supportPlan('+14155550177') })).plan, { name: 'recovered' }),
    });
    const before = await flowCount();
    const inputs = await checkedPlan('recovered', { plan: supportPlan() });
    const { id, outputs } = await plans().create({ inputs, preview: false, identity: who });
    expect(id).toBe(leftover.sid);
    expect(await flowCount()).toBe(before);
    expect(outputs).toMatchObject({ status: 'published', definitionDigest: definitionDigest(compileRoutingPlan(inputs.plan, { name: 'recovered' })) });
    await plans().delete({ id, state: { ...inputs, ...outputs } });
  });

  it('finds the flow by its marker when Studio made it but the answer was lost', async () => {
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/studio/v2/Flows', errorRate: 1, status: 503, when: 'after', maxFailures: 1 }]);
    const before = await flowCount();
    const inputs = await checkedPlan('lost', { plan: supportPlan() });
    const { id, outputs } = await plans().create({ inputs, preview: false, identity: identity('RoutingPlan', 'lost') });
    expect(await flowCount()).toBe(before + 1);
    expect(outputs).toMatchObject({ sid: id, status: 'published', revision: 1 });
    await plans().delete({ id, state: { ...inputs, ...outputs } });
  });

  it('a preview compiles the plan and makes nothing', async () => {
    const before = await flowCount();
    const inputs = await checkedPlan('preview', { plan: supportPlan() });
    const result = await plans().create({ inputs, preview: true, identity: identity('RoutingPlan', 'preview') });
    expect(result).toMatchObject({ id: '', unknowns: expect.arrayContaining(['sid', 'webhookUrl']) });
    expect(result.outputs.definitionDigest).toBe(definitionDigest(compileRoutingPlan(inputs.plan, { name: 'preview' })));
    expect(await flowCount()).toBe(before);
  });

  it('retainOnDelete leaves the flow, without the marker, so no later create adopts it', async () => {
    const kept = await deployedPlan('kept', { plan: supportPlan(), retainOnDelete: true });
    await plans().delete({ id: kept.sid, state: kept });
    const flow = await t.client.studio.v2.flows(kept.sid).fetch();
    expect(flow).toMatchObject({ friendlyName: 'kept', status: 'published' });
    expect(definitionDigest(flow.definition)).toBe(kept.definitionDigest);
    await t.client.studio.v2.flows(kept.sid).remove();
  });
});
