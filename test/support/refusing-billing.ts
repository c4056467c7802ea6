/** A billing provider that fails any call: check, diff and planning must never need the provider. */
import type { Billing } from '../../src/billing/billing';

/** Each part of the port is an object whose every method throws, naming what was called. */
export function refusingBilling(): Billing {
  const part = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, method) => () => {
          throw new Error(`check and diff must not call the billing provider (${name}.${String(method)})`);
        },
      },
    );
  return { name: 'stripe', catalogue: part('catalogue'), customers: part('customers'), subscriptions: part('subscriptions'), payments: part('payments'), invoices: part('invoices'), usage: part('usage') } as unknown as Billing;
}
