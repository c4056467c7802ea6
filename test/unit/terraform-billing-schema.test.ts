/**
 * The billing resources' Terraform schemas: every output their handlers keep is a computed attribute, the rate card
 * is YAML/JSON text whose card key is the resource's `key`, and a subscription's numbers are objects that the phone
 * number resources themselves convert to.
 */
import { createDidopsTerraformProvider } from '../../provider/terraform/provider';
import { toSnakeCase } from '../../provider/terraform/schema/naming';
import { BILLING_ACCOUNT_OUTPUT_FIELDS } from '../../src/resources/billing-account/model';
import { BILLING_SUBSCRIPTION_STATE_OUTPUT_FIELDS } from '../../src/resources/billing-subscription/handler';
import { RATE_CARD_OUTPUT_FIELDS } from '../../src/resources/rate-card/model';
import { attributeAt as at, attributeFlags as flags } from '../support/terraform-attributes';

const schemas = createDidopsTerraformProvider({ env: {} }).schemas();

describe('the billing resources', () => {
  it.each([
    ['didops_rate_card', RATE_CARD_OUTPUT_FIELDS],
    ['didops_billing_account', BILLING_ACCOUNT_OUTPUT_FIELDS],
    ['didops_billing_subscription', BILLING_SUBSCRIPTION_STATE_OUTPUT_FIELDS],
  ] as const)('%s makes every output field its handler keeps a computed attribute', (type, fields) => {
    const attributes = schemas.resourceSchemas[type].block.attributes;
    const computedOnly = attributes.filter((a) => flags(a) === 'computed' && a.name !== 'id').map((a) => a.name);
    expect(computedOnly).toEqual(fields.map(toSnakeCase));
  });

  it('takes the rate card as text, its key from the resource key, and the subscription’s numbers as objects', () => {
    const card = schemas.resourceSchemas.didops_rate_card.block.attributes;
    expect([at(card, 'card').type, flags(at(card, 'card'))]).toEqual(['string', 'required']);
    expect(card.filter((a) => a.name === 'key')).toHaveLength(1);
    const subscription = schemas.resourceSchemas.didops_billing_subscription.block.attributes;
    expect(at(subscription, 'numbers').nestedType?.attributes.map((a) => [a.name, flags(a)])).toEqual([['e164', 'required'], ['country', 'optional'], ['type', 'optional']]);
    expect([at(subscription, 'items').type, at(subscription, 'applied_items').type]).toEqual([['map', ['object', { id: 'string', quantity: 'number', price: 'string' }]], ['map', 'number']]);
  });
});
