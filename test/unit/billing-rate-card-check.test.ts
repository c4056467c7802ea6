/**
 * An operator writes a rate card and plans: every mistake comes back at once, each on the field to change and with
 * the fix, before any Stripe call; a card with only warnings is still usable.
 */
import { checkRateCard, type RateCardInput } from '../../src/billing/rating';
import { formatDiagnostic } from '../../src/core/diagnostics';

type RateInput = NonNullable<RateCardInput['minutes']>['rates'][number];
const ukRate: RateInput = { direction: 'outbound', prefix: '44', perMinute: '2.5' };
const withRates = (...rates: RateInput[]): RateCardInput => ({ currency: 'USD', minutes: { rates } });
const lines = (input: unknown): string[] => checkRateCard(input).failures.map(formatDiagnostic);

describe('a card that is right', () => {
  it('comes back normalised: upper-case codes, prefixes without "+", increments as numbers', () => {
    const checked = checkRateCard({
      currency: 'eur',
      numbers: [{ country: 'de', type: 'local', setupFee: 100, monthlyPrice: '115' }],
      minutes: { increment: '6/6', minimumSeconds: 30, connectFee: '0.3', rates: [{ direction: 'outbound', prefix: '+49', perMinute: 1.2 }, { direction: 'outbound', prefix: 4930, perMinute: '0.9' }] },
    });
    expect(checked.failures).toEqual([]);
    expect(checked.card).toEqual({
      currency: 'EUR',
      numbers: [{ country: 'DE', type: 'local', setupFee: 100, monthlyPrice: 115 }],
      minutes: { increment: { initial: 6, subsequent: 6 }, minimumSeconds: 30, connectFee: '0.3', rates: [{ direction: 'outbound', prefix: '49', perMinute: '1.2' }, { direction: 'outbound', prefix: '4930', perMinute: '0.9' }] },
    });
  });

  it('allows a longer prefix under a shorter one (longest prefix wins) and the same prefix in both directions', () => {
    const checked = checkRateCard(withRates(ukRate, { direction: 'outbound', prefix: '447', perMinute: '9' }, { direction: 'inbound', prefix: '44', perMinute: '0.5' }));
    expect(checked.failures).toEqual([]);
    expect(checked.card?.minutes?.rates).toHaveLength(3);
  });
});

describe('every mistake at once', () => {
  it('reports the model’s complaints and the cross-field rules together, each with its path and fix', () => {
    expect(
      lines({
        currency: 'usx',
        numbers: [
          { country: 'UK', type: 'local', setupFee: 100, monthlyPrice: 115 },
          { country: 'GB', type: 'local', setupFee: 100, monthlyPrice: 120 },
          { country: 'US', type: 'local', setupFee: 100, monthlyPrice: 115 },
          { country: 'US', type: 'local', setupFee: 0, monthlyPrice: 100 },
        ],
        minutes: {
          increment: '0/60',
          minimumSeconds: -5,
          rates: [
            ukRate,
            { direction: 'outbound', prefix: '+44', perMinute: '3' },
            { direction: 'outbound', prefix: '33', perMinute: 'abc' },
            { direction: 'outbound', prefix: '0049', perMinute: '1' },
          ],
        },
      }),
    ).toEqual([
      'minutes.rates[2].perMinute: expected minor units with at most 12 decimals, e.g. "0.85" for 0.85 cents',
      'currency: "USX" is not an ISO 4217 currency code; did you mean "USD"?',
      'numbers[0].country: "UK" is not an ISO 3166 country code; did you mean "GB"?',
      'numbers[3]: US local numbers are already priced (numbers[2]); keep one entry per country and number type: a subscription bills each number at one monthly price',
      'minutes.increment: an increment\'s first block of 0 seconds cannot bill a call; each block is at least 1 second; write "60/60" for whole minutes, "6/6" for six-second blocks or "1/1" per second',
      'minutes.minimumSeconds: a minimum of -5 seconds is negative; use 0 for no minimum, or the shortest duration an answered call is billed for (e.g. 30)',
      'minutes.rates[1].prefix: outbound calls to "+44…" already have a rate (minutes.rates[0]); two rates for one prefix leave no longest-prefix winner; keep one, or make this one more specific (e.g. "447" for UK mobiles under "44")',
      'minutes.rates[3].prefix: prefix "0049" matches no E.164 number; "00" is a dialling prefix, not part of the number; write "49"',
    ]);
  });
});

describe('currencies', () => {
  it('suggests the nearest code for a typo and the ISO code for a common name', () => {
    expect(lines({ currency: 'GPB' })).toEqual(['currency: "GPB" is not an ISO 4217 currency code; did you mean "GBP"?']);
    expect(lines({ currency: 'RMB' })).toEqual(['currency: "RMB" is not an ISO 4217 currency code; did you mean "CNY"?']);
    expect(lines({ currency: 'QQQ' })).toEqual(['currency: "QQQ" is not an ISO 4217 currency code; use a three-letter code such as "USD", "EUR" or "GBP"']);
  });

  it('refuses ISO codes that are units of account, not money to invoice in', () => {
    expect(lines({ currency: 'XDR' })).toEqual([expect.stringMatching(/^currency: "XDR" is not a currency customers can be invoiced in/)]);
  });
});

describe('prices and their tiers', () => {
  it('wants exactly one of perMinute and tiers', () => {
    const both: RateInput = { direction: 'outbound', prefix: '44', perMinute: '1', tiers: { mode: 'graduated', steps: [{ upTo: 'inf', perMinute: '1' }] } };
    expect(lines(withRates(both))).toEqual(['minutes.rates[0]: give `perMinute` or `tiers`, not both; `perMinute` is one price for every minute; `tiers` prices minutes by the period’s volume; remove one']);
    expect(lines(withRates({ direction: 'outbound', prefix: '44' }))).toEqual(['minutes.rates[0]: the rate has no price; add `perMinute` (e.g. "1.5" minor units) or `tiers`']);
  });

  it('calls a tiered and a flat rate on one prefix the overlap they are', () => {
    const tiered: RateInput = { direction: 'outbound', prefix: '44', tiers: { mode: 'volume', steps: [{ upTo: 'inf', perMinute: '2' }] } };
    expect(lines(withRates(ukRate, tiered))).toEqual([expect.stringMatching(/^minutes\.rates\[1\]\.prefix: .*a tiered rate and a flat rate for one prefix leave no longest-prefix winner/)]);
  });

  it('wants tiers that ascend, start at a minute or more, and end with one open tier', () => {
    const rate: RateInput = {
      direction: 'outbound',
      prefix: '44',
      tiers: { mode: 'graduated', steps: [{ upTo: 0, perMinute: '3' }, { upTo: 100, perMinute: '2' }, { upTo: 'inf', perMinute: '1.5' }, { upTo: 50, perMinute: '1' }] },
    };
    expect(lines(withRates(rate))).toEqual([
      'minutes.rates[0].tiers.steps[0].upTo: upTo 0 covers no minutes; upTo is the last minute of the period the tier covers: a whole number of at least 1',
      'minutes.rates[0].tiers.steps[2].upTo: only the last tier can be open (`upTo: inf`); tiers after an open tier would never apply; give this one a number of minutes above 100, or remove the tiers after it',
      'minutes.rates[0].tiers.steps[3].upTo: tiers must ascend: upTo 50 is not above the previous tier\'s 100; order the tiers by upTo, each covering more minutes than the one before',
      'minutes.rates[0].tiers.steps[3].upTo: the last tier must be open (`upTo: inf`); minutes past 50 in a period would have no price; change this upTo to inf or add a last tier { upTo: inf, perMinute: ... }',
    ]);
  });

  it('refuses negative and non-numeric prices and fees wherever they are', () => {
    const failures = checkRateCard({
      currency: 'USD',
      numbers: [{ country: 'US', type: 'tollFree', setupFee: -100, monthlyPrice: 200 }],
      minutes: { connectFee: '-0.5', rates: [{ direction: 'outbound', prefix: '1', tiers: { mode: 'graduated', steps: [{ upTo: 10, perMinute: '-1', flatFee: -5 }, { upTo: 'inf', perMinute: 'free' }] } }] },
    }).failures;
    expect(failures.map((f) => [f.field, f.summary])).toEqual([
      ['minutes.rates[0].tiers.steps[1].perMinute', 'expected minor units with at most 12 decimals, e.g. "0.85" for 0.85 cents'],
      ['numbers[0].setupFee', '-100 is negative'],
      ['minutes.connectFee', '-0.5 is negative'],
    ]);
    // The rate whose second tier is not a number is reported by the model; once fixed, its first tier is judged too.
    const fixed = checkRateCard({ currency: 'USD', minutes: { rates: [{ direction: 'outbound', prefix: '1', tiers: { mode: 'graduated', steps: [{ upTo: 10, perMinute: '-1', flatFee: -5 }, { upTo: 'inf', perMinute: '0' }] } }] } }).failures;
    expect(fixed.map((f) => [f.field, f.summary])).toEqual([
      ['minutes.rates[0].tiers.steps[0].perMinute', '-1 is negative'],
      ['minutes.rates[0].tiers.steps[0].flatFee', '-5 is negative'],
    ]);
  });

  it('refuses amounts Stripe cannot hold: more than 99,999,999 minor units or more than 12 decimals', () => {
    expect(lines({ currency: 'USD', numbers: [{ country: 'US', type: 'local', setupFee: 100000000, monthlyPrice: 99999999 }] })).toEqual([
      'numbers[0].setupFee: 100000000 is more than Stripe accepts; Stripe prices are at most 99999999 USD minor units (eight digits)',
    ]);
    expect(lines(withRates({ direction: 'outbound', prefix: '44', perMinute: '0.1234567890123' }))).toEqual(['minutes.rates[0].perMinute: expected minor units with at most 12 decimals, e.g. "0.85" for 0.85 cents']);
  });
});

describe('increments and minimums', () => {
  it('points at the block that is wrong when the increment is written as an object', () => {
    expect(checkRateCard({ currency: 'USD', minutes: { increment: { initial: 6, subsequent: 0 }, rates: [ukRate] } }).failures).toEqual([
      expect.objectContaining({ field: 'minutes.increment.subsequent', summary: "an increment's later blocks of 0 seconds cannot bill a call" }),
    ]);
  });
});

describe('prefixes', () => {
  it('turns dialling forms into the E.164 digits to write', () => {
    expect(checkRateCard(withRates({ direction: 'outbound', prefix: '01144', perMinute: '1' })).failures[0]?.detail).toBe('"011" is a dialling prefix, not part of the number; write "44"');
    expect(checkRateCard(withRates({ direction: 'outbound', prefix: '020', perMinute: '1' })).failures[0]?.detail).toMatch(/drop the trunk 0 and start with the country code/);
  });

  it('warns about a prefix no calling code fits but keeps the card', () => {
    // No country code starts "28" (280–289 are unassigned).
    const checked = checkRateCard(withRates(ukRate, { direction: 'outbound', prefix: '28', perMinute: '1' }));
    expect(checked.failures).toEqual([expect.objectContaining({ severity: 'warning', field: 'minutes.rates[1].prefix' })]);
    expect(checked.card).toBeDefined();
  });

  it('accepts a prefix shorter than a calling code, as a catch-all for a world zone', () => {
    expect(checkRateCard(withRates({ direction: 'outbound', prefix: '2', perMinute: '5' })).failures).toEqual([]);
  });
});

describe('input that is not a card', () => {
  it('says what is missing instead of throwing', () => {
    expect(checkRateCard(undefined).card).toBeUndefined();
    expect(checkRateCard(undefined).failures.length).toBeGreaterThan(0);
    expect(lines({ currency: 'USD', minutes: { rates: 'all' } })).toEqual([expect.stringMatching(/^minutes\.rates: /)]);
  });
});
