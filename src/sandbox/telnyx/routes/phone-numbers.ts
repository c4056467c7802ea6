/** `/v2/phone_numbers`: the account's numbers: list, fetch, update (reference, tags, connection, ...), delete. */
import type { Context } from 'hono';
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import type { NumberType } from '../../inventory';
import { JsonFields, readJsonObject } from '../http/json-body';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import { invalidQuery } from '../http/telnyx-error';
import { checkConnection, connectionNameOf } from '../connections';
import { loadPhoneNumber } from '../phone-number-access';
import { deletedPhoneNumberResource, phoneNumberResource, settingsOf, voiceSettingsResource } from '../phone-number-resource';
import type { TelnyxPhoneNumberFilter, TelnyxPhoneNumberRow } from '../../store/telnyx-numbers-repository';

const STATUSES = ['purchase-pending', 'purchase-failed', 'port-pending', 'active', 'deleted', 'port-failed', 'emergency-only', 'ported-out', 'port-out-pending'] as const;
const TYPES: Record<string, NumberType | null> = { local: 'local', toll_free: 'tollFree', mobile: 'mobile', national: null, shared_cost: null };

function readFilter(query: TelnyxQuery): TelnyxPhoneNumberFilter {
  const phone = query.string('filter[phone_number]', { maxLength: 32 });
  let phoneNumberDigits: string | undefined;
  if (phone !== undefined) {
    phoneNumberDigits = phone.replace(/^\+/, '');
    if (!/^\d{3,15}$/.test(phoneNumberDigits)) throw invalidQuery('filter[phone_number]', `"${phone.slice(0, 20)}" must be at least three digits (an optional leading +)`);
  }
  const status = query.oneOf('filter[status]', STATUSES);
  const typeName = query.oneOf('filter[number_type][eq]', Object.keys(TYPES));
  const countries = query.string('filter[country_iso_alpha2]')?.split(',').map((c) => c.trim().toUpperCase());
  if (countries?.some((c) => !/^[A-Z]{2}$/.test(c))) throw invalidQuery('filter[country_iso_alpha2]', 'must be ISO 3166-1 alpha-2 codes, comma-separated');
  const withoutTags = query.oneOf('filter[without_tags]', ['true', 'false'] as const);
  return {
    phoneNumberDigits, countries,
    tag: query.string('filter[tag]', { maxLength: 255 }),
    withoutTags: withoutTags === 'true',
    customerReference: query.string('filter[customer_reference]', { maxLength: 255 }),
    connectionId: query.string('filter[connection_id]', { maxLength: 64 }),
    emergencyAddressId: query.string('filter[emergency_address_id]', { maxLength: 64 }),
    billingGroupId: query.string('filter[billing_group_id]', { maxLength: 64 }),
    type: typeName === undefined ? undefined : (TYPES[typeName] ?? undefined),
    // Every sandbox number is active; other statuses (and types the inventory lacks) match none.
    onlyNothing: (status !== undefined && status !== 'active') || (typeName !== undefined && TYPES[typeName] === null),
    sort: query.oneOf('sort', ['purchased_at', 'phone_number', 'connection_name', 'usage_payment_method'] as const) === 'phone_number' ? 'phone_number' : 'purchased_at',
  };
}

/** Registers the phone number routes (the voice and emergency ones are in phone-number-voice.ts). */
export function registerTelnyxPhoneNumberRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  const { phoneNumbers, fulfilment } = ctx.telnyx;

  const list = (c: Context, render: (row: TelnyxPhoneNumberRow) => unknown) => {
    const query = new TelnyxQuery(new URL(c.req.url).searchParams);
    const page = readPage(query);
    const { rows, total } = phoneNumbers.list(readFilter(query), page.offset, page.size);
    return c.json({ data: rows.map(render), meta: pageMeta(page, total) });
  };

  app.get('/phone_numbers', (c) =>
    list(c, (row) => phoneNumberResource(row, fulfilment.inventoryRow(row.number_id)!, connectionNameOf(ctx, row.connection_id))),
  );
  app.get('/phone_numbers/voice', (c) => list(c, voiceSettingsResource));

  app.get('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}', (c) => {
    const { row, number } = loadPhoneNumber(ctx, c.req.param('id'));
    return c.json({ data: phoneNumberResource(row, number, connectionNameOf(ctx, row.connection_id)) });
  });

  app.patch('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}', async (c) => {
    const { row, number } = loadPhoneNumber(ctx, c.req.param('id'));
    const body = new JsonFields(await readJsonObject(c));
    const settings = settingsOf(row);
    const next = { ...row };
    if (body.has('customer_reference')) next.customer_reference = body.string('customer_reference', { maxLength: 255, nullable: true }) ?? null;
    if (body.has('tags')) next.tags = JSON.stringify([...new Set(body.stringArray('tags', { maxItems: 50, maxLength: 255 }) ?? [])]);
    if (body.has('connection_id')) {
      next.connection_id = body.string('connection_id', { maxLength: 64, nullable: true }) || null;
      checkConnection(ctx, '/connection_id', next.connection_id);
    }
    if (body.has('external_pin')) settings.external_pin = body.string('external_pin', { maxLength: 10, nullable: true }) ?? null;
    if (body.has('billing_group_id')) settings.billing_group_id = body.string('billing_group_id', { maxLength: 64, nullable: true }) ?? null;
    const hd = body.boolean('hd_voice_enabled');
    if (hd !== undefined) settings.hd_voice_enabled = hd;
    // address_id (a number's regulatory address) is accepted and not modelled.
    body.string('address_id', { maxLength: 64, nullable: true });
    next.data = JSON.stringify(settings);
    next.updated_at = ctx.now();
    phoneNumbers.update(next);
    return c.json({ data: phoneNumberResource(next, number, connectionNameOf(ctx, next.connection_id)) });
  });

  app.delete('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}', (c) => {
    const { row, number } = loadPhoneNumber(ctx, c.req.param('id'));
    const now = ctx.now();
    ctx.db.transaction(() => phoneNumbers.release(row, now, now + ctx.releaseCooldownMs))();
    return c.json({ data: deletedPhoneNumberResource({ ...row, updated_at: now }, number, connectionNameOf(ctx, row.connection_id)) });
  });
}
