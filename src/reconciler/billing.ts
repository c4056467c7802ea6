/**
 * The billing port the reconciler's configuration names: Stripe (or the sandbox's Stripe API) when `stripe.secretKey`
 * is set, built once per configuration object on first use, as the RateCard and BillingSubscription resources build
 * theirs (src/billing/billing-config.ts). Rating reads rate cards through it, the push job reports usage through it
 * and the close reads invoices back through it; without it those jobs wait (and say so) instead of guessing.
 */
import type { Billing } from '../billing/billing';
import { billingSettingsOf, stripeBillingOf } from '../billing/billing-config';
import type { ReconcilerConfig } from './config/schema';

const BUILT = new WeakMap<object, Billing>();

/** The configuration's billing port, or undefined when it configures no Stripe key. */
export function reconcilerBilling(config: Pick<ReconcilerConfig, 'stripe'>): Billing | undefined {
  const stripe = config.stripe;
  if (!stripe) return undefined;
  let billing = BUILT.get(stripe);
  if (!billing) {
    const settings = billingSettingsOf({ stripeSecretKey: stripe.secretKey, ...(stripe.baseUrl ? { stripeBaseUrl: stripe.baseUrl } : {}) });
    if (!settings) return undefined;
    billing = stripeBillingOf(settings);
    BUILT.set(stripe, billing);
  }
  return billing;
}

/** Why a job that needs billing did nothing, for its log line. */
export const NO_BILLING = 'no Stripe key is configured (stripe.secretKey, DIDOPS_STRIPE_SECRET_KEY): nothing is rated, pushed or closed until one is';
