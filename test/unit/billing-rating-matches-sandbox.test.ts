import { lineAmountFor, meteredPriceOf, type MeteredPriceSpec } from '../../src/billing/rating';
import { aggregateMeterReadings } from '../../src/sandbox/stripe/billing/meter-aggregation';
import { priceAmount, type PriceTerms } from '../../src/sandbox/stripe/billing/price-amount';

/** The Stripe price the catalogue creates for a metered price spec, as the sandbox stores it. */
function stripeTermsOf(spec: MeteredPriceSpec): PriceTerms {
  if (spec.billingScheme === 'per_unit') return { billing_scheme: 'per_unit', unit_amount_decimal: spec.unitAmountDecimal };
  return {
    billing_scheme: 'tiered',
    tiers_mode: spec.tiersMode,
    tiers: spec.tiers.map((tier) => ({ up_to: tier.upTo === 'inf' ? null : tier.upTo, unit_amount_decimal: tier.unitAmountDecimal, flat_amount: tier.flatAmount ?? null })),
  };
}

/** What the sandbox invoices for a customer whose meter events carried `seconds` in `events` readings. */
function sandboxInvoiceLine(spec: MeteredPriceSpec, seconds: number[]): number {
  const usage = aggregateMeterReadings(seconds.map((value, seq) => ({ timestamp: 100 + seq, value: String(value), seq })), 'sum').toString();
  return priceAmount(stripeTermsOf(spec), usage).amount;
}

const twoCentsAMinute = meteredPriceOf({ direction: 'outbound', prefix: '1', perMinute: '2' });
const graduatedMinutes = meteredPriceOf({
  direction: 'outbound',
  prefix: '44',
  tiers: { mode: 'graduated', steps: [{ upTo: 1_000, perMinute: '2', flatFee: 500 }, { upTo: 'inf', perMinute: '0.85' }] },
});
const volumeMinutes = meteredPriceOf({
  direction: 'inbound',
  prefix: '1',
  tiers: { mode: 'volume', steps: [{ upTo: 1_000, perMinute: '2' }, { upTo: 'inf', perMinute: '1.3' }] },
});

describe('what didops rates for a period is what the Stripe sandbox invoices for it, to the cent', () => {
  it('bills 49,999,999,994 seconds at 2¢/min (0.033333333334¢/s) as 1,666,666,666¢ on both sides', () => {
    expect(twoCentsAMinute).toEqual({ billingScheme: 'per_unit', unitAmountDecimal: '0.033333333334' });
    // 49,999,999,994 × 0.033333333334 = 1,666,666,666.499999999996 → 1,666,666,666 (20 digits made it ...666.5 → 667)
    expect(lineAmountFor(twoCentsAMinute, 49_999_999_994)).toBe(1_666_666_666);
    expect(sandboxInvoiceLine(twoCentsAMinute, [49_999_999_994])).toBe(1_666_666_666);
  });

  it('sums a long period of meter events exactly before pricing it', () => {
    // Five events of 9,999,999,998.8 s: decimal text the meter accepts; their exact sum is 49,999,999,994
    expect(sandboxInvoiceLine(twoCentsAMinute, Array(5).fill(9_999_999_998.8))).toBe(lineAmountFor(twoCentsAMinute, 49_999_999_994));
  });

  it.each([
    ['per unit', twoCentsAMinute],
    ['graduated', graduatedMinutes],
    ['volume', volumeMinutes],
  ])('agrees on %s prices from an idle period to billions of seconds', (_shape, spec) => {
    for (const seconds of [0, 1, 59, 60_000, 60_001, 123_457, 7_777_777_777, 49_999_999_994, 9_007_199_254_740]) {
      expect({ seconds, amount: sandboxInvoiceLine(spec, [seconds]) }).toEqual({ seconds, amount: lineAmountFor(spec, seconds) });
    }
  });
});
