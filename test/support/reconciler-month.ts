/**
 * A month of billing for the reconciler's stories, made the way an operator makes it: numbers bought at the sandbox's
 * Twilio and Telnyx, a rate card, accounts and subscriptions made through the RateCard, BillingAccount and
 * BillingSubscription handlers (the customers on one Stripe test clock), a month of generated traffic, and the
 * accounts registered in the reconciler's database.
 *
 * Beside it, what the month must cost, worked out INDEPENDENTLY of didops' rating: a plain re-implementation over the
 * carriers' raw call records and the card as written (longest prefix, increment and minimum, Stripe's per-second price
 * rounded up at 12 decimals, graduated tiers over the period, one half-up rounding per line, tax per line), so a
 * rating bug cannot hide by being computed twice the same way.
 */
import Decimal from 'decimal.js';
import type { Kysely } from 'kysely';
import type { Billing } from '../../src/billing/billing';
import type { CallRecord, Carrier } from '../../src/carriers/carrier';
import { purchaseTag } from '../../src/carriers/ownership-marker';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import type { ReconcilerConfigInput } from '../../src/reconciler/config/schema';
import type { Database } from '../../src/reconciler/db/database';
import { configuredCarriers } from '../../src/reconciler/ingest/carriers';
import { reconcilerConfigSchema } from '../../src/reconciler/config/schema';
import { createBillingAccountHandler } from '../../src/resources/billing-account';
import { createBillingSubscriptionHandler } from '../../src/resources/billing-subscription';
import { createRateCardHandler } from '../../src/resources/rate-card';
import type { StripeClient } from '../../src/billing/stripe/client';
import { sandboxBilling } from './billing-fixtures';
import { startTestSandbox, type TestSandbox } from './sandbox';
import { sandboxTelnyxCarrier } from './telnyx';
import { advanceClock } from './stripe-clock';

/** The card the month is billed on, as an operator writes it (the independent rating reads this object, not didops'). */
export const MONTH_CARD = {
  currency: 'USD',
  numbers: [{ country: 'US', type: 'local', setupFee: 100, monthlyPrice: 115 }],
  minutes: {
    increment: '6/6',
    minimumSeconds: 12,
    connectFee: '0.5',
    rates: [
      { direction: 'inbound', prefix: '1', perMinute: '0.9', description: 'Calls from the US and Canada' },
      { direction: 'outbound', prefix: '1', description: 'Calls to the US and Canada', tiers: { mode: 'graduated', steps: [{ upTo: 2000, perMinute: '1.3' }, { upTo: 'inf', perMinute: '1.1' }] } },
      { direction: 'outbound', prefix: '1212', perMinute: '1', description: 'Calls to New York City' },
      { direction: 'outbound', prefix: '44', perMinute: '2.4', description: 'Calls to the UK' },
      { direction: 'inbound', prefix: '44', perMinute: '0.6', description: 'Calls from the UK' },
    ],
  },
} as const;

/** The accounts, in order: where each is (New York's 4% state sales tax applies to the second; Oregon and Delaware have none). */
const ACCOUNTS = [
  { key: 'acme', name: 'Acme Inc', address: { line1: '1 SW Main St', city: 'Portland', state: 'OR', postalCode: '97204', country: 'US' }, taxPercent: '0' },
  { key: 'globex', name: 'Globex LLC', address: { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' }, taxPercent: '4' },
  { key: 'initech', name: 'Initech Corp', address: { line1: '1000 N King St', city: 'Wilmington', state: 'DE', postalCode: '19801', country: 'US' }, taxPercent: '0' },
] as const;

const TWILIO_AREA_CODES = ['415', '212', '312', '617', '305', '206', '512', '303', '404', '702'];

/** What a month story is made of. */
export interface MonthOptions {
  /** First instant of the month billed (UTC), e.g. `2027-03-01T00:00:00Z`; the month runs to the same day next month. */
  readonly start: string;
  readonly twilioNumbers: number;
  readonly telnyxNumbers: number;
  /** How many accounts share the numbers (1 to 3). */
  readonly accounts: number;
  readonly callsPerNumberPerDay: number;
  /** The rate card's key (its meters are named by it). */
  readonly cardKey: string;
}

/** One billed account. */
export interface MonthAccount {
  readonly customerId: string;
  readonly name: string;
  /** Exclusive tax percentage of its jurisdiction, as the tax table has it. */
  readonly taxPercent: string;
  readonly numbers: readonly { readonly e164: string; readonly carrier: 'twilio' | 'telnyx' }[];
}

/** A month ready to be billed. */
export interface Month {
  readonly t: TestSandbox;
  readonly stripe: StripeClient;
  readonly billing: Billing;
  readonly clockId: string;
  readonly cardKey: string;
  readonly start: Date;
  readonly end: Date;
  readonly accounts: readonly MonthAccount[];
  /** The reconciler's configuration of the carriers and Stripe, pointing at the sandbox. */
  readonly config: Pick<ReconcilerConfigInput, 'carriers' | 'stripe'>;
  close(): Promise<void>;
}

/** Buys the numbers, makes the card, accounts and subscriptions at the month's start, and generates its traffic. */
export async function setUpMonth(options: MonthOptions): Promise<Month> {
  const start = new Date(options.start);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()));
  // The sandbox's clock stands a day before the month: the numbers are owned from then, orders complete at once.
  const bought = start.getTime() - 86_400_000;
  const t = await startTestSandbox({ now: () => bought, telnyx: { orderDelayMs: 0 } });
  try {
    const numbers: { e164: string; carrier: 'twilio' | 'telnyx' }[] = [];
    for (let i = 0; i < options.twilioNumbers; i++) {
      const areaCode = TWILIO_AREA_CODES[i % TWILIO_AREA_CODES.length]!;
      numbers.push({ e164: (await t.client.incomingPhoneNumbers.create({ areaCode })).phoneNumber, carrier: 'twilio' });
    }
    if (options.telnyxNumbers > 0) {
      const telnyx = sandboxTelnyxCarrier(t.sandbox);
      const offers = (await telnyx.available.search({ isoCountry: 'US', kind: 'local', pageSize: options.telnyxNumbers, areaCode: '617', capabilities: ['voice'] })).numbers;
      for (const offer of offers.slice(0, options.telnyxNumbers)) {
        numbers.push({ e164: (await telnyx.numbers.purchase(offer.e164, { tag: purchaseTag(`urn:test:month:${offer.e164}`) })).e164, carrier: 'telnyx' });
      }
    }

    const { stripe, billing } = sandboxBilling(t.sandbox);
    const cards = createRateCardHandler({ billing });
    const card = await cards.check({ news: { key: options.cardKey, card: MONTH_CARD } });
    if (!card.inputs) throw new Error(`the month's card is invalid: ${JSON.stringify(card.failures)}`);
    await cards.create({ inputs: card.inputs, preview: false, identity: identity('RateCard', options.cardKey) });

    const clockId = (await stripe.testHelpers.testClocks.create({ frozen_time: start.getTime() / 1000, name: `month ${options.start}` })).id;
    const accountHandler = createBillingAccountHandler({ billing });
    const subscriptionHandler = createBillingSubscriptionHandler({ billing });
    const accounts: MonthAccount[] = [];
    for (const [i, spec] of ACCOUNTS.slice(0, options.accounts).entries()) {
      const declared = await accountHandler.check({ news: { name: spec.name, address: spec.address, currency: 'USD', defaultPaymentMethod: 'pm_card_visa', testClock: clockId } });
      if (!declared.inputs) throw new Error(`account ${spec.name} is invalid: ${JSON.stringify(declared.failures)}`);
      const { id: customerId } = await accountHandler.create({ inputs: declared.inputs, preview: false, identity: identity('BillingAccount', `${options.cardKey}-${spec.key}`) });
      // Numbers are dealt round the accounts, so each has some of both carriers'.
      const own = numbers.filter((_, n) => n % options.accounts === i);
      const subscription = await subscriptionHandler.check({ news: { account: customerId, rateCard: options.cardKey, numbers: own.map((n) => ({ e164: n.e164 })) } });
      if (!subscription.inputs) throw new Error(`subscription of ${spec.name} is invalid: ${JSON.stringify(subscription.failures)}`);
      await subscriptionHandler.create({ inputs: subscription.inputs, preview: false, identity: identity('BillingSubscription', `${options.cardKey}-${spec.key}`) });
      accounts.push({ customerId, name: spec.name, taxPercent: spec.taxPercent, numbers: own });
    }

    t.sandbox.traffic.generate({ start: start.getTime(), end: end.getTime(), callsPerNumberPerDay: options.callsPerNumberPerDay, seed: 13 });
    const config = {
      carriers: {
        twilio: { accountSid: t.sandbox.accountSid, authToken: t.sandbox.authToken, baseUrl: t.sandbox.url },
        ...(options.telnyxNumbers > 0 ? { telnyx: { apiKey: t.sandbox.telnyxApiKey, baseUrl: t.sandbox.url } } : {}),
      },
      stripe: { secretKey: t.sandbox.stripeSecretKey, baseUrl: t.sandbox.stripeBaseUrl },
    };
    return { t, stripe, billing, clockId, cardKey: options.cardKey, start, end, accounts, config, close: () => t.close() };
  } catch (err) {
    await t.close();
    throw err;
  }
}

function identity(type: string, name: string): ResourceIdentity {
  return { type: `didops:index:${type}`, name, urn: `urn:pulumi:test::month::didops:index:${type}::${name}` };
}

/** Registers the accounts and their numbers (owned from a day before the month) in the reconciler's database. */
export async function registerAccounts(db: Kysely<Database>, month: Month): Promise<void> {
  await db.insertInto('accounts').values(month.accounts.map((a) => ({ id: a.customerId, name: a.name, rate_card_key: month.cardKey, currency: 'USD' }))).execute();
  const from = new Date(month.start.getTime() - 86_400_000);
  await db
    .insertInto('account_numbers')
    .values(month.accounts.flatMap((a) => a.numbers.map((n) => ({ e164: n.e164, account_id: a.customerId, carrier: n.carrier, valid_from: from, valid_to: null }))))
    .execute();
}

/** Moves the Stripe test clock (every account of the month lives on it). */
export async function advanceMonthClock(month: Month, to: Date): Promise<void> {
  await advanceClock(month.stripe, month.clockId, Math.floor(to.getTime() / 1000));
}

/** The carriers' own list of the month's calls: the truth the reconciler's tables must hold. */
export async function carrierCalls(month: Month): Promise<(CallRecord & { carrier: 'twilio' | 'telnyx' })[]> {
  const config = reconcilerConfigSchema.parse({ ...month.config });
  const { names, set } = configuredCarriers(config);
  const calls: (CallRecord & { carrier: 'twilio' | 'telnyx' })[] = [];
  for (const name of names) {
    const carrier: Carrier = set.get(name);
    for await (const call of carrier.callRecords({ from: month.start, to: month.end })) calls.push({ ...call, carrier: name });
  }
  return calls;
}

/** An invoice line as the independent rating expects it. */
export interface ExpectedLine {
  /** Billable seconds for a rate class, answered calls for the connect fee, numbers for the numbers. */
  readonly quantity: number;
  /** Whole cents, rounded half up once. */
  readonly amount: number;
}

/** What an account's invoice closing the month must say. */
export interface ExpectedInvoice {
  /** By rate class (`out-44`), every class of the card (idle ones at 0). */
  readonly minutes: Readonly<Record<string, ExpectedLine>>;
  readonly connect: ExpectedLine;
  /** Next month's numbers, billed ahead on the same invoice. */
  readonly numbers: ExpectedLine;
  readonly subtotal: number;
  readonly tax: number;
  readonly total: number;
  /** Calls of the account no rate of the card covers. */
  readonly unrated: number;
}

/** The month's invoices worked out from the raw calls and {@link MONTH_CARD}, by customer id. */
export function expectedInvoices(month: Month, calls: readonly CallRecord[]): Map<string, ExpectedInvoice> {
  const minutes = MONTH_CARD.minutes;
  const [initial, subsequent] = minutes.increment.split('/').map(Number) as [number, number];
  const billable = (duration: number) => {
    if (duration <= 0) return 0;
    const lifted = Math.max(Math.ceil(duration), minutes.minimumSeconds);
    return lifted <= initial ? initial : initial + Math.ceil((lifted - initial) / subsequent) * subsequent;
  };
  const classOf = (direction: 'inbound' | 'outbound', other: string) => {
    const digits = other.replace(/^\+/, '');
    let best: (typeof minutes.rates)[number] | undefined;
    if (!/^\d+$/.test(digits)) return undefined;
    for (const rate of minutes.rates) {
      if (rate.direction === direction && digits.startsWith(rate.prefix) && (!best || rate.prefix.length > best.prefix.length)) best = rate;
    }
    return best;
  };
  const owner = new Map(month.accounts.flatMap((a) => a.numbers.map((n) => [n.e164, a.customerId] as const)));
  const tallies = new Map(month.accounts.map((a) => [a.customerId, { seconds: new Map<string, number>(), connects: 0, unrated: 0 }]));
  for (const call of calls) {
    const ours = call.direction === 'inbound' ? call.to : call.from;
    const other = call.direction === 'inbound' ? call.from : call.to;
    const tally = tallies.get(owner.get(ours) ?? '');
    if (!tally) continue;
    const rate = classOf(call.direction, other);
    if (!rate) {
      tally.unrated++;
      continue;
    }
    const seconds = billable(Math.round(call.durationSeconds));
    const key = `${rate.direction === 'inbound' ? 'in' : 'out'}-${rate.prefix}`;
    tally.seconds.set(key, (tally.seconds.get(key) ?? 0) + seconds);
    if (seconds > 0) tally.connects++;
  }
  const perSecond = (perMinute: string) => new Decimal(perMinute).div(60).toDecimalPlaces(12, Decimal.ROUND_CEIL);
  const halfUp = (amount: Decimal) => amount.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  const expected = new Map<string, ExpectedInvoice>();
  for (const account of month.accounts) {
    const tally = tallies.get(account.customerId)!;
    const lines: Record<string, ExpectedLine> = {};
    for (const rate of minutes.rates) {
      const key = `${rate.direction === 'inbound' ? 'in' : 'out'}-${rate.prefix}`;
      const seconds = tally.seconds.get(key) ?? 0;
      let exact = new Decimal(0);
      if ('tiers' in rate) {
        let below = 0;
        for (const step of rate.tiers.steps) {
          const ceiling = step.upTo === 'inf' ? seconds : Math.min(seconds, step.upTo * 60);
          exact = exact.plus(perSecond(step.perMinute).times(Math.max(0, ceiling - below)));
          if (step.upTo === 'inf' || seconds <= step.upTo * 60) break;
          below = step.upTo * 60;
        }
      } else {
        exact = perSecond(rate.perMinute).times(seconds);
      }
      lines[key] = { quantity: seconds, amount: halfUp(exact) };
    }
    const connect = { quantity: tally.connects, amount: halfUp(new Decimal(minutes.connectFee).times(tally.connects)) };
    const numbers = { quantity: account.numbers.length, amount: account.numbers.length * MONTH_CARD.numbers[0].monthlyPrice };
    const all = [...Object.values(lines), connect, numbers];
    const subtotal = all.reduce((sum, line) => sum + line.amount, 0);
    const tax = all.reduce((sum, line) => sum + halfUp(new Decimal(line.amount).times(account.taxPercent).div(100)), 0);
    expected.set(account.customerId, { minutes: lines, connect, numbers, subtotal, tax, total: subtotal + tax, unrated: tally.unrated });
  }
  return expected;
}
