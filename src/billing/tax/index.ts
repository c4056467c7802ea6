/**
 * Tax rules for billing, pure and without I/O: the rates of a customer's jurisdiction (with EU reverse charge) and
 * the format and check-digit table of customer tax ids, shared with the Stripe sandbox's own validation.
 */
export * from './tax-rate-table';
export * from './tax-rates-for';
export * from './check-tax-id';
export * from './tax-id-formats';
export * from './tax-id-checksums';
export { STRIPE_TAX_ID_TYPES } from './stripe-tax-id-types';
export { EU_MEMBER_STATES, countryOfVatPrefix, vatPrefixOf } from './eu-member-states';
