/**
 * examples/cdktf: the support line synthesized in-process with CDKTF (`app.synth()`, no cdktf CLI), checked as
 * Terraform JSON, then applied with the real terraform CLI against the sandbox, installed from the local mirror
 * `npm run build` makes: init, apply, the number owned, a second plan with no changes, destroy releasing it.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../../examples/cdktf/main';
import { sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
jest.setTimeout(120_000);

/** The parts of cdk.tf.json the assertions read. */
interface Synthesized {
  terraform: { required_providers: Record<string, { source: string; version?: string }>; backend?: Record<string, { path?: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string }>;
}

let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'didops-cdktf-'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function synth(name: string, options?: Parameters<typeof synthesize>[1]): { path: string; json: Synthesized } {
  const path = synthesize(join(outdir, name), options);
  return { path, json: JSON.parse(readFileSync(path, 'utf8')) as Synthesized };
}

const ok = terraformOk;

async function owned(): Promise<{ sid: string; e164: string; name: string; emergencyAddressSid: string | null }[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => ({
    sid: n.sid,
    e164: n.phoneNumber,
    name: n.friendlyName,
    emergencyAddressSid: n.emergencyAddressSid,
  }));
}

describe('examples/cdktf synthesizes', () => {
  it('the didops provider, without credentials, from the local mirror version', () => {
    const { path, json } = synth('defaults');
    expect(path).toBe(join(outdir, 'defaults', 'stacks', 'support-line', 'cdk.tf.json'));
    expect(json.terraform.required_providers.didops).toEqual({ source: 'registry.terraform.io/didops/didops', version: '0.1.0' });
    // Credentials come from DIDOPS_TWILIO_* when terraform runs, so none is written into the JSON.
    expect(json.provider.didops).toEqual([{}]);
    // A relative state path: the JSON can be applied from any directory (CDKTF's default is an absolute one).
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });

  it('the emergency address, the number searched for and its output, as in examples/terraform', () => {
    const { json } = synth('defaults');
    const { '//': _hqMeta, ...hq } = json.resource.didops_emergency_address!.hq!;
    expect(hq).toEqual({
      key: 'hq',
      customer_name: 'Acme Inc',
      street: '1 Main St',
      city: 'San Francisco',
      region: 'CA',
      postal_code: '94105',
      country: 'US',
    });
    const { '//': _supportMeta, ...support } = json.resource.didops_phone_number!.support!;
    expect(support).toEqual({
      key: 'support',
      search: { country: 'US', type: 'local', area_code: '415', contains: 'HELP', capabilities: ['voice'] },
      friendly_name: 'Support line',
      voice: { url: 'https://example.com/voice' },
      emergency_address: '${didops_emergency_address.hq.sid}',
    });
    expect(json.output.support_number).toEqual({ value: '${didops_phone_number.support.e164}' });
  });

  it('options for the area code, the name, and no vanity (contains left out, not empty)', () => {
    const { json } = synth('options', { areaCode: '628', vanity: '', supportName: 'Support (24/7)' });
    const support = json.resource.didops_phone_number!.support!;
    expect(support.search).toEqual({ country: 'US', type: 'local', area_code: '628', capabilities: ['voice'] });
    expect(support.friendly_name).toBe('Support (24/7)');
  });
});

describe('examples/cdktf with terraform, from init to destroy', () => {
  let ws: TerraformWorkspace;
  beforeAll(() => {
    ws = sandboxWorkspace(t.sandbox);
    // The test inventory is smaller than the default one and has no 415 number spelling HELP: any 415 number will do.
    copyFileSync(synth('apply', { vanity: '' }).path, join(ws.dir, 'cdk.tf.json'));
  });
  afterAll(() => ws?.close());

  it('installs the provider from the mirror, applies, owns the number, plans no changes and destroys', async () => {
    const init = await ok(ws, ['init']);
    expect(init).toContain('Installing didops/didops v0.1.0');
    expect(init).toContain('Terraform has been successfully initialized');

    const before = await owned();
    const apply = await ok(ws, ['apply', '-auto-approve']);
    expect(apply).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    expect(existsSync(join(ws.dir, 'terraform.tfstate'))).toBe(true);
    const number = (await ok(ws, ['output', '-raw', 'support_number'])).trim();
    expect(number).toMatch(/^\+1415\d{7}$/);
    const after = await owned();
    expect(after).toHaveLength(before.length + 1);
    const bought = after.find((n) => n.e164 === number);
    expect(bought?.name).toMatch(/^Support line \[didops:[a-z2-7]{12}\]$/);
    const [hq] = await t.client.addresses.list({ customerName: 'Acme Inc' });
    expect(bought?.emergencyAddressSid).toBe(hq?.sid);

    const again = await ws.run(['plan', '-detailed-exitcode']);
    expect(again.stdout).toContain('No changes. Your infrastructure matches the configuration.');
    expect(again.code).toBe(0);

    await ok(ws, ['destroy', '-auto-approve']);
    expect((await owned()).map((n) => n.e164)).not.toContain(number);
    expect((await t.client.addresses.list({ customerName: 'Acme Inc' })).length).toBe(0);
  });
});
