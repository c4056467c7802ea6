/**
 * Test harness for stacks with billing resources: the rate card and account the stories share, as Pulumi arguments
 * and as HCL, and the `didops:*` configuration and DIDOPS_* environment that point a provider at the sandbox.
 */

/** A small rate card: US local numbers (setup fee and monthly price) and outbound minutes to +1. */
export const RETAIL_CARD_YAML = `currency: USD
numbers:
  - { country: US, type: local, setupFee: 100, monthlyPrice: 115 }
minutes:
  increment: "60/60"
  rates:
    - { direction: outbound, prefix: "1", perMinute: "1.3" }
`;

/** The account the stories bill: a New York company paying in USD. */
export const ACME_ACCOUNT = {
  name: 'Acme Inc',
  email: 'billing@acme.example',
  address: { line1: '1 Main St', city: 'New York', state: 'NY', postalCode: '10001', country: 'US' },
  currency: 'USD',
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
}
`;

/** The `didops:*` keys for Stripe at `sandbox`, and which are secrets. */
export function stripeConfig(sandbox: { url: string; stripeSecretKey: string }): Record<string, string> {
  return { 'didops:stripeSecretKey': sandbox.stripeSecretKey, 'didops:stripeBaseUrl': sandbox.url };
}

/** The DIDOPS_* variables a Terraform user sets for Stripe at `sandbox`. */
export function stripeEnv(sandbox: { url: string; stripeSecretKey: string }): Record<string, string> {
  return { DIDOPS_STRIPE_SECRET_KEY: sandbox.stripeSecretKey, DIDOPS_STRIPE_BASE_URL: sandbox.url };
}
