/**
 * Exactly once on Telnyx under `terraform apply`: the provider plugin is killed while its number order is still
 * pending at Telnyx. The next apply finds the order by the resource's ownership tag, waits for it instead of ordering
 * again, and records the number that order bought: one order, one number, for one resource.
 */
import { useTestSandbox } from '../support/sandbox';
import { configureTelnyx, eventually, telnyxClient } from '../support/telnyx';
import { bothCarriersWorkspace, movableClock, recordSandboxRequests, telnyxOrders, telnyxOwned } from '../support/telnyx-stack';
import { killProviders, REQUIRED_PROVIDERS, terraformOk } from '../support/terraform-cli';

jest.setTimeout(60_000);
const clock = movableClock();
const t = useTestSandbox({ releaseCooldownMs: 0, now: clock.now });
const telnyx = () => telnyxClient(t.sandbox);
/** Long enough that the order is certainly still pending when the killed apply is re-run. */
const ORDER_DELAY_MS = 20_000;

describe('a provider killed while its Telnyx number order is pending', () => {
  it('the next apply waits for that order and adopts its number: nothing is ordered twice', async () => {
    const ws = bothCarriersWorkspace(t.sandbox);
    const requests = recordSandboxRequests(t.sandbox);
    try {
      ws.writeMain(`${REQUIRED_PROVIDERS}provider "didops" {}

resource "didops_phone_number" "night" {
  key     = "night-line"
  carrier = "telnyx"
  search  = { country = "US", area_code = "646" }
}
output "number" { value = didops_phone_number.night.e164 }
`);
      await terraformOk(ws, ['init']);
      const ownedBefore = (await telnyxOwned(telnyx())).map((n) => n.id);
      const ordersBefore = new Set((await telnyxOrders(telnyx())).map((o) => o.id));
      await configureTelnyx(t.sandbox, { orderDelayMs: ORDER_DELAY_MS });

      let terraformPid = 0;
      const crashed = ws.run(['apply', '-auto-approve'], { onStart: (child) => (terraformPid = child.pid ?? 0) });
      const order = await eventually(async () => (await telnyxOrders(telnyx())).find((o) => !ordersBefore.has(o.id)), 30_000, 100);
      expect(order.status).toBe('pending');
      expect(killProviders(terraformPid)).toBeGreaterThan(0);
      const result = await crashed;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/plugin|provider/i);

      // A second order placed by mistake would now complete at once; the first one is still pending.
      await configureTelnyx(t.sandbox, { orderDelayMs: 100 });
      expect((await telnyxOrders(telnyx())).find((o) => o.id === order.id)?.status).toBe('pending');
      requests.seen.length = 0;

      const applying = terraformOk(ws, ['apply', '-auto-approve']);
      // Once the re-run is polling the dead run's order, let Telnyx finish it.
      await Promise.race([eventually(async () => (requests.seen.includes(`GET /v2/number_orders/${order.id}`) ? true : undefined), 30_000), applying]);
      clock.advance(ORDER_DELAY_MS);
      expect(await applying).toContain('1 added');

      expect(requests.seen).toContain(`GET /v2/number_orders/${order.id}`);
      expect(requests.seen.filter((r) => r === 'POST /v2/number_orders')).toEqual([]);
      expect((await terraformOk(ws, ['output', '-raw', 'number'])).trim()).toBe(order.numbers[0]);
      const newOrders = (await telnyxOrders(telnyx())).filter((o) => !ordersBefore.has(o.id));
      expect(newOrders.map((o) => [o.id, o.status])).toEqual([[order.id, 'success']]);
      const newNumbers = (await telnyxOwned(telnyx())).filter((n) => !ownedBefore.includes(n.id));
      expect(newNumbers.map((n) => n.e164)).toEqual([order.numbers[0]]);

      await terraformOk(ws, ['destroy', '-auto-approve']);
      expect((await telnyxOwned(telnyx())).map((n) => n.id)).toEqual(ownedBefore);
    } finally {
      requests.stop();
      ws.close();
    }
  });
});
