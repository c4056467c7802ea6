/** One-off charges and refunds (a setup fee paid before a number is bought). */

/** One-off charges and refunds (a setup fee paid before a number is bought). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BillingPayments {}
