/** The example routing plans, compiled and handed to the sandbox's Studio API through the real twilio SDK. */
import { join } from 'node:path';
import { compileRoutingPlan } from '../../src/routing/compile';
import { loadPlanFile, parseRoutingPlan } from '../../src/routing/parse';
import { generateLargePlan } from '../support/routing-plans';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

const examples = ['small-business.yaml', 'call-centre.yaml', 'geo-routed.yaml'].map((file) => {
  const [parsed] = loadPlanFile(join(__dirname, '..', '..', 'examples', 'routing', file));
  if (!parsed.plan) throw new Error(`${file}: ${JSON.stringify(parsed.diagnostics)}`);
  return { file, name: parsed.name, plan: parsed.plan };
});

describe('compiled routing plans in the sandbox’s Studio', () => {
  it.each(examples)('Studio finds the compiled $file plan valid', async ({ name, plan }) => {
    const definition = compileRoutingPlan(plan, { name });
    const verdict = await t.client.studio.v2.flowValidate.update({ friendlyName: `didops ${name}`, status: 'published', definition });
    expect(verdict.valid).toBe(true);
  });

  it.each(examples)('publishes the compiled $file plan and hands back the very same definition', async ({ name, plan }) => {
    const definition = compileRoutingPlan(plan, { name });
    const created = await t.client.studio.v2.flows.create({ friendlyName: `didops ${name}`, status: 'published', definition, commitMessage: 'didops routing plan' });
    expect(created).toMatchObject({ status: 'published', valid: true, revision: 1 });
    expect(created.errors).toEqual([]);
    expect(created.warnings).toEqual([]);
    const fetched = await t.client.studio.v2.flows(created.sid).fetch();
    expect(fetched.definition).toEqual(JSON.parse(JSON.stringify(definition)));
  });

  it('refuses to publish a plan compiled past Studio’s 1,000 states', async () => {
    const parsed = parseRoutingPlan('large', generateLargePlan(1000));
    if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
    const definition = compileRoutingPlan(parsed.plan, { name: 'large' });
    await expect(t.client.studio.v2.flowValidate.update({ friendlyName: 'too big', status: 'published', definition })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('1000'),
    });
  });
});
