/**
 * A stack of many numbers with the real terraform CLI against the sandbox (issue #15). Terraform asks the provider
 * for every number on each plan; the provider answers from one listing of the account, so the carrier sees a list
 * request instead of one fetch per number. A number released outside Terraform is still noticed, and an apply
 * against an account that refuses requests past a concurrency limit completes without buying anything twice.
 */
import { REQUIRED_PROVIDERS, sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
jest.setTimeout(240_000);

const ok = (ws: TerraformWorkspace, args: string[]) => terraformOk(ws, args, { timeoutMs: 180_000 });

/** `count` numbers over four area codes. */
const stack = (count: number) => `${REQUIRED_PROVIDERS}provider "didops" {}
locals { area_codes = ["212", "312", "617", "206"] }
resource "didops_phone_number" "line" {
  count  = ${count}
  key    = "line-\${count.index}"
  search = { country = "US", area_code = local.area_codes[count.index % 4] }
  voice  = { url = "https://example.com/voice" }
}
output "numbers" {
  value = didops_phone_number.line[*].e164
}
`;

const owned = async () => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);

describe('a stack of 40 numbers, refreshed on every plan', () => {
  let ws: TerraformWorkspace;
  beforeAll(async () => {
    ws = sandboxWorkspace(t.sandbox);
    ws.writeMain(stack(40));
    await ok(ws, ['init']);
    await ok(ws, ['apply', '-auto-approve']);
  });
  afterAll(() => {
    t.sandbox.context.latency.configure('none');
    t.sandbox.context.concurrency.configure(undefined);
    ws.close();
  });

  it('plans with no changes after reading the account with one listing instead of 40 fetches', async () => {
    t.sandbox.context.requests.reset();
    const plan = await ws.run(['plan', '-detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const { total, byKind } = t.sandbox.context.requests.describe();
    // The first reads of a command go to the carrier one by one (a small stack never lists a large account); the
    // rest come from one listing.
    expect(byKind.list).toBe(1);
    expect(byKind.fetch).toBeLessThanOrEqual(16);
    expect(total).toBe(byKind.list + byKind.fetch);
  });

  it('notices a number released outside Terraform, whether its read came before the listing or from it', async () => {
    const numbers = JSON.parse(await ok(ws, ['output', '-json', 'numbers'])) as string[];
    const victim = (await t.client.incomingPhoneNumbers.list({ phoneNumber: numbers[37] }))[0];
    await t.client.incomingPhoneNumbers(victim.sid).remove();
    t.sandbox.context.requests.reset();
    const plan = await ws.run(['plan', '-detailed-exitcode', '-out=tfplan']);
    // Terraform reads in no fixed order: the gone number was either among the first direct reads, or missing from
    // the listing and then asked for alone. Either way one listing served the rest.
    const { byKind } = t.sandbox.context.requests.describe();
    expect(byKind.list).toBe(1);
    expect(byKind.fetch).toBeLessThanOrEqual(17);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('didops_phone_number.line[37] will be created');
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    await ok(ws, ['apply', 'tfplan']); // the plan above, without reading the 40 numbers again
    expect(await owned()).toHaveLength(40);
  });

  it('grows to 70 numbers against an account that takes 3 requests at once, buying each number once', async () => {
    // Carrier-like answers (a purchase takes a moment) and Twilio's 429 past 3 requests in flight; Terraform runs 10.
    t.sandbox.context.latency.configure({
      fetch: { medianMs: 5, p95Ms: 15 },
      list: { medianMs: 10, p95Ms: 25 },
      write: { medianMs: 10, p95Ms: 25 },
      delete: { medianMs: 5, p95Ms: 15 },
      purchase: { medianMs: 30, p95Ms: 80 },
    });
    t.sandbox.context.concurrency.configure(3);
    const refusedBefore = t.sandbox.context.concurrency.describe().refused;
    ws.writeMain(stack(70));
    const apply = await ws.run(['apply', '-auto-approve', '-parallelism=10'], { timeoutMs: 180_000 });
    t.sandbox.context.latency.configure('none');
    t.sandbox.context.concurrency.configure(undefined);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 30 added, 0 changed, 0 destroyed.');
    // The limit did bite, and the provider kept going.
    expect(t.sandbox.context.concurrency.describe().refused).toBeGreaterThan(refusedBefore);
    const numbers = JSON.parse(await ok(ws, ['output', '-json', 'numbers'])) as string[];
    expect(new Set(numbers).size).toBe(70);
    expect((await owned()).sort()).toEqual([...numbers].sort());
  });

  it('destroys them all', async () => {
    await ok(ws, ['destroy', '-auto-approve']);
    expect(await owned()).toHaveLength(0);
  });
});
