/** Twilio's Contains pattern: what it accepts and exactly what it matches. */
import fc from 'fast-check';
import { ContainsPatternError, lettersToKeypad, parseContainsPattern } from '../../src/search/contains-pattern';

/** SQLite GLOB semantics for the subset we emit (* any run, ? one char), to compare with the RegExp. */
function globMatches(glob: string, text: string): boolean {
  const re = new RegExp(`^${glob.replace(/[+]/g, '\\+').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

describe('Contains patterns as Twilio defines them', () => {
  it('maps letters to the keypad: FLOWERS is 3569377 and STORM is 78676', () => {
    expect(lettersToKeypad('FLOWERS')).toBe('3569377');
    expect(lettersToKeypad('storm')).toBe('78676');
  });

  it.each([
    ['CALL', '+14152255123', true],
    ['CALL', '+14155552256', false],
    ['+1415', '+14155550100', true],
    ['+1415', '+16504155000', false],
    ['0100$', '+14155550100', true],
    ['0100$', '+14150100555', false],
    ['510555****', '+15105551234', true],
    ['**5555', '+14155555000', true],
    ['%99$', '+14155550199', true],
    ['+1800%', '+18003569377', true],
  ])('%s against %s → %s', (pattern, number, expected) => {
    const p = parseContainsPattern(pattern);
    expect(p.regex.test(number)).toBe(expected);
    expect(globMatches(p.glob, number)).toBe(expected);
  });

  it.each([
    ['a', '2 to 16'],
    ['12345678901234567', '2 to 16'],
    ['4*1*5', 'only stand at the start or the end'],
    ['*%55', 'next to each other'],
    ['+*55', 'may not follow the + anchor'],
    ['55*$', 'may not precede the $ anchor'],
    ['5-5', 'contains "-"'],
    ['*5', 'at least two'],
    ['5+5', 'may only lead'],
  ])('refuses %s (%s)', (pattern, reason) => {
    expect(() => parseContainsPattern(pattern)).toThrow(ContainsPatternError);
    expect(() => parseContainsPattern(pattern)).toThrow(reason);
  });

  it('agrees between its GLOB (used by SQLite) and its RegExp for any accepted pattern and number', () => {
    const pattern = fc
      .tuple(fc.boolean(), fc.constantFrom('', '*', '**', '%'), fc.stringMatching(/^[0-9A-Z]{2,8}$/), fc.constantFrom('', '*', '***', '%'), fc.boolean())
      .map(([plus, lead, core, trail, dollar]) => `${plus ? '+' : ''}${plus ? '' : lead}${core}${dollar ? '' : trail}${dollar ? '$' : ''}`)
      .filter((p) => p.length <= 16);
    const number = fc.stringMatching(/^\+[1-9]\d{7,14}$/);
    fc.assert(
      fc.property(pattern, number, (p, n) => {
        const parsed = parseContainsPattern(p);
        expect(globMatches(parsed.glob, n)).toBe(parsed.regex.test(n));
      }),
      { numRuns: 2000 },
    );
  });
});
