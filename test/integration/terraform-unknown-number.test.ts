/**
 * `didops_phone_number` whose `number` is not known at plan time (the output of a `terraform_data` that changes in the
 * same run), with the real terraform CLI against the sandbox: the plan says replace, as a Pulumi preview does, and the
 * apply (planned again with the value known) replaces the number.
 */
import { planThenApply, REQUIRED_PROVIDERS, sandboxWorkspace, terraformOk, type TerraformWorkspace } from '../support/terraform-cli';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
jest.setTimeout(120_000);

const MAIN = `${REQUIRED_PROVIDERS}provider "didops" {}

variable "number" {
  type = string
}

# Stands for any resource whose output is the number: a changed input leaves its output unknown until apply.
resource "terraform_data" "pick" {
  input = var.number
}

resource "didops_phone_number" "line" {
  key    = "line"
  number = terraform_data.pick.output
}

output "sid" {
  value = didops_phone_number.line.sid
}
`;

describe('a number that comes from another resource, changed in the same run', () => {
  let ws: TerraformWorkspace;
  let first: string;
  let second: string;

  beforeAll(async () => {
    ws = sandboxWorkspace(t.sandbox);
    ws.writeMain(MAIN);
    [first, second] = (await t.client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 2 })).map((n) => n.phoneNumber);
    await terraformOk(ws, ['init']);
    await terraformOk(ws, ['apply', '-auto-approve', `-var=number=${first}`]);
  });
  afterAll(async () => {
    await terraformOk(ws, ['destroy', '-auto-approve', `-var=number=${second}`]).catch(() => undefined);
    ws.close();
  });

  it('is planned as a replacement while the number is not known, and replaced at apply', async () => {
    const before = (await terraformOk(ws, ['output', '-raw', 'sid'])).trim();
    // Applied from the saved plan: apply plans the line again once the number is known.
    const { plan, apply } = await planThenApply(ws, [`-var=number=${second}`]);
    expect(plan).toMatch(/didops_phone_number\.line must be replaced/);
    expect(plan).toMatch(/number\s+= "\+1415\d{7}" -> \(known after apply\) # forces replacement/);
    expect(plan).toContain('Plan: 1 to add, 1 to change, 1 to destroy.');

    expect(apply).toContain('Apply complete! Resources: 1 added, 1 changed, 1 destroyed.');
    const after = (await terraformOk(ws, ['output', '-raw', 'sid'])).trim();
    expect(after).not.toBe(before);
    expect((await t.client.incomingPhoneNumbers(after).fetch()).phoneNumber).toBe(second);
  });
});
