import type { FoundNumber } from '../../src/search/search-numbers';
import { SearchLanes } from '../../src/resources/phone-number/search-lanes';

const match = (phoneNumber: string) => ({ phoneNumber }) as FoundNumber;

/** A search over `stock`, in order, `size` at a time, that counts its calls and can be held. */
function searcher(stock: string[], size = 5) {
  let calls = 0;
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  const search = async (): Promise<FoundNumber[]> => {
    calls++;
    if (held) await held;
    return stock.slice(0, size).map(match);
  };
  return {
    search,
    calls: () => calls,
    hold: () => (held = new Promise<void>((resolve) => (release = resolve))),
    release: () => {
      held = undefined;
      release?.();
    },
    sell: (n: string) => stock.splice(stock.indexOf(n), 1),
  };
}

describe('identical searches share their matches, one per purchase', () => {
  it('hands each match of one search to one purchase, and searches again only when they are used up', async () => {
    const lanes = new SearchLanes();
    const s = searcher(['+1', '+2', '+3', '+4', '+5', '+6', '+7'], 3);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push((await lanes.next('415', s.search))!.phoneNumber);
    expect(got).toEqual(['+1', '+2', '+3']);
    expect(s.calls()).toBe(1);
    // The first three were bought: the carrier no longer offers them.
    for (const n of got) s.sell(n);
    expect((await lanes.next('415', s.search))!.phoneNumber).toBe('+4');
    expect(s.calls()).toBe(2);
  });

  it('lets purchases that arrive during a search wait for its matches instead of searching themselves', async () => {
    const lanes = new SearchLanes();
    const s = searcher(['+1', '+2', '+3', '+4', '+5']);
    s.hold();
    const waiting = Promise.all([0, 1, 2, 3].map(() => lanes.next('415', s.search)));
    await new Promise((resolve) => setImmediate(resolve));
    s.release();
    const got = (await waiting).map((m) => m!.phoneNumber);
    expect(new Set(got).size).toBe(4);
    expect(s.calls()).toBe(1);
  });

  it('keeps criteria apart', async () => {
    const lanes = new SearchLanes();
    const a = searcher(['+1415a']);
    const b = searcher(['+1212b']);
    expect((await lanes.next('415', a.search))!.phoneNumber).toBe('+1415a');
    expect((await lanes.next('212', b.search))!.phoneNumber).toBe('+1212b');
  });

  it('answers nothing when a search finds only numbers already handed out', async () => {
    const lanes = new SearchLanes();
    const s = searcher(['+1', '+2'], 2);
    await lanes.next('415', s.search);
    await lanes.next('415', s.search);
    // Neither purchase finished, so the carrier still offers both; they are not handed out twice.
    expect(await lanes.next('415', s.search)).toBeUndefined();
  });

  it('tells the search how many matches are being bought right now, so it looks past them', async () => {
    const lanes = new SearchLanes();
    const asked: number[] = [];
    const stock = ['+1', '+2', '+3', '+4'];
    const search = async (beingBought: number) => {
      asked.push(beingBought);
      return stock.slice(0, 1 + beingBought).map(match);
    };
    const first = await lanes.next('415', search);
    const second = await lanes.next('415', search);
    expect([first!.phoneNumber, second!.phoneNumber]).toEqual(['+1', '+2']);
    expect(asked).toEqual([0, 1]);
    lanes.settled('415', '+1');
    stock.shift(); // +1 was bought
    expect((await lanes.next('415', search))!.phoneNumber).toBe('+3');
    expect(asked).toEqual([0, 1, 1]);
  });

  it('gives a failed search to the purchase that ran it; one that waited searches for itself', async () => {
    const lanes = new SearchLanes();
    let calls = 0;
    const flaky = async (): Promise<FoundNumber[]> => {
      calls++;
      if (calls === 1) {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('carrier down');
      }
      return [match('+9')];
    };
    const [first, second] = await Promise.allSettled([lanes.next('415', flaky), lanes.next('415', flaky)]);
    expect(first).toMatchObject({ status: 'rejected', reason: new Error('carrier down') });
    expect(second).toMatchObject({ status: 'fulfilled', value: { phoneNumber: '+9' } });
  });

  it('drops matches found more than 30 s ago and searches afresh', async () => {
    let now = 0;
    const lanes = new SearchLanes(() => now);
    const s = searcher(['+1', '+2', '+3']);
    await lanes.next('415', s.search);
    now = 31_000;
    s.sell('+1');
    s.sell('+2'); // sold to someone else meanwhile
    expect((await lanes.next('415', s.search))!.phoneNumber).toBe('+3');
    expect(s.calls()).toBe(2);
  });
});
