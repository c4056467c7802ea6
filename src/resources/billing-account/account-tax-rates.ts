/**
 * The provider's tax rates for a jurisdiction: found by `didops_tax_key` metadata (and the same percentage), created
 * when missing, restored when archived. A rate is shared by every account in its jurisdiction, so its idempotency key
 * comes from the rate alone: two accounts created at once make one rate, never two.
 */
import type { BillingCustomers, BillingTaxRate } from '../../billing/customers-port';
import { idempotencyKey } from '../../core/idempotency';
import Decimal from 'decimal.js';

/** Metadata key naming the jurisdiction rate a provider tax rate stands for. */
export const TAX_KEY_METADATA_KEY = 'didops_tax_key';

/** A tax rate a jurisdiction asks for, in the words of billing/tax. */
export interface JurisdictionRate {
  /** Stable name of the rate: jurisdiction and kind, e.g. `US-NY-sales` or `DE-vat`. */
  readonly taxKey: string;
  /** Name on invoices, e.g. "Sales tax" or "VAT". */
  readonly displayName: string;
  /** Percentage as decimal text, e.g. "8.875". */
  readonly percentage: string;
  /** True when prices already include it. */
  readonly inclusive: boolean;
  readonly country: string;
  readonly state?: string;
  /** Name of the jurisdiction on invoices. */
  readonly jurisdiction?: string;
  /** The provider's kind of tax (`vat`, `sales_tax`, `gst`, `hst`, `pst`, `qst`). */
  readonly taxType?: string;
}

/** The provider's tax rate id for each rate, in order, made or restored where needed. */
export async function ensureTaxRates(customers: BillingCustomers, rates: readonly JurisdictionRate[]): Promise<string[]> {
  if (rates.length === 0) return [];
  const ids: string[] = [];
  for (const rate of rates) {
    const found = (await customers.findTaxRates({ [TAX_KEY_METADATA_KEY]: rate.taxKey })).filter((r) => samePercentage(r, rate) && r.inclusive === rate.inclusive);
    // An active match wins; an archived one is restored rather than duplicated.
    let match = found.find((r) => r.active) ?? found[0];
    if (!match) {
      match = await customers.createTaxRate(
        {
          displayName: rate.displayName,
          percentage: rate.percentage,
          inclusive: rate.inclusive,
          country: rate.country,
          ...(rate.state !== undefined ? { state: rate.state } : {}),
          ...(rate.jurisdiction !== undefined ? { jurisdiction: rate.jurisdiction } : {}),
          ...(rate.taxType !== undefined ? { taxType: rate.taxType } : {}),
          metadata: { [TAX_KEY_METADATA_KEY]: rate.taxKey },
        },
        { idempotencyKey: idempotencyKey({ resource: 'didops:tax-rates', operation: 'taxrate', inputs: rate }) },
      );
    }
    if (!match.active) match = await customers.setTaxRateActive(match.id, true);
    ids.push(match.id);
  }
  return ids;
}

function samePercentage(found: BillingTaxRate, rate: JurisdictionRate): boolean {
  return new Decimal(found.percentage).equals(new Decimal(rate.percentage));
}
