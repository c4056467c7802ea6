/** The ownership marker and the "does the owned number still fit" rules, on their own. */
import { MARKER_LENGTH, purchaseTag, readMarker, withMarker } from '../../src/carriers/ownership-marker';
import { unmetRequirements, type OwnedNumberFacts } from '../../src/resources/phone-number/number-fit';
import { phoneNumberInputsSchema } from '../../src/resources/phone-number/model';

const owned: OwnedNumberFacts = {
  sid: `PN${'a'.repeat(32)}`,
  e164: '+14155557777',
  country: 'US',
  type: 'local',
  region: 'CA',
  locality: 'San Francisco',
  postalCode: '94105',
  capabilities: { voice: true, sms: true, mms: false, fax: false },
  addressRequirements: 'none',
};
const search = (s: unknown) => phoneNumberInputsSchema.parse({ search: s });

describe('the ownership marker', () => {
  it('is derived from the resource alone, the same on every run and different per resource', () => {
    const a = purchaseTag('urn:pulumi:prod::shop::didops:PhoneNumber::support');
    expect(a).toMatch(/^[a-z2-7]{12}$/);
    expect(purchaseTag('urn:pulumi:prod::shop::didops:PhoneNumber::support')).toBe(a);
    expect(purchaseTag('urn:pulumi:dev::shop::didops:PhoneNumber::support')).not.toBe(a);
  });

  it('rides at the end of the FriendlyName and comes off again', () => {
    const name = withMarker('Support line', 'abcdefghijkl');
    expect(name).toBe('Support line [didops:abcdefghijkl]');
    expect(readMarker(name)).toEqual({ name: 'Support line', tag: 'abcdefghijkl' });
    expect(readMarker('(415) 555-7777')).toEqual({ name: '(415) 555-7777' });
    // A user's own brackets are not mistaken for a marker.
    expect(readMarker('Sales [didops:short]')).toEqual({ name: 'Sales [didops:short]' });
  });

  it('always fits Twilio’s 64 characters', () => {
    expect(withMarker('x'.repeat(100), 'abcdefghijkl')).toHaveLength(64);
    expect(MARKER_LENGTH).toBe(22);
  });
});

describe('whether the owned number still fits', () => {
  const fits = (s: unknown) => unmetRequirements(owned, search(s), { unknownFits: false });

  it('accepts criteria the number satisfies, however they are written', () => {
    expect(fits({ country: 'US' })).toEqual([]);
    expect(fits({ country: 'us', region: 'California', areaCode: '415', locality: 'san francisco', capabilities: ['voice', 'sms'] })).toEqual([]);
    expect(fits({ country: 'US', contains: 'PS' })).toEqual([]); // PS is 77 on the keypad
    expect(fits({ country: 'US', patterns: { suffix: '7777' } })).toEqual([]);
  });

  it('says in words why a number no longer fits', () => {
    expect(fits({ country: 'US', areaCode: '628' })).toEqual(['it is not in area code 628']);
    expect(fits({ country: 'US', capabilities: ['fax'] })).toEqual(['it has no fax capability']);
    expect(fits({ country: 'US', contains: 'HELP' })).toEqual(['it does not match: matches Contains "HELP"']);
    expect(fits({ country: 'CA' })[0]).toBe('it is in US, not CA');
    expect(fits({ country: 'US', type: 'tollFree' })).toContain('it is a local number, not tollFree');
  });

  it('replaces when a criterion cannot be confirmed, unless adopting a number this resource bought', () => {
    const near = search({ country: 'US', near: { latitude: 37.7, longitude: -122.4 } });
    expect(unmetRequirements(owned, near, { unknownFits: false })).toEqual(['its distance from `near` cannot be confirmed']);
    expect(unmetRequirements(owned, near, { unknownFits: true })).toEqual([]);
    const unknownCity = { ...owned, locality: null };
    expect(unmetRequirements(unknownCity, search({ country: 'US', locality: 'Oakland' }), { unknownFits: false })).toHaveLength(1);
    expect(unmetRequirements(unknownCity, search({ country: 'US', locality: 'Oakland' }), { unknownFits: true })).toEqual([]);
  });

  it('compares an exact number or an adopted SID directly', () => {
    expect(unmetRequirements(owned, { number: '+14155557777' as never }, { unknownFits: false })).toEqual([]);
    expect(unmetRequirements(owned, { adopt: owned.sid }, { unknownFits: false })).toEqual([]);
    expect(unmetRequirements(owned, { adopt: '+14155550000' }, { unknownFits: false })[0]).toContain('not +14155550000');
  });
});
