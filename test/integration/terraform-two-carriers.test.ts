/**
 * One HCL configuration with numbers on both carriers, through the real terraform CLI: a Twilio sales line (the
 * default carrier, found by search), a Telnyx support line (found by search) and a Telnyx emergency address bound to
 * it. Apply buys one number at each carrier, the second plan is empty, destroy leaves nothing owned at either; no
 * credential of either carrier reaches the state.
 */
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { bothCarriersWorkspace, filesContaining, TELNYX_HQ_HCL, telnyxAddressIds, telnyxOwned } from '../support/telnyx-stack';
import { REQUIRED_PROVIDERS, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';

jest.setTimeout(60_000);
const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: 300 } });
const telnyx = () => telnyxClient(t.sandbox);
const twilioOwned = async () => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);

const STACK = `${REQUIRED_PROVIDERS}provider "didops" {}

resource "didops_phone_number" "sales" {
  key    = "sales"
  search = { country = "US", area_code = "212" }
}

${TELNYX_HQ_HCL}
resource "didops_phone_number" "support" {
  key               = "support"
  carrier           = "telnyx"
  search            = { country = "US", area_code = "415" }
  voice             = { url = "https://example.com/support" }
  emergency_address = didops_emergency_address.hq.sid
}

output "sales"   { value = didops_phone_number.sales.e164 }
output "support" { value = didops_phone_number.support.e164 }
`;

describe('a stack with a Twilio and a Telnyx number', () => {
  let ws: TerraformWorkspace;
  let before: { twilio: string[]; telnyx: string[] };
  beforeAll(async () => {
    ws = bothCarriersWorkspace(t.sandbox);
    ws.writeMain(STACK);
    await terraformOk(ws, ['init']);
    before = { twilio: await twilioOwned(), telnyx: (await telnyxOwned(telnyx())).map((n) => n.e164) };
  });
  afterAll(() => ws.close());

  it('apply buys the sales line at Twilio and the support line at Telnyx, registered at the Telnyx address', async () => {
    const apply = await terraformOk(ws, ['apply', '-auto-approve']);
    expect(apply).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    const sales = (await terraformOk(ws, ['output', '-raw', 'sales'])).trim();
    const support = (await terraformOk(ws, ['output', '-raw', 'support'])).trim();
    expect(sales).toMatch(/^\+1212\d{7}$/);
    expect(support).toMatch(/^\+1415\d{7}$/);
    expect((await twilioOwned()).filter((n) => !before.twilio.includes(n))).toEqual([sales]);
    const telnyxNew = (await telnyxOwned(telnyx())).filter((n) => !before.telnyx.includes(n.e164));
    expect(telnyxNew.map((n) => n.e164)).toEqual([support]);
    expect(telnyxNew[0].emergencyAddressId).toMatch(/^\d+$/);
  });

  it('the second plan is empty', async () => {
    const plan = await ws.run(['plan', '-detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    expect(plan.code).toBe(0);
  });

  it('no credential of either carrier is in the state', () => {
    expect(filesContaining(ws.dir, t.sandbox.telnyxApiKey)).toEqual([]);
    expect(filesContaining(ws.dir, t.sandbox.authToken)).toEqual([]);
  });

  it('destroy leaves nothing owned at either carrier', async () => {
    const destroy = await terraformOk(ws, ['destroy', '-auto-approve']);
    expect(destroy).toContain('Destroy complete! Resources: 3 destroyed.');
    expect(await twilioOwned()).toEqual(before.twilio);
    expect((await telnyxOwned(telnyx())).map((n) => n.e164)).toEqual(before.telnyx);
    expect(await telnyxAddressIds(telnyx())).toEqual([]);
  });
});
