/**
 * Carrier mistakes in a Terraform configuration, stopped by the real terraform CLI before anything is ordered, each
 * error pointing at the attribute (Terraform quotes its line) and saying the fix: a Telnyx number in a provider
 * without a Telnyx API key, a default carrier didops does not speak, Twilio-only settings on a Telnyx number. And
 * `terraform validate` of a two-carrier configuration needs no credentials at all.
 */
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { TELNYX_HQ_HCL, telnyxOrders } from '../support/telnyx-stack';
import { credentialFreeWorkspace, diagnosticOf, REQUIRED_PROVIDERS, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';

jest.setTimeout(60_000);
const t = useTestSandbox();

let ws: TerraformWorkspace;
beforeAll(async () => {
  ws = await credentialFreeWorkspace();
});
afterAll(() => ws.close());

const telnyxNumber = (extra = '', name = 'support') => `resource "didops_phone_number" "${name}" {
  key     = "${name}"
  carrier = "telnyx"
  search  = { country = "US", area_code = "415" }${extra}
}
`;

/** Runs `args` on `hcl` and expects it to fail having ordered nothing; returns stderr on one line. */
async function refused(hcl: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  ws.writeMain(`${REQUIRED_PROVIDERS}${hcl}`);
  const numbersBefore = (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).length;
  const ordersBefore = (await telnyxOrders(telnyxClient(t.sandbox))).length;
  const result = await ws.run(args, { env });
  expect(result.code).not.toBe(0);
  expect((await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).length).toBe(numbersBefore);
  expect((await telnyxOrders(telnyxClient(t.sandbox))).length).toBe(ordersBefore);
  return result.stderr.replace(/\s+/g, ' ');
}

const twilioOnly = () => ({ DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid, DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken, DIDOPS_TWILIO_BASE_URL: t.sandbox.url });

describe('terraform validate, with no credentials anywhere', () => {
  it('accepts a configuration with numbers on both carriers', async () => {
    ws.writeMain(`${REQUIRED_PROVIDERS}provider "didops" {}
resource "didops_phone_number" "sales" {
  key    = "sales"
  search = { country = "US", area_code = "212" }
}
${telnyxNumber()}`);
    expect(await terraformOk(ws, ['validate'])).toContain('The configuration is valid');
  });

  it('refuses each Twilio-only setting on a Telnyx number, on its own attribute', async () => {
    // One number per setting, validated in one run: each gets its own diagnostic.
    const cases: [string, string, RegExp][] = [
      ['label', 'friendly_name = "Support"', /Telnyx numbers have no label/],
      ['flow', 'routing_plan = "FW0123456789abcdef0123456789abcdef"', /Twilio Studio flows, which a Telnyx number cannot run/],
      ['bundle', 'bundle = "BU0123456789abcdef0123456789abcdef"', /regulatory bundles are Twilio-only/],
    ];
    const err = await refused(`provider "didops" {}\n${cases.map(([name, line]) => telnyxNumber(`\n  ${line}`, name)).join('')}`, ['validate']);
    for (const [name, line, why] of cases) {
      const diagnostic = diagnosticOf(err, `didops_phone_number.${name}`);
      expect(diagnostic).toContain('is not available on Telnyx');
      // Terraform quotes the configuration line of the attribute the diagnostic names.
      expect(diagnostic).toContain(`: ${line}`);
      expect(diagnostic).toMatch(why);
    }
  });

  it('refuses a default carrier didops does not speak, on default_carrier', async () => {
    const err = await refused(`provider "didops" {\n  default_carrier = "vonage"\n}\n${telnyxNumber()}`, ['validate']);
    expect(err).toContain('"vonage" is not a carrier didops speaks');
    expect(err).toContain('default_carrier = "vonage"');
    expect(err).toMatch(/use "twilio" or "telnyx"/);
  });
});

describe('terraform plan, with the credentials of one carrier', () => {
  /** A Telnyx number and a Telnyx address planned in one run with the Twilio settings only: a diagnostic each. */
  let telnyxResources: Promise<string>;
  const planTelnyxResources = () => (telnyxResources ??= refused(`provider "didops" {}\n${telnyxNumber()}\n${TELNYX_HQ_HCL}`, ['plan'], twilioOnly()));

  it('a Telnyx number without a Telnyx API key fails on carrier, naming telnyx_api_key and DIDOPS_TELNYX_API_KEY', async () => {
    const err = diagnosticOf(await planTelnyxResources(), 'didops_phone_number.support');
    expect(err).toContain('the provider has no Telnyx configuration');
    expect(err).toContain('carrier = "telnyx"');
    expect(err).toContain('telnyx_api_key');
    expect(err).toContain('DIDOPS_TELNYX_API_KEY');
  });

  it('a Telnyx emergency address without a Telnyx API key fails the same way', async () => {
    const err = diagnosticOf(await planTelnyxResources(), 'didops_emergency_address.hq');
    expect(err).toContain('carrier = "telnyx"');
    expect(err).toContain('DIDOPS_TELNYX_API_KEY');
  });

  it('DIDOPS_DEFAULT_CARRIER naming an unknown carrier fails on default_carrier', async () => {
    const err = await refused(`provider "didops" {}\n${telnyxNumber()}`, ['plan'], { ...twilioOnly(), DIDOPS_DEFAULT_CARRIER: 'vonage' });
    expect(err).toContain('DIDOPS_DEFAULT_CARRIER="vonage" is not a carrier didops speaks');
  });

  it('default_carrier = "telnyx" without a Telnyx API key fails on telnyx_api_key', async () => {
    const err = await refused(`provider "didops" {\n  default_carrier = "telnyx"\n}\n${telnyxNumber()}`, ['plan'], twilioOnly());
    expect(err).toContain('no Telnyx API key');
    expect(err).toContain('DIDOPS_TELNYX_API_KEY');
  });
});
