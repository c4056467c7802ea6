/**
 * RoutingPlan in Pulumi programs, against the sandbox through the real twilio SDK: run by the MockEngine (the
 * provider each resource serialized, loaded as the dynamic provider host loads it) and by Pulumi's real dynamic
 * provider host over gRPC. Deploy, update (a new revision, then publish), `routingPlan: plan.id` on a number,
 * preview with values not known yet, drift, the delete refusal, and destroy.
 */
import { PhoneNumber, RoutingPlan, definePlan, type RoutingPlanInput } from '../../provider/pulumi';
import { serializableProvider } from '../../provider/pulumi/serializable-provider';
import { definitionDigest } from '../../src/resources/routing-plan';
import { compileRoutingPlan } from '../../src/routing/compile';
import { routingPlanSchema } from '../../src/routing/model';
import { MockEngine } from '../support/pulumi-mock-engine';
import {
  dynamicUrn,
  PROVIDER_KEY,
  ProviderHostError,
  serializeDynamicProvider,
  UNKNOWN_VALUE,
  type DynamicProviderHost,
} from '../support/pulumi-provider-host';
import { startSandboxProviderHost } from '../support/pulumi-sandbox-host';
import { useTestSandbox } from '../support/sandbox';
import { expectBuiltHost } from '../support/pulumi-build';

const t = useTestSandbox();

beforeAll(() => {
  // The serialized provider runs outside jest, in plain Node, so it loads the compiled host (npm test builds first).
  expectBuiltHost();
});

/** Reception: ring the desk, then voicemail. */
function reception(desk = '+14155550100'): RoutingPlanInput {
  return definePlan({
    start: 'desk',
    steps: {
      desk: { type: 'forward', to: desk, onNoAnswer: 'voicemail', onBusy: 'voicemail', onFailure: 'voicemail' },
      voicemail: { type: 'voicemail', greeting: 'Please leave a message.' },
    },
  });
}

const compiledDigest = (plan: RoutingPlanInput, name: string) => definitionDigest(compileRoutingPlan(routingPlanSchema.parse(plan), { name }));

describe('pulumi up with a routing plan and a number bound to it (MockEngine)', () => {
  let engine: MockEngine;
  beforeEach(() => {
    engine = new MockEngine({
      config: { 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url },
    });
  });

  const program = (plan: RoutingPlanInput) => () => {
    const routing = new RoutingPlan('reception', { plan });
    const line = new PhoneNumber('front-desk', { search: { country: 'US', areaCode: '415' }, routingPlan: routing.id });
    return { planSid: routing.sid, webhookUrl: routing.webhookUrl, revision: routing.revision, lineSid: line.sid };
  };

  it('deploys the plan, points the number at it, publishes an edit as a new revision, and destroys both', async () => {
    const first = await engine.up(program(reception()));
    expect(engine.steps.get('reception')).toBe('create');
    expect(first.planSid).toMatch(/^FW[0-9a-f]{32}$/);
    expect(first.revision).toBe(1);
    const flow = await t.client.studio.v2.flows(first.planSid).fetch();
    expect(definitionDigest(flow.definition)).toBe(compiledDigest(reception(), 'reception'));
    expect(await t.client.incomingPhoneNumbers(first.lineSid).fetch()).toMatchObject({ voiceUrl: first.webhookUrl, voiceMethod: 'POST' });

    await engine.up(program(reception()));
    expect([engine.steps.get('reception'), engine.steps.get('front-desk')]).toEqual(['same', 'same']);

    const edited = await engine.up(program(reception('+14155550199')));
    expect([engine.steps.get('reception'), engine.steps.get('front-desk')]).toEqual(['update', 'same']);
    expect(edited).toMatchObject({ planSid: first.planSid, revision: 3 });
    expect(JSON.stringify((await t.client.studio.v2.flows(first.planSid).fetch()).definition)).toContain('+14155550199');

    // A hotfix in the Studio console: refresh reads it, the next up publishes the plan again.
    const live = (await t.client.studio.v2.flows(first.planSid).fetch()).definition;
    await t.client.studio.v2.flows(first.planSid).update({ status: 'published', definition: JSON.parse(JSON.stringify(live).replace('+14155550199', '+14155550111')) });
    await engine.refresh();
    await engine.up(program(reception('+14155550199')));
    expect(engine.steps.get('reception')).toBe('update');
    expect(JSON.stringify((await t.client.studio.v2.flows(first.planSid).fetch()).definition)).toContain('+14155550199');

    // Destroy goes newest first: the number, then the plan nothing routes to any more.
    await engine.destroy();
    await expect(t.client.studio.v2.flows(first.planSid).fetch()).rejects.toMatchObject({ status: 404 });
    await expect(t.client.incomingPhoneNumbers(first.lineSid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('fails the run before deploying anything when the plan is wrong, naming the step path', async () => {
    const before = (await t.client.studio.v2.flows.list()).length;
    const broken = { start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100', onNoAnswer: 'voicemial' } } } as RoutingPlanInput;
    await expect(engine.up(() => ({ sid: new RoutingPlan('support', { plan: broken }).sid }))).rejects.toThrow(/^check failed for support: plans\.support\.desk\.onNoAnswer: /);
    expect((await t.client.studio.v2.flows.list()).length).toBe(before);
  });

  it('forwards to another resource’s number: Pulumi resolves the Output inside the plan before deploying it', async () => {
    const { sid, backup } = await engine.up(() => {
      const backupLine = new PhoneNumber('backup-line', { search: { country: 'US', areaCode: '212' } });
      const overflow = new RoutingPlan('overflow', { plan: { start: 'desk', steps: { desk: { type: 'forward', to: backupLine.e164 } } } });
      return { sid: overflow.sid, backup: backupLine.e164 };
    });
    expect(backup).toMatch(/^\+1212\d{7}$/);
    expect(JSON.stringify((await t.client.studio.v2.flows(sid).fetch()).definition)).toContain(backup);
    await engine.destroy();
  });

  it('is replaced delete-first: a replacement created first would adopt the old flow by its marker, and deleting the old would delete it', async () => {
    // `pulumi up --replace` keeps the URN, so the new resource's create finds the old flow by its tag; Pulumi then
    // deletes the old resource, whose id is that same flow. Deleting first makes that impossible.
    const runtime = require('@pulumi/pulumi/runtime/resource') as { registerResource: (...args: unknown[]) => unknown };
    const spy = jest.spyOn(runtime, 'registerResource');
    try {
      await engine.up(() => ({ sid: new RoutingPlan('replaced', { plan: reception() }).sid }));
      const call = spy.mock.calls.find((args) => args[3] === 'replaced');
      expect(call?.[8]).toMatchObject({ deleteBeforeReplace: true });
    } finally {
      spy.mockRestore();
    }
    await engine.destroy();
  });

  it('takes a plan as YAML text', async () => {
    const yaml = 'start: desk\nsteps:\n  desk: { type: forward, to: "+1 415 555 0100" }\n';
    const { sid } = await engine.up(() => ({ sid: new RoutingPlan('yaml-plan', { plan: yaml }).sid }));
    const flow = await t.client.studio.v2.flows(sid).fetch();
    expect(JSON.stringify(flow.definition)).toContain('+14155550100');
    await engine.destroy();
  });
});

describe('RoutingPlan through Pulumi’s real dynamic provider host', () => {
  let host: DynamicProviderHost;
  const serialized: Record<'RoutingPlan' | 'PhoneNumber', string> = { RoutingPlan: '', PhoneNumber: '' };
  type Props = Record<string, unknown>;
  const declared = (kind: 'RoutingPlan' | 'PhoneNumber', name: string, args: Props) => {
    const urn = dynamicUrn({ module: 'didops', type: kind, name });
    return { urn, inputs: { ...args, [PROVIDER_KEY]: serialized[kind], __identity: { type: `didops:${kind}`, name, urn } } };
  };
  let plan: { urn: string; id: string; state: Props };

  beforeAll(async () => {
    serialized.RoutingPlan = await serializeDynamicProvider(serializableProvider('RoutingPlan'));
    serialized.PhoneNumber = await serializeDynamicProvider(serializableProvider('PhoneNumber'));
    host = await startSandboxProviderHost(t.sandbox);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('check names a broken step by its path, under the resource name', async () => {
    const { urn, inputs } = declared('RoutingPlan', 'sales', { plan: { start: 'menu', steps: { menu: { type: 'menu', prompt: 'Press 1.', options: [{ digits: '1', next: 'gone' }] } } } });
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toContainEqual({ property: 'plans.sales.menu.options[0].next', reason: expect.stringContaining('gone') });
  });

  it('create publishes the flow; update saves a new revision and publishes it', async () => {
    const { urn, inputs } = declared('RoutingPlan', 'reception', { plan: reception() });
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    expect(created.id).toMatch(/^FW[0-9a-f]{32}$/);
    expect(created.properties).toMatchObject({ sid: created.id, revision: 1, status: 'published', planName: 'reception', definitionDigest: compiledDigest(reception(), 'reception') });
    plan = { urn, id: created.id, state: created.properties };

    const edit = declared('RoutingPlan', 'reception', { plan: reception('+14155550199') });
    const next = await host.check(urn, plan.state, edit.inputs);
    await expect(host.diff(urn, plan.id, plan.state, next.inputs)).resolves.toMatchObject({ changes: 'some', replaces: [] });
    const updated = await host.update(urn, plan.id, plan.state, next.inputs);
    expect(updated.properties).toMatchObject({ sid: plan.id, revision: 3, status: 'published', definitionDigest: compiledDigest(reception('+14155550199'), 'reception') });
    plan = { ...plan, state: updated.properties };
  });

  it('a preview whose number takes the plan’s id, not known yet, passes check and plans an update in place', async () => {
    // A number the last run bought; this run binds it to a plan that is created in the same run.
    const bought = declared('PhoneNumber', 'preview-line', { search: { country: 'US', areaCode: '415' } });
    const line = await host.create(bought.urn, (await host.check(bought.urn, {}, bought.inputs)).inputs);
    const { urn, inputs } = declared('PhoneNumber', 'preview-line', { search: { country: 'US', areaCode: '415' }, routingPlan: UNKNOWN_VALUE });
    const checked = await host.check(urn, line.properties, inputs);
    expect(checked.failures).toEqual([]);
    await expect(host.diff(urn, line.id, line.properties, checked.inputs)).resolves.toMatchObject({ changes: 'some', replaces: [] });
    await host.delete(urn, line.id, line.properties);
  });

  it('a preview whose plan forwards to a number not bought yet passes check; the plan is checked again at up', async () => {
    const { urn, inputs } = declared('RoutingPlan', 'overflow', { plan: { start: 'desk', steps: { desk: { type: 'forward', to: UNKNOWN_VALUE } } } });
    expect((await host.check(urn, {}, inputs)).failures).toEqual([]);
    // Known values are still checked in the same preview.
    const typo = declared('RoutingPlan', 'overflow', { plan: { start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100' } } }, friendlyName: UNKNOWN_VALUE, retainOnDelete: 'yes' });
    expect((await host.check(typo.urn, {}, typo.inputs)).failures).toEqual([{ property: 'retainOnDelete', reason: expect.stringContaining('boolean') }]);
  });

  it('a number bound by routingPlan keeps the plan from being deleted; the refusal names it', async () => {
    const { urn, inputs } = declared('PhoneNumber', 'reception-line', { search: { country: 'US', areaCode: '415' }, routingPlan: plan.id });
    const checked = await host.check(urn, {}, inputs);
    const line = await host.create(urn, checked.inputs);
    expect((await t.client.incomingPhoneNumbers(line.id).fetch()).voiceUrl).toBe(plan.state.webhookUrl);
    const refused = await host.delete(plan.urn, plan.id, plan.state).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ProviderHostError);
    expect(refused).toMatchObject({ method: 'Delete', message: expect.stringContaining(`routing plan reception is still the voice route of +1 `) });
    expect((refused as Error).message).toContain(`(${line.id}); remove \`routingPlan\` from that number first`);
    await expect(t.client.studio.v2.flows(plan.id).fetch()).resolves.toMatchObject({ sid: plan.id });

    await host.delete(urn, line.id, line.properties);
    await host.delete(plan.urn, plan.id, plan.state);
    await expect(t.client.studio.v2.flows(plan.id).fetch()).rejects.toMatchObject({ status: 404 });
  });
});
