/**
 * The core's field-rule helpers (src/core/field-rules.ts) on the real handlers' rules tables: what they compare, what
 * they leave to a handler's own judgement, what they tell the docs. The contract every handler keeps as a whole is in
 * test/support/lifecycle-contract.ts.
 */
import {
  deepEqual,
  describeFieldRules,
  diffFields,
  identityKey,
  ignoresChanges,
  replaceRuleOf,
  requiresReplace,
  requiresReplaceIf,
  supportsImport,
  updatesInPlace,
} from '../../src/core';
import { unconfiguredCarrierSet } from '../../src/carriers/carrier-set';
import { createEmergencyAddressHandler, EMERGENCY_ADDRESS_FIELD_RULES } from '../../src/resources/emergency-address';
import { createPhoneNumberHandler, PHONE_NUMBER_FIELD_RULES } from '../../src/resources/phone-number';
import { createRoutingPlanHandler, ROUTING_PLAN_FIELD_RULES } from '../../src/resources/routing-plan';

const identity = { type: 'didops:index:PhoneNumber', name: 'support' };
const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };

describe('diffFields on the EmergencyAddress rules', () => {
  const olds = { ...hq, sid: 'AD1', validated: true, verified: true, emergencyEnabled: true, carrierFriendlyName: 'hq [didops:aaaaaaaaaaaa]' };

  it('reports no changes when nothing the user controls changed, outputs in the state notwithstanding', () => {
    expect(diffFields(olds, hq, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' })).toEqual({ changes: false, replaces: [], updates: [], explanation: [] });
  });

  it('replaces the address when the country changes, and says why in plain words', () => {
    const diff = diffFields(olds, { ...hq, country: 'CA' }, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' });
    expect(diff).toMatchObject({ changes: true, replaces: ['country'], updates: [] });
    expect(diff.explanation).toEqual([
      'country: "US" → "CA" (replace) Changing `country` replaces the resource: a carrier cannot move an address to another country; a new address is created and the old one deleted.',
    ]);
    expect(diff.deleteBeforeReplace).toBeUndefined();
  });

  it('updates a street in place, but not for a difference of case or spacing (the rule’s own equality)', () => {
    expect(diffFields(olds, { ...hq, street: '2 Main St' }, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' }).updates).toEqual(['street']);
    expect(diffFields(olds, { ...hq, street: ' 1  MAIN st' }, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' }).changes).toBe(false);
  });

  it('notices an optional field removed', () => {
    const removed = diffFields({ ...olds, streetSecondary: 'Floor 3' }, hq, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'ignore' });
    expect(removed.updates).toEqual(['streetSecondary']);
    expect(removed.explanation).toEqual(['streetSecondary: "Floor 3" → (unset) (update in place)']);
  });
});

describe('rules a handler judges itself (PhoneNumber’s number, search and adopt; RoutingPlan’s plan and name)', () => {
  const line = { number: '+14155550100', retainOnDelete: false, e164: '+14155550100', carrierFriendlyName: 'line [didops:aaaaaaaaaaaa]' };

  it('are left alone by diffFields: a new number is the handler’s to judge against what it owns', () => {
    expect(diffFields(line, { ...line, number: '+16285550100' }, PHONE_NUMBER_FIELD_RULES, { unlisted: 'ignore' }).changes).toBe(false);
    expect(diffFields(line, { ...line, friendlyName: 'Support' }, PHONE_NUMBER_FIELD_RULES, { unlisted: 'ignore' }).updates).toEqual(['friendlyName']);
  });

  it('still say which fields may replace, and that a number is released before the next is bought', () => {
    for (const field of ['number', 'search', 'adopt', 'search.areaCode']) {
      expect(replaceRuleOf(PHONE_NUMBER_FIELD_RULES, field)).toMatchObject({ effect: 'replace', judgedInDiff: true, deleteBeforeReplace: true });
    }
    expect(replaceRuleOf(PHONE_NUMBER_FIELD_RULES, 'voice')).toBeUndefined();
    expect(replaceRuleOf(EMERGENCY_ADDRESS_FIELD_RULES, 'country')?.deleteBeforeReplace).toBeUndefined();
    expect(ROUTING_PLAN_FIELD_RULES.map((rule) => replaceRuleOf(ROUTING_PLAN_FIELD_RULES, rule.field))).toEqual([undefined, undefined, undefined]);
  });

  it('RoutingPlan leaves only retainOnDelete to plain comparison', () => {
    const plan = { plan: { start: 'desk' }, retainOnDelete: false, friendlyName: 'Reception' };
    expect(diffFields(plan, { ...plan, plan: { start: 'menu' }, friendlyName: 'Front desk' }, ROUTING_PLAN_FIELD_RULES, { unlisted: 'ignore' }).changes).toBe(false);
    expect(diffFields(plan, { ...plan, retainOnDelete: true }, ROUTING_PLAN_FIELD_RULES, { unlisted: 'ignore' }).updates).toEqual(['retainOnDelete']);
  });

  it('describe themselves for the generated docs, each naming its field', () => {
    const lines = describeFieldRules(PHONE_NUMBER_FIELD_RULES);
    expect(lines.slice(0, 3)).toEqual([
      'Changing `number` replaces the resource when it names another number: a bought number cannot become another; the old one is released first, then the new one bought.',
      'Changing `search` replaces the resource when the owned number no longer satisfies the criteria: the old number is released first, then the first match bought.',
      'Changing `adopt` replaces the resource when it names another owned number: the old number is released first, then the other one taken over.',
    ]);
    for (const rules of [PHONE_NUMBER_FIELD_RULES, EMERGENCY_ADDRESS_FIELD_RULES, ROUTING_PLAN_FIELD_RULES]) {
      describeFieldRules(rules).forEach((line, i) => expect(line).toContain(`\`${rules[i].field}\``));
    }
  });
});

describe('the other rule helpers, on fields the real tables do not have yet', () => {
  it('support conditional replacement, nested fields, delete-before-replace, secrets and ignored fields', () => {
    const rules = [
      requiresReplaceIf('address.country', (a) => a !== undefined, 'it was already set', 'emergency addresses cannot move country', { deleteBeforeReplace: true }),
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
    expect(firstSet).toMatchObject({ replaces: [], updates: ['address.country'] });
    expect(replaceRuleOf(rules, 'address')?.field).toBe('address.country');
  });

  it('treat unlisted input fields as updates by default, deep-equality aware, or as replacements when told', () => {
    const olds = { ...hq, tags: { team: 'support', cost: { centre: 'x' } } };
    expect(diffFields(olds, { ...hq, tags: { cost: { centre: 'x' }, team: 'support' } }, EMERGENCY_ADDRESS_FIELD_RULES).changes).toBe(false);
    expect(diffFields(olds, { ...hq, tags: { team: 'sales', cost: { centre: 'x' } } }, EMERGENCY_ADDRESS_FIELD_RULES).updates).toEqual(['tags']);
    expect(diffFields(olds, { ...hq, tags: {} }, EMERGENCY_ADDRESS_FIELD_RULES, { unlisted: 'replace' }).replaces).toEqual(['tags']);
  });
});

describe('handlers advertise what they can do', () => {
  const carriers = unconfiguredCarrierSet();

  it('import, where the handler implements it', () => {
    expect(supportsImport(createPhoneNumberHandler({ carriers }))).toBe(true);
    expect(supportsImport(createEmergencyAddressHandler({ carriers }))).toBe(true);
    const { import: _ignored, ...withoutImport } = createPhoneNumberHandler({ carriers });
    expect(supportsImport(withoutImport)).toBe(false);
  });

  it('their field rules, the same table their diff uses', () => {
    expect(createPhoneNumberHandler({ carriers }).fieldRules).toBe(PHONE_NUMBER_FIELD_RULES);
    expect(createEmergencyAddressHandler({ carriers }).fieldRules).toBe(EMERGENCY_ADDRESS_FIELD_RULES);
    expect(createRoutingPlanHandler({ carriers }).fieldRules).toBe(ROUTING_PLAN_FIELD_RULES);
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
