/**
 * A month of billing against the didops sandbox (docs/billing.md, "A month of billing, step by step"): the rate card
 * in rate-card.yaml, an account in New York with $10.00 of prepaid credit, a subscription for three numbers, April's
 * calls rated and reported as meter events, and the invoice the sandbox closes when a test clock reaches May 1.
 *
 *   npx didops sandbox                              # in one terminal
 *   npx tsx examples/billing/month-of-billing.ts    # in another
 *
 * DIDOPS_STRIPE_BASE_URL and DIDOPS_STRIPE_SECRET_KEY point it elsewhere (the defaults are the sandbox's). Each run
 * makes a new test clock and account, so it prints the same invoice every time. It imports didops' entry point from
 * the source (`../../src`), so it runs from a checkout without a build; in your own project, import from "didops".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectMeterEventName,
  createBillingAccountHandler,
  createBillingSubscriptionHandler,
  createRateCardHandler,
  createStripeClient,
  formatMoney,
  loadRateCard,
  minutesMeterEventName,
  money,
  rateCall,
  ratePeriod,
  stripeBilling,
  type CallToRate,
} from '../../src';

const baseUrl = process.env.DIDOPS_STRIPE_BASE_URL ?? 'http://127.0.0.1:4010';
const secretKey = process.env.DIDOPS_STRIPE_SECRET_KEY ?? 'sk_test_didops_sandbox_4eC39HqLyjWDarjtT1zdp7dc';

/** A call of April as a carrier's call record gives it: when, which way, the other party, seconds answered. */
interface AprilCall extends CallToRate {
  readonly id: string;
  readonly startedAt: string;
}

// prettier-ignore
const APRIL_CALLS: readonly AprilCall[] = [
  { id: 'call-01', startedAt: '2026-04-02T15:04:00Z', direction: 'outbound', otherParty: '+12125550147', durationSeconds: 754 },
  { id: 'call-02', startedAt: '2026-04-03T09:30:00Z', direction: 'inbound',  otherParty: '+13105550111', durationSeconds: 300 },
  { id: 'call-03', startedAt: '2026-04-07T11:12:00Z', direction: 'outbound', otherParty: '+442079460123', durationSeconds: 421 },
  { id: 'call-04', startedAt: '2026-04-09T16:45:00Z', direction: 'outbound', otherParty: '+13125550199', durationSeconds: 95 },
  { id: 'call-05', startedAt: '2026-04-13T10:00:00Z', direction: 'inbound',  otherParty: '+19175550122', durationSeconds: 1234 },
  { id: 'call-06', startedAt: '2026-04-14T14:20:00Z', direction: 'outbound', otherParty: '+14155550123', durationSeconds: 12 },
  { id: 'call-07', startedAt: '2026-04-16T08:05:00Z', direction: 'outbound', otherParty: '+16175550100', durationSeconds: 0 },
  { id: 'call-08', startedAt: '2026-04-20T13:50:00Z', direction: 'inbound',  otherParty: '+33142685300', durationSeconds: 45 },
  { id: 'call-09', startedAt: '2026-04-22T17:30:00Z', direction: 'outbound', otherParty: '+447700900123', durationSeconds: 63 },
  { id: 'call-10', startedAt: '2026-04-27T09:15:00Z', direction: 'inbound',  otherParty: '+14155550188', durationSeconds: 3 },
  { id: 'call-11', startedAt: '2026-04-29T15:00:00Z', direction: 'outbound', otherParty: '+12125550147', durationSeconds: 1802 },
];

async function main(): Promise<void> {
  const stripe = createStripeClient({ secretKey, baseUrl });
  const billing = stripeBilling(stripe);

  // 1. The rate card, checked (each problem with its line) and made into Stripe products, prices and meters.
  const cardText = readFileSync(join(__dirname, 'rate-card.yaml'), 'utf8');
  const { card } = loadRateCard(cardText);
  if (!card) throw new Error('rate-card.yaml does not pass checkRateCard');
  const rateCards = createRateCardHandler({ billing });
  const cardInputs = await checked(rateCards.check({ news: { key: 'billing-walkthrough', card: cardText, name: 'Acme Voice' } }));
  const rateCard = await rateCards.create({ inputs: cardInputs, preview: false, identity: { type: 'didops:index:RateCard', name: 'billing-walkthrough' } });
  console.log(`1. Rate card "${rateCard.id}": ${Object.keys(rateCard.outputs.prices).length} prices, ${Object.keys(rateCard.outputs.meters).length} meters`);
  console.log(table(Object.entries(rateCard.outputs.priceTerms)));

  // 2. The account, on a test clock frozen at April 1 (`testClock`: Stripe puts a customer on a clock only when it
  //    creates it), with its address (which picks New York's tax), prepaid credit and card.
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: at('2026-04-01T00:00:00Z'), name: 'billing walkthrough' });
  const accounts = createBillingAccountHandler({ billing });
  const accountInputs = await checked(accounts.check({
    news: {
      name: 'Acme Inc',
      email: 'billing@acme.example',
      address: { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' },
      currency: 'USD',
      prepaidCredit: 1000,
      defaultPaymentMethod: 'pm_card_visa',
      testClock: clock.id,
    },
  }));
  const account = await accounts.create({ inputs: accountInputs, preview: false, identity: { type: 'didops:index:BillingAccount', name: 'acme' } });
  const taxRates = await Promise.all(account.outputs.taxRateIds.map((id) => stripe.taxRates.retrieve(id)));
  const taxNames = taxRates.map((rate) => `${rate.display_name} ${rate.percentage}%`).join(', ');
  console.log(`2. Account Acme Inc, New York: ${taxNames}; prepaid credit ${usd(-account.outputs.balance)}; pays by card`);

  // 3. The subscription: two local numbers and a toll-free one, and the card's metered items.
  const subscriptions = createBillingSubscriptionHandler({ billing });
  const subscriptionInputs = await checked(subscriptions.check({
    news: { account: account.id, rateCard: rateCard.id, numbers: [{ e164: '+14155550100' }, { e164: '+14155550101' }, { e164: '+18885550123' }] },
  }));
  const subscription = await subscriptions.create({ inputs: subscriptionInputs, preview: false, identity: { type: 'didops:index:BillingSubscription', name: 'acme-numbers' } });
  const opening = await stripe.invoices.retrieve(subscription.outputs.latestInvoice!);
  const openingCredit = usd(opening.starting_balance - opening.ending_balance!);
  console.log(`3. Subscription with ${Object.keys(subscription.outputs.items).length} items. Its first invoice bills April's numbers in advance and their setup fees: ${usd(opening.total)}, credit applied ${openingCredit}, ${opening.status}`);

  // 4. April's calls, rated by the card and reported as meter events: billable seconds to the rate class's meter, and
  //    one event per answered call to the connect-fee meter. An event may not be dated after the account's clock.
  await advance(clock.id, at('2026-04-30T23:00:00Z'));
  const rows: string[][] = [['day', 'direction', 'other party', 'answered', 'billed', 'rate class']];
  for (const call of APRIL_CALLS) {
    const rated = rateCall(card, call);
    const seen = [call.startedAt.slice(0, 10), call.direction, call.otherParty, `${call.durationSeconds} s`];
    if (rated.kind === 'unrated') {
      rows.push([...seen, '0 s', `none (${rated.reason})`]);
      continue;
    }
    rows.push([...seen, `${rated.billableSeconds} s`, rated.rateClass]);
    if (!rated.answered) continue; // an unanswered call bills nothing: no seconds, no connect fee
    const payload = { stripe_customer_id: account.id };
    const timestamp = at(call.startedAt);
    await stripe.billing.meterEvents.create({
      event_name: minutesMeterEventName(rateCard.id, rated.rateClass),
      payload: { ...payload, value: String(rated.billableSeconds) },
      identifier: `${account.id}-${call.id}-seconds`,
      timestamp,
    });
    await stripe.billing.meterEvents.create({ event_name: connectMeterEventName(rateCard.id), payload, identifier: `${account.id}-${call.id}-connect`, timestamp });
  }
  console.log(`4. April's calls, rated (${card.minutes!.increment.initial}/${card.minutes!.increment.subsequent} s blocks, at least ${card.minutes!.minimumSeconds} s) and reported as meter events:`);
  console.log(table(rows));

  // 5. May 1: the period closes and the invoice is drafted; an hour later it is finalized and charged.
  await advance(clock.id, at('2026-05-01T02:00:00Z'));
  const invoices = await stripe.invoices.list({ customer: account.id, limit: 10 });
  const may = invoices.data.find((invoice) => invoice.billing_reason === 'subscription_cycle');
  if (!may) throw new Error('the test clock reached May 1 but no renewal invoice was made');
  const lines = await stripe.invoices.listLineItems(may.id!, { limit: 100 });
  console.log('5. The invoice of May 1:');
  console.log(table([
    ['line', 'period', 'amount', 'tax'],
    ...lines.data.map((line) => [line.description ?? '', `${day(line.period.start)} to ${day(line.period.end)}`, usd(line.amount), usd(taxOf(line.taxes))]),
    ['Subtotal', '', usd(may.subtotal), ''],
    [`Tax (${taxNames})`, '', usd(taxOf(may.total_taxes)), ''],
    ['Total', '', usd(may.total), ''],
    ['Credit applied (what April left of the $10.00)', '', usd(may.starting_balance - may.ending_balance!), ''],
    ['Charged to the card', '', usd(may.amount_paid), ''],
  ]));
  console.log(`   Status: ${may.status}. didops' own rating of the calls (ratePeriod) comes to ${usd(ratePeriod(card, APRIL_CALLS).total.amountMinor)}, as the usage lines do.`);
  console.log(`Invoice total: ${usd(may.total)}`);

  /** Advances the clock and waits until it is ready: Stripe answers `advancing` at once and does the work after. */
  async function advance(clockId: string, frozenTime: number): Promise<void> {
    let state = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
    while (state.status === 'advancing') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await stripe.testHelpers.testClocks.retrieve(clockId);
    }
    if (state.status !== 'ready') throw new Error(`test clock ${clockId} ended ${state.status}`);
  }
}

/** Unix seconds of an ISO instant. */
function at(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** Cents as dollars: `$1.15`. */
function usd(cents: number): string {
  return formatMoney(money(cents, 'USD'), { locale: 'en-US' });
}

/** The day of a unix time, UTC. */
function day(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}

/** Sum of an invoice's or a line's taxes. */
function taxOf(taxes: readonly { amount: number }[] | null): number {
  return (taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0);
}

/** Rows as indented columns; the amounts (`$…`) right-aligned. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const cell = (text: string, i: number) => (text.startsWith('$') || text.startsWith('-$') ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  return rows.map((row) => `     ${row.map(cell).join('  ')}`.trimEnd()).join('\n');
}

/** The inputs of a check that passed; the check's problems as an error otherwise. */
async function checked<T>(check: Promise<{ inputs?: T; failures: readonly { field?: string; summary: string }[] }>): Promise<T> {
  const result = await check;
  if (!result.inputs) throw new Error(result.failures.map((f) => `${f.field ? `${f.field}: ` : ''}${f.summary}`).join('\n'));
  return result.inputs;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
