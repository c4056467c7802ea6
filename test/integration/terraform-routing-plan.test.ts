/**
 * `didops_routing_plan` with the real terraform CLI against the sandbox: a plan from a YAML file bound to a number,
 * a changed file applied in place, a console edit restored, a broken plan stopped at plan time on the `plan`
 * attribute with the step path, destroy refused while a number outside the configuration still routes to the plan.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionDigest } from '../../src/resources/routing-plan';
import { planThenApply, REQUIRED_PROVIDERS, sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
jest.setTimeout(120_000);

const MAIN = `${REQUIRED_PROVIDERS}provider "didops" {}

resource "didops_routing_plan" "support" {
  key  = "support"
  plan = file("\${path.module}/support.yaml")
}

resource "didops_phone_number" "line" {
  key          = "line"
  search       = { country = "US", area_code = "415" }
  routing_plan = didops_routing_plan.support.sid
}

output "flow" {
  value = didops_routing_plan.support.sid
}

output "webhook" {
  value = didops_routing_plan.support.webhook_url
}

output "revision" {
  value = didops_routing_plan.support.revision
}

output "line" {
  value = didops_phone_number.line.sid
}
`;

/** The plan file: the desk, then voicemail. */
function supportYaml(desk: string, onNoAnswer = 'voicemail'): string {
  return `plans:
  support:
    description: Support desk
    start: desk
    steps:
      desk:
        type: forward
        to: "${desk}"
        onNoAnswer: ${onNoAnswer}
        onBusy: voicemail
        onFailure: voicemail
      voicemail:
        type: voicemail
        greeting: Please leave a message after the tone.
`;
}

describe('a routing plan from a YAML file, bound to a number, from apply to destroy', () => {
  let ws: TerraformWorkspace;
  const writePlan = (text: string) => writeFileSync(join(ws.dir, 'support.yaml'), text);
  /** Every output in one terraform run (a run costs seconds; outputs change only on apply). */
  const outputs = async (): Promise<Record<string, string>> =>
    Object.fromEntries(Object.entries(JSON.parse(await terraformOk(ws, ['output', '-json'])) as Record<string, { value: unknown }>).map(([name, o]) => [name, String(o.value)]));

  beforeAll(async () => {
    ws = sandboxWorkspace(t.sandbox);
    ws.writeMain(MAIN);
    writePlan(supportYaml('+1 415 555 0100'));
    await terraformOk(ws, ['init']);
  });
  afterAll(() => ws.close());

  it('applies the plan as a published flow and points the number at it; a second plan has no changes', async () => {
    const apply = await terraformOk(ws, ['apply', '-auto-approve']);
    expect(apply).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const out = await outputs();
    const flow = await t.client.studio.v2.flows(out.flow).fetch();
    expect(flow).toMatchObject({ status: 'published', revision: 1, friendlyName: expect.stringMatching(/^support \[didops:[a-z2-7]{12}\]$/) });
    expect(JSON.stringify(flow.definition)).toContain('+14155550100');
    expect((await t.client.incomingPhoneNumbers(out.line).fetch()).voiceUrl).toBe(out.webhook);
    const again = await ws.run(['plan', '-detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('a file changed only in comments, layout and spelling of the same values plans no changes', async () => {
    const reworded = `# Support routing, reviewed by the desk lead\n${supportYaml('+14155550100')
      .replace('to: "+14155550100"', 'to: "+1 (415) 555-0100"   # the desk')
      .replace(/\n/g, '\n\n')}`;
    writePlan(reworded);
    const result = await ws.run(['plan', '-detailed-exitcode']);
    expect(result.stdout).toContain('No changes.');
    expect(result.code).toBe(0);
  });

  it('a changed file is an update in place: a new revision, published, the number untouched', async () => {
    writePlan(supportYaml('+1 415 555 0199'));
    const { plan } = await planThenApply(ws);
    expect(plan).toContain('~ resource "didops_routing_plan" "support"');
    expect(plan).toContain('~ definition_digest');
    expect(plan).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const out = await outputs();
    expect(out.revision).toBe('3');
    expect(JSON.stringify((await t.client.studio.v2.flows(out.flow).fetch()).definition)).toContain('+14155550199');
  });

  it('an edit in the Studio console shows in the next plan, and apply publishes the file again', async () => {
    const sid = (await outputs()).flow;
    const live = (await t.client.studio.v2.flows(sid).fetch()).definition;
    const hotfix = JSON.parse(JSON.stringify(live).replace('+14155550199', '+14155550111'));
    await t.client.studio.v2.flows(sid).update({ status: 'published', definition: hotfix, commitMessage: 'console hotfix' });
    const { plan } = await planThenApply(ws);
    expect(plan).toMatch(new RegExp(`~ definition_digest += "${definitionDigest(hotfix)}" -> \\(known after apply\\)`));
    expect(plan).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(JSON.stringify((await t.client.studio.v2.flows(sid).fetch()).definition)).toContain('+14155550199');
  });

  it('a broken plan fails at plan time, on the plan attribute, with the step path', async () => {
    writePlan(supportYaml('+1 415 555 0199', 'voicemial'));
    const result = await ws.run(['plan']);
    expect(result.code).toBe(1);
    const err = result.stderr.replace(/\s+/g, ' ');
    expect(err).toContain('plans.support.desk.onNoAnswer:');
    expect(err).toContain('voicemial');
    expect(err).toContain('with didops_routing_plan.support');
    expect(err).toMatch(/plan = file\(/);
    writePlan(supportYaml('+1 415 555 0199'));
  });

  it('destroy is refused while a number outside the configuration routes to the plan, then succeeds', async () => {
    const { flow: sid, webhook } = await outputs();
    const stray = await t.client.incomingPhoneNumbers.create({ areaCode: '212', voiceUrl: webhook });
    const refused = await ws.run(['destroy', '-auto-approve']);
    expect(refused.code).toBe(1);
    const err = refused.stderr.replace(/\s+/g, ' ');
    expect(err).toContain(`routing plan support is still the voice route of +1 212`);
    // Terraform shows the summary, then the detail: how to fix it.
    expect(err).toContain(`(${stray.sid}) remove \`routingPlan\` from that number first`);
    await expect(t.client.studio.v2.flows(sid).fetch()).resolves.toMatchObject({ sid });

    await t.client.incomingPhoneNumbers(stray.sid).remove();
    await terraformOk(ws, ['destroy', '-auto-approve']);
    await expect(t.client.studio.v2.flows(sid).fetch()).rejects.toMatchObject({ status: 404 });
  });
});

describe('importing a Studio flow built in the console', () => {
  it('keeps the flow and its numbers: the next apply publishes the plan on it as a new revision', async () => {
    const ws = sandboxWorkspace(t.sandbox);
    try {
      const handMade = await t.client.studio.v2.flows.create({
        friendlyName: 'Front desk IVR',
        status: 'published',
        definition: { description: 'by hand', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states: [{ name: 'Trigger', type: 'trigger', properties: {}, transitions: [{ event: 'incomingCall' }] }] },
      });
      const desk = await t.client.incomingPhoneNumbers.create({ areaCode: '212', voiceUrl: handMade.webhookUrl });
      ws.writeMain(`${REQUIRED_PROVIDERS}provider "didops" {}

resource "didops_routing_plan" "front_desk" {
  key  = "front-desk"
  plan = jsonencode({ start = "desk", steps = { desk = { type = "forward", to = "+14155550100" } } })
}
`);
      await terraformOk(ws, ['init']);
      expect(await terraformOk(ws, ['import', 'didops_routing_plan.front_desk', handMade.sid])).toContain('Import successful!');
      const { plan } = await planThenApply(ws);
      expect(plan).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
      const flow = await t.client.studio.v2.flows(handMade.sid).fetch();
      expect(flow).toMatchObject({ friendlyName: 'Front desk IVR', status: 'published', revision: 3 });
      expect(JSON.stringify(flow.definition)).toContain('+14155550100');
      expect((await t.client.incomingPhoneNumbers(desk.sid).fetch()).voiceUrl).toBe(handMade.webhookUrl);
      expect((await ws.run(['plan', '-detailed-exitcode'])).code).toBe(0);
      await t.client.incomingPhoneNumbers(desk.sid).remove();
      await terraformOk(ws, ['destroy', '-auto-approve']);
      await expect(t.client.studio.v2.flows(handMade.sid).fetch()).rejects.toMatchObject({ status: 404 });
    } finally {
      ws.close();
    }
  });
});
