/**
 * `getAvailableNumbers`: number search for Pulumi programs that want to choose before they declare, e.g. pick the
 * most memorable 415 number, then pin it with a PhoneNumber's `number`. It runs the same `searchNumbers` as the CLI
 * and as a PhoneNumber's `search`.
 */
import * as pulumi from '@pulumi/pulumi';
import type { CarrierName } from '../../src/carriers/carrier';
import { NumberPriceBook, searchNumbers, type RatesTable, type SearchCriteriaInput, type SearchOutcome } from '../../src/search';
import { carrierSettingsFromPulumi } from './config';
import { carriersOf } from './host';
import type { CarrierSettings } from './settings';

/** Options of {@link getAvailableNumbers}. */
export interface GetAvailableNumbersOptions {
  /** Carrier settings; by default the stack's `didops:*` configuration. */
  carriers?: CarrierSettings;
  /** The carrier to search (default: the configured default carrier). */
  carrier?: CarrierName;
  /** Attach monthly prices (default true). */
  prices?: boolean;
  /** Exchange rates for prices in a currency other than USD (`criteria.currency`). */
  rates?: RatesTable;
}

/** Searches available numbers (see `SearchCriteriaInput` for every criterion). */
export async function getAvailableNumbers(criteria: SearchCriteriaInput, options: GetAvailableNumbersOptions = {}): Promise<SearchOutcome> {
  const carrier = carriersOf(options.carriers ?? carrierSettingsFromPulumi()).get(options.carrier);
  const prices = options.prices === false ? undefined : new NumberPriceBook(carrier, { currency: criteria.currency ?? 'USD', rates: options.rates });
  return searchNumbers(carrier, criteria, { prices });
}

/** The same search with criteria that may be Outputs (e.g. an area code computed from another resource). */
export function getAvailableNumbersOutput(
  criteria: pulumi.Input<SearchCriteriaInput>,
  options: GetAvailableNumbersOptions = {},
): pulumi.Output<SearchOutcome> {
  return pulumi.output(criteria).apply((resolved) => getAvailableNumbers(resolved as SearchCriteriaInput, options));
}
