/**
 * Exactly once on Telnyx under `pulumi up`: the dynamic-provider host is killed while its number order is still
 * pending at Telnyx. The next `pulumi up` (a new host, the same URN) finds the order by its ownership tag, waits for
 * it instead of ordering again, and records the number that order bought: one order, one number, for one resource.
 */
import { useTestSandbox } from '../support/sandbox';
import { configureTelnyx, eventually, telnyxClient } from '../support/telnyx';
import { movableClock, recordSandboxRequests, startCarriersProviderHost, telnyxOrders, telnyxOwned } from '../support/telnyx-stack';
import { ProviderHostError, type DynamicProviderHost } from '../support/pulumi-provider-host';
import { PulumiSteps } from '../support/pulumi-steps';

jest.setTimeout(40_000);
const clock = movableClock();
const t = useTestSandbox({ releaseCooldownMs: 0, now: clock.now });
const telnyx = () => telnyxClient(t.sandbox);
const steps = new PulumiSteps();
/** Long enough that the order is certainly still pending when the killed run is re-run. */
const ORDER_DELAY_MS = 20_000;

const hosts: DynamicProviderHost[] = [];
beforeAll(() => steps.load());
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

async function startHost(): Promise<DynamicProviderHost> {
  const host = await startCarriersProviderHost(t.sandbox);
  hosts.push(host);
  return host;
}

describe('a host killed while its Telnyx number order is pending', () => {
  it('the next pulumi up waits for that order and adopts its number: nothing is ordered twice', async () => {
    const ownedBefore = (await telnyxOwned(telnyx())).map((n) => n.id);
    const ordersBefore = new Set((await telnyxOrders(telnyx())).map((o) => o.id));
    await configureTelnyx(t.sandbox, { orderDelayMs: ORDER_DELAY_MS });

    const first = await startHost();
    const { urn, inputs, failures } = await steps.check(first, 'PhoneNumber', 'night-line', { carrier: 'telnyx', search: { country: 'US', areaCode: '646' } });
    expect(failures).toEqual([]);
    const dying = first.create(urn, inputs).then(
      () => 'answered',
      (err: unknown) => err,
    );
    const order = await eventually(async () => (await telnyxOrders(telnyx())).find((o) => !ordersBefore.has(o.id)), 15_000);
    expect(order.status).toBe('pending');
    await first.kill('SIGKILL');
    await expect(dying).resolves.toBeInstanceOf(ProviderHostError);
    await expect(dying).resolves.toMatchObject({ method: 'Create', message: expect.stringMatching(/killed by SIGKILL/) });

    // A second order placed by mistake would now complete at once; the first one is still pending.
    await configureTelnyx(t.sandbox, { orderDelayMs: 100 });
    expect((await telnyxOrders(telnyx())).find((o) => o.id === order.id)?.status).toBe('pending');

    const requests = recordSandboxRequests(t.sandbox);
    try {
      const second = await startHost();
      const creating = second.create(urn, inputs);
      // Once the re-run is polling the dead run's order, let Telnyx finish it.
      await Promise.race([eventually(async () => (requests.seen.includes(`GET /v2/number_orders/${order.id}`) ? true : undefined), 15_000), creating]);
      clock.advance(ORDER_DELAY_MS);
      const adopted = await creating;

      expect(adopted.properties).toMatchObject({ carrier: 'telnyx', e164: order.numbers[0] });
      expect(requests.seen).toContain(`GET /v2/number_orders/${order.id}`);
      expect(requests.seen.filter((r) => r === 'POST /v2/number_orders')).toEqual([]);
      const newOrders = (await telnyxOrders(telnyx())).filter((o) => !ordersBefore.has(o.id));
      expect(newOrders.map((o) => [o.id, o.status])).toEqual([[order.id, 'success']]);
      const newNumbers = (await telnyxOwned(telnyx())).filter((n) => !ownedBefore.includes(n.id));
      expect(newNumbers.map((n) => [n.id, n.e164])).toEqual([[adopted.id, order.numbers[0]]]);

      await second.delete(urn, adopted.id, adopted.properties);
      expect((await telnyxOwned(telnyx())).map((n) => n.id)).toEqual(ownedBefore);
    } finally {
      requests.stop();
    }
  });
});
