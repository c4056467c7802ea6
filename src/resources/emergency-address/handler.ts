/**
 * The EmergencyAddress lifecycle, through the carrier's addresses with emergency calling enabled. The carrier's
 * validation errors arrive on the field they are about, and deleting an address that numbers still use is refused
 * with the list of those numbers.
 */
import type { Addresses, AddressFields, CarrierAddress, CarrierName } from '../../carriers/carrier';
import type { CarrierSet } from '../../carriers/carrier-set';
import { purchaseTag, readMarker } from '../../carriers/ownership-marker';
import { carrierOfId, carrierOfRecord, carrierTraits, type CarrierTraits } from '../../carriers/traits';
import { ListingReads } from '../../core/batched-reads';
import { errorDiagnostic, zodIssuesToDiagnostics } from '../../core/diagnostics';
import { checkCountry } from '../../core/e164';
import { ConflictError, DidopsError, withField } from '../../core/errors';
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
import { emergencyAddressInputsSchema, type EmergencyAddressInputs, type EmergencyAddressOutputs } from './model';

/** What the handler is built from. */
export interface EmergencyAddressHandlerDependencies {
  /** The configured carriers, built once from provider configuration, and the default one. */
  readonly carriers: CarrierSet;
}

/** Address text compares without regard to case and spacing: Twilio corrects both, which is not drift. */
function sameText(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ').toUpperCase() : v);
  return norm(a) === norm(b);
}

/** How each field changes; the descriptions feed the docs. */
export const EMERGENCY_ADDRESS_FIELD_RULES: readonly FieldRule[] = [
  requiresReplace('carrier', 'an address belongs to one carrier account; a new one is created at the new carrier and the old one deleted'),
  requiresReplace('country', 'a carrier cannot move an address to another country; a new address is created and the old one deleted'),
  updatesInPlace('customerName', undefined, { equals: sameText }),
  updatesInPlace('street', 're-validated by the carrier; numbers registered here keep their registration', { equals: sameText }),
  updatesInPlace('streetSecondary', undefined, { equals: sameText }),
  updatesInPlace('city', undefined, { equals: sameText }),
  updatesInPlace('region', undefined, { equals: sameText }),
  updatesInPlace('postalCode', undefined, { equals: sameText }),
  updatesInPlace('friendlyName', 'renames the address in the Twilio console (the ownership marker stays)'),
];

/**
 * Why an address at a carrier without address updates (traits.ts `addressUpdates: 'replace'`) is replaced: the order
 * is create first, because the numbers registered at the old address keep it until they are moved, and the carrier
 * refuses to delete an address a number still uses.
 */
const REPLACED_FOR_LACK_OF_UPDATES =
  'the carrier has no address update (Telnyx); a new address is created first, each PhoneNumber whose `emergencyAddress` is this address’s `sid` is re-registered at the new one by its own update, and the old address is deleted last. Deleting it is refused, naming the numbers, while any number is still registered there (one registered outside the code, or a Terraform replacement without `lifecycle { create_before_destroy = true }`); the old address keeps working meanwhile';

/** The rules table at one carrier: where addresses cannot be updated, every field that changes in place replaces. */
export function emergencyAddressFieldRules(carrier: CarrierName): readonly FieldRule[] {
  if (carrierTraits(carrier).addressUpdates === 'in-place') return EMERGENCY_ADDRESS_FIELD_RULES;
  return EMERGENCY_ADDRESS_FIELD_RULES.map((rule) => (rule.effect === 'update' ? requiresReplace(rule.field, REPLACED_FOR_LACK_OF_UPDATES, rule.equals ? { equals: rule.equals } : {}) : rule));
}

/** The carrier's fields the resource's inputs map to, to point a carrier's refusal at the resource's field. */
const FIELD_OF_CARRIER_FIELD: Readonly<Record<string, keyof EmergencyAddressInputs>> = { isoCountry: 'country', name: 'friendlyName' };

/** The carrier whose address ids look like `id` (Twilio's AD…, Telnyx's digits). */
const carrierOfAddressId = (id: string): CarrierName | undefined => carrierOfId('emergencyAddress', id);

/** Builds the EmergencyAddress handler around the configured carriers. */
export function createEmergencyAddressHandler(deps: EmergencyAddressHandlerDependencies) {
  const contexts = new Map<CarrierName, { addresses: Addresses; traits: CarrierTraits; batch: ListingReads<CarrierAddress> }>();
  /** A carrier's addresses, with the listing that serves a refresh of many (src/core/batched-reads.ts). */
  function at(name: CarrierName | undefined) {
    const carrier = deps.carriers.get(name);
    let ctx = contexts.get(carrier.name);
    if (!ctx) {
      const addresses = carrier.addresses;
      ctx = { addresses, traits: carrier.traits, batch: new ListingReads<CarrierAddress>({ list: () => addresses.list(), idOf: (a) => a.id }) };
      contexts.set(carrier.name, ctx);
    }
    return ctx;
  }
  const holding = (id: string) => at(carrierOfAddressId(id));
  /** The carrier a recorded address is at: the one its id belongs to, whatever the default was when it was made. */
  const carrierOf = (olds: Partial<EmergencyAddressInputs & EmergencyAddressOutputs>): CarrierName => carrierOfRecord('emergencyAddress', olds, deps.carriers.defaultName);

  /** A carrier's refusal, said on the resource's field. */
  const pointed = (err: unknown): unknown =>
    err instanceof DidopsError && err.field && FIELD_OF_CARRIER_FIELD[err.field] ? withField(err, FIELD_OF_CARRIER_FIELD[err.field]) : err;
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw pointed(err);
    }
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
      const carrier = parsed.data.carrier ?? deps.carriers.defaultName;
      const missing = deps.carriers.missing(carrier);
      if (missing) return { failures: [errorDiagnostic(missing.summary, { field: 'carrier', detail: missing.detail })] };
      return { inputs: parsed.data, failures: [] };
    },

    async diff(request: DiffRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<DiffResponse> {
      const { olds, news } = request;
      const oldCarrier = carrierOf(olds);
      // Only a carrier the code names moves an address; one that names none stays where it is.
      return diffFields({ ...olds, carrier: oldCarrier }, { ...news, carrier: news.carrier ?? oldCarrier }, emergencyAddressFieldRules(oldCarrier), { unlisted: 'ignore' });
    },

    fieldRulesFor(olds: EmergencyAddressInputs & EmergencyAddressOutputs): readonly FieldRule[] {
      return emergencyAddressFieldRules(carrierOf(olds));
    },

    async create(request: CreateRequest<EmergencyAddressInputs>): Promise<CreateResponse<EmergencyAddressOutputs>> {
      const { inputs, identity } = request;
      if (request.preview) {
        return { id: '', outputs: { sid: '', validated: false, verified: false, emergencyEnabled: true, carrierFriendlyName: '' }, unknowns: ['sid', 'validated', 'verified', 'carrierFriendlyName'] };
      }
      const ctx = at(inputs.carrier);
      const tag = purchaseTag(identityKey(identity));
      const fields = addressFields(inputs, inputs.friendlyName ?? identity.name, tag);
      // An address created by a run that died before its state was written is finished, not created twice. Where
      // addresses cannot be updated, a tagged address with other fields is the one this create replaces (the same
      // resource, the same tag): only one that already says what the inputs say is that run's.
      const tagged = (await call(() => ctx.addresses.list(inputs.country))).filter((a) => a.tag === tag);
      const earlier = ctx.traits.addressUpdates === 'in-place' ? tagged[0] : tagged.find((a) => holds(a, fields));
      const address = earlier ? await call(() => ctx.addresses.update(earlier.id, fields)) : await call(() => ctx.addresses.create(inputs.country, fields));
      ctx.batch.remember(address);
      return { id: address.id, outputs: outputsOf(address) };
    },

    async read(request: ReadRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<ReadResponse<EmergencyAddressInputs, EmergencyAddressOutputs>> {
      const ctx = holding(request.id);
      const address = await ctx.batch.read(request.id, () => ctx.addresses.fetch(request.id));
      if (!address) return null;
      return { id: address.id, outputs: outputsOf(address), inputs: inputsOf(address, request.state) };
    },

    async update(request: UpdateRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<UpdateResponse<EmergencyAddressOutputs>> {
      const { olds, news } = request;
      if (request.preview) return { outputs: { sid: olds.sid, validated: olds.validated, verified: olds.verified, emergencyEnabled: olds.emergencyEnabled, carrierFriendlyName: olds.carrierFriendlyName } };
      const ctx = holding(request.id);
      const marker = readMarker(olds.carrierFriendlyName);
      // Carriers keep a secondary line unless told to clear it.
      const fields = { ...addressFields(news, news.friendlyName ?? marker.name, marker.tag), streetSecondary: news.streetSecondary ?? '' };
      const address = await call(() => ctx.addresses.update(request.id, fields));
      ctx.batch.remember(address);
      return { outputs: outputsOf(address) };
    },

    async delete(request: DeleteRequest<EmergencyAddressInputs, EmergencyAddressOutputs>): Promise<void> {
      const id = request.id;
      const ctx = holding(id);
      const users = await ctx.addresses.numbersUsing(id);
      if (users.length > 0) throw inUse(id, users);
      ctx.batch.forget(id);
      try {
        await ctx.addresses.remove(id);
      } catch (err) {
        // A number may have started using it since the check above.
        const now = await ctx.addresses.numbersUsing(id);
        throw now.length > 0 ? inUse(id, now) : err;
      }
    },

    async import(request: ImportRequest): Promise<ImportResponse<EmergencyAddressInputs, EmergencyAddressOutputs>> {
      const name = carrierOfAddressId(request.id);
      const ctx = at(name);
      const address = await ctx.addresses.fetch(request.id);
      if (!address) {
        throw new DidopsError({ field: 'id', summary: `${request.id} is not an address of this ${ctx.traits.label} account`, detail: `import by the address id the ${ctx.traits.label} console shows (Twilio: AD…; Telnyx: a long number)` });
      }
      const carrier = name && name !== deps.carriers.defaultName ? { carrier: name } : {};
      return { id: address.id, outputs: outputsOf(address), inputs: { ...inputsOf(address, {}), ...carrier, friendlyName: address.name || undefined } as EmergencyAddressInputs };
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

/** Whether the address already has `fields` (as the carrier spells them: compared as text). */
function holds(a: CarrierAddress, fields: AddressFields): boolean {
  return (['customerName', 'street', 'city', 'region', 'postalCode', 'name'] as const).every((key) => sameText(a[key], fields[key])) && sameText(a.streetSecondary ?? '', fields.streetSecondary ?? '');
}

/** The carrier's field names for the inputs (the carrier puts didops' tag where it keeps it). */
function addressFields(inputs: EmergencyAddressInputs, name: string, tag: string | undefined): AddressFields {
  return {
    customerName: inputs.customerName,
    street: inputs.street,
    city: inputs.city,
    region: inputs.region,
    postalCode: inputs.postalCode,
    ...(inputs.streetSecondary !== undefined ? { streetSecondary: inputs.streetSecondary } : {}),
    name,
    ...(tag ? { tag } : {}),
  };
}

function outputsOf(a: CarrierAddress): EmergencyAddressOutputs {
  return { sid: a.id, validated: a.validated, verified: a.verified, emergencyEnabled: a.emergencyEnabled, carrierFriendlyName: a.label };
}

/** Inputs describing the address as it is now; text Twilio merely re-spelled keeps the user's spelling. */
// Both carriers keep an address's name with didops' marker after it (Twilio's FriendlyName, Telnyx's
// customer_reference), so the label is read with readMarker, never with the carrier's number-label traits: Telnyx
// numbers keep no name, Telnyx addresses do.
function inputsOf(a: CarrierAddress, state: Partial<EmergencyAddressInputs & EmergencyAddressOutputs>): EmergencyAddressInputs {
  const keep = (carrier: string | null | undefined, mine: string | undefined) => (mine !== undefined && sameText(carrier, mine) ? mine : carrier ?? undefined);
  const name = a.name;
  const defaultName = state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).name : undefined;
  const inputs: EmergencyAddressInputs = {
    customerName: keep(a.customerName, state.customerName) ?? '',
    street: keep(a.street, state.street) ?? '',
    city: keep(a.city, state.city) ?? '',
    region: keep(a.region, state.region) ?? '',
    postalCode: keep(a.postalCode, state.postalCode) ?? '',
    country: a.isoCountry,
    ...(state.carrier !== undefined ? { carrier: state.carrier } : {}),
  };
  const secondary = keep(a.streetSecondary, state.streetSecondary);
  if (secondary) inputs.streetSecondary = secondary;
  // A carrier that keeps no label (Telnyx) cannot show drift in the name: the declared one stands.
  if (a.label === '') {
    if (state.friendlyName !== undefined) inputs.friendlyName = state.friendlyName;
  } else if (state.friendlyName !== undefined || (defaultName !== undefined && name !== defaultName)) {
    inputs.friendlyName = name;
  }
  return inputs;
}
