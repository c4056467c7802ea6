/** Products, prices and meters a rate card becomes (owned by the RateCard resource). */

/** Products, prices and meters a rate card becomes (owned by the RateCard resource). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BillingCatalogue {}
