# The support line from didops' README, in HCL: an emergency address and a San Francisco number whose digits
# spell HELP, answering at a webhook and registered at the address. See README.md in this folder to run it
# against the didops sandbox.

terraform {
  required_version = ">= 1.6"
  required_providers {
    didops = {
      source  = "didops/didops"
      version = "0.1.0"
    }
  }
}

# Credentials come from DIDOPS_TWILIO_ACCOUNT_SID and DIDOPS_TWILIO_AUTH_TOKEN; the sandbox URL from
# DIDOPS_TWILIO_BASE_URL (leave it unset to talk to Twilio itself).
provider "didops" {}

variable "area_code" {
  description = "Area code of the support number; changing it replaces the number."
  type        = string
  default     = "415"
}

variable "vanity" {
  description = "Letters (or digits) the number must contain on the keypad; empty for any number."
  type        = string
  default     = "HELP"
}

variable "support_name" {
  description = "Name of the support number in the Twilio console; changing it updates the number in place."
  type        = string
  default     = "Support line"
}

resource "didops_emergency_address" "hq" {
  key           = "hq"
  customer_name = "Acme Inc"
  street        = "1 Main St"
  city          = "San Francisco"
  region        = "CA"
  postal_code   = "94105"
  country       = "US"
}

resource "didops_phone_number" "support" {
  # Names this purchase among the numbers your configurations manage, so an apply interrupted after Twilio sold
  # the number takes it over next time instead of buying a second one.
  key = "support"

  search = {
    country      = "US"
    type         = "local"
    area_code    = var.area_code
    contains     = var.vanity != "" ? var.vanity : null
    capabilities = ["voice"]
  }
  friendly_name     = var.support_name
  voice             = { url = "https://example.com/voice" }
  emergency_address = didops_emergency_address.hq.sid
}

output "support_number" {
  value = didops_phone_number.support.e164
}

output "support_monthly_price" {
  description = "Monthly rental in minor units of the currency (115 = 1.15 USD)."
  value       = "${didops_phone_number.support.monthly_price} ${didops_phone_number.support.currency}"
}
