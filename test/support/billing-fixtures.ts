/**
 * What billing stories start from, made against the sandbox: a rate card through the RateCard handler (so its prices
 * carry the lookup keys and metadata the resources find them by), and an account made with the SDK as BillingAccount
 * leaves it (its currency and tax rates in metadata, a default payment method), optionally living in a test clock.
 */
import type { Billing } from '../../src/billing/billing';
import { stripeBilling } from '../../src/billing/stripe';
import { ACCOUNT_CURRENCY_METADATA_KEY, ACCOUNT_TAX_RATES_METADATA_KEY } from '../../src/billing/account-terms';
import type { StripeClient } from '../../src/billing/stripe/client';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { createRateCardHandler } from '../../src/resources/rate-card';
import type { RunningSandbox } from '../../src/sandbox/server';
import { sandboxStripe } from './stripe';
import { at } from './stripe-clock';

/** The SDK against the sandbox, and the billing port on it. */
export function sandboxBilling(sandbox: RunningSandbox): { stripe: StripeClient; billing: Billing } {
  const stripe = sandboxStripe(sandbox);
  return { stripe, billing: stripeBilling(stripe) };
}

/** Amounts of a test card, in cents. */
export interface TestCardAmounts {
  readonly localMonthly?: number;
  readonly localSetup?: number;
  readonly tollFreeMonthly?: number;
  readonly tollFreeSetup?: number;
  readonly currency?: string;
}

/** A card pricing US local and toll-free numbers, UK calls per minute and a connect fee. */
export function testCard(amounts: TestCardAmounts = {}) {
  return {
    currency: amounts.currency ?? 'USD',
    numbers: [
      { country: 'US', type: 'local', setupFee: amounts.localSetup ?? 100, monthlyPrice: amounts.localMonthly ?? 120 },
      { country: 'US', type: 'tollFree', setupFee: amounts.tollFreeSetup ?? 200, monthlyPrice: amounts.tollFreeMonthly ?? 300 },
    ],
    minutes: { increment: '6/6', connectFee: '0.5', rates: [{ direction: 'outbound', prefix: '44', perMinute: '0.85', description: 'Calls to the UK' }] },
  };
}

/** Makes (or, with other amounts, changes) the rate card `key` through the RateCard handler; returns its outputs. */
export async function applyRateCard(billing: Billing, key: string, amounts: TestCardAmounts = {}, recorded?: { id: string; state: Record<string, unknown> }) {
  const handler = createRateCardHandler({ billing });
  const checked = await handler.check({ news: { key, card: testCard(amounts) } });
  if (!checked.inputs) throw new Error(`rate card check failed: ${JSON.stringify(checked.failures)}`);
  const identity: ResourceIdentity = { type: 'didops:index:RateCard', name: key, urn: `urn:pulumi:test::billing::didops:index:RateCard::${key}` };
  if (!recorded) {
    const created = await handler.create({ inputs: checked.inputs, preview: false, identity });
    return { id: created.id, state: { ...checked.inputs, ...created.outputs } as Record<string, unknown> };
  }
  const updated = await handler.update({ id: recorded.id, olds: recorded.state as never, news: checked.inputs, preview: false });
  return { id: recorded.id, state: { ...checked.inputs, ...updated.outputs } as Record<string, unknown> };
}

/** What a test account is made with. */
export interface TestAccountOptions {
  readonly currency?: string;
  /** A test payment method token attached and made the default (`pm_card_visa`, …); none when null. */
  readonly paymentMethod?: string | null;
  /** Tax rates applied to its invoices: percentages of exclusive rates made for it. */
  readonly taxPercentages?: readonly number[];
  /** The test clock it lives in. */
  readonly testClock?: string;
}

/** A customer as BillingAccount leaves it; returns its id and the tax rate ids. */
export async function testAccount(stripe: StripeClient, name: string, options: TestAccountOptions = {}): Promise<{ customerId: string; taxRateIds: string[] }> {
  const taxRateIds: string[] = [];
  for (const percentage of options.taxPercentages ?? []) {
    taxRateIds.push((await stripe.taxRates.create({ display_name: 'Sales tax', percentage, inclusive: false, country: 'US', state: 'NY' })).id);
  }
  const customer = await stripe.customers.create({
    name,
    ...(options.testClock ? { test_clock: options.testClock } : {}),
    metadata: { [ACCOUNT_CURRENCY_METADATA_KEY]: options.currency ?? 'USD', [ACCOUNT_TAX_RATES_METADATA_KEY]: taxRateIds.join(',') },
  });
  const token = options.paymentMethod === undefined ? 'pm_card_visa' : options.paymentMethod;
  if (token) {
    const method = await stripe.paymentMethods.attach(token, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });
  }
  return { customerId: customer.id, taxRateIds };
}

/** A test clock frozen at `isoTime`. */
export async function testClockAt(stripe: StripeClient, isoTime: string): Promise<string> {
  return (await stripe.testHelpers.testClocks.create({ frozen_time: at(isoTime) })).id;
}

/** Every item of an auto-paging list. */
export async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of list) out.push(item);
  return out;
}

/** The SDK's requests (method and path) while `run` runs, and how it ended. */
export async function requestsDuring(stripe: StripeClient, run: () => Promise<unknown>): Promise<{ requests: string[]; error?: unknown }> {
  const requests: string[] = [];
  const onRequest = (event: { method: string; path: string }) => requests.push(`${event.method} ${event.path}`);
  stripe.on('request', onRequest);
  try {
    await run();
    return { requests };
  } catch (error) {
    return { requests, error };
  } finally {
    stripe.off('request', onRequest);
  }
}
