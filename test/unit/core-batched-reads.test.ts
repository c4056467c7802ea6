/**
 * ListingReads: a refresh of many carrier objects served from one listing of the account. Pure: the carrier is a
 * Map, `list` and `fetchOne` are counted fakes, the clock is a number the test moves.
 */
import fc from 'fast-check';
import { ListingReads, type ListingReadsOptions } from '../../src/core/batched-reads';

/** A carrier object: `version` changes on every write, `tag` is the secondary key (an ownership tag). */
interface Item {
  id: string;
  version: number;
  tag?: string;
}

/** A promise the test resolves when it wants to. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise reaction run (a macrotask turn). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A fake account: a map of items, a counted `list` (optionally held until released) and counted fetches. */
function fakeAccount(items: Item[] = []) {
  const store = new Map(items.map((i) => [i.id, { ...i }]));
  const fetched: string[] = [];
  let hold: ReturnType<typeof deferred<void>> | undefined;
  let failNextList = false;
  const list = jest.fn(async (): Promise<Item[]> => {
    // The snapshot is taken when the listing starts, as the carrier's page is computed at request time.
    const snapshot = [...store.values()].map((i) => ({ ...i }));
    const failing = failNextList;
    failNextList = false;
    if (hold) await hold.promise;
    if (failing) throw new Error('HTTP 503 listing the account');
    return snapshot;
  });
  const fetchOne = (id: string) => async (): Promise<Item | undefined> => {
    fetched.push(id);
    const item = store.get(id);
    return item && { ...item };
  };
  const direct = (key: string) => async (): Promise<Item[]> => [...store.values()].filter((i) => i.tag === key).map((i) => ({ ...i }));
  return {
    store,
    fetched,
    list,
    fetchOne,
    direct,
    /** The next listing waits until `release()` is called. */
    holdListing() {
      hold = deferred<void>();
      return () => {
        const h = hold!;
        hold = undefined;
        h.resolve();
      };
    },
    failNextListing() {
      failNextList = true;
    },
  };
}

let clock = 0;
const now = () => clock;
beforeEach(() => {
  clock = 1_000_000;
});

function reads(account: ReturnType<typeof fakeAccount>, options: Partial<ListingReadsOptions<Item>> = {}): ListingReads<Item> {
  return new ListingReads<Item>({ list: account.list, idOf: (i) => i.id, keyOf: (i) => i.tag, now, ...options });
}

const items = (n: number, tagOf: (i: number) => string | undefined = () => undefined): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `PN${i}`, version: 1, ...(tagOf(i) ? { tag: tagOf(i) } : {}) }));

describe('a refresh of a few numbers asks for each one', () => {
  it('answers the first calls directly, without listing the account', async () => {
    const account = fakeAccount(items(10));
    const batch = reads(account, { directCalls: 3 });
    for (const id of ['PN0', 'PN1', 'PN2']) expect(await batch.read(id, account.fetchOne(id))).toEqual({ id, version: 1 });
    expect(account.fetched).toEqual(['PN0', 'PN1', 'PN2']);
    expect(account.list).not.toHaveBeenCalled();
    expect(batch.listings).toBe(0);
  });

  it('answers sixteen calls directly by default: a stack of sixteen never lists an account of thousands', async () => {
    const account = fakeAccount(items(20));
    const batch = reads(account);
    for (let i = 0; i < 16; i++) await batch.read(`PN${i}`, account.fetchOne(`PN${i}`));
    expect(account.list).not.toHaveBeenCalled();
    await batch.read('PN16', account.fetchOne('PN16'));
    expect(account.list).toHaveBeenCalledTimes(1);
    expect(account.fetched).toHaveLength(16);
  });
});

describe('a refresh of many numbers is served from one listing', () => {
  it('lists the account once for a hundred reads, after the first sixteen went direct', async () => {
    const account = fakeAccount(items(100));
    const batch = reads(account);
    for (let i = 0; i < 100; i++) expect(await batch.read(`PN${i}`, account.fetchOne(`PN${i}`))).toEqual({ id: `PN${i}`, version: 1 });
    expect(account.list).toHaveBeenCalledTimes(1);
    expect(batch.listings).toBe(1);
    expect(account.fetched).toEqual(Array.from({ length: 16 }, (_, i) => `PN${i}`));
  });

  it('shares one listing between reads that arrive together (an engine reads ten at a time)', async () => {
    const account = fakeAccount(items(50));
    const release = account.holdListing();
    const batch = reads(account, { directCalls: 0 });
    const pending = Array.from({ length: 50 }, (_, i) => batch.read(`PN${i}`, account.fetchOne(`PN${i}`)));
    await settle();
    expect(account.list).toHaveBeenCalledTimes(1);
    release();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a?.id)).toEqual(Array.from({ length: 50 }, (_, i) => `PN${i}`));
    expect(account.list).toHaveBeenCalledTimes(1);
    expect(batch.listings).toBe(1);
    expect(account.fetched).toEqual([]);
  });

  it('fetches a number the listing lacks (bought after it) before calling it gone', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    await batch.read('PN0', account.fetchOne('PN0'));
    account.store.set('PN9', { id: 'PN9', version: 1 });
    expect(await batch.read('PN9', account.fetchOne('PN9'))).toEqual({ id: 'PN9', version: 1 });
    expect(account.fetched).toEqual(['PN9']);
    expect(account.list).toHaveBeenCalledTimes(1);
  });

  it('reports a number gone when the listing lacks it and the carrier does not have it either', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    expect(await batch.read('PN7', account.fetchOne('PN7'))).toBeUndefined();
    expect(account.fetched).toEqual(['PN7']);
  });

  it('answers from the listing taken at its start: a change made outside since is seen by the next command', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    await batch.read('PN0', account.fetchOne('PN0'));
    account.store.set('PN1', { id: 'PN1', version: 2 });
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual({ id: 'PN1', version: 1 });
    const nextCommand = reads(account, { directCalls: 0 });
    expect(await nextCommand.read('PN1', account.fetchOne('PN1'))).toEqual({ id: 'PN1', version: 2 });
  });
});

describe('writes through the same owner are read back', () => {
  it('a read after `remember` sees the written version, not the listed one, without asking the carrier', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    await batch.read('PN0', account.fetchOne('PN0'));
    const written = { id: 'PN1', version: 2 };
    account.store.set('PN1', written);
    batch.remember(written);
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual(written);
    expect(account.fetched).toEqual([]);
  });

  it('a write remembered while the listing is still being read wins over the listing’s older copy', async () => {
    const account = fakeAccount(items(3));
    const release = account.holdListing();
    const batch = reads(account, { directCalls: 0 });
    const first = batch.read('PN0', account.fetchOne('PN0'));
    await settle();
    // The listing's snapshot (PN1 at version 1) is taken; the write lands and is remembered before it arrives.
    const written = { id: 'PN1', version: 2 };
    account.store.set('PN1', written);
    batch.remember(written);
    const after = batch.read('PN1', account.fetchOne('PN1'));
    release();
    expect(await first).toEqual({ id: 'PN0', version: 1 });
    expect(await after).toEqual(written);
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual(written);
    expect(account.fetched).toEqual([]);
  });

  it('`remember` before any listing changes nothing: the later listing already has the write', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    const written = { id: 'PN1', version: 2 };
    account.store.set('PN1', written);
    batch.remember(written);
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual(written);
    expect(account.fetched).toEqual([]);
  });

  it('`forget` (a release) makes the next read ask the carrier, also while the listing is in flight', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    await batch.read('PN0', account.fetchOne('PN0'));
    account.store.delete('PN1');
    batch.forget('PN1');
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toBeUndefined();
    expect(account.fetched).toEqual(['PN1']);

    const inFlight = fakeAccount(items(3));
    const release = inFlight.holdListing();
    const other = reads(inFlight, { directCalls: 0 });
    const first = other.read('PN0', inFlight.fetchOne('PN0'));
    await settle();
    inFlight.store.delete('PN2');
    other.forget('PN2');
    const gone = other.read('PN2', inFlight.fetchOne('PN2'));
    release();
    await first;
    expect(await gone).toBeUndefined();
    expect(inFlight.fetched).toEqual(['PN2']);
  });
});

describe('finding numbers by their ownership tag', () => {
  it('asks the carrier narrowly for the first calls, then finds by tag in the listing', async () => {
    const account = fakeAccount(items(6, (i) => `tag${i % 3}`));
    const direct = jest.fn(account.direct('tag1'));
    const batch = reads(account, { directCalls: 1 });
    expect((await batch.find('tag1', direct)).map((i) => i.id).sort()).toEqual(['PN1', 'PN4']);
    expect(direct).toHaveBeenCalledTimes(1);
    expect((await batch.find('tag1', direct)).map((i) => i.id).sort()).toEqual(['PN1', 'PN4']);
    expect((await batch.find('tag2', account.direct('tag2'))).map((i) => i.id).sort()).toEqual(['PN2', 'PN5']);
    expect(await batch.find('nobody', account.direct('nobody'))).toEqual([]);
    expect(direct).toHaveBeenCalledTimes(1);
    expect(account.list).toHaveBeenCalledTimes(1);
  });

  it('follows a remembered write to its new tag: the old tag no longer finds it', async () => {
    const account = fakeAccount(items(4, (i) => `tag${i}`));
    const batch = reads(account, { directCalls: 0 });
    expect((await batch.find('tag2', account.direct('tag2'))).map((i) => i.id)).toEqual(['PN2']);
    const retagged = { id: 'PN2', version: 2, tag: 'tag9' };
    account.store.set('PN2', retagged);
    batch.remember(retagged);
    expect(await batch.find('tag2', account.direct('tag2'))).toEqual([]);
    expect(await batch.find('tag9', account.direct('tag9'))).toEqual([retagged]);
    // A number bought by this process is found by its tag without a new scan of the account.
    const bought = { id: 'PN8', version: 1, tag: 'tag8' };
    account.store.set('PN8', bought);
    batch.remember(bought);
    expect(await batch.find('tag8', account.direct('tag8'))).toEqual([bought]);
    batch.forget('PN8');
    expect(await batch.find('tag8', account.direct('tag8'))).toEqual([]);
    expect(account.list).toHaveBeenCalledTimes(1);
  });
});

describe('when the listing fails', () => {
  it('answers every read and find directly, and does not list again within the same command', async () => {
    const account = fakeAccount(items(5, (i) => `tag${i}`));
    account.failNextListing();
    const batch = reads(account, { directCalls: 0 });
    const direct = jest.fn(account.direct('tag3'));
    for (let i = 0; i < 5; i++) expect(await batch.read(`PN${i}`, account.fetchOne(`PN${i}`))).toEqual({ id: `PN${i}`, version: 1, tag: `tag${i}` });
    expect(await batch.find('tag3', direct)).toEqual([{ id: 'PN3', version: 1, tag: 'tag3' }]);
    expect(direct).toHaveBeenCalledTimes(1);
    expect(account.fetched).toHaveLength(5);
    expect(account.list).toHaveBeenCalledTimes(1);
    expect(batch.listings).toBe(1);
  });

  it('answers reads that were waiting on the failed listing directly', async () => {
    const account = fakeAccount(items(5));
    account.failNextListing();
    const release = account.holdListing();
    const batch = reads(account, { directCalls: 0 });
    const pending = Array.from({ length: 5 }, (_, i) => batch.read(`PN${i}`, account.fetchOne(`PN${i}`)));
    await settle();
    release();
    expect((await Promise.all(pending)).map((a) => a?.id)).toEqual(['PN0', 'PN1', 'PN2', 'PN3', 'PN4']);
    expect(account.fetched).toHaveLength(5);
  });
});

describe('a listing lives for one command', () => {
  it('serves until a minute after it started, then a new listing is made', async () => {
    const account = fakeAccount(items(3));
    const batch = reads(account, { directCalls: 0 });
    await batch.read('PN0', account.fetchOne('PN0'));
    account.store.set('PN1', { id: 'PN1', version: 2 });
    clock += 59_999;
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual({ id: 'PN1', version: 1 });
    expect(batch.listings).toBe(1);
    clock += 1;
    expect(await batch.read('PN1', account.fetchOne('PN1'))).toEqual({ id: 'PN1', version: 2 });
    expect(batch.listings).toBe(2);
    expect(account.list).toHaveBeenCalledTimes(2);
    expect(account.fetched).toEqual([]);
  });

  it('honours a shorter ttl, and a failed listing is tried again once it has expired', async () => {
    const account = fakeAccount(items(3));
    account.failNextListing();
    const batch = reads(account, { directCalls: 0, ttlMs: 1000 });
    await batch.read('PN0', account.fetchOne('PN0'));
    expect(account.fetched).toEqual(['PN0']);
    clock += 1000;
    await batch.read('PN1', account.fetchOne('PN1'));
    expect(account.fetched).toEqual(['PN0']);
    expect(batch.listings).toBe(2);
  });
});

/**
 * A model of what a read must answer: the owner's latest write or release since the listing started, else the
 * listing's copy, else whatever the carrier says when asked. Changes made outside are not seen through a listing
 * taken before them (it is a snapshot of one command). A read that waits for a listing still in flight may see a
 * write the owner remembered while it waited (it is fresher still), never one from before the listing's copy.
 */
type Op =
  | { kind: 'read'; id: number }
  | { kind: 'find'; tag: number }
  | { kind: 'write'; id: number; tag: number }
  | { kind: 'release'; id: number }
  | { kind: 'outside'; id: number; tag: number }
  | { kind: 'outsideRelease'; id: number }
  | { kind: 'listingArrives' };

const IDS = 6;
const TAGS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), id: fc.nat(IDS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('find' as const), tag: fc.nat(TAGS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write' as const), id: fc.nat(IDS - 1), tag: fc.nat(TAGS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), id: fc.nat(IDS - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('outside' as const), id: fc.nat(IDS - 1), tag: fc.nat(TAGS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outsideRelease' as const), id: fc.nat(IDS - 1) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'listingArrives' as const }) },
);

const byId = (a: Item, b: Item) => a.id.localeCompare(b.id);

describe('for any interleaving of reads, finds, writes, releases and outside changes', () => {
  it('a read answers the owner’s latest write, else the listed copy, else what the carrier says when asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(4), fc.boolean(), fc.array(opArb, { maxLength: 40 }), async (directCalls, holdListings, ops) => {
        const account = fakeAccount(items(4, (i) => `tag${i % TAGS}`));
        let release: (() => void) | undefined;
        const list = jest.fn(async () => {
          if (holdListings) release = account.holdListing();
          return account.list();
        });
        const batch = new ListingReads<Item>({ list, idOf: (i) => i.id, keyOf: (i) => i.tag, now, directCalls });
        let version = 100;
        let calls = 0;
        // What the owner's listing holds, with the owner's own writes and releases laid over it.
        let view: Map<string, Item> | undefined;
        let arrived = false;
        // Calls waiting for the listing: each notes the views it may answer from (one more per write while waiting).
        let waiting: (() => void)[] = [];
        const checks: Promise<void>[] = [];
        const servedByListing = () => {
          calls++;
          if (calls <= directCalls) return false;
          if (!view) {
            view = new Map([...account.store.values()].map((i) => [i.id, { ...i }]));
            arrived = !holdListings;
          }
          return true;
        };
        const viewChanged = () => waiting.forEach((note) => note());
        for (const op of ops) {
          switch (op.kind) {
            case 'read': {
              const id = `PN${op.id}`;
              let fetchedValue: Item | undefined | 'not asked' = 'not asked';
              const fetchOne = async () => {
                const value = await account.fetchOne(id)();
                fetchedValue = value;
                return value;
              };
              const fromListing = servedByListing();
              // Each acceptable answer: a listed copy, or undefined for "not listed: ask the carrier".
              const acceptable: (Item | undefined)[] = [];
              const note = () => {
                const listed = view!.get(id);
                acceptable.push(listed && { ...listed });
              };
              if (fromListing) {
                note();
                if (!arrived) waiting.push(note);
              }
              checks.push(
                batch.read(id, fetchOne).then((answer) => {
                  if (fetchedValue === 'not asked') {
                    // Served by the listing: a copy the owner knew, without a request to the carrier.
                    expect(fromListing).toBe(true);
                    expect(acceptable.filter((a) => a !== undefined)).toContainEqual(answer);
                  } else {
                    // Not listed (or no listing yet): the carrier was asked, and its answer is the read's.
                    if (fromListing) expect(acceptable).toContain(undefined);
                    expect(answer).toEqual(fetchedValue);
                  }
                }),
              );
              break;
            }
            case 'find': {
              const tag = `tag${op.tag}`;
              let directAnswer: Item[] | undefined;
              const direct = async () => (directAnswer = await account.direct(tag)());
              const fromListing = servedByListing();
              const acceptable: Item[][] = [];
              const note = () => acceptable.push([...view!.values()].filter((i) => i.tag === tag).map((i) => ({ ...i })).sort(byId));
              if (fromListing) {
                note();
                if (!arrived) waiting.push(note);
              }
              checks.push(
                batch.find(tag, direct).then((answer) => {
                  if (fromListing) {
                    expect(acceptable).toContainEqual([...answer].sort(byId));
                    expect(directAnswer).toBeUndefined();
                  } else {
                    expect(answer).toEqual(directAnswer);
                  }
                }),
              );
              break;
            }
            case 'write': {
              const item = { id: `PN${op.id}`, version: version++, tag: `tag${op.tag}` };
              account.store.set(item.id, item);
              batch.remember({ ...item });
              if (view) {
                view.set(item.id, { ...item });
                viewChanged();
              }
              break;
            }
            case 'release':
              account.store.delete(`PN${op.id}`);
              batch.forget(`PN${op.id}`);
              if (view) {
                view.delete(`PN${op.id}`);
                viewChanged();
              }
              break;
            case 'outside':
              account.store.set(`PN${op.id}`, { id: `PN${op.id}`, version: version++, tag: `tag${op.tag}` });
              break;
            case 'outsideRelease':
              account.store.delete(`PN${op.id}`);
              break;
            case 'listingArrives':
              if (view) arrived = true;
              waiting = [];
              release?.();
              release = undefined;
              break;
          }
          // Each step completes what it can before the next (calls waiting for a held listing stay waiting).
          await settle();
        }
        waiting = [];
        release?.();
        await Promise.all(checks);
        expect(list.mock.calls.length).toBe(view ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});
