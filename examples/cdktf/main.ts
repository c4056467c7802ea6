/**
 * The support line from didops' README as a CDK for Terraform (CDKTF) program: the TypeScript twin of
 * examples/terraform/main.tf. An emergency address `hq` and a number `support` bought by search (area code 415,
 * spelling HELP, able to take calls), answering at a webhook and registered at `hq`.
 *
 * It only synthesizes Terraform JSON (`cdk.tf.json`), in-process with `app.synth()`; the terraform CLI applies it.
 * No cdktf CLI is involved (HashiCorp sunset CDKTF on 2025-12-10, see README.md in this folder).
 *
 *   npx tsx examples/cdktf/main.ts [outdir]    # writes <outdir>/stacks/support-line/cdk.tf.json
 *
 * The default outdir is cdktf.out next to this file (CDKTF's place for it in a project), which .gitignore keeps out
 * of git together with the state terraform writes there.
 */
import { join, resolve } from 'node:path';
import type { Construct } from 'constructs';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
// Relative, so the example runs inside this repository; in your own project import the bindings you generated.
import { emergencyAddress, phoneNumber, provider } from '../../provider/cdktf';

/** Options of {@link SupportLineStack}: the counterparts of examples/terraform's variables. */
export interface SupportLineOptions {
  /** Area code of the support number (default `415`); changing it replaces the number. */
  areaCode?: string;
  /** Letters (or digits) the number must contain on the keypad (default `HELP`); `''` for any number. */
  vanity?: string;
  /** Name of the number in the Twilio console (default `Support line`); changing it updates the number in place. */
  supportName?: string;
}

/** Name of the stack, and of its folder under `<outdir>/stacks/`. */
export const STACK_NAME = 'support-line';

/**
 * Version of the didops provider the configuration asks for. The generated bindings record only the provider's
 * source, so without this `required_providers` would accept any version; examples/terraform pins the same one.
 */
export const DIDOPS_PROVIDER_VERSION = '0.1.0';

/** The support line: a didops provider, an emergency address `hq`, a phone number `support` and its output. */
export class SupportLineStack extends TerraformStack {
  /** The emergency address the number is registered at. */
  readonly hq: emergencyAddress.EmergencyAddress;
  /** The support number. */
  readonly support: phoneNumber.PhoneNumber;

  constructor(scope: Construct, id: string, options: SupportLineOptions = {}) {
    super(scope, id);
    const { areaCode = '415', vanity = 'HELP', supportName = 'Support line' } = options;

    // Without a backend CDKTF adds a local one whose path is absolute, made from process.cwd() at synth time, so
    // the state would land wherever synthesis ran. A relative path is resolved by terraform against the directory
    // it runs in, which keeps cdk.tf.json movable. A team would use a remote backend (S3Backend, ...) here instead.
    new LocalBackend(this, { path: 'terraform.tfstate' });
    this.addOverride('terraform.required_providers.didops.version', DIDOPS_PROVIDER_VERSION);

    // No credentials here: the provider reads DIDOPS_TWILIO_ACCOUNT_SID, DIDOPS_TWILIO_AUTH_TOKEN and (for the
    // sandbox) DIDOPS_TWILIO_BASE_URL when terraform runs. Anything passed here would be written in plain text
    // into cdk.tf.json, which is a build artefact that is easy to commit or upload by mistake.
    new provider.DidopsProvider(this, 'didops');

    this.hq = new emergencyAddress.EmergencyAddress(this, 'hq', {
      key: 'hq',
      customerName: 'Acme Inc',
      street: '1 Main St',
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      country: 'US',
    });

    this.support = new phoneNumber.PhoneNumber(this, 'support', {
      // Names this purchase among the numbers your configurations manage, so an apply interrupted after Twilio sold
      // the number takes it over next time instead of buying a second one.
      key: 'support',
      search: {
        country: 'US',
        type: 'local',
        areaCode,
        // Left out when empty, like examples/terraform's null: the provider rejects a `contains` under 2 characters.
        contains: vanity === '' ? undefined : vanity,
        capabilities: ['voice'],
      },
      friendlyName: supportName,
      voice: { url: 'https://example.com/voice' },
      // A token that synthesizes to "${didops_emergency_address.hq.sid}", which also orders the two resources.
      emergencyAddress: this.hq.sid,
    });

    new TerraformOutput(this, 'support_number', { value: this.support.e164 });
  }
}

/**
 * Synthesizes the support line into `outdir` (in-process, no cdktf CLI) and returns the path of the stack's
 * `cdk.tf.json`, ready for `terraform init` / `apply` in a directory that holds it.
 */
export function synthesize(outdir: string, options: SupportLineOptions = {}): string {
  const app = new App({ outdir });
  new SupportLineStack(app, STACK_NAME, options);
  app.synth();
  return join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json');
}

if (require.main === module) {
  console.log(synthesize(process.argv[2] ? resolve(process.argv[2]) : join(__dirname, 'cdktf.out')));
}
