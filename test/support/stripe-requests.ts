/** Small helpers for tests that drive billing handlers against the sandbox with the official SDK. */
import type { StripeClient } from '../../src/billing/stripe/client';

/** Every item of an auto-paging SDK list. */
export async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of list) out.push(item);
  return out;
}

/** How many requests the SDK client sent while `run` ran (its own `request` events). */
export async function requestsDuring(stripe: StripeClient, run: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const onRequest = () => (count += 1);
  stripe.on('request', onRequest);
  try {
    await run();
  } finally {
    stripe.off('request', onRequest);
  }
  return count;
}
