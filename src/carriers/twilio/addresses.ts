/**
 * Twilio's Addresses as the port's addresses, with emergency calling enabled on every address didops creates. The
 * ownership marker rides at the end of the FriendlyName, as on numbers.
 */
import type { AddressInstance } from 'twilio/lib/rest/api/v2010/account/address';
import { NotFoundError, withField, type DidopsError } from '../../core/errors';
import { withRetry } from '../../core/retry';
import type { AddressFields, Addresses, CarrierAddress } from '../carrier';
import { readMarker, withMarker } from '../ownership-marker';
import type { TwilioClient } from './client';
import { fromTwilioError } from './errors';

/** Twilio's parameter names → the port's field names, to point Twilio's refusals at the right field. */
const FIELD_OF_PARAMETER: Record<string, keyof AddressFields | 'isoCountry'> = {
  CustomerName: 'customerName',
  StreetSecondary: 'streetSecondary',
  Street: 'street',
  City: 'city',
  Region: 'region',
  PostalCode: 'postalCode',
  IsoCountry: 'isoCountry',
  FriendlyName: 'name',
};

/** Twilio names the parameter it refused (`Street: "Main St" has no house number`): that is the field. */
function addressError(err: unknown, operation: string): DidopsError {
  const error = fromTwilioError(err, { operation });
  if (error.field) return error;
  const text = `${error.summary} ${error.detail ?? ''}`;
  const parameter = Object.keys(FIELD_OF_PARAMETER).find((p) => new RegExp(`\\b${p}\\b`).test(text));
  return parameter ? withField(error, FIELD_OF_PARAMETER[parameter]) : error;
}

function addressOf(a: AddressInstance): CarrierAddress {
  const label = a.friendlyName ?? '';
  const { name, tag } = readMarker(label);
  return {
    id: a.sid, label, name, ...(tag ? { tag } : {}),
    customerName: a.customerName ?? '', street: a.street ?? '', streetSecondary: a.streetSecondary ?? null, city: a.city ?? '',
    region: a.region ?? '', postalCode: a.postalCode ?? '', isoCountry: a.isoCountry,
    validated: a.validated, verified: a.verified, emergencyEnabled: a.emergencyEnabled,
  };
}

function parameters(fields: AddressFields) {
  return {
    customerName: fields.customerName, street: fields.street, city: fields.city, region: fields.region, postalCode: fields.postalCode,
    ...(fields.streetSecondary !== undefined ? { streetSecondary: fields.streetSecondary } : {}),
    friendlyName: fields.tag ? withMarker(fields.name, fields.tag) : fields.name,
    emergencyEnabled: true,
  };
}

export class TwilioAddresses implements Addresses {
  constructor(
    private readonly client: TwilioClient,
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {}

  async fetch(id: string): Promise<CarrierAddress | undefined> {
    try {
      return addressOf(await this.client.addresses(id).fetch());
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read address ${id}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(isoCountry?: string): Promise<CarrierAddress[]> {
    try {
      return (await this.client.addresses.list({ pageSize: 1000, ...(isoCountry ? { isoCountry } : {}) })).map(addressOf);
    } catch (err) {
      throw addressError(err, 'list the account’s addresses');
    }
  }

  async create(isoCountry: string, fields: AddressFields): Promise<CarrierAddress> {
    try {
      return addressOf(await this.client.addresses.create({ ...parameters(fields), isoCountry, autoCorrectAddress: true }));
    } catch (err) {
      throw addressError(err, 'create the emergency address');
    }
  }

  /** The HTTP client never repeats a POST after a 5xx; writing the same address fields twice is harmless. */
  async update(id: string, fields: AddressFields): Promise<CarrierAddress> {
    try {
      return addressOf(await withRetry(() => this.client.addresses(id).update(parameters(fields)), { idempotent: true, method: 'POST', sleep: this.sleep }));
    } catch (err) {
      throw addressError(err, `update address ${id}`);
    }
  }

  async remove(id: string): Promise<boolean> {
    try {
      return await this.client.addresses(id).remove();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `delete address ${id}` });
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  async numbersUsing(id: string): Promise<string[]> {
    try {
      const owned = await this.client.incomingPhoneNumbers.list({ pageSize: 1000 });
      return owned.filter((n) => n.emergencyAddressSid === id || n.addressSid === id).map((n) => n.phoneNumber);
    } catch (err) {
      throw fromTwilioError(err, { operation: 'list the account’s numbers' });
    }
  }
}
