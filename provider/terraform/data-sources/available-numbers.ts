/**
 * `didops_available_numbers`: number search for configurations that choose before they declare, e.g. the most
 * memorable 415 number, then pinned with a `didops_phone_number`'s `number`. It runs the same `searchNumbers` as the
 * CLI, the Pulumi function and a phone number's `search`.
 */
import { z } from 'zod';
import { CARRIER_NAMES } from '../../../src/carriers/carrier';
import type { CarrierSet } from '../../../src/carriers/carrier-set';
import { errorDiagnostic, type Diagnostic } from '../../../src/core/diagnostics';
import { ValidationError } from '../../../src/core/errors';
import { phoneNumberSearchSchema } from '../../../src/resources/phone-number/model';
import { searchCriteriaSchema, type SearchCriteriaInput } from '../../../src/search/criteria';
import { resolveGeography } from '../../../src/search/geography';
import { compilePatterns } from '../../../src/search/patterns';
import { NumberPriceBook } from '../../../src/search/pricing';
import { parseSearchCriteria, searchNumbers, withTopLevelContains, type FoundNumber } from '../../../src/search/search-numbers';
import { toTfDiagnostics } from '../diagnostics';
import { computedAttribute, computedObject, schemaOf, type AttributeModel } from '../schema/attributes';
import { fillDefaults, fromTfObject, pickAttributes, toTfObject } from '../schema/values';
import { attributesFromZod } from '../schema/zod-to-terraform';
import type { TfObject } from '../server/types';
import { validateKnown, type TerraformDataSource } from './data-source';

/** The data source's Terraform type name. */
export const AVAILABLE_NUMBERS_TYPE = 'didops_available_numbers';

/** A phone number's `search`, plus how results are listed. */
export const availableNumbersInputSchema = phoneNumberSearchSchema.extend({
  carrier: z.enum(CARRIER_NAMES).optional().meta({ description: 'Carrier to ask: `twilio` or `telnyx` (default: the provider’s default carrier).' }),
  limit: searchCriteriaSchema.shape.limit,
  rank: searchCriteriaSchema.shape.rank,
  currency: searchCriteriaSchema.shape.currency,
});

/** One found number, as a nested object of `numbers`. */
const NUMBER_ATTRIBUTES: readonly AttributeModel[] = [
  computedAttribute('phoneNumber', 'string', 'The number in E.164.'),
  computedAttribute('friendlyName', 'string', 'The number as the carrier formats it for people.'),
  computedAttribute('isoCountry', 'string', 'ISO country of the number.'),
  computedAttribute('type', 'string', '`local`, `mobile` or `tollFree`.'),
  computedAttribute('region', 'string', 'State or province, when the carrier says.'),
  computedAttribute('locality', 'string', 'City or rate centre, when the carrier says.'),
  computedAttribute('postalCode', 'string', 'Postal code, when the carrier says.'),
  computedObject('capabilities', 'What the number can do.', [
    computedAttribute('voice', 'bool', 'Voice calls.'),
    computedAttribute('sms', 'bool', 'SMS.'),
    computedAttribute('mms', 'bool', 'MMS.'),
    computedAttribute('fax', 'bool', 'Fax.'),
  ]),
  computedAttribute('addressRequirements', 'string', 'Regulatory address the number needs: `none`, `any`, `local` or `foreign`.'),
  computedAttribute('score', 'number', 'Memorability, 0–100 (what `rank = "memorability"` orders by).'),
  computedAttribute('scoreReasons', ['list', 'string'], 'Why the number scored as it did, in words.'),
  computedAttribute('monthlyPrice', 'number', 'Monthly rental in minor units of `currency` (`115` = 1.15 USD).'),
  computedAttribute('setupPrice', 'number', 'One-off setup fee in minor units of `currency`.'),
  computedAttribute('currency', 'string', 'ISO currency of the prices.'),
];

const OUTPUTS: readonly AttributeModel[] = [
  computedObject('numbers', 'The matching numbers, in the carrier’s order or by memorability (`rank`).', NUMBER_ATTRIBUTES, 'list'),
  computedAttribute('examined', 'number', 'Candidates the carrier returned and didops checked.'),
  computedAttribute('exhaustive', 'bool', 'True when the carrier had no further page: every candidate it offered for this query was examined (live Twilio offers one sample page per query).'),
  computedAttribute('stoppedBecause', 'string', 'Why the search stopped: `limit` (enough matches), `budget` (`max_pages` read) or `exhausted` (the carrier had no more).'),
  computedAttribute('description', 'string', 'What the patterns ask for, in words.'),
];

const DESCRIPTION =
  'Searches the numbers a carrier account (Twilio or Telnyx) can buy, with every criterion of a `didops_phone_number`’s `search` plus how to list the results (`limit`, `rank`, `currency`). ' +
  'Geography, type and capabilities go to the carrier as filters; patterns go as the narrowest `contains` they imply and are then checked on every page. ' +
  'Results change as numbers are sold: pin the one you choose with a `didops_phone_number`’s `number`.';

/** The `didops_available_numbers` data source over the configured carriers. */
export function availableNumbersDataSource(carriers: () => CarrierSet): TerraformDataSource {
  const inputs = attributesFromZod(availableNumbersInputSchema, {
    fallbackDescriptions: {
      postalCode: 'Postal code the numbers must be in.',
      'near.number': 'A phone number (E.164) to search near.',
      'near.latitude': 'Latitude of a point to search near, -90 to 90.',
      'near.longitude': 'Longitude of a point to search near, -180 to 180.',
      'near.distanceMiles': 'Search radius in miles, 1–500.',
      patterns: 'Patterns the numbers must match, checked by didops on each carrier page.',
      'patterns.vanity': 'A word spelled on the keypad.',
      'patterns.vanity.word': 'The word.',
      'patterns.sequence': 'A memorable run of digits.',
      'patterns.regex.pattern': 'RE2 regular expression, at most 200 characters.',
    },
  });
  const attributes = [...inputs, ...OUTPUTS];

  return {
    typeName: AVAILABLE_NUMBERS_TYPE,
    attributes,
    schema: () => schemaOf(DESCRIPTION, attributes),

    validate: (config) => validateKnown(inputs, availableNumbersInputSchema, config, (value) => criteriaProblems(value)),

    async read(config) {
      const filled = fillDefaults(inputs, pickAttributes(inputs, config));
      try {
        const parsed = availableNumbersInputSchema.safeParse(fromTfObject(inputs, filled));
        if (!parsed.success) throw parsed.error;
        const problems = criteriaProblems(parsed.data);
        if (problems.length > 0) throw ValidationError.fromDiagnostics(problems);
        const carrier = carriers().get(parsed.data.carrier);
        const prices = new NumberPriceBook(carrier, { currency: parsed.data.currency });
        const outcome = await searchNumbers(carrier, toCriteria(parsed.data), { prices }).catch((err: unknown) => {
          throw err instanceof ValidationError ? ValidationError.fromDiagnostics(ownNames(err.diagnostics, parsed.data.contains !== undefined)) : err;
        });
        const state: TfObject = {
          ...filled,
          ...toTfObject(OUTPUTS, {
            numbers: outcome.results.map(numberValue),
            examined: outcome.examined,
            exhaustive: outcome.exhaustive,
            stoppedBecause: outcome.stoppedBecause,
            description: outcome.description,
          }),
        };
        return { state, diagnostics: [] };
      } catch (err) {
        return { state: null, diagnostics: toTfDiagnostics(err) };
      }
    },
  };
}

type Input = ReturnType<typeof availableNumbersInputSchema.parse>;

/** The criteria as `searchNumbers` takes them: `contains` joins the patterns. */
function toCriteria(input: Input): SearchCriteriaInput {
  const { contains, carrier: _carrier, ...rest } = input;
  return { ...rest, patterns: contains === undefined ? rest.patterns : { ...rest.patterns, contains } };
}

/** What the search library would refuse (unknown country, region and area code that disagree, bad patterns), found without a carrier call. */
function criteriaProblems(input: Input): Diagnostic[] {
  if (input.contains !== undefined && input.patterns.contains !== undefined) {
    return [errorDiagnostic('`contains` is given twice', { field: 'patterns.contains', detail: 'keep `contains` and remove `patterns.contains`' })];
  }
  try {
    const criteria = parseSearchCriteria(toCriteria(input));
    const place = resolveGeography(criteria);
    compilePatterns(criteria.patterns, { callingCode: place.callingCode, nationalLength: place.nationalLength });
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return ownNames(err.diagnostics, input.contains !== undefined);
  }
}

/** The search library calls the top-level `contains` `patterns.contains`; point at what the user wrote. */
function ownNames(diagnostics: readonly Diagnostic[], topLevelContains: boolean): Diagnostic[] {
  return topLevelContains ? withTopLevelContains(diagnostics) : [...diagnostics];
}

function numberValue(n: FoundNumber) {
  return {
    phoneNumber: n.phoneNumber,
    friendlyName: n.friendlyName,
    isoCountry: n.isoCountry,
    type: n.type,
    region: n.region,
    locality: n.locality,
    postalCode: n.postalCode,
    capabilities: n.capabilities,
    addressRequirements: n.addressRequirements,
    score: n.score.score,
    scoreReasons: n.score.reasons,
    monthlyPrice: n.price?.monthly.amountMinor ?? null,
    setupPrice: n.price?.setup.amountMinor ?? null,
    currency: n.price?.monthly.currency ?? null,
  };
}
