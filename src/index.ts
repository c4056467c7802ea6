/**
 * didops' public API: the core lifecycle and values, the Twilio and Telnyx carriers, billing (its port, its rating and
 * tax rules, and Stripe), and the sandbox for offline work.
 */
export * from './core';
export * from './carriers/twilio';
export * from './carriers/telnyx';
export * from './search';
export * from './resources';
export * from './billing/billing';
export type * from './billing/catalogue-port';
export type * from './billing/customers-port';
export type * from './billing/subscriptions-port';
export type * from './billing/payments-port';
export type * from './billing/invoices-port';
export * from './billing/usage-port';
export * from './billing/rating';
export * from './billing/tax';
// Same names in two modules: the existing exports keep theirs, the billing rules' get a name that says what they are.
export type { NumberPrice } from './search';
export type { NumberPrice as RateCardNumberPrice } from './billing/rating';
export type { TaxRateSpec } from './billing/customers-port';
export type { TaxRateSpec as JurisdictionTaxRateSpec } from './billing/tax';
export * from './billing/rate-card-keys';
export { stripeBilling, createStripeClient, STRIPE_API_VERSION, fromStripeError, type StripeClient, type StripeClientConfig } from './billing/stripe';
export * from './routing';
export { startSandbox, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type SandboxOptions, type RunningSandbox } from './sandbox/server';
export type { FaultRule } from './sandbox/faults';
// For receivers of the reconciler's alert webhooks: check the Didops-Signature header and read the event.
export { verifyAlertWebhook, signAlertWebhook, ALERT_SIGNATURE_HEADER, type AlertFiredEvent } from './reconciler/alerts/webhook';
