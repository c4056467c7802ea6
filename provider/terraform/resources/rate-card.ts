/**
 * `didops_rate_card`: the RateCard handler (src/resources/rate-card) as a Terraform resource. A rate card's model has
 * what Terraform attributes cannot say (a tier's `up_to` is a number or `"inf"`, an increment is `"60/60"` or an
 * object, rates are a list of variants), so `card` is the YAML or JSON text of the card — `file("retail.yaml")`, the
 * same file `schemas/rate-card.schema.json` checks in an editor, or `jsonencode({...})` — which the handler reads as
 * Pulumi's YAML text, every problem on its path under `card`.
 */
import { z } from 'zod';
import { RATE_CARD_FIELD_RULES, RATE_CARD_OUTPUT_FIELDS, rateCardInputsSchema } from '../../../src/resources/rate-card/model';
import { computedAttribute, type AttributeModel } from '../schema/attributes';
import { billingHandler } from '../../dependencies';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';

/** The resource's Terraform type name. */
export const RATE_CARD_TYPE = 'didops_rate_card';

/** Every output the handler keeps in its state, for this resource's computed attributes. */
export const RATE_CARD_STATE_OUTPUT_FIELDS = RATE_CARD_OUTPUT_FIELDS;

/** The inputs as Terraform sees them: the handler's, with `card` as text (the card key is the resource's `key`). */
export const rateCardTerraformInputsSchema = rateCardInputsSchema.extend({
  card: z
    .string()
    .min(1)
    .meta({
      description:
        'The rate card as YAML or JSON text: `file("retail.yaml")` or `jsonencode({ currency = "USD", numbers = [...], minutes = {...} })`, in the model of docs/billing.md (`schemas/rate-card.schema.json` checks a YAML file in an editor). ' +
        'Problems are reported on `card` with their path inside the card in the message (`card.minutes.rates[3].prefix`).',
    }),
});

/** The computed attributes, in the order of {@link RATE_CARD_STATE_OUTPUT_FIELDS}. */
export const RATE_CARD_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('cardKey', 'string', 'The key the card’s Stripe lookup keys (`didops.<card_key>.…`) and meter event names are made from: the resource’s `key`, lower-cased, with dashes for other characters. Also the resource `id`; give it to a `didops_billing_subscription`’s `rate_card`.'),
  computedAttribute('owner', 'string', 'The resource identity the card’s Stripe objects carry as `didops_owner` metadata; objects of another owner are never touched.'),
  computedAttribute('currency', 'string', 'ISO 4217 currency of every price.'),
  computedAttribute('products', ['map', 'string'], 'Stripe product id (`prod_…`) per invoice line: `number.<CC>.<type>`, `minutes.<class>`, `connect`.'),
  computedAttribute('prices', ['map', 'string'], 'Stripe price id (`price_…`) per lookup key: `didops.<card_key>.number.US.local.monthly`, `….setup`, `didops.<card_key>.minutes.<class>`, `didops.<card_key>.connect`.'),
  computedAttribute('meters', ['map', 'string'], 'Stripe billing meter id per meter event name (`didops_<card_key>_<class>_seconds`, `…_connects`): where billable seconds and answered calls are reported.'),
  computedAttribute('priceTerms', ['map', 'string'], 'What each lookup key’s price charges, in words (`USD 115 per month`), so that a changed amount shows in the plan.'),
];

const ruleNotes = Object.fromEntries(RATE_CARD_FIELD_RULES.map((rule) => [rule.field, rule.description]));

const DESCRIPTION = [
  'A rate card (docs/billing.md) as Stripe products, prices and meters: per country and number type a setup fee and a monthly price, per-minute rates by direction and destination prefix with their billing increment, minimum and connect fee, and volume tiers. `didops_billing_subscription`s bill at its prices, found by lookup key.',
  'Every check runs at plan time (overlapping prefixes, tiers that do not ascend, unknown currencies, …), each problem on `card` with its path inside the card. Everything the card becomes is found before it is made and carries the resource’s owner metadata, so an apply interrupted by a crash finishes what it started instead of making a second product or price.',
  'A changed amount is an update in place: a new price takes over the lookup key, every subscription item on the old price moves to it (at the next period, or now with `migration = "now"`), and the old price is archived. Destroy archives prices and products and deactivates meters; Stripe never deletes a price.',
  'The provider needs a Stripe secret key (`stripe_secret_key`, or `DIDOPS_STRIPE_SECRET_KEY`) for this resource; without one the plan fails saying so.',
].join('\n\n');

/** The `didops_rate_card` resource. */
export function rateCardResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: RATE_CARD_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'rate card', plural: 'rate cards', act: 'creation', account: 'Stripe' },
      keyNote: 'The card key (`card_key`) is made from it when the card is created.',
      // Loaded on first use: rating brings decimal.js and yaml, which a provider serving only numbers never needs.
      createHandler: billingHandler((deps) => (require('../../../src/resources/rate-card/handler') as typeof import('../../../src/resources/rate-card/handler')).createRateCardHandler(deps)),
      inputSchema: rateCardTerraformInputsSchema,
      inputDocs: {
        // In Terraform the card key comes from the resource's `key`.
        omit: ['key'],
        notes: ruleNotes,
      },
      outputs: RATE_CARD_OUTPUTS,
      idDescription: 'The card key, the same as `card_key`.',
      affectedOutputs: {
        card: ['products', 'prices', 'meters', 'priceTerms'],
      },
    },
    runtime,
  );
}
