/**
 * What Telnyx accepts, for plan-time checks (no SDK here: Terraform loads this to validate). Telnyx routes a number's
 * calls through a connection (a Call Control application holding the webhook, or a SIP connection), keeps no name on
 * a number, and has no Twilio-style regulatory address or bundle on the number itself.
 */
import type { CarrierTraits } from '../traits';

/** Telnyx ids are decimal (numbers, connections, addresses), sometimes UUIDs (newer objects). */
const TELNYX_ID = /^(\d{1,24}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export const TELNYX_TRAITS: CarrierTraits = {
  label: 'Telnyx',
  studio: false,
  unsupported: {
    friendlyName: 'Telnyx keeps no name on a number; remove `friendlyName` (didops keeps its ownership marker in `customer_reference`)',
    routingPlan: 'routing plans run on Twilio Studio only for now; route a Telnyx number with `voice.url` (a Call Control webhook) or `trunk` (a SIP connection id)',
    'voice.method': 'Telnyx always POSTs call events to the webhook; remove `voice.method` (or set it to "POST")',
    'voice.fallbackMethod': 'Telnyx always POSTs call events to the failover webhook; remove `voice.fallbackMethod` (or set it to "POST")',
    'voice.statusCallback': 'Telnyx sends call status events to the `voice.url` webhook itself; remove `voice.statusCallback`',
    'voice.statusCallbackMethod': 'Telnyx sends call status events to the `voice.url` webhook itself; remove `voice.statusCallbackMethod`',
    address: 'Telnyx numbers carry no regulatory address SID (Telnyx uses requirement groups on the order); remove `address`',
    bundle: 'regulatory bundles are Twilio’s; remove `bundle` (Telnyx uses requirement groups on the order)',
  },
  labelOf: () => '',
  readLabel: () => ({ name: '' }),
  checkReference(kind, value) {
    if (kind === 'address' || kind === 'bundle') return `Telnyx has no ${kind === 'address' ? 'regulatory address' : 'regulatory bundle'} on a number`;
    if (kind === 'number' && /^\+[1-9]\d{6,14}$/.test(value)) return undefined;
    return TELNYX_ID.test(value) ? undefined : `expected a Telnyx ${kind === 'trunk' ? 'connection' : kind === 'emergencyAddress' ? 'address' : 'phone number'} id (digits, as the Telnyx portal shows it)`;
  },
};
