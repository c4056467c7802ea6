/**
 * `didops_billing_subscription`: the BillingSubscription handler (src/resources/billing-subscription) as a Terraform
 * resource. `account` is a `didops_billing_account`'s `customer_id`, `rate_card` a `didops_rate_card`'s `card_key`,
 * and `numbers` takes the phone number resources themselves (`[didops_phone_number.support]`: Terraform keeps the
 * `e164`, `country` and `type` each entry has); `rate_card_model = yamldecode(file("retail.yaml"))` lets the plan
 * refuse numbers the card does not price.
 */
import { BILLING_SUBSCRIPTION_FIELD_RULES } from '../../../src/resources/billing-subscription/field-rules';
import { billingSubscriptionInputsSchema } from '../../../src/resources/billing-subscription/model';
import { computedAttribute, type AttributeModel } from '../schema/attributes';
import { billingHandler } from '../../dependencies';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';

/** The resource's Terraform type name. */
export const BILLING_SUBSCRIPTION_TYPE = 'didops_billing_subscription';

/** The computed attributes: every output the handler keeps in its state (`BILLING_SUBSCRIPTION_STATE_OUTPUT_FIELDS`). */
export const BILLING_SUBSCRIPTION_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('subscriptionId', 'string', 'Stripe’s subscription id (`sub_…`), also the resource `id`.'),
  computedAttribute('status', 'string', 'Stripe’s status of the subscription: `active`, `past_due`, `incomplete`, `trialing`, …'),
  computedAttribute('items', ['map', ['object', { id: 'string', quantity: 'number', price: 'string' }]], 'The subscription’s items by lookup key (`didops.<card>.number.US.local.monthly`, `didops.<card>.minutes.<class>`): the item id (`si_…`), its quantity (null for metered items) and the price it bills at (`price_…`).'),
  computedAttribute('currentPeriodEnd', 'string', 'End of the current billing period (ISO 8601, UTC); null when Stripe gives none.'),
  computedAttribute('latestInvoice', 'string', 'The latest invoice (`in_…`); null before the first.'),
  computedAttribute('currency', 'string', 'ISO currency of the subscription (the rate card’s).'),
  computedAttribute('setupFees', ['map', 'string'], 'The setup fee of each number, by E.164: the invoice item (`ii_…`) that bills it, or the payment (`pi_…`) that paid it at purchase.'),
  computedAttribute('appliedItems', ['map', 'number'], 'What the last apply left, quantity by lookup key (null for metered items): live items that differ after a refresh are drift, which the next apply sets back.'),
  computedAttribute('unlistedQuantities', ['map', 'number'], 'For an imported subscription, how many numbers of each kind (`US.local`) it billed before didops listed them: that many, listed later, get no setup fee.'),
];

const ruleNotes = Object.fromEntries(BILLING_SUBSCRIPTION_FIELD_RULES.map((rule) => [rule.field, rule.description]));

const DESCRIPTION = [
  'One Stripe subscription billing a `didops_billing_account` for a set of numbers at a `didops_rate_card`’s prices: one item per country and number type at the card’s monthly price, its quantity the count of such numbers, plus the card’s metered minutes items. Each newly added number’s setup fee is billed once, as an invoice item found again by the number before it is made, so a crash, a re-run or a replacement never bills it twice.',
  'Adding or removing numbers changes the quantities in place, prorated (`proration_behavior`). The subscription carries the resource’s owner metadata, so an apply interrupted by a crash finishes the subscription it started instead of creating a second one. Destroy cancels it, now with a final invoice for metered usage, or at the end of the paid period (`cancel_at_period_end`).',
  'The provider needs a Stripe secret key (`stripe_secret_key`, or `DIDOPS_STRIPE_SECRET_KEY`) for this resource; without one the plan fails saying so.',
  'Import with `terraform import ADDRESS sub_…`.',
].join('\n\n');

/** The `didops_billing_subscription` resource. */
export function billingSubscriptionResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: BILLING_SUBSCRIPTION_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'subscription', plural: 'subscriptions', act: 'creation', account: 'Stripe' },
      // Loaded on first use, as the other billing resources are.
      createHandler: billingHandler((deps) => (require('../../../src/resources/billing-subscription/handler') as typeof import('../../../src/resources/billing-subscription/handler')).createBillingSubscriptionHandler(deps)),
      inputSchema: billingSubscriptionInputsSchema,
      inputDocs: {
        fallbackDescriptions: {
          'rateCardModel.numbers': 'The card’s number prices (`numbers` of the card); only their `country` and `type` are read.',
          'rateCardModel.numbers.country': 'ISO country the card prices.',
          'rateCardModel.numbers.type': 'Number type the card prices: `local`, `mobile` or `tollFree`.',
        },
        notes: {
          ...ruleNotes,
          numbers: `${ruleNotes.numbers} In Terraform, list the phone number resources themselves: \`numbers = [didops_phone_number.support, didops_phone_number.sales]\`, or \`values(didops_phone_number.sales)\` for a \`for_each\`.`,
          rateCardModel: 'In Terraform: `rate_card_model = yamldecode(file("retail.yaml"))`, the file the rate card reads (only `currency`, the `numbers`’ `country` and `type`, and the `minutes`’ rate `direction`s, `prefix`es and `connectFee` are kept).',
        },
      },
      outputs: BILLING_SUBSCRIPTION_OUTPUTS,
      idDescription: 'Stripe’s subscription id (`sub_…`), the same as `subscription_id`.',
      affectedOutputs: Object.fromEntries(
        ['account', 'rateCard', 'numbers', 'meteredMinutes', 'collectionMethod', 'daysUntilDue'].map((field) => [field, ['status', 'items', 'currentPeriodEnd', 'latestInvoice', 'setupFees', 'appliedItems']]),
      ),
    },
    runtime,
  );
}
