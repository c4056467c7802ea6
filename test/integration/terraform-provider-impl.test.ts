/**
 * The Terraform provider implementation driven directly (no gRPC, no terraform CLI) against the sandbox, the way
 * Terraform core drives it: validate, plan (with a second, null-prior plan when a replacement is required), apply,
 * refresh, import. Terraform's own rules are simulated: a plan must respect the configuration (plan validity), and
 * apply must return every value the plan knew (consistency), else Terraform fails the run with "Provider produced
 * inconsistent result".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityKey } from '../../src/core/lifecycle';
import { purchaseTag, readMarker } from '../../src/carriers/ownership-marker';
import { createDidopsTerraformProvider } from '../../provider/terraform/provider';
import {
  UNKNOWN,
  type AttributePath,
  type TerraformProviderImplementation,
  type TfAttribute,
  type TfDiagnostic,
  type TfObject,
  type TfValue,
} from '../../provider/terraform/server/types';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
const PHONE = 'didops_phone_number';
const ADDRESS = 'didops_emergency_address';
const NO_PRIVATE = new Uint8Array();

let workdir: string;
let provider: TerraformProviderImplementation;

beforeAll(async () => {
  // A Terraform working directory whose selected workspace is "staging": the default ownership scope.
  workdir = mkdtempSync(join(tmpdir(), 'didops-tf-'));
  mkdirSync(join(workdir, '.terraform'));
  writeFileSync(join(workdir, '.terraform', 'environment'), 'staging');
  provider = createDidopsTerraformProvider({ env: {}, cwd: workdir });
  expect(errors((await configure(provider)).diagnostics)).toEqual([]);
});

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

// Each test is one Terraform run: ConfigureProvider starts its walk (and forgets the keys the last one claimed).
beforeEach(async () => {
  expect(errors((await configure(provider)).diagnostics)).toEqual([]);
});

// ---------------------------------------------------------------------------------------------------------------
// Terraform, simulated
// ---------------------------------------------------------------------------------------------------------------

/** Values as a user writes them: snake_case, nested objects for nested attributes, anything unset left out. */
type Written = { [name: string]: Written | Written[] | string | number | boolean | null | typeof UNKNOWN | string[] };

function attributesOf(typeName: string, kind: 'resource' | 'data' = 'resource'): TfAttribute[] {
  const schemas = provider.schemas();
  return (kind === 'resource' ? schemas.resourceSchemas : schemas.dataSourceSchemas)[typeName].block.attributes;
}

/** A configuration object as Terraform decodes it: every attribute present, null when unset, computed ones null. */
function objectOf(attributes: readonly TfAttribute[], written: Written): TfObject {
  const out: TfObject = {};
  for (const a of attributes) {
    const v = written[a.name];
    if (v === undefined || v === null) out[a.name] = null;
    else if (v === UNKNOWN) out[a.name] = UNKNOWN;
    else if (a.nestedType?.nesting === 'single') out[a.name] = objectOf(a.nestedType.attributes, v as Written);
    else if (a.nestedType?.nesting === 'list') out[a.name] = (v as Written[]).map((item) => objectOf(a.nestedType!.attributes, item));
    else out[a.name] = v as TfValue;
  }
  return out;
}

const config = (typeName: string, written: Written) => objectOf(attributesOf(typeName), written);

function errors(diagnostics: TfDiagnostic[] | undefined): TfDiagnostic[] {
  return (diagnostics ?? []).filter((d) => d.severity === 'error');
}

function isObject(v: TfValue | undefined): v is TfObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a) && isObject(b)) return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => equal(a[k] ?? null, b[k] ?? null));
  return false;
}

/** Terraform's AssertPlanValid: what a provider may plan for each attribute, given the configuration and prior state. */
function assertPlanValid(attributes: readonly TfAttribute[], prior: TfObject | null, cfg: TfObject, planned: TfObject, path = ''): void {
  for (const a of attributes) {
    const where = path ? `${path}.${a.name}` : a.name;
    expect(Object.keys(planned)).toContain(a.name);
    const p = planned[a.name];
    const c = cfg[a.name] ?? null;
    const before = prior ? (prior[a.name] ?? null) : null;
    if (equal(p, c)) continue;
    if (before !== null && c !== null && equal(p, before)) continue;
    if (a.computed && !a.optional) continue;
    if (c === null && a.computed) continue;
    if (c === null && p !== null) throw new Error(`plan invalid: planned value ${JSON.stringify(p)} for non-computed ${where}`);
    if (a.nestedType?.nesting === 'single' && isObject(p) && isObject(c)) {
      assertPlanValid(a.nestedType.attributes, isObject(before) ? before : null, c, p, where);
      continue;
    }
    throw new Error(`plan invalid: ${where} planned ${String(JSON.stringify(p))} but configured ${JSON.stringify(c)}`);
  }
}

/** Terraform's AssertObjectCompatible: every known planned value must come back from apply unchanged. */
function assertConsistent(planned: TfValue, actual: TfValue, path = ''): void {
  if (planned === UNKNOWN) {
    expect(containsUnknown(actual)).toBe(false);
    return;
  }
  if (isObject(planned)) {
    if (!isObject(actual)) throw new Error(`inconsistent result: ${path} planned an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(planned)) assertConsistent(v, actual[k] ?? null, path ? `${path}.${k}` : k);
    return;
  }
  if (Array.isArray(planned)) {
    if (!Array.isArray(actual) || actual.length !== planned.length) throw new Error(`inconsistent result: ${path} planned ${planned.length} elements`);
    planned.forEach((v, i) => assertConsistent(v, actual[i], `${path}[${i}]`));
    return;
  }
  if (!equal(planned, actual)) throw new Error(`Provider produced inconsistent result after apply: ${path} was ${JSON.stringify(planned)}, now ${JSON.stringify(actual)}`);
}

function containsUnknown(v: TfValue): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

function valueAt(value: TfValue, path: AttributePath): TfValue {
  let current: TfValue = value;
  for (const step of path) {
    if ('attributeName' in step) current = isObject(current) ? (current[step.attributeName] ?? null) : null;
    else if ('elementKeyInt' in step) current = Array.isArray(current) ? (current[step.elementKeyInt] ?? null) : null;
    else current = isObject(current) ? (current[step.elementKeyString] ?? null) : null;
  }
  return current;
}

/** What `terraform plan` shows for one resource. */
interface Planned {
  action: 'create' | 'update' | 'replace' | 'noop' | 'delete' | 'error';
  planned: TfObject | null;
  requiresReplace: AttributePath[];
  diagnostics: TfDiagnostic[];
}

/** PlanResourceChange as Terraform core calls it, plan validity checked, replacement decided as core decides it. */
async function plan(typeName: string, prior: TfObject | null, cfg: TfObject | null): Promise<Planned> {
  const response = await provider.planResourceChange({ typeName, priorState: prior, proposedNewState: cfg, config: cfg, priorPrivate: NO_PRIVATE });
  const diagnostics = response.diagnostics ?? [];
  if (errors(diagnostics).length > 0) return { action: 'error', planned: response.plannedState, requiresReplace: [], diagnostics };
  if (cfg === null) return { action: 'delete', planned: response.plannedState, requiresReplace: [], diagnostics };
  const planned = response.plannedState!;
  assertPlanValid(attributesOf(typeName), prior, cfg, planned);
  const requiresReplace = response.requiresReplace ?? [];
  if (prior === null) return { action: 'create', planned, requiresReplace, diagnostics };
  // Core replaces only where a requires-replace path really changes, and then plans the create with a null prior.
  if (requiresReplace.some((path) => !equal(valueAt(prior, path), valueAt(planned, path)))) {
    const create = await provider.planResourceChange({ typeName, priorState: null, proposedNewState: cfg, config: cfg, priorPrivate: NO_PRIVATE });
    expect(errors(create.diagnostics)).toEqual([]);
    assertPlanValid(attributesOf(typeName), null, cfg, create.plannedState!);
    return { action: 'replace', planned: create.plannedState, requiresReplace, diagnostics };
  }
  return { action: equal(planned, prior) ? 'noop' : 'update', planned, requiresReplace, diagnostics };
}

/** ApplyResourceChange, with Terraform's consistency check. */
async function apply(typeName: string, prior: TfObject | null, planned: TfObject | null, cfg: TfObject | null): Promise<TfObject | null> {
  const response = await provider.applyResourceChange({ typeName, priorState: prior, plannedState: planned, config: cfg, plannedPrivate: NO_PRIVATE });
  expect(errors(response.diagnostics)).toEqual([]);
  if (planned === null) {
    expect(response.newState).toBeNull();
    return null;
  }
  assertConsistent(planned, response.newState);
  return response.newState;
}

/** `terraform apply` for one resource: plan, then apply (a replacement deletes first, as Terraform does by default). */
async function up(typeName: string, prior: TfObject | null, cfg: TfObject): Promise<{ state: TfObject; action: Planned['action'] }> {
  const p = await plan(typeName, prior, cfg);
  expect(errors(p.diagnostics)).toEqual([]);
  if (p.action === 'noop') return { state: prior!, action: p.action };
  if (p.action === 'replace') {
    await apply(typeName, prior, null, null);
    return { state: (await apply(typeName, null, p.planned, cfg))!, action: p.action };
  }
  return { state: (await apply(typeName, prior, p.planned, cfg))!, action: p.action };
}

async function refresh(typeName: string, state: TfObject): Promise<TfObject | null> {
  const response = await provider.readResource(typeName, state, NO_PRIVATE);
  expect(errors(response.diagnostics)).toEqual([]);
  return response.newState;
}

function configure(target: TerraformProviderImplementation, attributes: Record<string, string | null> = {}) {
  return target.configureProvider(
    {
      twilio_account_sid: t.sandbox.accountSid,
      twilio_auth_token: t.sandbox.authToken,
      twilio_base_url: t.sandbox.url,
      ownership_scope: null,
      ...attributes,
    },
    '1.9.0',
  );
}

async function ownedNumbers(): Promise<string[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);
}

const path = (...names: string[]): AttributePath => names.map((attributeName) => ({ attributeName }));

// ---------------------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------------------

describe('configuring the provider', () => {
  it('points at the missing credential, in the provider block or its environment variable', async () => {
    const bare = createDidopsTerraformProvider({ env: {}, cwd: workdir });
    const result = await bare.configureProvider({ twilio_account_sid: null, twilio_auth_token: null, twilio_base_url: null, ownership_scope: null }, '1.9.0');
    const found = errors(result.diagnostics);
    expect(found.map((d) => d.attribute)).toEqual([path('twilio_account_sid'), path('twilio_auth_token')]);
    expect(found[0].detail).toContain('DIDOPS_TWILIO_ACCOUNT_SID');
    expect(found[1].detail).toContain('DIDOPS_TWILIO_AUTH_TOKEN');
  });

  it('takes every setting from DIDOPS_* environment variables', async () => {
    const fromEnv = createDidopsTerraformProvider({
      env: { DIDOPS_TWILIO_ACCOUNT_SID: t.sandbox.accountSid, DIDOPS_TWILIO_AUTH_TOKEN: t.sandbox.authToken, DIDOPS_TWILIO_BASE_URL: t.sandbox.url },
      cwd: workdir,
    });
    const result = await fromEnv.configureProvider({ twilio_account_sid: null, twilio_auth_token: null, twilio_base_url: null, ownership_scope: null }, '1.9.0');
    expect(result.diagnostics ?? []).toEqual([]);
    const pricing = await fromEnv.readDataSource('didops_number_pricing', objectOf(attributesOf('didops_number_pricing', 'data'), { country: 'US' }));
    expect(pricing.diagnostics ?? []).toEqual([]);
  });

  it('refuses a malformed account SID in the block at validation', async () => {
    const result = await provider.validateProviderConfig({ twilio_account_sid: 'AC123', twilio_auth_token: UNKNOWN, twilio_base_url: null, ownership_scope: null });
    expect(errors(result.diagnostics).map((d) => d.attribute)).toEqual([path('twilio_account_sid')]);
  });
});

describe('validating configuration before anything is bought', () => {
  it('names the attribute and the fix, even before the provider is configured', async () => {
    const unconfigured = createDidopsTerraformProvider({ env: {}, cwd: workdir });
    const uk = await unconfigured.validateResourceConfig(PHONE, config(PHONE, { key: 'support', search: { country: 'UK' } }));
    expect(errors(uk.diagnostics)).toHaveLength(1);
    expect(errors(uk.diagnostics)[0].attribute).toEqual(path('search', 'country'));
    expect(errors(uk.diagnostics)[0].detail).toContain('"GB"');

    const short = await unconfigured.validateResourceConfig(PHONE, config(PHONE, { key: 'support', number: '+1415555' }));
    expect(errors(short.diagnostics).map((d) => d.attribute)).toEqual([path('number')]);

    const nothing = await unconfigured.validateResourceConfig(PHONE, config(PHONE, { key: 'support' }));
    expect(errors(nothing.diagnostics).map((d) => [d.attribute, d.summary])).toEqual([[path('number'), 'say which number to buy']]);

    const badKey = await unconfigured.validateResourceConfig(PHONE, config(PHONE, { key: 'my support line', number: '+14155550100' }));
    expect(errors(badKey.diagnostics).map((d) => d.attribute)).toEqual([path('key')]);

    const nested = await unconfigured.validateResourceConfig(PHONE, config(PHONE, { key: 'x', search: { country: 'US', patterns: { contains: 'HE-LP' } } }));
    expect(errors(nested.diagnostics)[0].attribute).toEqual(path('search', 'patterns', 'contains'));
  });

  it('leaves values known only after apply out of the checks', async () => {
    const fromResource = await provider.validateResourceConfig(PHONE, config(PHONE, { key: UNKNOWN, search: { country: UNKNOWN, area_code: '415' }, emergency_address: UNKNOWN }));
    expect(errors(fromResource.diagnostics)).toEqual([]);
    const wholeSearch = await provider.validateResourceConfig(PHONE, config(PHONE, { key: 'k', search: UNKNOWN }));
    expect(errors(wholeSearch.diagnostics)).toEqual([]);
    // Known problems are still reported next to unknown values.
    const mixed = await provider.validateResourceConfig(PHONE, config(PHONE, { key: 'k', search: { country: 'UK' }, emergency_address: UNKNOWN }));
    expect(errors(mixed.diagnostics).map((d) => d.attribute)).toEqual([path('search', 'country')]);
  });

  it('fails the plan of a bad configuration with the attribute path, and buys nothing', async () => {
    const before = await ownedNumbers();
    const p = await plan(PHONE, null, config(PHONE, { key: 'bad', search: { country: 'UK', area_code: '415' } }));
    expect(p.planned).toBeNull();
    expect(errors(p.diagnostics)[0].attribute).toEqual(path('search', 'country'));
    expect(await ownedNumbers()).toEqual(before);
  });
});

describe('the lifecycle of a support line', () => {
  const supportConfig: Written = {
    key: 'support',
    search: { country: 'US', area_code: '415', capabilities: ['voice'] },
    friendly_name: 'Support line',
    voice: { url: 'https://example.com/voice' },
  };
  let state: TfObject;
  let hqState: TfObject;

  it('plans a create with the defaults filled in and every computed value unknown', async () => {
    const p = await plan(PHONE, null, config(PHONE, supportConfig));
    expect(p.action).toBe('create');
    const planned = p.planned!;
    for (const computed of ['id', 'sid', 'e164', 'country', 'region', 'capabilities', 'monthly_price', 'carrier_friendly_name', 'emergency_status']) {
      expect(planned[computed]).toBe(UNKNOWN);
    }
    expect(planned.key).toBe('support');
    expect(planned.retain_on_delete).toBe(false);
    expect(planned.search).toMatchObject({
      country: 'US', area_code: '415', capabilities: ['voice'], type: 'local', exclude_address_required: 'none', max_pages: 20,
      patterns: { vanity: null, sequence: null, prefix: null, suffix: null, contains: null, regex: null }, near: null,
    });
    expect(planned.voice).toEqual({ url: 'https://example.com/voice', method: 'POST', fallback_url: null, fallback_method: 'POST', status_callback: null, status_callback_method: 'POST' });
  });

  it('buys the number on apply, marked with a tag derived from the workspace and the key', async () => {
    const result = await up(PHONE, null, config(PHONE, supportConfig));
    expect(result.action).toBe('create');
    state = result.state;
    expect(state.id).toMatch(/^PN[0-9a-f]{32}$/);
    expect(state.sid).toBe(state.id);
    expect(state.e164).toMatch(/^\+1415/);
    expect(state).toMatchObject({ country: 'US', region: 'CA', type: 'local', status: 'in-use', currency: 'USD', retain_on_delete: false, key: 'support' });
    expect(state.capabilities).toMatchObject({ voice: true });
    expect(state.monthly_price).toBeGreaterThan(0);
    const expectedTag = purchaseTag(identityKey({ type: PHONE, name: 'support', urn: `terraform:staging:${PHONE}:support` }));
    expect(readMarker(String(state.carrier_friendly_name))).toEqual({ name: 'Support line', tag: expectedTag });
    const carrier = await t.client.incomingPhoneNumbers(String(state.id)).fetch();
    expect(carrier.voiceUrl).toBe('https://example.com/voice');
  });

  it('plans no changes for the same configuration', async () => {
    const p = await plan(PHONE, state, config(PHONE, supportConfig));
    expect(p.action).toBe('noop');
    expect(p.planned).toEqual(state);
    expect(p.requiresReplace).toEqual([]);
  });

  it('plans criteria the number still fits as an update that keeps every computed value', async () => {
    const p = await plan(PHONE, state, config(PHONE, { ...supportConfig, search: { country: 'US', area_code: '415', capabilities: ['voice'], region: 'California' } }));
    expect(p.action).toBe('update');
    expect(p.requiresReplace).toEqual([]);
    expect(p.planned!.e164).toBe(state.e164);
    expect(p.planned!.carrier_friendly_name).toBe(state.carrier_friendly_name);
  });

  it('plans a new area code as a replacement of `search`', async () => {
    const p = await plan(PHONE, state, config(PHONE, { ...supportConfig, search: { country: 'US', area_code: '628' } }));
    expect(p.requiresReplace).toEqual([path('search')]);
    expect(p.action).toBe('replace');
    expect(p.planned!.e164).toBe(UNKNOWN);
  });

  it('fails the plan of a replacement that would find nothing to buy, on `search`, keeping the number', async () => {
    const p = await plan(PHONE, state, config(PHONE, { ...supportConfig, search: { country: 'US', area_code: '628', contains: '9999999$', max_pages: 2 } }));
    expect(p.action).toBe('error');
    const [diagnostic] = errors(p.diagnostics);
    expect(diagnostic.attribute).toEqual(path('search'));
    expect(diagnostic.summary).toContain('the replacement cannot go ahead: no available number matches the search');
    expect(diagnostic.detail).toContain(`nothing was changed, and ${String(state.e164)} is kept`);
  });

  it('plans criteria that are unknown until apply as a possible replacement, since only then can they be judged', async () => {
    const p = await plan(PHONE, state, config(PHONE, { ...supportConfig, search: { country: 'US', area_code: UNKNOWN, capabilities: ['voice'] } }));
    expect(p.requiresReplace).toEqual([path('search')]);
    expect(p.action).toBe('replace');
  });

  it('ignores a new key on its own, and records it with the next change', async () => {
    const rekeyed = await plan(PHONE, state, config(PHONE, { ...supportConfig, key: 'support-line' }));
    expect(rekeyed.action).toBe('noop');
    expect(rekeyed.planned!.key).toBe('support');
    const withChange = await plan(PHONE, state, config(PHONE, { ...supportConfig, key: 'support-line', retain_on_delete: true }));
    expect(withChange.action).toBe('update');
    expect(withChange.planned).toMatchObject({ key: 'support-line', retain_on_delete: true, carrier_friendly_name: state.carrier_friendly_name });
  });

  it('renames in place: only the carrier name is unknown in the plan, and the marker stays', async () => {
    const renamed = { ...supportConfig, friendly_name: 'Help desk' };
    const p = await plan(PHONE, state, config(PHONE, renamed));
    expect(p.action).toBe('update');
    expect(p.requiresReplace).toEqual([]);
    expect(p.planned!.carrier_friendly_name).toBe(UNKNOWN);
    expect(p.planned!.e164).toBe(state.e164);
    expect(p.planned!.emergency_status).toBe(state.emergency_status);
    const after = await apply(PHONE, state, p.planned, config(PHONE, renamed));
    expect(readMarker(String(after!.carrier_friendly_name))).toEqual({ name: 'Help desk', tag: readMarker(String(state.carrier_friendly_name)).tag });
    state = after!;
    Object.assign(supportConfig, renamed);
    expect((await plan(PHONE, state, config(PHONE, supportConfig))).action).toBe('noop');
  });

  it('plans an emergency address from a resource not yet created as unknown, then registers it', async () => {
    const withAddress: Written = { ...supportConfig, emergency_address: UNKNOWN };
    const p = await plan(PHONE, state, config(PHONE, withAddress));
    expect(p.action).toBe('update');
    expect(p.requiresReplace).toEqual([]);
    expect(p.planned!.emergency_address).toBe(UNKNOWN);
    expect(p.planned!.emergency_status).toBe(UNKNOWN);
    expect(p.planned!.e164).toBe(state.e164);

    const hq = await up(ADDRESS, null, config(ADDRESS, { key: 'hq', customer_name: 'Acme Inc', street: '548 Market St', city: 'San Francisco', region: 'CA', postal_code: '94104', country: 'us' }));
    expect(hq.state.id).toMatch(/^AD[0-9a-f]{32}$/);
    // The state keeps the country as written; the handler saw "US".
    expect(hq.state.country).toBe('us');
    expect((await plan(ADDRESS, hq.state, config(ADDRESS, { key: 'hq', customer_name: 'Acme Inc', street: '548 Market St', city: 'San Francisco', region: 'CA', postal_code: '94104', country: 'US' }))).action).toBe('noop');

    const known = { ...supportConfig, emergency_address: String(hq.state.sid) };
    const registered = await up(PHONE, state, config(PHONE, known));
    expect(registered.action).toBe('update');
    expect(registered.state.emergency_status).toBe('Active');
    state = registered.state;
    hqState = hq.state;
    Object.assign(supportConfig, known);
  });

  it('shows a webhook changed in the console as drift on refresh, keeping everything else as written', async () => {
    await t.client.incomingPhoneNumbers(String(state.id)).update({ voiceUrl: 'https://console.example/changed' });
    const refreshed = (await refresh(PHONE, state))!;
    expect((refreshed.voice as TfObject).url).toBe('https://console.example/changed');
    expect(refreshed.search).toEqual(state.search);
    expect(refreshed.friendly_name).toBe('Help desk');
    expect(refreshed.key).toBe('support');
    const back = await up(PHONE, refreshed, config(PHONE, supportConfig));
    expect(back.action).toBe('update');
    expect((back.state.voice as TfObject).url).toBe('https://example.com/voice');
    expect((await t.client.incomingPhoneNumbers(String(state.id)).fetch()).voiceUrl).toBe('https://example.com/voice');
    state = back.state;
  });

  it('refuses a second resource with the same key in the next walk, before buying', async () => {
    expect((await plan(PHONE, state, config(PHONE, supportConfig))).action).toBe('noop');
    const before = await ownedNumbers();
    const twin = await plan(PHONE, null, config(PHONE, { key: 'support', search: { country: 'US', area_code: '415' } }));
    expect(errors(twin.diagnostics)).toHaveLength(1);
    expect(errors(twin.diagnostics)[0]).toMatchObject({ attribute: path('key'), summary: expect.stringContaining(`key "support" is already used by the ${PHONE} that owns ${String(state.id)}`) });
    expect(await ownedNumbers()).toEqual(before);
  });

  it('releases the number on destroy, after which its emergency address can go too', async () => {
    const p = await plan(PHONE, state, null);
    expect(p.planned).toBeNull();
    // Terraform destroys the number first: it depends on the address.
    const early = await provider.applyResourceChange({ typeName: ADDRESS, priorState: hqState, plannedState: null, config: null, plannedPrivate: NO_PRIVATE });
    expect(errors(early.diagnostics)[0].summary).toContain('cannot be deleted');
    expect(early.newState).toEqual(hqState);
    await apply(PHONE, state, null, null);
    expect(await ownedNumbers()).not.toContain(state.e164);
    await apply(ADDRESS, hqState, null, null);
    expect((await t.client.addresses.list({ pageSize: 1000 })).map((a) => a.sid)).not.toContain(hqState.sid);
  });
});

describe('replacing a number', () => {
  it('releases the old number first, then buys one that fits, with consistent results at every step', async () => {
    const first = await up(PHONE, null, config(PHONE, { key: 'moving', search: { country: 'US', area_code: '212' }, friendly_name: 'Moving' }));
    await configure(provider);
    const moved = await up(PHONE, first.state, config(PHONE, { key: 'moving', search: { country: 'US', area_code: '646' }, friendly_name: 'Moving' }));
    expect(moved.action).toBe('replace');
    expect(moved.state.e164).toMatch(/^\+1646/);
    expect(moved.state.id).not.toBe(first.state.id);
    expect(readMarker(String(moved.state.carrier_friendly_name)).tag).toBe(readMarker(String(first.state.carrier_friendly_name)).tag);
    const owned = await ownedNumbers();
    expect(owned).not.toContain(first.state.e164);
    expect(owned).toContain(moved.state.e164);
    await apply(PHONE, moved.state, null, null);
  });

  it('plans a create whose emergency address comes from a resource not yet created', async () => {
    const p = await plan(PHONE, null, config(PHONE, { key: 'new-line', search: { country: 'US', area_code: '212' }, emergency_address: UNKNOWN }));
    expect(p.action).toBe('create');
    expect(p.planned).toMatchObject({ emergency_address: UNKNOWN, emergency_status: UNKNOWN, key: 'new-line' });
  });
});

describe('emergency addresses', () => {
  it('plans a street change in place, with the validation results unknown until Twilio validates it again', async () => {
    const written = { key: 'branch', customer_name: 'Acme Inc', street: '1 Main St', city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' };
    const created = await up(ADDRESS, null, config(ADDRESS, written));
    expect(created.state).toMatchObject({ emergency_enabled: true, street_secondary: null, friendly_name: null });
    const p = await plan(ADDRESS, created.state, config(ADDRESS, { ...written, street: '2 Main St' }));
    expect(p.action).toBe('update');
    expect(p.planned).toMatchObject({ validated: UNKNOWN, verified: UNKNOWN, sid: created.state.sid, carrier_friendly_name: created.state.carrier_friendly_name });
    const updated = await apply(ADDRESS, created.state, p.planned, config(ADDRESS, { ...written, street: '2 Main St' }));
    expect(updated!.street).toBe('2 Main St');
    await configure(provider);
    expect((await plan(ADDRESS, created.state, config(ADDRESS, { ...written, country: 'CA' }))).requiresReplace).toEqual([path('country')]);
    await apply(ADDRESS, updated, null, null);
  });
});

describe('numbers written by hand', () => {
  it('keeps the number as written in the state and plans no change for another spelling of it', async () => {
    const [available] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    const e164 = available.phoneNumber;
    const written = `+1 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
    const cfg = config(PHONE, { key: 'pinned', number: written });
    const created = await up(PHONE, null, cfg);
    expect(created.state.number).toBe(written);
    expect(created.state.e164).toBe(e164);
    expect((await plan(PHONE, created.state, cfg)).action).toBe('noop');
    expect((await plan(PHONE, created.state, config(PHONE, { key: 'pinned', number: e164 }))).action).toBe('noop');
    const refreshed = (await refresh(PHONE, created.state))!;
    expect(refreshed.number).toBe(written);
    await apply(PHONE, created.state, null, null);
  });
});

describe('importing numbers the account already owns', () => {
  it('imports by SID and by E.164, so that a matching configuration plans no changes', async () => {
    const bought = await t.client.incomingPhoneNumbers.create({ areaCode: '305', friendlyName: 'Bought by hand', voiceUrl: 'https://example.com/hand' });
    for (const id of [bought.sid, bought.phoneNumber]) {
      const result = await provider.importResourceState(PHONE, id);
      expect(errors(result.diagnostics)).toEqual([]);
      expect(result.importedResources).toHaveLength(1);
      const imported = result.importedResources[0];
      expect(imported.typeName).toBe(PHONE);
      expect(imported.state).toMatchObject({ id: bought.sid, key: bought.sid, number: bought.phoneNumber, friendly_name: 'Bought by hand', retain_on_delete: false });
      expect((imported.state.voice as TfObject).url).toBe('https://example.com/hand');
      // Terraform reads an imported resource before it plans.
      const read = (await refresh(PHONE, imported.state))!;
      const cfg = config(PHONE, { key: 'front-desk', number: bought.phoneNumber, friendly_name: 'Bought by hand', voice: { url: 'https://example.com/hand' } });
      const p = await plan(PHONE, read, cfg);
      expect(p.action).toBe('noop');
    }
    const missing = await provider.importResourceState(PHONE, '+14155550000');
    expect(errors(missing.diagnostics)[0].summary).toContain('not a number of this Twilio account');
  });
});

describe('one key, one resource', () => {
  it('fails the second of two creates with one key in a plan, naming count.index', async () => {
    const cfg = config(PHONE, { key: 'dup', search: { country: 'US', area_code: '646' } });
    const first = await plan(PHONE, null, cfg);
    expect(errors(first.diagnostics)).toEqual([]);
    const second = await plan(PHONE, null, cfg);
    const [problem] = errors(second.diagnostics);
    expect(problem.attribute).toEqual(path('key'));
    expect(problem.summary).toBe(`two ${PHONE} resources use key "dup"`);
    expect(problem.detail).toContain('count.index');
  });

  it('fails the second of two applies with one key, after buying only one number', async () => {
    const cfg = config(PHONE, { key: 'twin', search: { country: 'US', area_code: '646' } });
    const planned = (await plan(PHONE, null, cfg)).planned;
    const before = (await ownedNumbers()).length;
    const first = await provider.applyResourceChange({ typeName: PHONE, priorState: null, plannedState: planned, config: cfg, plannedPrivate: NO_PRIVATE });
    expect(errors(first.diagnostics)).toEqual([]);
    const second = await provider.applyResourceChange({ typeName: PHONE, priorState: null, plannedState: planned, config: cfg, plannedPrivate: NO_PRIVATE });
    expect(errors(second.diagnostics)[0]).toMatchObject({ attribute: path('key'), summary: `two ${PHONE} resources use key "twin"` });
    expect(second.newState).toBeNull();
    expect((await ownedNumbers()).length).toBe(before + 1);
    await configure(provider);
    await apply(PHONE, first.newState, null, null);
  });

  it('refuses to create with the key of a resource this walk destroys', async () => {
    const cfg = config(PHONE, { key: 'moved', search: { country: 'US', area_code: '718' } });
    const old = (await up(PHONE, null, cfg)).state;
    await configure(provider);
    expect((await plan(PHONE, old, null)).planned).toBeNull();
    const renamed = await plan(PHONE, null, cfg);
    expect(errors(renamed.diagnostics)[0]).toMatchObject({ attribute: path('key'), summary: `key "moved" belongs to ${String(old.id)}, which this run destroys` });
    expect(errors(renamed.diagnostics)[0].detail).toContain('moved');
    await apply(PHONE, old, null, null);
  });
});

describe('data sources', () => {
  const data = (typeName: string, written: Written) => objectOf(attributesOf(typeName, 'data'), written);

  it('lists available numbers with prices, keeping the configuration and filling its defaults', async () => {
    const result = await provider.readDataSource('didops_available_numbers', data('didops_available_numbers', { country: 'US', area_code: '415', limit: 3 }));
    expect(errors(result.diagnostics)).toEqual([]);
    const state = result.state!;
    expect(state).toMatchObject({ country: 'US', area_code: '415', limit: 3, rank: 'carrier', currency: 'USD', type: 'local', stopped_because: 'limit' });
    const numbers = state.numbers as TfObject[];
    expect(numbers).toHaveLength(3);
    for (const n of numbers) {
      expect(n.phone_number).toMatch(/^\+1415/);
      expect(n.monthly_price).toBeGreaterThan(0);
      expect(n).toMatchObject({ iso_country: 'US', type: 'local', setup_price: 0, currency: 'USD' });
      expect(Object.keys(n.capabilities as TfObject).sort()).toEqual(['fax', 'mms', 'sms', 'voice']);
    }
    expect(state.examined).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad criteria with the attribute path at validation', async () => {
    const uk = await provider.validateDataResourceConfig('didops_available_numbers', data('didops_available_numbers', { country: 'UK' }));
    expect(errors(uk.diagnostics)[0].attribute).toEqual(path('country'));
    const unknown = await provider.validateDataResourceConfig('didops_available_numbers', data('didops_available_numbers', { country: UNKNOWN, area_code: '415' }));
    expect(errors(unknown.diagnostics)).toEqual([]);
    const price = await provider.validateDataResourceConfig('didops_number_pricing', data('didops_number_pricing', { country: 'UK' }));
    expect(errors(price.diagnostics)[0]).toMatchObject({ attribute: path('country'), detail: expect.stringContaining('GB') });
  });

  it('prices a number type in minor units', async () => {
    const result = await provider.readDataSource('didops_number_pricing', data('didops_number_pricing', { country: 'US' }));
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.state).toMatchObject({ country: 'US', type: 'local', currency: 'USD', setup_price: 0 });
    expect(result.state!.monthly_price).toBeGreaterThan(0);
    const tollFree = await provider.readDataSource('didops_number_pricing', data('didops_number_pricing', { country: 'US', type: 'tollFree' }));
    expect(tollFree.state!.monthly_price).toBeGreaterThan(0);
  });
});

describe('stored state', () => {
  it('upgrades a version-0 state, filling attributes it lacks with null', async () => {
    const stored = JSON.stringify({ id: 'PN0123456789abcdef0123456789abcdef', key: 'old', number: '+14155550100', voice: { url: 'https://example.com' }, gone: 1 });
    const result = await provider.upgradeResourceState(PHONE, 0, stored);
    expect(errors(result.diagnostics)).toEqual([]);
    const state = result.upgradedState!;
    expect(Object.keys(state).sort()).toEqual(attributesOf(PHONE).map((a) => a.name).sort());
    expect(state).toMatchObject({ id: 'PN0123456789abcdef0123456789abcdef', key: 'old', number: '+14155550100', search: null, retain_on_delete: null });
    expect(state.voice).toEqual({ url: 'https://example.com', method: null, fallback_url: null, fallback_method: null, status_callback: null, status_callback_method: null });
    const newer = await provider.upgradeResourceState(PHONE, 1, stored);
    expect(errors(newer.diagnostics)[0].summary).toContain('schema version 1');
  });

  it('forgets a number released outside Terraform on refresh', async () => {
    const created = (await up(PHONE, null, config(PHONE, { key: 'ephemeral', search: { country: 'US', area_code: '212' } }))).state;
    await t.client.incomingPhoneNumbers(String(created.id)).remove();
    expect(await refresh(PHONE, created)).toBeNull();
  });
});
