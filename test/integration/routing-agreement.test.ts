/**
 * The compiled Studio flow and the plan simulator agree: for random callers, times, key presses and
 * ring outcomes, the sandbox's execution of the compiled flow visits the same steps, in the same
 * order, as `simulateCall` reads from the plan. This is what lets a reviewer trust
 * `didops routing simulate` (and the diagram) as a statement about the deployed flow.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { E164 } from '../../src/core/e164';
import type { RoutingPlan } from '../../src/routing/model';
import { loadPlanFile } from '../../src/routing/parse';
import { compileRoutingPlan } from '../../src/routing/compile';
import { simulateCall } from '../../src/routing/simulate';
import { simulationParameters, type CallScenario, type DialOutcome, type QueueOutcome } from '../../src/routing/call-scenario';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

function example(file: string): { name: string; plan: RoutingPlan } {
  const [parsed] = loadPlanFile(join(__dirname, '..', '..', 'examples', 'routing', file));
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return { name: parsed.name, plan: parsed.plan };
}

/** Callers from the places the example plans tell apart, plus the blocked ones and a few abroad. */
const CALLERS = [
  '+14155550123', '+15035550123', '+12065550123', '+12125550123', '+16465550123', '+13125550123', '+12025550111',
  '+13055550188', '+16175550123', '+14165550123', '+16045550123', '+442079460000', '+33142685300', '+61290000000',
  '+18005550123', '+19175550199',
] as E164[];

/** Instants between 2025 and 2040, half of them near a daylight-saving change or a holiday in the examples' zones. */
const SPECIAL_DAYS = [
  '2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2027-03-14', '2027-11-07', '2030-03-31', '2030-10-27',
  '2026-11-26', '2026-12-25', '2027-01-01', '2027-05-31', '2027-07-05', '2026-11-27', '2026-12-24',
];
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 0, 2) / 60_000, max: Date.UTC(2040, 11, 30) / 60_000 }).map((m) => new Date(m * 60_000)),
  fc
    .tuple(fc.constantFrom(...SPECIAL_DAYS), fc.integer({ min: -24 * 60, max: 48 * 60 }))
    .map(([day, minutes]) => DateTime.fromISO(`${day}T00:00Z`).plus({ minutes }).toJSDate()),
);
const input = fc.constantFrom('1', '2', '3', '7', '9', '12', '2#', '', '', 'speech:sales', 'speech:Invoices.', 'speech:Billing?', 'speech:technical', 'speech:weather');
const callSid = fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `CA${hex}`);

/** Every ring target and queue of a plan, each with a random outcome. */
function outcomesFor(plan: RoutingPlan): fc.Arbitrary<Record<string, DialOutcome | QueueOutcome>> {
  const keys: Record<string, fc.Arbitrary<DialOutcome | QueueOutcome>> = {};
  const dial = fc.constantFrom<DialOutcome>('completed', 'completed', 'no-answer', 'busy', 'failed');
  for (const step of Object.values(plan.steps)) {
    if (step.type === 'forward' || step.type === 'sip') keys[step.to] = dial;
    if (step.type === 'ring') for (const target of step.targets) keys[target] = dial;
    if (step.type === 'queue') keys[`queue:${step.queue}`] = fc.constantFrom<QueueOutcome>('answered', 'timeout', 'failed');
  }
  return fc.record(keys);
}

function scenarios(plan: RoutingPlan): fc.Arbitrary<CallScenario> {
  return fc.record({
    from: fc.constantFrom(...CALLERS),
    to: fc.constant('+18885550100' as E164),
    at: instant,
    inputs: fc.array(input, { maxLength: 4 }),
    outcomes: outcomesFor(plan),
    callSid,
  });
}

/** The steps an execution visited, in order: the states whose names are step names (a step's entry state). */
async function executedSteps(flowSid: string, plan: RoutingPlan, scenario: CallScenario): Promise<string[]> {
  const execution = await t.client.studio.v2.flows(flowSid).executions.create({
    to: scenario.to ?? '+18885550100',
    from: scenario.from,
    parameters: simulationParameters(scenario),
  });
  const steps = await t.client.studio.v2.flows(flowSid).executions(execution.sid).steps.list({ pageSize: 1000 });
  const inOrder = steps.length > 0 && steps[0].transitionedFrom !== 'Trigger' ? [...steps].reverse() : steps;
  expect(inOrder[0]?.transitionedFrom).toBe('Trigger');
  return inOrder.map((s) => s.transitionedTo).filter((state) => Object.prototype.hasOwnProperty.call(plan.steps, state));
}

describe.each([['small-business.yaml'], ['call-centre.yaml'], ['geo-routed.yaml']])('%s: the compiled flow and the simulator agree', (file) => {
  const { name, plan } = example(file);
  let flowSid = '';

  beforeAll(async () => {
    const flow = await t.client.studio.v2.flows.create({
      friendlyName: `agreement ${name}`,
      status: 'published',
      definition: compileRoutingPlan(plan, { name }) as unknown as object,
    });
    flowSid = flow.sid;
  });

  it('on random callers, times, inputs and ring outcomes', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios(plan), async (scenario) => {
        const simulated = simulateCall(plan, scenario).steps.map((s) => s.step);
        expect(await executedSteps(flowSid, plan, scenario)).toEqual(simulated);
      }),
      { numRuns: 250 },
    );
  });
});
