/** The JSON Telnyx returns for a number order: in full (`NumberOrderWithPhoneNumbers`) and in lists. */
import type { NumberRow } from '../store/numbers-repository';
import type { TelnyxOrderNumberRow, TelnyxOrderRow } from '../store/telnyx-orders-repository';
import { telnyxTime } from './ids';
import { TELNYX_NUMBER_TYPE } from './phone-number-resource';

function orderFields(order: TelnyxOrderRow, count: number) {
  return {
    id: order.id,
    record_type: 'number_order',
    status: order.status,
    customer_reference: order.customer_reference,
    connection_id: order.connection_id,
    messaging_profile_id: order.messaging_profile_id,
    billing_group_id: order.billing_group_id,
    phone_numbers_count: count,
    // The sandbox has no regulatory requirements: every number meets them at once.
    requirements_met: true,
    sub_number_orders_ids: [] as string[],
    created_at: telnyxTime(order.created_at),
    updated_at: telnyxTime(order.updated_at),
  };
}

/** `NumberOrderWithPhoneNumbers`: what create, retrieve, update and the webhook carry. */
export function orderResource(order: TelnyxOrderRow, numbers: TelnyxOrderNumberRow[], inventory: (numberId: number) => NumberRow | undefined) {
  return {
    ...orderFields(order, numbers.length),
    phone_numbers: numbers.map((n) => {
      const row = inventory(n.number_id);
      return {
        id: n.id,
        record_type: 'number_order_phone_number',
        phone_number: n.phone_number,
        status: n.status,
        country_code: row?.iso_country ?? null,
        country_iso_alpha2: row?.iso_country ?? null,
        phone_number_type: row ? TELNYX_NUMBER_TYPE[row.type] : null,
        bundle_id: null,
        regulatory_requirements: [] as unknown[],
        requirements_met: true,
        requirements_status: 'approved',
      };
    }),
  };
}

/** `NumberOrderListResponse`: an order in `GET /number_orders`, its numbers reduced to id and number. */
export function orderListItem(order: TelnyxOrderRow, numbers: TelnyxOrderNumberRow[]) {
  return { ...orderFields(order, numbers.length), phone_numbers: numbers.map((n) => ({ id: n.id, phone_number: n.phone_number })) };
}
