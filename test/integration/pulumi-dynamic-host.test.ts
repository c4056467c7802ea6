/**
 * didops' PhoneNumber and EmergencyAddress providers, serialized exactly as `pulumi.dynamic.Resource` serializes
 * them, run by Pulumi's real dynamic-provider host over gRPC against the sandbox: the lifecycle a `pulumi up` drives,
 * a host killed between a purchase and its answer, and two hundred numbers bought and released under injected faults.
 */
import { serializableProvider } from '../../provider/pulumi/serializable-provider';
import { DEFAULT_RETRY_POLICY } from '../../src/core/retry';
import { readMarker } from '../../src/carriers/ownership-marker';
import type { FaultRuleInput } from '../../src/sandbox/faults';
import {
  dynamicUrn,
  PROVIDER_KEY,
  ProviderHostError,
  serializeDynamicProvider,
  type DynamicProviderHost,
} from '../support/pulumi-provider-host';
import { startSandboxProviderHost } from '../support/pulumi-sandbox-host';
import { useTestSandbox } from '../support/sandbox';
import { expectBuiltHost } from '../support/pulumi-build';

const t = useTestSandbox();

type Props = Record<string, unknown>;
type Kind = 'PhoneNumber' | 'EmergencyAddress';

/** `__provider` texts, as each resource class would put them in its inputs. */
const serialized: Partial<Record<Kind, string>> = {};

beforeAll(async () => {
  // The host runs plain Node, so the serialized provider loads the compiled host from dist/.
  expectBuiltHost();
  serialized.PhoneNumber = await serializeDynamicProvider(serializableProvider('PhoneNumber'));
  serialized.EmergencyAddress = await serializeDynamicProvider(serializableProvider('EmergencyAddress'));
});

// Every host a test starts is closed after it, killed or not, so no process or socket outlives the test.
const liveHosts = new Set<DynamicProviderHost>();
afterEach(async () => {
  await Promise.all([...liveHosts].map((h) => h.close()));
  liveHosts.clear();
});

/** A host configured the way `pulumi up` configures it from the stack (`pulumi config set --secret` for the token). */
async function startConfiguredHost(): Promise<DynamicProviderHost> {
  const host = await startSandboxProviderHost(t.sandbox);
  liveHosts.add(host);
  return host;
}

/** A resource declared in a program: its URN and the inputs the class sends, hidden ones included. */
function declared(kind: Kind, name: string, args: Props): { urn: string; inputs: Props } {
  const urn = dynamicUrn({ module: 'didops', type: kind, name });
  return { urn, inputs: { ...args, [PROVIDER_KEY]: serialized[kind], __identity: { type: `didops:${kind}`, name, urn } } };
}

/** What the engine records for a created resource. */
interface Recorded {
  urn: string;
  id: string;
  inputs: Props;
  state: Props;
}

/** Check then Create, as `pulumi up` does for a new resource. */
async function up(host: DynamicProviderHost, kind: Kind, name: string, args: Props): Promise<Recorded> {
  const { urn, inputs } = declared(kind, name, args);
  const checked = await host.check(urn, {}, inputs);
  if (checked.failures.length > 0) throw new Error(`check of ${name} failed: ${JSON.stringify(checked.failures)}`);
  const created = await host.create(urn, checked.inputs);
  return { urn, id: created.id, inputs: checked.inputs, state: created.properties };
}

async function ownedNumbers() {
  return t.client.incomingPhoneNumbers.list({ pageSize: 1000 });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };

describe('a support line, step by step, as pulumi up, preview, refresh and destroy drive it through the host', () => {
  let host: DynamicProviderHost;
  let line: Recorded;
  const support = (args: Props = {}) => declared('PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' }, ...args });

  // One host for the whole story, as one `pulumi up` keeps one provider process.
  beforeAll(async () => {
    host = await startSandboxProviderHost(t.sandbox);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('the host reports the Pulumi version it was built from', async () => {
    const expected: string = require('@pulumi/pulumi/package.json').version;
    await expect(host.getPluginInfo()).resolves.toEqual({ version: expected });
  });

  it('check fills in the search defaults and keeps the identity the provider needs', async () => {
    const { urn, inputs } = support();
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({
      search: { country: 'US', areaCode: '415', type: 'local', capabilities: [], excludeAddressRequired: 'none' },
      retainOnDelete: false,
      __identity: { type: 'didops:PhoneNumber', name: 'support', urn },
      [PROVIDER_KEY]: serialized.PhoneNumber,
    });
  });

  it('check refuses a country code that does not exist, on the field, with the right one', async () => {
    const { urn, inputs } = declared('PhoneNumber', 'abroad', { search: { country: 'UK' } });
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([{ property: 'search.country', reason: expect.stringContaining('"GB"') }]);
  });

  it('create buys a 415 number and records what it is, never the auth token', async () => {
    line = await up(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' } });
    expect(line.id).toMatch(/^PN[0-9a-f]{32}$/);
    expect(line.state).toMatchObject({
      sid: line.id,
      e164: expect.stringMatching(/^\+1415\d{7}$/),
      country: 'US',
      type: 'local',
      status: 'in-use',
      carrierFriendlyName: expect.stringMatching(/^support \[didops:[a-z2-7]{12}\]$/),
      search: { country: 'US', areaCode: '415' },
    });
    expect(JSON.stringify(line.state)).not.toContain(t.sandbox.authToken);
    const owned = await t.client.incomingPhoneNumbers(line.id).fetch();
    expect(owned).toMatchObject({ phoneNumber: line.state.e164, friendlyName: line.state.carrierFriendlyName });
  });

  it('a second pulumi up with the same program changes nothing', async () => {
    const { urn, inputs } = support();
    const checked = await host.check(urn, line.state, inputs);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({ changes: 'none', replaces: [] });
  });

  it('moving the line to an area code the number is not in replaces it, releasing the old number first', async () => {
    const { urn, inputs } = support({ search: { country: 'US', areaCode: '628' } });
    const checked = await host.check(urn, line.state, inputs);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({
      changes: 'some',
      replaces: ['search'],
      deleteBeforeReplace: true,
    });
  });

  it('a new voice webhook is an update in place that the carrier shows', async () => {
    const { urn, inputs } = support({ voice: { url: 'https://example.com/voice' } });
    const checked = await host.check(urn, line.state, inputs);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({ changes: 'some', replaces: [] });
    const updated = await host.update(urn, line.id, line.state, checked.inputs);
    expect(updated.properties).toMatchObject({ sid: line.id, voice: { url: 'https://example.com/voice' } });
    expect((await t.client.incomingPhoneNumbers(line.id).fetch()).voiceUrl).toBe('https://example.com/voice');
    line = { ...line, inputs: checked.inputs, state: updated.properties };
  });

  it('refresh reads the same number back', async () => {
    const read = await host.read(line.urn, line.id, line.state, line.inputs);
    expect(read.id).toBe(line.id);
    expect(read.properties).toMatchObject({ e164: line.state.e164, voice: { url: 'https://example.com/voice' } });
  });

  it('destroy releases the number', async () => {
    await host.delete(line.urn, line.id, line.state);
    await expect(t.client.incomingPhoneNumbers(line.id).fetch()).rejects.toMatchObject({ status: 404 });
  });

  describe('with an emergency address', () => {
    let address: Recorded;
    let desk: Recorded;

    it('create registers the address through its own provider', async () => {
      address = await up(host, 'EmergencyAddress', 'hq', hq);
      expect(address.id).toMatch(/^AD[0-9a-f]{32}$/);
      expect(address.state).toMatchObject({ sid: address.id, emergencyEnabled: true, carrierFriendlyName: expect.stringMatching(/^hq \[didops:/) });
      expect(JSON.stringify(address.state)).not.toContain(t.sandbox.authToken);
      await expect(t.client.addresses(address.id).fetch()).resolves.toMatchObject({ emergencyEnabled: true });
    });

    it('an address a number still uses cannot be deleted, and the error names the number', async () => {
      desk = await up(host, 'PhoneNumber', 'front-desk', { search: { country: 'US', areaCode: '415' }, emergencyAddress: address.id });
      expect(desk.state).toMatchObject({ emergencyAddress: address.id, emergencyStatus: 'Active' });
      const refused = await host.delete(address.urn, address.id, address.state).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ProviderHostError);
      expect(refused).toMatchObject({ method: 'Delete', message: expect.stringContaining(`still uses it: ${String(desk.state.e164)}`) });
      await expect(t.client.addresses(address.id).fetch()).resolves.toMatchObject({ sid: address.id });
    });

    it('refresh forgets a number released outside code, and the address can then go', async () => {
      // Released by hand in the console: Twilio wants the emergency registration removed first.
      await t.client.incomingPhoneNumbers(desk.id).update({ emergencyAddressSid: '' });
      await t.client.incomingPhoneNumbers(desk.id).remove();
      const read = await host.read(desk.urn, desk.id, desk.state, desk.inputs);
      expect(read.id).toBe('');

      await host.delete(address.urn, address.id, address.state);
      await expect(t.client.addresses(address.id).fetch()).rejects.toMatchObject({ status: 404 });
    });
  });
});

describe('a host killed between the purchase and its answer', () => {
  afterEach(() => t.sandbox.context.faults.configure([]));

  it('the next pulumi up adopts the number the dead run bought instead of buying another', async () => {
    const { urn, inputs } = declared('PhoneNumber', 'night-line', { search: { country: 'US', areaCode: '646' } });
    const first = await startConfiguredHost();
    const checked = await first.check(urn, {}, inputs);
    const before = new Set((await ownedNumbers()).map((n) => n.sid));
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', responseDelayMs: 5000 }]);

    const creating = first.create(urn, checked.inputs).then(
      () => 'answered',
      (err: unknown) => err,
    );
    const bought = await eventually('the purchase to land', async () =>
      (await ownedNumbers()).find((n) => !before.has(n.sid) && readMarker(n.friendlyName).name === 'night-line'),
    );
    await first.kill('SIGKILL');
    await expect(creating).resolves.toMatchObject({ method: 'Create', message: expect.stringMatching(/killed by SIGKILL/) });
    t.sandbox.context.faults.configure([]);

    const second = await startConfiguredHost();
    const adopted = await second.create(urn, checked.inputs);
    expect(adopted.id).toBe(bought.sid);
    const tag = readMarker(String(adopted.properties.carrierFriendlyName)).tag;
    expect(tag).toBe(readMarker(bought.friendlyName).tag);
    const forThisResource = (await ownedNumbers()).filter((n) => readMarker(n.friendlyName).tag === tag);
    expect(forThisResource.map((n) => n.sid)).toEqual([bought.sid]);

    await second.delete(urn, adopted.id, adopted.properties);
  });

  it('the same holds for an emergency address', async () => {
    const { urn, inputs } = declared('EmergencyAddress', 'night-hq', hq);
    const first = await startConfiguredHost();
    const checked = await first.check(urn, {}, inputs);
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/Addresses.json', responseDelayMs: 5000 }]);

    const creating = first.create(urn, checked.inputs).then(
      () => 'answered',
      (err: unknown) => err,
    );
    const made = await eventually('the address to be created', async () =>
      (await t.client.addresses.list({ pageSize: 1000 })).find((a) => readMarker(a.friendlyName ?? '').name === 'night-hq'),
    );
    await first.kill('SIGKILL');
    await expect(creating).resolves.toBeInstanceOf(ProviderHostError);
    t.sandbox.context.faults.configure([]);

    const second = await startConfiguredHost();
    const adopted = await second.create(urn, checked.inputs);
    expect(adopted.id).toBe(made.sid);
    const tag = readMarker(made.friendlyName ?? '').tag;
    const forThisResource = (await t.client.addresses.list({ pageSize: 1000 })).filter((a) => readMarker(a.friendlyName ?? '').tag === tag);
    expect(forThisResource.map((a) => a.sid)).toEqual([made.sid]);

    await second.delete(urn, adopted.id, adopted.properties);
  });
});

describe('two hundred numbers under injected faults', () => {
  const FLEET = 200;
  // Pulumi's default parallelism runs about this many resource operations at once.
  const IN_FLIGHT = 8;
  // Forty area codes, so that resources searching the same one are forty apart and rarely in flight together: the
  // sandbox offers every search the same first matches, where Twilio would offer each a random few.
  const AREA_CODES = [
    '201', '206', '212', '213', '214', '303', '305', '310', '312', '404', '415', '503', '512', '602', '614', '617', '646', '702', '713', '718',
    '720', '801', '804', '813', '816', '832', '860', '904', '916', '919', '202', '216', '317', '412', '502', '608', '704', '757', '908', '971',
  ];

  /** The failures rotated through the run, 10% of matching requests each. */
  const FAILURES: Pick<FaultRuleInput, 'status' | 'when' | 'retryAfterSeconds'>[] = [
    { status: 429, when: 'before', retryAfterSeconds: 0 },
    { status: 500, when: 'before' },
    { status: 503, when: 'before' },
    { status: 500, when: 'after' },
    { status: 503, when: 'after' },
  ];
  /** Where they are injected: the purchase, the lookups of owned numbers, the search, the release. */
  const ENDPOINTS: Pick<FaultRuleInput, 'method' | 'path'>[] = [
    { method: 'POST', path: '/api/*/IncomingPhoneNumbers.json' },
    { method: 'GET', path: '/api/*/IncomingPhoneNumbers.json' },
    { method: 'GET', path: '/api/*/AvailablePhoneNumbers/*' },
    { method: 'DELETE', path: '/api/*/IncomingPhoneNumbers/*' },
  ];
  // The sandbox applies only the first rule matching a request, so one rule set gives each endpoint one kind of
  // failure; rotating the sets during the run gives every endpoint every kind.
  const faultSet = (phase: number): FaultRuleInput[] =>
    ENDPOINTS.map((endpoint, i) => ({ ...endpoint, errorRate: 0.1, ...FAILURES[(phase + i) % FAILURES.length] }));

  /** Rotates the fault sets every `every` operations and counts what was injected, per endpoint and failure. */
  function faultPhases(every: number, seed: number) {
    const injected = new Map<string, number>();
    let phase = -1;
    const tally = () => {
      for (const rule of t.sandbox.context.faults.describe().rules) {
        const key = `${rule.method} ${rule.path} ${rule.status} ${rule.when}`;
        injected.set(key, (injected.get(key) ?? 0) + rule.injected);
      }
    };
    return {
      injected,
      at(operation: number) {
        if (Math.floor(operation / every) === phase) return;
        tally();
        phase = Math.floor(operation / every);
        t.sandbox.context.faults.configure(faultSet(phase), seed + phase);
      },
      stop() {
        tally();
        t.sandbox.context.faults.configure([]);
      },
    };
  }

  async function inParallel<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < items.length) {
          const i = next++;
          await work(items[i], i);
        }
      }),
    );
  }

  afterEach(() => t.sandbox.context.faults.configure([]));

  it('every create ends with exactly one number per resource, and destroy leaves none', async () => {
    const host = await startConfiguredHost();
    const before = new Set((await ownedNumbers()).map((n) => n.sid));
    const names = Array.from({ length: FLEET }, (_, i) => `fleet-${i}`);
    // Every twenty-fifth resource takes any US local number: the broadest search, where concurrent runs compete most.
    const searchOf = (i: number) => (i % 25 === 24 ? { country: 'US', type: 'local' } : { country: 'US', type: 'local', areaCode: AREA_CODES[i % AREA_CODES.length] });
    // Looks at the sandbox while the faults are on, so it retries like any careful client.
    const { client: inspector } = t.newClient({ http: { retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 20, jitter: 'none' } } });

    // A failed step is run once more with the same URN, as a user re-runs `pulumi up`. What failed is kept for the
    // report, with what the sandbox already held for the resource: a create that failed after buying is the case
    // the re-run must adopt rather than buy again (the final count below proves it did).
    const reruns: string[] = [];
    const once = async <T>(what: string, name: string, step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (err) {
        const held = (await inspector.incomingPhoneNumbers.list({ pageSize: 1000 })).filter((n) => readMarker(n.friendlyName).name === name);
        const failure = err instanceof Error ? err.message.split('\n')[0] : String(err);
        reruns.push(`${what} ${name} (sandbox held ${held.map((n) => n.phoneNumber).join(', ') || 'nothing'} for it): ${failure}`);
        return step();
      }
    };

    const started = Date.now();
    const creates = faultPhases(40, 11);
    const state: Recorded[] = new Array(FLEET);
    await inParallel(names, async (name, i) => {
      creates.at(i);
      const { urn, inputs } = declared('PhoneNumber', name, { search: searchOf(i) });
      const checked = await host.check(urn, {}, inputs);
      const created = await once('create', name, () => host.create(urn, checked.inputs));
      state[i] = { urn, id: created.id, inputs: checked.inputs, state: created.properties };
    });
    creates.stop();
    const createMs = Date.now() - started;

    const stateNumbers = state.map((r) => String(r.state.e164));
    const fleetOwned = (await ownedNumbers()).filter((n) => !before.has(n.sid));
    expect(new Set(stateNumbers).size).toBe(FLEET);
    expect(fleetOwned.map((n) => n.phoneNumber).sort()).toEqual([...stateNumbers].sort());
    expect(new Set(state.map((r) => r.id)).size).toBe(FLEET);
    const tags = state.map((r) => readMarker(String(r.state.carrierFriendlyName)).tag);
    expect(tags.every((tag) => tag !== undefined)).toBe(true);
    expect(new Set(tags).size).toBe(FLEET);
    // The purchase failing after it happened is the case that could buy twice; it must really have been exercised.
    const purchaseLostAnswers = [...creates.injected].filter(([key, n]) => key.startsWith('POST') && key.endsWith('after') && n > 0);
    expect(purchaseLostAnswers.length).toBeGreaterThan(0);

    const deletes = faultPhases(40, 23);
    await inParallel(state, async (r, i) => {
      deletes.at(i);
      await once('delete', names[i], () => host.delete(r.urn, r.id, r.state));
    });
    deletes.stop();
    const left = (await ownedNumbers()).filter((n) => !before.has(n.sid));
    expect(left.map((n) => n.phoneNumber)).toEqual([]);

    const injected = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    // Kept in the test output: how hard the run was pushed and what it cost.
    process.stdout.write(
      `fleet: ${FLEET} creates in ${createMs} ms, all in ${Date.now() - started} ms; faults injected: ${injected(creates.injected)} during create, ${injected(deletes.injected)} during delete; steps re-run: ${reruns.length}${reruns.map((r) => `\n  ${r}`).join('')}\n`,
    );
  }, 120_000);
});
