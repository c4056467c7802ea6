/**
 * examples/pulumi-typescript/index.ts, the program the README points Pulumi users to, run as written through the
 * real Pulumi SDK runtime with mocks: its `didops/provider/pulumi` import resolves to this checkout, and every
 * resource's serialized provider runs against the sandbox, as `pulumi up` against the sandbox would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRoutingPlan } from '../../src/routing/compile';
import { parsePlanText } from '../../src/routing/parse';
import { MockEngine } from '../support/pulumi-mock-engine';
import { useTestSandbox } from '../support/sandbox';
import { expectBuiltHost } from '../support/pulumi-build';

// The example imports the package by name, as a user's program does; here that name is this checkout, loaded once:
// each run re-evaluates the program, not didops and @pulumi/pulumi (a fresh copy of those per run cost seconds).
const mockDidops: unknown = jest.requireActual('../../provider/pulumi');
jest.mock('didops/provider/pulumi', () => mockDidops, { virtual: true });

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'pulumi-typescript');
const t = useTestSandbox();

/** Runs the example program afresh, as each `pulumi up` does: its module is evaluated again, in a registry of its own. */
function exampleProgram(): () => Record<string, unknown> {
  return () => {
    let exports: Record<string, unknown> = {};
    jest.isolateModules(() => {
      exports = require(join(EXAMPLE, 'index.ts')) as Record<string, unknown>;
    });
    return exports;
  };
}

beforeAll(() => {
  expectBuiltHost();
  // The example asks for a 415 number spelling HELP. The default sandbox (1,000,000 numbers) has several; the test
  // inventory is a fifth of that and has none, so stock one, a copy of a 415 voice number under a HELP number.
  // The Contains search reads the trigram index (numbers_digits), so the number goes in there too.
  const db = t.sandbox.context.db;
  const columns = (db.prepare('PRAGMA table_info(numbers)').all() as { name: string }[]).map((c) => c.name);
  const template = db.prepare("SELECT * FROM numbers WHERE area_code = '415' AND type = 'local' AND voice = 1 AND state = 0 LIMIT 1").get() as Record<string, unknown>;
  const id = (db.prepare('SELECT MAX(id) AS id FROM numbers').get() as { id: number }).id + 1;
  const row = { ...template, id, phone_number: '+14155554357' };
  db.prepare(`INSERT INTO numbers (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
  db.prepare('INSERT INTO numbers_digits (rowid, phone_number) VALUES (?, ?)').run(id, row.phone_number);
});

describe('the Pulumi example program', () => {
  it('deploys the address, the routing plan and the number bound to it; a second up changes nothing; destroy removes all three', async () => {
    const engine = new MockEngine({
      config: { 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url },
    });
    const first = (await engine.up(exampleProgram())) as { supportNumber: string; supportFlow: string };
    expect(first.supportNumber).toMatch(/^\+1415\d{7}$/);
    expect(first.supportFlow).toMatch(/^https:\/\/webhooks\.twilio\.com\/v1\/Accounts\/AC[0-9a-f]{32}\/Flows\/FW[0-9a-f]{32}$/);

    const [number] = await t.client.incomingPhoneNumbers.list({ phoneNumber: first.supportNumber });
    expect(number).toMatchObject({ voiceUrl: first.supportFlow, voiceMethod: 'POST' });
    expect(number.emergencyAddressSid).toMatch(/^AD/);
    const flowSid = first.supportFlow.split('/').pop() as string;
    const flow = await t.client.studio.v2.flows(flowSid).fetch();
    const [plan] = parsePlanText(readFileSync(join(EXAMPLE, 'support-routing.yaml'), 'utf8'), 'support-routing.yaml');
    expect(flow).toMatchObject({ status: 'published', definition: compileRoutingPlan(plan.plan!, { name: 'support' }) });

    const second = await engine.up(exampleProgram());
    expect(second).toEqual(first);
    expect([...engine.steps.values()].every((s) => s === 'same')).toBe(true);

    await engine.destroy();
    expect(await t.client.incomingPhoneNumbers.list({ phoneNumber: first.supportNumber })).toEqual([]);
    await expect(t.client.studio.v2.flows(flowSid).fetch()).rejects.toMatchObject({ status: 404 });
  });
});
