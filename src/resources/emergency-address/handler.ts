/**
 * The EmergencyAddress lifecycle, through Twilio's Addresses API with emergency calling enabled. Twilio's
 * validation errors become errors on the field they are about, and deleting an address that numbers still use is
 * refused with the list of those numbers.
 */
import { fromTwilioError } from '../../carriers/twilio/errors';
import type { TwilioClient } from '../../carriers/twilio';
import { zodIssuesToDiagnostics, errorDiagnostic } from '../../core/diagnostics';
import { checkCountry } from '../../core/e164';
import { ConflictError, DidopsError, NotFoundError, withField } from '../../core/errors';
import {
  diffFields,
  identityKey,
  requiresReplace,
  updatesInPlace,
  type CheckRequest,
  type CheckResponse,
  type CreateRequest,
  type CreateResponse,
  type DeleteRequest,
  type DiffRequest,
  type DiffResponse,
  type FieldRule,
  type ImportRequest,
  type ImportResponse,
  type ReadRequest,
  type ReadResponse,
  type ResourceHandler,
  type UpdateRequest,
  type UpdateResponse,
} from '../../core/lifecycle';
import type { AddressInstance, AddressContextUpdateOptions as AddressUpdateOptions } from 'twilio/lib/rest/api/v2010/account/address';
import { ListingReads } from '../../core/batched-reads';
import { withRetry } from '../../core/retry';
import { purchaseTag, readMarker, withMarker } from '../../carriers/ownership-marker';
import { emergencyAddressInputsSchema, type EmergencyAddressInputs, type EmergencyAddressOutputs } from './model';

/** What the handler is built from. */
export interface EmergencyAddressHandlerDependencies {
  /** The Twilio client, built once from provider configuration. */
  readonly twilio: TwilioClient;
  /** Waits between retries; tests pass a no-op. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Address text compares without regard to case and spacing: Twilio corrects both, which is not drift. */
function sameText(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ').toUpperCase() : v);
  return norm(a) === norm(b);
}

/** How each field changes; the descriptions feed the docs. */
export const EMERGENCY_ADDRESS_FIELD_RULES: readonly FieldRule[] = [
  requiresReplace('country', 'Twilio cannot move an address to another country; a new address is created and the old one deleted'),
  updatesInPlace('customerName', undefined, { equals: sameText }),
  updatesInPlace('street', 're-validated by Twilio; numbers registered here keep their registration', { equals: sameText }),
  updatesInPlace('streetSecondary', undefined, { equals: sameText }),
  updatesInPlace('city', undefined, { equals: sameText }),
  updatesInPlace('region', undefined, { equals: sameText }),
  updatesInPlace('postalCode', undefined, { equals: sameText }),
  updatesInPlace('friendlyName', 'renames the address in the Twilio console (the ownership marker stays)'),
];

/** Twilio's parameter names → the resource's field names, to point carrier errors at the right field. */
const FIELD_OF_PARAMETER: Record<string, keyof EmergencyAddressInputs> = {
  CustomerName: 'customerName',
  StreetSecondary: 'streetSecondary',
  Street: 'street',
  City: 'city',
  Region: 'region',
  PostalCode: 'postalCode',
  IsoCountry: 'country',
};

/** Builds the EmergencyAddress handler around a Twilio client. */
export function createEmergencyAddressHandler(deps: EmergencyAddressHandlerDependencies) {
  const addresses = deps.twilio.addresses;

  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw pointAtField(fromTwilioError(err, { operation }));
    }
  };

  // A refresh of many addresses is served from one listing of the account (src/core/batched-reads.ts).
  const batch = new ListingReads<AddressInstance>({
    list: () => call('list the account’s addresses', () => addresses.list({ pageSize: 1000 })),
    idOf: (a) => a.sid,
  });

  // The HTTP client never repeats a POST after a 5xx; writing the same address fields twice is harmless.
  const updateAddress = async (sid: string, fields: AddressUpdateOptions) => {
    const address = await withRetry(() => deps.twilio.addresses(sid).update(fields), { idempotent: true, method: 'POST', sleep: deps.sleep });
    batch.remember(address);
    return address;
  };

  const fetch = async (sid: string): Promise<AddressInstance | undefined> => {
    try {
      return await deps.twilio.addresses(sid).fetch();
    } catch (err) {
      const error = fromTwilioError(err, { operation: `read address ${sid}` });
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };

  /** Numbers of the account that use the address, as emergency address or regulatory address. */
  const numbersUsing = async (sid: string): Promise<string[]> => {
    const owned = await call('list the account’s numbers', () => deps.twilio.incomingPhoneNumbers.list({ pageSize: 1000 }));
    return owned.filter((n) => n.emergencyAddressSid === sid || n.addressSid === sid).map((n) => n.phoneNumber);
  };

  const handler = {
    fieldRules: EMERGENCY_ADDRESS_FIELD_RULES,

    async check(request: CheckRequest): Promise<CheckResponse<EmergencyAddressInputs>> {
      const parsed = emergencyAddressInputsSchema.safeParse(request.news ?? {});
      if (!parsed.success) return { failures: zodIssuesToDiagnostics(parsed.error) };
      try {
        checkCountry(parsed.data.country, 'country');
      } catch (err) {
        if (err instanceof DidopsError) return { failures: [errorDiagnostic(err.summary, { field: 'country', detail: err.detail })] };
        throw err;
      }
      return { inputs: parsed.data, failures: [] };
    },

    async diff(request: DiffRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<DiffResponse> {
      return diffFields(request.olds, request.news, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' });
    },

    async create(request: CreateRequest<EmergencyAddressInputs>): Promise<CreateResponse<EmergencyAddressOutputs>> {
      const { inputs, identity } = request;
      if (request.preview) {
        return { id: '', outputs: { sid: '', validated: false, verified: false, emergencyEnabled: true, carrierFriendlyName: '' }, unknowns: ['sid', 'validated', 'verified', 'carrierFriendlyName'] };
      }
      const tag = purchaseTag(identityKey(identity));
      const friendlyName = withMarker(inputs.friendlyName ?? identity.name, tag);
      // An address created by a run that died before its state was written is finished, not created twice.
      const earlier = (await call('list addresses', () => addresses.list({ isoCountry: inputs.country, pageSize: 1000 }))).find(
        (a) => readMarker(a.friendlyName ?? '').tag === tag,
      );
      const fields = { ...addressFields(inputs), friendlyName, emergencyEnabled: true };
      const address = earlier
        ? await call(`update address ${earlier.sid}`, () => updateAddress(earlier.sid, fields))
        : await call('create the emergency address', async () => {
            const created = await addresses.create({ ...fields, isoCountry: inputs.country, autoCorrectAddress: true });
            batch.remember(created);
            return created;
          });
      return { id: address.sid, outputs: outputsOf(address) };
    },

    async read(request: ReadRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<ReadResponse<EmergencyAddressInputs, EmergencyAddressOutputs>> {
      const address = await batch.read(request.id, () => fetch(request.id));
      if (!address) return null;
      return { id: address.sid, outputs: outputsOf(address), inputs: inputsOf(address, request.state) };
    },

    async update(request: UpdateRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<UpdateResponse<EmergencyAddressOutputs>> {
      const { olds, news } = request;
      if (request.preview) return { outputs: { sid: olds.sid, validated: olds.validated, verified: olds.verified, emergencyEnabled: olds.emergencyEnabled, carrierFriendlyName: olds.carrierFriendlyName } };
      const marker = readMarker(olds.carrierFriendlyName);
      const name = news.friendlyName ?? marker.name;
      const fields = {
        ...addressFields(news),
        // Twilio keeps a secondary line unless told to clear it.
        streetSecondary: news.streetSecondary ?? '',
        friendlyName: marker.tag ? withMarker(name, marker.tag) : name,
      };
      const address = await call(`update address ${request.id}`, () => updateAddress(request.id, fields));
      return { outputs: outputsOf(address) };
    },

    async delete(request: DeleteRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<void> {
      const sid = request.id;
      const users = await numbersUsing(sid);
      if (users.length > 0) throw inUse(sid, users);
      batch.forget(sid);
      try {
        await deps.twilio.addresses(sid).remove();
      } catch (err) {
        const error = fromTwilioError(err, { operation: `delete address ${sid}` });
        if (error instanceof NotFoundError) return;
        // A number may have started using it since the check above.
        const now = await numbersUsing(sid);
        throw now.length > 0 ? inUse(sid, now) : error;
      }
    },

    async import(request: ImportRequest): Promise<ImportResponse<EmergencyAddressInputs, EmergencyAddressOutputs>> {
      const address = await fetch(request.id);
      if (!address) {
        throw new DidopsError({ field: 'id', summary: `${request.id} is not an address of this Twilio account`, detail: 'import by the address SID (AD…) the Twilio console shows' });
      }
      const outputs = outputsOf(address);
      return { id: address.sid, outputs, inputs: { ...inputsOf(address, {}), friendlyName: readMarker(address.friendlyName ?? '').name || undefined } as EmergencyAddressInputs };
    },
  } satisfies ResourceHandler<EmergencyAddressInputs, EmergencyAddressOutputs>;
  return handler;
}

/** The handler's type, for adapters. */
export type EmergencyAddressHandler = ReturnType<typeof createEmergencyAddressHandler>;

function inUse(sid: string, numbers: string[]): ConflictError {
  return new ConflictError({
    summary: `address ${sid} cannot be deleted: ${numbers.length === 1 ? 'number' : `${numbers.length} numbers`} still use${numbers.length === 1 ? 's' : ''} it: ${numbers.join(', ')}`,
    detail: 'remove the emergency address (and the regulatory address, if it is that) from those numbers, or point them at another address, then delete this one',
  });
}

function addressFields(inputs: EmergencyAddressInputs) {
  return {
    customerName: inputs.customerName,
    street: inputs.street,
    city: inputs.city,
    region: inputs.region,
    postalCode: inputs.postalCode,
    ...(inputs.streetSecondary !== undefined ? { streetSecondary: inputs.streetSecondary } : {}),
  };
}

function outputsOf(a: AddressInstance): EmergencyAddressOutputs {
  return { sid: a.sid, validated: a.validated, verified: a.verified, emergencyEnabled: a.emergencyEnabled, carrierFriendlyName: a.friendlyName ?? '' };
}

/** Inputs describing the address as it is now; text Twilio merely re-spelled keeps the user's spelling. */
function inputsOf(a: AddressInstance, state: Partial<EmergencyAddressInputs & EmergencyAddressOutputs>): EmergencyAddressInputs {
  const keep = (carrier: string | null | undefined, mine: string | undefined) => (mine !== undefined && sameText(carrier, mine) ? mine : carrier ?? undefined);
  const name = readMarker(a.friendlyName ?? '').name;
  const defaultName = state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).name : undefined;
  const inputs: EmergencyAddressInputs = {
    customerName: keep(a.customerName, state.customerName) ?? '',
    street: keep(a.street, state.street) ?? '',
    city: keep(a.city, state.city) ?? '',
    region: keep(a.region, state.region) ?? '',
    postalCode: keep(a.postalCode, state.postalCode) ?? '',
    country: a.isoCountry,
  };
  const secondary = keep(a.streetSecondary, state.streetSecondary);
  if (secondary) inputs.streetSecondary = secondary;
  if (state.friendlyName !== undefined || (defaultName !== undefined && name !== defaultName)) inputs.friendlyName = name;
  return inputs;
}

/** Twilio names the parameter it refused (`Street: "Main St" has no house number`); say it in the resource's words. */
function pointAtField(error: DidopsError): DidopsError {
  if (error.field) return error;
  const text = `${error.summary} ${error.detail ?? ''}`;
  const parameter = Object.keys(FIELD_OF_PARAMETER).find((p) => new RegExp(`\\b${p}\\b`).test(text));
  if (!parameter) return error;
  return withField(error, FIELD_OF_PARAMETER[parameter]);
}
