/** Telnyx as a didops carrier: the port's parts over one SDK client. */
import type { Carrier } from '../carrier';
import { TelnyxAddresses } from './addresses';
import { TelnyxAvailableNumbers } from './available-numbers';
import { telnyxCallRecords } from './call-records';
import { createTelnyxClient, telnyxKeyFingerprint, type TelnyxClient, type TelnyxClientConfig } from './client';
import { realClock, TelnyxNumberOrders, type OrderClock, type OrderPolling } from './number-orders';
import { telnyxNumberPrices } from './number-prices';
import { TELNYX_TRAITS } from './traits';
import { TelnyxOwnedNumbers } from './owned-numbers';
import { TelnyxVoiceConnections } from './voice-connections';

/** A Telnyx carrier. */
export interface TelnyxCarrier extends Carrier {
  readonly name: 'telnyx';
  readonly numbers: TelnyxOwnedNumbers;
  readonly available: TelnyxAvailableNumbers;
  readonly addresses: TelnyxAddresses;
  /** Number orders, for the CLI and tests (`pendingFor`, `settle`); handlers go through `numbers`. */
  readonly orders: TelnyxNumberOrders;
  /** The SDK client, for the CLI's demo and the sandbox tests; handlers never use it. */
  readonly client: TelnyxClient;
}

/** Options of {@link telnyxCarrier}. */
export interface TelnyxCarrierOptions {
  /** The account's name in messages (default: a fingerprint of the key, never the key). */
  account?: string;
  /** How long to wait for a number order and how often to look (default: 2 minutes, 0.5 s growing to 5 s). */
  orderPolling?: Partial<OrderPolling>;
  /** Waits between order polls and retries; tests pass fast ones. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of order waits; tests pass a fake one. */
  now?: () => number;
}

/** The Telnyx carrier over a built client. */
export function telnyxCarrier(client: TelnyxClient, options: TelnyxCarrierOptions = {}): TelnyxCarrier {
  const clock: Partial<OrderClock> = { ...(options.sleep ? { sleep: options.sleep } : {}), ...(options.now ? { now: options.now } : {}) };
  const orders = new TelnyxNumberOrders(client, options.orderPolling, clock);
  const available = new TelnyxAvailableNumbers(client);
  const connections = new TelnyxVoiceConnections(client);
  const fullClock: OrderClock = { ...realClock, ...clock };
  return {
    name: 'telnyx',
    account: options.account ?? telnyxKeyFingerprint(client.apiKey ?? ''),
    client,
    orders,
    numbers: new TelnyxOwnedNumbers({ client, available, orders, connections, clock: fullClock }),
    available,
    addresses: new TelnyxAddresses(client),
    numberPrices: (iso) => telnyxNumberPrices(client, iso),
    callRecords: (period) => telnyxCallRecords(client, period),
    traits: TELNYX_TRAITS,
  };
}

/** Configuration of {@link createTelnyxCarrier}: the client's and the carrier's. */
export interface TelnyxCarrierConfig extends TelnyxClientConfig, TelnyxCarrierOptions {}

/** The Telnyx carrier from configuration, e.g. `createTelnyxCarrier({ apiKey, baseUrl: 'http://127.0.0.1:4010' })`. */
export function createTelnyxCarrier(config: TelnyxCarrierConfig): TelnyxCarrier {
  const { account, orderPolling, sleep, now, ...clientConfig } = config;
  return telnyxCarrier(createTelnyxClient(clientConfig, { sleep }), { account, orderPolling, sleep, now });
}
