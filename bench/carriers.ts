/**
 * Two carriers side by side (issue #11), in one run against one sandbox and one inventory:
 * - number search through each carrier's official SDK (`telnyx`, `twilio`), the same criteria mix (target: Telnyx
 *   p95 < 20 ms), with the Telnyx ÷ Twilio ratio;
 * - order to active: a PhoneNumber create (the handler in-process) until the number is active, Telnyx's order with
 *   its default 2 s delay and with none, against Twilio's synchronous purchase, broken down by phase;
 * - the adapters' overhead per operation on each carrier: Pulumi's dynamic-provider host (pulumi-resources.ts) and
 *   the Terraform provider process over tfplugin6 gRPC (terraform-rpc.ts), each minus the same handler call
 *   in-process (target < 5 ms).
 * `npm run bench -- carriers`.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AvailableNumbers, Carrier, CarrierName, OwnedNumbers, PurchaseProgress } from '../src/carriers/carrier';
import { carrierSet } from '../src/carriers/carrier-set';
import { createTelnyxCarrier } from '../src/carriers/telnyx';
import { createTelnyxClient } from '../src/carriers/telnyx/client';
import { createTwilioClient } from '../src/carriers/twilio';
import { twilioCarrier } from '../src/carriers/twilio/carrier';
import { createPhoneNumberHandler } from '../src/resources';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server';
import { DEFAULT_ORDER_DELAY_MS } from '../src/sandbox/telnyx/telnyx-sandbox';
import { adapterOverhead, fullRun, PARALLELISM, startFleet, stopFleet, type AdapterOverhead } from './pulumi-resources';
import { fleet as terraformFleet, type Row as TerraformRow } from './terraform';
import { terraformAdapterOverhead } from './terraform-rpc';
import { percentile } from './stats';

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** One search criterion, asked of each carrier through its SDK; each answers how many numbers it found. */
interface SearchKind {
  name: string;
  twilio: (i: number) => Promise<number>;
  telnyx: (i: number) => Promise<number>;
}

/** Latency percentiles of one kind on one carrier. */
interface Latency {
  p50: number;
  p95: number;
  p99: number;
  found: number;
}

function searchKinds(sandbox: RunningSandbox): SearchKind[] {
  const tw = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url, retry: false });
  const tx = createTelnyxClient({ apiKey: sandbox.telnyxApiKey, baseUrl: sandbox.url, retry: false });
  const us = tw.availablePhoneNumbers('US');
  type Filter = NonNullable<Parameters<typeof tx.availablePhoneNumbers.list>[0]>['filter'];
  const telnyx = async (filter: Filter) => ((await tx.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: 20, ...filter } })).data ?? []).length;
  const areaCodes = ['415', '212', '312', '617', '206', '305', '512', '303'];
  // Keypad words, as Twilio takes them, and their digits, as Telnyx does.
  const words = [
    ['CALL', '2255'],
    ['HELP', '4357'],
    ['TAXI', '8294'],
    ['CARS', '2277'],
  ];
  const endings = ['7777', '0100', '2024', '9999'];
  const tollFree = ['800', '888', '877', '866'];
  return [
    {
      name: 'area code (415, 212…)',
      twilio: async (i) => (await us.local.list({ areaCode: Number(areaCodes[i % areaCodes.length]), limit: 20 })).length,
      telnyx: (i) => telnyx({ phone_number_type: 'local', national_destination_code: areaCodes[i % areaCodes.length] }),
    },
    {
      name: 'contains a word (CALL, HELP…)',
      twilio: async (i) => (await us.local.list({ contains: words[i % words.length][0], limit: 20 })).length,
      telnyx: (i) => telnyx({ phone_number_type: 'local', phone_number: { contains: words[i % words.length][1] } }),
    },
    {
      name: 'ends with (7777, 0100…)',
      twilio: async (i) => (await us.local.list({ contains: `${endings[i % endings.length]}$`, limit: 20 })).length,
      telnyx: (i) => telnyx({ phone_number_type: 'local', phone_number: { ends_with: endings[i % endings.length] } }),
    },
    {
      name: 'features: voice + SMS + MMS, area code',
      twilio: async (i) => (await us.local.list({ areaCode: Number(areaCodes[i % areaCodes.length]), voiceEnabled: true, smsEnabled: true, mmsEnabled: true, limit: 20 })).length,
      telnyx: (i) => telnyx({ phone_number_type: 'local', national_destination_code: areaCodes[i % areaCodes.length], features: ['voice', 'sms', 'mms'] }),
    },
    {
      name: 'toll-free by prefix (800, 888…)',
      twilio: async (i) => (await us.tollFree.list({ areaCode: Number(tollFree[i % tollFree.length]), limit: 20 })).length,
      telnyx: (i) => telnyx({ phone_number_type: 'toll_free', national_destination_code: tollFree[i % tollFree.length] }),
    },
    {
      name: 'toll-free, contains CALL (few matches: scans)',
      twilio: async () => (await us.tollFree.list({ contains: 'CALL', limit: 20 })).length,
      telnyx: () => telnyx({ phone_number_type: 'toll_free', phone_number: { contains: '2255' } }),
    },
  ];
}

/** Each kind `runs` times on each carrier, the carriers interleaved run by run so both see the same machine. */
async function searchSideBySide(sandbox: RunningSandbox, runs: number): Promise<{ name: string; twilio: Latency; telnyx: Latency }[]> {
  const kinds = searchKinds(sandbox);
  const out: { name: string; twilio: Latency; telnyx: Latency }[] = [];
  for (const k of kinds) {
    // Warm statement caches and the SDKs' connections.
    for (let i = 0; i < 5; i++) await Promise.all([k.twilio(i), k.telnyx(i)]);
    const samples: Record<CarrierName, number[]> = { twilio: [], telnyx: [] };
    const found: Record<CarrierName, number> = { twilio: 0, telnyx: 0 };
    for (let i = 0; i < runs; i++) {
      const order: CarrierName[] = i % 2 === 0 ? ['twilio', 'telnyx'] : ['telnyx', 'twilio'];
      for (const c of order) {
        const t0 = performance.now();
        found[c] += await k[c](i);
        samples[c].push(performance.now() - t0);
      }
    }
    const latency = (c: CarrierName): Latency => {
      const s = samples[c].sort((a, b) => a - b);
      return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), found: found[c] / runs };
    };
    out.push({ name: k.name, twilio: latency('twilio'), telnyx: latency('telnyx') });
  }
  return out;
}

/** Where one create's time went, in ms. */
export interface Phases {
  total: number;
  /** Looking for an earlier run's purchase of the same resource (tagged numbers, pending orders). */
  earlier: number;
  search: number;
  /** Purchase start until the order is placed (Telnyx: re-check of the number, voice connection, POST /number_orders); Twilio: the whole synchronous purchase. */
  ordered: number;
  /** Order placed until polling sees it complete (Telnyx only). */
  wait: number;
  /** Order complete until the purchase returns: the number read back, its reference and connection checked (Telnyx only). */
  settings: number;
  /** The rest: the handler's own work (inputs, outputs, the price book). */
  other: number;
  status: string;
}

/** One timed call on a carrier part. */
interface Call {
  name: string;
  start: number;
  end: number;
}

/** Times every asynchronous method called on `target`, appending each call to `calls` (synchronous ones pass through). */
function timed<T extends object>(target: T, calls: Call[]): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const start = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (!(result instanceof Promise)) return result;
        return result.finally(() => calls.push({ name: String(prop), start, end: performance.now() }));
      };
    },
  });
}

/** Creates `runs` numbers one after another through the PhoneNumber handler on `carrier`, timing each phase. */
async function orderToActive(sandbox: RunningSandbox, carrier: CarrierName, runs: number, prefix: string): Promise<Phases[]> {
  const calls: Call[] = [];
  const events = new Map<string, number>();
  const instrument = (c: Carrier): Carrier => ({ ...c, numbers: timed<OwnedNumbers>(c.numbers, calls), available: timed<AvailableNumbers>(c.available, calls) });
  const tw = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url });
  const handler = createPhoneNumberHandler({
    carriers: carrierSet({ twilio: () => instrument(twilioCarrier(tw)), telnyx: () => instrument(createTelnyxCarrier({ apiKey: sandbox.telnyxApiKey, baseUrl: sandbox.url })) }),
    onPurchaseProgress: (p: PurchaseProgress) => {
      if (p.status === 'ordered' || p.status === 'complete') events.set(p.status, performance.now());
    },
  });
  // A new area code for each create: identical searches share their matches (search lanes), which would hide the search.
  const areaCodes = ['415', '212', '312', '617', '206', '305', '512', '303', '404', '503', '720', '213', '718', '646', '702', '615', '704', '919', '214', '713', '602', '858'];
  const phases: Phases[] = [];
  const sum = (names: string[]) => calls.filter((c) => names.includes(c.name)).reduce((a, c) => a + c.end - c.start, 0);
  // The first create loads the SDK and the price list; it is not counted.
  for (let i = -1; i < runs; i++) {
    const checked = await handler.check({ news: { carrier, search: { country: 'US', areaCode: areaCodes[(i + 1) % areaCodes.length] }, voice: { url: 'https://example.com/voice' } } });
    if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    calls.length = 0;
    events.clear();
    const t0 = performance.now();
    const made = await handler.create({ inputs: checked.inputs, preview: false, identity: { type: 'didops:PhoneNumber', name: `${prefix}-${carrier}-${i}` } });
    const total = performance.now() - t0;
    if (i < 0) continue;
    const purchases = calls.filter((c) => c.name === 'purchase');
    if (purchases.length !== 1) throw new Error(`expected one purchase, saw ${purchases.length}: ${calls.map((c) => c.name).join(", ")}`);
    const { start, end } = purchases[0];
    const ordered = events.get('ordered');
    const complete = events.get('complete');
    const earlier = sum(['tagged', 'taggedNow', 'list', 'fetch']);
    const search = sum(['search']);
    const phase: Phases =
      ordered !== undefined && complete !== undefined
        ? { total, earlier, search, ordered: ordered - start, wait: complete - ordered, settings: end - complete, other: 0, status: made.outputs.status }
        : { total, earlier, search, ordered: end - start, wait: 0, settings: 0, other: 0, status: made.outputs.status };
    phase.other = total - earlier - search - (end - start);
    phases.push(phase);
  }
  return phases;
}

/** Sets the Telnyx sandbox's order delay through its control API, as a user would. */
async function setOrderDelay(sandbox: RunningSandbox, orderDelayMs: number): Promise<void> {
  const res = await fetch(`${sandbox.url}/_sandbox/telnyx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.telnyxApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ orderDelayMs }),
  });
  if (!res.ok) throw new Error(`POST /_sandbox/telnyx answered ${res.status}: ${await res.text()}`);
}

/** Options of {@link benchCarriers}. */
export interface CarrierBenchOptions {
  /** Searches per kind and carrier (default 200). */
  searchRuns: number;
  /** Creates per order-to-active row (default 10). */
  orderRuns: number;
  /** Operations per adapter-overhead measurement (default 200). */
  overheadSamples: number;
  /** Numbers of the Pulumi create/update/delete run per carrier (default 100). */
  pulumiNumbers: number;
  /** Stack sizes of the Terraform CLI runs per carrier (default 1 and 100). */
  terraformSizes: number[];
}

const CARRIERS = ['twilio', 'telnyx'] as const;
const LABEL: Record<CarrierName, string> = { twilio: 'Twilio', telnyx: 'Telnyx' };

const fmt = (ms: number) => ms.toFixed(1);

/** Runs the benchmark; returns the Markdown section. */
export async function benchCarriers(options: Partial<CarrierBenchOptions> = {}): Promise<string[]> {
  const { searchRuns = 200, orderRuns = 10, overheadSamples = 200, pulumiNumbers = 100, terraformSizes = [1, 100] } = options;
  const loads: string[] = [`start ${loadAverage()}`];
  const work = mkdtempSync(join(tmpdir(), 'didops-bench-carriers-'));
  let searches: Awaited<ReturnType<typeof searchSideBySide>>;
  const o2a: { label: string; phases: Phases[] }[] = [];
  try {
    const sandbox = await startSandbox({ dataDir: join(work, 'sandbox') });
    try {
      console.log('search, both carriers…');
      searches = await searchSideBySide(sandbox, searchRuns);
      loads.push(`after search ${loadAverage()}`);
      console.log('order to active…');
      o2a.push({ label: 'Twilio (synchronous purchase)', phases: await orderToActive(sandbox, 'twilio', orderRuns, 'sync') });
      await setOrderDelay(sandbox, DEFAULT_ORDER_DELAY_MS);
      o2a.push({ label: `Telnyx, order delay ${DEFAULT_ORDER_DELAY_MS} ms (default)`, phases: await orderToActive(sandbox, 'telnyx', orderRuns, 'default-delay') });
      await setOrderDelay(sandbox, 0);
      o2a.push({ label: 'Telnyx, order delay 0 ms', phases: await orderToActive(sandbox, 'telnyx', orderRuns, 'no-delay') });
      loads.push(`after order to active ${loadAverage()}`);
    } finally {
      await sandbox.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log('adapter overhead, Pulumi…');
  const pulumi: Partial<Record<CarrierName, AdapterOverhead>> = {};
  for (const carrier of CARRIERS) {
    const fleet = await startFleet({ telnyx: { orderDelayMs: 0 } });
    try {
      pulumi[carrier] = await adapterOverhead(fleet, overheadSamples, carrier);
    } finally {
      await stopFleet(fleet);
    }
  }
  loads.push(`after Pulumi ${loadAverage()}`);
  console.log('adapter overhead, Terraform…');
  const terraform: Partial<Record<CarrierName, AdapterOverhead>> = {};
  for (const carrier of CARRIERS) terraform[carrier] = await terraformAdapterOverhead(overheadSamples, carrier);
  loads.push(`after Terraform RPCs ${loadAverage()}`);

  console.log('whole runs, Pulumi host…');
  const pulumiRuns: { carrier: CarrierName; run: Awaited<ReturnType<typeof fullRun>> }[] = [];
  for (const carrier of CARRIERS) {
    const f = await startFleet();
    try {
      pulumiRuns.push({ carrier, run: await fullRun(f, pulumiNumbers, `whole-${carrier}`, carrier) });
    } finally {
      await stopFleet(f);
    }
  }
  console.log('whole runs, terraform CLI…');
  const terraformRuns: { carrier: CarrierName; row: TerraformRow }[] = [];
  // Twilio is the default carrier, so its stack names none (as the issue #5 stack); Telnyx's sets `carrier`.
  for (const n of terraformSizes) for (const carrier of CARRIERS) terraformRuns.push({ carrier, row: await terraformFleet(n, carrier === 'twilio' ? undefined : carrier) });
  loads.push(`end ${loadAverage()}`);

  const lines: string[] = [];
  lines.push(`## Two carriers (issue #11) — ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push('One sandbox, one inventory (the default 1,000,000 numbers), both carriers\' APIs served by it on loopback. Reproduce with `npm run bench -- carriers` (about 5 minutes).');
  lines.push(`Load average (1, 5, 15 min) during the run: ${loads.join('; ')}.`);
  lines.push('');
  lines.push(`### Search through each carrier's official SDK`);
  lines.push('');
  lines.push(`\`telnyx\` SDK \`availablePhoneNumbers.list\` against \`twilio\` SDK \`availablePhoneNumbers('US').local/tollFree.list\`, 20 numbers a search, ${searchRuns} runs per criterion and carrier, the carriers taking turns. Target: Telnyx p95 < 20 ms.`);
  lines.push('');
  lines.push('| criterion | Twilio p50 | p95 | p99 | Telnyx p50 | p95 | p99 | Telnyx ÷ Twilio p95 | found / search Twilio, Telnyx | target |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of searches) {
    lines.push(
      `| ${s.name} | ${fmt(s.twilio.p50)} | ${fmt(s.twilio.p95)} | ${fmt(s.twilio.p99)} | ${fmt(s.telnyx.p50)} | ${fmt(s.telnyx.p95)} | ${fmt(s.telnyx.p99)} | ${(s.telnyx.p95 / s.twilio.p95).toFixed(2)}× | ${s.twilio.found.toFixed(0)}, ${s.telnyx.found.toFixed(0)} | ${s.telnyx.p95 < 20 ? 'met' : 'not met'} |`,
    );
  }
  lines.push('');
  const worst = Math.max(...searches.map((x) => x.telnyx.p95));
  const ratios = searches.map((x) => x.telnyx.p95 / x.twilio.p95);
  lines.push(`All times in ms. Telnyx p95 < 20 ms: ${searches.filter((x) => x.telnyx.p95 < 20).length} of ${searches.length} criteria (worst ${fmt(worst)} ms); Telnyx ÷ Twilio p95 from ${Math.min(...ratios).toFixed(2)}× to ${Math.max(...ratios).toFixed(2)}×.`);
  lines.push('');
  lines.push('### Order to active');
  lines.push('');
  lines.push(`A PhoneNumber create (search US by area code, a voice URL) through the handler in-process until it returns an active number, ${orderRuns} creates one after another per row; medians in ms. Phases are timed at the carrier port: the handler's look for an earlier run's purchase, the search, the purchase until the order is placed, the wait for the order, and the settings after it (the number read back, its ownership reference and voice connection checked and written). Telnyx's order delay is set through \`POST /_sandbox/telnyx {orderDelayMs}\`.`);
  lines.push('');
  lines.push('| carrier | total | earlier-run check | search | order placed | wait | settings applied | handler\'s own | status after create |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const row of o2a) {
    const m = (f: (p: Phases) => number) => fmt(median(row.phases.map(f)));
    const statuses = [...new Set(row.phases.map((p) => p.status))].join(', ');
    lines.push(`| ${row.label} | ${m((p) => p.total)} | ${m((p) => p.earlier)} | ${m((p) => p.search)} | ${m((p) => p.ordered)} | ${m((p) => p.wait)} | ${m((p) => p.settings)} | ${m((p) => p.other)} | ${statuses} |`);
  }
  const twilioTotal = median(o2a[0].phases.map((p) => p.total));
  lines.push('');
  lines.push(`Telnyx ÷ Twilio, total: ${(median(o2a[1].phases.map((p) => p.total)) / twilioTotal).toFixed(1)}× with the default delay, ${(median(o2a[2].phases.map((p) => p.total)) / twilioTotal).toFixed(1)}× with none.`);
  lines.push('');
  lines.push('### Adapter overhead per operation, per carrier');
  lines.push('');
  lines.push(`${overheadSamples} sequential operations on numbers bought beforehand; the adapter's time is the operation through it minus the same handler call in-process (mean: the difference of the totals, as the issue #3 benchmark reports it; median: the difference of the per-operation medians), after 5 untimed operations each way, against the same sandbox (Telnyx order delay 0 while buying them). Pulumi: the real dynamic-provider host over gRPC (as in the issue #3 benchmark). Terraform: the provider process (\`dist/provider/terraform/main.js --debug\`) driven over tfplugin6 gRPC as Terraform drives it, \`ReadResource\` and \`ApplyResourceChange\` (an update of the voice URL). Target < 5 ms.`);
  lines.push('');
  lines.push('| adapter | carrier | read ms (mean) | read ms (median) | update ms (mean) | update ms (median) | target |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const [adapter, results] of [['Pulumi', pulumi], ['Terraform', terraform]] as const) {
    for (const carrier of CARRIERS) {
      const r = results[carrier]!;
      const met = r.readMs < 5 && r.updateMs < 5;
      lines.push(`| ${adapter} | ${LABEL[carrier]} | ${r.readMs.toFixed(2)} | ${r.readMedianMs.toFixed(2)} | ${r.updateMs.toFixed(2)} | ${r.updateMedianMs.toFixed(2)} | ${met ? 'met' : 'not met'} |`);
    }
  }
  const sec = (ms: number) => (ms / 1000).toFixed(1);
  lines.push('');
  lines.push('### Whole runs per carrier');
  lines.push('');
  lines.push(`The issue #3 and #5 runs on each carrier, Telnyx with its default ${DEFAULT_ORDER_DELAY_MS} ms order delay. Pulumi: ${pulumiNumbers} numbers (search US by area code) created, updated (voice URL) and deleted through the dynamic-provider host, ${PARALLELISM} in flight, checked against the carrier's owned numbers. Terraform 1.11: \`count\` numbers, the Twilio stack naming no carrier (Twilio is the default, as in the issue #5 stack) and the Telnyx one \`carrier = "telnyx"\`, terraform's default parallelism (10); the plan with no changes is \`plan -detailed-exitcode\` after the apply.`);
  lines.push('');
  lines.push('| tool | carrier | numbers | create / apply s | update s | plan s | plan with no changes s | delete / destroy s |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const { carrier, run } of pulumiRuns) lines.push(`| Pulumi host | ${LABEL[carrier]} | ${pulumiNumbers} | ${sec(run.create)} | ${sec(run.update)} | — | — | ${sec(run.delete)} |`);
  for (const { carrier, row } of terraformRuns) lines.push(`| terraform | ${LABEL[carrier]} | ${row.n} | ${sec(row.apply)} | — | ${sec(row.plan)} | ${sec(row.noChangePlan)}${row.noChangePlanClean ? '' : ' (not clean: proposed changes)'} | ${sec(row.destroy)} |`);
  return lines;
}
