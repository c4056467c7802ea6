/**
 * One load generator thread of the meter events benchmark (billing.ts starts two): it posts its share of the events
 * over keep-alive connections, `inFlight` requests at a time, and reports how many events were refused. Two APIs:
 * - `v1`: one event per form POST to `/v1/billing/meter_events`, authenticated by the secret key;
 * - `v2`: JSON batches of `batch` events to `/v2/billing/meter_event_stream` (Stripe's high-throughput stream),
 *   authenticated by a meter event session's token.
 * One node thread tops out near 7,000 requests a second on this machine, under the 10,000/s target for v1's one
 * event per request, so the load is split.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** What billing.ts hands each thread. */
export interface MeterEventLoad {
  /** Which endpoint: v1's one event per request, or v2's stream of batches. */
  api: 'v1' | 'v2';
  origin: string;
  /** The Bearer credential: the secret key (v1) or a meter event session's token (v2). */
  credential: string;
  customer: string;
  eventName: string;
  /** Events [from, to) of the run, so identifiers never collide between threads. */
  from: number;
  to: number;
  /** Requests in flight at once. */
  inFlight: number;
  /** Events per v2 request (v1 sends one). */
  batch: number;
  tag: string;
  /** Unix seconds for every event's `timestamp`. */
  timestamp: number;
}

/** The body of the request carrying events [first, end), and its path and content type. */
function requestFor(load: MeterEventLoad, first: number, end: number): { path: string; type: string; body: string } {
  if (load.api === 'v1') {
    return {
      path: '/v1/billing/meter_events',
      type: 'application/x-www-form-urlencoded',
      body: `event_name=${load.eventName}&payload[stripe_customer_id]=${load.customer}&payload[value]=${(first % 120) + 1}&identifier=${load.tag}-${first}&timestamp=${load.timestamp}`,
    };
  }
  const time = new Date(load.timestamp * 1000).toISOString();
  const events: string[] = [];
  for (let i = first; i < end; i++) {
    events.push(`{"event_name":"${load.eventName}","identifier":"${load.tag}-${i}","payload":{"stripe_customer_id":"${load.customer}","value":"${(i % 120) + 1}"},"timestamp":"${time}"}`);
  }
  return { path: '/v2/billing/meter_event_stream', type: 'application/json', body: `{"events":[${events.join(',')}]}` };
}

/** Sends the thread's share and resolves with the number of events refused. */
async function run(load: MeterEventLoad): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.inFlight });
  const { hostname, port } = new URL(load.origin);
  const perRequest = load.api === 'v1' ? 1 : load.batch;
  let next = load.from;
  let refused = 0;
  const post = (first: number, end: number) =>
    new Promise<void>((resolveDone) => {
      const { path, type, body } = requestFor(load, first, end);
      const req = request(
        { agent, hostname, port, method: 'POST', path, headers: { authorization: `Bearer ${load.credential}`, 'content-type': type, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode !== 200) refused += end - first;
          res.resume();
          res.on('end', () => resolveDone());
        },
      );
      req.on('error', () => {
        refused += end - first;
        resolveDone();
      });
      req.end(body);
    });
  await Promise.all(Array.from({ length: load.inFlight }, async () => {
    while (next < load.to) {
      const first = next;
      next = Math.min(load.to, next + perRequest);
      await post(first, next);
    }
  }));
  agent.destroy();
  return refused;
}

// Started by billing.ts: wait for 'go' (so every thread starts together), run, report the refusals.
if (parentPort) {
  const port = parentPort;
  port.once('message', () => {
    void run(workerData as MeterEventLoad).then((refused) => port.postMessage(refused));
  });
}
