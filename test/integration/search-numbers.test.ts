/** Number search as buyers use it, through the real twilio SDK against the sandbox. */
import fc from 'fast-check';
import { ValidationError } from '../../src/core/errors';
import { createTwilioClient } from '../../src/carriers/twilio';
import { searchNumbers, type SearchCriteriaInput } from '../../src/search';
import { lettersToKeypad } from '../../src/search/contains-pattern';
import { useTestSandbox } from '../support/sandbox';
import { twilioCarrier } from '../../src/carriers/twilio/carrier';

const t = useTestSandbox();

describe('a buyer searching before they declare', () => {
  it('finds a 415 number', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', areaCode: '415', limit: 5 });
    expect(found.results).toHaveLength(5);
    for (const n of found.results) expect(n.phoneNumber).toMatch(/^\+1415/);
    expect(found.pushedDown).toBeUndefined();
  });

  it('finds numbers ending in 77, pushing the suffix down and saying how much it examined', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', patterns: { suffix: '77' }, limit: 10 });
    expect(found.results).toHaveLength(10);
    for (const n of found.results) expect(n.phoneNumber.endsWith('77')).toBe(true);
    expect(found.pushedDown).toBe('77$');
    expect(found.examined).toBeGreaterThanOrEqual(10);
    expect(found.pages).toBeGreaterThanOrEqual(1);
  });

  it('finds a toll-free number that spells TAXI at the end', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', type: 'tollFree', patterns: { vanity: { word: 'TAXI', at: 'end' } }, limit: 3 });
    expect(found.results.length).toBeGreaterThan(0);
    for (const n of found.results) expect(n.phoneNumber.endsWith(lettersToKeypad('TAXI'))).toBe(true);
    expect(found.pushedDown).toBe('8294$');
  });

  it('finds toll-free numbers with a chosen prefix', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', type: 'tollFree', tollFreePrefix: '888', limit: 5 });
    expect(found.results).toHaveLength(5);
    for (const n of found.results) expect(n.phoneNumber).toMatch(/^\+1888/);
  });

  it('finds numbers near an office, with voice and SMS', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', near: { number: '+14155550100', distanceMiles: 30 }, capabilities: ['voice', 'sms'], limit: 5 });
    expect(found.results.length).toBeGreaterThan(0);
    for (const n of found.results) {
      expect(n.region).toBe('CA');
      expect(n.capabilities).toMatchObject({ voice: true, sms: true });
    }
  });

  it('searches a region by the name the country uses', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'DE', region: 'bayern', limit: 5 });
    expect(found.results.length).toBeGreaterThan(0);
    for (const n of found.results) expect(n.region).toBe('Bayern');
  });

  it('narrows by locality and postal code, near a point, and by type and address needs', async () => {
    const inCity = await searchNumbers(twilioCarrier(t.client), { country: 'US', locality: 'Chicago', limit: 5 });
    expect(inCity.results).toHaveLength(5);
    for (const n of inCity.results) expect(n.locality).toBe('Chicago');
    const postal = inCity.results[0].postalCode!;
    const inPostal = await searchNumbers(twilioCarrier(t.client), { country: 'US', postalCode: postal, limit: 5 });
    for (const n of inPostal.results) expect(n.postalCode).toBe(postal);
    const nearPoint = await searchNumbers(twilioCarrier(t.client), { country: 'US', near: { latitude: 41.88, longitude: -87.63, distanceMiles: 20 }, limit: 5 });
    expect(nearPoint.results.length).toBeGreaterThan(0);
    for (const n of nearPoint.results) expect(n.region).toBe('IL');
    const mobile = await searchNumbers(twilioCarrier(t.client), { country: 'GB', type: 'mobile', patterns: { prefix: '7' }, limit: 5 });
    expect(mobile.results).toHaveLength(5);
    for (const n of mobile.results) expect(n.phoneNumber).toMatch(/^\+447/);
    const noAddress = await searchNumbers(twilioCarrier(t.client), { country: 'DE', excludeAddressRequired: 'any', limit: 5 });
    expect(noAddress.results).toHaveLength(0); // every German local number needs a local address
    expect(noAddress.exhaustive).toBe(true);
  });

  it('ranks by memorability when asked, showing the score', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', areaCode: '212', rank: 'memorability', limit: 5, maxPages: 3 });
    const scores = found.results.map((n) => n.score.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(found.results[0].score.reasons.length).toBeGreaterThan(0);
  });

  it('stops as soon as enough numbers match, and says so', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', pageSize: 50, patterns: { suffix: '5' }, limit: 3 });
    expect(found.results).toHaveLength(3);
    expect(found.stoppedBecause).toBe('limit');
    expect(found.pages).toBe(1);
  });

  it('pushes down the toll-free prefix when it is the narrowest pattern, and refuses a prefix that contradicts it', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', type: 'tollFree', tollFreePrefix: '800', patterns: { vanity: { word: 'AB', at: 'anywhere' } }, limit: 3 });
    expect(found.pushedDown).toBe('+1800');
    for (const n of found.results) expect(n.phoneNumber).toMatch(/^\+1800\d*22/);
    await expect(searchNumbers(twilioCarrier(t.client), { country: 'US', type: 'tollFree', tollFreePrefix: '800', patterns: { prefix: '888' } })).rejects.toMatchObject({ field: 'patterns.prefix' });
  });

  it('accepts real subdivisions and newer area codes the catalogue does not list, and refuses impossible ones', async () => {
    await expect(searchNumbers(twilioCarrier(t.client), { country: 'DE', region: 'Bavaria', limit: 1 })).resolves.toMatchObject({ stoppedBecause: expect.any(String) });
    await expect(searchNumbers(twilioCarrier(t.client), { country: 'US', region: 'California', areaCode: '415', limit: 1 })).resolves.toMatchObject({ stoppedBecause: 'limit' });
    await expect(searchNumbers(twilioCarrier(t.client), { country: 'US', areaCode: '279', limit: 1 })).resolves.toMatchObject({ results: [] });
    await expect(searchNumbers(twilioCarrier(t.client), { country: 'US', areaCode: '411' })).rejects.toMatchObject({ field: 'areaCode' });
  });

  it('pages on until enough numbers match, and says when the search was exhaustive', async () => {
    const found = await searchNumbers(twilioCarrier(t.client), { country: 'US', areaCode: '415', pageSize: 20, maxPages: 1000, patterns: { sequence: { kind: 'repeated', minLength: 3 } }, limit: 1000 });
    expect(found.exhaustive).toBe(true);
    expect(found.stoppedBecause).toBe('exhausted');
    expect(found.pages).toBeGreaterThan(1);
    for (const n of found.results) expect(n.phoneNumber.slice(2)).toMatch(/(\d)\1\1/);
    const budget = await searchNumbers(twilioCarrier(t.client), { country: 'US', pageSize: 20, maxPages: 2, patterns: { sequence: { kind: 'ascending', minLength: 6 } }, limit: 1000 });
    expect(budget.exhaustive).toBe(false);
    expect(budget.stoppedBecause).toBe('budget');
    expect(budget.pages).toBe(2);
    expect(budget.examined).toBe(40);
  });
});

describe('bad criteria are refused before any carrier call, naming the field', () => {
  const cases: [string, SearchCriteriaInput, string][] = [
    ['an unknown country', { country: 'UK' }, 'country'],
    ['a region that is not in that country', { country: 'US', region: 'Bayern' }, 'region'],
    ['an area code in another state than the region', { country: 'US', region: 'NY', areaCode: '415' }, 'areaCode'],
    ['toll-free with an area code', { country: 'US', type: 'tollFree', areaCode: '415' }, 'areaCode'],
    ['an invalid regex', { country: 'US', patterns: { regex: { pattern: '(12', over: 'national' } } }, 'patterns.regex.pattern'],
    ['a vanity word with characters not on a keypad', { country: 'US', patterns: { vanity: { word: 'FL@WERS', at: 'anywhere' } } }, 'patterns.vanity.word'],
    ['a pattern longer than a number', { country: 'US', patterns: { suffix: '123456789012' } }, 'patterns.suffix'],
    ['a misspelt option', { country: 'US', areCode: '415' } as SearchCriteriaInput, ''],
  ];
  it.each(cases)('refuses %s', async (_, criteria, field) => {
    const before = t.http.exchanges.length;
    const failure = await searchNumbers(twilioCarrier(t.client), criteria).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ValidationError);
    if (field) expect((failure as ValidationError).field).toBe(field);
    expect((failure as Error).message.length).toBeGreaterThan(20);
    expect(t.http.exchanges.length).toBe(before);
  });
});

/** Every substring checked by brute force: slow and obviously right, to check the real detector against. */
function naiveHasRun(d: string, kind: string, min: number): boolean {
  for (let i = 0; i < d.length; i++) {
    for (let j = i + min; j <= d.length; j++) {
      const s = d.slice(i, j);
      const steps = [...s].slice(1).map((ch, k) => Number(ch) - Number(s[k]));
      if (kind === 'ascending' && steps.every((x) => x === 1)) return true;
      if (kind === 'descending' && steps.every((x) => x === -1)) return true;
      if (kind === 'repeated' && new Set(s).size === 1) return true;
      if (kind === 'palindrome' && s === [...s].reverse().join('') && new Set(s).size >= 2) return true;
      if (kind === 'repeatedPairs' && s.length % 2 === 0 && s[0] !== s[1] && s === s.slice(0, 2).repeat(s.length / 2)) return true;
    }
  }
  return false;
}

describe('search properties over random criteria', () => {
  const areaCodes = ['415', '212', '312', '617', '206'];
  const criteriaArb = fc.record({
    areaCode: fc.constantFrom(...areaCodes),
    patterns: fc.oneof(
      fc.record({ suffix: fc.stringMatching(/^\d{1,2}$/) }),
      fc.record({ prefix: fc.constantFrom('4', '41', '2', '21', '3', '6', '20') }),
      fc.record({ vanity: fc.record({ word: fc.constantFrom('AB', 'GO', 'CAT', 'PIE', 'JOY'), at: fc.constantFrom('anywhere' as const, 'end' as const) }) }),
      fc.record({ sequence: fc.record({ kind: fc.constantFrom('ascending' as const, 'descending' as const, 'repeated' as const, 'repeatedPairs' as const, 'palindrome' as const), minLength: fc.integer({ min: 3, max: 4 }) }) }),
      fc.record({ regex: fc.record({ pattern: fc.constantFrom('0$', '^\\d{3}[5-9]', '(12|34)', '9{2}', '55', '^41', '\\+1(21|31)2', '[02468]{3}$'), over: fc.constantFrom('national' as const, 'e164' as const) }) }),
    ),
  });

  it('returns only numbers that meet every criterion, and pushdown never loses a match a full scan finds', async () => {
    let matched = 0;
    const client = createTwilioClient({ accountSid: t.sandbox.accountSid, authToken: t.sandbox.authToken, baseUrl: t.sandbox.url, retry: false });
    await fc.assert(
      fc.asyncProperty(criteriaArb, async (c) => {
        const criteria: SearchCriteriaInput = { country: 'US', ...c, limit: 1000, maxPages: 100, pageSize: 1000 };
        const pushed = await searchNumbers(twilioCarrier(client), criteria);
        const full = await searchNumbers(twilioCarrier(client), criteria, { pushdown: false });
        expect(full.exhaustive).toBe(true);
        expect(pushed.exhaustive).toBe(true);
        for (const n of pushed.results) {
          const national = n.phoneNumber.slice(2);
          expect(national.startsWith(c.areaCode)).toBe(true);
          // Checked here independently of the matcher under test.
          const p = c.patterns as { suffix?: string; prefix?: string; vanity?: { word: string; at: string } };
          if (p.suffix) expect(national.endsWith(p.suffix)).toBe(true);
          if (p.prefix) expect(national.startsWith(p.prefix)).toBe(true);
          if (p.vanity?.at === 'end') expect(national.endsWith(lettersToKeypad(p.vanity.word))).toBe(true);
          if (p.vanity?.at === 'anywhere') expect(n.phoneNumber).toContain(lettersToKeypad(p.vanity.word));
          const q = c.patterns as { sequence?: { kind: string; minLength: number }; regex?: { pattern: string; over: string } };
          if (q.sequence) expect(naiveHasRun(national, q.sequence.kind, q.sequence.minLength)).toBe(true);
          if (q.regex) expect(new RegExp(q.regex.pattern).test(q.regex.over === 'e164' ? n.phoneNumber : national)).toBe(true);
        }
        matched += pushed.results.length;
        expect(pushed.results.map((n) => n.phoneNumber).sort()).toEqual(full.results.map((n) => n.phoneNumber).sort());
      }),
      { numRuns: 40, seed: 424242 },
    );
    // Guard against a property that passes because nothing ever matched.
    expect(matched).toBeGreaterThan(200);
  });
});
