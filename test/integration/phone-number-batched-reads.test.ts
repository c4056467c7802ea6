/**
 * A refresh or destroy of a whole stack, through the real twilio SDK against the sandbox: one listing of the account
 * per command serves the reads of many numbers, addresses and flows, and answers exactly what reading each one would.
 *
 * Each "command" below is what one provider process does (Pulumi and Terraform start one per command): its own
 * handlers on its own SDK client, whose requests are recorded and counted. The per-number baseline is what didops did
 * before batching: every read is the first call of a fresh handler, so it is always one direct fetch.
 */
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import twilio from 'twilio';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import {
  createEmergencyAddressHandler,
  createPhoneNumberHandler,
  createRoutingPlanHandler,
  definitionDigest,
  readMarker,
  type EmergencyAddressInputs,
  type EmergencyAddressOutputs,
  type PhoneNumberInputs,
  type PhoneNumberState,
  type RoutingPlanOutputs,
  type RoutingPlanResourceInputs,
} from '../../src/resources';
import { definePlan } from '../../src/routing/model';
import { expectResponseConforms } from '../support/conformance';
import { RecordingHttpClient, useTestSandbox, type Exchange } from '../support/sandbox';
import { twilioCarriers } from '../support/sandbox';

const t = useTestSandbox();
const noSleep = async () => {};

type NumberState = PhoneNumberInputs & PhoneNumberState;
type PlanState = RoutingPlanResourceInputs & RoutingPlanOutputs;
type AddressState = EmergencyAddressInputs & EmergencyAddressOutputs;

const urnOf = (type: string, name: string) => `urn:pulumi:test::didops::didops:index:${type}::${name}`;
const identity = (type: string, name: string): ResourceIdentity => ({ type: `didops:index:${type}`, name, urn: urnOf(type, name) });

/** The SDK's HTTP client, recording every exchange, that can hold an answer while the test acts on the account. */
class HoldingHttpClient extends RecordingHttpClient {
  /** Runs after an answer arrived and before the SDK sees it. */
  afterAnswer?: (method: string, uri: string) => Promise<void>;

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const response = await super.request(opts);
    await this.afterAnswer?.(String(opts.method).toUpperCase(), opts.uri);
    return response;
  }
}

/** Every command's client, so that their answers are checked against Twilio's schemas as the harness's are. */
const commandClients: HoldingHttpClient[] = [];
afterAll(() => {
  for (const x of commandClients.flatMap((http) => http.exchanges)) expectResponseConforms(x.method as 'GET', x.url, x.status, x.body, { allFieldsPresent: true });
});

/** One provider process: handlers built once on one SDK client whose requests are counted. */
function command() {
  const http = new HoldingHttpClient({ baseUrl: t.sandbox.url, retry: false });
  commandClients.push(http);
  const client = twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: http });
  return {
    http,
    client,
    numbers: createPhoneNumberHandler({ carriers: twilioCarriers(client, { sleep: noSleep }), sleep: noSleep, candidates: 5 }),
    plans: createRoutingPlanHandler({ carriers: twilioCarriers(client, { sleep: noSleep  }), sleep: noSleep }),
    addresses: createEmergencyAddressHandler({ carriers: twilioCarriers(client, { sleep: noSleep }) }),
  };
}

/** Runs `fn` over `items` with at most `width` at a time, in order of index (as an engine walks its graph). */
async function inParallel<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const path = (x: Exchange) => new URL(x.url).pathname;
const NUMBER_LIST = /\/IncomingPhoneNumbers\.json$/;
const NUMBER = /\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/;
const numberLists = (http: RecordingHttpClient) => http.exchanges.filter((x) => x.method === 'GET' && NUMBER_LIST.test(path(x)));
const numberFetches = (http: RecordingHttpClient) => http.exchanges.filter((x) => x.method === 'GET' && NUMBER.test(path(x)));
/** Every request a command made about one number (fetch, update, release), as `METHOD status`. */
const requestsAbout = (http: RecordingHttpClient, sid: string) => http.exchanges.filter((x) => path(x).endsWith(`/${sid}.json`)).map((x) => `${x.method} ${x.status}`);

/** Numbers bought by an earlier apply, each through the PhoneNumber handler with the same search. */
async function stackOfNumbers(count: number, areaCode: string, name: string): Promise<NumberState[]> {
  const apply = command();
  const checked = await apply.numbers.check({ news: { search: { country: 'US', areaCode } } });
  const inputs = checked.inputs!;
  return inParallel(Array.from({ length: count }, (_, i) => i), 10, async (i) => {
    const { outputs } = await apply.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', `${name}-${i}`) });
    return { ...inputs, ...outputs } as NumberState;
  });
}

/** What a refresh of each number on its own answers: every read the first of its own handler, so a direct fetch. */
async function readEachNumber(states: readonly NumberState[]) {
  const { client, http } = t.newClient();
  const results = await inParallel(states, 10, (state) => createPhoneNumberHandler({ carriers: twilioCarriers(client, { sleep: noSleep  }), sleep: noSleep }).read({ id: state.sid, state }));
  return { results, http };
}

async function emergencyAddress(customerName: string): Promise<string> {
  const a = await t.client.addresses.create({ customerName, street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', isoCountry: 'US', emergencyEnabled: true });
  return a.sid;
}

async function ownedNumbers(): Promise<string[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.sid);
}

/** A tiny routing plan: ring desk number `i`, then voicemail. */
const deskPlan = (i: number) =>
  definePlan({
    start: 'desk',
    steps: {
      desk: { type: 'forward', to: `+1415555${String(100 + i).padStart(4, '0')}`, timeout: 20, onNoAnswer: 'voicemail', onBusy: 'voicemail', onFailure: 'voicemail' },
      voicemail: { type: 'voicemail', greeting: 'Please leave a message.' },
    },
  });

afterEach(async () => {
  t.sandbox.context.faults.configure([]);
  // Each story starts from an account without numbers, so "none left" means what it says.
  for (const n of await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })) {
    if (n.emergencyAddressSid) await t.client.incomingPhoneNumbers(n.sid).update({ emergencyAddressSid: '' });
    await t.client.incomingPhoneNumbers(n.sid).remove();
  }
});

describe('a refresh of a stack of numbers', () => {
  it('a refresh of 40 numbers lists the account once and gives the same state and drift as reading each number', async () => {
    const stack = await stackOfNumbers(40, '415', 'line');
    // Console edits made since the apply, some among the first sixteen reads (answered directly), most after them.
    const [hq, branch] = [await emergencyAddress('Acme HQ'), await emergencyAddress('Acme Branch')];
    await t.client.incomingPhoneNumbers(stack[3].sid).update({ friendlyName: 'Front desk' });
    await t.client.incomingPhoneNumbers(stack[10].sid).update({ emergencyAddressSid: hq });
    await t.client.incomingPhoneNumbers(stack[20].sid).update({ voiceUrl: 'https://console.example/voice' });
    await t.client.incomingPhoneNumbers(stack[27].sid).update({ emergencyAddressSid: branch });
    await t.client.incomingPhoneNumbers(stack[33].sid).update({ friendlyName: 'Night line', voiceUrl: 'https://console.example/night', voiceMethod: 'GET' });

    const refresh = command();
    const batched = await inParallel(stack, 10, (state) => refresh.numbers.read({ id: state.sid, state }));
    const each = await readEachNumber(stack);

    expect(batched).toEqual(each.results);
    // Sixteen reads went direct before the batch showed itself; the other 24 came from one listing.
    expect(numberLists(refresh.http)).toHaveLength(1);
    expect(numberFetches(refresh.http).map((x) => path(x).match(NUMBER)![1])).toEqual(stack.slice(0, 16).map((s) => s.sid));
    expect(refresh.http.exchanges).toHaveLength(17);
    expect(numberFetches(each.http)).toHaveLength(40);
    expect(numberLists(each.http)).toHaveLength(0);

    // The drift is there, through the listing as through a fetch.
    const inputs = batched.map((r) => r!.inputs!);
    expect(inputs[3].friendlyName).toBe('Front desk');
    expect(inputs[10].emergencyAddress).toBe(hq);
    expect(inputs[20].voice?.url).toBe('https://console.example/voice');
    expect(inputs[27].emergencyAddress).toBe(branch);
    expect(batched[27]!.outputs.emergencyStatus).toBe('Active');
    expect(inputs[33]).toMatchObject({ friendlyName: 'Night line', voice: { url: 'https://console.example/night', method: 'GET' } });
    expect(readMarker(batched[33]!.outputs.carrierFriendlyName).tag).toBeUndefined();
    const untouched = stack.map((_, i) => i).filter((i) => ![3, 10, 20, 27, 33].includes(i));
    for (const i of untouched) {
      expect(inputs[i]).toEqual({ search: stack[i].search, retainOnDelete: false });
      expect(batched[i]!.outputs).toMatchObject({ sid: stack[i].sid, e164: stack[i].e164, carrierFriendlyName: stack[i].carrierFriendlyName });
    }
  });

  it('a number released outside the tool before the listing is read as gone, as reading it alone does', async () => {
    const stack = await stackOfNumbers(20, '628', 'gone');
    await t.client.incomingPhoneNumbers(stack[18].sid).remove();

    const refresh = command();
    const batched = await inParallel(stack, 10, (state) => refresh.numbers.read({ id: state.sid, state }));
    const each = await readEachNumber(stack);

    expect(batched[18]).toBeNull();
    expect(batched).toEqual(each.results);
    expect(batched.filter((r) => r === null)).toHaveLength(1);
    // Missing from the listing is not enough: it was asked for, and the carrier said 404.
    expect(numberLists(refresh.http)).toHaveLength(1);
    expect(requestsAbout(refresh.http, stack[18].sid)).toEqual(['GET 404']);
  });

  it('a number released outside the tool between the list and the read is answered from the listing, and the next command reports it gone', async () => {
    const stack = await stackOfNumbers(20, '646', 'late-release');
    const refresh = command();
    // Seventeen reads: the seventeenth makes the listing, which holds every number of the account as it was then.
    await inParallel(stack.slice(0, 17), 10, (state) => refresh.numbers.read({ id: state.sid, state }));
    expect(numberLists(refresh.http)).toHaveLength(1);
    const [beforeRelease] = (await readEachNumber([stack[19]])).results;

    await t.client.incomingPhoneNumbers(stack[19].sid).remove();

    // Within the command the listing is a snapshot of the account at its start: the read answers the listed copy,
    // without a request. Within one command a refresh cannot tell this from a release a moment after the read.
    const sameCommand = await refresh.numbers.read({ id: stack[19].sid, state: stack[19] });
    expect(sameCommand).toEqual(beforeRelease);
    expect(requestsAbout(refresh.http, stack[19].sid)).toEqual([]);
    // The next command (a fresh provider process) reports it gone, exactly as reading it alone does.
    const nextCommand = await command().numbers.read({ id: stack[19].sid, state: stack[19] });
    expect(nextCommand).toBeNull();
    expect((await readEachNumber([stack[19]])).results).toEqual([null]);
    // And a destroy in the stale command still succeeds: the release finds it already gone.
    await expect(refresh.numbers.delete({ id: stack[19].sid, state: stack[19] })).resolves.toBeUndefined();
    expect(requestsAbout(refresh.http, stack[19].sid)).toEqual(['DELETE 404']);
  });

  it('a number bought while the account was being listed is still found, by asking for it', async () => {
    const stack = await stackOfNumbers(17, '212', 'paging');
    const refresh = command();
    let bought: NumberState | undefined;
    // The account's page has been served; before the listing is complete, another run buys a number. The sandbox
    // pages by key (PageToken), so a number moving between pages is not missed; one bought after its page is.
    refresh.http.afterAnswer = async (method, uri) => {
      if (method !== 'GET' || !NUMBER_LIST.test(new URL(uri).pathname) || bought) return;
      [bought] = await stackOfNumbers(1, '212', 'bought-meanwhile');
    };
    const batched = await inParallel(stack, 10, (state) => refresh.numbers.read({ id: state.sid, state }));
    expect(bought).toBeDefined();
    const [list] = numberLists(refresh.http);
    expect((list.body as { incoming_phone_numbers: { sid: string }[] }).incoming_phone_numbers.map((n) => n.sid)).not.toContain(bought!.sid);

    const found = await refresh.numbers.read({ id: bought!.sid, state: bought! });
    expect(found).not.toBeNull();
    expect(found).toEqual((await readEachNumber([bought!])).results[0]);
    expect(requestsAbout(refresh.http, bought!.sid)).toEqual(['GET 200']);
    expect(batched).toEqual((await readEachNumber(stack)).results);
    expect(numberLists(refresh.http)).toHaveLength(1);
  });

  it('a write in the same command is read back as written, without asking the carrier again', async () => {
    const stack = await stackOfNumbers(17, '305', 'write-back');
    const up = command();
    await inParallel(stack, 10, (state) => up.numbers.read({ id: state.sid, state }));
    const news = (await up.numbers.check({ news: { search: stack[16].search, friendlyName: 'Renamed by code' } })).inputs!;
    const { outputs } = await up.numbers.update({ id: stack[16].sid, olds: stack[16], news, preview: false });
    const before = up.http.exchanges.length;
    const read = await up.numbers.read({ id: stack[16].sid, state: { ...news, ...outputs } });
    expect(up.http.exchanges.length).toBe(before);
    expect(read!.inputs!.friendlyName).toBe('Renamed by code');
    expect(read).toEqual((await readEachNumber([{ ...news, ...outputs }])).results[0]);
  });
});

describe('a replacement in a command that refreshed first', () => {
  it('keeps and detaches the old number (retainOnDelete) and buys the new one, its tag look-up served by the same listing', async () => {
    const apply = command();
    const kept = (await apply.numbers.check({ news: { search: { country: 'US', areaCode: '415' }, retainOnDelete: true } })).inputs!;
    const { outputs } = await apply.numbers.create({ inputs: kept, preview: false, identity: identity('PhoneNumber', 'main-line') });
    const old = { ...kept, ...outputs } as NumberState;
    const others = await stackOfNumbers(16, '415', 'other');

    // `pulumi up --refresh`: the refresh lists the account (the old number with its ownership tag in it)...
    const up = command();
    await inParallel([old, ...others], 10, (state) => up.numbers.read({ id: state.sid, state }));
    expect(numberLists(up.http)).toHaveLength(1);
    // ...then the new criteria no longer fit: delete (keep and detach) before create, with the same resource name.
    const news = (await up.numbers.check({ news: { search: { country: 'US', areaCode: '628' } } })).inputs!;
    expect(await up.numbers.diff({ id: old.sid, olds: old, news })).toMatchObject({ replaces: ['search'], deleteBeforeReplace: true });
    await up.numbers.delete({ id: old.sid, state: old });
    const replacement = await up.numbers.create({ inputs: news, preview: false, identity: identity('PhoneNumber', 'main-line') });

    expect(replacement.id).not.toBe(old.sid);
    expect(replacement.outputs.e164).toMatch(/^\+1628/);
    const detached = await t.client.incomingPhoneNumbers(old.sid).fetch();
    expect(readMarker(detached.friendlyName).tag).toBeUndefined();
    expect(numberLists(up.http)).toHaveLength(1);
    // The command's own copy of the kept number is the detached one, not the listed one.
    const before = up.http.exchanges.length;
    expect((await up.numbers.read({ id: old.sid, state: old }))!.outputs.carrierFriendlyName).toBe(detached.friendlyName);
    expect(up.http.exchanges.length).toBe(before);
  });
});

describe('when the carrier refuses the listing', () => {
  it('a refresh whose listing fails (503) reads every number on its own and answers the same', async () => {
    const stack = await stackOfNumbers(20, '347', 'no-listing');
    await t.client.incomingPhoneNumbers(stack[18].sid).update({ voiceUrl: 'https://console.example/voice' });
    t.sandbox.context.faults.configure([{ method: 'GET', path: '/api/2010-04-01/Accounts/*/IncomingPhoneNumbers.json', errorRate: 1, status: 503 }]);
    const refresh = command();
    const batched = await inParallel(stack, 10, (state) => refresh.numbers.read({ id: state.sid, state }));
    t.sandbox.context.faults.configure([]);

    expect(batched).toEqual((await readEachNumber(stack)).results);
    expect(batched[18]!.inputs!.voice?.url).toBe('https://console.example/voice');
    // One listing tried, refused, and not tried again in this command: every read was a fetch of its own.
    expect(numberLists(refresh.http).map((x) => x.status)).toEqual([503]);
    expect(numberFetches(refresh.http)).toHaveLength(20);
  });
});

describe('a destroy of a stack of numbers', () => {
  it('a destroy of many releases each number with one request after the listing', async () => {
    const stack = await stackOfNumbers(24, '718', 'destroy');
    const destroy = command();
    await inParallel(stack, 10, (state) => destroy.numbers.delete({ id: state.sid, state }));

    expect(await ownedNumbers()).toEqual([]);
    for (const state of stack.slice(0, 16)) expect(requestsAbout(destroy.http, state.sid)).toEqual(['GET 200', 'DELETE 204']);
    for (const state of stack.slice(16)) expect(requestsAbout(destroy.http, state.sid)).toEqual(['DELETE 204']);
    expect(numberLists(destroy.http)).toHaveLength(1);
    expect(destroy.http.exchanges).toHaveLength(16 + 1 + 24);
  });

  it('a release refused because an emergency address was added after the listing is retried with a fresh copy', async () => {
    const stack = await stackOfNumbers(18, '312', 'e911');
    const hq = await emergencyAddress('Acme HQ');
    await t.client.incomingPhoneNumbers(stack[5].sid).update({ emergencyAddressSid: hq });
    const destroy = command();
    // `pulumi destroy --refresh`: the refresh takes the listing; then someone registers a number for 911.
    await inParallel(stack, 10, (state) => destroy.numbers.read({ id: state.sid, state }));
    expect(numberLists(destroy.http)).toHaveLength(1);
    await t.client.incomingPhoneNumbers(stack[17].sid).update({ emergencyAddressSid: hq });

    await inParallel(stack, 10, (state) => destroy.numbers.delete({ id: state.sid, state }));

    expect(await ownedNumbers()).toEqual([]);
    // The listed copy had no address: the release is refused, the number fetched fresh, the address removed, released.
    expect(requestsAbout(destroy.http, stack[17].sid)).toEqual(['DELETE 400', 'GET 200', 'POST 200', 'DELETE 204']);
    // An address the listing already showed is removed first, without a refused release.
    expect(requestsAbout(destroy.http, stack[5].sid)).toEqual(['GET 200', 'POST 200', 'DELETE 204']);
    expect(numberLists(destroy.http)).toHaveLength(1);
    // Nothing uses the address any more, so it can go too.
    expect(await t.client.addresses(hq).remove()).toBe(true);
  });
});

describe('many creates with the same search', () => {
  const searches = (http: RecordingHttpClient) => http.exchanges.filter((x) => x.method === 'GET' && /\/AvailablePhoneNumbers\//.test(path(x))).length;

  it('twenty creates after a run whose state was lost adopt every number it bought, the later ones found in one listing', async () => {
    const lost = await stackOfNumbers(20, '917', 'pool');
    const rerun = command();
    const inputs = (await rerun.numbers.check({ news: { search: { country: 'US', areaCode: '917' } } })).inputs!;
    const made = await inParallel(lost, 10, (_, i) => rerun.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', `pool-${i}`) }));

    expect(made.map((m) => m.id)).toEqual(lost.map((s) => s.sid));
    expect((await ownedNumbers()).sort()).toEqual(lost.map((s) => s.sid).sort());
    // Nothing bought, nothing searched: sixteen narrow scans by area code, then one listing for the other four.
    expect(rerun.http.exchanges.filter((x) => x.method === 'POST' && NUMBER_LIST.test(path(x)))).toHaveLength(0);
    expect(rerun.http.exchanges.filter((x) => /AvailablePhoneNumbers/.test(path(x)))).toHaveLength(0);
    const scans = numberLists(rerun.http).map((x) => new URL(x.url).searchParams.get('PhoneNumber'));
    expect(scans.filter((digits) => digits === '1917')).toHaveLength(16);
    expect(scans.filter((digits) => digits === null)).toHaveLength(1);
    expect(scans).toHaveLength(17);
  });

  it('a purchase whose answer is lost after the listing was taken is looked for at the carrier, and never bought twice', async () => {
    const run = command();
    const inputs = (await run.numbers.check({ news: { search: { country: 'US', areaCode: '303' } } })).inputs!;
    // Seventeen creates: the sixteenth look-up by tag was the last direct one, the seventeenth took the listing.
    await inParallel(Array.from({ length: 17 }, (_, i) => i), 4, (i) =>
      run.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', `late-${i}`) }),
    );
    // The next purchase happens, but its answer is lost (a gateway timeout after the work): the listing, taken
    // before, does not have it; only the carrier knows.
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/2010-04-01/Accounts/*/IncomingPhoneNumbers.json', errorRate: 1, status: 504, when: 'after', maxFailures: 1 }]);
    const made = await run.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', 'late-lost') });
    t.sandbox.context.faults.configure([]);
    const tagged = (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).filter((n) => readMarker(n.friendlyName).tag === made.outputs.ownershipTag);
    expect(tagged.map((n) => n.sid)).toEqual([made.id]);
    // And a second create of the same resource in this command (a re-run step) adopts it instead of buying again.
    const again = await run.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', 'late-lost') });
    expect(again.id).toBe(made.id);
    expect((await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).filter((n) => readMarker(n.friendlyName).tag === made.outputs.ownershipTag)).toHaveLength(1);
  });

  it('ten creates with one search buy side by side, each its own number, instead of one after the other', async () => {
    /** Counts purchases in flight at once. */
    class PurchaseCounter extends RecordingHttpClient {
      inFlight = 0;
      peak = 0;
      override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
        const buying = String(opts.method).toUpperCase() === 'POST' && /IncomingPhoneNumbers\.json$/.test(new URL(opts.uri).pathname);
        if (buying) this.peak = Math.max(this.peak, ++this.inFlight);
        try {
          return await super.request(opts);
        } finally {
          if (buying) this.inFlight--;
        }
      }
    }
    const http = new PurchaseCounter({ baseUrl: t.sandbox.url, retry: false });
    const numbers = createPhoneNumberHandler({ carriers: twilioCarriers(twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: http })), sleep: noSleep, candidates: 5 });
    const inputs = (await numbers.check({ news: { search: { country: 'US', areaCode: '408' } } })).inputs!;
    // Purchases that take a moment, as on Twilio.
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/2010-04-01/Accounts/*/IncomingPhoneNumbers.json', latencyMs: 100 }]);
    try {
      const made = await Promise.all(Array.from({ length: 10 }, (_, i) => numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', `side-${i}`) })));
      expect(new Set(made.map((m) => m.outputs.e164)).size).toBe(10);
    } finally {
      t.sandbox.context.faults.configure([]);
    }
    // The first search's five matches go to five purchases at once.
    expect(http.peak).toBeGreaterThanOrEqual(5);
  });

  it('twenty creates with one search reuse the matches a search left unused', async () => {
    const up = command();
    const inputs = (await up.numbers.check({ news: { search: { country: 'US', areaCode: '415' } } })).inputs!;
    // Pulumi creates them side by side; the matches of one search are handed out one per purchase.
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => up.numbers.create({ inputs, preview: false, identity: identity('PhoneNumber', `pool-${i}`) })));
    expect(new Set(made.map((m) => m.outputs.e164)).size).toBe(20);
    expect((await ownedNumbers()).sort()).toEqual(made.map((m) => m.id).sort());
    // Each search finds five matches (`candidates`) plus one for each being bought meanwhile, handed out one per
    // purchase: a few searches serve all twenty (three or four, as the purchases interleave).
    expect(searches(up.http)).toBeGreaterThanOrEqual(2);
    expect(searches(up.http)).toBeLessThanOrEqual(5);
    expect(up.http.exchanges.filter((x) => x.method === 'POST' && NUMBER_LIST.test(path(x)))).toHaveLength(20);

    // The same twenty creates, each in a handler of its own (as before lanes), search twenty times. One after the
    // other: side by side, separate handlers would all see the same five matches and race for them.
    const { client, http } = t.newClient();
    const alone: string[] = [];
    for (let i = 0; i < 20; i++) {
      const own = createPhoneNumberHandler({ carriers: twilioCarriers(client, { sleep: noSleep }), sleep: noSleep, candidates: 5 });
      alone.push((await own.create({ inputs, preview: false, identity: identity('PhoneNumber', `alone-${i}`) })).outputs.e164);
    }
    expect(new Set(alone).size).toBe(20);
    expect(searches(http)).toBe(20);
  });
});

describe('a refresh of many routing plans', () => {
  it('a refresh of many routing plans reads unchanged flows from one listing and still sees a console edit', async () => {
    const apply = command();
    const deployed: PlanState[] = await inParallel(Array.from({ length: 20 }, (_, i) => i), 10, async (i) => {
      const name = `desk-${i}`;
      const inputs = (await apply.plans.check({ urn: urnOf('RoutingPlan', name), news: { plan: deskPlan(i) } })).inputs!;
      const { outputs } = await apply.plans.create({ inputs, preview: false, identity: identity('RoutingPlan', name) });
      return { ...inputs, ...outputs };
    });
    // Console edits: a hotfix published on flows 2 (read directly) and 18 (served by the listing), a draft saved on 19.
    const edited = new Map<number, unknown>();
    for (const i of [2, 18]) {
      const definition = JSON.parse(JSON.stringify((await t.client.studio.v2.flows(deployed[i].sid).fetch()).definition).replace(deskPlan(i).steps.desk.to, '+14155550999'));
      await t.client.studio.v2.flows(deployed[i].sid).update({ status: 'published', definition, commitMessage: 'hotfix in the console' });
      edited.set(i, definition);
    }
    const live19 = (await t.client.studio.v2.flows(deployed[19].sid).fetch()).definition;
    await t.client.studio.v2.flows(deployed[19].sid).update({ status: 'draft', definition: live19, commitMessage: 'a draft' });

    const refresh = command();
    const batched = await inParallel(deployed, 10, (state) => refresh.plans.read({ id: state.sid, state }));
    const { client, http } = t.newClient();
    const each = await inParallel(deployed, 10, (state) => createRoutingPlanHandler({ carriers: twilioCarriers(client, { sleep: noSleep  }), sleep: noSleep }).read({ id: state.sid, state }));

    expect(batched).toEqual(each);
    for (const [i, definition] of edited) {
      expect(batched[i]!.outputs.definitionDigest).toBe(definitionDigest(definition));
      expect(batched[i]!.outputs.definitionDigest).not.toBe(deployed[i].definitionDigest);
      expect(batched[i]!.outputs.revision).toBe(deployed[i].revision + 1);
    }
    expect(batched[19]!.outputs).toMatchObject({ status: 'draft', revision: deployed[19].revision + 1, definitionDigest: deployed[19].definitionDigest });
    for (let i = 0; i < 18; i++) {
      if (edited.has(i)) continue;
      expect(batched[i]!.outputs).toMatchObject({ revision: deployed[i].revision, status: 'published', definitionDigest: deployed[i].definitionDigest, stateCount: deployed[i].stateCount });
    }
    // Sixteen direct fetches, one listing, and a whole fetch only for the listed flows at a new revision (18, 19).
    const flowRequests = (h: RecordingHttpClient) => h.exchanges.filter((x) => x.method === 'GET' && /\/v2\/Flows(\/FW[0-9a-f]{32})?$/.test(path(x)));
    const refreshed = flowRequests(refresh.http).map((x) => path(x).match(/FW[0-9a-f]{32}$/)?.[0] ?? 'list');
    expect(refreshed.filter((x) => x === 'list')).toHaveLength(1);
    expect(refreshed.filter((x) => x !== 'list').sort()).toEqual([...deployed.slice(0, 16), deployed[18], deployed[19]].map((p) => p.sid).sort());
    expect(flowRequests(http)).toHaveLength(20);
  });
});

describe('a listing that spans pages', () => {
  it('serves flows from every page, and a flow deleted from an earlier page while the pages are read hides none', async () => {
    // Flows made by hand fill Studio's first page (the listing asks for 100 a page), so the first plan is the first
    // flow of page two: if a deletion on page one shifted the pages (paging by offset), it would be skipped.
    const fillers: string[] = [];
    const existing = (await t.client.studio.v2.flows.list()).length;
    for (let i = existing; i < 100; i++) {
      const flow = await t.client.studio.v2.flows.create({ friendlyName: `by hand ${i}`, status: 'published', definition: { description: 'hand-made', initial_state: 'Trigger', flags: { allow_concurrent_calls: true }, states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: { offset: { x: 0, y: 0 } } }] } });
      fillers.push(flow.sid);
    }
    const apply = command();
    const deployed: PlanState[] = await inParallel(Array.from({ length: 20 }, (_, i) => i), 10, async (i) => {
      const name = `paged-${i}`;
      const inputs = (await apply.plans.check({ urn: urnOf('RoutingPlan', name), news: { plan: deskPlan(i) } })).inputs!;
      const { outputs } = await apply.plans.create({ inputs, preview: false, identity: identity('RoutingPlan', name) });
      return { ...inputs, ...outputs };
    });

    const refresh = command();
    let deletedMeanwhile = false;
    refresh.http.afterAnswer = async (method, uri) => {
      // After the first page arrived, someone deletes a flow on it: paging by offset would now skip a flow.
      if (method !== 'GET' || !/\/v2\/Flows$/.test(new URL(uri).pathname) || deletedMeanwhile) return;
      deletedMeanwhile = true;
      await t.client.studio.v2.flows(fillers[0]).remove();
    };
    // Read last-deployed first, so the first plans (at the top of page two) are the ones the listing serves.
    const order = [...deployed].reverse();
    const batched = await inParallel(order, 10, (state) => refresh.plans.read({ id: state.sid, state }));
    const { client } = t.newClient();
    const each = await inParallel(order, 10, (state) => createRoutingPlanHandler({ carriers: twilioCarriers(client, { sleep: noSleep  }), sleep: noSleep }).read({ id: state.sid, state }));

    expect(deletedMeanwhile).toBe(true);
    expect(batched).toEqual(each);
    const flowGets = refresh.http.exchanges.filter((x) => x.method === 'GET' && /\/v2\/Flows(\/FW[0-9a-f]{32})?$/.test(path(x)));
    const pages = flowGets.filter((x) => path(x).endsWith('/Flows')).map((x) => (x.body as { flows: { sid: string }[] }).flows.map((f) => f.sid));
    expect(pages.map((p) => p.length)).toEqual([100, 20]);
    expect(pages[1][0]).toBe(deployed[0].sid);
    // The four plans read after the first sixteen all came from page two, without a fetch of their own.
    expect(flowGets.filter((x) => !path(x).endsWith('/Flows')).map((x) => path(x).slice(-34)).sort()).toEqual(order.slice(0, 16).map((p) => p.sid).sort());
    for (const sid of fillers.slice(1)) await t.client.studio.v2.flows(sid).remove();
  });
});

describe('a refresh of many emergency addresses', () => {
  it('a refresh of 20 addresses through one handler equals reading each address', async () => {
    const apply = command();
    const created: AddressState[] = await inParallel(Array.from({ length: 20 }, (_, i) => i), 10, async (i) => {
      const inputs = (await apply.addresses.check({ news: { customerName: `Site ${i}`, street: `${i + 1} Main St`, city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' } })).inputs!;
      const { id, outputs } = await apply.addresses.create({ inputs, preview: false, identity: identity('EmergencyAddress', `site-${i}`) });
      expect(id).toBe(outputs.sid);
      return { ...inputs, ...outputs };
    });
    await t.client.addresses(created[4].sid).update({ street: '400 Market St' });
    await t.client.addresses(created[18].sid).update({ street: '500 Market St', customerName: 'Moved Co' });
    await t.client.addresses(created[19].sid).remove();

    const refresh = command();
    const batched = await inParallel(created, 10, (state) => refresh.addresses.read({ id: state.sid, state }));
    const { client, http } = t.newClient();
    const each = await inParallel(created, 10, (state) => createEmergencyAddressHandler({ carriers: twilioCarriers(client, { sleep: noSleep }) }).read({ id: state.sid, state }));

    expect(batched).toEqual(each);
    expect(batched[4]!.inputs).toMatchObject({ street: '400 Market St' });
    expect(batched[18]!.inputs).toMatchObject({ street: '500 Market St', customerName: 'Moved Co' });
    expect(batched[19]).toBeNull();
    expect(batched[0]!.inputs).toMatchObject({ street: '1 Main St', customerName: 'Site 0' });
    const addressRequests = (h: RecordingHttpClient) => h.exchanges.filter((x) => x.method === 'GET' && /\/Addresses(\/AD[0-9a-f]{32})?\.json$/.test(path(x)));
    const lists = addressRequests(refresh.http).filter((x) => path(x).endsWith('/Addresses.json'));
    expect(lists).toHaveLength(1);
    // Sixteen direct reads, one listing, and the deleted one asked for before it is called gone.
    expect(addressRequests(refresh.http).map((x) => `${x.method} ${x.status}`)).toHaveLength(16 + 1 + 1);
    expect(requestsAbout(refresh.http, created[19].sid)).toEqual(['GET 404']);
    expect(addressRequests(http)).toHaveLength(20);
  });
});
