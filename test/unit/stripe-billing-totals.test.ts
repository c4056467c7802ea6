import { applyCustomerBalance } from '../../src/sandbox/stripe/billing/customer-balance';
import { discountApplies, discountEnd, discountLines, type CouponTerms } from '../../src/sandbox/stripe/billing/discounts';
import { invoiceTotals } from '../../src/sandbox/stripe/billing/invoice-totals';
import { effectiveTaxRates, lineTaxes, type TaxRateTerms } from '../../src/sandbox/stripe/billing/line-taxes';

const nyc: TaxRateTerms = { id: 'txr_nyc', percentage: 8.875, inclusive: false };
const caState: TaxRateTerms = { id: 'txr_ca', percentage: 7.25, inclusive: false };
const deVat: TaxRateTerms = { id: 'txr_de', percentage: 19, inclusive: true };
const frVat: TaxRateTerms = { id: 'txr_fr', percentage: 20, inclusive: true };

const percentOff = (id: string, pct: number): { id: string; coupon: CouponTerms } => ({
  id, coupon: { id: `co_${id}`, percent_off: pct, amount_off: null, duration: 'forever' },
});
const amountOff = (id: string, amount: number): { id: string; coupon: CouponTerms } => ({
  id, coupon: { id: `co_${id}`, percent_off: null, amount_off: amount, currency: 'usd', duration: 'forever' },
});

describe('exclusive tax is added per line and rate, rounded half up', () => {
  it('taxes $10.00 in New York City at 8.875%', () => {
    // 1000 × 8.875% = 88.75 → 89
    expect(lineTaxes(1000, [nyc])).toEqual([
      { amount: 89, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_nyc' }, taxability_reason: 'not_available', taxable_amount: 1000, type: 'tax_rate_details' },
    ]);
  });

  it('rounds an exact half cent of tax up', () => {
    // 1000 × 7.25% = 72.5 → 73; 200 × 8.875% = 17.75 → 18
    expect(lineTaxes(1000, [caState])[0]!.amount).toBe(73);
    expect(lineTaxes(200, [nyc])[0]!.amount).toBe(18);
  });

  it('charges each of several exclusive rates on the same taxable amount', () => {
    // 1000 × 8.875% = 88.75 → 89; 1000 × 7.25% = 72.5 → 73
    expect(lineTaxes(1000, [nyc, caState]).map((t) => t.amount)).toEqual([89, 73]);
  });
});

describe('inclusive tax is inside the amount: tax = amount − round(amount / (1 + p))', () => {
  it('finds the German VAT inside €11.90', () => {
    // 1190 / 1.19 = 1000 → tax 190
    expect(lineTaxes(1190, [deVat])[0]).toMatchObject({ amount: 190, taxable_amount: 1000, tax_behavior: 'inclusive' });
  });

  it('rounds the base, not the tax, so base + tax is the amount', () => {
    // 1000 / 1.19 = 840.336… → 840; tax = 160
    expect(lineTaxes(1000, [deVat])[0]).toMatchObject({ amount: 160, taxable_amount: 840 });
    // 5 / 1.2 = 4.1666… → 4; tax = 1
    expect(lineTaxes(5, [frVat])[0]).toMatchObject({ amount: 1, taxable_amount: 4 });
  });

  it('rounds a base of exactly half a cent up', () => {
    // 1.2 × 2.5 = 3 → 3 / 1.2 = 2.5 → 3; tax = 0
    expect(lineTaxes(3, [frVat])[0]).toMatchObject({ amount: 0, taxable_amount: 3 });
  });

  it('splits two inclusive rates so that the cents add up to the amount', () => {
    // 1000 / 1.39 = 719.42… → 719; inclusive tax = 281; 19% of 719 = 136.61 → 137; 20% takes the rest: 144
    const taxes = lineTaxes(1000, [deVat, frVat]);
    expect(taxes.map((t) => t.amount)).toEqual([137, 144]);
    expect(taxes.every((t) => t.taxable_amount === 719)).toBe(true);
  });
});

describe('a line without tax rates takes the invoice\'s or subscription\'s default ones', () => {
  it('uses the line\'s own rates when it has any, the defaults otherwise', () => {
    expect(effectiveTaxRates([nyc], [caState])).toEqual([nyc]);
    expect(effectiveTaxRates([], [caState])).toEqual([caState]);
    expect(effectiveTaxRates(null, undefined)).toEqual([]);
  });
});

describe('invoice totals', () => {
  it('adds exclusive tax on top and aggregates it per rate across lines', () => {
    // lines 1000 and 250 at 8.875%: 88.75 → 89 and 22.1875 → 22 (rounded per line, not 111 on 1250)
    // subtotal 1250, tax 111, total 1361
    const totals = invoiceTotals([
      { amount: 1000, discountable: true, taxRates: [nyc] },
      { amount: 250, discountable: true, taxRates: [nyc] },
    ]);
    expect(totals).toMatchObject({ subtotal: 1250, subtotal_excluding_tax: 1250, total_excluding_tax: 1250, total: 1361 });
    expect(totals.total_taxes).toEqual([
      { amount: 111, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_nyc' }, taxability_reason: 'not_available', taxable_amount: 1250, type: 'tax_rate_details' },
    ]);
  });

  it('keeps inclusive tax inside the total', () => {
    // 1190 incl. 19%: tax 190; subtotal 1190, excluding tax 1000, total 1190
    expect(invoiceTotals([{ amount: 1190, discountable: true, taxRates: [deVat] }])).toMatchObject({
      subtotal: 1190, subtotal_excluding_tax: 1000, total_excluding_tax: 1000, total: 1190,
    });
  });

  it('takes a percent-off coupon off before tax', () => {
    // 2000 − 25% = 1500; tax 8.875% of 1500 = 133.125 → 133; total = 2000 − 500 + 133 = 1633
    const totals = invoiceTotals([{ amount: 2000, discountable: true, taxRates: [nyc] }], [percentOff('di_quarter', 25)]);
    expect(totals).toMatchObject({ subtotal: 2000, total_excluding_tax: 1500, total: 1633 });
    expect(totals.total_discount_amounts).toEqual([{ amount: 500, discount: 'di_quarter' }]);
    expect(totals.lines[0]!.taxes[0]).toMatchObject({ amount: 133, taxable_amount: 1500 });
  });

  it('never discounts a line marked not discountable', () => {
    // 10% of 1000 = 100 off the first line only; total = 1000 + 500 − 100 = 1400
    const totals = invoiceTotals(
      [{ amount: 1000, discountable: true, taxRates: [] }, { amount: 500, discountable: false, taxRates: [] }],
      [percentOff('di_ten', 10)],
    );
    expect(totals.lines.map((l) => l.discount_amounts)).toEqual([[{ amount: 100, discount: 'di_ten' }], []]);
    expect(totals.total).toBe(1400);
  });
});

describe('amount-off coupons spread over discountable lines in proportion', () => {
  it('splits $10.00 over $20.00 and $10.00 lines as $6.67 and $3.33', () => {
    // 1000 × 2000/3000 = 666.67 → 667; the last line takes 1000 − 667 = 333
    expect(discountLines([{ amount: 2000, discountable: true }, { amount: 1000, discountable: true }], [amountOff('di_10', 1000)]))
      .toEqual([[{ amount: 667, discount: 'di_10' }], [{ amount: 333, discount: 'di_10' }]]);
  });

  it('caps the discount at what the lines have left, after earlier discounts', () => {
    // 50% of 1000 = 500 left; then $20.00 off is capped at 500
    const shares = discountLines([{ amount: 1000, discountable: true }], [percentOff('di_half', 50), amountOff('di_20', 2000)]);
    expect(shares[0]).toEqual([{ amount: 500, discount: 'di_half' }, { amount: 500, discount: 'di_20' }]);
  });

  it('knows when a coupon stops applying', () => {
    const repeating: CouponTerms = { id: 'co_3m', percent_off: 10, amount_off: null, duration: 'repeating', duration_in_months: 3 };
    const start = Date.UTC(2026, 0, 31) / 1000;
    // 3 months after Jan 31: Apr 31 does not exist, so the month's last day, Apr 30 (as billing periods clamp)
    const end = discountEnd(repeating, start)!;
    expect(new Date(end * 1000).toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(discountApplies({ end }, repeating, end - 1)).toBe(true);
    expect(discountApplies({ end }, repeating, end)).toBe(false);
    const once: CouponTerms = { ...repeating, duration: 'once' };
    expect(discountApplies({ end: null, used: false }, once, start)).toBe(true);
    expect(discountApplies({ end: null, used: true }, once, start)).toBe(false);
  });
});

describe('the customer balance meets the invoice at finalization', () => {
  it('lets a credit pay part of the invoice', () => {
    // total 1000, balance −300 (credit): due 700, credit used up, transaction +300
    expect(applyCustomerBalance(1000, -300)).toEqual({ starting_balance: -300, ending_balance: 0, amount_due: 700, balanceTransactionAmount: 300 });
  });

  it('keeps the credit that is left when it covers the whole invoice', () => {
    // total 1000, balance −1500: due 0, 500 of credit left, transaction +1000
    expect(applyCustomerBalance(1000, -1500)).toEqual({ starting_balance: -1500, ending_balance: -500, amount_due: 0, balanceTransactionAmount: 1000 });
  });

  it('adds a debit balance to what is due', () => {
    // total 1000, balance +200 owed: due 1200, transaction −200
    expect(applyCustomerBalance(1000, 200)).toEqual({ starting_balance: 200, ending_balance: 0, amount_due: 1200, balanceTransactionAmount: -200 });
  });

  it('turns a credit invoice into customer credit', () => {
    // total −500 (prorations), balance 0: due 0, balance −500
    expect(applyCustomerBalance(-500, 0)).toEqual({ starting_balance: 0, ending_balance: -500, amount_due: 0, balanceTransactionAmount: -500 });
  });

  it('records nothing when there is no balance', () => {
    expect(applyCustomerBalance(1000, 0)).toEqual({ starting_balance: 0, ending_balance: 0, amount_due: 1000, balanceTransactionAmount: 0 });
  });
});
