import fc from 'fast-check';
import {
  ValidationError,
  addMoney,
  compareMoney,
  currencySchema,
  formatMoney,
  minorUnits,
  money,
  moneyEquals,
  moneySchema,
  parseDecimalMoney,
  subtractMoney,
  sumMoney,
  toDecimalString,
  zodIssuesToDiagnostics,
} from '../../src/core';

describe('prices are integer minor units with a currency, never floats', () => {
  it('reads "1.15" USD as 115 cents without floating-point drift', () => {
    expect(parseDecimalMoney('1.15', 'USD')).toEqual({ amountMinor: 115, currency: 'USD' });
    expect(parseDecimalMoney('0.29', 'USD').amountMinor).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(parseDecimalMoney('1.1', 'USD').amountMinor).toBe(110);
    expect(parseDecimalMoney('-0.05', 'usd')).toEqual({ amountMinor: -5, currency: 'USD' });
  });

  it('respects each currency\'s minor unit: JPY has none, BHD has three', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('BHD')).toBe(3);
    expect(minorUnits('HUF')).toBe(2); // ISO says 2 even though ICU displays none
    expect(parseDecimalMoney('500', 'JPY').amountMinor).toBe(500);
    expect(parseDecimalMoney('1.5', 'BHD').amountMinor).toBe(1500);
    expect(parseDecimalMoney('1.150', 'USD').amountMinor).toBe(115);
  });

  it('refuses to round away precision the currency cannot hold', () => {
    expect(() => parseDecimalMoney('1.155', 'USD', 'price')).toThrow(/price: "1.155" has more decimals than USD allows \(2\)/);
    expect(() => parseDecimalMoney('500.5', 'JPY')).toThrow(/JPY has no minor unit/);
  });

  it('rejects text that is not a plain decimal, and unknown currencies', () => {
    for (const bad of ['1,000.00', '$1', '1.', '.5', '1e3', '']) {
      expect(() => parseDecimalMoney(bad, 'USD')).toThrow(ValidationError);
    }
    expect(() => money(1, 'XYZ', 'plan.currency')).toThrow(/plan.currency: "XYZ" is not an ISO 4217 currency code/);
    expect(() => money(1.5, 'USD')).toThrow(/not a whole number of USD minor units/);
  });

  it('formats amounts exactly, or localised on request', () => {
    expect(formatMoney(money(115, 'USD'))).toBe('1.15 USD');
    expect(formatMoney(money(-5, 'USD'))).toBe('-0.05 USD');
    expect(formatMoney(money(500, 'JPY'))).toBe('500 JPY');
    expect(formatMoney(money(1500, 'BHD'))).toBe('1.500 BHD');
    expect(formatMoney(money(115, 'USD'), { locale: 'en-US' })).toBe('$1.15');
    expect(toDecimalString(money(7, 'USD'))).toBe('0.07');
  });

  it('adds, subtracts, sums and compares in one currency', () => {
    const a = money(115, 'USD');
    const b = money(100, 'USD');
    expect(addMoney(a, b)).toEqual(money(215, 'USD'));
    expect(subtractMoney(b, a)).toEqual(money(-15, 'USD'));
    expect(sumMoney([a, b, b], 'USD')).toEqual(money(315, 'USD'));
    expect(sumMoney([], 'EUR')).toEqual(money(0, 'EUR'));
    expect(compareMoney(a, b)).toBe(1);
    expect(compareMoney(b, a)).toBe(-1);
    expect(compareMoney(a, money(115, 'USD'))).toBe(0);
  });

  it('refuses to mix currencies instead of silently adding dollars to euros', () => {
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/cannot add 0.01 USD and 0.01 EUR/);
    expect(() => compareMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(ValidationError);
    expect(moneyEquals(money(1, 'USD'), money(1, 'EUR'))).toBe(false);
  });

  it('round-trips any amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('USD', 'JPY', 'BHD', 'EUR', 'CLF'), (amount, currency) => {
        const value = money(amount, currency);
        expect(parseDecimalMoney(toDecimalString(value), currency)).toEqual(value);
      }),
    );
  });
});

describe('zod schemas for money', () => {
  it('accepts integer minor units with an upper-case ISO code', () => {
    expect(moneySchema.parse({ amountMinor: 115, currency: 'USD' })).toEqual({ amountMinor: 115, currency: 'USD' });
    expect(currencySchema.safeParse('usd').success).toBe(false);
    expect(currencySchema.safeParse('ABC').success).toBe(false);
  });

  it('points at the field that is wrong', () => {
    const result = moneySchema.safeParse({ amountMinor: 1.15, currency: 'USD' });
    expect(zodIssuesToDiagnostics(result.error!)[0]).toMatchObject({ field: 'amountMinor', summary: expect.stringMatching(/whole number/) });
  });
});
