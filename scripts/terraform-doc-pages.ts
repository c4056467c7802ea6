/**
 * The hand-written parts of the Terraform reference pages (scripts/generate-terraform-docs.ts): an example for every
 * resource and data source, import instructions for every resource, and the provider page's examples. Everything
 * else on the pages comes from the provider's schemas.
 */
/** Hand-written parts of a page: the schemas say what an attribute is, these show how it is used. */
export interface HandWritten {
  /** HCL for "Example Usage", consistent with examples/terraform/main.tf. */
  readonly example: string;
  /** Markdown for "Import" (resources only). */
  readonly importing?: string;
}

const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    didops = {
      source  = "didops/didops"
      version = "0.1.0"
    }
  }
}`;

export const PROVIDER_EXAMPLE = `${REQUIRED_PROVIDERS}

# Everything from the environment: DIDOPS_TWILIO_ACCOUNT_SID, DIDOPS_TWILIO_AUTH_TOKEN and, for the didops sandbox,
# DIDOPS_TWILIO_BASE_URL (leave it unset to talk to Twilio).
provider "didops" {}`;

export const PROVIDER_EXPLICIT_EXAMPLE = `variable "twilio_account_sid" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}

provider "didops" {
  twilio_account_sid = var.twilio_account_sid
  twilio_auth_token  = var.twilio_auth_token
  # twilio_base_url  = "http://127.0.0.1:4010" # the didops sandbox; unset means Twilio
  ownership_scope = "acme-telephony-prod" # unique per configuration sharing the Twilio account
}`;

const EMERGENCY_ADDRESS_HCL = `resource "didops_emergency_address" "hq" {
  key           = "hq"
  customer_name = "Acme Inc"
  street        = "1 Main St"
  city          = "San Francisco"
  region        = "CA"
  postal_code   = "94105"
  country       = "US"
}`;

/** The Import section of a resource: `intro`, the shell commands for each id, the `import` block, then `after`. */
function importSection(section: { intro: string; address: string; ids: readonly string[]; blockId?: string; after: string }): string {
  return [
    section.intro,
    '',
    '```shell',
    ...section.ids.map((id) => `terraform import ${section.address} ${id}`),
    '```',
    '',
    'or, with Terraform 1.5 and later, with an `import` block:',
    '',
    '```terraform',
    'import {',
    `  to = ${section.address}`,
    `  id = "${section.blockId ?? section.ids[0]}"`,
    '}',
    '```',
    '',
    section.after,
  ].join('\n');
}

/** The hand-written parts, by type name. Every resource and data source must have an entry. */
export const PAGES: Record<string, HandWritten> = {
  didops_phone_number: {
    example: `${EMERGENCY_ADDRESS_HCL}

# The first available 415 number that spells HELP and takes calls, bought once and then kept.
resource "didops_phone_number" "support" {
  key = "support"

  search = {
    country      = "US"
    type         = "local"
    area_code    = "415"
    contains     = "HELP"
    capabilities = ["voice"]
  }
  friendly_name     = "Support line"
  voice             = { url = "https://example.com/voice" }
  emergency_address = didops_emergency_address.hq.sid
}

# One number per region: every instance needs its own key.
resource "didops_phone_number" "sales" {
  for_each = {
    east = "NY"
    west = "CA"
  }

  key = "sales-\${each.key}"
  search = {
    country      = "US"
    region       = each.value
    capabilities = ["voice", "sms"]
  }
  friendly_name = "Sales \${each.key}"
}

output "support_number" {
  value = didops_phone_number.support.e164
}`,
    importing: importSection({
      intro: 'A number the account already owns is imported by its SID or by its E.164 form, exactly as Twilio shows it:',
      address: 'didops_phone_number.support',
      ids: ['PN0123456789abcdef0123456789abcdef', '+14155550100'],
      blockId: '+14155550100',
      after:
        'The imported state has `number` set to the number\'s E.164 form and the settings Twilio reports (name, voice webhooks, trunk, addresses, bundle); ' +
          'write them in the configuration, with `number = "+14155550100"`, for an empty plan. Nothing is bought and the FriendlyName is left as it is. ' +
          'The state\'s `key` is the SID until the next change records the configured one; a key only matters when a resource is created.',
    }),
  },

  didops_emergency_address: {
    example: `${EMERGENCY_ADDRESS_HCL}

resource "didops_phone_number" "support" {
  key               = "support"
  search            = { country = "US", area_code = "415", capabilities = ["voice"] }
  emergency_address = didops_emergency_address.hq.sid
}

output "hq_verified" {
  value = didops_emergency_address.hq.verified
}`,
    importing: importSection({
      intro: 'An address the account already has is imported by its SID:',
      address: 'didops_emergency_address.hq',
      ids: ['AD0123456789abcdef0123456789abcdef'],
      after:
        'The state\'s `key` is the SID until the next change records the configured one; a key only matters when a resource is created.',
    }),
  },

  didops_routing_plan: {
    example: `# support.yaml holds one plan, bare (start:, steps:) or as the only entry of plans:
resource "didops_routing_plan" "support" {
  key  = "support"
  plan = file("\${path.module}/support.yaml")
}

# A small plan written in HCL: jsonencode gives the provider the JSON text of the plan.
resource "didops_routing_plan" "after_hours" {
  key = "after-hours"
  plan = jsonencode({
    start = "closed"
    steps = {
      closed    = { type = "say", message = "We are closed. Please leave a message.", next = "voicemail" }
      voicemail = { type = "voicemail", greeting = "Speak after the tone." }
    }
  })
  friendly_name = "After hours"
}

# The number's calls go to the plan's Studio flow.
resource "didops_phone_number" "support" {
  key          = "support"
  search       = { country = "US", area_code = "415", capabilities = ["voice"] }
  routing_plan = didops_routing_plan.support.sid
}

output "support_flow" {
  value = didops_routing_plan.support.webhook_url
}`,
    importing: importSection({
      intro: 'A Studio flow the account already has (built in the console, say) is imported by its SID:',
      address: 'didops_routing_plan.support',
      ids: ['FW0123456789abcdef0123456789abcdef'],
      after:
        'A flow cannot be read back into a plan, so the imported state has no `plan`: the next apply publishes the configured plan on the same flow, as a new revision. ' +
          'Numbers that point at the flow keep their webhook, which makes import the way to move a hand-built flow under didops without touching its numbers. ' +
          'The flow keeps its FriendlyName (no ownership marker is added), and the plan goes by that name in the flow’s description.',
    }),
  },

  didops_rate_card: {
    example: `# retail.yaml (docs/billing.md; schemas/rate-card.schema.json checks it in an editor):
#   currency: USD
#   numbers:
#     - { country: US, type: local, setupFee: 100, monthlyPrice: 115 }
#   minutes:
#     increment: "60/60"
#     rates:
#       - { direction: outbound, prefix: "1", perMinute: "1.3" }
resource "didops_rate_card" "retail" {
  key  = "retail"
  card = file("\${path.module}/retail.yaml")
  name = "Acme Voice"
}

# A small card written in HCL: jsonencode gives the provider the JSON text of the card.
resource "didops_rate_card" "wholesale" {
  key = "wholesale"
  card = jsonencode({
    currency = "USD"
    numbers  = [{ country = "US", type = "tollFree", setupFee = 0, monthlyPrice = 200 }]
    minutes = {
      increment = "6/6"
      rates = [{ direction = "inbound", prefix = "1", tiers = { mode = "graduated", steps = [{ upTo = 10000, perMinute = "0.9" }, { upTo = "inf", perMinute = "0.6" }] } }]
    }
  })
  migration = "now"
}

output "retail_prices" {
  value = didops_rate_card.retail.prices
}`,
    importing: importSection({
      intro: 'A card didops made before (in another configuration, or a Pulumi stack) is imported by its card key; the card is read back from its active prices:',
      address: 'didops_rate_card.retail',
      ids: ['retail'],
      after:
        'Write the card the import reports (`terraform state show`) into your YAML file for an empty plan.',
    }),
  },

  didops_billing_account: {
    example: `resource "didops_billing_account" "acme" {
  key   = "acme"
  name  = "Acme Inc"
  email = "billing@acme.example"
  address = {
    line1       = "1 Main St"
    city        = "New York"
    state       = "NY"
    postal_code = "10001"
    country     = "US"
  }
  currency               = "USD"
  prepaid_credit         = 5000 # $50.00, granted once
  payment_method_types   = ["card", "us_bank_account"]
  default_payment_method = "pm_card_visa" # a Stripe test token; a pm_… id in live mode
}

resource "didops_billing_account" "berlin" {
  key              = "berlin"
  name             = "Beispiel GmbH"
  address          = { line1 = "Unter den Linden 1", city = "Berlin", postal_code = "10117", country = "DE" }
  tax_ids          = [{ type = "eu_vat", value = "DE123456789" }]
  currency         = "EUR"
  business_country = "FR" # reverse charged: a German business buying from a French seller
}

output "acme_customer" {
  value = didops_billing_account.acme.customer_id
}`,
    importing: importSection({
      intro: 'A Stripe customer is imported by its id:',
      address: 'didops_billing_account.acme',
      ids: ['cus_Q3XyZ0123456789'],
      after:
        'The state\'s `key` is the customer id until the next change records the configured one; a key only matters when a resource is created.',
    }),
  },

  didops_billing_subscription: {
    example: `resource "didops_phone_number" "support" {
  key    = "support"
  search = { country = "US", area_code = "415" }
}

resource "didops_phone_number" "sales" {
  key    = "sales"
  search = { country = "US", area_code = "212" }
}

# Two US local numbers: one item at the card's monthly price with quantity 2, the card's minutes items, and each
# number's setup fee once on the next invoice.
resource "didops_billing_subscription" "acme" {
  key       = "acme-numbers"
  account   = didops_billing_account.acme.customer_id
  rate_card = didops_rate_card.retail.card_key
  numbers   = [didops_phone_number.support, didops_phone_number.sales]

  # Optional: the card and the account's currency, so that a number the card does not price fails the plan.
  rate_card_model  = yamldecode(file("\${path.module}/retail.yaml"))
  account_currency = didops_billing_account.acme.currency
}

# Numbers given by E.164 alone: their country and type are read from the digits.
resource "didops_billing_subscription" "lab" {
  key                = "lab"
  account            = didops_billing_account.acme.customer_id
  rate_card          = didops_rate_card.retail.card_key
  numbers            = [{ e164 = "+14155550100" }]
  metered_minutes    = false
  collection_method  = "send_invoice"
  days_until_due     = 30
  proration_behavior = "none"
}

output "acme_subscription" {
  value = didops_billing_subscription.acme.subscription_id
}`,
    importing: importSection({
      intro: 'A subscription whose items are the prices of one rate card is imported by its id:',
      address: 'didops_billing_subscription.acme',
      ids: ['sub_1Q3XyZ0123456789'],
      after:
        'The imported state lists no numbers; the quantities it bills are remembered (`unlisted_quantities`), so the numbers you then list are not charged a setup fee again, up to those quantities.',
    }),
  },

  didops_available_numbers: {
    example: `# The five most memorable 415 numbers with a run of four equal digits.
data "didops_available_numbers" "memorable" {
  country   = "US"
  area_code = "415"
  patterns = {
    sequence = { kind = "repeated", min_length = 4 }
  }
  rank  = "memorability"
  limit = 5
}

output "candidates" {
  value = [for n in data.didops_available_numbers.memorable.numbers : "\${n.phone_number} (\${n.score})"]
}

# Pin the one you choose by writing it down (here the first candidate in the didops sandbox). Do not write
# number = data.didops_available_numbers.memorable.numbers[0].phone_number: the data source is read again on every
# plan, and once the number is bought it is no longer for sale, so the reference would change and replace it.
resource "didops_phone_number" "memorable" {
  key    = "memorable"
  number = "+14157777650"
}`,
  },

  didops_number_pricing: {
    example: `data "didops_number_pricing" "us_local" {
  country = "US"
}

data "didops_number_pricing" "gb_mobile" {
  country = "GB"
  type    = "mobile"
}

# Prices are in minor units: 115 is 1.15 USD.
output "monthly_cents" {
  value = {
    us_local  = data.didops_number_pricing.us_local.monthly_price
    gb_mobile = data.didops_number_pricing.gb_mobile.monthly_price
  }
}`,
  },
};
