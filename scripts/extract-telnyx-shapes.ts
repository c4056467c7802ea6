/**
 * Extracts, from the official `telnyx` npm package's type declarations, the shapes of the responses the sandbox's
 * Telnyx sub-app serves, into `test/fixtures/telnyx-sdk-shapes/shapes.json`: for each operation, every declared field
 * with whether it is optional or nullable, its kind and, for string literal unions, its allowed values. The
 * conformance checks compare what the sandbox sends with these, so a field the SDK does not declare, or a value of
 * the wrong kind, fails a test.
 *
 * Usage: `npx tsx scripts/extract-telnyx-shapes.ts [--check]` (reads node_modules/telnyx; `--check` compares with the
 * committed fixture instead of writing it). Output has sorted keys, so a re-run is byte-identical.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ShapeReader, stable, writeOrCheckFixture, type Shape, type TypeRef } from './sdk-shapes';

export type { Field, Shape } from './sdk-shapes';

/**
 * The operations the sandbox serves and the SDK type of each response body. Lists are DefaultFlatPagination pages:
 * `data` holds the named item type, `meta` the SDK's shared pagination `Metadata`.
 */
export const TELNYX_OPERATIONS: Record<string, { body: TypeRef } | { listItem: TypeRef }> = {
  'GET /available_phone_numbers': { body: { file: 'available-phone-numbers.d.ts', name: 'AvailablePhoneNumberListResponse' } },
  'POST /number_orders': { body: { file: 'number-orders.d.ts', name: 'NumberOrderCreateResponse' } },
  'GET /number_orders': { listItem: { file: 'number-orders.d.ts', name: 'NumberOrderListResponse' } },
  'GET /number_orders/{id}': { body: { file: 'number-orders.d.ts', name: 'NumberOrderRetrieveResponse' } },
  'PATCH /number_orders/{id}': { body: { file: 'number-orders.d.ts', name: 'NumberOrderUpdateResponse' } },
  'GET /phone_numbers': { listItem: { file: 'phone-numbers/phone-numbers.d.ts', name: 'NumbersPhoneNumberDetailed' } },
  'GET /phone_numbers/{id}': { body: { file: 'phone-numbers/phone-numbers.d.ts', name: 'PhoneNumberRetrieveResponse' } },
  'PATCH /phone_numbers/{id}': { body: { file: 'phone-numbers/phone-numbers.d.ts', name: 'PhoneNumberUpdateResponse' } },
  'DELETE /phone_numbers/{id}': { body: { file: 'phone-numbers/phone-numbers.d.ts', name: 'PhoneNumberDeleteResponse' } },
  'GET /phone_numbers/voice': { listItem: { file: 'phone-numbers/actions.d.ts', name: 'PhoneNumberWithVoiceSettings' } },
  'GET /phone_numbers/{id}/voice': { body: { file: 'phone-numbers/voice.d.ts', name: 'VoiceRetrieveResponse' } },
  'PATCH /phone_numbers/{id}/voice': { body: { file: 'phone-numbers/voice.d.ts', name: 'VoiceUpdateResponse' } },
  'POST /phone_numbers/{id}/actions/enable_emergency': { body: { file: 'phone-numbers/actions.d.ts', name: 'ActionEnableEmergencyResponse' } },
  'POST /addresses': { body: { file: 'addresses/addresses.d.ts', name: 'AddressCreateResponse' } },
  'GET /addresses': { listItem: { file: 'addresses/addresses.d.ts', name: 'Address' } },
  'GET /addresses/{id}': { body: { file: 'addresses/addresses.d.ts', name: 'AddressRetrieveResponse' } },
  'DELETE /addresses/{id}': { body: { file: 'addresses/addresses.d.ts', name: 'AddressDeleteResponse' } },
  'POST /call_control_applications': { body: { file: 'call-control-applications.d.ts', name: 'CallControlApplicationCreateResponse' } },
  'GET /call_control_applications': { listItem: { file: 'call-control-applications.d.ts', name: 'CallControlApplication' } },
  'GET /call_control_applications/{id}': { body: { file: 'call-control-applications.d.ts', name: 'CallControlApplicationRetrieveResponse' } },
  'PATCH /call_control_applications/{id}': { body: { file: 'call-control-applications.d.ts', name: 'CallControlApplicationUpdateResponse' } },
  'DELETE /call_control_applications/{id}': { body: { file: 'call-control-applications.d.ts', name: 'CallControlApplicationDeleteResponse' } },
  'POST /credential_connections': { body: { file: 'credential-connections/credential-connections.d.ts', name: 'CredentialConnectionCreateResponse' } },
  'GET /credential_connections': { listItem: { file: 'credential-connections/credential-connections.d.ts', name: 'CredentialConnection' } },
  'GET /credential_connections/{id}': { body: { file: 'credential-connections/credential-connections.d.ts', name: 'CredentialConnectionRetrieveResponse' } },
  'PATCH /credential_connections/{id}': { body: { file: 'credential-connections/credential-connections.d.ts', name: 'CredentialConnectionUpdateResponse' } },
  'DELETE /credential_connections/{id}': { body: { file: 'credential-connections/credential-connections.d.ts', name: 'CredentialConnectionDeleteResponse' } },
  'POST /fqdn_connections': { body: { file: 'fqdn-connections/fqdn-connections.d.ts', name: 'FqdnConnectionCreateResponse' } },
  'GET /fqdn_connections': { listItem: { file: 'fqdn-connections/fqdn-connections.d.ts', name: 'FqdnConnection' } },
  'GET /fqdn_connections/{id}': { body: { file: 'fqdn-connections/fqdn-connections.d.ts', name: 'FqdnConnectionRetrieveResponse' } },
  'PATCH /fqdn_connections/{id}': { body: { file: 'fqdn-connections/fqdn-connections.d.ts', name: 'FqdnConnectionUpdateResponse' } },
  'DELETE /fqdn_connections/{id}': { body: { file: 'fqdn-connections/fqdn-connections.d.ts', name: 'FqdnConnectionDeleteResponse' } },
  'POST /ip_connections': { body: { file: 'ip-connections.d.ts', name: 'IPConnectionCreateResponse' } },
  'GET /ip_connections': { listItem: { file: 'ip-connections.d.ts', name: 'IPConnection' } },
  'GET /ip_connections/{id}': { body: { file: 'ip-connections.d.ts', name: 'IPConnectionRetrieveResponse' } },
  'PATCH /ip_connections/{id}': { body: { file: 'ip-connections.d.ts', name: 'IPConnectionUpdateResponse' } },
  'DELETE /ip_connections/{id}': { body: { file: 'ip-connections.d.ts', name: 'IPConnectionDeleteResponse' } },
  'WEBHOOK number_order.complete': { body: { file: 'webhooks.d.ts', name: 'NumberOrderStatusUpdateWebhookEvent' } },
};

const PAGINATION_META: TypeRef = { file: 'shared.d.ts', name: 'Metadata' };

/** Where the fixture lives. */
export const TELNYX_SHAPES_FILE = resolve(__dirname, '..', 'test', 'fixtures', 'telnyx-sdk-shapes', 'shapes.json');

function sdkRoot(): string {
  // The package's exports map hides package.json; its main entry sits at the package root.
  return dirname(require.resolve('telnyx'));
}

/** Builds the fixture's content from the installed SDK. */
export function buildTelnyxShapes(): string {
  const root = sdkRoot();
  const resources = join(root, 'resources');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const refs = [PAGINATION_META, ...Object.values(TELNYX_OPERATIONS).map((op) => ('body' in op ? op.body : op.listItem))];
  const reader = new ShapeReader(resources, [...new Set(refs.map((r) => join(resources, r.file)))]);
  const meta = reader.read(PAGINATION_META);
  const operations: Record<string, Shape> = {};
  for (const [operation, op] of Object.entries(TELNYX_OPERATIONS)) {
    operations[operation] = 'body' in op
      ? reader.read(op.body)
      : { kind: 'object', fields: { data: { optional: false, kind: 'array', items: reader.read(op.listItem) }, meta: { optional: false, ...meta } } };
  }
  const fixture = {
    source: { package: 'telnyx', version, license: 'MIT', from: 'resources/**/*.d.ts', generator: 'scripts/extract-telnyx-shapes.ts' },
    operations,
  };
  return `${JSON.stringify(stable(fixture), null, 2)}\n`;
}

if (require.main === module) writeOrCheckFixture(TELNYX_SHAPES_FILE, buildTelnyxShapes(), 'telnyx SDK', 'npx tsx scripts/extract-telnyx-shapes.ts');
