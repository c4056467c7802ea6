/**
 * One load generator thread of the meter events benchmark (billing.ts starts two): it posts its share of the events
 * as form bodies over keep-alive connections, `inFlight` at a time, and reports how many were refused. One node
 * thread tops out near 7,000 requests a second on this machine, under the 10,000/s target, so the load is split.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** What billing.ts hands each thread. */
export interface MeterEventLoad {
  origin: string;
  secretKey: string;
  customer: string;
  eventName: string;
  /** Events [from, to) of the run, so identifiers never collide between threads. */
  from: number;
  to: number;
  inFlight: number;
  tag: string;
  /** Unix seconds for every event's `timestamp`. */
  timestamp: number;
}

async function run(load: MeterEventLoad): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.inFlight });
  const { hostname, port } = new URL(load.origin);
  let next = load.from;
  let failures = 0;
  const post = (i: number) =>
    new Promise<void>((resolveDone) => {
      const body = `event_name=${load.eventName}&payload[stripe_customer_id]=${load.customer}&payload[value]=${(i % 120) + 1}&identifier=${load.tag}-${i}&timestamp=${load.timestamp}`;
      const req = request(
        { agent, hostname, port, method: 'POST', path: '/v1/billing/meter_events', headers: { authorization: `Bearer ${load.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
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
  await Promise.all(Array.from({ length: load.inFlight }, async () => {
    while (next < load.to) await post(next++);
  }));
  agent.destroy();
  return failures;
}

// Started by billing.ts: wait for 'go' (so every thread starts together), run, report the failures.
if (parentPort) {
  const port = parentPort;
  port.once('message', () => {
    void run(workerData as MeterEventLoad).then((failures) => port.postMessage(failures));
  });
}
