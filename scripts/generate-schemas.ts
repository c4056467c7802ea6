/**
 * Writes `schemas/*.schema.json` from the zod models (`npm run schemas`). The files are never edited by hand; a test
 * fails when one is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { searchCriteriaSchema } from '../src/search/criteria';
import { phoneNumberInputsSchema } from '../src/resources/phone-number/model';
import { emergencyAddressInputsSchema } from '../src/resources/emergency-address/model';
import { routingPlanFileSchema, routingPlanSchema } from '../src/routing/model';
import { rateCardSchema } from '../src/billing/rating/rate-card';
import { rateCardInputsSchema } from '../src/resources/rate-card/model';
import { billingAccountInputsSchema } from '../src/resources/billing-account/model';
import { billingSubscriptionInputsSchema } from '../src/resources/billing-subscription/model';

/** Every generated schema: file name → JSON Schema document. */
export function generatedSchemas(): Record<string, unknown> {
  const doc = (id: string, title: string, schema: z.ZodType) => ({
    $comment: 'Generated from the zod models in src/ by `npm run schemas`; do not edit.',
    $id: `https://didops.dev/schemas/${id}`,
    title,
    ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }),
  });
  return {
    'search-criteria.schema.json': doc('search-criteria.schema.json', 'didops number search criteria', searchCriteriaSchema),
    'phone-number.schema.json': doc('phone-number.schema.json', 'didops PhoneNumber resource inputs', phoneNumberInputsSchema),
    'emergency-address.schema.json': doc('emergency-address.schema.json', 'didops EmergencyAddress resource inputs', emergencyAddressInputsSchema),
    'rate-card.schema.json': doc('rate-card.schema.json', 'didops rate card (the RateCard resource’s `card`, as YAML or JSON)', rateCardSchema),
    'billing-account.schema.json': doc('billing-account.schema.json', 'didops BillingAccount resource inputs', billingAccountInputsSchema),
    'billing-subscription.schema.json': doc('billing-subscription.schema.json', 'didops BillingSubscription resource inputs', billingSubscriptionInputsSchema),
    'routing-plan.schema.json': doc('routing-plan.schema.json', 'didops routing plan', routingPlanSchema),
    'routing-plan-file.schema.json': doc('routing-plan-file.schema.json', 'didops routing plan file (plans: { name: plan })', routingPlanFileSchema),
    'rate-card-resource.schema.json': doc('rate-card-resource.schema.json', 'didops RateCard resource inputs', rateCardInputsSchema),
  };
}

/** The file text of a generated schema. */
export function schemaText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  for (const [name, document] of Object.entries(generatedSchemas())) {
    writeFileSync(join(__dirname, '..', 'schemas', name), schemaText(document));
    console.log(`wrote schemas/${name}`);
  }
}
