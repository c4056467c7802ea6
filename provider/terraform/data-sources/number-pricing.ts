/** `didops_number_pricing`: what one number of a type costs in a country, from the carrier's price list. */
import { z } from 'zod';
import { CARRIER_NAMES } from '../../../src/carriers/carrier';
import type { CarrierSet } from '../../../src/carriers/carrier-set';
import { errorDiagnostic, type Diagnostic } from '../../../src/core/diagnostics';
import { checkCountry } from '../../../src/core/e164';
import { DidopsError, ValidationError } from '../../../src/core/errors';
import { numberTypeSchema } from '../../../src/search/criteria';
import { NumberPriceBook } from '../../../src/search/pricing';
import { toTfDiagnostics } from '../diagnostics';
import { computedAttribute, schemaOf, type AttributeModel } from '../schema/attributes';
import { fillDefaults, fromTfObject, pickAttributes, toTfObject } from '../schema/values';
import { attributesFromZod } from '../schema/zod-to-terraform';
import type { TfObject } from '../server/types';
import { validateKnown, type TerraformDataSource } from './data-source';

/** The data source's Terraform type name. */
export const NUMBER_PRICING_TYPE = 'didops_number_pricing';

/** What to price. */
export const numberPricingInputSchema = z
  .object({
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2 country code, e.g. US, GB, DE.' }),
  carrier: z.enum(CARRIER_NAMES).optional().meta({ description: 'Carrier to ask: `twilio` or `telnyx` (default: the provider’s default carrier).' }),
    type: numberTypeSchema.default('local'),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, { error: 'expected a three-letter ISO 4217 currency code, e.g. "USD"' })
      .default('USD')
      .meta({ description: 'Currency to show prices in; the carrier prices in USD, and other currencies need a rates table, which the provider does not take yet.' }),
  })
  .strict();

const OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('monthlyPrice', 'number', 'Monthly rental in minor units of `currency` (`115` = 1.15 USD); it includes any discount the carrier gives on its base price.'),
  computedAttribute('setupPrice', 'number', 'One-off setup fee in minor units of `currency` (Twilio charges none: the first month is the whole cost of buying a number).'),
];

const DESCRIPTION = 'The price of one number of a type in a country, from the carrier’s price list (Twilio Pricing), in minor units of `currency`.';

/** The `didops_number_pricing` data source over the configured carriers. */
export function numberPricingDataSource(carriers: () => CarrierSet): TerraformDataSource {
  const inputs = attributesFromZod(numberPricingInputSchema);
  const attributes = [...inputs, ...OUTPUTS];
  return {
    typeName: NUMBER_PRICING_TYPE,
    attributes,
    schema: () => schemaOf(DESCRIPTION, attributes),

    validate: (config) => validateKnown(inputs, numberPricingInputSchema, config, countryProblems),

    async read(config) {
      const filled = fillDefaults(inputs, pickAttributes(inputs, config));
      try {
        const parsed = numberPricingInputSchema.safeParse(fromTfObject(inputs, filled));
        if (!parsed.success) throw parsed.error;
        const problems = countryProblems(parsed.data);
        if (problems.length > 0) throw ValidationError.fromDiagnostics(problems);
        const book = new NumberPriceBook(carriers().get(parsed.data.carrier), { currency: parsed.data.currency });
        const price = await book.priceOf(parsed.data.country, parsed.data.type);
        const state: TfObject = { ...filled, ...toTfObject(OUTPUTS, { monthlyPrice: price.monthly.amountMinor, setupPrice: price.setup.amountMinor }) };
        return { state, diagnostics: [] };
      } catch (err) {
        return { state: null, diagnostics: toTfDiagnostics(err) };
      }
    },
  };
}

/** "UK" and friends are refused with a suggestion before the carrier is asked. */
function countryProblems(input: { country: string }): Diagnostic[] {
  try {
    checkCountry(input.country, 'country');
    return [];
  } catch (err) {
    if (err instanceof DidopsError) return [errorDiagnostic(err.summary, { field: 'country', detail: err.detail })];
    throw err;
  }
}
