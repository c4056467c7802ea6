/**
 * `didops_phone_number`: the PhoneNumber handler (src/resources/phone-number) as a Terraform resource. Its input
 * attributes are generated from the zod model; the computed ones are the handler's state outputs.
 */
import { createPhoneNumberHandler, PHONE_NUMBER_FIELD_RULES, PHONE_NUMBER_REPLACEMENT_RULE, PHONE_NUMBER_STATE_OUTPUT_FIELDS } from '../../../src/resources/phone-number/handler';
import { phoneNumberInputsSchema } from '../../../src/resources/phone-number/model';
import { computedAttribute, computedObject, type AttributeModel } from '../schema/attributes';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';

/** The resource's Terraform type name. */
export const PHONE_NUMBER_TYPE = 'didops_phone_number';

/** Every output the handler keeps in its state (the handler's list), re-exported for this resource's computed attributes. */
export { PHONE_NUMBER_STATE_OUTPUT_FIELDS };

/** The computed attributes, in the order of {@link PHONE_NUMBER_STATE_OUTPUT_FIELDS}. */
export const PHONE_NUMBER_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('sid', 'string', 'IncomingPhoneNumber SID (`PN…`), also the resource `id`.'),
  computedAttribute('e164', 'string', 'The number in E.164, e.g. `+14154357751`.'),
  computedAttribute('country', 'string', 'ISO country of the number.'),
  computedAttribute('region', 'string', 'State or province. Known when the number was found by `search`; otherwise derived from the area code for US and Canadian numbers, and null for other numbers.'),
  computedAttribute('locality', 'string', 'City or rate centre. Known only when the number was found by `search`; otherwise null.'),
  computedAttribute('type', 'string', 'Kind of number: `local`, `mobile` or `tollFree`.'),
  computedObject('capabilities', 'What the number can do, as Twilio reports it.', [
    computedAttribute('voice', 'bool', 'Voice calls.'),
    computedAttribute('sms', 'bool', 'SMS.'),
    computedAttribute('mms', 'bool', 'MMS.'),
    computedAttribute('fax', 'bool', 'Fax.'),
  ]),
  computedAttribute('monthlyPrice', 'number', 'Monthly rental in minor units of `currency` (`115` = 1.15 USD), from the carrier’s price list when the number is bought or adopted, then kept (a refresh does not re-price). Null when the price list had no answer.'),
  computedAttribute('currency', 'string', 'ISO currency of `monthly_price`.'),
  computedAttribute('status', 'string', 'Twilio’s status of the number, e.g. `in-use`.'),
  computedAttribute('carrierFriendlyName', 'string', 'FriendlyName as Twilio shows it, ownership marker included: `Support line [didops:pcqaw6zn3vci]`.'),
  computedAttribute('emergencyStatus', 'string', 'Emergency registration as Twilio reports it: `Active` once the number is registered at `emergency_address`, `Inactive` without one.'),
  computedAttribute('setupFeePayment', 'string', 'The Stripe payment (`pi_…`) that paid the number’s setup fee before it was bought, when it was bought with `billing`; null otherwise. A `didops_billing_subscription` billing the number does not charge the fee again.'),
  computedAttribute('postalCode', 'string', 'Postal code the carrier gave when the number was found by `search`; null otherwise. Kept so that later `search` changes can be judged.'),
  computedAttribute('addressRequirements', 'string', 'The number’s regulatory address requirement (`none`, `any`, `local`, `foreign`), as the carrier reports it.'),
  computedAttribute('ownershipTag', 'string', 'The number’s ownership tag: at the end of its FriendlyName on Twilio (`[didops:<tag>]`), its `customer_reference` on Telnyx (`didops:<tag>`); kept here so that a console rename that drops it is corrected by the next apply.'),
  computedAttribute('defaultName', 'string', 'The name the number carries while `friendly_name` is unset: the resource’s `key`, or the live name of an adopted number.'),
];

const ruleNotes = Object.fromEntries(PHONE_NUMBER_FIELD_RULES.map((rule) => [rule.field, rule.description]));

/** Descriptions the zod model does not carry (mostly fields whose meaning its parent's description gives). */
const FALLBACK_DESCRIPTIONS: Record<string, string> = {
  'voice.method': 'HTTP method for `url`: `GET` or `POST`.',
  'voice.fallbackMethod': 'HTTP method for `fallbackUrl`: `GET` or `POST`.',
  'voice.statusCallbackMethod': 'HTTP method for `statusCallback`: `GET` or `POST`.',
  'search.postalCode': 'Postal code the number must be in.',
  'search.near.number': 'A phone number (E.164) to search near.',
  'search.near.latitude': 'Latitude of a point to search near, -90 to 90.',
  'search.near.longitude': 'Longitude of a point to search near, -180 to 180.',
  'search.near.distanceMiles': 'Search radius in miles, 1–500.',
  'search.patterns': 'Patterns the number must match, checked by didops on each carrier page (the narrowest `contains` they imply is sent to the carrier).',
  'search.patterns.vanity': 'A word spelled on the keypad.',
  'search.patterns.vanity.word': 'The word.',
  'search.patterns.sequence': 'A memorable run of digits.',
  'search.patterns.regex.pattern': 'RE2 regular expression, at most 200 characters.',
};

const DESCRIPTION = [
  'One telephone number on a Twilio account (an IncomingPhoneNumber). The resource gets its number in one of three ways: `number` buys exactly that number, `search` buys the first available match of the criteria and then keeps it, `adopt` takes over a number the account already owns.',
  'didops buys and configures the number in the same request (name, voice webhooks, trunk, emergency address, regulatory address, bundle), reads it back to show drift, changes settings in place, and releases it on destroy (unless `retain_on_delete`).',
  'Every purchase carries an ownership marker derived from `key` (and the provider’s `ownership_scope`) at the end of its FriendlyName, so an apply interrupted after Twilio sold the number takes the number over on the next apply instead of buying a second one.',
  'A replacement releases the old number before it buys the new one: do not set `lifecycle { create_before_destroy = true }`, which could let the replacement take over the old number by its marker just before it is released.',
  'Import with `terraform import ADDRESS PN…` or `terraform import ADDRESS +14155550100`.',
].join('\n\n');

/** The `didops_phone_number` resource. */
export function phoneNumberResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: PHONE_NUMBER_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'number', plural: 'numbers', act: 'purchase' },
      createHandler: (deps) => createPhoneNumberHandler(deps),
      inputSchema: phoneNumberInputsSchema,
      inputDocs: {
        fallbackDescriptions: FALLBACK_DESCRIPTIONS,
        notes: {
          ...ruleNotes,
          number: `${PHONE_NUMBER_REPLACEMENT_RULE} The state keeps the number as written; didops sends Twilio its E.164 form.`,
          search: PHONE_NUMBER_REPLACEMENT_RULE,
          adopt: `${PHONE_NUMBER_REPLACEMENT_RULE} In Terraform, \`terraform import\` brings an owned number in as well.`,
          friendlyName: `${ruleNotes.friendlyName} In Terraform the resource name is the \`key\`.`,
          'search.near': 'While `search` has `near`, any change to `search` replaces the number: the carrier does not say where an owned number is, so its distance cannot be confirmed.',
        },
      },
      outputs: PHONE_NUMBER_OUTPUTS,
      idDescription: 'The number’s SID (`PN…`), the same as `sid`.',
      affectedOutputs: { friendlyName: ['carrierFriendlyName'], emergencyAddress: ['emergencyStatus'] },
      // Kept for numbers at every carrier (Telnyx numbers have no label to carry it).
      markerField: ['ownershipTag', 'carrierFriendlyName'],
      // Numbers bought by one search, one after another: each purchase then searches what the previous left.
      // The handler reports pattern problems at `search.contains` (the spelling its docs use); point at
      // `search.patterns.contains` when that is where the configuration has it.
      failureField: (field, inputs) => {
        const search = inputs.search as { contains?: unknown; patterns?: { contains?: unknown } } | undefined;
        return field === 'search.contains' && search?.contains === undefined && search?.patterns?.contains !== undefined ? 'search.patterns.contains' : field;
      },
    },
    runtime,
  );
}
