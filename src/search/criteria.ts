/**
 * What a buyer can ask for when looking for a number, as one zod model: the library, the CLI, the Pulumi function and
 * the PhoneNumber resource's `search` all validate with it, and `schemas/search-criteria.schema.json` is generated
 * from it.
 */
import { z } from 'zod';

/** Number types didops searches. */
export const numberTypeSchema = z.enum(['local', 'mobile', 'tollFree']).meta({ description: 'Kind of number: local (geographic), mobile or toll-free.' });

/** A number type as search and pricing speak of it. */
export type SearchNumberType = z.output<typeof numberTypeSchema>;

/** How each type reads in a sentence ("no toll-free numbers in BG"). */
export const NUMBER_TYPE_LABELS: Readonly<Record<SearchNumberType, string>> = { local: 'local', mobile: 'mobile', tollFree: 'toll-free' };

/** Capabilities a number can be required to have. */
export const capabilitySchema = z.enum(['voice', 'sms', 'mms', 'fax']);

/** NANP toll-free prefixes. */
export const TOLL_FREE_PREFIXES = ['800', '833', '844', '855', '866', '877', '888'] as const;

/** Digit sequences that make a number memorable. */
export const sequenceKindSchema = z
  .enum(['ascending', 'descending', 'repeated', 'repeatedPairs', 'palindrome'])
  .meta({ description: 'ascending 1234, descending 9876, repeated 7777, repeatedPairs 1212, palindrome 12321.' });

/** Longest regex accepted; compilePatterns checks it too, so hand-built criteria cannot skip the limit. */
export const MAX_REGEX_LENGTH = 200;

/** The pattern part of a search: checked locally, with the narrowest implied `Contains` pushed down to the carrier. */
export const patternCriteriaSchema = z
  .object({
    vanity: z
      .object({
        word: z.string().min(2).max(15).meta({ description: 'Letters (and digits) spelled on the keypad, e.g. FLOWERS.' }),
        at: z.enum(['anywhere', 'end']).default('anywhere').meta({ description: '`end` anchors the word at the end, as in 1-800-FLOWERS.' }),
      })
      .strict()
      .optional(),
    sequence: z
      .object({
        kind: sequenceKindSchema,
        minLength: z.number().int().min(2).max(15).default(4).meta({ description: 'Shortest run that counts.' }),
      })
      .strict()
      .optional(),
    prefix: z.string().regex(/^\d{1,14}$/, 'digits only').optional().meta({ description: 'National number starts with these digits (after the country code).' }),
    suffix: z.string().regex(/^\d{1,14}$/, 'digits only').optional().meta({ description: 'Number ends with these digits.' }),
    contains: z
      .string()
      .min(2)
      .max(16)
      .optional()
      .meta({
        description:
          "Twilio's Contains syntax over the E.164 number: digits and letters (on the keypad), * for one character and % for any run at either end, a leading + or a trailing $ to anchor, e.g. HELP, +1415%, 0100$.",
      }),
    regex: z
      .object({
        pattern: z.string().min(1).max(MAX_REGEX_LENGTH),
        over: z.enum(['national', 'e164']).default('national').meta({ description: 'Match against national digits (4155550123) or E.164 (+14155550123).' }),
      })
      .strict()
      .optional()
      .meta({ description: 'RE2 syntax (linear time: it cannot hang the search).' }),
  })
  .strict();

/** Where the number should be. */
export const geographyCriteriaSchema = z
  .object({
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2 country code, e.g. US, GB, DE.' }),
    region: z.string().min(1).max(64).optional().meta({ description: "State or province in the country's own terms: CA, Bayern, Scotland." }),
    locality: z.string().min(1).max(64).optional().meta({ description: 'City or town, e.g. San Francisco.' }),
    postalCode: z.string().min(1).max(16).optional(),
    areaCode: z.string().regex(/^\d{2,5}$/, 'digits only').optional().meta({ description: 'Area code (US/CA: 3 digits) or national destination code.' }),
    near: z
      .union([
        z.object({ number: z.string(), distanceMiles: z.number().int().min(1).max(500).default(25) }).strict(),
        z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), distanceMiles: z.number().int().min(1).max(500).default(25) }).strict(),
      ])
      .optional()
      .meta({ description: 'Numbers near a phone number or a point.' }),
  })
  .strict();

/** Everything a search can ask for. */
export const searchCriteriaSchema = geographyCriteriaSchema
  .extend({
    type: numberTypeSchema.default('local'),
    tollFreePrefix: z.enum(TOLL_FREE_PREFIXES).optional().meta({ description: 'Toll-free prefix (NANP): 800, 833, 844, 855, 866, 877, 888.' }),
    capabilities: z.array(capabilitySchema).max(4).default([]).meta({ description: 'Every capability listed is required.' }),
    excludeAddressRequired: z
      .enum(['none', 'any', 'local', 'foreign'])
      .default('none')
      .meta({ description: '`any`: only numbers that need no address; `local`/`foreign`: leave out numbers that need that kind.' }),
    patterns: patternCriteriaSchema.default({}),
    limit: z.number().int().min(1).max(1000).default(20).meta({ description: 'How many matches to return.' }),
    maxPages: z.number().int().min(1).max(1000).default(20).meta({ description: 'Budget: carrier pages to examine before giving up.' }),
    pageSize: z.number().int().min(1).max(1000).default(200),
    rank: z.enum(['carrier', 'memorability']).default('carrier').meta({ description: '`memorability` orders results by score (shown).' }),
    currency: z.string().regex(/^[A-Za-z]{3}$/).default('USD').meta({ description: 'Currency to show prices in (needs a rates table unless USD).' }),
  })
  .strict();

/** Criteria as written by a user (defaults optional). */
export type SearchCriteriaInput = z.input<typeof searchCriteriaSchema>;
/** Criteria after validation and defaults. */
export type SearchCriteria = z.output<typeof searchCriteriaSchema>;
/** The pattern part, validated. */
export type PatternCriteria = z.output<typeof patternCriteriaSchema>;
