/**
 * The Terraform schemas generated from the zod models, and the value, diagnostic and configuration plumbing around
 * them: explicit expectations, no snapshots, so a changed mapping is a decision someone makes on purpose.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DidopsError, ValidationError } from '../../src/core/errors';
import { errorDiagnostic } from '../../src/core/diagnostics';
import { PHONE_NUMBER_REPLACEMENT_RULE } from '../../src/resources/phone-number/handler';
import { PHONE_NUMBER_OUTPUT_FIELDS } from '../../src/resources/phone-number/model';
import { EMERGENCY_ADDRESS_OUTPUT_FIELDS } from '../../src/resources/emergency-address/model';
import { resolveProviderSettings, terraformWorkspace } from '../../provider/terraform/config';
import { unconfiguredCarrierSet } from '../../src/carriers/carrier-set';
import { attributePathText, fieldToAttributePath, toTfDiagnostics } from '../../provider/terraform/diagnostics';
import { createDidopsTerraformProvider } from '../../provider/terraform/provider';
import { OwnershipClaims } from '../../provider/terraform/resources/ownership-claims';
import { PHONE_NUMBER_STATE_OUTPUT_FIELDS } from '../../provider/terraform/resources/phone-number';
import type { AttributeModel } from '../../provider/terraform/schema/attributes';
import { snakeCaseFieldNames, toCamelCase, toSnakeCase } from '../../provider/terraform/schema/naming';
import { conformTfObject, fillDefaults, knownPart, mergeKnown, toTfObject } from '../../provider/terraform/schema/values';
import { attributesFromZod } from '../../provider/terraform/schema/zod-to-terraform';
import { UNKNOWN, type TfAttribute, type TfObject } from '../../provider/terraform/server/types';
import { attributeAt as at, attributeFlags as flags } from '../support/terraform-attributes';

const schemas = createDidopsTerraformProvider({ env: {} }).schemas();

function every(attributes: readonly TfAttribute[], base = ''): { path: string; attribute: TfAttribute; parent?: TfAttribute }[] {
  return attributes.flatMap((attribute) => {
    const path = base ? `${base}.${attribute.name}` : attribute.name;
    const children = attribute.nestedType ? every(attribute.nestedType.attributes, path).map((c) => ({ ...c, parent: c.parent ?? attribute })) : [];
    return [{ path, attribute }, ...children];
  });
}

describe('names', () => {
  it('turns model fields into snake_case and back', () => {
    expect(toSnakeCase('friendlyName')).toBe('friendly_name');
    expect(toSnakeCase('areaCode')).toBe('area_code');
    expect(toSnakeCase('fallbackUrl')).toBe('fallback_url');
    expect(toSnakeCase('statusCallbackMethod')).toBe('status_callback_method');
    expect(toSnakeCase('e164')).toBe('e164');
    expect(toSnakeCase('country')).toBe('country');
    expect(toCamelCase('exclude_address_required')).toBe('excludeAddressRequired');
    expect(toCamelCase(toSnakeCase('tollFreePrefix'))).toBe('tollFreePrefix');
  });

  it('rewrites backticked field names in descriptions, and nothing else', () => {
    const fields = new Set(['retainOnDelete', 'search', 'areaCode']);
    expect(snakeCaseFieldNames('unless `retainOnDelete`; see `search.areaCode`, not `tollFree` or `POST`', fields)).toBe(
      'unless `retain_on_delete`; see `search.area_code`, not `tollFree` or `POST`',
    );
  });
});

describe('attributesFromZod', () => {
  const model = z
    .object({
      name: z.string().meta({ description: 'Name.' }),
      friendlyName: z.string().optional().meta({ description: 'Shown unless `retainOnDelete`.' }),
      count: z.number().int().optional().meta({ description: 'How many.' }),
      kind: z.enum(['one', 'twoWords']).default('one').meta({ description: 'Kind.' }),
      tags: z.array(z.enum(['x', 'y'])).max(2).default([]).meta({ description: 'Tags.' }),
      nested: z
        .object({ innerField: z.string().meta({ description: 'Inner.' }), method: z.enum(['GET', 'POST']).default('POST') })
        .strict()
        .optional()
        .meta({ description: 'Nested.' }),
      place: z
        .union([z.object({ number: z.string(), radius: z.number().default(25) }).strict(), z.object({ latitude: z.number(), longitude: z.number() }).strict()])
        .optional()
        .meta({ description: 'Place.' }),
      retainOnDelete: z.boolean().default(false).meta({ description: 'Keep it.' }),
    })
    .strict();
  const fallbackDescriptions = { 'nested.method': 'Method.', 'place.number': 'Number.', 'place.radius': 'Radius.', 'place.latitude': 'Latitude.', 'place.longitude': 'Longitude.' };
  const attributes = attributesFromZod(model, { fallbackDescriptions, notes: { name: 'Changing `name` replaces it.' } });
  const byName = (name: string): AttributeModel => attributes.find((a) => a.name === name)!;

  it('names attributes in snake_case, in the model’s order', () => {
    expect(attributes.map((a) => a.name)).toEqual(['name', 'friendly_name', 'count', 'kind', 'tags', 'nested', 'place', 'retain_on_delete']);
    expect(attributes.map((a) => a.field)).toEqual(['name', 'friendlyName', 'count', 'kind', 'tags', 'nested', 'place', 'retainOnDelete']);
  });

  it('maps strings, numbers, booleans, enums and arrays of enums to cty types', () => {
    expect(byName('name')).toMatchObject({ type: 'string', required: true });
    expect(byName('count')).toMatchObject({ type: 'number', optional: true });
    expect(byName('retain_on_delete')).toMatchObject({ type: 'bool', optional: true, computed: true, default: false });
    expect(byName('kind')).toMatchObject({ type: 'string', optional: true, computed: true, default: 'one' });
    expect(byName('tags')).toMatchObject({ type: ['list', 'string'], optional: true, computed: true, default: [] });
  });

  it('makes every field with a zod default optional and computed, keeping the default for the plan', () => {
    for (const a of attributes) {
      if (a.default !== undefined) expect([a.name, flags(a as TfAttribute)]).toEqual([a.name, 'optional+computed']);
      else expect(a.computed).toBeUndefined();
    }
    expect(byName('nested').nested!.attributes.find((a) => a.name === 'method')).toMatchObject({ optional: true, computed: true, default: 'POST' });
  });

  it('nests objects as single nested attributes with their own required fields', () => {
    const nested = byName('nested');
    expect(nested).toMatchObject({ optional: true, nested: { nesting: 'single' } });
    expect(nested.nested!.attributes.map((a) => [a.name, flags(a as TfAttribute)])).toEqual([
      ['inner_field', 'required'],
      ['method', 'optional+computed'],
    ]);
  });

  it('merges a union of objects into one nested object with every field optional, and says which combinations work', () => {
    const place = byName('place');
    expect(place.nested!.attributes.map((a) => [a.name, flags(a as TfAttribute)])).toEqual([
      ['number', 'optional'],
      ['radius', 'optional+computed'],
      ['latitude', 'optional'],
      ['longitude', 'optional'],
    ]);
    expect(place.description).toBe('Place. Give one of: { number, radius } or { latitude, longitude }.');
  });

  it('takes descriptions from .meta, lists enum values and defaults, appends notes and speaks snake_case', () => {
    expect(byName('friendly_name').description).toBe('Shown unless `retain_on_delete`.');
    expect(byName('kind').description).toBe('Kind. One of: `one`, `twoWords`. Defaults to `one`.');
    expect(byName('tags').description).toBe('Tags. Each one of: `x`, `y`. Defaults to `[]`.');
    expect(byName('name').description).toBe('Name. Changing `name` replaces it.');
    expect(byName('nested').nested!.attributes[1].description).toBe('Method. One of: `GET`, `POST`. Defaults to `POST`.');
  });

  it('refuses to generate an undocumented attribute, naming it', () => {
    expect(() => attributesFromZod(model)).toThrow(/no description for nested\.method, place\.number/);
  });
});

describe('didops_phone_number', () => {
  const block = schemas.resourceSchemas.didops_phone_number.block;
  const attributes = block.attributes;

  it('has id, key, the inputs of the zod model and the handler’s outputs, with these flags', () => {
    expect(attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['id', 'computed'],
      ['key', 'required'],
      ['carrier', 'optional'],
      ['number', 'optional'],
      ['search', 'optional'],
      ['adopt', 'optional'],
      ['friendly_name', 'optional'],
      ['voice', 'optional'],
      ['routing_plan', 'optional'],
      ['trunk', 'optional'],
      ['emergency_address', 'optional'],
      ['address', 'optional'],
      ['bundle', 'optional'],
      ['retain_on_delete', 'optional+computed'],
      ['billing', 'optional'],
      ['sid', 'computed'],
      ['e164', 'computed'],
      ['country', 'computed'],
      ['region', 'computed'],
      ['locality', 'computed'],
      ['type', 'computed'],
      ['capabilities', 'computed'],
      ['monthly_price', 'computed'],
      ['currency', 'computed'],
      ['status', 'computed'],
      ['carrier_friendly_name', 'computed'],
      ['emergency_status', 'computed'],
      ['setup_fee_payment', 'computed'],
      ['postal_code', 'computed'],
      ['address_requirements', 'computed'],
      ['ownership_tag', 'computed'],
      ['default_name', 'computed'],
    ]);
  });

  it('makes every output field the handler keeps a computed attribute', () => {
    expect(PHONE_NUMBER_STATE_OUTPUT_FIELDS).toEqual([...PHONE_NUMBER_OUTPUT_FIELDS, 'postalCode', 'addressRequirements', 'ownershipTag', 'defaultName']);
    for (const field of PHONE_NUMBER_STATE_OUTPUT_FIELDS) expect(flags(at(attributes, toSnakeCase(field)))).toBe('computed');
    expect(at(attributes, 'capabilities').nestedType).toEqual({
      nesting: 'single',
      attributes: ['voice', 'sms', 'mms', 'fax'].map((name) => ({ name, type: 'bool', computed: true, description: expect.any(String) })),
    });
    expect(at(attributes, 'monthly_price').type).toBe('number');
    expect(at(attributes, 'retain_on_delete').type).toBe('bool');
  });

  it('nests search and voice, with defaults as optional+computed', () => {
    const search = at(attributes, 'search');
    expect(search.nestedType!.nesting).toBe('single');
    expect(search.nestedType!.attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['country', 'required'],
      ['region', 'optional'],
      ['locality', 'optional'],
      ['postal_code', 'optional'],
      ['area_code', 'optional'],
      ['near', 'optional'],
      ['type', 'optional+computed'],
      ['toll_free_prefix', 'optional'],
      ['capabilities', 'optional+computed'],
      ['exclude_address_required', 'optional+computed'],
      ['patterns', 'optional+computed'],
      ['max_pages', 'optional+computed'],
      ['contains', 'optional'],
    ]);
    expect(at(attributes, 'search.capabilities').type).toEqual(['list', 'string']);
    expect(at(attributes, 'search.type').type).toBe('string');
    expect(at(attributes, 'search.max_pages').type).toBe('number');
    expect(at(attributes, 'search.near').nestedType!.attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['number', 'optional'],
      ['distance_miles', 'optional+computed'],
      ['latitude', 'optional'],
      ['longitude', 'optional'],
    ]);
    expect(flags(at(attributes, 'search.patterns.vanity.word'))).toBe('required');
    expect(at(attributes, 'voice').nestedType!.attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['url', 'optional'],
      ['method', 'optional+computed'],
      ['fallback_url', 'optional'],
      ['fallback_method', 'optional+computed'],
      ['status_callback', 'optional'],
      ['status_callback_method', 'optional+computed'],
    ]);
  });

  it('documents every attribute from the model, with the replacement rules', () => {
    expect(at(attributes, 'friendly_name').description).toMatch(/^Name shown in the Twilio console; defaults to the resource name\. Changing `friendly_name` updates the resource in place/);
    const rule = PHONE_NUMBER_REPLACEMENT_RULE.replace('`retainOnDelete`', '`retain_on_delete`');
    for (const name of ['number', 'search', 'adopt']) expect(at(attributes, name).description).toContain(rule);
    expect(at(attributes, 'search.type').description).toBe('Kind of number: local (geographic), mobile or toll-free. One of: `local`, `mobile`, `tollFree`. Defaults to `local`.');
    expect(at(attributes, 'key').description).toContain('Names this number among the numbers your configurations manage in this Twilio account, so a purchase interrupted by a crash is recognised on the next apply');
    expect(at(attributes, 'key').description).toContain('has no effect');
    expect(block.description).toContain('create_before_destroy');
  });
});

describe('every schema', () => {
  const blocks = {
    provider: schemas.provider.block,
    ...Object.fromEntries(Object.entries(schemas.resourceSchemas).map(([n, s]) => [n, s.block])),
    ...Object.fromEntries(Object.entries(schemas.dataSourceSchemas).map(([n, s]) => [n, s.block])),
  };

  it('serves six resources and two data sources', () => {
    expect(Object.keys(schemas.resourceSchemas).sort()).toEqual([
      'didops_billing_account', 'didops_billing_subscription', 'didops_emergency_address', 'didops_phone_number', 'didops_rate_card', 'didops_routing_plan',
    ]);
    expect(Object.keys(schemas.dataSourceSchemas).sort()).toEqual(['didops_available_numbers', 'didops_number_pricing']);
    for (const s of [...Object.values(schemas.resourceSchemas), ...Object.values(schemas.dataSourceSchemas), schemas.provider]) expect(s.version).toBe(0);
  });

  it.each(Object.entries(blocks))('%s: documented, valid names, consistent flags', (_, block) => {
    expect(block.description.length).toBeGreaterThan(0);
    for (const { path, attribute, parent } of every(block.attributes)) {
      expect([path, attribute.name]).toEqual([path, expect.stringMatching(/^[a-z][a-z0-9_]*$/)]);
      expect([path, attribute.description.trim().length > 0]).toEqual([path, true]);
      // Exactly one of type and nestedType; required excludes optional and computed; something is set.
      expect([path, (attribute.type === undefined) !== (attribute.nestedType === undefined)]).toEqual([path, true]);
      expect([path, Boolean(attribute.required && (attribute.optional || attribute.computed))]).toEqual([path, false]);
      expect([path, Boolean(attribute.required || attribute.optional || attribute.computed)]).toEqual([path, true]);
      // Below a computed-only attribute, everything is computed-only.
      if (parent?.computed && !parent.optional) expect([path, flags(attribute)]).toEqual([path, 'computed']);
      // No camelCase leaks into the docs.
      expect([path, /`[a-z]+[A-Z][A-Za-z]*`/.test(attribute.description.replace(/`tollFree`|`repeatedPairs`|`stoppedBecause`|`nextPeriod`/g, ''))]).toEqual([path, false]);
    }
    const names = block.attributes.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('marks the auth token and the API keys sensitive and everything in the provider block optional', () => {
    expect(schemas.provider.block.attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['twilio_account_sid', 'optional'],
      ['twilio_auth_token', 'optional+sensitive'],
      ['twilio_base_url', 'optional'],
      ['telnyx_api_key', 'optional+sensitive'],
      ['telnyx_base_url', 'optional'],
      ['default_carrier', 'optional'],
      ['stripe_secret_key', 'optional+sensitive'],
      ['stripe_base_url', 'optional'],
      ['ownership_scope', 'optional'],
    ]);
  });

  it('gives the emergency address its model’s inputs and outputs', () => {
    const attributes = schemas.resourceSchemas.didops_emergency_address.block.attributes;
    expect(attributes.map((a) => [a.name, flags(a)])).toEqual([
      ['id', 'computed'],
      ['key', 'required'],
      ['carrier', 'optional'],
      ['customer_name', 'required'],
      ['street', 'required'],
      ['street_secondary', 'optional'],
      ['city', 'required'],
      ['region', 'required'],
      ['postal_code', 'required'],
      ['country', 'required'],
      ['friendly_name', 'optional'],
      ...EMERGENCY_ADDRESS_OUTPUT_FIELDS.map((f) => [toSnakeCase(f), 'computed']),
    ]);
    expect(at(attributes, 'country').description).toContain('Changing `country` replaces the resource');
  });

  it('gives the data sources search criteria as inputs and the results as computed attributes', () => {
    const search = schemas.dataSourceSchemas.didops_available_numbers.block.attributes;
    expect(['limit', 'rank', 'currency', 'max_pages', 'type'].map((n) => flags(at(search, n)))).toEqual(Array(5).fill('optional+computed'));
    expect(flags(at(search, 'country'))).toBe('required');
    expect(at(search, 'numbers')).toMatchObject({ computed: true, nestedType: { nesting: 'list' } });
    expect(at(search, 'numbers').nestedType!.attributes.map((a) => a.name)).toEqual([
      'phone_number', 'friendly_name', 'iso_country', 'type', 'region', 'locality', 'postal_code', 'capabilities', 'address_requirements',
      'score', 'score_reasons', 'monthly_price', 'setup_price', 'currency',
    ]);
    expect(['examined', 'exhaustive', 'stopped_because', 'description'].map((n) => flags(at(search, n)))).toEqual(Array(4).fill('computed'));
    const pricing = schemas.dataSourceSchemas.didops_number_pricing.block.attributes;
    expect(pricing.map((a) => [a.name, a.type, flags(a)])).toEqual([
      ['country', 'string', 'required'],
      ['carrier', 'string', 'optional'],
      ['type', 'string', 'optional+computed'],
      ['currency', 'string', 'optional+computed'],
      ['monthly_price', 'number', 'computed'],
      ['setup_price', 'number', 'computed'],
    ]);
  });
});

describe('values between Terraform and the handlers', () => {
  const models = attributesFromZod(
    z.object({
      name: z.string().meta({ description: 'n' }),
      voice: z.object({ url: z.string().optional().meta({ description: 'u' }), method: z.enum(['GET', 'POST']).default('POST').meta({ description: 'm' }) }).optional().meta({ description: 'v' }),
      patterns: z.object({ prefix: z.string().optional().meta({ description: 'p' }) }).default({}).meta({ description: 'p' }),
      tags: z.array(z.string()).default([]).meta({ description: 't' }),
    }),
  );

  it('fills defaults where the configuration is null, at every depth, leaving unknowns alone', () => {
    expect(fillDefaults(models, { name: 'a', voice: { url: 'https://x', method: null }, patterns: null, tags: null })).toEqual({
      name: 'a', voice: { url: 'https://x', method: 'POST' }, patterns: { prefix: null }, tags: [],
    });
    expect(fillDefaults(models, { name: 'a', voice: null, patterns: UNKNOWN, tags: UNKNOWN })).toEqual({ name: 'a', voice: null, patterns: UNKNOWN, tags: UNKNOWN });
  });

  it('gives handlers camelCase values without nulls, and says which paths were unknown', () => {
    expect(knownPart(models, { name: 'a', voice: { url: UNKNOWN, method: 'GET' }, patterns: null, tags: ['x', UNKNOWN] })).toEqual({
      value: { name: 'a', voice: { method: 'GET' } },
      unknownPaths: ['voice.url', 'tags'],
    });
  });

  it('writes handler values back with every attribute present', () => {
    expect(toTfObject(models, { name: 'a', voice: { url: 'https://x' }, extra: 1 })).toEqual({ name: 'a', voice: { url: 'https://x', method: null }, patterns: null, tags: null });
  });

  it('reports exactly the planned known values after apply, and fills the unknown ones', () => {
    const planned: TfObject = { id: UNKNOWN, name: 'as written', caps: UNKNOWN, nested: { a: 1, b: UNKNOWN } };
    const actual: TfObject = { id: 'PN1', name: 'normalised', caps: { voice: true }, nested: { a: 2, b: 3 } };
    expect(mergeKnown(planned, actual)).toEqual({ id: 'PN1', name: 'as written', caps: { voice: true }, nested: { a: 1, b: 3 } });
  });

  it('conforms a stored state to the schema', () => {
    expect(conformTfObject(models, { name: 'a', voice: { url: 'u' }, dropped: true })).toEqual({ name: 'a', voice: { url: 'u', method: null }, patterns: null, tags: null });
  });
});

describe('diagnostics', () => {
  it('turns core field paths into snake_case attribute paths', () => {
    expect(fieldToAttributePath('search.patterns.contains')).toEqual([{ attributeName: 'search' }, { attributeName: 'patterns' }, { attributeName: 'contains' }]);
    expect(fieldToAttributePath('search.areaCode')).toEqual([{ attributeName: 'search' }, { attributeName: 'area_code' }]);
    expect(fieldToAttributePath('numbers[2].country')).toEqual([{ attributeName: 'numbers' }, { elementKeyInt: 2 }, { attributeName: 'country' }]);
    expect(fieldToAttributePath('labels["cost centre"]')).toEqual([{ attributeName: 'labels' }, { elementKeyString: 'cost centre' }]);
    expect(() => fieldToAttributePath('didops:twilioAuthToken')).toThrow(TypeError);
    expect(() => fieldToAttributePath('a..b')).toThrow(TypeError);
  });

  it('gives one diagnostic per field problem of a didops error, and the message of any other error', () => {
    const err = ValidationError.fromDiagnostics([
      errorDiagnostic('"UK" is not a country didops can search', { field: 'search.country', detail: 'did you mean "GB"?' }),
      errorDiagnostic('expected an http:// or https:// URL', { field: 'voice.fallbackUrl' }),
    ]);
    expect(toTfDiagnostics(err)).toEqual([
      { severity: 'error', summary: 'search.country: "UK" is not a country didops can search', detail: 'did you mean "GB"?', attribute: [{ attributeName: 'search' }, { attributeName: 'country' }] },
      { severity: 'error', summary: 'voice.fallback_url: expected an http:// or https:// URL', attribute: [{ attributeName: 'voice' }, { attributeName: 'fallback_url' }] },
    ]);
    expect(toTfDiagnostics(new DidopsError({ summary: 'is wrong', field: 'number' }))).toEqual([{ severity: 'error', summary: 'is wrong', attribute: [{ attributeName: 'number' }] }]);
    expect(attributePathText([{ attributeName: 'numbers' }, { elementKeyInt: 2 }, { attributeName: 'country' }])).toBe('numbers[2].country');
    expect(toTfDiagnostics(new Error('socket hang up'))).toEqual([{ severity: 'error', summary: 'socket hang up' }]);
    expect(toTfDiagnostics(new DidopsError({ summary: 'not set', field: 'didops:twilioAuthToken' }))).toEqual([{ severity: 'error', summary: 'didops:twilioAuthToken: not set' }]);
    const zod = z.object({ areaCode: z.string() }).safeParse({ areaCode: 415 });
    expect(toTfDiagnostics(zod.error)[0].attribute).toEqual([{ attributeName: 'area_code' }]);
  });
});

describe('provider settings', () => {
  const none: TfObject = { twilio_account_sid: null, twilio_auth_token: null, twilio_base_url: null, ownership_scope: null };
  const sid = `AC${'0'.repeat(32)}`;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'didops-tf-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to DIDOPS_* environment variables, the block winning', () => {
    const env = { DIDOPS_TWILIO_ACCOUNT_SID: sid, DIDOPS_TWILIO_AUTH_TOKEN: 'env-token', DIDOPS_TWILIO_BASE_URL: 'http://127.0.0.1:4010', DIDOPS_OWNERSHIP_SCOPE: 'env-scope' };
    expect(resolveProviderSettings(none, { env, cwd: dir }).settings).toEqual({ twilio: { accountSid: sid, authToken: 'env-token', baseUrl: 'http://127.0.0.1:4010' }, defaultCarrier: 'twilio', ownershipScope: 'env-scope' });
    expect(resolveProviderSettings({ ...none, twilio_auth_token: 'block', ownership_scope: 'block-scope' }, { env, cwd: dir }).settings).toMatchObject({ twilio: { authToken: 'block' }, ownershipScope: 'block-scope' });
  });

  it('points at each missing credential', () => {
    const { settings, diagnostics } = resolveProviderSettings(none, { env: {}, cwd: dir });
    expect(settings).toBeUndefined();
    expect(diagnostics.map((d) => [d.attribute, d.detail])).toEqual([
      [[{ attributeName: 'twilio_account_sid' }], expect.stringContaining('set twilio_account_sid in the provider block or DIDOPS_TWILIO_ACCOUNT_SID')],
      [[{ attributeName: 'twilio_auth_token' }], expect.stringContaining('set twilio_auth_token in the provider block or DIDOPS_TWILIO_AUTH_TOKEN')],
    ]);
    const bad = resolveProviderSettings({ ...none, twilio_account_sid: 'AC1', twilio_auth_token: 't' }, { env: {}, cwd: dir });
    expect(bad.diagnostics.map((d) => d.attribute)).toEqual([[{ attributeName: 'twilio_account_sid' }]]);
  });

  it('scopes keys by the Terraform workspace: TF_WORKSPACE, else the selected one, else default', () => {
    expect(terraformWorkspace({ env: {}, cwd: dir })).toBe('default');
    mkdirSync(join(dir, '.terraform'));
    writeFileSync(join(dir, '.terraform', 'environment'), 'staging\n');
    expect(terraformWorkspace({ env: {}, cwd: dir })).toBe('staging');
    expect(terraformWorkspace({ env: { TF_WORKSPACE: 'prod' }, cwd: dir })).toBe('prod');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'environment'), 'elsewhere');
    expect(terraformWorkspace({ env: { TF_DATA_DIR: 'data' }, cwd: dir })).toBe('elsewhere');
    expect(resolveProviderSettings({ ...none, twilio_account_sid: sid, twilio_auth_token: 't' }, { env: {}, cwd: dir }).settings?.ownershipScope).toBe('staging');
  });

  it('lets checks run before configuration, with carriers that refuse any call', () => {
    const offline = unconfiguredCarrierSet();
    expect(offline.missing('telnyx')).toBeUndefined();
    expect(() => offline.get('twilio')).toThrow(/not configured/);
  });
});

describe('ownership claims', () => {
  const phone = { typeName: 'didops_phone_number', noun: 'number', act: 'purchase' };

  it('allows one plan and one apply of a create per walk, and refuses a second of either', () => {
    const claims = new OwnershipClaims();
    expect(claims.claimCreate(phone, 'tag1', 'support', 'plan', 'default')).toBeUndefined();
    expect(claims.claimCreate(phone, 'tag1', 'support', 'apply', 'default')).toBeUndefined();
    expect(claims.claimCreate(phone, 'tag1', 'support', 'apply', 'default')).toMatchObject({ summary: 'two didops_phone_number resources use key "support"', attribute: [{ attributeName: 'key' }] });
    claims.reset();
    expect(claims.claimCreate(phone, 'tag1', 'support', 'plan', 'default')).toBeUndefined();
  });

  it('refuses a create whose tag an existing resource of the walk carries, unless it is the one created', () => {
    const claims = new OwnershipClaims();
    expect(claims.noteExisting(phone, 'tag2', 'PN2', 'keep')).toBeUndefined();
    expect(claims.claimCreate(phone, 'tag2', 'sales', 'plan', 'default')?.summary).toBe('key "sales" is already used by the didops_phone_number that owns PN2');
    expect(claims.claimCreate(phone, 'tag3', 'new', 'apply', 'default')).toBeUndefined();
    claims.recordCreated(phone, 'tag3', 'PN3');
    expect(claims.noteExisting(phone, 'tag3', 'PN3', 'keep')).toBeUndefined();
    expect(claims.noteExisting(phone, 'tag3', 'PN4', 'destroy')?.summary).toBe('key "new" belongs to PN4, which this run destroys');
    expect(claims.noteExisting(phone, undefined, 'PN5', 'keep')).toBeUndefined();
  });
});
