/**
 * A Telnyx number through the real terraform CLI, as a user with only a Telnyx account runs it: the API key in
 * DIDOPS_TELNYX_API_KEY, `carrier = "telnyx"` on the resources. Apply buys through a number order, a second plan is
 * empty (after a refresh too), a new voice URL and an emergency address are updates in place the account shows,
 * destroy leaves nothing owned; the API key is in no state file, no `terraform show -json` and no log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { filesContaining, TELNYX_HQ_HCL, telnyxAddressIds, telnyxOrders, telnyxOwned, telnyxVoiceUrl } from '../support/telnyx-stack';
import { BUILD_MIRROR, REQUIRED_PROVIDERS, terraformWorkspace, type TerraformWorkspace } from '../support/terraform-cli';

jest.setTimeout(60_000);
const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: 300 } });
const telnyx = () => telnyxClient(t.sandbox);

const config = (voiceUrl: string, withAddress: boolean) => `${REQUIRED_PROVIDERS}provider "didops" {}

${TELNYX_HQ_HCL}
resource "didops_phone_number" "support" {
  key     = "support"
  carrier = "telnyx"
  search  = { country = "US", area_code = "415" }
  voice   = { url = "${voiceUrl}" }${withAddress ? '\n  emergency_address = didops_emergency_address.hq.sid' : ''}
}

output "number" { value = didops_phone_number.support.e164 }
output "sid"    { value = didops_phone_number.support.sid }
`;

describe('a Telnyx support line, from init to destroy, with only a Telnyx API key', () => {
  let ws: TerraformWorkspace;
  const logs: string[] = [];
  // Every log on (Terraform's and the provider's), as a user chasing a problem would: the key must not show up there.
  const run = async (args: string[]) => {
    const result = await ws.run(args, { env: { TF_LOG: 'TRACE' } });
    logs.push(result.stdout, result.stderr);
    return result;
  };
  const ok = async (args: string[]) => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
  let before: string[];

  beforeAll(async () => {
    ws = terraformWorkspace({ mirrorDir: BUILD_MIRROR, env: { DIDOPS_TELNYX_API_KEY: t.sandbox.telnyxApiKey, DIDOPS_TELNYX_BASE_URL: t.sandbox.url } });
    ws.writeMain(config('https://example.com/voice', false));
    await ok(['init']);
    before = (await telnyxOwned(telnyx())).map((n) => n.e164);
  });
  afterAll(() => ws.close());

  it('buys one 415 number through one number order, routed to the voice URL, and the next plan is empty', async () => {
    const ordersBefore = (await telnyxOrders(telnyx())).length;
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const number = (await ok(['output', '-raw', 'number'])).trim();
    expect(number).toMatch(/^\+1415\d{7}$/);
    const mine = (await telnyxOwned(telnyx())).filter((n) => !before.includes(n.e164));
    expect(mine.map((n) => n.e164)).toEqual([number]);
    expect((await ok(['output', '-raw', 'sid'])).trim()).toBe(mine[0].id);
    expect(await telnyxVoiceUrl(telnyx(), mine[0].connectionId)).toBe('https://example.com/voice');
    const orders = await telnyxOrders(telnyx());
    expect(orders.length).toBe(ordersBefore + 1);

    const plan = await run(['plan', '-detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    expect(plan.code).toBe(0);
  });

  it('a refresh reads the same number and address back: nothing drifted', async () => {
    const refresh = await ok(['apply', '-refresh-only', '-auto-approve']);
    expect(refresh).toContain('No changes.');
    expect(refresh).not.toContain('has changed');
  });

  it('a new voice URL and an emergency address are updates in place that the account shows', async () => {
    ws.writeMain(config('https://example.com/voice-v2', true));
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply).toContain('# didops_phone_number.support will be updated in-place');
    expect(apply).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(apply).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    const sid = (await ok(['output', '-raw', 'sid'])).trim();
    const live = (await telnyxOwned(telnyx())).find((n) => n.id === sid)!;
    expect(await telnyxVoiceUrl(telnyx(), live.connectionId)).toBe('https://example.com/voice-v2');
    const state = JSON.parse(await ok(['show', '-json'])) as { values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } } };
    const hq = state.values.root_module.resources.find((r) => r.address === 'didops_emergency_address.hq')!;
    expect(live.emergencyAddressId).toBe(hq.values.sid);
    const again = await run(['plan', '-detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('never writes the API key: not to the state, not to show -json, not to the logs', async () => {
    const key = t.sandbox.telnyxApiKey;
    expect(filesContaining(ws.dir, key)).toEqual([]);
    expect(readFileSync(join(ws.dir, 'terraform.tfstate'), 'utf8')).toContain('"carrier": "telnyx"');
    expect(await ok(['show', '-json'])).not.toContain(key);
    expect(logs.join('\n')).not.toContain(key);
    expect(logs.join('\n')).toContain('rpc ConfigureProvider');
  });

  it('destroy releases the number and removes the address: nothing is left owned', async () => {
    const addressesBefore = await telnyxAddressIds(telnyx());
    expect(addressesBefore.length).toBeGreaterThan(0);
    const destroy = await ok(['destroy', '-auto-approve']);
    expect(destroy).toContain('Destroy complete! Resources: 2 destroyed.');
    expect((await telnyxOwned(telnyx())).map((n) => n.e164)).toEqual(before);
    expect(await telnyxAddressIds(telnyx())).toEqual([]);
  });
});
