import { priceAmount, roundMinorUnits, type PriceTerms } from '../../src/sandbox/stripe/billing/price-amount';

const perUnit = (unit: Partial<PriceTerms>): PriceTerms => ({ billing_scheme: 'per_unit', ...unit });

// The rate card's numbers at tiered monthly prices: first 10 at $5.00, next 40 at $4.00, the rest at $3.00,
// with a $20.00 platform fee in the first tier.
const numberTiers: PriceTerms['tiers'] = [
  { up_to: 10, unit_amount: 500, flat_amount: 2000 },
  { up_to: 50, unit_amount: 400 },
  { up_to: null, unit_amount: 300 },
];

describe('a per-unit price charges unit amount × quantity, rounded once per line', () => {
  it('bills 7 numbers at $1.15 as $8.05', () => {
    // 7 × 115 = 805
    expect(priceAmount(perUnit({ unit_amount: 115 }), 7).amount).toBe(805);
  });

  it('bills sub-cent per-second rates exactly before rounding the line once', () => {
    // 0.84 ¢/min is 0.014 ¢/s; 12,345 s × 0.014 = 172.83 → 173 cents (rounding each second would bill 0)
    const line = priceAmount(perUnit({ unit_amount_decimal: '0.014' }), 12_345);
    expect(line.exactAmount).toBe('172.83');
    expect(line.amount).toBe(173);
    expect(line.unitAmountDecimal).toBe('0.014');
  });

  it('rounds exactly half a cent up, and just under half down', () => {
    // 3 × 0.5 = 1.5 → 2; 5 × 0.3 = 1.5 → 2; 3 × 0.49 = 1.47 → 1; 1 × 0.5 = 0.5 → 1
    expect(priceAmount(perUnit({ unit_amount_decimal: '0.5' }), 3).amount).toBe(2);
    expect(priceAmount(perUnit({ unit_amount_decimal: '0.3' }), 5).amount).toBe(2);
    expect(priceAmount(perUnit({ unit_amount_decimal: '0.49' }), 3).amount).toBe(1);
    expect(priceAmount(perUnit({ unit_amount_decimal: '0.5' }), 1).amount).toBe(1);
  });

  it('rounds half a cent away from zero for credits too', () => {
    // −2.5 → −3, −2.4999 → −2
    expect(roundMinorUnits('-2.5')).toBe(-3);
    expect(roundMinorUnits('-2.4999')).toBe(-2);
  });

  it('prefers unit_amount_decimal over unit_amount when both are stored (the decimal carries the fraction)', () => {
    // 10 × 1.25 = 12.5 → 13
    expect(priceAmount(perUnit({ unit_amount: 1, unit_amount_decimal: '1.25' }), 10).amount).toBe(13);
  });

  it('applies transform_quantity before the unit amount: packs of 1,000 rounded up or down', () => {
    // 1,001 units / 1,000 = 1.001 → up: 2 packs × $10.00 = $20.00; down: 1 pack = $10.00
    const packs = (round: 'up' | 'down') => perUnit({ unit_amount: 1000, transform_quantity: { divide_by: 1000, round } });
    expect(priceAmount(packs('up'), 1001)).toMatchObject({ amount: 2000, billedQuantity: '2' });
    expect(priceAmount(packs('down'), 1001)).toMatchObject({ amount: 1000, billedQuantity: '1' });
    expect(priceAmount(packs('up'), 0).amount).toBe(0);
  });
});

describe('a graduated tiered price charges each tier its own units, plus the flat amount of every tier reached', () => {
  const graduated: PriceTerms = { billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: numberTiers };

  it('bills 5 numbers within the first tier', () => {
    // 5 × 500 + 2000 flat = 4500
    expect(priceAmount(graduated, 5).amount).toBe(4500);
  });

  it('bills 60 numbers across three tiers', () => {
    // 10 × 500 + 2000 = 7000; 40 × 400 = 16000; 10 × 300 = 3000 → 26000
    expect(priceAmount(graduated, 60).amount).toBe(26_000);
  });

  it('bills exactly at a tier boundary in the lower tier', () => {
    // 10 × 500 + 2000 = 7000 (the 10th unit is still tier 1)
    expect(priceAmount(graduated, 10).amount).toBe(7000);
    // 11: 7000 + 1 × 400 = 7400
    expect(priceAmount(graduated, 11).amount).toBe(7400);
  });

  it('charges the first tier\'s flat amount for a period without usage', () => {
    expect(priceAmount(graduated, 0).amount).toBe(2000);
  });

  it('sums fractional tiers exactly and rounds the line once', () => {
    // per-minute tiers: first 100 at 0.5 ¢, then 0.25 ¢; 101 minutes: 100 × 0.5 = 50 + 1 × 0.25 = 50.25 → 50
    // 103 minutes: 50 + 0.75 = 50.75 → 51; 102 minutes: 50 + 0.5 = 50.5 → 51 (half up, once)
    const minutes: PriceTerms = {
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [{ up_to: 100, unit_amount_decimal: '0.5' }, { up_to: null, unit_amount_decimal: '0.25' }],
    };
    expect(priceAmount(minutes, 101).amount).toBe(50);
    expect(priceAmount(minutes, 103).amount).toBe(51);
    expect(priceAmount(minutes, 102).amount).toBe(51);
    expect(priceAmount(minutes, 102).unitAmountDecimal).toBeNull();
  });
});

describe('a volume tiered price charges every unit at the tier the total reaches, plus that tier\'s flat amount', () => {
  const volume: PriceTerms = { billing_scheme: 'tiered', tiers_mode: 'volume', tiers: numberTiers };

  it('bills 60 numbers all at the third tier', () => {
    // 60 × 300 = 18000 (no flat amount on tier 3)
    expect(priceAmount(volume, 60).amount).toBe(18_000);
  });

  it('bills 50 numbers all at the second tier, and 10 at the first with its flat amount', () => {
    // 50 × 400 = 20000; 10 × 500 + 2000 = 7000
    expect(priceAmount(volume, 50).amount).toBe(20_000);
    expect(priceAmount(volume, 10).amount).toBe(7000);
  });

  it('bills a decimal aggregated quantity at its tier', () => {
    // 10.5 units land in tier 2: 10.5 × 400 = 4200
    expect(priceAmount(volume, '10.5').amount).toBe(4200);
  });
});
