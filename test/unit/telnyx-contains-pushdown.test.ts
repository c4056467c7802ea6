/**
 * The Contains pattern pushed down to Telnyx's starts_with / ends_with / contains: what is sent, and that no number
 * matching the pattern is ever filtered out by what is sent (didops checks the rest itself).
 */
import fc from 'fast-check';
import { describeNumberFilter, telnyxNumberFilter, type TelnyxNumberFilter } from '../../src/carriers/telnyx/number-pattern';
import { TelnyxAvailableNumbers } from '../../src/carriers/telnyx/available-numbers';
import { parseContainsPattern } from '../../src/search/contains-pattern';

/** Telnyx's semantics as documented: patterns apply to the national number, after the NDC when one is filtered on. */
function telnyxKeeps(e164: string, callingCode: string, filter: TelnyxNumberFilter | undefined, areaCode?: string): boolean {
  const national = e164.slice(1 + callingCode.length);
  if (areaCode && !national.startsWith(areaCode)) return false;
  const searched = areaCode ? national.slice(areaCode.length) : national;
  if (filter?.starts_with && !searched.startsWith(filter.starts_with)) return false;
  if (filter?.ends_with && !searched.endsWith(filter.ends_with)) return false;
  if (filter?.contains && !searched.includes(filter.contains)) return false;
  return true;
}

const US = { callingCode: '1' };

describe('the Telnyx pattern pushdown', () => {
  it.each([
    // anchored prefixes: the national digits after the country code
    ['+1415555', US, { starts_with: '415555' }],
    ['+14155550100$', US, { starts_with: '4155550100' }],
    ['+1415***', US, { starts_with: '415' }],
    // with an area code, starts_with continues after it
    ['+1415555', { ...US, areaCode: '415' }, { starts_with: '555' }],
    ['+1650555', { ...US, areaCode: '415' }, undefined],
    ['+1415', { ...US, areaCode: '415' }, undefined],
    ['+4420', { callingCode: '1' }, undefined],
    ['+1', US, undefined],
    // end anchors: ends_with, shortened to what is safe
    ['0100$', US, { ends_with: '0100' }],
    ['**0100$', US, { ends_with: '0100' }],
    ['5550100$', US, { ends_with: '5550100' }],
    ['14155550100$', US, { ends_with: '5550100' }],
    ['5550100$', { ...US, areaCode: '415' }, { ends_with: '0100' }],
    // floating runs: contains, letters on the keypad, wildcards dropped
    ['2255', US, { contains: '2255' }],
    ['CALL', US, { contains: '2255' }],
    ['FLOWERS', US, { contains: '3569377' }],
    ['510555****', US, { contains: '510555' }],
    ['%99', US, { contains: '99' }],
    // ...unless the run may begin in the country code or the area code, which Telnyx does not search
    ['14', US, undefined],
    ['155', { ...US, areaCode: '415' }, undefined],
    ['41', { ...US, areaCode: '415' }, undefined],
    ['2255', { ...US, areaCode: '415' }, { contains: '2255' }],
    // nothing to push
    ['', US, undefined],
    ['**', US, undefined],
  ])('%s with %j sends %j', (pattern, scope, expected) => {
    expect(telnyxNumberFilter(pattern, scope)).toEqual(expected);
  });

  it('reports what the query sends through pushdownOf, in the library’s words and in Telnyx’s, with its country and area code', () => {
    const available = new TelnyxAvailableNumbers({} as never);
    const query = (isoCountry: string, contains: string | undefined, areaCode?: string) => ({ isoCountry, kind: 'local' as const, pageSize: 50, capabilities: [], contains, ...(areaCode ? { areaCode } : {}) });
    expect(available.pushdownOf(query('US', '+1415555'))).toEqual({ value: 'starts_with=415555', filter: 'filter[phone_number][starts_with]=415555' });
    expect(available.pushdownOf(query('GB', '+447700'))).toEqual({ value: 'starts_with=7700', filter: 'filter[phone_number][starts_with]=7700' });
    expect(available.pushdownOf(query('US', '0100$'))?.value).toBe('ends_with=0100');
    expect(available.pushdownOf(query('US', 'FLOWERS'))?.value).toBe('contains=3569377');
    // What is sent, not what the pattern alone suggests: behind an area code, ends_with keeps four digits.
    expect(available.pushdownOf(query('US', '90600$', '312'))?.filter).toBe('filter[phone_number][ends_with]=0600');
    expect(available.pushdownOf(query('US', '+1'))).toBeUndefined();
    expect(available.pushdownOf(query('US', undefined))).toBeUndefined();
    expect(describeNumberFilter({ starts_with: '4', ends_with: '9' })).toBe('starts_with=4&ends_with=9');
  });

  it('never filters out a number the pattern matches (property)', () => {
    const digit = fc.constantFrom(...'0123456789');
    const national = fc.array(digit, { minLength: 10, maxLength: 10 }).map((d) => `${'23456789'[Number(d[0]) % 8]}${d.slice(1).join('')}`);
    const pattern = fc.tuple(
      fc.constantFrom('', '+'),
      fc.constantFrom('', '*', '**', '%'),
      fc.array(fc.constantFrom(...'0123456789ABCWXYZ'), { minLength: 2, maxLength: 8 }).map((c) => c.join('')),
      fc.constantFrom('', '*', '***', '%'),
      fc.constantFrom('', '$'),
    );
    fc.assert(
      fc.property(national, pattern, fc.boolean(), (nat, [plus, lead, core, trail, dollar], withAreaCode) => {
        const source = `${plus}${plus ? '' : lead}${plus && core.length > 1 ? `1${core.slice(1)}` : core}${dollar ? '' : trail}${dollar}`;
        let parsed;
        try {
          parsed = parseContainsPattern(source);
        } catch {
          return; // Twilio's syntax refuses it; the search library never gets this far.
        }
        const e164 = `+1${nat}`;
        if (!parsed.regex.test(e164)) return;
        const areaCode = withAreaCode ? nat.slice(0, 3) : undefined;
        const filter = telnyxNumberFilter(source, { callingCode: '1', areaCode });
        expect(telnyxKeeps(e164, '1', filter, areaCode)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps exact numbers findable: each anchored full number pushes down to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[2-9]\d{9}$/), (nat) => {
        const filter = telnyxNumberFilter(`+1${nat}`, US);
        expect(filter).toEqual({ starts_with: nat });
        expect(telnyxKeeps(`+1${nat}`, '1', filter)).toBe(true);
      }),
    );
  });
});
