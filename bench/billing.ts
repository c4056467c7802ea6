/**
 * The Stripe sandbox (issue #12), in one run:
 * - request latency through the official `stripe` SDK over a mix of reads and writes (target p95 < 10 ms), beside the
 *   floor: the same SDK against a bare node:http server that answers a stored object without any work, so the ratio
 *   says what the sandbox itself costs;
 * - meter events accepted per second on loopback (target ≥ 10,000/s, the rate Stripe documents for its v2 event
 *   stream), from two load threads with keep-alive connections and many requests in flight, beside the same floor;
 * - closing the invoice of a 10,000-number subscription (target < 200 ms): one test clock advance that renews the
 *   subscription (items for 10,000 numbers) into an invoice with 10,000 pending setup fees, finalizes and charges it.
 * The sandbox runs as `didops sandbox` in its own process, as users run it, so client and server each have a core.
 * `npm run bench -- billing`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Stripe from 'stripe';
import { createStripeClient, type StripeClient } from '../src/billing/stripe/client';
import { DEFAULT_FINALIZATION_GRACE_SECONDS as FINALIZATION_GRACE_SECONDS } from '../src/sandbox/stripe/stripe-billing';
import { advanceClock, customerOnClock } from '../test/support/stripe-clock';
import { loadAverage } from './carriers';
import type { MeterEventLoad } from './meter-event-load';
import { percentile } from './stats';

const SECRET_KEY = 'sk_test_didops_bench_0000000000';

/** Starts `didops sandbox` in a child process and resolves its origin. */
async function startSandboxProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'didops.js'), 'sandbox', '--port', '0', '--data-dir', dataDir, '--stripe-secret-key', SECRET_KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/Stripe API v1: (http:\/\/\S+)/);
      if (m) resolveUrl(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`didops sandbox exited with ${code}`)));
  });
  return { child, url };
}

/** A server that answers every request with one stored body: the least any Stripe-shaped server can do. */
async function startFloorServer(body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_floor' }).end(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** p50/p95 of `runs` calls of each operation. */
async function latencies(ops: [string, () => Promise<unknown>][], runs: number): Promise<Map<string, { p50: number; p95: number }>> {
  const out = new Map<string, { p50: number; p95: number }>();
  for (const [name, op] of ops) {
    for (let i = 0; i < 20; i++) await op(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await op();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    out.set(name, { p50: percentile(samples, 50), p95: percentile(samples, 95) });
  }
  return out;
}

/** Threads that generate the meter event load (one node thread cannot reach 10,000 requests a second here). */
const LOAD_THREADS = 2;

/** Meter events per second: `total` form POSTs from {@link LOAD_THREADS} threads, `inFlight` at a time in all. */
async function meterEventRate(origin: string, customer: string, eventName: string, total: number, inFlight: number, tag: string): Promise<{ perSecond: number; failures: number }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const workers = Array.from({ length: LOAD_THREADS }, (_, t) => {
    const load: MeterEventLoad = {
      origin, secretKey: SECRET_KEY, customer, eventName, tag, timestamp,
      from: Math.floor((total * t) / LOAD_THREADS), to: Math.floor((total * (t + 1)) / LOAD_THREADS), inFlight: Math.ceil(inFlight / LOAD_THREADS),
    };
    return new Worker(join(__dirname, 'meter-event-load.js'), { workerData: load });
  });
  // Threads start once all are loaded, so the clock measures the load, not thread start-up.
  await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))));
  const t0 = performance.now();
  const done = workers.map((w) => new Promise<number>((resolveFailures, reject) => {
    w.once('message', resolveFailures);
    w.once('error', reject);
  }));
  for (const w of workers) w.postMessage('go');
  const failures = (await Promise.all(done)).reduce((a, b) => a + b, 0);
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { perSecond: total / seconds, failures };
}

/**
 * Closes the renewal invoice of a 10,000-number subscription as a user meets it: the customer is on a test clock, the
 * subscription bills 7,000 + 2,000 + 1,000 numbers, 10,000 setup fees wait as pending invoice items, and one clock
 * advance past the period end and the finalization grace creates the renewal invoice (10,003 lines), finalizes it
 * and charges the default card. The advance (until the clock is ready) is the close; creating the items is setup.
 */
async function closeLargeInvoice(stripe: StripeClient): Promise<{ createItemsMs: number; closeMs: number; lines: number; total: number; status: string }> {
  const product = await stripe.products.create({ name: 'Numbers (bench)' });
  const kinds = [7000, 2000, 1000];
  const prices = await Promise.all(kinds.map((_, i) => stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: [115, 215, 300][i], recurring: { interval: 'month' } })));
  const start = Math.floor(Date.now() / 1000);
  const { clock, customer } = await customerOnClock(stripe, 'Big operator', start);
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: prices.map((p, i) => ({ price: p.id, quantity: kinds[i] })) });
  const t0 = performance.now();
  // Setup fees: one pending invoice item per number, eight requests in flight.
  let n = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (n < 10_000) {
        const i = n++;
        await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd', description: `Setup fee +1415555${String(i).padStart(4, '0')}`, metadata: { didops_setup_fee_for: `+1415555${String(i).padStart(4, '0')}` } });
      }
    }),
  );
  const createItemsMs = performance.now() - t0;
  const periodEnd = subscription.items.data[0]!.current_period_end;
  const c0 = performance.now();
  await advanceClock(stripe, clock.id, periodEnd + FINALIZATION_GRACE_SECONDS + 60);
  const closeMs = performance.now() - c0;
  const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
  const invoice = renewed.latest_invoice as Stripe.Invoice;
  const lines = (invoice.lines as Stripe.ApiList<Stripe.InvoiceLineItem> & { total_count?: number }).total_count ?? invoice.lines.data.length;
  return { createItemsMs, closeMs, lines, total: invoice.total, status: invoice.status ?? 'unknown' };
}

/** Runs the billing benchmarks and returns the docs section. */
export async function benchBilling(options: { runs: number; meterEvents: number; inFlight: number }): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'didops-bench-billing-'));
  const { child, url } = await startSandboxProcess(dataDir);
  try {
    const stripe = createStripeClient({ secretKey: SECRET_KEY, baseUrl: url, maxNetworkRetries: 0 });
    const product = await stripe.products.create({ name: 'Bench product' });
    await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 115, recurring: { interval: 'month' }, lookup_key: 'bench.monthly' });
    const customer = await stripe.customers.create({ name: 'Bench customer', email: 'bench@example.com' });
    const meter = await stripe.billing.meters.create({ display_name: 'Bench seconds', event_name: 'bench_seconds', default_aggregation: { formula: 'sum' } });
    const ops: [string, () => Promise<unknown>][] = [
      ['customers.retrieve', () => stripe.customers.retrieve(customer.id)],
      ['customers.create', () => stripe.customers.create({ name: 'Acme', address: { line1: '1 Main St', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US' }, metadata: { didops_owner: 'bench' } })],
      ['prices.list (lookup_keys)', () => stripe.prices.list({ lookup_keys: ['bench.monthly'] })],
      ['invoiceItems.create', () => stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' })],
      ['billing.meterEvents.create', () => stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '60' } })],
    ];
    const sandbox = await latencies(ops, options.runs);
    const { server, url: floorUrl } = await startFloorServer(JSON.stringify(await stripe.customers.retrieve(customer.id)));
    let floor: Map<string, { p50: number; p95: number }>;
    let floorRate: { perSecond: number; failures: number };
    try {
      const floorStripe = createStripeClient({ secretKey: SECRET_KEY, baseUrl: floorUrl, maxNetworkRetries: 0 });
      floor = await latencies([['any request (a stored body)', () => floorStripe.customers.retrieve(customer.id)]], options.runs);
      floorRate = await meterEventRate(floorUrl, customer.id, meter.event_name, options.meterEvents, options.inFlight, 'floor');
    } finally {
      server.close();
    }
    const rate = await meterEventRate(url, customer.id, meter.event_name, options.meterEvents, options.inFlight, 'bench');
    const close = await closeLargeInvoice(stripe);
    const floorP95 = floor.get('any request (a stored body)')!.p95;
    const rows = [...sandbox].map(([name, s]) => `| ${name} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} | ${(s.p95 / floorP95).toFixed(1)}× |`);
    return [
      `## Billing on the Stripe sandbox (issue #12) — ${new Date().toISOString().slice(0, 10)}, load ${loadAverage()}`,
      '',
      'The sandbox runs as `didops sandbox` in its own process; the client is the official `stripe` SDK 23.1.0 built by `createStripeClient`. The floor is the same SDK against a bare node:http server that answers one stored body, so the ratio is what the sandbox adds.',
      '',
      `### Request latency through the SDK (target p95 < 10 ms), ${options.runs} calls each`,
      '',
      '| operation | p50 ms | p95 ms | p95 ÷ floor |',
      '|---|---|---|---|',
      ...rows,
      `| floor: any request (a stored body) | ${floor.get('any request (a stored body)')!.p50.toFixed(2)} | ${floorP95.toFixed(2)} | 1.0× |`,
      '',
      `### Meter events accepted per second (target ≥ 10,000/s), ${options.meterEvents.toLocaleString('en-US')} events, ${options.inFlight} in flight on keep-alive connections from ${LOAD_THREADS} load threads`,
      '',
      '| server | events / s | refused | ratio |',
      '|---|---|---|---|',
      `| sandbox (\`POST /v1/billing/meter_events\`, deduped by identifier) | ${Math.round(rate.perSecond).toLocaleString('en-US')} | ${rate.failures} | ${(rate.perSecond / floorRate.perSecond).toFixed(2)} of the floor |`,
      `| floor (bare node:http, reads the body, answers a stored body) | ${Math.round(floorRate.perSecond).toLocaleString('en-US')} | ${floorRate.failures} | 1.00 |`,
      '',
      '### Closing the invoice of a 10,000-number subscription (target < 200 ms)',
      '',
      `A customer on a test clock with a subscription of three items (7,000 US local, 2,000 US toll-free and 1,000 GB numbers) and 10,000 pending setup fees; one clock advance past the period end and the finalization grace renews it into an invoice of ${close.lines.toLocaleString('en-US')} lines, finalizes it and charges the default card (${close.status}, total ${(close.total / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' })}).`,
      '',
      '| step | ms |',
      '|---|---|',
      `| close: the clock advance until \`ready\` (renewal invoice created, finalized, paid) | ${close.closeMs.toFixed(0)} |`,
      `| (setup) 10,000 invoice items created, 8 in flight | ${close.createItemsMs.toFixed(0)} |`,
    ];
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
