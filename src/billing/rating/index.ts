/**
 * Billing rules for rate cards, pure and without I/O: the model, its checks, and rating calls and periods exactly as
 * Stripe bills them. Used by the RateCard and BillingSubscription resources at check/plan time and by the
 * reconciler's Rate job.
 */
export * from './rate-card';
export * from './check-rate-card';
export { checkCurrency, NON_INVOICEABLE_CURRENCIES } from './check-currency';
export { STRIPE_MAX_UNIT_AMOUNT, STRIPE_CHARGE_STEP, stripeAmountFailures, type AmountToCheck } from './stripe-amount-limits';
export { loadRateCard } from './load-rate-card';
export * from './billable-seconds';
export * from './find-rate';
export * from './metered-price';
export * from './metered-amount';
export * from './rate-call';
export { compileRater, createRatedBatch, unratedReasonOf, CompiledRater, type CompiledRateClass, type RatedBatch } from './compiled-rater';
export { AMOUNT_DECIMALS, scaledAmountText, toScaledAmount, scaledAmountFor, scaledPriceOf, type ClassTally, type ScaledPrice } from './call-amount';
export { roundHalfUpToMinor } from './exact-decimal';
export { callingCodeOf } from './calling-codes';
