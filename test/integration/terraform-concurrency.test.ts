/**
 * Many instances of one `search` applied in parallel, with the real terraform CLI against the sandbox: `count = 20`,
 * `-parallelism=10`. Every instance searching at once used to find the same first matches, so with purchases that
 * take a moment (added latency here, as on the real Twilio) some instances gave up with "all N matching numbers
 * found by two searches were bought by someone else". The provider now buys the numbers of one search one after
 * another; every instance gets its own number, and nothing is bought twice.
 */
import { REQUIRED_PROVIDERS, sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
jest.setTimeout(180_000);

const ok = (ws: TerraformWorkspace, args: string[]) => terraformOk(ws, args, { timeoutMs: 120_000 });

describe('count = 20 with one search, applied 10 at a time', () => {
  let ws: TerraformWorkspace;
  beforeAll(() => {
    ws = sandboxWorkspace(t.sandbox);
  });
  afterAll(() => {
    t.sandbox.context.faults.configure([]);
    ws.close();
  });

  it('buys 20 different numbers, none twice, and destroys them all', async () => {
    ws.writeMain(`${REQUIRED_PROVIDERS}provider "didops" {}
resource "didops_phone_number" "pool" {
  count  = 20
  key    = "pool-\${count.index}"
  search = { country = "US", area_code = "415" }
}
output "numbers" {
  value = didops_phone_number.pool[*].e164
}
`);
    await ok(ws, ['init']);
    // A purchase that takes a moment widens the window between search and purchase, as on the real Twilio.
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/2010-04-01/Accounts/*/IncomingPhoneNumbers.json', latencyMs: 150 }]);
    const apply = await ws.run(['apply', '-auto-approve', '-parallelism=10'], { timeoutMs: 120_000 });
    t.sandbox.context.faults.configure([]);
    expect(apply.stderr).not.toContain('bought by someone else');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 20 added');

    const numbers = JSON.parse(await ok(ws, ['output', '-json', 'numbers'])) as string[];
    expect(numbers).toHaveLength(20);
    expect(new Set(numbers).size).toBe(20);
    const owned = (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);
    expect(owned.filter((n) => n.startsWith('+1415'))).toHaveLength(20);
    expect(owned).toEqual(expect.arrayContaining(numbers));

    const plan = await ws.run(['plan', '-detailed-exitcode']);
    expect(plan.code).toBe(0);
    await ok(ws, ['destroy', '-auto-approve', '-parallelism=10']);
    expect(await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).toHaveLength(0);
  });
});
