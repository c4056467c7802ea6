/**
 * The core's one account of inputs not known yet (src/core/unknowns.ts), on the real handlers: what `check` leaves for
 * later, and what a plan says of a change nobody can see yet. Both adapters translate to this and nothing else.
 */
import { unconfiguredCarrierSet } from '../../src/carriers/carrier-set';
import { errorDiagnostic } from '../../src/core/diagnostics';
import {
  changeOfUnknown,
  checkKnown,
  containsUnknown,
  diffKnown,
  knownPart,
  markUnknowns,
  UNKNOWN,
  unknownFields,
  waitsForUnknowns,
} from '../../src/core/unknowns';
import { createEmergencyAddressHandler, EMERGENCY_ADDRESS_FIELD_RULES } from '../../src/resources/emergency-address';
import { createPhoneNumberHandler, PHONE_NUMBER_FIELD_RULES } from '../../src/resources/phone-number';

const carriers = unconfiguredCarrierSet();
const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('an engine’s unknowns, translated to the core’s marker', () => {
  it('are found at any depth, and a list holding one is unknown as a whole', () => {
    const given = markUnknowns({ number: PULUMI_UNKNOWN, voice: { url: PULUMI_UNKNOWN, method: 'GET' }, tags: ['x', PULUMI_UNKNOWN], retainOnDelete: false }, (v) => v === PULUMI_UNKNOWN) as Record<string, unknown>;
    expect(given).toEqual({ number: UNKNOWN, voice: { url: UNKNOWN, method: 'GET' }, tags: ['x', UNKNOWN], retainOnDelete: false });
    expect(containsUnknown(given.voice)).toBe(true);
    expect(unknownFields(given)).toEqual(['number', 'voice', 'tags']);
    expect(knownPart(given)).toEqual({ value: { voice: { method: 'GET' }, retainOnDelete: false }, unknownPaths: ['number', 'voice.url', 'tags'] });
  });
});

describe('which check problems wait for the unknown values', () => {
  const given = { search: { country: 'US', areaCode: UNKNOWN }, friendlyName: 'Support' };
  const problem = (field?: string) => errorDiagnostic('a problem', field ? { field } : {});

  it('one at, inside or around an unknown path, one with no field, and one about a field left unset', () => {
    expect(waitsForUnknowns(problem('search.areaCode'), ['search.areaCode'], given)).toBe(true);
    expect(waitsForUnknowns(problem('search'), ['search.areaCode'], given)).toBe(true);
    expect(waitsForUnknowns(problem(), ['search.areaCode'], given)).toBe(true);
    expect(waitsForUnknowns(problem('number'), ['search.areaCode'], given)).toBe(true);
  });

  it('but not one about a known value, nor anything once every value is known', () => {
    expect(waitsForUnknowns(problem('search.country'), ['search.areaCode'], given)).toBe(false);
    expect(waitsForUnknowns(problem('friendlyName'), ['search.areaCode'], given)).toBe(false);
    expect(waitsForUnknowns(problem(), [], given)).toBe(false);
  });
});

describe('checkKnown on the PhoneNumber handler', () => {
  const handler = createPhoneNumberHandler({ carriers });

  it('lets a number not known yet pass, and still refuses a bad known value beside it', async () => {
    expect(await checkKnown(handler, { news: { number: UNKNOWN } })).toMatchObject({ failures: [], unknownFields: ['number'] });
    const typo = await checkKnown(handler, { news: { number: UNKNOWN, retainOnDelete: 'yes' } });
    expect(typo.failures.map((d) => d.field)).toEqual(['retainOnDelete']);
  });

  it('with the recorded inputs standing in for the unknown ones, gives inputs a diff can compare', async () => {
    const checked = await checkKnown(handler, { news: { number: UNKNOWN, friendlyName: 'Support' }, substitute: { number: '+1 415 555 0100' } });
    expect(checked).toMatchObject({ inputs: { number: '+14155550100', friendlyName: 'Support' }, failures: [], unknownFields: ['number'] });
  });
});

describe('what a change not known yet does, by the handler’s rules', () => {
  it('a field that may replace replaces, with its rule’s delete-before-replace; any other is an update', () => {
    expect(changeOfUnknown(PHONE_NUMBER_FIELD_RULES, 'number')).toMatchObject({ replaces: true, deleteBeforeReplace: true });
    expect(changeOfUnknown(PHONE_NUMBER_FIELD_RULES, 'search')).toMatchObject({ replaces: true, deleteBeforeReplace: true });
    expect(changeOfUnknown(EMERGENCY_ADDRESS_FIELD_RULES, 'country')).toMatchObject({ replaces: true, deleteBeforeReplace: false });
    expect(changeOfUnknown(PHONE_NUMBER_FIELD_RULES, 'emergencyAddress')).toEqual({ replaces: false, deleteBeforeReplace: false, explanation: 'emergencyAddress: not known until apply (update in place)' });
    expect(changeOfUnknown(PHONE_NUMBER_FIELD_RULES, 'number').explanation).toMatch(/^number: not known until apply \(replace\) Changing `number` replaces the resource when/);
  });

  it('diffKnown adds it to the handler’s diff of the known fields, which may replace as well', async () => {
    const handler = createEmergencyAddressHandler({ carriers });
    const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
    const olds = { ...hq, sid: 'AD1', validated: true, verified: true, emergencyEnabled: true, carrierFriendlyName: 'hq [didops:aaaaaaaaaaaa]' };
    const streetUnknown = await diffKnown(handler, { id: 'AD1', olds, news: { ...hq, country: 'CA', street: UNKNOWN }, recorded: hq });
    expect(streetUnknown).toMatchObject({ changes: true, replaces: ['country'], updates: ['street'] });
    const nothingElse = await diffKnown(handler, { id: 'AD1', olds, news: { ...hq, street: UNKNOWN }, recorded: hq });
    expect(nothingElse).toMatchObject({ changes: true, replaces: [], updates: ['street'] });
  });

  it('when the known part fails check even so, compares what was written with the record, by the same rules', async () => {
    const handler = createEmergencyAddressHandler({ carriers });
    const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
    const news = { ...hq, customerName: '', country: 'CA', street: UNKNOWN };
    const diff = await diffKnown(handler, { id: 'AD1', olds: { ...hq, sid: 'AD1', validated: true, verified: true, emergencyEnabled: true, carrierFriendlyName: 'hq' }, news, recorded: hq });
    expect(diff).toMatchObject({ changes: true, replaces: ['country'], updates: ['customerName', 'street'] });
  });
});
