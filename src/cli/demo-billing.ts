/**
 * Step 7 of `didops demo`: billing on Stripe, against the Stripe API of the demo's own sandbox. A rate card, an
 * account paying by card and a subscription for the numbers the demo bought are made through the handlers Pulumi and
 * Terraform drive; a month of calls is reported as meter events; a test clock moves the account a month ahead; and
 * the invoice Stripe closes for that month is printed. The walkthrough in docs/billing.md does the same in full.
 */
import type { Billing } from '../billing/billing';
import { connectMeterEventName, minutesMeterEventName } from '../billing/rate-card-keys';
import { rateCall, type CallToRate, type RateCard } from '../billing/rating';
import { createStripeClient, stripeBilling, type StripeClient } from '../billing/stripe';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostics';
import { formatMoney, money } from '../core/money';
import { createBillingAccountHandler } from '../resources/billing-account';
import { createBillingSubscriptionHandler } from '../resources/billing-subscription';
import { createRateCardHandler } from '../resources/rate-card';
import type { RunningSandbox } from '../sandbox/server';
import { demoTable } from './demo-table';
import type { PrintLine } from './io';

/** What the demo charges: US local numbers, calls to +1 per second in whole minutes, a connect fee. */
const DEMO_CARD = {
  currency: 'USD',
  numbers: [{ country: 'US', type: 'local', setupFee: 100, monthlyPrice: 115 }],
  minutes: { increment: '60/60', connectFee: '0.5', rates: [{ direction: 'outbound', prefix: '1', perMinute: '1.3', description: 'Calls to the US and Canada' }] },
};

/** The account billed: a New York company (the state's sales tax applies) paying with Stripe's test Visa. */
const DEMO_ACCOUNT = { name: 'Acme Inc', address: { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' }, currency: 'USD', defaultPaymentMethod: 'pm_card_visa' };

/** The month billed, on the account's test clock: November 2026, invoiced on December 1. */
const MONTH_START = Date.UTC(2026, 10, 1) / 1000;
const MONTH_END = Date.UTC(2026, 11, 1) / 1000;

/** A month of calls from the numbers, seconds answered: a few per number, one unanswered. */
const CALL_SECONDS = [754, 95, 1802, 0, 312];

/** Runs step 7 against the demo's sandbox, billing `numbers` (E.164, US local), printing with `print`. */
export async function demoBilling(sandbox: RunningSandbox, numbers: readonly string[], print: PrintLine): Promise<void> {
  print('\n7. Billing on Stripe (the sandbox serves its API too): a rate card, an account and a subscription for the numbers bought above');
  const stripe = createStripeClient({ secretKey: sandbox.stripeSecretKey, baseUrl: sandbox.stripeBaseUrl });
  const billing = stripeBilling(stripe);

  const cards = createRateCardHandler({ billing });
  const cardInputs = inputsOf(await cards.check({ news: { key: 'demo', card: DEMO_CARD } }));
  const card = await cards.create({ inputs: cardInputs, preview: false, identity: { type: 'didops:index:RateCard', name: 'demo' } });
  print('   Rate card "demo": Stripe prices by lookup key (a minute of 1.3 ¢ is billed per second)');
  print(demoTable(Object.entries(card.outputs.priceTerms)));

  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: MONTH_START, name: 'didops demo' });
  const customerId = await accountInClock(billing, clock.id);
  print(`   Account ${DEMO_ACCOUNT.name} (New York), paying with ${DEMO_ACCOUNT.defaultPaymentMethod}, on a test clock at ${day(MONTH_START)}`);

  const subscriptions = createBillingSubscriptionHandler({ billing });
  const checked = inputsOf(await subscriptions.check({ news: { account: customerId, rateCard: card.id, numbers: numbers.map((e164) => ({ e164 })) } }));
  const subscription = await subscriptions.create({ inputs: checked, preview: false, identity: { type: 'didops:index:BillingSubscription', name: 'demo' } });
  print(`   Subscription for ${numbers.join(' and ')}: ${Object.keys(subscription.outputs.items).length} items (the numbers, the minutes, the connect fee)`);

  await advance(stripe, clock.id, MONTH_END - 3600);
  const reported = await reportCalls(stripe, cardInputs.card, card.id, customerId);
  await advance(stripe, clock.id, MONTH_END + 2 * 3600);
  print(`   Reported ${reported} answered calls of November as meter events; moved the test clock to ${day(MONTH_END)} 02:00, past the invoice's grace hour`);

  const invoices = await stripe.invoices.list({ customer: customerId, limit: 10 });
  const first = invoices.data.find((i) => i.billing_reason === 'subscription_create');
  const invoice = invoices.data.find((i) => i.billing_reason === 'subscription_cycle');
  if (!first || !invoice) throw new Error('the test clock reached December 1 but the sandbox made no first or renewal invoice');
  print(`   The first invoice, of ${day(MONTH_START)}: each number's setup fee and November's numbers, ${usd(first.total)}, ${first.status}`);
  const lines = await stripe.invoices.listLineItems(invoice.id!, { limit: 100 });
  print(`\n   The invoice of ${day(MONTH_END)}: November's minutes (billed after the month) and December's numbers (before it)`);
  print(demoTable([
    ['line', 'amount'.padStart(7), 'tax'.padStart(7)],
    ...lines.data.map((line) => [line.description ?? '', amount(line.amount), amount(taxOf(line.taxes))]),
    ['Subtotal', amount(invoice.subtotal), ''],
    ['Tax (New York sales tax, per line)', amount(taxOf(invoice.total_taxes)), ''],
    ['Total', amount(invoice.total), ''],
  ]));
  print(`   Status: ${invoice.status}, ${usd(invoice.amount_paid)} charged to the card. docs/billing.md works an invoice like it out line by line.`);
}

/** The account, made by the BillingAccount handler on the test clock (`testClock`), with its tax and card. */
async function accountInClock(billing: Billing, clockId: string): Promise<string> {
  const accounts = createBillingAccountHandler({ billing });
  const declared = inputsOf(await accounts.check({ news: { ...DEMO_ACCOUNT, testClock: clockId } }));
  const { id } = await accounts.create({ inputs: declared, preview: false, identity: { type: 'didops:index:BillingAccount', name: 'demo' } });
  return id;
}

/** Rates the month's calls and reports each answered one: its billable seconds, and one connect. Returns how many. */
async function reportCalls(stripe: StripeClient, card: RateCard, cardKey: string, customerId: string): Promise<number> {
  let answered = 0;
  for (const [n, seconds] of CALL_SECONDS.entries()) {
    const call: CallToRate = { direction: 'outbound', otherParty: `+1212555${String(100 + n).padStart(4, '0')}`, durationSeconds: seconds };
    const rated = rateCall(card, call);
    if (rated.kind !== 'rated' || !rated.answered) continue;
    const payload = { stripe_customer_id: customerId };
    const timestamp = MONTH_START + (n + 1) * 86_400;
    const identifier = `${customerId}-call-${n}`;
    await stripe.billing.meterEvents.create({ event_name: minutesMeterEventName(cardKey, rated.rateClass), payload: { ...payload, value: String(rated.billableSeconds) }, identifier, timestamp });
    await stripe.billing.meterEvents.create({ event_name: connectMeterEventName(cardKey), payload, identifier: `${identifier}-connect`, timestamp });
    answered += 1;
  }
  return answered;
}

/** Advances a test clock and waits until it is ready (Stripe answers `advancing` and does the work afterwards). */
async function advance(stripe: StripeClient, clockId: string, frozenTime: number): Promise<void> {
  let clock = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  while (clock.status === 'advancing') {
    await new Promise((resolve) => setTimeout(resolve, 10));
    clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  }
  if (clock.status !== 'ready') throw new Error(`the test clock ${clockId} ended ${clock.status}`);
}

/** The inputs of a check that passed; its problems as an error otherwise (the demo's own data always passes). */
function inputsOf<T>(checked: { inputs?: T; failures: readonly Diagnostic[] }): T {
  if (!checked.inputs) throw new Error(checked.failures.map(formatDiagnostic).join('\n'));
  return checked.inputs;
}

/** Cents as dollars: `$1.15`. */
function usd(cents: number): string {
  return formatMoney(money(cents, 'USD'), { locale: 'en-US' });
}

/** An amount for the table, right-aligned (demoTable pads to the left). */
function amount(cents: number): string {
  return usd(cents).padStart(7);
}

/** Sum of a line's or an invoice's taxes. */
function taxOf(taxes: readonly { amount: number }[] | null): number {
  return (taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0);
}

/** The UTC day of a unix time. */
function day(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}
