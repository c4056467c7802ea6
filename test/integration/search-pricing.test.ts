/** NumberPriceBook through the real twilio SDK against the sandbox: Pricing v1 prices, converted, one request per country. */
import { NotFoundError, ValidationError } from '../../src/core/errors';
import { NumberPriceBook, type RatesTable } from '../../src/search/pricing';
import { useTestSandbox } from '../support/sandbox';
import { twilioCarrier } from '../../src/carriers/twilio/carrier';

const t = useTestSandbox();

const rates: RatesTable = { base: 'USD', date: '2026-11-01', rates: { EUR: 0.92, JPY: 151.37 } };

/** Pricing requests a client sent, by country. */
function pricingRequests(exchanges: readonly { url: string }[]): string[] {
  return exchanges.map((x) => /\/v1\/PhoneNumbers\/Countries\/([A-Z]{2})/.exec(x.url)?.[1]).filter((c): c is string => c !== undefined);
}

describe('a buyer pricing the numbers they are about to choose', () => {
  it('pays 1.15 USD a month for a US local number and nothing to set it up', async () => {
    const book = new NumberPriceBook(twilioCarrier(t.client));
    await expect(book.priceOf('US', 'local')).resolves.toEqual({
      monthly: { amountMinor: 115, currency: 'USD' },
      setup: { amountMinor: 0, currency: 'USD' },
      currency: 'USD',
    });
    expect((await book.priceOf('us', 'tollFree')).monthly).toEqual({ amountMinor: 215, currency: 'USD' });
    expect((await book.priceOf('DE', 'mobile')).monthly).toEqual({ amountMinor: 300, currency: 'USD' });
  });

  it('sees prices in euros or yen from their rates table, with the table date', async () => {
    const euros = new NumberPriceBook(twilioCarrier(t.client), { currency: 'EUR', rates });
    await expect(euros.priceOf('US', 'local')).resolves.toEqual({
      monthly: { amountMinor: 106, currency: 'EUR' },
      setup: { amountMinor: 0, currency: 'EUR' },
      currency: 'EUR',
      ratesDate: '2026-11-01',
    });
    const yen = new NumberPriceBook(twilioCarrier(t.client), { currency: 'jpy', rates });
    expect((await yen.priceOf('GB', 'tollFree')).monthly).toEqual({ amountMinor: 325, currency: 'JPY' });
    // A table that is given but not needed leaves dollar prices unconverted and undated.
    expect(await new NumberPriceBook(twilioCarrier(t.client), { rates }).priceOf('US', 'local')).not.toHaveProperty('ratesDate');
  });

  it('asks the carrier once per country however many prices it reads, even at the same time', async () => {
    const { client, http } = t.newClient();
    const book = new NumberPriceBook(twilioCarrier(client), { currency: 'EUR', rates });
    const asks = [
      book.priceOf('US', 'local'),
      book.priceOf('US', 'mobile'),
      book.priceOf('US', 'tollFree'),
      book.priceOf('GB', 'local'),
      book.priceOf('GB', 'local'),
    ];
    const prices = await Promise.all(asks);
    expect(prices.map((p) => p.monthly.amountMinor)).toEqual([106, 106, 198, 106, 106]);
    await book.priceOf('US', 'local');
    expect(pricingRequests(http.exchanges).sort()).toEqual(['GB', 'US']);
  });

  it('is told plainly when the carrier sells no numbers in a country, or none of a type', async () => {
    const { client, http } = t.newClient();
    const book = new NumberPriceBook(twilioCarrier(client));
    const noCountry = book.priceOf('RU', 'local');
    await expect(noCountry).rejects.toBeInstanceOf(NotFoundError);
    await expect(noCountry).rejects.toMatchObject({ field: 'country', summary: 'Twilio lists no number prices for RU' });
    await expect(book.priceOf('BG', 'tollFree')).rejects.toMatchObject({
      field: 'type',
      summary: 'Twilio lists no price for toll-free numbers in BG',
      detail: expect.stringContaining('local, mobile'),
    });
    // A failed lookup is not remembered: asking again asks the carrier again.
    await expect(book.priceOf('RU', 'mobile')).rejects.toBeInstanceOf(NotFoundError);
    expect(pricingRequests(http.exchanges)).toEqual(['RU', 'BG', 'RU']);
  });

  it('is stopped before any request when the currency cannot be shown', async () => {
    const { client, http } = t.newClient();
    expect(() => new NumberPriceBook(twilioCarrier(client), { currency: 'EUR' })).toThrow(/no rates table to convert USD to EUR/);
    expect(() => new NumberPriceBook(twilioCarrier(client), { currency: 'SEK', rates })).toThrow('currency: rates table dated 2026-11-01 has no SEK; add it or use USD');
    expect(() => new NumberPriceBook(twilioCarrier(client), { currency: 'EURO', rates })).toThrow(ValidationError);
    await expect(new NumberPriceBook(twilioCarrier(client)).priceOf('USA', 'local')).rejects.toMatchObject({ field: 'country' });
    expect(http.exchanges).toHaveLength(0);
  });
});
