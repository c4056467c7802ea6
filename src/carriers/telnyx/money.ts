/** Telnyx's decimal prices (`"1.00000"`, `"0.0045"`) as didops Money, exactly or not at all. */
import { isCurrencyCode, parseDecimalMoney, type Money } from '../../core/money';

/**
 * The amount in minor units when it is exact: Telnyx pads prices to five decimals (fine, the extra digits are
 * zeros), but per-minute call costs can be fractions of a cent, which Money cannot hold; rounding them silently
 * would make a billing error, so such amounts are left out and the reconciler rates the call itself.
 */
export function exactMoney(text: string | null | undefined, currency: string | null | undefined): Money | undefined {
  const code = String(currency ?? '').toUpperCase();
  if (text === null || text === undefined || text === '' || !isCurrencyCode(code)) return undefined;
  try {
    return parseDecimalMoney(text, code);
  } catch {
    return undefined;
  }
}
