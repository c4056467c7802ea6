/** Twilio as a didops carrier: the port's parts over one SDK client. */
import type { Carrier } from '../carrier';
import type { StudioFlowsApi } from '../studio';
import { TwilioAddresses } from './addresses';
import { TwilioAvailableNumbers } from './available-numbers';
import { twilioCallRecords } from './call-records';
import { createTwilioClient, type TwilioClient, type TwilioClientConfig } from './client';
import { twilioNumberPrices } from './number-prices';
import { TwilioOwnedNumbers } from './owned-numbers';
import { TwilioStudioFlows } from './studio-flows';
import { TWILIO_TRAITS } from './traits';

/** A Twilio carrier, with Studio for routing plans. */
export interface TwilioCarrier extends Carrier {
  readonly name: 'twilio';
  readonly studio: StudioFlowsApi;
  /** The SDK client, for the CLI's demo and the sandbox tests; handlers never use it. */
  readonly client: TwilioClient;
}

/** Options of {@link twilioCarrier}. */
export interface TwilioCarrierOptions {
  /** Waits between retries of updates; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
}

/** The Twilio carrier over a built client. */
export function twilioCarrier(client: TwilioClient, options: TwilioCarrierOptions = {}): TwilioCarrier {
  return {
    name: 'twilio',
    account: client.accountSid,
    client,
    numbers: new TwilioOwnedNumbers(client, options.sleep),
    available: new TwilioAvailableNumbers(client),
    addresses: new TwilioAddresses(client, options.sleep),
    studio: new TwilioStudioFlows(client, options.sleep),
    numberPrices: (iso) => twilioNumberPrices(client, iso),
    callRecords: (period) => twilioCallRecords(client, period),
    traits: TWILIO_TRAITS,
  };
}

/** The Twilio carrier from configuration. */
export function createTwilioCarrier(config: TwilioClientConfig, options: TwilioCarrierOptions = {}): TwilioCarrier {
  return twilioCarrier(createTwilioClient(config), options);
}
