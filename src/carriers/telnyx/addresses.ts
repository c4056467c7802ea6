/**
 * Telnyx's addresses (`/v2/addresses`) as the port's addresses; a number is registered for emergency calling at one
 * with the `enable_emergency` action (owned-numbers.ts).
 *
 * Names and the marker: a Telnyx address has no label, only `customer_reference`, which its list filters by
 * substring (`filter[customer_reference][contains]`). So the address keeps the user's name with the marker after it,
 * `Head office [didops:k3qz7m2xw4ab]`, exactly as Twilio's FriendlyName does (ownership-marker.ts), and the tag is
 * still found with one filtered list. (Numbers differ: their filter is exact-match, see customer-reference.ts.)
 *
 * Updates: Telnyx has no update for addresses (the SDK offers create, retrieve, list, delete). `update` therefore
 * succeeds only when nothing would change, and otherwise refuses, naming the field; `replace` is the way Telnyx allows
 * a change: a new address, the numbers re-registered at it, the old one deleted, and a new id.
 */
import type { Address, AddressCreateParams } from 'telnyx/resources/addresses/addresses';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { AddressFields, Addresses, CarrierAddress } from '../carrier';
import { readMarker, withMarker } from '../ownership-marker';
import type { TelnyxClient } from './client';
import { fromTelnyxError } from './errors';

/** Room for the name and the marker in `customer_reference` (Telnyx documents no limit; this stays well inside one). */
const REFERENCE_LIMIT = 100;

const PAGE_SIZE = 250;

/** A person's or business's name in Telnyx's three required fields: the business name is the whole name. */
function nameFields(customerName: string): Pick<AddressCreateParams, 'business_name' | 'first_name' | 'last_name'> {
  const words = customerName.trim().split(/\s+/);
  const last = words.length > 1 ? words.pop()! : words[0];
  return { business_name: customerName, first_name: words.join(' '), last_name: last };
}

function addressOf(a: Address): CarrierAddress {
  const label = a.customer_reference ?? '';
  const { name, tag } = readMarker(label);
  return {
    id: a.id ?? '', label, name, ...(tag ? { tag } : {}),
    customerName: a.business_name || [a.first_name, a.last_name].filter(Boolean).join(' '),
    street: a.street_address ?? '', streetSecondary: a.extended_address || null, city: a.locality ?? '',
    region: a.administrative_area ?? '', postalCode: a.postal_code ?? '', isoCountry: a.country_code ?? '',
    // Telnyx refuses an address it cannot validate when asked to validate (didops always asks); it has no separate
    // verification, and any address can take emergency registrations.
    validated: a.validate_address !== false, verified: false, emergencyEnabled: true,
  };
}

function createParams(isoCountry: string, fields: AddressFields): AddressCreateParams {
  return {
    ...nameFields(fields.customerName),
    street_address: fields.street,
    ...(fields.streetSecondary ? { extended_address: fields.streetSecondary } : {}),
    locality: fields.city,
    administrative_area: fields.region,
    postal_code: fields.postalCode,
    country_code: isoCountry,
    customer_reference: fields.tag ? withMarker(fields.name, fields.tag, REFERENCE_LIMIT) : fields.name,
    validate_address: true,
  };
}

/** The first field whose wanted value differs from the address, in the port's words. */
function firstDifference(current: CarrierAddress, fields: AddressFields): keyof AddressFields | undefined {
  const wanted = addressOf({ ...createParams(current.isoCountry, fields), id: current.id });
  const order: (keyof AddressFields & keyof CarrierAddress)[] = ['customerName', 'street', 'streetSecondary', 'city', 'region', 'postalCode', 'name', 'tag'];
  return order.find((key) => (current[key] ?? '') !== (wanted[key] ?? ''));
}

/** The account's addresses, through the official SDK. */
export class TelnyxAddresses implements Addresses {
  constructor(private readonly client: TelnyxClient) {}

  async fetch(id: string): Promise<CarrierAddress | undefined> {
    try {
      const a = (await this.client.addresses.retrieve(id)).data;
      return a ? addressOf(a) : undefined;
    } catch (err) {
      const error = fromTelnyxError(err, { operation: `read address ${id}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(isoCountry?: string): Promise<CarrierAddress[]> {
    const out: CarrierAddress[] = [];
    try {
      for await (const a of this.client.addresses.list({ 'page[size]': PAGE_SIZE })) {
        if (!isoCountry || a.country_code === isoCountry) out.push(addressOf(a));
      }
    } catch (err) {
      throw fromTelnyxError(err, { operation: 'list the account’s addresses' });
    }
    return out;
  }

  async create(isoCountry: string, fields: AddressFields): Promise<CarrierAddress> {
    try {
      const created = (await this.client.addresses.create(createParams(isoCountry, fields))).data;
      if (!created?.id) throw new Error('Telnyx created the address but answered no id');
      return addressOf(created);
    } catch (err) {
      throw fromTelnyxError(err, { operation: 'create the emergency address', fieldOf: { customer_reference: 'name' } });
    }
  }

  /** Telnyx cannot change an address: this returns it when it already has `fields`, and refuses otherwise. */
  async update(id: string, fields: AddressFields): Promise<CarrierAddress> {
    const current = await this.fetch(id);
    if (!current) throw new NotFoundError({ summary: `update address ${id}: Telnyx has no such address`, detail: 'it was probably deleted outside didops; run a refresh', source: 'telnyx' });
    const field = firstDifference(current, fields);
    if (field === undefined) return current;
    throw new ValidationError({
      field,
      summary: `update address ${id}: Telnyx addresses cannot be changed (${field} differs)`,
      detail: 'Telnyx has no update for addresses; the EmergencyAddress resource plans a replacement for such a change (a new address, the numbers moved to it by their own update, this one deleted last)',
      source: 'telnyx',
    });
  }

  async remove(id: string): Promise<boolean> {
    try {
      await this.client.addresses.delete(id);
      return true;
    } catch (err) {
      const error = fromTelnyxError(err, { operation: `delete address ${id}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  async numbersUsing(id: string): Promise<string[]> {
    return (await this.registered(id)).map((n) => n.e164);
  }

  private async registered(id: string): Promise<{ id: string; e164: string }[]> {
    const out: { id: string; e164: string }[] = [];
    try {
      for await (const n of this.client.phoneNumbers.list({ filter: { emergency_address_id: id }, 'page[size]': PAGE_SIZE })) {
        // Filtered again: a number keeps the id after emergency calling is disabled, but no longer uses the address.
        if (n.emergency_address_id === id && n.emergency_enabled !== false) out.push({ id: n.id, e164: n.phone_number });
      }
    } catch (err) {
      throw fromTelnyxError(err, { operation: 'list the account’s numbers' });
    }
    return out;
  }
}
