/** The Telnyx conformance check itself: what it accepts and what it reports, on hand-written bodies. */
import { telnyxConformanceErrors, telnyxOperationFor } from '../support/telnyx-conformance';

describe('telnyx conformance check', () => {
  it('maps request paths to SDK operations, whatever the id looks like', () => {
    expect(telnyxOperationFor('GET', '/v2/phone_numbers/1293384261075731499')).toBe('GET /phone_numbers/{id}');
    expect(telnyxOperationFor('GET', '/phone_numbers/+14155550100/voice')).toBe('GET /phone_numbers/{id}/voice');
    expect(telnyxOperationFor('get', '/number_orders/12ade33a-21c0-473b-b055-b3c836e1c292')).toBe('GET /number_orders/{id}');
    expect(telnyxOperationFor('GET', '/no_such_path')).toBeUndefined();
  });

  it('reports undeclared fields, wrong kinds, unknown literals and missing required fields', () => {
    const errors = telnyxConformanceErrors('GET /number_orders', {
      data: [{ id: 'x', status: 'done', phone_numbers_count: '2', surprise: true }],
      meta: { total_pages: 1 },
    });
    expect(errors).toEqual([
      'GET /number_orders: data[0].status: "done" is not one of failure, pending, success',
      'GET /number_orders: data[0].phone_numbers_count: string, but the SDK declares number',
      'GET /number_orders: data[0].surprise: sent, but the SDK declares no such field',
      'GET /number_orders: meta.page_number: missing, and the SDK declares it required',
    ]);
  });

  it('accepts null for optional fields, as live Telnyx sends unset values, but not for required ones', () => {
    expect(telnyxConformanceErrors('GET /number_orders/{id}', { data: { id: 'x', customer_reference: null } })).toEqual([]);
    expect(telnyxConformanceErrors('GET /phone_numbers', { data: [], meta: { page_number: null, total_pages: 1 } })).toEqual([
      'GET /phone_numbers: meta.page_number: null, but the SDK declares it required and not nullable',
    ]);
  });

  it('with allFieldsPresent, names each declared field not sent unless excepted', () => {
    const errors = telnyxConformanceErrors('GET /addresses/{id}', { data: { id: '1' } }, { allFieldsPresent: { except: ['data.borough'] } });
    expect(errors).toContain('GET /addresses/{id}: data.street_address: declared by the SDK but not sent');
    expect(errors.some((e) => e.includes('data.borough'))).toBe(false);
  });
});
