/**
 * `PhoneNumber`, `EmergencyAddress` and `RoutingPlan` for Pulumi programs: typed classes over
 * `pulumi.dynamic.Resource` whose provider runs the same lifecycle handlers as the Terraform provider.
 *
 * ```ts
 * const hq = new EmergencyAddress("hq", { customerName: "Acme", street: "1 Main St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" });
 * const routing = new RoutingPlan("support", { plan: definePlan({ start: "desk", steps: { desk: { type: "forward", to: "+14155550100" } } }) });
 * const support = new PhoneNumber("support", { search: { country: "US", areaCode: "415" }, emergencyAddress: hq.sid, routingPlan: routing.id });
 * export const supportNumber = support.e164;
 * ```
 */
import * as pulumi from '@pulumi/pulumi';
import { EMERGENCY_ADDRESS_OUTPUT_FIELDS, type EmergencyAddressInputsInput } from '../../src/resources/emergency-address/model';
import { PHONE_NUMBER_OUTPUT_FIELDS, type NumberCapabilities, type PhoneNumberInputsInput } from '../../src/resources/phone-number/model';
import { ROUTING_PLAN_OUTPUT_FIELDS } from '../../src/resources/routing-plan/model';
import type { RoutingPlanInput } from '../../src/routing/model';
import { dynamicResourceArgs, type DeepInput, type Inputs } from './dynamic-resource';

export type { DeepInput } from './dynamic-resource';

/** Arguments of {@link PhoneNumber}; see docs/resources/phone-number.md for each. */
export type PhoneNumberArgs = Inputs<PhoneNumberInputsInput>;

/** Arguments of {@link EmergencyAddress}; see docs/resources/emergency-address.md for each. */
export type EmergencyAddressArgs = Inputs<EmergencyAddressInputsInput>;

/** Arguments of {@link RoutingPlan}; see docs/resources/routing-plan.md for each. */
export interface RoutingPlanArgs {
  /** The plan (`definePlan({...})`, docs/routing.md), or the YAML/JSON text of one plan (`readFileSync("support.yaml", "utf8")`). */
  plan: DeepInput<RoutingPlanInput> | pulumi.Input<string>;
  /** Name of the Studio flow in the Twilio console; defaults to the resource name. */
  friendlyName?: pulumi.Input<string>;
  /** Keep the Studio flow when the resource is deleted (detached from didops instead). */
  retainOnDelete?: pulumi.Input<boolean>;
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
  /** The Stripe payment (`pi_…`) that paid the setup fee before the number was bought with `billing`; null otherwise. */
  declare readonly setupFeePayment: pulumi.Output<string | null>;

  /** Declares a number: `number` (exact), `search` (first match) or `adopt` (one the account owns). */
  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    // Release before buying: a replacement bought first could adopt the old number by its marker.
    super(...dynamicResourceArgs('PhoneNumber', name, args, PHONE_NUMBER_OUTPUT_FIELDS, { ...opts, deleteBeforeReplace: true }));
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
    super(...dynamicResourceArgs('EmergencyAddress', name, args, EMERGENCY_ADDRESS_OUTPUT_FIELDS, opts));
  }
}

/** A routing plan, checked, compiled and published as one Twilio Studio flow; bind numbers with `routingPlan: plan.id`. */
export class RoutingPlan extends pulumi.dynamic.Resource {
  /** Studio flow SID (FW…), the same as `id`: give it to a PhoneNumber's `routingPlan`. */
  declare readonly sid: pulumi.Output<string>;
  /** The flow's webhook, which bound numbers' voice URL points at. */
  declare readonly webhookUrl: pulumi.Output<string>;
  /** The flow's latest revision (each deploy adds two: the draft, then its publication). */
  declare readonly revision: pulumi.Output<number>;
  /** `published`, or `draft` when the flow was edited in the console and not published. */
  declare readonly status: pulumi.Output<string>;
  /** sha256 of the flow definition's canonical JSON; a refresh shows the live flow's, so console edits show as drift. */
  declare readonly definitionDigest: pulumi.Output<string>;
  /** Studio states in the flow. */
  declare readonly stateCount: pulumi.Output<number>;
  /** FriendlyName as Studio shows it, with didops' ownership marker. */
  declare readonly carrierFriendlyName: pulumi.Output<string>;
  /** The name the plan goes by in step paths (`plans.<name>.menu`): the resource name. */
  declare readonly planName: pulumi.Output<string>;
  /** The ownership tag in the FriendlyName. */
  declare readonly ownershipTag: pulumi.Output<string | null>;

  /** Declares a routing plan; `pulumi preview` runs every check and compiles it before anything is deployed. */
  constructor(name: string, args: RoutingPlanArgs, opts?: pulumi.CustomResourceOptions) {
    // Delete before creating: a replacement (`pulumi up --replace`) keeps the URN, so one created first would adopt
    // the old flow by its marker, and deleting the old resource would then delete the flow the new one records.
    // Deleting first is refused while numbers route to the plan, which says what to do.
    super(...dynamicResourceArgs('RoutingPlan', name, args, ROUTING_PLAN_OUTPUT_FIELDS, { ...opts, deleteBeforeReplace: true }));
  }
}
