/** didops' public API: the core lifecycle and values, the Twilio and Telnyx carriers, billing on Stripe, and the sandbox for offline work. */
export * from './core';
export * from './carriers/twilio';
export * from './carriers/telnyx';
export * from './search';
export * from './resources';
export * from './billing/billing';
export type * from './billing/catalogue-port';
export type * from './billing/customers-port';
export * from './billing/rate-card-keys';
export { stripeBilling, createStripeClient, STRIPE_API_VERSION, fromStripeError, type StripeClient, type StripeClientConfig } from './billing/stripe';
export * from './routing';
export { startSandbox, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, type SandboxOptions, type RunningSandbox } from './sandbox/server';
export type { FaultRule } from './sandbox/faults';
