/**
 * What each carrier accepts, known without credentials or its SDK: a PhoneNumber's plan-time checks use these, so
 * `terraform validate` and `pulumi preview` can say "Telnyx has no regulatory bundles" before anything is configured.
 */
import { CARRIER_NAMES, type CarrierName } from './carrier';
import { TELNYX_TRAITS } from './telnyx/traits';
import { TWILIO_TRAITS } from './twilio/traits';

/** Kinds of objects a resource refers to by the carrier's id. */
export type ReferenceKind = 'number' | 'emergencyAddress' | 'address' | 'trunk' | 'bundle';

/** Two input fields a carrier takes only together, or only apart. */
export interface FieldPair {
  readonly field: string;
  readonly relation: 'requires' | 'excludes';
  readonly other: string;
  readonly why: string;
}

export interface CarrierTraits {
  /** The carrier's name as people write it. */
  readonly label: string;
  /** Whether the carrier runs Studio flows (routing plans). */
  readonly studio: boolean;
  /**
   * Whether a purchase is an order that stays pending a while (Telnyx): then a purchase may be under way that no
   * listing of owned numbers shows, so a lookup by ownership tag always asks the carrier, which waits for it.
   */
  readonly orderedPurchases: boolean;
  /** Whether numbers carry a name at this carrier (Twilio's FriendlyName); where not, didops sends none. */
  readonly keepsLabels: boolean;
  /**
   * How an address's fields change: `in-place` where the carrier updates addresses (Twilio), `replace` where it has
   * no update (Telnyx), so an EmergencyAddress plans a new address instead of an update that would be refused.
   */
  readonly addressUpdates: 'in-place' | 'replace';
  /**
   * Search criteria the carrier can neither filter on nor report in its answers (so didops cannot check them either),
   * each with why and what to use instead; a search that gives one is refused on that criterion.
   */
  readonly unsearchable: Readonly<Partial<Record<'postalCode' | 'near' | 'excludeAddressRequired', string>>>;
  /**
   * PhoneNumber input fields (dotted paths) that this carrier takes only together (`requires`) or only apart
   * (`excludes`), with why: plan-time checks, so nothing is ordered for inputs the carrier would refuse later.
   */
  readonly fieldPairs: readonly FieldPair[];
  /** PhoneNumber input fields (dotted paths) the carrier cannot honour, each with why and what to do instead. */
  readonly unsupported: Readonly<Record<string, string>>;
  /**
   * The label a number (or address) named `name` and marked with `tag` carries at this carrier, as the carrier will
   * report it: what an update compares with the recorded label to know whether a rename is due ('' where the carrier
   * keeps no label).
   */
  labelOf(name: string, tag?: string): string;
  /** The user's name and didops' tag in a label this carrier keeps (the inverse of `labelOf`). */
  readLabel(label: string): { name: string; tag?: string };
  /** Undefined when `value` has the form of this carrier's id of a `kind`, else what it expects. */
  checkReference(kind: ReferenceKind, value: string): string | undefined;
}

const TRAITS: Readonly<Record<CarrierName, CarrierTraits>> = { twilio: TWILIO_TRAITS, telnyx: TELNYX_TRAITS };

export function carrierTraits(name: CarrierName): CarrierTraits {
  return TRAITS[name];
}

/**
 * The carrier whose ids of a `kind` look like `id` (Twilio's PN…/AD…, Telnyx's long numbers): a recorded number or
 * address is read, changed and released at the carrier it was made at, whatever the provider's default is now.
 * Undefined for an E.164 number or an id no carrier would give.
 */
export function carrierOfId(kind: 'number' | 'emergencyAddress', id: string): CarrierName | undefined {
  if (id.startsWith('+')) return undefined;
  return CARRIER_NAMES.find((name) => TRAITS[name].checkReference(kind, id) === undefined);
}

/**
 * The carrier a recorded resource is at: the one its id belongs to, else the one it named, else `fallback` (the
 * default when it was made is not known; a resource with neither id nor carrier has not been made yet).
 */
export function carrierOfRecord(kind: 'number' | 'emergencyAddress', record: { sid?: string; carrier?: CarrierName }, fallback: CarrierName): CarrierName {
  return (record.sid ? carrierOfId(kind, record.sid) : undefined) ?? record.carrier ?? fallback;
}
