/**
 * The amounts Stripe accepts on a price or invoice item, checked on the rate card so a bad price fails at plan time
 * instead of halfway through creating a catalogue:
 * - `unit_amount` (and its decimal form) is at most 99,999,999 minor units ($999,999.99), the eight digits the API
 *   documents for amounts;
 * - `unit_amount_decimal` has at most 12 decimals (the model's decimal fields already refuse more);
 * - Stripe charges the three-decimal currencies (BHD, JOD, KWD, OMR, TND) only in multiples of 10 minor units, so a
 *   whole fee such as 1,005 fils cannot be collected: these fees must end in 0. Fractional per-minute rates stay
 *   allowed, because they are rounded on the invoice line.
 * Prices are what a customer pays, so none may be negative (credits belong on the account, not the card).
 */
import { errorDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { ExactDecimal } from './exact-decimal';

/** Largest amount Stripe takes in `unit_amount`, `flat_amount` or an invoice item, in minor units. */
export const STRIPE_MAX_UNIT_AMOUNT = 99_999_999;

/** Currencies Stripe charges only in multiples of this many minor units (its three-decimal currencies). */
export const STRIPE_CHARGE_STEP: Readonly<Record<string, number>> = Object.freeze({ BHD: 10, JOD: 10, KWD: 10, OMR: 10, TND: 10 });

/** What an amount on the card is, for the wording of its diagnostics. */
export interface AmountToCheck {
  /** The parsed value: whole minor units, or decimal text of minor units. */
  readonly value: number | string;
  /** Field path of the amount, e.g. `numbers[2].setupFee`. */
  readonly field: string;
  /** `whole`: charged as is (setup fees, monthly prices, tier flat fees); `decimal`: rounded on the invoice line. */
  readonly kind: 'whole' | 'decimal';
  /** The card's currency, when it is a valid one. */
  readonly currency?: string;
}

/** Every Stripe limit `amount` breaks: negative, above 99,999,999, or not chargeable in a three-decimal currency. */
export function stripeAmountFailures(amount: AmountToCheck): Diagnostic[] {
  const value = new ExactDecimal(amount.value);
  const unit = amount.currency ? `${amount.currency} minor units` : 'minor units';
  if (value.isNegative() && !value.isZero()) {
    return [errorDiagnostic(`${amount.value} is negative`, { field: amount.field, detail: `prices are what the customer pays, in ${unit}; use 0 for free (give credit on the BillingAccount, not the rate card)` })];
  }
  if (value.greaterThan(STRIPE_MAX_UNIT_AMOUNT)) {
    return [errorDiagnostic(`${amount.value} is more than Stripe accepts`, { field: amount.field, detail: `Stripe prices are at most ${STRIPE_MAX_UNIT_AMOUNT} ${unit} (eight digits)` })];
  }
  const step = amount.currency ? STRIPE_CHARGE_STEP[amount.currency] : undefined;
  if (amount.kind === 'whole' && step !== undefined && !value.mod(step).isZero()) {
    const down = value.minus(value.mod(step));
    return [errorDiagnostic(`${amount.value} ${amount.currency} minor units cannot be charged`, {
      field: amount.field,
      detail: `Stripe charges ${amount.currency} in multiples of ${step} minor units (its last digit must be 0); use ${down.toFixed()} or ${down.plus(step).toFixed()}`,
    })];
  }
  return [];
}
