/**
 * `getAvailableNumbers`: number search for Pulumi programs that want to choose before they declare, e.g. pick the
 * most memorable 415 number, then pin it with a PhoneNumber's `number`. It runs the same `searchNumbers` as the CLI
 * and as a PhoneNumber's `search`.
 */
import * as pulumi from '@pulumi/pulumi';
import { createTwilioClient, type TwilioClientConfig } from '../../src/carriers/twilio';
import { NumberPriceBook, searchNumbers, type RatesTable, type SearchCriteriaInput, type SearchOutcome } from '../../src/search';
import { twilioConfigFromPulumi } from './config';

/** Options of {@link getAvailableNumbers}. */
export interface GetAvailableNumbersOptions {
  /** Carrier settings; by default the stack's `didops:*` configuration. */
  twilio?: TwilioClientConfig;
  /** Attach monthly prices (default true). */
  prices?: boolean;
  /** Exchange rates for prices in a currency other than USD (`criteria.currency`). */
  rates?: RatesTable;
}

/** Searches available numbers (see `SearchCriteriaInput` for every criterion). */
export async function getAvailableNumbers(criteria: SearchCriteriaInput, options: GetAvailableNumbersOptions = {}): Promise<SearchOutcome> {
  const client = createTwilioClient(options.twilio ?? twilioConfigFromPulumi());
  const prices = options.prices === false ? undefined : new NumberPriceBook(client, { currency: criteria.currency ?? 'USD', rates: options.rates });
  return searchNumbers(client, criteria, { prices });
}

/** The same search with criteria that may be Outputs (e.g. an area code computed from another resource). */
export function getAvailableNumbersOutput(
  criteria: pulumi.Input<SearchCriteriaInput>,
  options: GetAvailableNumbersOptions = {},
): pulumi.Output<SearchOutcome> {
  return pulumi.output(criteria).apply((resolved) => getAvailableNumbers(resolved as SearchCriteriaInput, options));
}
