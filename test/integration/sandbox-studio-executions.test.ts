/**
 * Studio v2 Executions through the real twilio SDK: the sandbox runs a published flow for a simulated call (who calls,
 * when, what they press, how each dial ends) and records the path as Steps with their contexts.
 */
import fc from 'fast-check';
import type { ExecutionStepInstance } from 'twilio/lib/rest/studio/v2/flow/execution/executionStep';
import { simulationParameters } from '../../src/routing/call-scenario';
import type { E164 } from '../../src/core/e164';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

const cond = (argument: string, type: string, value: string) => ({ friendly_name: value, arguments: [argument], type, value });
/** Support line: open weekdays 09:00–17:00 UTC; a menu sends 1 to sales (who may not answer) and 2 to billing. */
const supportLine = (billing = '+14155550101') => ({
  description: 'support line',
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
  states: [
    { name: 'Trigger', type: 'trigger', properties: { offset: { x: 0, y: 0 } }, transitions: [{ event: 'incomingMessage' }, { event: 'incomingCall', next: 'hours' }, { event: 'incomingRequest' }] },
    { name: 'hours', type: 'split-based-on', properties: { input: '{{ "now" | date: "%w%H%M" }}' },
      transitions: [
        { event: 'noMatch', next: 'closed' },
        ...[1, 2, 3, 4, 5].flatMap((day) => [
          { event: 'match', next: 'closed', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', String(day * 10000 + 900))] },
          { event: 'match', next: 'menu', conditions: [cond('{{ "now" | date: "%w%H%M" }}', 'less_than', String(day * 10000 + 1700))] },
        ]),
      ] },
    { name: 'menu', type: 'gather-input-on-call', properties: { say: 'Press 1 for sales, 2 for billing', number_of_digits: 1, timeout: 5 },
      transitions: [{ event: 'keypress', next: 'menu__digits' }, { event: 'speech', next: 'closed' }, { event: 'timeout', next: 'closed' }] },
    { name: 'menu__digits', type: 'split-based-on', properties: { input: '{{widgets.menu.Digits}}' },
      transitions: [
        { event: 'noMatch', next: 'closed' },
        { event: 'match', next: 'sales', conditions: [cond('{{widgets.menu.Digits}}', 'equal_to', '1')] },
        { event: 'match', next: 'billing', conditions: [cond('{{widgets.menu.Digits}}', 'equal_to', '2')] },
      ] },
    { name: 'sales', type: 'connect-call-to', properties: { noun: 'number', to: '+14155550100', caller_id: '{{contact.channel.address}}', timeout: 20 },
      transitions: [{ event: 'callCompleted', next: 'sales__status' }, { event: 'hangup' }] },
    { name: 'sales__status', type: 'split-based-on', properties: { input: '{{widgets.sales.DialCallStatus}}' },
      transitions: [{ event: 'noMatch' }, { event: 'match', next: 'voicemail', conditions: [cond('{{widgets.sales.DialCallStatus}}', 'matches_any_of', 'no-answer,busy,failed')] }] },
    { name: 'billing', type: 'connect-call-to', properties: { noun: 'number', to: billing, caller_id: '{{trigger.call.To}}' },
      transitions: [{ event: 'callCompleted' }, { event: 'hangup' }] },
    { name: 'voicemail', type: 'record-voicemail', properties: { max_length: 120, transcribe: true, play_beep: 'true', finish_on_key: '#' },
      transitions: [{ event: 'recordingComplete' }, { event: 'noAudio' }, { event: 'hangup' }] },
    { name: 'closed', type: 'say-play', properties: { say: 'We are closed, {{flow.data.caller_name | default: "caller"}}.' }, transitions: [{ event: 'audioComplete' }] },
  ],
});

const CALLER = '+14155550123' as E164;
const PLAN_NUMBER = '+18885550100' as E164;
const TUESDAY_NOON = new Date('2026-11-24T12:00:00Z');

/** The steps in call order, whichever order the list comes in: the first transition is always the trigger's. */
function inCallOrder(steps: ExecutionStepInstance[]): ExecutionStepInstance[] {
  return steps.length > 0 && steps[0].transitionedFrom !== 'Trigger' ? [...steps].reverse() : steps;
}

let flowSid = '';
beforeAll(async () => {
  flowSid = (await t.client.studio.v2.flows.create({ friendlyName: 'Support line', status: 'published', definition: supportLine() })).sid;
});

describe('simulating a call through a published flow', () => {
  it('runs a caller who presses 1 when sales does not answer, and records each step with its context', async () => {
    const callSid = `CA${'1'.repeat(32)}`;
    const flow = t.client.studio.v2.flows(flowSid);
    const execution = await flow.executions.create({
      to: PLAN_NUMBER, from: CALLER,
      parameters: simulationParameters({ from: CALLER, to: PLAN_NUMBER, at: TUESDAY_NOON, inputs: ['1'], outcomes: { '+14155550100': 'no-answer' }, callSid }),
    });
    expect(execution).toMatchObject({ flowSid, status: 'ended', contactChannelAddress: CALLER, initiatedBy: callSid, flowVersion: 1 });
    expect(execution.sid).toMatch(/^FN[0-9a-f]{32}$/);
    expect(execution.contactSid).toMatch(/^FC[0-9a-f]{32}$/);

    const steps = await flow.executions(execution.sid).steps.list();
    // Newest first, as Twilio lists them.
    expect(steps[0].transitionedTo).toBe('Ended');
    const ordered = inCallOrder(steps);
    expect(ordered.map((s) => [s.name, s.transitionedFrom, s.transitionedTo])).toEqual([
      ['incomingCall', 'Trigger', 'hours'],
      ['match', 'hours', 'menu'],
      ['keypress', 'menu', 'menu__digits'],
      ['match', 'menu__digits', 'sales'],
      ['callCompleted', 'sales', 'sales__status'],
      ['match', 'sales__status', 'voicemail'],
      ['recordingComplete', 'voicemail', 'Ended'],
    ]);
    expect(ordered.map((s) => s.type)).toEqual(['trigger', 'split-based-on', 'gather-input-on-call', 'split-based-on', 'connect-call-to', 'split-based-on', 'record-voicemail']);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].transitionedFrom).toBe(ordered[i - 1].transitionedTo);
    expect(ordered[0].sid).toMatch(/^FT[0-9a-f]{32}$/);

    const context = await flow.executions(execution.sid).executionContext().fetch();
    expect(context.executionSid).toBe(execution.sid);
    expect(context.context).toMatchObject({
      trigger: { call: { From: CALLER, To: PLAN_NUMBER, CallSid: callSid, FromCountry: 'US', FromState: 'CA' } },
      contact: { channel: { address: CALLER } },
      widgets: { menu: { Digits: '1' }, sales: { DialCallStatus: 'no-answer' }, voicemail: { TranscriptionText: expect.any(String) } },
      didops: { status: 'ended', at: TUESDAY_NOON.toISOString(), call_sid: callSid, unused_inputs: 0 },
    });

    // A step's context is the execution's context as it stood after that step: the menu had its digit, sales had not rung.
    const keypress = ordered[2];
    const fetched = await flow.executions(execution.sid).steps(keypress.sid).fetch();
    expect(fetched).toMatchObject({ name: 'keypress', transitionedFrom: 'menu', transitionedTo: 'menu__digits', executionSid: execution.sid });
    const stepContext = await flow.executions(execution.sid).steps(keypress.sid).stepContext().fetch();
    expect(stepContext.stepSid).toBe(keypress.sid);
    expect(stepContext.context.widgets.menu).toMatchObject({ Digits: '1' });
    expect(stepContext.context.widgets.sales).toBeUndefined();
  });

  it('goes to the closed message outside opening hours and on a Sunday, using flow.data', async () => {
    const flow = t.client.studio.v2.flows(flowSid);
    for (const at of ['2026-11-24T08:59:00Z', '2026-11-24T17:00:00Z', '2026-11-29T12:00:00Z']) {
      const callSid = `CA${'2'.repeat(32)}`;
      const execution = await flow.executions.create({
        to: PLAN_NUMBER, from: CALLER,
        parameters: { caller_name: 'Zeke', ...simulationParameters({ from: CALLER, at: new Date(at), inputs: ['2'], callSid }) },
      });
      const path = inCallOrder(await flow.executions(execution.sid).steps.list()).map((s) => s.transitionedTo);
      expect(path).toEqual(['hours', 'closed', 'Ended']);
      const context = await flow.executions(execution.sid).executionContext().fetch();
      expect(context.context.flow.data.caller_name).toBe('Zeke');
      expect(context.context.didops.unused_inputs).toBe(1);
    }
  });

  it('runs at the sandbox’s own time with a fresh CallSid and no key presses when no simulation is given', async () => {
    const flow = t.client.studio.v2.flows(flowSid);
    const before = Date.now();
    const execution = await flow.executions.create({ to: PLAN_NUMBER, from: CALLER });
    const { context } = await flow.executions(execution.sid).executionContext().fetch();
    expect(context.didops.call_sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(context.trigger.call.CallSid).toBe(context.didops.call_sid);
    expect(execution.initiatedBy).toBe(context.didops.call_sid);
    expect(Date.parse(context.didops.at)).toBeGreaterThanOrEqual(before - 1000);
    // Whatever the hour, the menu (if reached) times out: nobody presses anything.
    expect(context.widgets.menu?.Digits).toBeUndefined();
  });

  it('runs the live revision: a later draft does not change what callers get until it is published', async () => {
    const flow = await t.client.studio.v2.flows.create({ friendlyName: 'Revisions', status: 'published', definition: supportLine('+14155550101') });
    await t.client.studio.v2.flows(flow.sid).update({ status: 'draft', definition: supportLine('+14155550199') });
    const run = async () => {
      const execution = await t.client.studio.v2.flows(flow.sid).executions.create({
        to: PLAN_NUMBER, from: CALLER, parameters: simulationParameters({ from: CALLER, at: TUESDAY_NOON, inputs: ['2'], callSid: `CA${'3'.repeat(32)}` }),
      });
      const steps = await t.client.studio.v2.flows(flow.sid).executions(execution.sid).steps.list();
      const connect = inCallOrder(steps).find((s) => s.transitionedFrom === 'billing')!;
      return { version: execution.flowVersion, context: (await t.client.studio.v2.flows(flow.sid).executions(execution.sid).steps(connect.sid).stepContext().fetch()).context };
    };
    const live = await run();
    expect(live.version).toBe(1);
    await t.client.studio.v2.flows(flow.sid).update({ status: 'published' });
    expect((await run()).version).toBe(3);
    expect(live.context.widgets.billing.DialCallStatus).toBe('completed');
  });

  it('lists executions newest first with paging, ends and deletes them, and deleting the flow deletes the rest', async () => {
    const flow = await t.client.studio.v2.flows.create({ friendlyName: 'Temp', status: 'published', definition: supportLine() });
    const executions = t.client.studio.v2.flows(flow.sid).executions;
    const sids: string[] = [];
    for (let i = 0; i < 3; i++) sids.push((await executions.create({ to: PLAN_NUMBER, from: CALLER })).sid);
    const listed = await executions.list({ pageSize: 2 });
    expect(listed.map((e) => e.sid)).toEqual([...sids].reverse());
    expect(await executions.list({ status: 'active' })).toEqual([]);
    expect((await executions.list({ dateCreatedFrom: new Date(Date.now() + 3_600_000) })).length).toBe(0);
    expect((await executions.list({ dateCreatedTo: new Date(Date.now() + 3_600_000) })).length).toBe(3);

    const ended = await executions(sids[0]).update({ status: 'ended' });
    expect(ended.status).toBe('ended');
    await expect(executions(sids[0]).update({ status: 'active' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Status=ended') });

    const steps = await executions(sids[1]).steps.list({ pageSize: 1 });
    expect(inCallOrder(steps)[0].transitionedFrom).toBe('Trigger');

    expect(await executions(sids[0]).remove()).toBe(true);
    await expect(executions(sids[0]).fetch()).rejects.toMatchObject({ status: 404 });
    await expect(executions(sids[0]).steps.list()).rejects.toMatchObject({ status: 404 });

    const db = t.sandbox.context.db;
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM flow_execution_steps s JOIN flow_executions e ON e.sid = s.execution_sid WHERE e.flow_sid = ?').get(flow.sid) as { n: number }).n;
    expect(count()).toBeGreaterThan(0);
    await t.client.studio.v2.flows(flow.sid).remove();
    expect(count()).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM flow_executions WHERE flow_sid = ?').get(flow.sid) as { n: number }).n).toBe(0);
  });
});

describe('requests the sandbox refuses', () => {
  const create = (parameters: unknown, flow = flowSid) =>
    t.client.studio.v2.flows(flow).executions.create({ to: PLAN_NUMBER, from: CALLER, parameters });

  it('refuses a flow that was never published, and one that does not exist', async () => {
    const draft = await t.client.studio.v2.flows.create({ friendlyName: 'Draft', status: 'draft', definition: supportLine() });
    await expect(create({}, draft.sid)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('no published revision') });
    await expect(create({}, `FW${'0'.repeat(32)}`)).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    ['Parameters that are not an object', ['x'], /Parameters: must be a JSON object/],
    ['a simulation that is not an object', { didops_simulation: 'soon' }, /Parameters\.didops_simulation: must be an object/],
    ['an unknown simulation setting', { didops_simulation: { digits: ['1'] } }, /Parameters\.didops_simulation\.digits: is not a simulation setting/],
    ['a time without a zone', { didops_simulation: { at: '2026-11-24T19:00' } }, /Parameters\.didops_simulation\.at: .* with a zone/],
    ['an impossible date', { didops_simulation: { at: '2026-02-30T19:00:00Z' } }, /didops_simulation\.at/],
    ['an input that is neither keys nor speech', { didops_simulation: { inputs: ['1', 'two'] } }, /Parameters\.didops_simulation\.inputs\[1\]: "two" is neither keypad digits/],
    ['an unknown dial outcome', { didops_simulation: { outcomes: { '+14155550100': 'timeout' } } }, /outcomes\["\+14155550100"\]: "timeout" is not an outcome for a dial; use completed, no-answer, busy, failed/],
    ['an unknown queue outcome', { didops_simulation: { outcomes: { 'queue:sales': 'busy' } } }, /outcomes\["queue:sales"\]: "busy" is not an outcome for a queue/],
    ['a malformed CallSid', { didops_simulation: { call_sid: 'CA123' } }, /call_sid: "CA123" is not a Call SID/],
  ])('refuses %s, naming the field', async (_what, parameters, message) => {
    await expect(create(parameters)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
  });

  it('refuses an execution without To or From', async () => {
    const answer = await t.client.request({ method: 'post', uri: `https://studio.twilio.com/v2/Flows/${flowSid}/Executions`, data: { From: CALLER } });
    expect(answer.statusCode).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('To');
  });

  it('never answers arbitrary Parameters with a 500', async () => {
    const json = fc.oneof(
      fc.json(),
      fc.record({ didops_simulation: fc.record({ at: fc.oneof(fc.string(), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString()))), inputs: fc.array(fc.string()), outcomes: fc.dictionary(fc.string(), fc.string()), call_sid: fc.string() }, { requiredKeys: [] }) }).map((p) => JSON.stringify(p)),
    );
    await fc.assert(
      fc.asyncProperty(json, async (parameters) => {
        const answer = await t.client.request({ method: 'post', uri: `https://studio.twilio.com/v2/Flows/${flowSid}/Executions`, data: { To: PLAN_NUMBER, From: CALLER, Parameters: parameters } });
        expect([201, 400]).toContain(answer.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});
