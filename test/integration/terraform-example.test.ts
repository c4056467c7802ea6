/**
 * examples/terraform with the real terraform CLI against the sandbox, installed the way docs/terraform.md tells a
 * user: from the local mirror `npm run build` makes. init, plan, apply, a second plan with no changes, an update in
 * place, a labelled replacement, import followed by an empty plan, destroy; bad configuration stopped before
 * anything is bought; and a provider killed mid-purchase whose next apply buys nothing twice.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { planThenApply, REQUIRED_PROVIDERS, sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const REPO = join(__dirname, '..', '..');
const t = useTestSandbox();
jest.setTimeout(120_000);

const workspace = (): TerraformWorkspace => sandboxWorkspace(t.sandbox);
const ok = terraformOk;


async function owned(): Promise<{ sid: string; e164: string; name: string }[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => ({ sid: n.sid, e164: n.phoneNumber, name: n.friendlyName }));
}

// The test inventory is smaller than the default one: any 415 number will do.
const ANY_415 = ['-var', 'vanity='];
const HEADER = `${REQUIRED_PROVIDERS}provider "didops" {}\n`;

describe('examples/terraform, from init to destroy', () => {
  let ws: TerraformWorkspace;
  /** The `support_number` output, read after each apply that may change it (a terraform run costs seconds). */
  let supportNumber: string;
  beforeAll(() => {
    ws = workspace();
    copyFileSync(join(REPO, 'examples', 'terraform', 'main.tf'), join(ws.dir, 'main.tf'));
  });
  afterAll(() => ws.close());

  it('installs the provider from the local mirror and validates the example', async () => {
    const init = await ok(ws, ['init']);
    expect(init).toContain('Installing didops/didops v0.1.0');
    expect(init).toContain('Terraform has been successfully initialized');
    expect(readFileSync(join(ws.dir, '.terraform.lock.hcl'), 'utf8')).toContain('registry.terraform.io/didops/didops');
    expect(await ok(ws, ['validate'])).toContain('The configuration is valid');
  });

  it('plans, applies, and then plans no changes', async () => {
    const before = await owned();
    const { plan, apply } = await planThenApply(ws, ANY_415);
    expect(plan).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(plan).toContain('+ resource "didops_phone_number" "support"');
    expect(apply).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    supportNumber = (await ok(ws, ['output', '-raw', 'support_number'])).trim();
    expect(supportNumber).toMatch(/^\+1415\d{7}$/);
    expect((await owned()).length).toBe(before.length + 1);
    const again = await ws.run(['plan', '-detailed-exitcode', ...ANY_415]);
    expect(again.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    expect(again.code).toBe(0);
  });

  it('renames the number in place', async () => {
    const { plan } = await planThenApply(ws, [...ANY_415, '-var', 'support_name=Support (24/7)']);
    expect(plan).toContain('~ update in-place');
    expect(plan).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    // An update in place keeps the number: the one bought above now carries the new name.
    expect((await owned()).find((n) => n.e164 === supportNumber)?.name).toMatch(/^Support \(24\/7\) \[didops:[a-z2-7]{12}\]$/);
  });

  it('labels a replacement when the number must change, and releases the old one', async () => {
    const old = supportNumber;
    const { plan } = await planThenApply(ws, ['-var', 'vanity=', '-var', 'area_code=628', '-var', 'support_name=Support (24/7)']);
    expect(plan).toContain('must be replaced');
    expect(plan).toContain('# forces replacement');
    expect(plan).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
    const now = (supportNumber = (await ok(ws, ['output', '-raw', 'support_number'])).trim());
    expect(now).toMatch(/^\+1628/);
    expect((await owned()).map((n) => n.e164)).not.toContain(old);
  });

  it('destroys everything it made', async () => {
    const mine = supportNumber;
    await ok(ws, ['destroy', '-auto-approve', '-var', 'vanity=', '-var', 'area_code=628', '-var', 'support_name=Support (24/7)']);
    expect((await owned()).map((n) => n.e164)).not.toContain(mine);
    expect((await t.client.addresses.list({ customerName: 'Acme Inc' })).length).toBe(0);
  });
});

describe('importing a number bought by hand', () => {
  it('is followed by an empty plan', async () => {
    const ws = workspace();
    try {
      const byHand = await t.client.incomingPhoneNumbers.create({ areaCode: '212', friendlyName: 'Front desk', voiceUrl: 'https://example.com/desk' });
      ws.writeMain(`${HEADER}resource "didops_phone_number" "front_desk" {
  key           = "front-desk"
  number        = "${byHand.phoneNumber}"
  friendly_name = "Front desk"
  voice         = { url = "https://example.com/desk" }
}
`);
      await ok(ws, ['init']);
      const imported = await ok(ws, ['import', 'didops_phone_number.front_desk', byHand.sid]);
      expect(imported).toContain('Import successful!');
      const plan = await ws.run(['plan', '-detailed-exitcode']);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
      // Importing by E.164 works the same way.
      await ok(ws, ['state', 'rm', 'didops_phone_number.front_desk']);
      await ok(ws, ['import', 'didops_phone_number.front_desk', byHand.phoneNumber]);
      expect((await ws.run(['plan', '-detailed-exitcode'])).code).toBe(0);
      await ok(ws, ['destroy', '-auto-approve']);
      expect((await owned()).map((n) => n.sid)).not.toContain(byHand.sid);
    } finally {
      ws.close();
    }
  });
});

describe('bad configuration fails before anything is bought, naming the attribute', () => {
  let ws: TerraformWorkspace;
  beforeAll(async () => {
    ws = workspace();
    ws.writeMain(`${HEADER}`);
    await ok(ws, ['init']);
  });
  afterAll(() => ws.close());

  const attempt = async (resource: string, args: string[] = ['plan'], env: Record<string, string | undefined> = {}) => {
    ws.writeMain(`${HEADER}${resource}
`);
    const before = await owned();
    const result = await ws.run(args, { env });
    expect(result.code).not.toBe(0);
    expect(await owned()).toEqual(before);
    return result.stderr.replace(/\s+/g, ' ');
  };

  it('an unknown country, in validate', async () => {
    const err = await attempt(`resource "didops_phone_number" "x" {
  key    = "x"
  search = { country = "UK" }
}`, ['validate']);
    expect(err).toContain('search.country: "UK" is not a country didops can search');
    expect(err).toContain('did you mean "GB"?');
    expect(err).toContain('didops_phone_number.x');
  });

  it('an invalid E.164 number, in plan', async () => {
    const err = await attempt(`resource "didops_phone_number" "x" {
  key    = "x"
  number = "+1415555"
}`);
    expect(err).toMatch(/number/);
    expect(err).toContain('with didops_phone_number.x');
  });

  it('missing credentials, in plan', async () => {
    const err = await attempt(`resource "didops_phone_number" "x" {
  key    = "x"
  search = { country = "US" }
}`, ['plan'], { DIDOPS_TWILIO_ACCOUNT_SID: undefined, DIDOPS_TWILIO_AUTH_TOKEN: undefined });
    expect(err).toMatch(/twilio_account_sid/);
    expect(err).toContain('DIDOPS_TWILIO_ACCOUNT_SID');
  });
});

describe('a provider killed in the middle of a purchase', () => {
  it('leaves a number the next apply takes over: nothing bought twice', async () => {
    const ws = workspace();
    try {
      ws.writeMain(`${HEADER}resource "didops_phone_number" "crash" {
  key    = "crash-test"
  search = { country = "US", area_code = "312" }
}
output "number" { value = didops_phone_number.crash.e164 }
`);
      await ok(ws, ['init']);
      const before = await owned();
      // The sandbox buys the number, then holds its answer long enough to kill the provider in between.
      t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', responseDelayMs: 20_000 }]);
      let terraformPid = 0;
      const crashed = ws.run(['apply', '-auto-approve'], { onStart: (child) => (terraformPid = child.pid ?? 0) });
      let bought: { sid: string; e164: string }[] = [];
      for (let i = 0; i < 200 && bought.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = await owned();
        bought = now.filter((n) => !before.some((b) => b.sid === n.sid));
      }
      expect(bought).toHaveLength(1);
      // The provider is terraform's child (the launcher execs node).
      const providers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(terraformPid)]).toString().trim().split(/\s+/).filter(Boolean);
      for (const pid of providers) process.kill(Number(pid), 'SIGKILL');
      const result = await crashed;
      expect(result.code).not.toBe(0);
      t.sandbox.context.faults.configure([]);

      const apply = await ok(ws, ['apply', '-auto-approve']);
      expect(apply).toContain('1 added');
      expect((await ok(ws, ['output', '-raw', 'number'])).trim()).toBe(bought[0].e164);
      const after = await owned();
      expect(after.filter((n) => !before.some((b) => b.sid === n.sid)).map((n) => n.sid)).toEqual([bought[0].sid]);
      await ok(ws, ['destroy', '-auto-approve']);
    } finally {
      t.sandbox.context.faults.configure([]);
      ws.close();
    }
  });
});
