import { z } from 'zod';
import { ValidationError, e164Info, e164Schema, isE164, parseE164, strictE164Schema, zodIssuesToDiagnostics, type E164 } from '../../src/core';

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('phone numbers are stored as E.164 whatever way people type them', () => {
  it.each([
    ['+1 415 555 0100', '+14155550100'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['  +14155550100  ', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('accepts %s as %s', (typed, stored) => {
    expect(parseE164(typed)).toBe(stored);
  });

  it('reads a national number when the resource says which country', () => {
    expect(parseE164('(415) 555-0100', { defaultCountry: 'US' })).toBe('+14155550100');
    expect(parseE164('020 7946 0958', { defaultCountry: 'gb' })).toBe('+442079460958');
  });

  it('suggests +1 for a bare 10-digit number written without a country code', () => {
    const err = failure(() => parseE164('4155550100', { field: 'phoneNumber' }));
    expect(err.field).toBe('phoneNumber');
    expect(err.summary).toBe('"4155550100" has no country code');
    expect(err.detail).toContain('"+14155550100"');
    expect(err.message).toMatch(/^phoneNumber: "4155550100" has no country code; write it in E\.164/);
  });

  it('suggests the missing plus for an international number typed without it', () => {
    expect(failure(() => parseE164('442079460958')).detail).toContain('"+442079460958"');
  });

  it('says "did you mean GB" when the country is given as UK', () => {
    const err = failure(() => parseE164('020 7946 0958', { defaultCountry: 'UK', field: 'numbers[2].phoneNumber' }));
    expect(err.message).toBe('numbers[2].phoneNumber: "UK" is not an ISO 3166 country code; did you mean "GB"?');
  });

  it.each([
    ['+1 415 555 01000', /not a valid phone number in US|not a valid phone number for country code \+1/],
    ['+1 212', /too short|not a valid/],
    ['call me', /not a phone number/],
    ['', /empty/],
  ])('rejects %j with a reason', (typed, reason) => {
    expect(failure(() => parseE164(typed, { field: 'phoneNumber' })).summary).toMatch(reason);
  });

  it('rejects extensions, which E.164 cannot carry', () => {
    expect(failure(() => parseE164('+1 415 555 0100 ext. 12')).summary).toMatch(/extension \(12\)/);
  });

  it('rejects numbers given as JSON numbers, which lose the + and leading zeros', () => {
    expect(failure(() => parseE164(14155550100)).summary).toMatch(/quote it/);
  });

  it('tells canonical E.164 from merely parseable text', () => {
    expect(isE164('+14155550100')).toBe(true);
    expect(isE164('+1 415 555 0100')).toBe(false);
    expect(isE164('+1415555010')).toBe(false);
    expect(isE164(42)).toBe(false);
  });

  it('describes a number: country, calling code and type', () => {
    expect(e164Info(parseE164('+442079460958'))).toMatchObject({ country: 'GB', callingCode: '44', nationalNumber: '2079460958', type: 'FIXED_LINE' });
  });
});

describe('zod schemas for phone numbers', () => {
  const schema = z.object({ numbers: z.array(z.object({ phoneNumber: e164Schema })) });

  it('normalises every number in an input and types it as E164', () => {
    const parsed = schema.parse({ numbers: [{ phoneNumber: '+1 415 555 0100' }] });
    const first: E164 | undefined = parsed.numbers[0]?.phoneNumber;
    expect(first).toBe('+14155550100');
  });

  it('reports a bad number at its field path with the fix', () => {
    const result = schema.safeParse({ numbers: [{ phoneNumber: '+14155550100' }, { phoneNumber: '4155550100' }] });
    const [diagnostic] = zodIssuesToDiagnostics(result.error!);
    expect(diagnostic?.field).toBe('numbers[1].phoneNumber');
    expect(diagnostic?.summary).toContain('"+14155550100"');
  });

  it('has a strict variant for state that must already be canonical', () => {
    expect(strictE164Schema.safeParse('+14155550100').success).toBe(true);
    expect(strictE164Schema.safeParse('+1 415 555 0100').success).toBe(false);
    expect(strictE164Schema.safeParse('+19999999999').success).toBe(false);
  });

  it('still produces a JSON Schema for the provider schemas', () => {
    expect(z.toJSONSchema(e164Schema, { io: 'input' })).toMatchObject({ type: 'string', description: expect.stringContaining('E.164') });
    expect(z.toJSONSchema(strictE164Schema, { io: 'input' })).toMatchObject({ type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' });
  });
});
