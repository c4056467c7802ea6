/** checkAvailability through the real twilio SDK against the sandbox: available, owned, taken and invalid, in bulk. */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { AuthenticationError } from '../../src/core/errors';
import { checkAvailability } from '../../src/search/availability';
import { RecordingHttpClient, useTestSandbox } from '../support/sandbox';
import { twilioCarrier } from '../../src/carriers/twilio/carrier';

const t = useTestSandbox();

/** A recording client that also counts how many requests are waiting for an answer at once. */
class InFlightCountingClient extends RecordingHttpClient {
  inFlight = 0;
  maxInFlight = 0;

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await super.request(opts);
    } finally {
      this.inFlight--;
    }
  }
}

/** Requests that looked up the account's own numbers, one per number checked. */
function ownershipLookups(exchanges: readonly { url: string }[]): string[] {
  return exchanges
    .filter((x) => /\/IncomingPhoneNumbers\.json\?/.test(x.url))
    .map((x) => new URL(x.url).searchParams.get('PhoneNumber') ?? '');
}

const known = { owned: '', ownedSid: '', local: '', released: '', mobile: '', tollFree: '', london: '' };
const NOT_IN_INVENTORY = '+14155550100';

beforeAll(async () => {
  const us = t.client.availablePhoneNumbers('US');
  const [mine, free, gone] = await us.local.list({ areaCode: 415, limit: 3 });
  const bought = await t.client.incomingPhoneNumbers.create({ phoneNumber: mine.phoneNumber });
  // Released numbers rest before they are offered again, so this one is nobody's and not for sale.
  const boughtAndReleased = await t.client.incomingPhoneNumbers.create({ phoneNumber: gone.phoneNumber });
  await t.client.incomingPhoneNumbers(boughtAndReleased.sid).remove();
  const [mobile] = await us.mobile.list({ limit: 1 });
  const [tollFree] = await us.tollFree.list({ limit: 1 });
  const [london] = await t.client.availablePhoneNumbers('GB').local.list({ contains: '+4420', limit: 1 });
  Object.assign(known, {
    owned: bought.phoneNumber,
    ownedSid: bought.sid,
    local: free.phoneNumber,
    released: gone.phoneNumber,
    mobile: mobile.phoneNumber,
    tollFree: tollFree.phoneNumber,
    london: london.phoneNumber,
  });
});

describe('a buyer checking a list of numbers before declaring them', () => {
  it('learns which are available, owned and taken, in the order given', async () => {
    const inputs = [known.local, known.owned, NOT_IN_INVENTORY, known.released, known.mobile, known.tollFree, known.london];
    const results = await checkAvailability(twilioCarrier(t.client), inputs);
    expect(results.map((r) => [r.input, r.status])).toEqual([
      [known.local, 'available'],
      [known.owned, 'owned'],
      [NOT_IN_INVENTORY, 'taken'],
      [known.released, 'taken'],
      [known.mobile, 'available'],
      [known.tollFree, 'available'],
      [known.london, 'available'],
    ]);
    expect(results[1]).toEqual({ input: known.owned, number: known.owned, status: 'owned', sid: known.ownedSid });
    expect(results[2].reason).toMatch(/does not offer it now/);
    expect(results[0]).toEqual({ input: known.local, number: known.local, status: 'available' });
  });

  it('writes numbers any way they like and has each number checked once', async () => {
    const { client, http } = t.newClient();
    const spaced = `+1 (${known.owned.slice(2, 5)}) ${known.owned.slice(5, 8)}-${known.owned.slice(8)}`;
    const national = `${NOT_IN_INVENTORY.slice(2, 5)} ${NOT_IN_INVENTORY.slice(5, 8)} ${NOT_IN_INVENTORY.slice(8)}`;
    const inputs = [known.owned, known.local, spaced, known.local, national, known.owned];
    const results = await checkAvailability(twilioCarrier(client), inputs, { defaultCountry: 'US' });
    expect(results.map((r) => [r.input, r.number, r.status])).toEqual([
      [known.owned, known.owned, 'owned'],
      [known.local, known.local, 'available'],
      [spaced, known.owned, 'owned'],
      [known.local, known.local, 'available'],
      [national, NOT_IN_INVENTORY, 'taken'],
      [known.owned, known.owned, 'owned'],
    ]);
    expect(ownershipLookups(http.exchanges).sort()).toEqual([known.local, known.owned, NOT_IN_INVENTORY].sort());
  });

  it('is told why an input is not a number, without a request to the carrier', async () => {
    const { client, http } = t.newClient();
    const results = await checkAvailability(twilioCarrier(client), ['4155550100', '+1415', 'call me', '', '+1 415 555 0100 ext. 7']);
    expect(results.every((r) => r.status === 'invalid' && r.number === undefined)).toBe(true);
    expect(results.map((r) => r.reason)).toEqual([
      expect.stringContaining('has no country code; write it in E.164 with a leading "+", e.g. "+14155550100"'),
      expect.stringContaining('"+1415" is not a valid phone number'),
      expect.stringContaining('"call me" is not a phone number'),
      expect.stringContaining('the phone number is empty'),
      expect.stringContaining('has an extension'),
    ]);
    expect(http.exchanges).toHaveLength(0);
    await expect(checkAvailability(twilioCarrier(client), [])).resolves.toEqual([]);
  });

  it('is told a number is invalid where the carrier sells no numbers in its country or of its type', async () => {
    const results = await checkAvailability(twilioCarrier(t.client), ['+79123456789', '+35980012345', '+80012345678']);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['invalid', 'the carrier offers no numbers in RU'],
      ['invalid', 'the carrier offers no toll-free numbers in BG'],
      ['invalid', expect.stringContaining('belongs to no single country (+800)')],
    ]);
  });

  it('watches progress count up to the total on a long check', async () => {
    const batch = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 6 });
    const inputs = [...batch.map((n) => n.phoneNumber), 'not a number', known.owned, batch[0].phoneNumber];
    const seen: [number, number][] = [];
    await checkAvailability(twilioCarrier(t.client), inputs, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen[0]).toEqual([1, inputs.length]);
    expect(seen[seen.length - 1]).toEqual([inputs.length, inputs.length]);
    expect(seen.every(([, total]) => total === inputs.length)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
  });

  it('never has more requests in flight than the concurrency it asked for', async () => {
    const batch = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 12 });
    const inputs = [...batch.map((n) => n.phoneNumber), known.owned, NOT_IN_INVENTORY];
    for (const concurrency of [1, 3]) {
      const http = new InFlightCountingClient({ baseUrl: t.sandbox.url, retry: false });
      const client = twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: http });
      const results = await checkAvailability(twilioCarrier(client), inputs, { concurrency });
      expect(results.filter((r) => r.status === 'available')).toHaveLength(batch.length);
      expect(http.maxInFlight).toBeLessThanOrEqual(concurrency);
      // The bound is a ceiling, not a queue of one: the checks do overlap when allowed to.
      if (concurrency > 1) expect(http.maxInFlight).toBeGreaterThan(1);
    }
  });

  it('gets the carrier error, translated, instead of a half-answered list', async () => {
    const { client } = t.newClient({ authToken: 'wrong' });
    const failure = checkAvailability(twilioCarrier(client), [known.local, known.owned]);
    await expect(failure).rejects.toBeInstanceOf(AuthenticationError);
    await expect(failure).rejects.toMatchObject({ field: 'numbers[0]', summary: expect.stringContaining(`look up ${known.local}`) });
    await expect(checkAvailability(twilioCarrier(client), [known.local], { concurrency: 0 })).rejects.toMatchObject({ field: 'concurrency' });
    await expect(checkAvailability(twilioCarrier(client), ['415 555 0100'], { defaultCountry: 'UK' })).rejects.toThrow('defaultCountry: "UK" is not an ISO 3166 country code; did you mean "GB"?');
  });
});
