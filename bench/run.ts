/**
 * `npm run bench`: measures the sandbox on its default inventory and writes the results to docs/benchmarks.md.
 * Targets (issue #2): search p95 under 20 ms through the SDK; restart with an existing data dir under 3 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwilioClient } from '../src/carriers/twilio';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_INVENTORY_SIZE, DEFAULT_SEED, startSandbox } from '../src/sandbox/server';
import { buildInventoryDatabase } from '../src/sandbox/store/database';
import { benchPulumiResources } from './pulumi-resources';
import { benchTerraform } from './terraform';
import { benchRouting } from './routing';
import { benchScale } from './scale';
import { benchCarriers } from './carriers';
import { benchBilling } from './billing';
import { benchRating } from './rating';
import { benchExports } from './reconciler-exports';
import { benchReconcilerAnalytics } from './reconciler-analytics';
import { benchApi } from './reconciler-api';
import { checkAvailability, NumberPriceBook, searchNumbers, type SearchCriteriaInput } from '../src/search';
import { twilioCarrier } from '../src/carriers/twilio/carrier';
import { percentile } from './stats';

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Spawns the CLI on an existing data dir and times it until a search through the SDK is answered. */
async function timeCliToFirstAnswer(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'didops.js'), 'sandbox', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) resolveUrl(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`didops sandbox exited with ${code}`)));
    });
    const c = createTwilioClient({ accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN, baseUrl: url, retry: false });
    await c.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 20 });
    return performance.now() - t0;
  } finally {
    child.kill('SIGINT');
  }
}

/** Replaces (or appends) the section between `<!-- bench:NAME:start -->` and its end marker. */
function writeSection(file: string, name: string, lines: string[]): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${start}\n${lines.join('\n')}\n${end}`;
  writeFileSync(file, doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section) : `${doc.trimEnd()}\n\n${section}\n`);
}

/** Latency of each kind of number search on the default inventory, and candidates examined per second (issue #4). */
async function benchSearch(client: ReturnType<typeof createTwilioClient>, runs: number): Promise<string[]> {
  const kinds: { name: string; pushed: boolean; criteria: (i: number) => SearchCriteriaInput }[] = [
    { name: 'area code', pushed: true, criteria: (i) => ({ country: 'US', areaCode: ['415', '212', '312', '617'][i % 4] }) },
    { name: 'region + capabilities', pushed: true, criteria: (i) => ({ country: 'US', region: ['CA', 'NY', 'TX'][i % 3], capabilities: ['voice', 'sms'] }) },
    { name: 'near a number (25 mi)', pushed: true, criteria: () => ({ country: 'US', near: { number: '+14155550100', distanceMiles: 25 } }) },
    { name: 'vanity anywhere (pushed down)', pushed: true, criteria: (i) => ({ country: 'US', patterns: { vanity: { word: ['CALL', 'HELP', 'TAXI', 'CARS'][i % 4], at: 'anywhere' } } }) },
    { name: 'vanity at end, toll-free (pushed down)', pushed: true, criteria: () => ({ country: 'US', type: 'tollFree', patterns: { vanity: { word: 'TAXI', at: 'end' } } }) },
    { name: 'suffix 7777 (pushed down)', pushed: true, criteria: () => ({ country: 'US', patterns: { suffix: '7777' } }) },
    { name: 'prefix 41555 (pushed down)', pushed: true, criteria: () => ({ country: 'US', patterns: { prefix: '41555' } }) },
    { name: 'regex ^[2-9]\\d{2}(00|11|22|33)\\d{4}8$ (pages)', pushed: false, criteria: () => ({ country: 'US', pageSize: 1000, maxPages: 50, patterns: { regex: { pattern: '^[2-9]\\d{2}(00|11|22|33)\\d{4}8$', over: 'national' } } }) },
    { name: 'sequence ascending ≥5 (pages)', pushed: false, criteria: () => ({ country: 'US', pageSize: 1000, maxPages: 50, patterns: { sequence: { kind: 'ascending', minLength: 5 } } }) },
    { name: 'locality (Chicago)', pushed: true, criteria: () => ({ country: 'US', locality: 'Chicago' }) },
    { name: 'toll-free prefix 888', pushed: true, criteria: () => ({ country: 'US', type: 'tollFree', tollFreePrefix: '888' }) },
    { name: 'mobile, GB, no address needed', pushed: true, criteria: () => ({ country: 'GB', type: 'mobile', excludeAddressRequired: 'any' }) },
    { name: 'ranked by memorability (415, 5 pages)', pushed: true, criteria: () => ({ country: 'US', areaCode: '415', rank: 'memorability', maxPages: 5 }) },
    { name: 'regex over E.164 \\+1(21|31)2\\d{3}(00|11) (pages)', pushed: false, criteria: () => ({ country: 'US', pageSize: 1000, maxPages: 50, patterns: { regex: { pattern: '\\+1(21|31)2\\d{3}(00|11)', over: 'e164' } } }) },
    { name: 'repeated pairs ≥6 (pages)', pushed: false, criteria: () => ({ country: 'US', pageSize: 1000, maxPages: 50, patterns: { sequence: { kind: 'repeatedPairs', minLength: 6 } } }) },
    { name: 'palindrome ≥7 in 212 (pages)', pushed: false, criteria: () => ({ country: 'US', areaCode: '212', pageSize: 1000, maxPages: 50, patterns: { sequence: { kind: 'palindrome', minLength: 7 } } }) },
  ];
  const rows: string[] = [];
  for (const k of kinds) {
    const samples: number[] = [];
    let examined = 0;
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const outcome = await searchNumbers(twilioCarrier(client), { limit: 20, ...k.criteria(i) });
      samples.push(performance.now() - t0);
      examined += outcome.examined;
      found += outcome.results.length;
    }
    samples.sort((a, b) => a - b);
    const total = samples.reduce((a, b) => a + b, 0);
    rows.push(`| ${k.name} | ${k.pushed ? '300' : '2000'} | ${runs} | ${percentile(samples, 50).toFixed(0)} | ${percentile(samples, 95).toFixed(0)} | ${(examined / runs).toFixed(0)} | ${(found / runs).toFixed(1)} | ${Math.round(examined / (total / 1000)).toLocaleString('en-US')} |`);
  }
  // Bulk availability: 100 numbers (available, owned-looking and unknown), four requests in flight.
  const sample = (await client.availablePhoneNumbers('US').local.list({ limit: 60 })).map((n) => n.phoneNumber);
  const inputs = [...sample, ...Array.from({ length: 40 }, (_, i) => `+1212555${String(1000 + i)}`)];
  const t0 = performance.now();
  await checkAvailability(twilioCarrier(client), inputs, { concurrency: 4 });
  const checkMs = performance.now() - t0;
  const pricedT0 = performance.now();
  await searchNumbers(twilioCarrier(client), { country: 'US', areaCode: '212', limit: 20 }, { prices: new NumberPriceBook(twilioCarrier(client)) });
  const pricedMs = performance.now() - pricedT0;
  return [
    `## Number search (issue #4) — ${new Date().toISOString().slice(0, 10)}, default sandbox inventory, through the twilio SDK`,
    '',
    'Each search asks for 20 numbers. Targets: p95 under 300 ms for filters and pushed-down patterns, under 2 s for patterns that must page.',
    '',
    '| criterion | target p95 ms | runs | p50 ms | p95 ms | candidates examined / search | found / search | candidates / s |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Bulk availability: 100 numbers checked in ${checkMs.toFixed(0)} ms with 4 requests in flight (${(checkMs / 100).toFixed(1)} ms a number).`,
    `A 212 search with prices (first call, so the country's price list is fetched): ${pricedMs.toFixed(0)} ms.`,
  ];
}

/**
 * Benchmarks that `npm run bench -- <name>` runs alone, each writing its own section of docs/benchmarks.md; those
 * `inPlainRun` also run, in this order, in a plain `npm run bench` (before the Pulumi and sandbox ones below).
 */
const NAMED_BENCHMARKS: { name: string; section: string; inPlainRun: boolean; run: () => Promise<string[]> | string[] }[] = [
  // About half an hour at 10,000 numbers.
  { name: 'scale', section: 'scale', inPlainRun: false, run: () => benchScale() },
  // A million rows through XLSX takes minutes on a shared machine.
  {
    name: 'exports',
    section: 'reconciler-exports',
    inPlainRun: false,
    run: () => benchExports({ rows: Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000), peerRows: Number(process.env.BENCH_EXPORT_PEER_ROWS ?? 200_000) }),
  },
  // Loads 10 million records into a fresh database (minutes).
  {
    name: 'analytics',
    section: 'reconciler-analytics',
    inPlainRun: false,
    run: () =>
      benchReconcilerAnalytics({
        records: Number(process.env.BENCH_ANALYTICS_RECORDS ?? 10_000_000),
        ingestRecords: Number(process.env.BENCH_INGEST_RECORDS ?? 1_000_000),
        rounds: Number(process.env.BENCH_INGEST_ROUNDS ?? 4),
        runs: Number(process.env.BENCH_RUNS ?? 60),
        serverUrl: process.env.DIDOPS_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      }),
  },
  {
    name: 'api',
    section: 'reconciler-api',
    inPlainRun: true,
    run: () =>
      benchApi({
        calls: Number(process.env.BENCH_API_CALLS ?? 100_000),
        connections: Number(process.env.BENCH_API_CONNECTIONS ?? 1000),
        seconds: Number(process.env.BENCH_API_SECONDS ?? 10),
        pacedRate: Number(process.env.BENCH_API_RATE ?? 1000),
      }),
  },
  {
    name: 'rating',
    section: 'rating',
    inPlainRun: true,
    run: () =>
      benchRating({
        records: Number(process.env.BENCH_RATING_RECORDS ?? 5_000_000),
        chunk: Number(process.env.BENCH_RATING_BATCH ?? 2_000),
        largeChunk: Number(process.env.BENCH_RATING_LARGE_BATCH ?? 10_000),
      }),
  },
  {
    name: 'billing',
    section: 'billing',
    inPlainRun: true,
    run: () =>
      benchBilling({
        runs: Number(process.env.BENCH_RUNS ?? 500),
        meterEvents: Number(process.env.BENCH_METER_EVENTS ?? 100_000),
        inFlight: Number(process.env.BENCH_IN_FLIGHT ?? 64),
        streamEvents: Number(process.env.BENCH_STREAM_EVENTS ?? 500_000),
        streamInFlight: Number(process.env.BENCH_STREAM_IN_FLIGHT ?? 8),
      }),
  },
  {
    name: 'carriers',
    section: 'carriers',
    inPlainRun: true,
    run: () =>
      benchCarriers({
        searchRuns: Number(process.env.BENCH_RUNS ?? 200),
        orderRuns: Number(process.env.BENCH_ORDER_RUNS ?? 10),
        overheadSamples: Number(process.env.BENCH_OVERHEAD_SAMPLES ?? 200),
        pulumiNumbers: Number(process.env.BENCH_CARRIER_PULUMI_NUMBERS ?? 100),
        terraformSizes: (process.env.BENCH_CARRIER_TF_SIZES ?? '1,100').split(',').map(Number),
      }),
  },
  { name: 'routing', section: 'routing', inPlainRun: true, run: () => benchRouting([100, 1000]) },
  { name: 'terraform', section: 'terraform', inPlainRun: true, run: () => benchTerraform((process.env.BENCH_TERRAFORM_SIZES ?? '1,100,1000').split(',').map(Number)) },
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const names = [...NAMED_BENCHMARKS.map((b) => b.name), 'pulumi', 'sandbox'];
  if (only !== undefined && !names.includes(only)) {
    throw new Error(`unknown benchmark "${only}"; use one of ${names.map((n) => `"${n}"`).join(', ')}, or nothing for all but ${NAMED_BENCHMARKS.filter((b) => !b.inPlainRun).map((b) => b.name).join(' and ')}`);
  }
  const file = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
  for (const bench of NAMED_BENCHMARKS) {
    if (only === undefined ? !bench.inPlainRun : only !== bench.name) continue;
    const lines = await bench.run();
    for (const l of lines) console.log(l);
    writeSection(file, bench.section, lines);
    if (only === bench.name) return;
  }
  if (only !== 'sandbox') {
    const lines = await benchPulumiResources(Number(process.env.BENCH_PULUMI_NUMBERS ?? 1000));
    for (const l of lines) console.log(l);
    writeSection(file, 'pulumi-resources', lines);
    if (only === 'pulumi') return;
  }
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  const work = mkdtempSync(join(tmpdir(), 'didops-bench-'));
  const lines: string[] = [];
  const log = (s: string) => {
    console.log(s);
    lines.push(s);
  };
  try {
    console.log(`building a ${DEFAULT_INVENTORY_SIZE.toLocaleString('en-US')}-number inventory from scratch…`);
    const buildMs = await time(async () => buildInventoryDatabase(join(work, 'cold.db'), { seed: DEFAULT_SEED, inventorySize: DEFAULT_INVENTORY_SIZE }));
    rmSync(join(work, 'cold.db'), { force: true });

    const dataDir = join(work, 'data');
    const first = await startSandbox({ dataDir });
    const firstStartMs = first.startupMs;
    await first.close();
    const restarts: number[] = [];
    const firstAnswers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const s = await startSandbox({ dataDir });
      restarts.push(s.startupMs);
      const c = createTwilioClient({ accountSid: s.accountSid, authToken: s.authToken, baseUrl: s.url, retry: false });
      await c.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 20 });
      firstAnswers.push(performance.now() - t0);
      await s.close();
    }
    restarts.sort((a, b) => a - b);
    firstAnswers.sort((a, b) => a - b);
    const cliMs = await timeCliToFirstAnswer(dataDir);

    const sandbox = await startSandbox({ dataDir });
    const client = createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken, baseUrl: sandbox.url, retry: false });
    const us = client.availablePhoneNumbers('US');
    const areaCodes = ['415', '212', '312', '617', '206', '305', '512', '303'];
    const words = ['CALL', 'HELP', 'PIZZA', 'FLOWERS', 'TAXI', 'CARS', 'LOAN', 'JOBS'];
    const kinds: { name: string; query: (i: number) => Promise<unknown> }[] = [
      { name: 'area code (AreaCode=415…)', query: (i) => us.local.list({ areaCode: Number(areaCodes[i % areaCodes.length]), limit: 20 }) },
      { name: 'vanity Contains (CALL, PIZZA…)', query: (i) => us.local.list({ contains: words[i % words.length], limit: 20 }) },
      { name: 'wildcard Contains (+1415***, **77$, %99$)', query: (i) => us.local.list({ contains: ['+1415***', '**77$', '%99$'][i % 3], limit: 20 }) },
      { name: 'region (InRegion=CA…)', query: (i) => us.local.list({ inRegion: ['CA', 'NY', 'TX', 'WA'][i % 4], limit: 20 }) },
      { name: 'toll-free vanity (FLOWERS)', query: () => us.tollFree.list({ contains: 'FLOWERS', limit: 20 }) },
    ];
    for (const k of kinds) await k.query(0); // warm statement caches
    const results: string[] = [];
    for (const k of kinds) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await time(() => k.query(i)));
      samples.sort((a, b) => a - b);
      results.push(`| ${k.name} | ${runs} | ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} |`);
    }
    const searchLines = await benchSearch(client, Number(process.env.BENCH_SEARCH_RUNS ?? 30));
    await sandbox.close();

    log(`## Sandbox (issue #2) — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
    log('');
    log(`Inventory: ${DEFAULT_INVENTORY_SIZE.toLocaleString('en-US')} numbers, seed ${DEFAULT_SEED}.`);
    log('');
    log('| start-up | ms |');
    log('|---|---|');
    log(`| generate inventory + indexes from scratch (first start on a machine) | ${buildMs.toFixed(0)} |`);
    log(`| first start of a new data dir (copies the cached template) | ${firstStartMs.toFixed(0)} |`);
    log(`| restart with an existing data dir, median of 5 (target < 3000) | ${percentile(restarts, 50).toFixed(0)} |`);
    log(`| restart until the first search is answered through the SDK, median of 5 | ${percentile(firstAnswers, 50).toFixed(0)} |`);
    log(`| \`didops sandbox\` process: spawn until it answers a search | ${cliMs.toFixed(0)} |`);
    log('');
    log('Search latency through the official twilio SDK over loopback (target p95 < 20 ms):');
    log('');
    log('| query | runs | p50 ms | p95 ms | p99 ms |');
    log('|---|---|---|---|---|');
    for (const r of results) log(r);

    for (const l of searchLines) console.log(l);
    writeSection(file, 'sandbox', lines);
    writeSection(file, 'search', searchLines);
    console.log(`\nwritten to ${file}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
