/**
 * The compiled rater on random cards and calls: it prices every call as the rules say (checked against a plain
 * reading of them, written here the slow and obvious way), its batches agree with its single answers, and the
 * per-call amounts of a period add up, exactly, to what the period's invoice line bills before its one rounding.
 */
import fc from 'fast-check';
import {
  compileRater,
  createRatedBatch,
  exactAmountFor,
  rateCall,
  rateCardSchema,
  ratePeriod,
  roundHalfUpToMinor,
  scaledAmountText,
  toScaledAmount,
  unratedReasonOf,
  type CallToRate,
  type ClassTally,
  type RateCard,
  type RateCardInput,
} from '../../src/billing/rating';
import { safeScaledAmountText } from '../../src/billing/rating/call-amount';
import { ExactDecimal } from '../../src/billing/rating/exact-decimal';

/** Per-minute prices with up to 4 decimals, as operators write them: "0.85", "12", "0.0125". */
const perMinute = fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 4 })).map(([n, decimals]) => new ExactDecimal(n).div(10 ** decimals).toFixed());

const tiers = fc
  .record({
    mode: fc.constantFrom('graduated' as const, 'volume' as const),
    bounds: fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 0, maxLength: 3 }),
    prices: fc.array(perMinute, { minLength: 4, maxLength: 4 }),
    flats: fc.array(fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ mode, bounds, prices, flats }) => ({
    mode,
    steps: [...[...bounds].sort((a, b) => a - b), 'inf' as const].map((upTo, i) => ({ upTo, perMinute: prices[i], ...(flats[i] === undefined ? {} : { flatFee: flats[i] }) })),
  }));

/** Prefixes over few digits so that they nest ("1", "12", "123") and collide, duplicates included. */
const rate = fc.record({
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  prefix: fc.stringMatching(/^[1-3][0-3]{0,4}$/),
  price: fc.oneof(perMinute.map((p) => ({ perMinute: p })), tiers.map((t) => ({ tiers: t }))),
});

/** A card as the schema parses it, without checkRateCard's cross-field rules: rating must cope with any parsed card. */
const card: fc.Arbitrary<RateCard> = fc
  .record({
    rates: fc.array(rate, { minLength: 1, maxLength: 12 }),
    initial: fc.integer({ min: 1, max: 90 }),
    subsequent: fc.integer({ min: 1, max: 60 }),
    minimumSeconds: fc.integer({ min: 0, max: 120 }),
    connectFee: fc.option(perMinute, { nil: undefined }),
    priced: fc.boolean(),
  })
  .map(({ rates, initial, subsequent, minimumSeconds, connectFee, priced }) => {
    const input: RateCardInput = {
      currency: 'USD',
      ...(priced || rates.length > 1
        ? { minutes: { increment: { initial, subsequent }, minimumSeconds, ...(connectFee ? { connectFee } : {}), rates: rates.map((r) => ({ direction: r.direction, prefix: r.prefix, ...r.price })) } }
        : {}),
    };
    return rateCardSchema.parse(input);
  });

const call: fc.Arbitrary<CallToRate> = fc.record({
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  otherParty: fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.boolean(), fc.stringMatching(/^[1-3][0-3]{0,14}$/)).map(([plus, digits]) => `${plus ? '+' : ''}${digits}`) },
    { weight: 1, arbitrary: fc.constantFrom('', '+', 'anonymous', '+0123', '++123', '+1234567890123456', '+12a4', '12 34') },
  ),
  durationSeconds: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 5_000 }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 600, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -5) },
  ),
});

/** The rules read plainly: every rate of the direction that starts the number, the longest (first of equals) wins. */
function ruleOf(rated: RateCard, c: CallToRate): { reason?: string; rateIndex?: number; billableSeconds?: number } {
  if (!Number.isFinite(c.durationSeconds)) return { reason: 'not-a-duration' };
  const digits = c.otherParty.startsWith('+') ? c.otherParty.slice(1) : c.otherParty;
  if (!/^[1-9]\d{0,14}$/.test(digits)) return { reason: 'not-a-number' };
  if (!rated.minutes) return { reason: 'no-minute-rates' };
  let best = -1;
  rated.minutes.rates.forEach((r, i) => {
    if (r.direction === c.direction && digits.startsWith(r.prefix) && (best < 0 || r.prefix.length > rated.minutes!.rates[best].prefix.length)) best = i;
  });
  if (best < 0) return { reason: 'no-matching-prefix' };
  const { increment, minimumSeconds } = rated.minutes;
  if (c.durationSeconds <= 0) return { rateIndex: best, billableSeconds: 0 };
  // Walk the grid one block at a time to the first point at or past the started seconds and the minimum.
  const needed = Math.max(Math.ceil(c.durationSeconds), minimumSeconds);
  let billed = increment.initial;
  while (billed < needed) billed += increment.subsequent;
  return { rateIndex: best, billableSeconds: billed };
}

describe('the compiled rater on random cards and calls', () => {
  it('prices every call by the longest prefix of its direction and bills it on the increment’s grid', () => {
    fc.assert(
      fc.property(card, fc.array(call, { maxLength: 40 }), (rated, calls) => {
        for (const c of calls) {
          const answer = rateCall(rated, c);
          const expected = ruleOf(rated, c);
          if (expected.reason) {
            expect(answer).toMatchObject({ kind: 'unrated', reason: expected.reason });
          } else {
            expect(answer).toMatchObject({ kind: 'rated', rateIndex: expected.rateIndex, billableSeconds: expected.billableSeconds, answered: expected.billableSeconds! > 0 });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers a batch into typed arrays exactly as it answers each call, reusing the arrays', () => {
    fc.assert(
      fc.property(card, fc.array(call, { maxLength: 40 }), (rated, calls) => {
        const rater = compileRater(rated);
        const reused = createRatedBatch(40);
        const batch = rater.rateBatch(calls, reused);
        expect(batch).toBe(reused);
        expect(batch.count).toBe(calls.length);
        calls.forEach((c, i) => {
          const one = rater.rate(c);
          if (one.kind === 'rated') {
            expect([batch.rateIndex[i], batch.billableSeconds[i]]).toEqual([one.rateIndex, one.billableSeconds]);
          } else {
            expect(batch.rateIndex[i]).toBeLessThan(0);
            expect(unratedReasonOf(batch.rateIndex[i])).toBe(one.reason);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('allocates per-call amounts that add up to each line’s exact amount, so rounding their sum once gives the invoice line', () => {
    fc.assert(
      fc.property(card, fc.array(call, { maxLength: 60 }), (rated, calls) => {
        const rater = compileRater(rated);
        const period = ratePeriod(rated, calls);
        const tallies = rater.classes.map((): ClassTally => ({ seconds: 0, calls: 0 }));
        const costTallies = rater.classes.map((): ClassTally => ({ seconds: 0, calls: 0 }));
        const sums = rater.classes.map(() => 0n);
        let connects = 0n;
        for (const c of calls) {
          const answer = rater.rate(c);
          if (answer.kind !== 'rated') continue;
          const amount = rater.callAmount(answer.rateIndex, answer.billableSeconds, tallies[answer.rateIndex]);
          sums[answer.rateIndex] += amount;
          if (answer.answered) connects += rater.connectFeeScaled;
          // The stored cost is the same amount plus the connect fee of an answered call, whichever path writes it.
          const cost = rater.callCostText(answer.rateIndex, answer.billableSeconds, costTallies[answer.rateIndex]);
          expect(cost).toBe(scaledAmountText(amount + (answer.answered ? rater.connectFeeScaled : 0n)));
        }
        rater.classes.forEach((c, i) => {
          const line = period.lines[i];
          if (line.answeredCalls === 0) return; // no answered call to carry an idle line's flat fee
          expect(scaledAmountText(sums[i])).toBe(exactAmountFor(c.price, line.billableSeconds).toFixed());
          expect(roundHalfUpToMinor(scaledAmountText(sums[i]))).toBe(line.amount.amountMinor);
        });
        if (period.connectFee) expect(roundHalfUpToMinor(scaledAmountText(connects))).toBe(period.connectFee.amount.amountMinor);
      }),
      { numRuns: 200 },
    );
  });

  it('allocates each call of a tiered period what it adds to the period’s exact amount, calls that end on a tier boundary too', () => {
    // Whole-minute calls against tiers bounded in whole minutes: periods often stand exactly on a boundary.
    fc.assert(
      fc.property(tiers, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }), (steps, minutes) => {
        const rated = rateCardSchema.parse({ currency: 'USD', minutes: { increment: '60/60', rates: [{ direction: 'outbound', prefix: '1', tiers: steps }] } });
        const rater = compileRater(rated);
        const [{ price }] = rater.classes;
        const bigIntTally: ClassTally = { seconds: 0, calls: 0 };
        const textTally: ClassTally = { seconds: 0, calls: 0 };
        let bigIntSum = 0n;
        let textSum = new ExactDecimal(0);
        let seconds = 0;
        for (const m of minutes) {
          seconds += m * 60;
          bigIntSum += rater.callAmount(0, m * 60, bigIntTally);
          textSum = textSum.plus(rater.callCostText(0, m * 60, textTally)); // no connect fee on this card
          // Until a call is answered the period is idle: its flat fee is the line's, and no call carries it yet.
          const exact = seconds === 0 ? '0' : exactAmountFor(price, seconds).toFixed();
          expect([scaledAmountText(bigIntSum), textSum.toFixed()]).toEqual([exact, exact]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('writes amounts as decimal text that reads back to the same amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (scaled) => {
        const text = scaledAmountText(scaled);
        expect(toScaledAmount(text)).toBe(scaled);
        expect(new ExactDecimal(text).times(new ExactDecimal(10).pow(12)).toFixed()).toBe(scaled.toString());
        expect(text).toBe(new ExactDecimal(text).toFixed()); // no trailing zeros, as decimal.js writes it
        if (Number.isSafeInteger(Number(scaled))) expect(safeScaledAmountText(Number(scaled))).toBe(text); // the number path writes the same
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => expect(safeScaledAmountText(n)).toBe(scaledAmountText(BigInt(n)))), { numRuns: 1000 });
  });
});
