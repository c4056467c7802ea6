/** Pricing v1 through the real twilio SDK. */
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

describe('a buyer checking prices', () => {
  it('reads monthly number prices per country and type', async () => {
    const countries = await t.client.pricing.v1.phoneNumbers.countries.list();
    expect(countries.length).toBeGreaterThanOrEqual(50);
    const us = await t.client.pricing.v1.phoneNumbers.countries('US').fetch();
    const types = us.phoneNumberPrices.map((p) => p.numberType);
    expect(types).toEqual(expect.arrayContaining(['local', 'toll free', 'mobile']));
    expect(us.priceUnit).toBe('USD');
  });

  it('reads voice prices per country and for one number', async () => {
    const gb = await t.client.pricing.v1.voice.countries('GB').fetch();
    expect(gb.outboundPrefixPrices.length).toBeGreaterThan(0);
    expect(gb.inboundCallPrices.length).toBeGreaterThan(0);
    const n = await t.client.pricing.v1.voice.numbers('+14155550123').fetch();
    expect(n.isoCountry).toBe('US');
    expect(Number(n.outboundCallPrice.currentPrice)).toBeGreaterThan(0);
  });

  it('answers 404 for a country it does not price', async () => {
    await expect(t.client.pricing.v1.phoneNumbers.countries('ZZ').fetch()).rejects.toMatchObject({ status: 404 });
  });
});
