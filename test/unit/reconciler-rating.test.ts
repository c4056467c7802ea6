/**
 * The reconciler's rating step, as an operator reads its answers: a batch of call records becomes rating columns to
 * write back, meter events to push with identifiers that never change, and the records nothing could price, kept
 * with the reason. The card is a retail card keyed `retail`, so its meters are `didops_retail_…`.
 */
import { checkRateCard, ratePeriod, roundHalfUpToMinor, type RateCard, type RateCardInput } from '../../src/billing/rating';
import { ExactDecimal } from '../../src/billing/rating/exact-decimal';
import { outboxRowsOf, rateCallRecords, ratingRowsOf, type CallRecordToRate, type RatingContext } from '../../src/reconciler/rating';

function card(input: RateCardInput): RateCard {
  const checked = checkRateCard(input);
  if (!checked.card) throw new Error(`example card is invalid: ${JSON.stringify(checked.failures)}`);
  return checked.card;
}

/** Whole minutes, 0.5 ¢ to connect; London (+4420) dearer than the rest of the UK (+44); UK mobiles in graduated tiers. */
const retail = card({
  currency: 'USD',
  minutes: {
    increment: '60/60',
    connectFee: '0.5',
    rates: [
      { direction: 'outbound', prefix: '44', perMinute: '2.5' },
      { direction: 'outbound', prefix: '4420', perMinute: '3' },
      { direction: 'outbound', prefix: '447', tiers: { mode: 'graduated', steps: [{ upTo: 100, perMinute: '10' }, { upTo: 'inf', perMinute: '8' }] } },
      { direction: 'inbound', prefix: '1', perMinute: '0.85' },
    ],
  },
});

const RATED_AT = new Date('2025-12-01T02:00:00Z');
const ACME = 'cus_Acme0000000001';
const context: RatingContext = { ratedAt: RATED_AT, cardOf: (account) => (account === ACME ? { cardKey: 'retail', card: retail } : undefined) };

let callNumber = 0;
/** The step's answer for `rows`, read as rows: the rating columns of each record and the outbox rows. */
function rate(rows: CallRecordToRate[], given: RatingContext = context) {
  const rated = rateCallRecords(rows, given);
  return { ...rated, columns: ratingRowsOf(rows, rated), events: outboxRowsOf(rated) };
}

/** A Twilio record of ACME calling `to` for `seconds`, on 3 November unless told. */
function callTo(to: string, seconds: number, extra: Partial<CallRecordToRate> = {}): CallRecordToRate {
  callNumber += 1;
  return {
    carrier: 'twilio',
    carrier_call_id: `CA${String(callNumber).padStart(32, '0')}`,
    started_at: new Date('2025-11-03T10:00:00Z'),
    direction: 'outbound',
    other_party: to,
    duration_seconds: seconds,
    account_id: ACME,
    ...extra,
  };
}

describe('rating a batch of call records', () => {
  it('bills a 61 s call on 60/60 billing as 2 minutes, and queues its seconds and its connection', () => {
    const call = callTo('+441314960000', 61); // Edinburgh: the UK rate
    const { columns, events, unrated } = rate([call], context);
    // 120 s × 0.041666666667 ¢ (2.5 ¢/min) = 5.00000000004 ¢, plus the 0.5 ¢ connect fee, unrounded.
    expect(columns).toEqual([
      { carrier: 'twilio', carrier_call_id: call.carrier_call_id, started_at: call.started_at, rated_at: RATED_AT, rate_class: 'out-44', billable_seconds: 120, amount_decimal: '5.50000000004', unrated_reason: null },
    ]);
    expect(events).toEqual([
      { identifier: `didops:twilio:${call.carrier_call_id}:out-44`, account_id: ACME, event_name: 'didops_retail_out_44_seconds', value: 120, occurred_at: call.started_at },
      { identifier: `didops:twilio:${call.carrier_call_id}:connect`, account_id: ACME, event_name: 'didops_retail_connects', value: 1, occurred_at: call.started_at },
    ]);
    expect(unrated).toEqual([]);
  });

  it('prices a call to +4420… at London’s rate when the card has both +44 and +4420', () => {
    const { columns, events } = rate([callTo('+442079460000', 30)], context);
    expect(columns[0]).toMatchObject({ rate_class: 'out-4420', billable_seconds: 60, amount_decimal: '3.5' }); // 3 ¢/min is 0.05 ¢/s exactly: 60 × 0.05 + 0.5
    expect(events[0]).toMatchObject({ event_name: 'didops_retail_out_4420_seconds', value: 60 });
  });

  it('keeps a call no prefix covers, with its reason, and bills nothing for it', () => {
    const toFrance = callTo('+33123456789', 600);
    const { columns, events, unrated } = rate([toFrance], context);
    expect(columns[0]).toMatchObject({ rated_at: RATED_AT, rate_class: null, billable_seconds: null, amount_decimal: null, unrated_reason: 'no-matching-prefix' });
    expect(unrated).toEqual([{ index: 0, carrier: 'twilio', carrier_call_id: toFrance.carrier_call_id, reason: 'no-matching-prefix', summary: expect.stringContaining('add an outbound rate for "33"') }]);
    expect(events).toEqual([]);
  });

  it('keeps calls to numbers no account owns, of accounts without a card, and from callers who hide their number', () => {
    const rows = [
      callTo('+442079460000', 60, { account_id: null }),
      callTo('+442079460000', 60, { account_id: 'cus_NoCard' }),
      callTo('anonymous', 60, { direction: 'inbound' }),
      callTo('+14155550100', 60, { direction: 'inbound', other_party: null }),
    ];
    const { unrated, events } = rate(rows, context);
    expect(unrated.map((u) => [u.index, u.reason])).toEqual([
      [0, 'no-account'],
      [1, 'no-rate-card'],
      [2, 'not-a-number'],
      [3, 'not-a-number'],
    ]);
    expect(unrated[3].summary).toBe(`twilio call ${rows[3].carrier_call_id}: "a withheld number" is not an E.164 number, so no prefix can rate the inbound call`);
    expect(unrated[1].summary).toBe(`account cus_NoCard has no rate card, so twilio call ${rows[1].carrier_call_id} cannot be priced; give the account a rate card`);
    expect(events).toEqual([]);
  });

  it('rates an unanswered call at 0 s and queues nothing for it: no seconds, no connection', () => {
    const { columns, events } = rate([callTo('+442079460000', 0)], context);
    expect(columns[0]).toMatchObject({ rate_class: 'out-4420', billable_seconds: 0, amount_decimal: '0', unrated_reason: null });
    expect(events).toEqual([]);
  });

  it('gives the same call the same identifiers however often it is rated, so a retry never bills twice', () => {
    const call = callTo('+447700900123', 3000);
    const first = rate([call], context);
    const again = rate([call], { ...context, ratedAt: new Date('2025-12-02T00:00:00Z') });
    expect(again.events).toEqual(first.events);
    expect(first.events.map((e) => e.identifier)).toEqual([`didops:twilio:${call.carrier_call_id}:out-447`, `didops:twilio:${call.carrier_call_id}:connect`]);
  });

  it('shortens a carrier call id too long for Stripe’s 100-character identifiers to a hash, still one per call', () => {
    const longId = callTo('+442079460000', 60, { carrier_call_id: `v3:${'x'.repeat(120)}` });
    const otherLongId = { ...longId, carrier_call_id: `v3:${'x'.repeat(119)}y` };
    const ids = [...rate([longId]).events, ...rate([otherLongId]).events].map((e) => e.identifier);
    expect(ids.every((id) => id.length <= 100 && /^didops:twilio:h-[0-9a-f]{40}:(out-4420|connect)$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('handing the answers to the Rate job', () => {
  it('answers column by column, one array per column, ready for one bulk UPDATE … FROM unnest and one outbox INSERT', () => {
    const rows = [callTo('+441314960000', 61), callTo('+442079460000', 0), callTo('+33123456789', 60)];
    const rated = rateCallRecords(rows, context);
    expect(rated.rated_at).toBe(RATED_AT);
    expect(rated.rating).toEqual({
      rate_class: ['out-44', 'out-4420', null],
      billable_seconds: [120, 0, null],
      amount_decimal: ['5.50000000004', '0', null],
      unrated_reason: [null, null, 'no-matching-prefix'],
    });
    // Only the answered call reports: its seconds and its connection.
    expect(rated.outbox).toEqual({
      identifier: [`didops:twilio:${rows[0].carrier_call_id}:out-44`, `didops:twilio:${rows[0].carrier_call_id}:connect`],
      account_id: [ACME, ACME],
      event_name: ['didops_retail_out_44_seconds', 'didops_retail_connects'],
      value: [120, 1],
      occurred_at: [rows[0].started_at, rows[0].started_at],
    });
  });
});

describe('rating a month in batches, as the Rate job does', () => {
  // UK mobiles: 50 min, 70 min and 10 min in November, plus one in December, which starts a new period.
  const month = [callTo('+447700900123', 3000), callTo('+447700900124', 4200, { started_at: new Date('2025-11-20T08:00:00Z') }), callTo('+447700900125', 600, { started_at: new Date('2025-11-29T08:00:00Z') })];
  const december = callTo('+447700900126', 60, { started_at: new Date('2025-12-01T00:10:00Z') });

  it('allocates tiered amounts across batches as in one, carrying where the period stands', () => {
    const whole = rate([...month, december], context);
    const first = rate(month.slice(0, 1), context);
    const november = { start: new Date('2025-11-01T00:00:00Z'), end: new Date('2025-12-01T00:00:00Z') };
    expect(first.tallies).toEqual([{ account_id: ACME, period_start: november.start, period_end: november.end, rate_class: 'out-447', seconds: 3000, calls: 1 }]);
    const [tally] = first.tallies;
    const rest = rate([...month.slice(1), december], {
      ...context,
      tallyBefore: (account, period, rateClass) => (account === tally.account_id && period.start.getTime() === tally.period_start.getTime() && rateClass === tally.rate_class ? tally : undefined),
    });
    expect([...first.columns, ...rest.columns].map((c) => c.amount_decimal)).toEqual(whole.columns.map((c) => c.amount_decimal));
    // December's first minute is in December's first tier again: 60 × 0.166666666667 + 0.5 = 10.50000000002.
    expect(whole.columns[3].amount_decimal).toBe('10.50000000002');
    expect(whole.tallies.map((t) => [t.period_start.toISOString().slice(0, 7), t.seconds, t.calls])).toEqual([
      ['2025-11', 7800, 3],
      ['2025-12', 60, 1],
    ]);
  });

  it('follows the account’s own billing periods, and refuses a period that does not hold the call', () => {
    // Periods anchored on the 15th: 3 and 20 November fall in different periods, so the second call starts afresh.
    const fifteenth = (_account: string, at: Date) => {
      const month = at.getUTCMonth() - (at.getUTCDate() < 15 ? 1 : 0);
      return { start: new Date(Date.UTC(at.getUTCFullYear(), month, 15)), end: new Date(Date.UTC(at.getUTCFullYear(), month + 1, 15)) };
    };
    const rated = rate(month.slice(0, 2), { ...context, periodOf: fifteenth });
    expect(rated.tallies.map((t) => [t.period_start.toISOString().slice(0, 10), t.seconds])).toEqual([
      ['2025-10-15', 3000],
      ['2025-11-15', 4200],
    ]);
    expect(() => rate(month.slice(0, 1), { ...context, periodOf: () => ({ start: new Date('2025-12-01'), end: new Date('2026-01-01') }) })).toThrow(/does not contain it/);
  });

  it('stores per-call amounts whose November sum, less the connect fees, rounds to November’s invoice line', () => {
    const { columns } = rate(month, context);
    const minutes = columns.reduce((sum, c) => sum.plus(c.amount_decimal!).minus('0.5'), new ExactDecimal(0));
    const line = ratePeriod(retail, month.map((r) => ({ direction: r.direction, otherParty: r.other_party!, durationSeconds: r.duration_seconds }))).lines[2];
    // 6,000 s × 0.166666666667 + 1,800 s × 0.133333333334 = 1000.000000002 + 240.0000000012 = 1240.0000000032 → 1,240 ¢.
    expect(minutes.toFixed()).toBe('1240.0000000032');
    expect(roundHalfUpToMinor(minutes)).toBe(line.amount.amountMinor);
  });
});
