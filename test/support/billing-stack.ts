/**
 * Test harness for stacks with billing resources: the rate card and account the stories share, as Pulumi arguments
 * and as HCL, and the `didops:*` configuration and DIDOPS_* environment that point a provider at the sandbox.
 */
import type { StripeClient } from '../../src/billing/stripe/client';
import type { RunningSandbox } from '../../src/sandbox/server';

/** A small rate card: US local numbers (setup fee and monthly price) and outbound minutes to +1. */
export const RETAIL_CARD_YAML = `currency: USD
numbers:
  - { country: US, type: local, setupFee: 100, monthlyPrice: 115 }
minutes:
  increment: "60/60"
  rates:
    - { direction: outbound, prefix: "1", perMinute: "1.3" }
`;

/** The account the stories bill: a New York company paying in USD by card. */
export const ACME_ACCOUNT = {
  name: 'Acme Inc',
  email: 'billing@acme.example',
  address: { line1: '1 Main St', city: 'New York', state: 'NY', postalCode: '10001', country: 'US' },
  currency: 'USD',
  defaultPaymentMethod: 'pm_card_visa',
};

/** HCL of the card and the account: `didops_rate_card.retail`, `didops_billing_account.acme`. */
export const RETAIL_AND_ACME_HCL = `resource "didops_rate_card" "retail" {
  key  = "retail"
  card = <<-YAML
${RETAIL_CARD_YAML.replace(/^/gm, '    ').trimEnd()}
  YAML
}

resource "didops_billing_account" "acme" {
  key     = "acme"
  name    = "${ACME_ACCOUNT.name}"
  email   = "${ACME_ACCOUNT.email}"
  address = { line1 = "1 Main St", city = "New York", state = "NY", postal_code = "10001", country = "US" }
  currency = "USD"
  default_payment_method = "pm_card_visa"
}
`;

/** The `didops:*` keys for Stripe at `sandbox` (the secret key is to be sent as a secret). */
export function stripeConfig(sandbox: RunningSandbox): Record<string, string> {
  return { 'didops:stripeSecretKey': sandbox.stripeSecretKey, 'didops:stripeBaseUrl': sandbox.stripeBaseUrl };
}

/** The DIDOPS_* variables a Terraform user sets for Stripe at `sandbox`. */
export function stripeEnv(sandbox: RunningSandbox): Record<string, string> {
  return { DIDOPS_STRIPE_SECRET_KEY: sandbox.stripeSecretKey, DIDOPS_STRIPE_BASE_URL: sandbox.stripeBaseUrl };
}

/** How many of each Stripe object the account holds, counted through the official SDK. */
export interface StripeObjectCounts {
  customers: number;
  products: number;
  prices: number;
  meters: number;
  subscriptions: number;
  invoiceItems: number;
}

/** What a stack of the retail card, one account and one subscription for one number leaves on Stripe. */
export const ONE_OF_EACH: StripeObjectCounts = {
  customers: 1,
  // A product per invoice line (US local numbers, outbound minutes to +1), with a monthly, a setup and a metered price.
  products: 2,
  prices: 3,
  meters: 1,
  subscriptions: 1,
  // The number's setup fee.
  invoiceItems: 1,
};

/** Counts every customer, product, price, meter, subscription (whatever its status) and invoice item. */
export async function stripeObjects(stripe: StripeClient): Promise<StripeObjectCounts> {
  const count = async (items: AsyncIterable<unknown>) => {
    let n = 0;
    for await (const _ of items) n++;
    return n;
  };
  return {
    customers: await count(stripe.customers.list({ limit: 100 })),
    products: await count(stripe.products.list({ limit: 100 })),
    prices: await count(stripe.prices.list({ limit: 100 })),
    meters: await count(stripe.billing.meters.list({ limit: 100 })),
    subscriptions: await count(stripe.subscriptions.list({ limit: 100, status: 'all' })),
    invoiceItems: await count(stripe.invoiceItems.list({ limit: 100 })),
  };
}
