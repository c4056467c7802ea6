/**
 * The rate card's currency: an ISO 4217 code (money.ts's `isCurrencyCode`) that is money a customer can be invoiced
 * in. ISO also lists units of account and fund codes (XDR, the Chilean UF "CLF", the US "next day" dollar USN);
 * Stripe bills none of them, so they are refused here rather than by the first API call.
 */
import { errorDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { isCurrencyCode } from '../../core/money';
import { NameSuggester } from '../../core/suggest';

/** ISO 4217 codes that are units of account, funds or metals: valid codes, but not currencies to invoice in. */
export const NON_INVOICEABLE_CURRENCIES: ReadonlySet<string> = new Set([
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW',
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
]);

/** Names people write for a currency whose ISO code differs. */
const CURRENCY_ALIASES: Readonly<Record<string, string>> = { RMB: 'CNY', NIS: 'ILS', UKP: 'GBP', STG: 'GBP', YEN: 'JPY' };

/** Tried first for "did you mean", so a typo of a common currency suggests it rather than an obscure neighbour. */
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'NZD', 'SGD', 'HKD', 'INR', 'BRL', 'MXN', 'ZAR', 'PLN'];

/** A diagnostic on `field` when `code` (upper case) is not a currency to invoice in, with the nearest code as the fix. */
export function checkCurrency(code: string, field: string): Diagnostic | undefined {
  if (NON_INVOICEABLE_CURRENCIES.has(code)) {
    return errorDiagnostic(`"${code}" is not a currency customers can be invoiced in`, { field, detail: 'it is an ISO 4217 unit of account or fund code; Stripe bills in currencies such as "USD", "EUR" or "GBP"' });
  }
  if (isCurrencyCode(code)) return undefined;
  const near = CURRENCY_ALIASES[code] ?? new NameSuggester().nearest(code, [...COMMON_CURRENCIES, ...Intl.supportedValuesOf('currency')].filter((c) => !NON_INVOICEABLE_CURRENCIES.has(c)));
  return errorDiagnostic(`"${code}" is not an ISO 4217 currency code`, { field, detail: near ? `did you mean "${near}"?` : 'use a three-letter code such as "USD", "EUR" or "GBP"' });
}
