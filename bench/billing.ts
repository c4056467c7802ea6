/**
 * The Stripe sandbox (issue #12), in one run:
 * - request latency through the official `stripe` SDK over a mix of reads and writes (target p95 < 10 ms), beside the
 *   floor: the same SDK against a bare node:http server that answers a stored object without any work, so the ratio
 *   says what the sandbox itself costs;
 * - meter events accepted per second on loopback (target ≥ 10,000/s, the rate Stripe documents for its v2 event
 *   stream), with keep-alive connections and many requests in flight, beside the same floor;
 * - closing the invoice of a 10,000-number subscription (target < 200 ms): finalizing and paying an invoice that
 *   carries the subscription's items for 10,000 numbers and 10,000 setup fees.
 * The sandbox runs as `didops sandbox` in its own process, as users run it, so client and server each have a core.
 * `npm run bench -- billing`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStripeClient, type StripeClient } from '../src/billing/stripe/client';
import { loadAverage } from './carriers';

const SECRET_KEY = 'sk_test_didops_bench_0000000000';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

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

/** Meter events per second: `total` form POSTs, `inFlight` at a time over keep-alive connections. */
async function meterEventRate(origin: string, customer: string, eventName: string, total: number, inFlight: number, tag: string): Promise<{ perSecond: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const { hostname, port } = new URL(origin);
  const now = Math.floor(Date.now() / 1000);
  let next = 0;
  let failures = 0;
  const post = (i: number) =>
    new Promise<void>((resolveDone) => {
      const body = `event_name=${eventName}&payload[stripe_customer_id]=${customer}&payload[value]=${(i % 120) + 1}&identifier=${tag}-${i}&timestamp=${now}`;
      const req = request(
        { agent, hostname, port, method: 'POST', path: '/v1/billing/meter_events', headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode !== 200) failures++;
          res.resume();
          res.on('end', () => resolveDone());
        },
      );
      req.on('error', () => {
        failures++;
        resolveDone();
      });
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await post(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { perSecond: total / seconds, failures };
}

/** Finalizes and pays an invoice of a subscription for 10,000 numbers with their 10,000 setup fees. */
async function closeLargeInvoice(stripe: StripeClient): Promise<{ createItemsMs: number; finalizeMs: number; payMs: number; lines: number; total: number }> {
  const product = await stripe.products.create({ name: 'Numbers (bench)' });
  const kinds = [7000, 2000, 1000];
  const prices = await Promise.all(kinds.map((_, i) => stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: [115, 215, 300][i], recurring: { interval: 'month' } })));
  const customer = await stripe.customers.create({ name: 'Big operator', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
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
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    collection_method: 'send_invoice',
    days_until_due: 30,
    items: prices.map((p, i) => ({ price: p.id, quantity: kinds[i] })),
  });
  // The first invoice is created as a draft with the items and every pending setup fee; closing it is the measure.
  const invoiceId = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice!.id!;
  const draft = await stripe.invoices.retrieve(invoiceId);
  const f0 = performance.now();
  if (draft.status === 'draft') await stripe.invoices.finalizeInvoice(invoiceId);
  const finalizeMs = performance.now() - f0;
  const p0 = performance.now();
  const paid = await stripe.invoices.pay(invoiceId, { payment_method: 'pm_card_visa' });
  const payMs = performance.now() - p0;
  return { createItemsMs, finalizeMs, payMs, lines: kinds.length + 10_000, total: paid.total };
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
      `### Meter events accepted per second (target ≥ 10,000/s), ${options.meterEvents.toLocaleString('en-US')} events, ${options.inFlight} in flight on keep-alive connections`,
      '',
      '| server | events / s | refused | ratio |',
      '|---|---|---|---|',
      `| sandbox (\`POST /v1/billing/meter_events\`, deduped by identifier) | ${Math.round(rate.perSecond).toLocaleString('en-US')} | ${rate.failures} | ${(rate.perSecond / floorRate.perSecond).toFixed(2)} of the floor |`,
      `| floor (bare node:http, reads the body, answers a stored body) | ${Math.round(floorRate.perSecond).toLocaleString('en-US')} | ${floorRate.failures} | 1.00 |`,
      '',
      '### Closing the invoice of a 10,000-number subscription (target < 200 ms)',
      '',
      `A subscription of three items (7,000 US local, 2,000 US toll-free and 1,000 GB numbers) whose first invoice also carries 10,000 pending setup fees: ${close.lines.toLocaleString('en-US')} lines, total ${(close.total / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' })}.`,
      '',
      '| step | ms |',
      '|---|---|',
      `| finalize (totals, number, balance) | ${close.finalizeMs.toFixed(0)} |`,
      `| pay (payment intent on the default card) | ${close.payMs.toFixed(0)} |`,
      `| close = finalize + pay | ${(close.finalizeMs + close.payMs).toFixed(0)} |`,
      `| (setup) 10,000 invoice items created, 8 in flight | ${close.createItemsMs.toFixed(0)} |`,
    ];
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
