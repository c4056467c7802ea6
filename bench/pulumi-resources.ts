/**
 * PhoneNumber through Pulumi's real dynamic provider host over gRPC, against the sandbox (issue #3): create, update
 * and delete of many numbers at Pulumi's parallelism, the adapter's overhead per operation (host vs. calling the
 * handler in-process), and the same run with 10% injected faults, checked for orphans and duplicates.
 * Targets: adapter overhead < 5 ms per operation; with faults < 1.5× the fault-free time and zero duplicates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwilioClient } from '../src/carriers/twilio';
import { createPhoneNumberHandler, type PhoneNumberInputs, type PhoneNumberState } from '../src/resources';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../src/sandbox/server';
import type { FaultRule } from '../src/sandbox/faults';
import { serializableProvider } from '../provider/pulumi/serializable-provider';
import { dynamicUrn, serializeDynamicProvider, startDynamicProviderHost, type DynamicProviderHost } from '../test/support/pulumi-provider-host';
import { twilioCarrier } from '../src/carriers/twilio/carrier';
import { createTelnyxCarrier } from '../src/carriers/telnyx';
import { carrierSet, type CarrierSet } from '../src/carriers/carrier-set';
import type { CarrierName } from '../src/carriers/carrier';

/** Both carriers against one sandbox, as the host configures them (Twilio the default). */
export function sandboxCarriers(sandbox: RunningSandbox): CarrierSet {
  const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url });
  return carrierSet({ twilio: () => twilioCarrier(client), telnyx: () => createTelnyxCarrier({ apiKey: sandbox.telnyxApiKey, baseUrl: sandbox.url }) }, 'twilio');
}

/** Pulumi's default parallelism on this machine class (it runs independent resources side by side). */
export const PARALLELISM = 8;
const AREA_CODES = ['212', '312', '415', '617', '206', '305', '512', '720', '404', '503'];

/** A resource as the engine recorded it. */
export interface Recorded {
  urn: string;
  id: string;
  props: Record<string, unknown>;
}

/** Runs `work` over `items`, `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** A sandbox and a dynamic-provider host configured for it. */
export interface Fleet {
  sandbox: RunningSandbox;
  host: DynamicProviderHost;
  provider: string;
  dataDir: string;
}

/** Starts a sandbox (with `options`) and a host configured for it. */
export async function startFleet(options: Omit<SandboxOptions, 'dataDir'> = {}): Promise<Fleet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'didops-bench-pulumi-'));
  const sandbox = await startSandbox({ ...options, dataDir });
  const host = await startDynamicProviderHost({ cwd: join(__dirname, '..', '..') });
  await host.configure(
    {
      'didops:twilioAccountSid': sandbox.accountSid,
      'didops:twilioAuthToken': sandbox.authToken,
      'didops:twilioBaseUrl': sandbox.url,
      'didops:telnyxApiKey': sandbox.telnyxApiKey,
      'didops:telnyxBaseUrl': sandbox.url,
      'didops:defaultCarrier': 'twilio',
    },
    ['didops:twilioAuthToken', 'didops:telnyxApiKey'],
  );
  const provider = await serializeDynamicProvider(serializableProvider('PhoneNumber'));
  return { sandbox, host, provider, dataDir };
}

/** Stops the host and the sandbox and removes the sandbox's data. */
export async function stopFleet(f: Fleet): Promise<void> {
  await f.host.close();
  await f.sandbox.close();
  rmSync(f.dataDir, { recursive: true, force: true });
}

/** The URN and inputs of number `i`, as a program declares it. */
export function inputsFor(f: Fleet, name: string, i: number, voiceUrl: string, carrier?: CarrierName): { urn: string; inputs: Record<string, unknown> } {
  const urn = dynamicUrn({ module: 'didops', type: 'PhoneNumber', name });
  return {
    urn,
    inputs: {
      __provider: f.provider,
      __identity: { type: 'didops:PhoneNumber', name, urn },
      ...(carrier ? { carrier } : {}),
      search: { country: 'US', areaCode: AREA_CODES[i % AREA_CODES.length] },
      voice: { url: voiceUrl },
    },
  };
}

/** A run like `pulumi up` then a webhook change then `pulumi destroy`, where a failed step is run again once (as a user re-runs). */
export async function fullRun(f: Fleet, n: number, prefix: string, carrier?: CarrierName): Promise<{ create: number; update: number; delete: number; reruns: number; recorded: Recorded[] }> {
  const recorded: Recorded[] = new Array(n);
  let reruns = 0;
  const again = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch {
      reruns++;
      return step();
    }
  };
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const create = await time(() =>
    inParallel(names, PARALLELISM, async (name, i) => {
      const { urn, inputs } = inputsFor(f, name, i, 'https://example.com/a', carrier);
      const checked = await f.host.check(urn, {}, inputs);
      const made = await again(() => f.host.create(urn, { ...checked.inputs, __provider: f.provider }));
      recorded[i] = { urn, id: made.id, props: made.properties };
    }),
  );
  const update = await time(() =>
    inParallel(names, PARALLELISM, async (name, i) => {
      const r = recorded[i];
      const { inputs } = inputsFor(f, name, i, 'https://example.com/b', carrier);
      const checked = await f.host.check(r.urn, r.props, inputs);
      const news = { ...checked.inputs, __provider: f.provider };
      const diff = await f.host.diff(r.urn, r.id, r.props, news);
      if (diff.changes !== 'some' || diff.replaces.length > 0) throw new Error(`expected an in-place update for ${name}, got ${JSON.stringify(diff)}`);
      const updated = await again(() => f.host.update(r.urn, r.id, r.props, news));
      recorded[i] = { ...r, props: updated.properties };
    }),
  );
  const owned = new Set((await listOwned(f, carrier)).map((x) => x.e164));
  const stateNumbers = recorded.map((r) => String(r.props.e164));
  const duplicates = owned.size - new Set(stateNumbers).size;
  if (duplicates !== 0 || !stateNumbers.every((e) => owned.has(e))) {
    throw new Error(`state and sandbox disagree: ${owned.size} owned, ${new Set(stateNumbers).size} in state`);
  }
  const del = await time(() => inParallel(recorded, PARALLELISM, async (r) => again(() => f.host.delete(r.urn, r.id, r.props))));
  const left = await listOwned(f, carrier);
  if (left.length !== 0) throw new Error(`${left.length} numbers left after delete`);
  return { create, update, delete: del, reruns, recorded };
}

/** The sandbox account's owned numbers (faults cleared first, so the count is exact). */
export async function listOwned(f: Fleet, carrier: CarrierName = 'twilio'): Promise<{ e164: string }[]> {
  f.sandbox.context.faults.configure([]);
  if (carrier === 'telnyx') return sandboxCarriers(f.sandbox).get('telnyx').numbers.list();
  const client = createTwilioClient({ accountSid: f.sandbox.accountSid, authToken: f.sandbox.authToken, baseUrl: f.sandbox.url });
  return (await client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => ({ e164: n.phoneNumber }));
}

/** Operations run through both paths before the timed ones. */
export const WARM_UP = 5;

/** Adapter overhead per operation: the host over gRPC minus the same handler call in-process, in ms. */
export interface AdapterOverhead {
  /** Mean: the difference of the totals over the operations. */
  readMs: number;
  updateMs: number;
  /** The difference of the per-operation medians (steadier on a busy machine). */
  readMedianMs: number;
  updateMedianMs: number;
}

/** Runs `step` on each item in turn; the duration of each, in ms. */
export async function timeEach<T>(items: readonly T[], step: (item: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await step(item);
    out.push(performance.now() - t);
  }
  return out;
}

/** The overhead from per-operation durations through the adapter and in-process. */
export function overheadOf(via: { read: number[]; update: number[] }, direct: { read: number[]; update: number[] }): AdapterOverhead {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    readMs: (sum(via.read) - sum(direct.read)) / via.read.length,
    updateMs: (sum(via.update) - sum(direct.update)) / via.update.length,
    readMedianMs: median(via.read) - median(direct.read),
    updateMedianMs: median(via.update) - median(direct.update),
  };
}

/**
 * Sequential reads and updates of the same numbers through the host and through the handler in-process, on `carrier`.
 * The numbers are bought first, `PARALLELISM` at a time (not timed: a Telnyx purchase waits for its order), with
 * {@link WARM_UP} more for an untimed first round.
 */
export async function adapterOverhead(f: Fleet, samples: number, carrier: CarrierName = 'twilio'): Promise<AdapterOverhead> {
  const handler = createPhoneNumberHandler({ carriers: sandboxCarriers(f.sandbox) });
  const names = Array.from({ length: samples + WARM_UP }, (_, i) => `overhead-${carrier}-${i}`);
  const made: Recorded[] = new Array(names.length);
  await inParallel(names, PARALLELISM, async (name, i) => {
    const { urn, inputs } = inputsFor(f, name, i, 'https://example.com/a', carrier);
    const checked = await f.host.check(urn, {}, inputs);
    const c = await f.host.create(urn, { ...checked.inputs, __provider: f.provider });
    made[i] = { urn, id: c.id, props: c.properties };
  });
  const state = (r: Recorded) => r.props as unknown as PhoneNumberInputs & PhoneNumberState;
  const flip = (r: Recorded, url: string) => ({ ...state(r), voice: { url, method: 'POST' as const, fallbackMethod: 'POST' as const, statusCallbackMethod: 'POST' as const } });
  const hostRead = (r: Recorded) => f.host.read(r.urn, r.id, r.props);
  const directRead = (r: Recorded) => handler.read({ id: r.id, state: state(r) });
  const hostUpdate = async (r: Recorded) => {
    const news = { ...r.props, ...flip(r, 'https://example.com/host') };
    r.props = (await f.host.update(r.urn, r.id, r.props, news)).properties;
  };
  const directUpdate = async (r: Recorded) => {
    const u = await handler.update({ id: r.id, olds: state(r), news: flip(r, 'https://example.com/direct'), preview: false });
    r.props = { ...r.props, ...u.outputs, voice: flip(r, 'https://example.com/direct').voice };
  };
  // Untimed warm-up on the first few: the host loads a carrier's SDK on first use, and each side's first update
  // makes its webhook's voice connection (Telnyx); neither is a per-operation cost.
  const warm = made.slice(0, WARM_UP);
  for (const step of [hostRead, directRead, hostUpdate, directUpdate]) await timeEach(warm, step);
  const timedPart = made.slice(WARM_UP);
  const hostReads = await timeEach(timedPart, hostRead);
  const directReads = await timeEach(timedPart, directRead);
  const hostUpdates = await timeEach(timedPart, hostUpdate);
  const directUpdates = await timeEach(timedPart, directUpdate);
  for (const r of made) await f.host.delete(r.urn, r.id, r.props);
  return overheadOf({ read: hostReads, update: hostUpdates }, { read: directReads, update: directUpdates });
}

/** 10% of carrier requests fail: rate limits, errors before the work, and errors after it (the purchase happened). */
export const FAULTS: FaultRule[] = [
  { method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 0.1, status: 503, when: 'after', latencyMs: 0, responseDelayMs: 0 } as FaultRule,
  { method: 'POST', path: '/api/*/IncomingPhoneNumbers/*', errorRate: 0.1, status: 500, when: 'before', latencyMs: 0, responseDelayMs: 0 } as FaultRule,
  { method: 'GET', path: '/api/*/AvailablePhoneNumbers/*', errorRate: 0.1, status: 429, retryAfterSeconds: 0, when: 'before', latencyMs: 0, responseDelayMs: 0 } as FaultRule,
  { method: 'GET', path: '/api/*/IncomingPhoneNumbers*', errorRate: 0.1, status: 500, when: 'before', latencyMs: 0, responseDelayMs: 0 } as FaultRule,
  { method: 'DELETE', path: '/api/*/IncomingPhoneNumbers/*', errorRate: 0.1, status: 503, when: 'before', latencyMs: 0, responseDelayMs: 0 } as FaultRule,
];

/** Runs the benchmark; returns the Markdown section. */
export async function benchPulumiResources(n: number): Promise<string[]> {
  const lines: string[] = [];
  const plain = await startFleet();
  let base: Awaited<ReturnType<typeof fullRun>>;
  let overhead: Awaited<ReturnType<typeof adapterOverhead>>;
  try {
    overhead = await adapterOverhead(plain, 200);
    base = await fullRun(plain, n, 'plain');
  } finally {
    await stopFleet(plain);
  }
  const faulty = await startFleet();
  let withFaults: Awaited<ReturnType<typeof fullRun>>;
  let injected = 0;
  try {
    faulty.sandbox.context.faults.configure(FAULTS, 3);
    const configured = faulty.sandbox.context.faults;
    const reconfigure = configured.configure.bind(configured);
    // listOwned clears the faults to count; keep the count of what was injected before that.
    configured.configure = (rules, seed) => {
      injected += configured.describe().rules.reduce((sum, r) => sum + r.injected, 0);
      return reconfigure(rules, seed);
    };
    withFaults = await fullRun(faulty, n, 'faulty');
  } finally {
    await stopFleet(faulty);
  }
  const total = (r: typeof base) => r.create + r.update + r.delete;
  const row = (label: string, r: typeof base) =>
    `| ${label} | ${(r.create / 1000).toFixed(1)} | ${(r.update / 1000).toFixed(1)} | ${(r.delete / 1000).toFixed(1)} | ${(total(r) / 1000).toFixed(1)} | ${((3 * n) / (total(r) / 1000)).toFixed(0)} | ${r.reruns} |`;
  lines.push(`## PhoneNumber through the Pulumi dynamic provider host (issue #3) — ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push(`${n.toLocaleString('en-US')} numbers (search US by area code), created, updated (voice URL) and deleted through Pulumi's real dynamic provider host over gRPC, ${PARALLELISM} operations in flight, against the sandbox.`);
  lines.push('');
  lines.push('| run | create s | update s | delete s | total s | ops/s | steps re-run |');
  lines.push('|---|---|---|---|---|---|---|');
  lines.push(row('no faults', base));
  lines.push(row(`10% faults (${injected} injected)`, withFaults));
  lines.push('');
  const ratio = total(withFaults) / total(base);
  lines.push(`- With faults / without: **${ratio.toFixed(2)}×** (target < 1.5×). Duplicates and orphans: **0** (checked: the sandbox's owned numbers equal the state's, before and after delete).`);
  lines.push(`- Adapter overhead per operation (host over gRPC minus the same handler call in-process, 200 sequential operations): read **${overhead.readMs.toFixed(2)} ms**, update **${overhead.updateMs.toFixed(2)} ms** (target < 5 ms).`);
  return lines;
}
