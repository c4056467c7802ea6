/**
 * `taxRatesFor`: the tax rates of a customer's jurisdiction, from the customer's country, state or province and tax
 * ids, which the BillingAccount resource turns into Stripe tax rates on the customer's invoices.
 *
 * - US and Canadian customers are taxed by state or province, so theirs is required (`address.state`); a code
 *   ("CA", "QC"), an ISO 3166-2 code ("US-CA") or a name ("California", "Quebec") is accepted.
 * - An EU customer is charged the VAT of its own country (the place of supply of telecom services to consumers),
 *   unless reverse charge applies: the customer has a well-formed `eu_vat` id of its country (checkTaxId) and the
 *   seller is not established in that same country. Then no VAT is charged and `reverseCharge` is true (the invoice
 *   must say so; the customer accounts for the VAT). A seller in the customer's country charges domestic VAT.
 * - `businessCountry` is where the seller is established. Without it the seller is taken to be outside the EU (the
 *   usual case for a didops operator billing from a US Stripe account), so every valid EU VAT id gets reverse
 *   charge, and a warning says so, since an EU seller that forgets it would not charge its domestic customers VAT.
 * - A country (or region) the table lacks gets no rates and a warning, not an error: the invoice goes out without
 *   tax, which the operator can correct by passing a table that has it.
 * Invalid tax ids are reported by checkTaxId; here they simply do not qualify for reverse charge.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { errorDiagnostic, warningDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { suggestIsoCountry } from '../../core/e164';
import { NameSuggester } from '../../core/suggest';
import { checkTaxId, type TaxIdInput } from './check-tax-id';
import { EU_MEMBER_STATES } from './eu-member-states';
import { DEFAULT_TAX_RATE_TABLE, REGIONAL_TAX_COUNTRIES, type TaxRateSpec, type TaxRateTable } from './tax-rate-table';

/** Where the customer is and which tax ids it has. */
export interface TaxLocation {
  /** ISO 3166-1 country of the billing address. */
  readonly country: string;
  /** State or province of the billing address; required in the US and Canada. */
  readonly region?: string;
  /** The customer's tax ids (Stripe types and values). */
  readonly taxIds?: readonly TaxIdInput[];
  /** ISO 3166-1 country the seller is established in; without it, outside the EU. */
  readonly businessCountry?: string;
}

/** The answer of {@link taxRatesFor}. */
export interface TaxRatesResult {
  /** Rates to apply to the customer's invoices; empty for none. */
  readonly rates: readonly TaxRateSpec[];
  /** True when EU reverse charge applies: no VAT charged, the customer self-accounts. */
  readonly reverseCharge: boolean;
  /** The state or province code the rates are for (US and Canada), however the address wrote it: "California" → "CA". */
  readonly region?: string;
  /** Errors (missing or unknown country or region) and warnings (no rate in the table, assumed seller country). */
  readonly diagnostics: readonly Diagnostic[];
}

const NONE = { rates: [], reverseCharge: false } as const;

/** The tax rates (or reverse charge) of a customer's jurisdiction, from `table` (by default didops' own). */
export function taxRatesFor(location: TaxLocation, table: TaxRateTable = DEFAULT_TAX_RATE_TABLE): TaxRatesResult {
  const country = location.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) {
    const alias = suggestIsoCountry(country);
    return { ...NONE, diagnostics: [errorDiagnostic(`"${location.country}" is not an ISO 3166 country code`, { field: 'address.country', detail: alias ? `did you mean "${alias}"?` : 'use a two-letter ISO 3166-1 code such as "US", "GB" or "DE"' })] };
  }
  if (EU_MEMBER_STATES.has(country)) {
    const reverse = reverseCharge(location, country);
    if (reverse) return reverse;
  }
  const regionWord = REGIONAL_TAX_COUNTRIES[country];
  if (regionWord) return regionalRates(location.region, country, regionWord, table);
  const rates = table[country];
  if (rates) return { rates, reverseCharge: false, diagnostics: [] };
  return { ...NONE, diagnostics: [noRate(country, 'address.country')] };
}

function reverseCharge(location: TaxLocation, country: string): TaxRatesResult | undefined {
  const seller = location.businessCountry?.trim().toUpperCase();
  if (seller === country) return undefined;
  const qualifies = (location.taxIds ?? []).some((id) => id.type.trim().toLowerCase() === 'eu_vat' && checkTaxId(id, country) === undefined);
  if (!qualifies) return undefined;
  const diagnostics =
    seller === undefined
      ? [warningDiagnostic('EU reverse charge applied on the assumption that the seller is established outside the EU', {
          field: 'businessCountry',
          detail: `set businessCountry to the seller's country; a seller established in ${country} must charge its domestic customers VAT instead`,
        })]
      : [];
  return { rates: [], reverseCharge: true, diagnostics };
}

function regionalRates(region: string | undefined, country: string, word: 'state' | 'province', table: TaxRateTable): TaxRatesResult {
  const example = country === 'US' ? '"CA" or "NY"' : '"ON" or "QC"';
  if (region === undefined || region.trim() === '') {
    const where = country === 'US' ? 'the United States' : 'Canada';
    return { ...NONE, diagnostics: [errorDiagnostic(`a customer in ${where} needs a ${word} for its sales taxes`, { field: 'address.state', detail: `set address.state to the two-letter ${word} code, e.g. ${example}` })] };
  }
  const subdivisions = subdivisionsOf(country);
  const asked = comparable(REGION_ALIASES[region.trim().toUpperCase()] ?? region).replace(new RegExp(`^${country}-`), '');
  const hit = subdivisions.find((s) => comparable(s.isoCode) === asked || comparable(s.name) === asked);
  if (!hit) {
    const near = new NameSuggester().nearest(region.trim(), subdivisions.map((s) => s.name));
    const code = subdivisions.find((s) => s.name === near)?.isoCode;
    return { ...NONE, diagnostics: [errorDiagnostic(`"${region}" is not a ${word} of ${country}`, { field: 'address.state', detail: code ? `did you mean "${code}" (${near})?` : `use the two-letter ${word} code, e.g. ${example}` })] };
  }
  const rates = table[`${country}-${hit.isoCode}`];
  if (rates) return { rates, reverseCharge: false, region: hit.isoCode, diagnostics: [] };
  return { ...NONE, region: hit.isoCode, diagnostics: [noRate(`${country}-${hit.isoCode}`, 'address.state')] };
}

/** Upper case without accents or surrounding space, so "Québec", "quebec" and "QUEBEC" compare equal. */
const comparable = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().trim();

/** Old or colloquial codes people still write for a Canadian province. */
const REGION_ALIASES: Readonly<Record<string, string>> = { PQ: 'QC', NF: 'NL', LB: 'NL', YU: 'YT' };

function noRate(jurisdiction: string, field: string): Diagnostic {
  return warningDiagnostic(`didops' tax table has no rate for ${jurisdiction}, so invoices carry no tax`, {
    field,
    detail: 'if tax is due there, pass a table with its rate to taxRatesFor (or add it to the BillingAccount’s tax rates)',
  });
}

/** A country's first-level subdivisions from country-state-city, loaded on first use (the dataset is large). */
function subdivisionsOf(country: string): { name: string; isoCode: string }[] {
  const { State } = require('country-state-city') as typeof import('country-state-city');
  return State.getStatesOfCountry(country).map((s) => ({ name: s.name, isoCode: s.isoCode }));
}
