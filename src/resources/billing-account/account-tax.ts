/**
 * The tax of an account, from billing/tax: the rates of its jurisdiction (country and, in the US and Canada, state or
 * province) and whether EU reverse charge applies (taxRatesFor), and the check of its tax ids against their country's
 * format (checkTaxId), each problem on its input field, before any API call.
 */
import { checkTaxId, taxRatesFor } from '../../billing/tax';
import type { Diagnostic } from '../../core/diagnostics';
import type { JurisdictionRate } from './account-tax-rates';
import type { BillingAccountInputs } from './model';

/** The tax that applies to an account. */
export interface AccountTax {
  /** Rates to apply to its invoices (none when reverse charged). */
  readonly rates: readonly JurisdictionRate[];
  /** True when EU reverse charge applies. */
  readonly reverseCharge: boolean;
  /** Why no rate applies (a missing state, a jurisdiction without a rate), on `address.…` or `businessCountry`. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The tax of an account with these inputs. */
export function accountTax(inputs: BillingAccountInputs): AccountTax {
  const result = taxRatesFor({
    country: inputs.address.country,
    ...(inputs.address.state !== undefined ? { region: inputs.address.state } : {}),
    taxIds: inputs.taxIds,
    ...(inputs.businessCountry !== undefined ? { businessCountry: inputs.businessCountry } : {}),
  });
  const rates = result.rates.map((rate) => ({
    taxKey: rate.key,
    displayName: rate.displayName,
    percentage: rate.percentage,
    inclusive: rate.inclusive,
    country: rate.country,
    jurisdiction: rate.jurisdiction,
    taxType: rate.taxType,
    ...(rate.state !== undefined ? { state: rate.state } : {}),
  }));
  return { rates, reverseCharge: result.reverseCharge, diagnostics: result.diagnostics };
}

/** Problems with the declared tax ids, each on `taxIds[i].value` (or `.type`) with the expected format. */
export function taxIdFailures(inputs: BillingAccountInputs): Diagnostic[] {
  return inputs.taxIds.flatMap((taxId, i) => checkTaxId(taxId, inputs.address.country, { field: `taxIds[${i}]` }) ?? []);
}
