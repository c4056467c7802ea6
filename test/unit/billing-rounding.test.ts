/**
 * docs/billing.md, "Rounding": one describe per stated rule, each expected value worked out by hand in a comment.
 */
import {
  billableSeconds,
  checkRateCard,
  compileRater,
  lineAmountFor,
  meteredPriceOf,
  perSecondDecimal,
  ratePeriod,
  roundHalfUpToMinor,
  scaledAmountText,
  type CallToRate,
  type ClassTally,
  type RateCard,
  type RateCardInput,
} from '../../src/billing/rating';

/** A checked card; the test fails loudly if the example itself is invalid. */
function card(input: RateCardInput): RateCard {
  const checked = checkRateCard(input);
  if (!checked.card) throw new Error(`example card is invalid: ${JSON.stringify(checked.failures)}`);
  return checked.card;
}

const toUk = (durationSeconds: number): CallToRate => ({ direction: 'outbound', otherParty: '+442079460000', durationSeconds });

describe('rule 1: a started second is a whole second, and an unanswered call bills nothing', () => {
  it('bills a 12.3 s call as 13 s when billing per second', () => {
    expect(billableSeconds(12.3, { initial: 1, subsequent: 1 })).toBe(13); // ceil(12.3) = 13
  });

  it('bills a 0 s call nothing: no minimum, no first block, no connect fee', () => {
    expect(billableSeconds(0, { initial: 60, subsequent: 60 }, 30)).toBe(0);
    const period = ratePeriod(card({ currency: 'USD', minutes: { connectFee: '10', rates: [{ direction: 'outbound', prefix: '44', perMinute: '5' }] } }), [toUk(0)]);
    expect(period.lines[0]).toMatchObject({ calls: 1, answeredCalls: 0, billableSeconds: 0, amount: { amountMinor: 0 } });
    expect(period.connectFee).toMatchObject({ answeredCalls: 0, amount: { amountMinor: 0 } });
  });
});

describe('rule 2: the minimum comes first, then the increment grid', () => {
  it('rounds up to whole minutes with "60/60"', () => {
    expect(billableSeconds(1, { initial: 60, subsequent: 60 })).toBe(60); // within the first block
    expect(billableSeconds(60, { initial: 60, subsequent: 60 })).toBe(60);
    expect(billableSeconds(61, { initial: 60, subsequent: 60 })).toBe(120); // 60 + ceil(1/60) × 60
  });

  it('bills 30 s then 6 s blocks with "30/6"', () => {
    expect(billableSeconds(30, { initial: 30, subsequent: 6 })).toBe(30);
    expect(billableSeconds(31, { initial: 30, subsequent: 6 })).toBe(36); // 30 + ceil(1/6) × 6
    expect(billableSeconds(61, { initial: 30, subsequent: 6 })).toBe(66); // 30 + ceil(31/6) × 6 = 30 + 36
  });

  it('lifts a short call to the minimum and then onto the grid, so a 3 s call with "6/6" and a 10 s minimum bills 12 s', () => {
    // max(3, 10) = 10, then 6 + ceil((10 - 6)/6) × 6 = 12; applying the minimum last would give the off-grid 10.
    expect(billableSeconds(3, { initial: 6, subsequent: 6 }, 10)).toBe(12);
    expect(billableSeconds(5, { initial: 1, subsequent: 1 }, 30)).toBe(30);
    expect(billableSeconds(45, { initial: 1, subsequent: 1 }, 30)).toBe(45); // above the minimum: the call itself
  });
});

describe('rule 3: Stripe prices seconds, perMinute / 60 rounded up at the 12th decimal', () => {
  it('converts per-minute prices to per-second decimals of at most 12 places', () => {
    expect(perSecondDecimal('2')).toBe('0.033333333334'); // 0.0333…, the 12th decimal rounded up from 3 to 4
    expect(perSecondDecimal('0.85')).toBe('0.014166666667'); // 0.0141666…, rounded up
    expect(perSecondDecimal('1.2')).toBe('0.02'); // terminates: nothing to round
    expect(perSecondDecimal('60')).toBe('1');
    expect(perSecondDecimal('0')).toBe('0');
    expect(perSecondDecimal('99999999.999999999999')).toBe('1666666.666666666667'); // the largest price keeps 12 decimals exactly
  });

  it('bills 45 s at 2 ¢/min as 2 ¢, where a half-up conversion would bill 1 ¢', () => {
    // 45 × 0.033333333334 = 1.50000000003 → 2; per minute: 0.75 min × 2 = 1.5 → 2, the same.
    const period = ratePeriod(card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', perMinute: '2' }] } }), [toUk(45)]);
    expect(period.lines[0].price).toEqual({ billingScheme: 'per_unit', unitAmountDecimal: '0.033333333334' });
    expect(period.total.amountMinor).toBe(2);
    // The rejected alternative: 45 × 0.033333333333 = 1.499999999985 → 1.
    expect(lineAmountFor({ billingScheme: 'per_unit', unitAmountDecimal: '0.033333333333' }, 45)).toBe(1);
  });
});

describe('rule 4: tiers are counted in seconds', () => {
  it('turns upTo minutes into up_to seconds, converts each tier price and keeps flat fees', () => {
    const [rate] = card({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 100, perMinute: '10', flatFee: 500 }, { upTo: 'inf', perMinute: '8' }] } }] } }).minutes?.rates ?? [];
    expect(meteredPriceOf(rate)).toEqual({
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers: [
        { upTo: 6000, unitAmountDecimal: '0.166666666667', flatAmount: 500 }, // 100 min × 60; 10/60 rounded up
        { upTo: 'inf', unitAmountDecimal: '0.133333333334' }, // 8/60 rounded up
      ],
    });
  });

  it('splits a call that crosses a tier boundary at the second', () => {
    // First minute at 60 ¢/min (1 ¢/s), then 30 ¢/min (0.5 ¢/s); one 90 s call: 60 × 1 + 30 × 0.5 = 75 ¢.
    const period = ratePeriod(
      card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 1, perMinute: '60' }, { upTo: 'inf', perMinute: '30' }] } }] } }),
      [toUk(90)],
    );
    expect(period.total.amountMinor).toBe(75);
  });
});

describe('rule 5: graduated and volume tiers as Stripe applies them, idle periods in the first tier', () => {
  // 10 minutes (600 s) at 6 ¢/min = 0.1 ¢/s with a 100 ¢ flat fee, then 3 ¢/min = 0.05 ¢/s with a 50 ¢ flat fee.
  const steps = [{ upTo: 10, perMinute: '6', flatFee: 100 }, { upTo: 'inf' as const, perMinute: '3', flatFee: 50 }];
  const graduated = meteredPriceOf({ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps } });
  const volume = meteredPriceOf({ direction: 'outbound', prefix: '44', tiers: { mode: 'volume', steps } });

  it('prices each second in its own tier when graduated, adding every reached tier’s flat fee', () => {
    expect(lineAmountFor(graduated, 900)).toBe(225); // 600 × 0.1 + 100 + 300 × 0.05 + 50 = 60 + 100 + 15 + 50
    expect(lineAmountFor(graduated, 600)).toBe(160); // up_to is inclusive: 60 + 100, the second tier not reached
    expect(lineAmountFor(graduated, 601)).toBe(210); // 60 + 100 + 0.05 + 50 = 210.05 → 210
  });

  it('prices every second at the reached tier when volume, adding only that tier’s flat fee', () => {
    expect(lineAmountFor(volume, 900)).toBe(95); // 900 × 0.05 + 50
    expect(lineAmountFor(volume, 600)).toBe(160); // 600 × 0.1 + 100: still the first tier
    expect(lineAmountFor(volume, 601)).toBe(80); // 601 × 0.05 + 50 = 80.05 → 80: more minutes, smaller bill
  });

  it('charges the first tier’s flat fee for an idle period, and nothing when there is none', () => {
    expect(lineAmountFor(graduated, 0)).toBe(100);
    expect(lineAmountFor(volume, 0)).toBe(100);
    const noFlat = meteredPriceOf({ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 10, perMinute: '6' }, { upTo: 'inf', perMinute: '3' }] } });
    expect(lineAmountFor(noFlat, 0)).toBe(0);
  });
});

describe('rule 6: one rounding per line, half up', () => {
  it('rounds the period’s seconds once, not each call', () => {
    // 1.5 ¢/min = 0.025 ¢/s. Three 20 s calls: per call 0.5 → 1 each would be 3 ¢; the line is 60 × 0.025 = 1.5 → 2 ¢.
    const period = ratePeriod(card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', perMinute: '1.5' }] } }), [toUk(20), toUk(20), toUk(20)]);
    expect(period.lines[0]).toMatchObject({ billableSeconds: 60, amount: { amountMinor: 2, currency: 'USD' } });
  });

  it('rounds halves up, not to even', () => {
    expect(roundHalfUpToMinor('1.5')).toBe(2);
    expect(roundHalfUpToMinor('2.5')).toBe(3); // banker's rounding would give 2
    expect(roundHalfUpToMinor('2.4999999999')).toBe(2);
  });
});

describe('rule 7: the connect fee is one line over the period’s answered calls', () => {
  it('multiplies answered calls by the fee and rounds once', () => {
    // Three answered calls and one unanswered at 0.5 ¢ each: 3 × 0.5 = 1.5 → 2 ¢ (per call it would be 3 × 1 = 3 ¢).
    const period = ratePeriod(card({ currency: 'USD', minutes: { connectFee: '0.5', rates: [{ direction: 'outbound', prefix: '44', perMinute: '0' }] } }), [toUk(10), toUk(10), toUk(10), toUk(0)]);
    expect(period.connectFee).toMatchObject({ rateClass: 'connect', answeredCalls: 3, price: { billingScheme: 'per_unit', unitAmountDecimal: '0.5' }, amount: { amountMinor: 2 } });
    expect(period.total.amountMinor).toBe(2);
  });
});

describe('rule 8: the total is the sum of rounded lines, one per rate class', () => {
  it('adds the lines as rounded, and lists idle classes at 0', () => {
    // UK and France at 1.5 ¢/min, per second 0.025; 60 s each: 1.5 → 2 per line, total 4 (rounding the sum, 3.0, would give 3).
    const period = ratePeriod(
      card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', perMinute: '1.5' }, { direction: 'outbound', prefix: '33', perMinute: '1.5' }, { direction: 'outbound', prefix: '49', perMinute: '9' }] } }),
      [toUk(60), { direction: 'outbound', otherParty: '+33123456789', durationSeconds: 60 }],
    );
    expect(period.lines.map((l) => [l.rateClass, l.amount.amountMinor])).toEqual([['out-44', 2], ['out-33', 2], ['out-49', 0]]);
    expect(period.total).toEqual({ amountMinor: 4, currency: 'USD' });
  });
});

describe('rule 9: unrated calls cost nothing and are kept', () => {
  it('reports a call no prefix covers without billing it', () => {
    const period = ratePeriod(card({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '44', perMinute: '1' }] } }), [toUk(60), { direction: 'outbound', otherParty: '+33123456789', durationSeconds: 600 }]);
    expect(period.total.amountMinor).toBe(1); // 60 s × 0.016666666667 = 1.00000000002 → 1; the French call adds nothing
    expect(period.unrated).toEqual([expect.objectContaining({ index: 1, reason: 'no-matching-prefix' })]);
  });
});

describe('rule 10: three-decimal currencies charge whole fees in tens', () => {
  it('refuses a 1,005 fils setup fee and names the chargeable neighbours', () => {
    const checked = checkRateCard({ currency: 'BHD', numbers: [{ country: 'BH', type: 'local', setupFee: 1005, monthlyPrice: 1000 }] });
    expect(checked.card).toBeUndefined();
    expect(checked.failures).toEqual([expect.objectContaining({ field: 'numbers[0].setupFee', detail: expect.stringContaining('use 1000 or 1010') })]);
    expect(checkRateCard({ currency: 'BHD', numbers: [{ country: 'BH', type: 'local', setupFee: 1000, monthlyPrice: 1000 }] }).failures).toEqual([]);
  });
});

describe('rule 11: a call’s own amount is exact and unrounded; the line rounds the period’s sum once', () => {
  /** Each call's minutes amount as decimal text, allocated in the order given from one period tally. */
  function perCallAmounts(rated: RateCard, calls: CallToRate[]): string[] {
    const rater = compileRater(rated);
    const tally: ClassTally = { seconds: 0, calls: 0 };
    return calls.map((call) => {
      const answer = rater.rate(call);
      if (answer.kind !== 'rated') throw new Error(answer.summary);
      return scaledAmountText(rater.callAmount(answer.rateIndex, answer.billableSeconds, tally));
    });
  }

  it('shows each call at seconds × the per-second price, and the line is their sum rounded once', () => {
    // 1.5 ¢/min = 0.025 ¢/s: three 20 s calls are 0.5 ¢ each, shown as 0.5; the line is 1.5 → 2 ¢ (not 3 × 1).
    const perSecond = card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', perMinute: '1.5' }] } });
    expect(perCallAmounts(perSecond, [toUk(20), toUk(20), toUk(20)])).toEqual(['0.5', '0.5', '0.5']);
    expect(ratePeriod(perSecond, [toUk(20), toUk(20), toUk(20)]).lines[0].amount.amountMinor).toBe(roundHalfUpToMinor('1.5'));
    // A 61 s call on 60/60 at 2.5 ¢/min bills 120 s × 0.041666666667 = 5.00000000004 ¢, shown exactly.
    const perMinute = card({ currency: 'USD', minutes: { increment: '60/60', rates: [{ direction: 'outbound', prefix: '44', perMinute: '2.5' }] } });
    expect(perCallAmounts(perMinute, [toUk(61)])).toEqual(['5.00000000004']);
  });

  it('allocates graduated tiers in rating order: each call adds what it raises the period’s amount by', () => {
    // 100 min at 10 ¢/min (0.166666666667 ¢/s), then 8 ¢/min (0.133333333334 ¢/s). A 50 min call, then a 70 min one:
    // the first is 3,000 s × 0.166666666667 = 500.000000001; the period then owes 6,000 × 0.166666666667 +
    // 1,200 × 0.133333333334 = 1160.0000000028, so the second adds 660.0000000018. Their sum rounds to the 1,160 ¢ line.
    const graduated = card({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 100, perMinute: '10' }, { upTo: 'inf', perMinute: '8' }] } }] } });
    expect(perCallAmounts(graduated, [toUk(3000), toUk(4200)])).toEqual(['500.000000001', '660.0000000018']);
    expect(ratePeriod(graduated, [toUk(3000), toUk(4200)]).lines[0].amount.amountMinor).toBe(1160);
  });

  it('puts the idle period’s flat fee on the first answered call, so the allocations still add up to the line', () => {
    // A 500 ¢ flat fee on the first tier is owed even for an idle month; the month's first answered call carries it,
    // not the unanswered one before it.
    const flat = card({ currency: 'USD', minutes: { increment: '1/1', rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 10, perMinute: '6', flatFee: 500 }, { upTo: 'inf', perMinute: '3' }] } }] } });
    expect(perCallAmounts(flat, [toUk(0), toUk(60), toUk(60)])).toEqual(['0', '506', '6']); // 500 + 60 × 0.1, then 60 × 0.1
    expect(ratePeriod(flat, [toUk(0), toUk(60), toUk(60)]).lines[0].amount.amountMinor).toBe(512);
  });

  it('gives the call that takes a month into a cheaper volume tier the discount on every earlier second', () => {
    // Volume: up to 100 min all at 10 ¢/min, past it all at 8 ¢/min. A 90 min call is 5,400 × 0.166666666667 =
    // 900.0000000018; a 20 min call then takes the month to 110 min, all at 0.133333333334: 6,600 s = 880.0000000044,
    // so that call's allocation is 880.0000000044 − 900.0000000018 = −19.9999999974, and the sum is the 880 ¢ line.
    const volume = card({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'volume', steps: [{ upTo: 100, perMinute: '10' }, { upTo: 'inf', perMinute: '8' }] } }] } });
    expect(perCallAmounts(volume, [toUk(5400), toUk(1200)])).toEqual(['900.0000000018', '-19.9999999974']);
    expect(ratePeriod(volume, [toUk(5400), toUk(1200)]).lines[0].amount.amountMinor).toBe(880);
  });

  it('refuses to price a tiered call without its period, rather than guess where the period stands', () => {
    const tiered = card({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '44', tiers: { mode: 'graduated', steps: [{ upTo: 1, perMinute: '1' }, { upTo: 'inf', perMinute: '1' }] } }] } });
    expect(() => compileRater(tiered).callAmount(0, 60)).toThrow(/tally for the period/);
  });
});
