/**
 * An operator keeps the rate card in a YAML file next to the Pulumi or Terraform program: it loads as written, and
 * each problem names the line to edit.
 */
import { loadRateCard } from '../../src/billing/rating';

const card = `# Prices in cents
currency: USD
numbers:
  - { country: US, type: local, setupFee: 100, monthlyPrice: 115 }
  - { country: GB, type: mobile, setupFee: 300, monthlyPrice: 450 }
minutes:
  increment: 6/6
  minimumSeconds: 30
  connectFee: "0.5"
  rates:
    - direction: outbound
      prefix: 44
      perMinute: 2.5
    - direction: outbound
      prefix: "447"
      tiers:
        mode: graduated
        steps:
          - { upTo: 1000, perMinute: "9" }
          - { upTo: inf, perMinute: "7.5" }
`;

describe('loading a rate card file', () => {
  it('reads YAML as written, unquoted numbers included', () => {
    const loaded = loadRateCard(card);
    expect(loaded.failures).toEqual([]);
    expect(loaded.card?.minutes?.increment).toEqual({ initial: 6, subsequent: 6 });
    expect(loaded.card?.minutes?.rates.map((r) => r.prefix)).toEqual(['44', '447']); // `prefix: 44` unquoted is the text "44"
    expect(loaded.card?.minutes?.rates[0].perMinute).toBe('2.5');
  });

  it('reads JSON too', () => {
    expect(loadRateCard(JSON.stringify({ currency: 'EUR', numbers: [{ country: 'DE', type: 'local', setupFee: 0, monthlyPrice: 100 }] })).card?.currency).toBe('EUR');
  });

  it('keeps the leading zeros of an unquoted prefix, so the mistake is reported rather than silently fixed', () => {
    // YAML 1.2 reads 0044 as the number 44; the loader keeps the digits written.
    const loaded = loadRateCard(card.replace('prefix: 44', 'prefix: 0044'));
    expect(loaded.card).toBeUndefined();
    expect(loaded.failures).toEqual([
      { severity: 'error', field: 'minutes.rates[0].prefix', summary: 'prefix "0044" matches no E.164 number', detail: '"00" is a dialling prefix, not part of the number; write "44" (line 12, column 15)' },
    ]);
  });

  it('names the line of every problem', () => {
    const broken = card.replace('country: GB', 'country: UK').replace('upTo: inf, perMinute: "7.5"', 'upTo: 500, perMinute: "7.5"');
    expect(loadRateCard(broken).failures.map((f) => [f.field, f.detail?.match(/\(line (\d+), column \d+\)$/)?.[1]])).toEqual([
      ['numbers[1].country', '5'],
      ['minutes.rates[1].tiers.steps[1].upTo', '20'],
      ['minutes.rates[1].tiers.steps[1].upTo', '20'],
    ]);
  });

  it('points a missing field at the part of the file that lacks it', () => {
    const loaded = loadRateCard('currency: USD\nminutes:\n  increment: 60/60\n');
    expect(loaded.failures).toEqual([expect.objectContaining({ field: 'minutes.rates', detail: 'at line 3, column 3' })]);
  });

  it('reports a syntax error with its position instead of throwing', () => {
    const loaded = loadRateCard('currency: USD\nnumbers: [ { country: US\n');
    expect(loaded.card).toBeUndefined();
    expect(loaded.failures[0]).toMatchObject({ severity: 'error', summary: expect.stringMatching(/^not valid YAML or JSON: /), detail: expect.stringMatching(/^at line \d+, column \d+$/) });
  });

  it('refuses a key written twice, which YAML would otherwise let the second one win', () => {
    expect(loadRateCard('currency: USD\ncurrency: EUR\n').failures[0]?.summary).toMatch(/^not valid YAML or JSON: Map keys must be unique/);
  });
});
