/**
 * `RateCard`, `BillingAccount` and `BillingSubscription` for Pulumi programs: typed classes over
 * `pulumi.dynamic.Resource` whose provider runs the same lifecycle handlers as the Terraform provider, against the
 * billing provider the stack configures (`didops:stripeSecretKey`, `didops:stripeBaseUrl`).
 *
 * ```ts
 * const card = new RateCard("retail", { card: readFileSync("retail.yaml", "utf8") });
 * const acme = new BillingAccount("acme", { name: "Acme Inc", email: "billing@acme.example", address: { line1: "1 Main St", city: "New York", state: "NY", postalCode: "10001", country: "US" }, currency: "USD" });
 * const support = new PhoneNumber("support", { search: { country: "US", areaCode: "415" } });
 * new BillingSubscription("acme-numbers", { account: acme.customerId, rateCard: card.cardKey, numbers: [{ e164: support.e164, country: support.country, type: support.type }] });
 * ```
 */
import * as pulumi from '@pulumi/pulumi';
import type { RateCardInput } from '../../src/billing/rating/rate-card';
import { BILLING_ACCOUNT_OUTPUT_FIELDS, type BillingAccountInputsInput } from '../../src/resources/billing-account/model';
import { BILLING_SUBSCRIPTION_OUTPUT_FIELDS, type BillingSubscriptionInputsInput, type SubscriptionItemOutput } from '../../src/resources/billing-subscription/model';
import { RATE_CARD_OUTPUT_FIELDS, type RateCardResourceInputsInput } from '../../src/resources/rate-card/model';
import { dynamicResourceArgs, type DeepInput } from './dynamic-resource';

/** `{ a: T }` with every field, at any depth, a Pulumi Input. */
type DeepInputs<T> = { [K in keyof T]: DeepInput<T[K]> };

/** Arguments of {@link RateCard}; see docs/resources/rate-card.md for each. */
export interface RateCardArgs extends DeepInputs<Omit<RateCardResourceInputsInput, 'card'>> {
  /** The rate card (docs/billing.md): the model object, or its YAML or JSON text (`readFileSync("retail.yaml", "utf8")`). */
  card: DeepInput<RateCardInput> | pulumi.Input<string>;
}

/** Arguments of {@link BillingAccount}; see docs/resources/billing-account.md for each. */
export type BillingAccountArgs = DeepInputs<BillingAccountInputsInput>;

/** Arguments of {@link BillingSubscription}; see docs/resources/billing-subscription.md for each. */
export type BillingSubscriptionArgs = DeepInputs<BillingSubscriptionInputsInput>;

/** A rate card as products, prices and meters on Stripe; subscriptions name it by `cardKey`. */
export class RateCard extends pulumi.dynamic.Resource {
  /** The key its lookup keys and meter event names are made from (the `key` input, else from the resource name); also the id. */
  declare readonly cardKey: pulumi.Output<string>;
  /** The resource identity its Stripe objects carry as `didops_owner` metadata. */
  declare readonly owner: pulumi.Output<string>;
  /** ISO 4217 currency of every price. */
  declare readonly currency: pulumi.Output<string>;
  /** Product id (`prod_…`) per invoice line: `number.<CC>.<type>`, `minutes.<classKey>`, `connect`. */
  declare readonly products: pulumi.Output<Record<string, string>>;
  /** Price id (`price_…`) per lookup key. */
  declare readonly prices: pulumi.Output<Record<string, string>>;
  /** Meter id per meter event name: where billable seconds and answered calls are reported. */
  declare readonly meters: pulumi.Output<Record<string, string>>;
  /** What each lookup key's price charges, in words (`USD 115 per month`). */
  declare readonly priceTerms: pulumi.Output<Record<string, string>>;

  /** Declares a rate card; `pulumi preview` checks every line of it before anything is sent to Stripe. */
  constructor(name: string, args: RateCardArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs('RateCard', name, args, RATE_CARD_OUTPUT_FIELDS, opts));
  }
}

/** A customer on Stripe, with billing address, tax ids, the tax rates of its jurisdiction, prepaid credit and how it pays. */
export class BillingAccount extends pulumi.dynamic.Resource {
  /** The customer id (`cus_…`), also the id: give it to a BillingSubscription's `account`. */
  declare readonly customerId: pulumi.Output<string>;
  /** The resource identity the customer carries as `didops_owner` metadata. */
  declare readonly owner: pulumi.Output<string>;
  /** Tax rates (`txr_…`) of the account's jurisdiction; empty when reverse charged or untaxed. */
  declare readonly taxRateIds: pulumi.Output<string[]>;
  /** EU reverse charge applies: no VAT is charged. */
  declare readonly reverseCharge: pulumi.Output<boolean>;
  /** What the account owes (positive) or holds as credit (negative), in minor units. */
  declare readonly balance: pulumi.Output<number>;
  /** Credit didops has granted in total, in minor units. */
  declare readonly creditGranted: pulumi.Output<number>;
  /** The attached default payment method (`pm_…`), or null. */
  declare readonly paymentMethodId: pulumi.Output<string | null>;

  /** Declares a billing account. */
  constructor(name: string, args: BillingAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs('BillingAccount', name, args, BILLING_ACCOUNT_OUTPUT_FIELDS, opts));
  }
}

/** One Stripe subscription billing an account for its numbers at a rate card's prices, setup fees once per number. */
export class BillingSubscription extends pulumi.dynamic.Resource {
  /** Stripe's subscription id (`sub_…`), also the id. */
  declare readonly subscriptionId: pulumi.Output<string>;
  /** Stripe's status: `active`, `past_due`, `incomplete`, `trialing`, … */
  declare readonly status: pulumi.Output<string>;
  /** Items by lookup key (`didops.<card>.number.US.local.monthly`, `didops.<card>.minutes.<class>`). */
  declare readonly items: pulumi.Output<Record<string, SubscriptionItemOutput>>;
  /** End of the current billing period (ISO 8601, UTC), or null. */
  declare readonly currentPeriodEnd: pulumi.Output<string | null>;
  /** The latest invoice (`in_…`), or null before the first. */
  declare readonly latestInvoice: pulumi.Output<string | null>;
  /** ISO currency of the subscription (the card's). */
  declare readonly currency: pulumi.Output<string>;
  /** Setup fee of each number, by E.164: the invoice item (`ii_…`) that bills it, or the payment (`pi_…`) that paid it. */
  declare readonly setupFees: pulumi.Output<Record<string, string>>;

  /** Declares a subscription; adding or removing numbers later prorates. */
  constructor(name: string, args: BillingSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(...dynamicResourceArgs('BillingSubscription', name, args, BILLING_SUBSCRIPTION_OUTPUT_FIELDS, opts));
  }
}
