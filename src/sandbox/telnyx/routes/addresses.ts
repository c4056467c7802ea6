/**
 * `/v2/addresses`: the account's addresses, which emergency calling points at (enable_emergency). The SDK creates,
 * fetches, lists and deletes them; an address that a number's emergency service uses cannot be deleted.
 */
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import type { TelnyxDocumentRow } from '../../store/telnyx-documents-repository';
import { JsonFields, readJsonObject } from '../http/json-body';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import { invalidField, resourceNotFound, telnyxError, TelnyxErrorCode } from '../http/telnyx-error';
import { numericId, telnyxTime } from '../ids';

const REQUIRED = ['business_name', 'first_name', 'last_name', 'locality', 'street_address'] as const;
const OPTIONAL = ['administrative_area', 'borough', 'customer_reference', 'extended_address', 'neighborhood', 'phone_number', 'postal_code'] as const;

function readAddress(body: JsonFields): Record<string, unknown> {
  const address: Record<string, unknown> = {};
  for (const key of REQUIRED) address[key] = body.string(key, { required: true, maxLength: 255 });
  const country = body.string('country_code', { required: true, maxLength: 2 }) as string;
  if (!/^[A-Z]{2}$/.test(country)) throw invalidField('/country_code', `"${country}" is not an ISO 3166-1 alpha-2 code in capitals (e.g. US)`);
  address.country_code = country;
  for (const key of OPTIONAL) address[key] = body.string(key, { maxLength: 255, nullable: true }) ?? null;
  address.address_book = body.boolean('address_book') ?? true;
  address.validate_address = body.boolean('validate_address') ?? true;
  return address;
}

function resource(row: TelnyxDocumentRow) {
  return { id: row.id, record_type: 'address', ...(JSON.parse(row.data) as Record<string, unknown>), created_at: telnyxTime(row.created_at), updated_at: telnyxTime(row.updated_at) };
}

/** Registers the address routes. */
export function registerTelnyxAddressRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  const { addresses, phoneNumbers } = ctx.telnyx;
  const load = (id: string) => {
    const row = addresses.findById(id);
    if (!row) throw resourceNotFound(`Address ${id}`);
    return row;
  };

  app.post('/addresses', async (c) => {
    const data = readAddress(new JsonFields(await readJsonObject(c)));
    const now = ctx.now();
    const row = { id: numericId(), data: JSON.stringify(data), created_at: now, updated_at: now };
    addresses.insert(row);
    return c.json({ data: resource({ ...row, seq: 0 }) });
  });

  app.get('/addresses/:id{[0-9]+}', (c) => c.json({ data: resource(load(c.req.param('id'))) }));

  app.delete('/addresses/:id{[0-9]+}', (c) => {
    const row = load(c.req.param('id'));
    const using = phoneNumbers.numbersUsingAddress(row.id);
    if (using.length > 0) {
      throw telnyxError(422, TelnyxErrorCode.resourceInUse,
        `Address ${row.id} is the emergency address of ${using.join(', ')}; disable emergency on ${using.length === 1 ? 'it' : 'them'} (enable_emergency with emergency_enabled: false) first`);
    }
    addresses.delete(row.id);
    return c.json({ data: resource(row) });
  });

  app.get('/addresses', (c) => {
    const query = new TelnyxQuery(new URL(c.req.url).searchParams);
    const page = readPage(query);
    const reference = query.string('filter[customer_reference][eq]') ?? query.string('filter[customer_reference]');
    const referenceContains = query.string('filter[customer_reference][contains]');
    const street = query.string('filter[street_address][contains]');
    const usedAsEmergency = query.oneOf('filter[used_as_emergency]', ['true', 'false'] as const);
    // Accounts hold few addresses: filter them all in memory, then page.
    const all = addresses.page(0, Number.MAX_SAFE_INTEGER).rows.map(resource).filter((a) => {
      const ref = (a as { customer_reference?: string | null }).customer_reference ?? '';
      if (reference !== undefined && ref !== reference) return false;
      if (referenceContains !== undefined && !ref.includes(referenceContains)) return false;
      if (street !== undefined && !String((a as { street_address?: string }).street_address).toLowerCase().includes(street.toLowerCase())) return false;
      if (usedAsEmergency !== undefined && (phoneNumbers.numbersUsingAddress(a.id).length > 0) !== (usedAsEmergency === 'true')) return false;
      return true;
    });
    return c.json({ data: all.slice(page.offset, page.offset + page.size), meta: pageMeta(page, all.length) });
  });
}
