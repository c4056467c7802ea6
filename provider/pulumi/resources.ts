/**
 * `PhoneNumber` and `EmergencyAddress` for Pulumi programs: typed classes over `pulumi.dynamic.Resource` whose
 * provider runs the same lifecycle handlers as the Terraform provider.
 *
 * ```ts
 * const hq = new EmergencyAddress("hq", { customerName: "Acme", street: "1 Main St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" });
 * const support = new PhoneNumber("support", { search: { country: "US", areaCode: "415" }, emergencyAddress: hq.sid });
 * export const supportNumber = support.e164;
 * ```
 */
import * as pulumi from '@pulumi/pulumi';
import type { EmergencyAddressInputsInput } from '../../src/resources/emergency-address/model';
import type { NumberCapabilities, PhoneNumberInputsInput } from '../../src/resources/phone-number/model';
import { serializableProvider } from './serializable-provider';

/** Pulumi's module for didops' dynamic resources: types read `pulumi-nodejs:dynamic/didops:PhoneNumber`. */
const MODULE = 'didops';

/** `{ a: T }` with every field a Pulumi Input. */
type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Arguments of {@link PhoneNumber}; see docs/resources/phone-number.md for each. */
export type PhoneNumberArgs = Inputs<PhoneNumberInputsInput>;

/** Arguments of {@link EmergencyAddress}; see docs/resources/emergency-address.md for each. */
export type EmergencyAddressArgs = Inputs<EmergencyAddressInputsInput>;

/** Tells the provider who the resource is: dynamic providers are not given the URN, and exactly-once needs it. */
function identityInput(type: string, name: string, opts: pulumi.CustomResourceOptions | undefined) {
  return { type: `didops:${type}`, name, urn: pulumi.createUrn(name, `pulumi-nodejs:dynamic/${MODULE}:${type}`, opts?.parent) };
}

/** A telephone number bought (or adopted) and configured through Twilio. */
export class PhoneNumber extends pulumi.dynamic.Resource {
  /** IncomingPhoneNumber SID (PN…). */
  declare readonly sid: pulumi.Output<string>;
  /** The number in E.164. */
  declare readonly e164: pulumi.Output<string>;
  /** ISO country of the number. */
  declare readonly country: pulumi.Output<string>;
  /** State or province, when known. */
  declare readonly region: pulumi.Output<string | null>;
  /** City or rate centre, when known. */
  declare readonly locality: pulumi.Output<string | null>;
  /** local, mobile or tollFree. */
  declare readonly type: pulumi.Output<'local' | 'mobile' | 'tollFree'>;
  /** What the number can do. */
  declare readonly capabilities: pulumi.Output<NumberCapabilities>;
  /** Monthly rental in minor units of `currency`. */
  declare readonly monthlyPrice: pulumi.Output<number | null>;
  /** ISO currency of `monthlyPrice`. */
  declare readonly currency: pulumi.Output<string | null>;
  /** Twilio's status of the number. */
  declare readonly status: pulumi.Output<string>;
  /** FriendlyName as Twilio shows it, with didops' ownership marker. */
  declare readonly carrierFriendlyName: pulumi.Output<string>;
  /** Emergency registration status (`Active`, `Inactive`). */
  declare readonly emergencyStatus: pulumi.Output<string>;

  /** Declares a number: `number` (exact), `search` (first match) or `adopt` (one the account owns). */
  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializableProvider('PhoneNumber'),
      name,
      {
        ...args,
        __identity: identityInput('PhoneNumber', name, opts),
        sid: undefined, e164: undefined, country: undefined, region: undefined, locality: undefined, type: undefined,
        capabilities: undefined, monthlyPrice: undefined, currency: undefined, status: undefined,
        carrierFriendlyName: undefined, emergencyStatus: undefined,
      },
      // Release before buying: a replacement bought first could adopt the old number by its marker.
      { ...opts, deleteBeforeReplace: true },
      MODULE,
      'PhoneNumber',
    );
  }
}

/** An emergency (E911) address, registered with Twilio for numbers to use. */
export class EmergencyAddress extends pulumi.dynamic.Resource {
  /** Address SID (AD…): give it to a PhoneNumber's `emergencyAddress`. */
  declare readonly sid: pulumi.Output<string>;
  /** Twilio validated the address. */
  declare readonly validated: pulumi.Output<boolean>;
  /** Twilio verified the address for emergency use. */
  declare readonly verified: pulumi.Output<boolean>;
  /** Emergency calling is enabled for the address. */
  declare readonly emergencyEnabled: pulumi.Output<boolean>;
  /** FriendlyName as Twilio shows it, with didops' ownership marker. */
  declare readonly carrierFriendlyName: pulumi.Output<string>;

  /** Declares an emergency address. */
  constructor(name: string, args: EmergencyAddressArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializableProvider('EmergencyAddress'),
      name,
      {
        ...args,
        __identity: identityInput('EmergencyAddress', name, opts),
        sid: undefined, validated: undefined, verified: undefined, emergencyEnabled: undefined, carrierFriendlyName: undefined,
      },
      opts,
      MODULE,
      'EmergencyAddress',
    );
  }
}
