/**
 * Rating calls and a month as the reconciler does: which rate prices a call (longest prefix wins), how long it is
 * billed, and the month's lines, which must equal what Stripe invoices. Every amount is worked out by hand.
 */
import { checkRateCard, findRate, rateCall, rateClassKey, ratePeriod, type CallToRate, type RateCard } from '../../src/billing/rating';

/** An operator's card: per-minute outbound rates to the US and the UK, dearer UK mobiles in graduated tiers, inbound calls from North America. */
function operatorCard(mode: 'graduated' | 'volume' = 'graduated'): RateCard {
  const checked = checkRateCard({
    currency: 'usd',
    minutes: {
      increment: '60/60',
      connectFee: '0.5',
      rates: [
        { direction: 'outbound', prefix: '1', perMinute: '1', description: 'Calls to North America' },
        { direction: 'outbound', prefix: '+44', perMinute: '2.5', description: 'Calls to the UK' },
        { direction: 'outbound', prefix: '447', tiers: { mode, steps: [{ upTo: 100, perMinute: '10' }, { upTo: 'inf', perMinute: '8' }] }, description: 'Calls to UK mobiles' },
        { direction: 'inbound', prefix: '1', perMinute: '0.85', description: 'Calls from North America' },
      ],
    },
  });
  if (!checked.card) throw new Error(JSON.stringify(checked.failures));
  return checked.card;
}

describe('finding the rate of a call', () => {
  const card = operatorCard();

  it('prices a call to a UK mobile by the longer "447" prefix rather than "44"', () => {
    expect(findRate(card, 'outbound', '+447700900123')).toMatchObject({ kind: 'rated', rateClass: 'out-447', index: 2 });
    expect(findRate(card, 'outbound', '+442079460000')).toMatchObject({ kind: 'rated', rateClass: 'out-44', index: 1 });
    expect(findRate(card, 'outbound', '442079460000')).toMatchObject({ kind: 'rated', rateClass: 'out-44' }); // "+" optional
  });

  it('looks only at rates of the call’s direction', () => {
    expect(findRate(card, 'inbound', '+14155550100')).toMatchObject({ kind: 'rated', rateClass: 'in-1', index: 3 });
    expect(findRate(card, 'inbound', '+442079460000')).toEqual({
      kind: 'unrated',
      reason: 'no-matching-prefix',
      summary: 'no inbound rate covers +442079460000; add an inbound rate for "44" or a longer prefix of it',
    });
  });

  it('answers "unrated" instead of throwing for numbers no rate covers or that are not numbers', () => {
    expect(findRate(card, 'outbound', '+33123456789')).toMatchObject({ kind: 'unrated', reason: 'no-matching-prefix', summary: expect.stringContaining('"33"') });
    expect(findRate(card, 'outbound', 'anonymous')).toMatchObject({ kind: 'unrated', reason: 'not-a-number' });
    expect(findRate(card, 'outbound', '')).toMatchObject({ kind: 'unrated', reason: 'not-a-number' });
    const numbersOnly = checkRateCard({ currency: 'USD', numbers: [{ country: 'US', type: 'local', setupFee: 0, monthlyPrice: 115 }] }).card as RateCard;
    expect(findRate(numbersOnly, 'outbound', '+14155550100')).toMatchObject({ kind: 'unrated', reason: 'no-minute-rates' });
  });

  it('names rate classes by direction and prefix, the keys of their Stripe meters and prices', () => {
    expect(rateClassKey({ direction: 'outbound', prefix: '44' })).toBe('out-44');
    expect(rateClassKey({ direction: 'inbound', prefix: '1800' })).toBe('in-1800');
  });
});

describe('rating one call for the meter', () => {
  it('reports billable seconds and the class whose meter they go to', () => {
    expect(rateCall(operatorCard(), { direction: 'outbound', otherParty: '+442079460000', durationSeconds: 61 })).toMatchObject({ kind: 'rated', rateClass: 'out-44', billableSeconds: 120, answered: true });
    expect(rateCall(operatorCard(), { direction: 'outbound', otherParty: '+442079460000', durationSeconds: 0 })).toMatchObject({ kind: 'rated', billableSeconds: 0, answered: false });
    expect(rateCall(operatorCard(), { direction: 'outbound', otherParty: '+33123456789', durationSeconds: 61 })).toMatchObject({ kind: 'unrated', reason: 'no-matching-prefix' });
  });

  it('keeps a record with a corrupt duration as unrated instead of throwing in the middle of a period', () => {
    const corrupt = { direction: 'outbound', otherParty: '+442079460000', durationSeconds: Number.NaN } as const;
    expect(rateCall(operatorCard(), corrupt)).toMatchObject({ kind: 'unrated', reason: 'not-a-duration' });
    expect(ratePeriod(operatorCard(), [corrupt]).unrated).toEqual([expect.objectContaining({ index: 0, reason: 'not-a-duration' })]);
  });
});

describe('rating a month for one account', () => {
  const month: CallToRate[] = [
    { direction: 'outbound', otherParty: '+442079460000', durationSeconds: 61 }, // out-44: 120 s
    { direction: 'outbound', otherParty: '+442079460001', durationSeconds: 0 }, // out-44: unanswered, 0 s
    { direction: 'outbound', otherParty: '+447700900123', durationSeconds: 3000 }, // out-447: 50 min
    { direction: 'outbound', otherParty: '+447700900124', durationSeconds: 4200 }, // out-447: 70 min
    { direction: 'outbound', otherParty: '+14155550100', durationSeconds: 30 }, // out-1: 60 s
    { direction: 'inbound', otherParty: '+14155550101', durationSeconds: 125 }, // in-1: 180 s
    { direction: 'outbound', otherParty: '+33123456789', durationSeconds: 100 }, // no rate
  ];

  it('bills each class from its period seconds, the connect fee from answered calls, and keeps the unrated call', () => {
    const period = ratePeriod(operatorCard(), month);
    const lines = period.lines.map((l) => ({ rateClass: l.rateClass, calls: l.calls, answered: l.answeredCalls, seconds: l.billableSeconds, cents: l.amount.amountMinor }));
    expect(lines).toEqual([
      { rateClass: 'out-1', calls: 1, answered: 1, seconds: 60, cents: 1 }, // 60 × 0.016666666667 = 1.00000000002 → 1
      { rateClass: 'out-44', calls: 2, answered: 1, seconds: 120, cents: 5 }, // 120 × 0.041666666667 = 5.00000000004 → 5
      // 6,000 s × 0.166666666667 = 1000.000000002, then 1,200 s × 0.133333333334 = 160.0000000008 → 1160.0000000028 → 1160
      { rateClass: 'out-447', calls: 2, answered: 2, seconds: 7200, cents: 1160 },
      { rateClass: 'in-1', calls: 1, answered: 1, seconds: 180, cents: 3 }, // 180 × 0.014166666667 = 2.55000000006 → 3
    ]);
    // Five answered, rated calls × 0.5 ¢ = 2.5 → 3 ¢ (the French call is not rated, so it has no connect fee either).
    expect(period.connectFee).toMatchObject({ answeredCalls: 5, amount: { amountMinor: 3, currency: 'USD' } });
    expect(period.total).toEqual({ amountMinor: 1 + 5 + 1160 + 3 + 3, currency: 'USD' }); // 1172 ¢, $11.72
    expect(period.unrated).toEqual([{ index: 6, call: month[6], reason: 'no-matching-prefix', summary: expect.stringContaining('+33123456789') }]);
  });

  it('bills all UK mobile minutes at the reached tier when the tiers are volume tiers', () => {
    // 7,200 s pass the 6,000 s tier, so all of them cost 0.133333333334: 960.0000000048 → 960.
    const period = ratePeriod(operatorCard('volume'), month);
    expect(period.lines[2]).toMatchObject({ rateClass: 'out-447', billableSeconds: 7200, amount: { amountMinor: 960 } });
    expect(period.total.amountMinor).toBe(1 + 5 + 960 + 3 + 3);
  });

  it('takes any iterable of calls, so the reconciler can stream a month without holding it', () => {
    function* streamed(): Generator<CallToRate> {
      yield* month;
    }
    expect(ratePeriod(operatorCard(), streamed()).total.amountMinor).toBe(1172);
  });

  it('bills an empty month nothing on a card without flat fees', () => {
    const period = ratePeriod(operatorCard(), []);
    expect(period.lines.map((l) => l.amount.amountMinor)).toEqual([0, 0, 0, 0]);
    expect(period.total.amountMinor).toBe(0);
  });
});
