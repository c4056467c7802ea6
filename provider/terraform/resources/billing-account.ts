/**
 * `didops_billing_account`: the BillingAccount handler (src/resources/billing-account) as a Terraform resource.
 */
import { BILLING_ACCOUNT_FIELD_RULES, BILLING_ACCOUNT_OUTPUT_FIELDS, billingAccountInputsSchema } from '../../../src/resources/billing-account/model';
import { computedAttribute, type AttributeModel } from '../schema/attributes';
import { billingHandler } from '../../dependencies';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';

/** The resource's Terraform type name. */
export const BILLING_ACCOUNT_TYPE = 'didops_billing_account';

/** Every output the handler keeps in its state, for this resource's computed attributes. */
export const BILLING_ACCOUNT_STATE_OUTPUT_FIELDS = BILLING_ACCOUNT_OUTPUT_FIELDS;

/** The computed attributes, in the order of {@link BILLING_ACCOUNT_STATE_OUTPUT_FIELDS}. */
export const BILLING_ACCOUNT_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('customerId', 'string', 'The Stripe customer id (`cus_…`), also the resource `id`: give it to a `didops_billing_subscription`’s `account`.'),
  computedAttribute('owner', 'string', 'The resource identity the customer carries as `didops_owner` metadata.'),
  computedAttribute('taxRateIds', ['list', 'string'], 'Stripe tax rates (`txr_…`) of the account’s jurisdiction (its country and, in the US and Canada, its state or province), shared by every account there; empty when reverse charged or untaxed.'),
  computedAttribute('reverseCharge', 'bool', 'EU reverse charge applies: a business in another EU country than `business_country` with a valid VAT id pays no VAT, and its invoices say it accounts for it.'),
  computedAttribute('balance', 'number', 'What the account owes (positive) or holds as credit (negative), in minor units of `currency`, as Stripe reports it; a refresh shows invoices using the credit up.'),
  computedAttribute('creditGranted', 'number', 'Credit didops has granted in total, in minor units (the highest `prepaid_credit` applied so far).'),
  computedAttribute('paymentMethodId', 'string', 'The attached default payment method (`pm_…`), or null.'),
];

const ruleNotes = Object.fromEntries(BILLING_ACCOUNT_FIELD_RULES.map((rule) => [rule.field, rule.description]));

const DESCRIPTION = [
  'A billing account: a Stripe customer with the name, e-mail and address its invoices show, its tax ids, the tax rates of its jurisdiction (EU reverse charge with a valid VAT id), prepaid credit, the payment method types it may pay with and its default payment method. `didops_billing_subscription`s bill it by `customer_id`.',
  'Tax ids are checked against their country’s format at plan time. Credit is granted once (a re-run never grants it twice); raising `prepaid_credit` grants the difference, lowering it is refused. The customer carries the resource’s owner metadata, so an apply interrupted by a crash finds it instead of creating a second one.',
  'Destroy deletes the customer (its invoices stay on Stripe), and is refused while an invoice of it is unsettled, naming the invoices.',
  'The provider needs a Stripe secret key (`stripe_secret_key`, or `DIDOPS_STRIPE_SECRET_KEY`) for this resource; without one the plan fails saying so.',
  'Import with `terraform import ADDRESS cus_…`.',
].join('\n\n');

/** The `didops_billing_account` resource. */
export function billingAccountResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: BILLING_ACCOUNT_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'account', plural: 'billing accounts', act: 'creation', account: 'Stripe' },
      // Loaded on first use, as the other billing resources are.
      createHandler: billingHandler((deps) => (require('../../../src/resources/billing-account/handler') as typeof import('../../../src/resources/billing-account/handler')).createBillingAccountHandler(deps)),
      inputSchema: billingAccountInputsSchema,
      inputDocs: {
        fallbackDescriptions: { 'address.city': 'City or town.', 'address.postalCode': 'Postal (ZIP) code.' },
        notes: ruleNotes,
      },
      outputs: BILLING_ACCOUNT_OUTPUTS,
      idDescription: 'The Stripe customer id (`cus_…`), the same as `customer_id`.',
      affectedOutputs: {
        address: ['taxRateIds', 'reverseCharge'],
        taxIds: ['taxRateIds', 'reverseCharge'],
        businessCountry: ['taxRateIds', 'reverseCharge'],
        prepaidCredit: ['balance', 'creditGranted'],
        defaultPaymentMethod: ['paymentMethodId'],
      },
    },
    runtime,
  );
}
