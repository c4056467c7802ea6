/**
 * The tax of an account, in the words of billing/tax: the rates of its jurisdiction (country and, in the US and
 * Canada, state or province) and whether EU reverse charge applies; and the check of its tax ids against their
 * country's format, on `taxIds[i].value`, before any API call.
 */
import type { Diagnostic } from '../../core/diagnostics';
import type { JurisdictionRate } from './account-tax-rates';
import type { BillingAccountInputs } from './model';

/** The tax that applies to an account. */
export interface AccountTax {
  /** Rates to apply to its invoices (none when reverse charged). */
  readonly rates: readonly JurisdictionRate[];
  /** True when EU reverse charge applies. */
  readonly reverseCharge: boolean;
}

/** The tax of an account with these inputs. */
export function accountTax(inputs: BillingAccountInputs): AccountTax {
  void inputs;
  throw new Error('accountTax: waiting for taxRatesFor from billing-rules');
}

/** Problems with the declared tax ids, each on `taxIds[i].value` (or `.type`) with the expected format. */
export function taxIdFailures(inputs: BillingAccountInputs): Diagnostic[] {
  void inputs;
  return [];
}
