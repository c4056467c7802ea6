/** Search patterns: what a buyer asks for, what didops pushes down to Twilio, what it checks itself, and how it ranks. */
import fc from 'fast-check';
import { ValidationError } from '../../src/core/errors';
import { parseContainsPattern } from '../../src/search/contains-pattern';
import type { PatternCriteria } from '../../src/search/criteria';
import { memorabilityScore } from '../../src/search/memorability';
import { compilePatterns, type PatternContext } from '../../src/search/patterns';
import { findDigitRuns, hasDigitRun } from '../../src/search/sequences';

const US: PatternContext = { callingCode: '1', nationalLength: 10 };

/** A US number in both forms, as the search loop sees it. */
function us(national: string): [string, string] {
  return [`+1${national}`, national];
}

/** The ValidationError a call throws, so a test can look at its field and message. */
function refusal(call: () => unknown): ValidationError {
  try {
    call();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

describe('a buyer searching by vanity word', () => {
  it('finds FLOWERS anywhere in the number and asks Twilio for its keypad digits 3569377', () => {
    const compiled = compilePatterns({ vanity: { word: 'FLOWERS', at: 'anywhere' } }, US);
    expect(compiled.contains).toBe('3569377');
    expect(compiled.vanityDigits).toBe('3569377');
    expect(compiled.description).toBe('spells FLOWERS');
    expect(compiled.matches(...us('3569377415'))).toBe(true);
    expect(compiled.matches(...us('4153569377'))).toBe(true);
    expect(compiled.matches(...us('4155550123'))).toBe(false);
  });

  it('anchors 1-800-FLOWERS at the end as 3569377$ and turns down a number with FLOWERS in the middle', () => {
    const compiled = compilePatterns({ vanity: { word: 'flowers', at: 'end' } }, US);
    expect(compiled.contains).toBe('3569377$');
    expect(compiled.description).toBe('spells FLOWERS at the end');
    expect(compiled.matches(...us('8003569377'))).toBe(true);
    expect(compiled.matches(...us('8035693770'))).toBe(false);
  });

  it('accepts digits inside the word, as in GO2BED', () => {
    const compiled = compilePatterns({ vanity: { word: 'GO2BED', at: 'anywhere' } }, US);
    expect(compiled.vanityDigits).toBe('462233');
    expect(compiled.matches(...us('8004622330'))).toBe(true);
  });

  it('lets a word run into the country code, where the E.164 digits spell it', () => {
    const uk: PatternContext = { callingCode: '44', nationalLength: 10 };
    const compiled = compilePatterns({ vanity: { word: 'GIG', at: 'anywhere' } }, uk);
    expect(compiled.matches('+4452012345', '52012345')).toBe(false);
    expect(compiled.matches('+444012345', '4012345')).toBe(true);
  });
});

describe('a buyer searching for a memorable sequence', () => {
  it.each([
    ['ascending', 4, '4153456000', '4151235000'],
    ['descending', 4, '4159876000', '4159870000'],
    ['repeated', 4, '4157777000', '4157770777'],
    ['repeatedPairs', 6, '4151212120', '4151212000'],
    ['palindrome', 5, '4151232100', '4151234000'],
  ] as const)('with %s runs of %i+ digits accepts %s and turns down %s', (kind, minLength, yes, no) => {
    const compiled = compilePatterns({ sequence: { kind, minLength } }, US);
    expect(compiled.matches(...us(yes))).toBe(true);
    expect(compiled.matches(...us(no))).toBe(false);
    // Twilio has no way to ask for "any run", so nothing is pushed down and every page is checked here.
    expect(compiled.contains).toBeUndefined();
  });

  it('does not count 9 to 0 as ascending: 7890 is not a run of four', () => {
    expect(hasDigitRun('4157890111', 'ascending', 4)).toBe(false);
  });

  it('counts repeated pairs only in whole pairs of two different digits, so 5 asks for 121212', () => {
    const compiled = compilePatterns({ sequence: { kind: 'repeatedPairs', minLength: 5 } }, US);
    expect(compiled.description).toBe('has 6+ digits of one pair repeated');
    expect(compiled.matches(...us('4151212100'))).toBe(false);
    expect(compiled.matches(...us('4151212120'))).toBe(true);
    expect(hasDigitRun('4157777777', 'repeatedPairs', 4)).toBe(false);
    expect(findDigitRuns('12121313', 'repeatedPairs').map((run) => run.digits)).toEqual(['1212', '1313']);
  });

  it('describes the sequence in plain words', () => {
    expect(compilePatterns({ sequence: { kind: 'ascending', minLength: 4 } }, US).description).toBe('has 4+ ascending digits');
    expect(compilePatterns({ sequence: { kind: 'palindrome', minLength: 5 } }, US).description).toBe('has a 5+ digit palindrome');
  });
});

describe('a buyer searching by prefix, suffix or regular expression', () => {
  it('pushes a 415 prefix down as +1415, anchored at the start of the E.164 number', () => {
    const compiled = compilePatterns({ prefix: '415' }, US);
    expect(compiled.contains).toBe('+1415');
    expect(compiled.matches(...us('4155550123'))).toBe(true);
    expect(compiled.matches(...us('6504155000'))).toBe(false);
  });

  it('uses the country code of the search when anchoring a prefix', () => {
    expect(compilePatterns({ prefix: '20' }, { callingCode: '44' }).contains).toBe('+4420');
  });

  it('pushes a 0123 suffix down as 0123$', () => {
    const compiled = compilePatterns({ suffix: '0123' }, US);
    expect(compiled.contains).toBe('0123$');
    expect(compiled.matches(...us('4155550123'))).toBe(true);
    expect(compiled.matches(...us('4150123555'))).toBe(false);
  });

  it('pushes nothing for a one-digit suffix, which Twilio would refuse', () => {
    expect(compilePatterns({ suffix: '7' }, US).contains).toBeUndefined();
  });

  it('searches with a regex anywhere in the number rather than matching the whole of it', () => {
    const compiled = compilePatterns({ regex: { pattern: '55(5|6)0', over: 'national' } }, US);
    expect(compiled.matches(...us('4155550123'))).toBe(true);
    expect(compiled.matches(...us('4155570123'))).toBe(false);
    expect(compiled.description).toBe('matches /55(5|6)0/ on the national number');
  });

  it('matches an E.164 regex against +14155550123, plus sign and country code included', () => {
    const compiled = compilePatterns({ regex: { pattern: '^\\+1415', over: 'e164' } }, US);
    expect(compiled.contains).toBe('+1415');
    expect(compiled.matches(...us('4155550123'))).toBe(true);
    expect(compiled.matches(...us('6504155000'))).toBe(false);
  });

  it.each([
    ['^415\\d{3}7777$', 'national', '7777$'],
    ['^415', 'national', '+1415'],
    ['^4155550123$', 'national', '+14155550123$'],
    ['(12|34)56', 'national', '56'],
    ['5?67', 'national', '67'],
    ['1(23)*45', 'national', '45'],
    ['(?:55)(?:01)23', 'national', '550123'],
    ['9{3}1', 'national', '9991'],
    ['45{2,}6', 'national', '455'],
    ['\\+1800', 'e164', '+1800'],
    ['(\\d|\\d|\\d)*x', 'national', undefined],
    ['7|8', 'national', undefined],
    ['\\d{3}-\\d{4}', 'national', undefined],
  ] as const)('pushes /%s/ over %s down as %s, a literal every match must contain', (pattern, over, contains) => {
    expect(compilePatterns({ regex: { pattern, over } }, US).contains).toBe(contains);
  });

  it('keeps a regex pushdown within Twilio’s 16 characters by dropping the end anchor', () => {
    const compiled = compilePatterns({ regex: { pattern: '^41555501234567$', over: 'national' } }, { callingCode: '1' });
    expect(compiled.contains).toBe('+141555501234567');
    expect(() => parseContainsPattern(compiled.contains ?? '')).not.toThrow();
  });

  it('gives up on pushdown for RE2-only syntax it cannot read the same way, and still matches locally', () => {
    const compiled = compilePatterns({ regex: { pattern: '\\Q555\\E|(?i)0123', over: 'national' } }, US);
    expect(compiled.contains).toBeUndefined();
    expect(compiled.matches(...us('4155550000'))).toBe(true);
  });
});

describe('combining patterns', () => {
  it('pushes down the pattern with the most digits: a 4-digit suffix beats a 3-digit prefix', () => {
    expect(compilePatterns({ prefix: '415', suffix: '0123' }, US).contains).toBe('0123$');
  });

  it('prefers an anchored pattern to an unanchored one of the same length', () => {
    expect(compilePatterns({ vanity: { word: 'AB', at: 'anywhere' }, suffix: '22' }, US).contains).toBe('22$');
  });

  it('prefers a 7-letter word to a 3-digit prefix, and requires both locally', () => {
    const compiled = compilePatterns({ vanity: { word: 'FLOWERS', at: 'end' }, prefix: '800' }, US);
    expect(compiled.contains).toBe('3569377$');
    expect(compiled.matches(...us('8003569377'))).toBe(true);
    expect(compiled.matches(...us('8883569377'))).toBe(false);
  });

  it('describes every pattern in one line', () => {
    const compiled = compilePatterns({ vanity: { word: 'FLOWERS', at: 'end' }, sequence: { kind: 'ascending', minLength: 4 } }, US);
    expect(compiled.description).toBe('spells FLOWERS at the end; has 4+ ascending digits');
    expect(compilePatterns({}, US).description).toBe('any number');
  });

  it('accepts a prefix and suffix that overlap when they agree on the shared digits', () => {
    const compiled = compilePatterns({ prefix: '41555', suffix: '550123' }, US);
    expect(compiled.matches(...us('4155550123'))).toBe(true);
    expect(compiled.matches(...us('4155560123'))).toBe(false);
  });
});

describe('bad patterns are refused before any carrier call, naming the field and the fix', () => {
  it.each<[string, PatternCriteria, PatternContext, string, RegExp]>([
    ['a dash in the vanity word', { vanity: { word: '1-800-FLOWERS', at: 'end' } }, US, 'patterns.vanity.word', /"-", which is not on a phone keypad.*letters A–Z/],
    ['an accented letter', { vanity: { word: 'FLÖWERS', at: 'anywhere' } }, US, 'patterns.vanity.word', /"Ö"/],
    ['a space', { vanity: { word: 'GO BED', at: 'anywhere' } }, US, 'patterns.vanity.word', /a space/],
    ['a word longer than a number', { vanity: { word: 'SUPERCALIFRAG', at: 'anywhere' } }, US, 'patterns.vanity.word', /13 digits .* at most 10/],
    ['a prefix longer than a number', { prefix: '41555501234' }, US, 'patterns.prefix', /11 digits .* at most 10/],
    ['a suffix longer than a number', { suffix: '415555012345' }, US, 'patterns.suffix', /at most 10/],
    ['a prefix longer than E.164 allows', { prefix: '1234567890123' }, { callingCode: '353' }, 'patterns.prefix', /at most 12/],
    ['a prefix and suffix that cannot both fit', { prefix: '41555', suffix: '123456' }, US, 'patterns.suffix', /prefix "41555" and ends with suffix "123456"/],
    ['a word and suffix that both claim the end', { vanity: { word: 'FLOWERS', at: 'end' }, suffix: '0123' }, US, 'patterns.vanity.word', /cannot both end a number/],
    ['a prefix and end word that cannot both fit', { vanity: { word: 'FLOWERS', at: 'end' }, prefix: '8005' }, US, 'patterns.vanity.word', /prefix "8005"/],
    ['an unclosed group', { regex: { pattern: '(415', over: 'national' } }, US, 'patterns.regex.pattern', /not a valid RE2 .*missing closing \)/],
    ['a backreference', { regex: { pattern: '(\\d)\\1', over: 'national' } }, US, 'patterns.regex.pattern', /invalid escape sequence.*no backreferences/],
    ['a lookahead', { regex: { pattern: '(?=555)', over: 'national' } }, US, 'patterns.regex.pattern', /not a valid RE2/],
    ['a regex over 200 characters', { regex: { pattern: '5'.repeat(201), over: 'national' } }, US, 'patterns.regex.pattern', /201 characters long; the limit is 200/],
    ['a regex too complex to run', { regex: { pattern: '\\d{1000}'.repeat(11), over: 'national' } }, US, 'patterns.regex.pattern', /too complex/],
    ['a regex longer than a number', { regex: { pattern: '\\d{11}', over: 'national' } }, US, 'patterns.regex.pattern', /at least 11 characters .* at most 10/],
    ['a run longer than 0123456789', { sequence: { kind: 'ascending', minLength: 11 } }, { callingCode: '1' }, 'patterns.sequence.minLength', /longest is 10/],
    ['a run longer than a number', { sequence: { kind: 'repeated', minLength: 12 } }, US, 'patterns.sequence.minLength', /12 digits does not fit/],
    ['a calling code with a plus', {}, { callingCode: '+1' }, 'callingCode', /without the \+/],
  ])('refuses %s', (_story, patterns, ctx, field, message) => {
    const err = refusal(() => compilePatterns(patterns, ctx));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${field}: `)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Pushdown never loses a match: whatever the patterns, a number the local matcher accepts also satisfies the Contains.

const KEYPAD_LETTERS: Record<string, string> = { 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' };

type RegexOp = 'keep' | 'digitClass' | 'dot' | 'range' | 'alt' | 'optional' | 'plus' | 'braces' | 'group' | 'star' | 'extraOptional' | 'exact';

/** Rewrites one digit as a regex piece that still matches it, so derived regexes usually match their source number. */
function regexPiece(digit: string, op: RegexOp): string {
  const other = String((Number(digit) + 3) % 10);
  switch (op) {
    case 'keep':
      return digit;
    case 'digitClass':
      return '\\d';
    case 'dot':
      return '.';
    case 'range':
      return '[0-9]';
    case 'alt':
      return `(${digit}|${other})`;
    case 'optional':
      return `${digit}?`;
    case 'plus':
      return `${digit}+`;
    case 'braces':
      return `${digit}{1,2}`;
    case 'group':
      return `(?:${digit})`;
    case 'star':
      return `${digit}*`;
    case 'extraOptional':
      return `${digit}${other}?`;
    case 'exact':
      return `${digit}{1}`;
  }
}

const regexOps = fc.constantFrom<RegexOp>('keep', 'keep', 'keep', 'digitClass', 'dot', 'range', 'alt', 'optional', 'plus', 'braces', 'group', 'star', 'extraOptional', 'exact');

/** Digit strings built from integers: much cheaper for fast-check than generating them from a regex. */
const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

/** Random numbers in a few countries (national numbers of ten digits, first digit 2–9). */
const phoneNumbers = fc.record({
  callingCode: fc.constantFrom('1', '44', '353'),
  national: fc.tuple(fc.integer({ min: 2, max: 9 }), digitString(9, 9)).map(([first, rest]) => `${first}${rest}`),
});

type Phone = { callingCode: string; national: string };

/** Choices that shape one criteria object; `derived` cuts each pattern from the number itself so that matches are common. */
const shapes = fc.record({
  derived: fc.boolean(),
  from: fc.nat(),
  length: fc.nat(),
  at: fc.constantFrom<'anywhere' | 'end'>('anywhere', 'end'),
  pick: fc.nat(),
  lower: fc.boolean(),
  randomWord: fc.stringMatching(/^[A-Za-z0-9]{2,8}$/),
  randomDigits: digitString(1, 8),
  kind: fc.constantFrom('ascending' as const, 'descending' as const, 'repeated' as const, 'repeatedPairs' as const, 'palindrome' as const),
  minLength: fc.integer({ min: 2, max: 6 }),
  over: fc.constantFrom<'national' | 'e164'>('national', 'e164'),
  anchorStart: fc.boolean(),
  anchorEnd: fc.boolean(),
  ops: fc.array(regexOps, { minLength: 8, maxLength: 8 }),
  plusAnchor: fc.constantFrom('^\\+', '\\+'),
});
type Shape = typeof shapes extends fc.Arbitrary<infer T> ? T : never;

/** Which patterns a criteria object has. */
const presence = fc.record({ vanity: fc.boolean(), sequence: fc.boolean(), prefix: fc.boolean(), suffix: fc.boolean(), contains: fc.boolean(), regex: fc.boolean() });

/** A window of `source` between 1 and 8 characters long (at least `shortest`), chosen by `from` and `length`. */
function windowIn(source: string, s: Shape, shortest: number, atEnd = false): { from: number; text: string } {
  const length = shortest + (s.length % (Math.min(8, source.length) - shortest + 1));
  const from = atEnd ? source.length - length : s.from % (source.length - length + 1);
  return { from, text: source.slice(from, from + length) };
}

function criteriaFor(phone: Phone, has: Record<keyof PatternCriteria, boolean>, s: Shape): PatternCriteria {
  const { national } = phone;
  const criteria: PatternCriteria = {};
  if (has.vanity) {
    if (s.derived) {
      const { text } = windowIn(national, s, 2, s.at === 'end');
      const word = [...text].map((d, i) => (KEYPAD_LETTERS[d] ? KEYPAD_LETTERS[d][(s.pick + i) % KEYPAD_LETTERS[d].length] : d)).join('');
      criteria.vanity = { word: s.lower ? word.toLowerCase() : word, at: s.at };
    } else {
      criteria.vanity = { word: s.randomWord, at: s.at };
    }
  }
  if (has.sequence) {
    // Derived: ask only for a run the number really has, at its real length or shorter.
    const runs = findDigitRuns(national, s.kind).filter((run) => run.digits.length >= 2);
    const longest = Math.max(0, ...runs.map((run) => run.digits.length));
    criteria.sequence = { kind: s.kind, minLength: s.derived && longest >= 2 ? Math.min(longest, s.minLength) : s.minLength };
  }
  if (has.prefix) criteria.prefix = s.derived ? national.slice(0, 1 + (s.length % 8)) : s.randomDigits;
  if (has.suffix) criteria.suffix = s.derived ? national.slice(-1 - (s.pick % 8)) : s.randomDigits;
  if (has.contains) {
    // A Contains over the E.164 digits, anchored or padded with wildcards the way Twilio allows.
    const source = s.derived ? phone.callingCode + national : s.randomDigits;
    const { from, text } = windowIn(source, s, 2);
    const atStart = from === 0 && s.anchorStart;
    const atEnd = from + text.length === source.length && s.anchorEnd;
    const word = [...text].map((d, i) => (s.lower && KEYPAD_LETTERS[d] ? KEYPAD_LETTERS[d][(s.pick + i) % KEYPAD_LETTERS[d].length] : d)).join('');
    const pad = s.pick % 3 === 0 ? '*' : s.pick % 3 === 1 ? '%' : '';
    criteria.contains = `${atStart ? '+' : pad}${word}${atEnd ? '$' : pad}`.slice(0, 16);
  }
  if (has.regex) {
    const source = s.derived ? (s.over === 'national' ? national : phone.callingCode + national) : s.randomDigits;
    const { from, text } = windowIn(source, s, 1);
    const atStart = from === 0 && s.anchorStart;
    const atEnd = from + text.length === source.length && s.anchorEnd;
    const body = [...text].map((d, i) => regexPiece(d, s.ops[(i + s.pick) % s.ops.length])).join('');
    const start = atStart ? (s.over === 'e164' ? s.plusAnchor : '^') : '';
    criteria.regex = { pattern: `${start}${body}${atEnd ? '$' : ''}`, over: s.over };
  }
  return criteria;
}

describe('pushdown never loses a match', () => {
  it('every number the local check accepts also satisfies the Contains sent to Twilio', () => {
    let matched = 0;
    let pushed = 0;
    fc.assert(
      fc.property(phoneNumbers, presence, shapes, fc.array(phoneNumbers, { maxLength: 5 }), (phone, has, shape, others) => {
        const patterns = criteriaFor(phone, has, shape);
        let compiled;
        try {
          compiled = compilePatterns(patterns, { callingCode: phone.callingCode, nationalLength: 10 });
        } catch (err) {
          // Random criteria may contradict each other; refusing them is the other tests' business.
          if (err instanceof ValidationError) return;
          throw err;
        }
        const contains = compiled.contains === undefined ? undefined : parseContainsPattern(compiled.contains);
        if (contains) pushed++;
        for (const candidate of [phone.national, ...others.map((o) => o.national)]) {
          const e164 = `+${phone.callingCode}${candidate}`;
          if (!compiled.matches(e164, candidate)) continue;
          matched++;
          if (contains) expect(contains.regex.test(e164)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
    // Guard against generators that never produce matches, which would make the property vacuous.
    expect(matched).toBeGreaterThan(600);
    expect(pushed).toBeGreaterThan(1000);
  });
});

describe('a regular expression cannot hang the search', () => {
  /** 50,000 distinct ten-digit numbers from a fixed linear congruential sequence. */
  function manyNumbers(): string[] {
    const numbers: string[] = [];
    let state = 12345;
    for (let i = 0; i < 50_000; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      numbers.push(String(2000000000 + (state % 8000000000)).padStart(10, '0'));
    }
    return numbers;
  }

  it.each(['(\\d|\\d|\\d)*x', '(a+)+b', '(\\d+)+x', '(.*){1,20}x'])('checks 50,000 numbers against /%s/ in linear time', (pattern) => {
    const compiled = compilePatterns({ regex: { pattern, over: 'national' } }, US);
    const matches = manyNumbers().filter((national) => compiled.matches(`+1${national}`, national));
    expect(matches).toEqual([]);
  });
});

describe('ranking by memorability', () => {
  it('ranks 555-7777 above 555-1234 above 555-8172, and says why', () => {
    const repeat = memorabilityScore('5557777');
    const run = memorabilityScore('5551234');
    const plain = memorabilityScore('5558172');
    expect(repeat.score).toBeGreaterThan(run.score);
    expect(run.score).toBeGreaterThan(plain.score);
    expect(repeat.reasons[0]).toBe('7777 repeated');
    expect(run.reasons).toContain('1234 ascending');
    expect(plain.reasons).toEqual(['555 repeated']);
  });

  it('keeps the same order with the area code in front', () => {
    const scores = ['4155557777', '4155551234', '4155558172'].map((n) => memorabilityScore(n).score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(3);
  });

  it('rewards descending runs, repeated pairs, palindromes and few distinct digits', () => {
    expect(memorabilityScore('4159876000').reasons).toContain('9876 descending');
    expect(memorabilityScore('4151212123').reasons).toContain('121212 repeated pair');
    expect(memorabilityScore('4151234321').reasons).toContain('1234321 reads the same backwards');
    expect(memorabilityScore('2002002002').reasons).toContain('only 2 different digits');
  });

  it('scores a vanity word, more when it closes the number', () => {
    const atEnd = memorabilityScore('8003569377', { vanityDigits: '3569377' });
    const inside = memorabilityScore('3569377800', { vanityDigits: '3569377' });
    expect(atEnd.reasons).toContain('spells the vanity word at the end');
    expect(inside.reasons).toContain('spells the vanity word');
    expect(atEnd.score).toBeGreaterThan(inside.score);
    const longer = memorabilityScore('8003569377', { vanityDigits: '3569377' }).score;
    const shorter = memorabilityScore('8004169377', { vanityDigits: '9377' }).score;
    expect(longer).toBeGreaterThan(shorter);
  });

  it('stays between 0 and 100 and gives the same answer every time', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4,15}$/), fc.option(fc.stringMatching(/^\d{2,7}$/), { nil: undefined }), (national, vanityDigits) => {
        const first = memorabilityScore(national, { vanityDigits });
        expect(first.score).toBeGreaterThanOrEqual(0);
        expect(first.score).toBeLessThanOrEqual(100);
        expect(memorabilityScore(national, { vanityDigits })).toEqual(first);
      }),
    );
    expect(memorabilityScore('7777777777').score).toBeLessThanOrEqual(100);
  });
});
