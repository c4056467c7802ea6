/** What Twilio accepts, for plan-time checks (no SDK here: Terraform loads this to validate). */
import { readMarker, withMarker } from '../ownership-marker';
import type { CarrierTraits, ReferenceKind } from '../traits';

/** Twilio's SID of each kind of referenced object. */
const SID_FORMS: Readonly<Record<ReferenceKind, readonly [string, string]>> = {
  number: ['PN', 'number'],
  emergencyAddress: ['AD', 'emergency address'],
  address: ['AD', 'address'],
  trunk: ['TK', 'SIP trunk'],
  bundle: ['BU', 'regulatory bundle'],
};

export const TWILIO_TRAITS: CarrierTraits = {
  label: 'Twilio',
  studio: true,
  keepsLabels: true,
  orderedPurchases: false,
  fieldPairs: [],
  unsearchable: {},
  addressUpdates: 'in-place',
  unsupported: {},
  labelOf: (name, tag) => (tag ? withMarker(name, tag) : name),
  readLabel: readMarker,
  checkReference(kind, value) {
    const [prefix, what] = SID_FORMS[kind];
    return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value) ? undefined : `expected a Twilio ${what} SID: "${prefix}" followed by 32 hex digits`;
  },
};
