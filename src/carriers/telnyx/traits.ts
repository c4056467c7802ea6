/**
 * What Telnyx accepts, for plan-time checks (no SDK loaded here: Terraform reads this to validate). Telnyx routes a
 * number's calls through one connection (a Call Control application holding the webhook, or a SIP connection), keeps
 * no name on a number, and has no Twilio-style regulatory address or bundle on the number itself.
 */
import type { CarrierTraits, ReferenceKind } from '../traits';
import { TELNYX_UNSUPPORTED } from './number-settings';

/** Telnyx ids of referenced objects: numbers, addresses and connections all have long numeric ids. */
const REFERENCE_FORMS: Readonly<Record<Exclude<ReferenceKind, 'address' | 'bundle'>, string>> = {
  number: 'phone number',
  emergencyAddress: 'address',
  trunk: 'connection (SIP connection or application)',
};

export const TELNYX_TRAITS: CarrierTraits = {
  label: 'Telnyx',
  studio: false,
  keepsLabels: false,
  orderedPurchases: true,
  fieldPairs: [
    { field: 'trunk', relation: 'excludes', other: 'voice.url', why: 'a Telnyx number takes its calls through one connection: give `trunk` (a SIP connection id) or `voice.url` (a Call Control webhook), not both' },
    { field: 'voice.fallbackUrl', relation: 'requires', other: 'voice.url', why: 'Telnyx fails over from the application’s webhook URL: set `voice.url` too, or remove `voice.fallbackUrl`' },
  ],
  unsearchable: {
    postalCode: 'Telnyx has no postal code filter and its answers carry no postal code; narrow by locality or area code instead, or search Twilio',
    near: 'Telnyx has no distance filter and its answers carry no coordinates; narrow by locality, region or area code instead, or search Twilio',
    excludeAddressRequired: 'Telnyx’s answers do not say whether a number needs an address (Telnyx sets regulatory requirements per country and number type, at order time); leave it out for Telnyx',
  },
  // Telnyx's API creates, reads and deletes addresses; it has no update (addresses.ts).
  addressUpdates: 'replace',
  unsupported: TELNYX_UNSUPPORTED,
  labelOf: () => '',
  readLabel: () => ({ name: '' }),
  checkReference(kind, value) {
    if (kind === 'address' || kind === 'bundle') {
      return `${kind === 'address' ? 'regulatory addresses (address)' : 'regulatory bundles (bundle)'} are Twilio-only in didops; leave it out for Telnyx numbers`;
    }
    return /^\d{1,25}$/.test(value) ? undefined : `expected a Telnyx ${REFERENCE_FORMS[kind]} id: a long number such as "1293384261075731499"`;
  },
};
