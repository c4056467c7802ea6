/**
 * `didops_emergency_address`: the EmergencyAddress handler (src/resources/emergency-address) as a Terraform
 * resource.
 */
import { createEmergencyAddressHandler, EMERGENCY_ADDRESS_FIELD_RULES } from '../../../src/resources/emergency-address/handler';
import { emergencyAddressInputsSchema, EMERGENCY_ADDRESS_OUTPUT_FIELDS } from '../../../src/resources/emergency-address/model';
import { computedAttribute, type AttributeModel } from '../schema/attributes';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';

/** The resource's Terraform type name. */
export const EMERGENCY_ADDRESS_TYPE = 'didops_emergency_address';

/** The computed attributes, in the order of EMERGENCY_ADDRESS_OUTPUT_FIELDS. */
export const EMERGENCY_ADDRESS_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('sid', 'string', 'Address SID (`AD…`): give it to a `didops_phone_number`’s `emergency_address`. Also the resource `id`.'),
  computedAttribute('validated', 'bool', 'Twilio validated the address (it exists and is complete).'),
  computedAttribute('verified', 'bool', 'Twilio verified the address for emergency use.'),
  computedAttribute('emergencyEnabled', 'bool', 'Emergency calling is enabled for the address.'),
  computedAttribute('carrierFriendlyName', 'string', 'FriendlyName as Twilio shows it, ownership marker included.'),
];

/** Output fields, for tests that check the attributes cover them. */
export const EMERGENCY_ADDRESS_STATE_OUTPUT_FIELDS = EMERGENCY_ADDRESS_OUTPUT_FIELDS;

const ruleNotes = Object.fromEntries(EMERGENCY_ADDRESS_FIELD_RULES.map((rule) => [rule.field, rule.description]));

const DESCRIPTION = [
  'An emergency (E911) address on a Twilio account: the place emergency services are sent to when someone dials 911 from a number registered there. Twilio stores it as an Address with emergency calling enabled; didops creates it with Twilio’s address auto-correction on, so Twilio validates it at creation.',
  'Give its `sid` to a `didops_phone_number`’s `emergency_address`. Destroying an address that numbers still use is refused, with the list of those numbers.',
  'Import with `terraform import ADDRESS AD…`.',
].join('\n\n');

/** The `didops_emergency_address` resource. */
export function emergencyAddressResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: EMERGENCY_ADDRESS_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'address', plural: 'addresses', act: 'creation' },
      createHandler: (deps) => createEmergencyAddressHandler(deps),
      inputSchema: emergencyAddressInputsSchema,
      inputDocs: {
        fallbackDescriptions: { city: 'City or town.', postalCode: 'Postal (ZIP) code.' },
        notes: { ...ruleNotes, friendlyName: `${ruleNotes.friendlyName} In Terraform the resource name is the \`key\`.` },
      },
      outputs: EMERGENCY_ADDRESS_OUTPUTS,
      idDescription: 'The address SID (`AD…`), the same as `sid`.',
      affectedOutputs: {
        // Twilio validates the address again when its text changes.
        ...Object.fromEntries(['customerName', 'street', 'streetSecondary', 'city', 'region', 'postalCode'].map((field) => [field, ['validated', 'verified']])),
        friendlyName: ['carrierFriendlyName'],
      },
      markerField: 'carrierFriendlyName',
    },
    runtime,
  );
}
