/**
 * The Terraform plugin server's wire layer: the .proto definitions against the official ones, the precompiled
 * descriptor, the protobuf codec against protobufjs, the certificate, the handshake, and the Provider service
 * handlers (schemas, diagnostics, destroy plans, errors) without gRPC.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decode } from '@msgpack/msgpack';
import type * as Protobuf from 'protobufjs';
import { PROTOCOL_DESCRIPTOR } from '../../provider/terraform/protocol/descriptor';
import { buildProtocolDescriptor } from '../../provider/terraform/protocol/generate-descriptor';
import { generateSelfSignedCertificate } from '../../provider/terraform/server/certificate';
import { ProtoCodec } from '../../provider/terraform/server/protobuf';
import { createProviderService, SERVER_CAPABILITIES } from '../../provider/terraform/server/provider-service';
import { diagnosticsToProto, schemaToProto } from '../../provider/terraform/server/schema';
import { handshakeLine, MAGIC_COOKIE_VALUE, readPluginEnvironment, reattachProvidersValue } from '../../provider/terraform/server/serve';
import { UNKNOWN, type TerraformProviderImplementation } from '../../provider/terraform/server/types';
import { encodeObject } from '../../provider/terraform/server/values';

const { createProvider } = require('../fixtures/terraform-echo-provider.js') as { createProvider: () => TerraformProviderImplementation };

const protobuf = require(require.resolve('protobufjs', { paths: [dirname(require.resolve('@grpc/proto-loader'))] })) as typeof Protobuf;
const OFFICIAL_DIR = resolve(__dirname, '../../../shared/specs/terraform');
const haveOfficial = existsSync(join(OFFICIAL_DIR, 'tfplugin6.proto'));

const codec = new ProtoCodec(PROTOCOL_DESCRIPTOR);

function officialRoot(): Protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(
    ['tfplugin6.proto', 'grpc_controller.proto', 'grpc_stdio.proto', 'grpc_broker.proto'].map((f) => join(OFFICIAL_DIR, f)),
    { keepCase: true },
  );
  root.resolveAll();
  return root;
}

describe('protocol definitions', () => {
  it('descriptor.ts is up to date with the .proto files (regenerate with generate-descriptor.ts)', () => {
    expect(PROTOCOL_DESCRIPTOR).toEqual(buildProtocolDescriptor(resolve(__dirname, '../../provider/terraform/protocol')));
  });

  (haveOfficial ? it : it.skip)('declares every field and RPC with the official names, numbers and types', () => {
    const root = officialRoot();
    let checked = 0;
    for (const [name, message] of Object.entries(PROTOCOL_DESCRIPTOR.messages)) {
      if (name.startsWith('grpc.health') || name.startsWith('google.')) continue;
      const official = root.lookupType(name);
      for (const field of message.fields) {
        const o = official.fields[field.name];
        expect({ message: name, field: field.name, found: !!o }).toEqual({ message: name, field: field.name, found: true });
        expect([name, field.name, field.id, field.repeated ?? false, field.mapKey ?? null]).toEqual([
          name,
          field.name,
          o!.id,
          o!.repeated,
          o instanceof protobuf.MapField ? o.keyType : null,
        ]);
        const officialType = o!.resolvedType ? o!.resolvedType.fullName.slice(1) : o!.type;
        expect([name, field.name, field.ref ?? field.type]).toEqual([name, field.name, officialType]);
        checked++;
      }
    }
    for (const [service, methods] of Object.entries(PROTOCOL_DESCRIPTOR.services)) {
      if (service.startsWith('grpc.health')) continue;
      const official = root.lookupService(service);
      for (const [method, m] of Object.entries(methods)) {
        const o = official.methods[method]!;
        expect([service, method, m.requestType, m.responseType, !!m.requestStream, !!m.responseStream]).toEqual([
          service,
          method,
          o.resolvedRequestType!.fullName.slice(1),
          o.resolvedResponseType!.fullName.slice(1),
          !!o.requestStream,
          !!o.responseStream,
        ]);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('ProtoCodec', () => {
  const schemaResponse = {
    provider: schemaToProto({ version: 0, block: { description: 'p', attributes: [{ name: 'token', type: 'string', optional: true, sensitive: true, description: 't' }] } }),
    resource_schemas: {
      didops_x: schemaToProto({
        version: 2,
        block: {
          description: 'x',
          descriptionKind: 'markdown',
          attributes: [
            { name: 'id', type: 'string', computed: true, description: '' },
            { name: 'n', nestedType: { nesting: 'set', attributes: [{ name: 'a', type: ['map', 'number'], optional: true, description: '' }] }, optional: true, description: '' },
          ],
          blockTypes: [{ typeName: 'rule', nesting: 'list', minItems: 1, maxItems: 3, block: { description: '', attributes: [] } }],
        },
      }),
    },
    data_source_schemas: {},
    diagnostics: diagnosticsToProto([
      { severity: 'warning', summary: 's', detail: 'd', attribute: [{ attributeName: 'a' }, { elementKeyInt: 0 }, { elementKeyString: 'k' }] },
    ]),
    server_capabilities: SERVER_CAPABILITIES,
  };

  it('encodes what protobufjs (with the official .proto) decodes identically, and back', () => {
    if (!haveOfficial) return;
    const type = officialRoot().lookupType('tfplugin6.GetProviderSchema.Response');
    const bytes = codec.encode('tfplugin6.GetProviderSchema.Response', schemaResponse);
    const viaProtobufjs = type.toObject(type.decode(bytes), { enums: String, longs: Number, bytes: String, defaults: false, oneofs: false });
    expect(viaProtobufjs.resource_schemas.didops_x.version).toBe(2);
    expect(viaProtobufjs.resource_schemas.didops_x.block.description_kind).toBe('MARKDOWN');
    expect(Buffer.from(viaProtobufjs.resource_schemas.didops_x.block.attributes[1].nested_type.attributes[0].type, 'base64').toString()).toBe('["map","number"]');
    expect(viaProtobufjs.resource_schemas.didops_x.block.block_types[0]).toMatchObject({ type_name: 'rule', nesting: 'LIST', min_items: 1, max_items: 3 });
    // The oneof member element_key_int = 0 is sent (a default value, but the oneof's choice).
    expect(viaProtobufjs.diagnostics[0].attribute.steps).toEqual([{ attribute_name: 'a' }, { element_key_int: 0 }, { element_key_string: 'k' }]);
    expect(viaProtobufjs.server_capabilities).toEqual({ plan_destroy: true });

    const back = codec.decode('tfplugin6.GetProviderSchema.Response', type.encode(type.fromObject(viaProtobufjs)).finish());
    expect((back.resource_schemas as Record<string, { version: number }>).didops_x.version).toBe(2);
    expect(back.diagnostics).toEqual([
      {
        severity: 'WARNING',
        summary: 's',
        detail: 'd',
        attribute: { steps: [{ attribute_name: 'a' }, { element_key_int: 0 }, { element_key_string: 'k' }] },
      },
    ]);
  });

  it('skips fields it does not declare and fills proto3 defaults', () => {
    if (!haveOfficial) return;
    const type = officialRoot().lookupType('tfplugin6.PlanResourceChange.Request');
    const bytes = type
      .encode(
        type.fromObject({
          type_name: 'didops_x',
          prior_private: Buffer.from('p'),
          // Not declared by didops: skipped.
          provider_meta: { msgpack: Buffer.from([0xc0]) },
          client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: true },
        }),
      )
      .finish();
    const decoded = codec.decode('tfplugin6.PlanResourceChange.Request', bytes);
    expect(decoded.type_name).toBe('didops_x');
    expect(Buffer.from(decoded.prior_private as Buffer).toString()).toBe('p');
    expect(decoded.prior_state).toBeUndefined();
    expect(decoded).not.toHaveProperty('provider_meta');
  });

  it('round-trips negative and large integers, packed repeated and maps', () => {
    const descriptor = {
      messages: {
        T: {
          fields: [
            { name: 'i', id: 1, type: 'int64' as const },
            { name: 's', id: 2, type: 'sint32' as const },
            { name: 'r', id: 3, type: 'uint32' as const, repeated: true },
            { name: 'm', id: 4, type: 'string' as const, mapKey: 'string' as const },
            { name: 'd', id: 5, type: 'double' as const },
          ],
        },
      },
      enums: {},
      services: {},
    };
    const c = new ProtoCodec(descriptor);
    const value = { i: -5, s: -3, r: [1, 300, 70000], m: { a: 'b', '': 'empty key' }, d: 0.25 };
    expect(c.decode('T', c.encode('T', value))).toEqual(value);
    expect(c.decode('T', c.encode('T', { i: 2 ** 40 })).i).toBe(2 ** 40);
  });
});

describe('certificate and handshake', () => {
  it('makes a certificate go-plugin accepts: localhost SAN, serverAuth, CA, self-signed P-256', () => {
    const cert = generateSelfSignedCertificate();
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.raw.equals(cert.der)).toBe(true);
    expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']); // Node's name for extKeyUsage
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(Date.now());
  });

  it('formats the handshake line with unpadded base64 DER', () => {
    const der = Buffer.from([1, 2, 3, 4]); // base64 "AQIDBA=="
    expect(handshakeLine(12345, der)).toBe('1|6|tcp|127.0.0.1:12345|grpc|AQIDBA');
    expect(handshakeLine(12345)).toBe('1|6|tcp|127.0.0.1:12345|grpc|');
  });

  it('reads the plugin environment', () => {
    expect(readPluginEnvironment({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000' })).toEqual({
      cookieOk: true,
      protocolVersions: [5, 6],
      minPort: 10000,
      maxPort: 25000,
      clientCertPem: undefined,
    });
    expect(readPluginEnvironment({ TF_PLUGIN_MAGIC_COOKIE: 'nope' })).toMatchObject({ cookieOk: false, protocolVersions: [6], minPort: 0 });
  });

  it('prints the reattach configuration Terraform parses', () => {
    expect(JSON.parse(reattachProvidersValue('registry.terraform.io/didops/didops', 4000, 99))).toEqual({
      'registry.terraform.io/didops/didops': { Protocol: 'grpc', ProtocolVersion: 6, Pid: 99, Test: true, Addr: { Network: 'tcp', String: '127.0.0.1:4000' } },
    });
  });
});

describe('Provider service handlers', () => {
  const service = createProviderService(createProvider);
  const echoBlock = createProvider().schemas().resourceSchemas.didops_echo!.block;

  it('answers GetProviderSchema and GetMetadata with the capabilities', async () => {
    const schema = await service.GetProviderSchema!({});
    expect(Object.keys(schema.resource_schemas as object)).toEqual(['didops_echo']);
    expect(schema.server_capabilities).toEqual({ plan_destroy: true, get_provider_schema_optional: false });
    const metadata = await service.GetMetadata!({});
    expect(metadata.resources).toEqual([{ type_name: 'didops_echo' }]);
    expect(metadata.data_sources).toEqual([{ type_name: 'didops_echo_info' }]);
  });

  it('plans a create with unknowns, and a destroy as null', async () => {
    const proposed = encodeObject({ message: 'hi' }, echoBlock);
    const create = await service.PlanResourceChange!({ type_name: 'didops_echo', prior_state: encodeObject(null, echoBlock), proposed_new_state: proposed, config: proposed });
    expect(create.diagnostics).toEqual([]);
    const planned = decode((create.planned_state as { msgpack: Buffer }).msgpack) as Record<string, unknown>;
    expect(planned).toMatchObject({ message: 'hi', length: 2, rule: [] });
    expect((planned.id as { type: number }).type).toBe(0);

    const destroy = await service.PlanResourceChange!({ type_name: 'didops_echo', prior_state: encodeObject({ id: 'e', message: 'hi' }, echoBlock), proposed_new_state: encodeObject(null, echoBlock) });
    expect(decode((destroy.planned_state as { msgpack: Buffer }).msgpack)).toBeNull();
  });

  it('turns validation diagnostics, thrown errors and unknown types into diagnostics', async () => {
    const invalid = await service.ValidateResourceConfig!({ type_name: 'didops_echo', config: encodeObject({ message: '' }, echoBlock) });
    expect(invalid.diagnostics).toEqual([
      { severity: 'ERROR', summary: 'message must not be empty', detail: '', attribute: { steps: [{ attribute_name: 'message' }] } },
    ]);
    const thrown = await service.ValidateResourceConfig!({ type_name: 'didops_echo', config: encodeObject({ message: 'explode' }, echoBlock) });
    expect(JSON.stringify(thrown.diagnostics)).toContain('the echo exploded');
    const unknownType = await service.ReadResource!({ type_name: 'didops_nope', current_state: encodeObject({}, echoBlock) });
    expect(JSON.stringify(unknownType.diagnostics)).toContain('no resource type \\"didops_nope\\"');
  });

  it('reports a result that does not fit the schema as a diagnostic, not a crash', async () => {
    const broken = createProviderService(() => ({
      ...createProvider(),
      readDataSource: async () => ({ state: { message: 'm', upper: 'M', echo_count: 'lots' } }),
    }));
    const result = await broken.ReadDataSource!({ type_name: 'didops_echo_info', config: encodeObject({ message: 'm' }, { description: '', attributes: [{ name: 'message', type: 'string', required: true, description: '' }] }) });
    expect(JSON.stringify(result.diagnostics)).toContain('echo_count: expected number, got string');
  });

  it('reports an implementation that fails to load on every RPC', async () => {
    const failing = createProviderService(() => {
      throw new Error('Cannot find module ./provider');
    });
    const result = await failing.GetProviderSchema!({});
    expect(JSON.stringify(result.diagnostics)).toContain('The didops provider failed to start: Cannot find module ./provider');
    expect(await failing.StopProvider!({})).toEqual({ Error: '' });
  });

  it('passes unknown values to validation', async () => {
    let seen: unknown;
    const spy = createProviderService(() => ({
      ...createProvider(),
      validateResourceConfig: async (_t: string, config: Record<string, unknown>) => {
        seen = config.message;
        return {};
      },
    }));
    await spy.ValidateResourceConfig!({ type_name: 'didops_echo', config: encodeObject({ message: UNKNOWN }, echoBlock) });
    expect(seen).toBe(UNKNOWN);
  });
});
