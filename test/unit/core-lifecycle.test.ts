import { z } from 'zod';
import {
  NotFoundError,
  deepEqual,
  describeFieldRules,
  diffFields,
  e164Schema,
  identityKey,
  idempotencyKey,
  ignoresChanges,
  requiresReplace,
  requiresReplaceIf,
  supportsImport,
  updatesInPlace,
  zodIssuesToDiagnostics,
  type E164,
  type FieldRule,
  type ResourceHandler,
} from '../../src/core';

// A toy number resource, written the way real handlers in src/resources are meant to be.
const toyInputsSchema = z.strictObject({
  phoneNumber: e164Schema,
  friendlyName: z.string().optional(),
  voiceUrl: z.url().optional(),
});
type ToyInputs = z.output<typeof toyInputsSchema>;
interface ToyOutputs {
  sid: string;
  phoneNumber: E164;
  friendlyName: string;
  voiceUrl?: string;
}

const toyRules: readonly FieldRule[] = [
  requiresReplace('phoneNumber', 'a bought number cannot become another number; didops buys the new one, then releases the old'),
  updatesInPlace('friendlyName', 'renamed in the Twilio console', { unsetKeepsCurrent: true }),
  updatesInPlace('voiceUrl', 'calls go to the new URL within seconds'),
];

/** In-memory "carrier" so the handler can be exercised end to end. */
function toyHandler(carrier = new Map<string, ToyOutputs>()) {
  let nextSid = 1;
  return {
    fieldRules: toyRules,
    async check({ news }) {
      const result = toyInputsSchema.safeParse(news);
      return result.success ? { inputs: result.data, failures: [] } : { failures: zodIssuesToDiagnostics(result.error) };
    },
    async diff({ olds, news }) {
      return diffFields(olds, news, toyRules);
    },
    async create({ inputs, preview, identity }) {
      const friendlyName = inputs.friendlyName ?? idempotencyKey({ resource: identityKey(identity), operation: 'create', inputs });
      if (preview) return { id: '', outputs: { sid: '', phoneNumber: inputs.phoneNumber, friendlyName }, unknowns: ['sid'] };
      // Idempotent: a re-run after a crash finds the number the first run bought.
      for (const existing of carrier.values()) {
        if (existing.friendlyName === friendlyName) return { id: existing.sid, outputs: existing };
      }
      const sid = `PN${String(nextSid++).padStart(32, '0')}`;
      const outputs: ToyOutputs = { sid, phoneNumber: inputs.phoneNumber, friendlyName, voiceUrl: inputs.voiceUrl };
      carrier.set(sid, outputs);
      return { id: sid, outputs };
    },
    async read({ id }) {
      const found = carrier.get(id);
      return found ? { id, outputs: found } : null;
    },
    async update({ id, olds, news, preview }) {
      const outputs: ToyOutputs = { ...olds, friendlyName: news.friendlyName ?? olds.friendlyName, voiceUrl: news.voiceUrl };
      if (!preview) carrier.set(id, outputs);
      return { outputs };
    },
    async delete({ id }) {
      carrier.delete(id); // already gone is fine: delete must be safe to repeat
    },
    async import({ id }) {
      const found = carrier.get(id);
      if (!found) throw new NotFoundError({ summary: `${id} is not a number in this account`, field: 'id' });
      return { id, outputs: found, inputs: { phoneNumber: found.phoneNumber, friendlyName: found.friendlyName, voiceUrl: found.voiceUrl } };
    },
  } satisfies ResourceHandler<ToyInputs, ToyOutputs>;
}

const identity = { type: 'didops:index:PhoneNumber', name: 'support' };

describe('a resource handler written against the lifecycle types', () => {
  it('checks raw input and reports the bad field with the fix', async () => {
    const handler = toyHandler();
    const bad = await handler.check({ news: { phoneNumber: '4155550100', colour: 'red' } });
    expect(bad.inputs).toBeUndefined();
    expect(bad.failures.map((f) => f.field)).toEqual(['phoneNumber', 'colour']);
    const good = await handler.check({ news: { phoneNumber: '+1 415 555 0100' } });
    expect(good).toEqual({ inputs: { phoneNumber: '+14155550100' }, failures: [] });
  });

  it('buys the number once and finds it again on a re-run after a crash', async () => {
    const carrier = new Map<string, ToyOutputs>();
    const inputs = { phoneNumber: '+14155550100' as E164 };
    const first = await toyHandler(carrier).create({ inputs, preview: false, identity });
    const rerun = await toyHandler(carrier).create({ inputs, preview: false, identity });
    expect(rerun.id).toBe(first.id);
    expect(carrier.size).toBe(1);
  });

  it('returns early on preview without touching the carrier', async () => {
    const carrier = new Map<string, ToyOutputs>();
    const planned = await toyHandler(carrier).create({ inputs: { phoneNumber: '+14155550100' as E164 }, preview: true, identity });
    expect(planned).toMatchObject({ id: '', unknowns: ['sid'] });
    expect(carrier.size).toBe(0);
  });

  it('reads a released number as gone, and deleting it twice is fine', async () => {
    const handler = toyHandler();
    const { id, outputs } = await handler.create({ inputs: { phoneNumber: '+14155550100' as E164 }, preview: false, identity });
    const state = { ...outputs };
    await handler.delete({ id, state });
    await handler.delete({ id, state });
    expect(await handler.read({ id, state })).toBeNull();
  });

  it('advertises import only when the handler implements it', async () => {
    const handler = toyHandler();
    expect(supportsImport(handler)).toBe(true);
    const { import: _ignored, ...withoutImport } = handler;
    expect(supportsImport(withoutImport)).toBe(false);
    await expect(handler.import({ id: 'PNmissing' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('diffFields turns a rules table into a preview the user can read', () => {
  const olds = { sid: 'PN1', phoneNumber: '+14155550100', friendlyName: 'didops-create-abc', voiceUrl: 'https://a.example/voice' };

  it('reports no changes when nothing the user controls changed', () => {
    const diff = diffFields(olds, { phoneNumber: '+14155550100', voiceUrl: 'https://a.example/voice' }, toyRules);
    expect(diff).toEqual({ changes: false, replaces: [], updates: [], explanation: [] });
  });

  it('replaces the resource when the number changes, and says why in plain words', () => {
    const diff = diffFields(olds, { phoneNumber: '+16285550100', voiceUrl: 'https://a.example/voice' }, toyRules);
    expect(diff.replaces).toEqual(['phoneNumber']);
    expect(diff.updates).toEqual([]);
    expect(diff.explanation[0]).toBe(
      'phoneNumber: "+14155550100" → "+16285550100" (replace) Changing `phoneNumber` replaces the resource: a bought number cannot become another number; didops buys the new one, then releases the old.',
    );
    expect(diff.deleteBeforeReplace).toBeUndefined();
  });

  it('updates in place when only the voice URL changes, and notices when it is removed', () => {
    expect(diffFields(olds, { phoneNumber: '+14155550100', voiceUrl: 'https://b.example/voice' }, toyRules).updates).toEqual(['voiceUrl']);
    const removed = diffFields(olds, { phoneNumber: '+14155550100' }, toyRules);
    expect(removed.updates).toEqual(['voiceUrl']);
    expect(removed.explanation).toEqual(['voiceUrl: "https://a.example/voice" → (unset) (update in place)']);
  });

  it('leaves a carrier-chosen friendly name alone while the input is unset', () => {
    const diff = diffFields(olds, { phoneNumber: '+14155550100', voiceUrl: 'https://a.example/voice', friendlyName: 'Support' }, toyRules);
    expect(diff.updates).toEqual(['friendlyName']);
  });

  it('treats unlisted input fields as updates by default, deep-equality aware', () => {
    const oldsWithTags = { ...olds, tags: { team: 'support', cost: { centre: 'x' } } };
    const same = diffFields(oldsWithTags, { phoneNumber: '+14155550100', voiceUrl: 'https://a.example/voice', tags: { cost: { centre: 'x' }, team: 'support' } }, toyRules);
    expect(same.changes).toBe(false);
    const changed = diffFields(oldsWithTags, { phoneNumber: '+14155550100', voiceUrl: 'https://a.example/voice', tags: { team: 'sales', cost: { centre: 'x' } } }, toyRules);
    expect(changed.updates).toEqual(['tags']);
    const strict = diffFields(oldsWithTags, { phoneNumber: '+14155550100', voiceUrl: 'https://a.example/voice', tags: {} }, toyRules, { unlisted: 'replace' });
    expect(strict.replaces).toEqual(['tags']);
  });

  it('supports conditional replacement, nested fields, delete-before-replace and secrets', () => {
    const rules = [
      requiresReplaceIf(
        'address.country',
        (a, b) => a !== undefined,
        'it was already set',
        'emergency addresses cannot move country',
        { deleteBeforeReplace: true },
      ),
      updatesInPlace('authToken', undefined, { sensitive: true }),
      updatesInPlace('address.street'),
      ignoresChanges('lastSeen', 'it is informational'),
    ];
    const diff = diffFields(
      { address: { country: 'US', street: '1 Main' }, authToken: 'old-secret', lastSeen: 1 },
      { address: { country: 'CA', street: '2 Main' }, authToken: 'new-secret', lastSeen: 2 },
      rules,
    );
    expect(diff).toMatchObject({ changes: true, replaces: ['address.country'], updates: ['authToken', 'address.street'], deleteBeforeReplace: true });
    expect(diff.explanation.join('\n')).not.toContain('secret');
    const firstSet = diffFields({ address: {} }, { address: { country: 'CA' } }, rules);
    expect(firstSet.replaces).toEqual([]);
    expect(firstSet.updates).toEqual(['address.country']);
  });

  it('describes its rules for the generated docs', () => {
    expect(describeFieldRules(toyRules)).toEqual([
      'Changing `phoneNumber` replaces the resource: a bought number cannot become another number; didops buys the new one, then releases the old.',
      'Changing `friendlyName` updates the resource in place: renamed in the Twilio console.',
      'Changing `voiceUrl` updates the resource in place: calls go to the new URL within seconds.',
    ]);
  });
});

describe('deepEqual compares state the way it round-trips through JSON', () => {
  it('treats undefined fields as absent and compares arrays by position', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual(new Date(0), new Date(0))).toBe(true);
    expect(deepEqual(new Date(0), new Date(1))).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(0, -0)).toBe(true);
  });

  it('uses the URN as the identity key when the engine gives one', () => {
    expect(identityKey({ ...identity, urn: 'urn:pulumi:s::p::t::n' })).toBe('urn:pulumi:s::p::t::n');
    expect(identityKey(identity)).toBe('didops:index:PhoneNumber::support');
  });
});

describe('a rule on a nested field', () => {
  it('still notices a change to a sibling field no rule names', () => {
    const rules = [requiresReplace('address.country', 'numbers are tied to their country')];
    const olds = { address: { country: 'US', street: '1 Main St' } };
    const diff = diffFields(olds, { address: { country: 'US', street: '2 Main St' } }, rules);
    expect(diff.changes).toBe(true);
    expect(diff.updates).toEqual(['address']);
    expect(diff.replaces).toEqual([]);
    const replaced = diffFields(olds, { address: { country: 'CA', street: '1 Main St' } }, rules);
    expect(replaced.replaces).toEqual(['address.country']);
    expect(replaced.updates).toEqual([]);
  });
});
