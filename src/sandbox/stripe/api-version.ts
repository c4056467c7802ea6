/** The Stripe API version whose shapes the sandbox serves: stripe-node 23's pinned default. */
export const STRIPE_SANDBOX_API_VERSION = '2026-10-28.endive';
