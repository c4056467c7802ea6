/** `/v2/number_orders`: place an order, fetch it, change its customer reference, list orders. */
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import { JsonFields, readJsonObject } from '../http/json-body';
import { pageMeta, readPage } from '../http/pagination';
import { TelnyxQuery } from '../http/query';
import { invalidQuery, resourceNotFound } from '../http/telnyx-error';
import { checkConnection } from '../connections';
import type { OrderRequest } from '../order-fulfilment';
import { orderListItem, orderResource } from '../order-resource';

const ORDER_ID = '[0-9a-fA-F-]{36}';
const MAX_NUMBERS_PER_ORDER = 100;

function readOrderRequest(ctx: SandboxContext, body: JsonFields): OrderRequest {
  const items = body.objects('phone_numbers', { required: true, minItems: 1, maxItems: MAX_NUMBERS_PER_ORDER })!;
  const phoneNumbers = items.map((item) => ({ phoneNumber: item.string('phone_number', { required: true, maxLength: 32 }) as string, pointer: item.pointer('phone_number') }));
  const connectionId = body.string('connection_id', { maxLength: 64, nullable: true }) || null;
  checkConnection(ctx, '/connection_id', connectionId);
  return {
    phoneNumbers,
    customer_reference: body.string('customer_reference', { maxLength: 255, nullable: true }) ?? null,
    connection_id: connectionId,
    messaging_profile_id: body.string('messaging_profile_id', { maxLength: 64, nullable: true }) ?? null,
    billing_group_id: body.string('billing_group_id', { maxLength: 64, nullable: true }) ?? null,
    webhook_url: body.url('webhook_url') ?? null,
  };
}

/** Registers the number order routes. */
export function registerTelnyxNumberOrderRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  const { orders, fulfilment } = ctx.telnyx;
  const full = (id: string) => {
    const order = orders.findById(id);
    if (!order) throw resourceNotFound(`Number order ${id}`);
    return orderResource(order, orders.numbers(id), fulfilment.inventoryRow);
  };

  app.post('/number_orders', async (c) => {
    const request = readOrderRequest(ctx, new JsonFields(await readJsonObject(c)));
    const order = fulfilment.place(request);
    return c.json({ data: full(order.id) });
  });

  app.get(`/number_orders/:id{${ORDER_ID}}`, (c) => c.json({ data: full(c.req.param('id')) }));

  app.patch(`/number_orders/:id{${ORDER_ID}}`, async (c) => {
    const id = c.req.param('id');
    if (!orders.findById(id)) throw resourceNotFound(`Number order ${id}`);
    const body = new JsonFields(await readJsonObject(c));
    // Regulatory requirements are accepted and have no effect: sandbox numbers have none.
    if (body.has('customer_reference')) orders.updateCustomerReference(id, body.string('customer_reference', { maxLength: 255, nullable: true }) ?? null, ctx.now());
    return c.json({ data: full(id) });
  });

  app.get('/number_orders', (c) => {
    const query = new TelnyxQuery(new URL(c.req.url).searchParams);
    const page = readPage(query);
    const status = query.oneOf('filter[status]', ['pending', 'success', 'failure'] as const);
    const countRaw = query.string('filter[phone_numbers_count]');
    if (countRaw !== undefined && !/^\d{1,4}$/.test(countRaw)) throw invalidQuery('filter[phone_numbers_count]', `"${countRaw.slice(0, 20)}" is not a whole number`);
    const { rows, total } = orders.list({
      status,
      customerReference: query.string('filter[customer_reference]', { maxLength: 255 }),
      createdAfter: query.instant('filter[created_at][gt]'),
      createdBefore: query.instant('filter[created_at][lt]'),
      phoneNumbersCount: countRaw === undefined ? undefined : Number(countRaw),
    }, page.offset, page.size);
    return c.json({ data: rows.map((o) => orderListItem(o, orders.numbers(o.id))), meta: pageMeta(page, total) });
  });
}
