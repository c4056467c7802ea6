/**
 * The carriers the reconciler's configuration names, built the way the CLI and the providers build them (one
 * CarrierSet; a carrier's SDK is loaded only when it is first used), once per configuration object.
 */
import type { CarrierName } from '../../carriers/carrier';
import { carrierSet, type CarrierBuilders, type CarrierSet } from '../../carriers/carrier-set';
import { createTwilioClient, twilioCarrier } from '../../carriers/twilio';
import type { ReconcilerConfig } from '../config/schema';

/** The configured carriers and their names. */
export interface ConfiguredCarriers {
  /** Names of the carriers with credentials, in CARRIER_NAMES order. */
  readonly names: readonly CarrierName[];
  readonly set: CarrierSet;
}

const BUILT = new WeakMap<ReconcilerConfig['carriers'], ConfiguredCarriers>();

/** The carriers of a configuration. */
export function configuredCarriers(config: Pick<ReconcilerConfig, 'carriers'>): ConfiguredCarriers {
  let built = BUILT.get(config.carriers);
  if (!built) {
    const { twilio, telnyx } = config.carriers;
    const builders: CarrierBuilders = {};
    if (twilio) builders.twilio = () => twilioCarrier(createTwilioClient(twilio));
    if (telnyx) {
      builders.telnyx = () => {
        // Required here: a reconciler without Telnyx never loads its SDK.
        const { createTelnyxCarrier } = require('../../carriers/telnyx') as typeof import('../../carriers/telnyx');
        return createTelnyxCarrier({ apiKey: telnyx.apiKey, ...(telnyx.baseUrl ? { baseUrl: telnyx.baseUrl } : {}) });
      };
    }
    built = { names: (['twilio', 'telnyx'] as const).filter((n) => builders[n]), set: carrierSet(builders) };
    BUILT.set(config.carriers, built);
  }
  return built;
}
