import { z } from 'zod';
import {
  errorDiagnostic,
  formatDiagnostic,
  formatFieldPath,
  hasErrors,
  joinFieldPath,
  nestDiagnostics,
  parseFieldPath,
  warningDiagnostic,
  zodIssuesToDiagnostics,
} from '../../src/core';

const plan = z.strictObject({
  numbers: z.array(z.strictObject({ country: z.string().length(2), areaCode: z.string().optional() })),
  billing: z.union([z.literal('stripe'), z.literal('none')]).optional(),
});

describe('validation problems point at the exact field the user must fix', () => {
  it('names numbers[2].country when the third number has a bad country', () => {
    const result = plan.safeParse({ numbers: [{ country: 'US' }, { country: 'GB' }, { country: 'UK1' }] });
    expect(result.success).toBe(false);
    const [diagnostic] = zodIssuesToDiagnostics(result.error!);
    expect(diagnostic).toMatchObject({ severity: 'error', field: 'numbers[2].country' });
    expect(formatDiagnostic(diagnostic!)).toMatch(/^numbers\[2\]\.country: /);
  });

  it('reports each unknown field on its own so the user knows exactly what to delete', () => {
    const result = plan.safeParse({ numbers: [{ country: 'US', areacode: '415', colour: 'red' }] });
    const diagnostics = zodIssuesToDiagnostics(result.error!);
    expect(diagnostics.map((d) => d.field)).toEqual(['numbers[0].areacode', 'numbers[0].colour']);
    expect(diagnostics[0]).toMatchObject({ summary: 'unknown field "areacode"', detail: 'remove it or check its spelling' });
  });

  it('lists the accepted alternatives of a union in the detail', () => {
    const result = plan.safeParse({ numbers: [], billing: 'paypal' });
    const [diagnostic] = zodIssuesToDiagnostics(result.error!);
    expect(diagnostic?.field).toBe('billing');
    expect(diagnostic?.detail).toMatch(/stripe/);
    expect(diagnostic?.detail).toMatch(/none/);
  });

  it('prefixes a base path when a nested value is validated on its own', () => {
    const result = z.object({ country: z.string().length(2) }).safeParse({ country: 'USA' });
    const [diagnostic] = zodIssuesToDiagnostics(result.error!, { basePath: 'numbers[4]' });
    expect(diagnostic?.field).toBe('numbers[4].country');
    const root = z.string().safeParse(3);
    expect(zodIssuesToDiagnostics(root.error!, { basePath: 'routing' })[0]?.field).toBe('routing');
    expect(zodIssuesToDiagnostics(root.error!)[0]?.field).toBeUndefined();
  });
});

describe('field paths', () => {
  it('formats keys, indexes and odd keys unambiguously and parses them back', () => {
    const cases: [(string | number)[], string][] = [
      [['numbers', 2, 'country'], 'numbers[2].country'],
      [[0, 'x'], '[0].x'],
      [['labels', 'cost centre'], 'labels["cost centre"]'],
      [['a', 'b', 'c'], 'a.b.c'],
      [[], ''],
    ];
    for (const [segments, text] of cases) {
      expect(formatFieldPath(segments)).toBe(text);
      expect(parseFieldPath(text)).toEqual(segments);
    }
  });

  it('refuses text that is not a path', () => {
    for (const bad of ['a..b', '.a', 'a.', 'a.[2]', 'a b', '[x]', 'a[2]b']) {
      expect(() => parseFieldPath(bad)).toThrow(/not a field path/);
    }
  });

  it('joins paths the same way', () => {
    expect(joinFieldPath('numbers', 2)).toBe('numbers[2]');
    expect(joinFieldPath('numbers[2]', 'country')).toBe('numbers[2].country');
    expect(joinFieldPath(undefined, 'country')).toBe('country');
    expect(joinFieldPath('numbers', '[3].country')).toBe('numbers[3].country');
    expect(nestDiagnostics('numbers[1]', [errorDiagnostic('bad', { field: 'country' }), errorDiagnostic('whole')])).toEqual([
      { severity: 'error', summary: 'bad', field: 'numbers[1].country' },
      { severity: 'error', summary: 'whole', field: 'numbers[1]' },
    ]);
  });
});

describe('diagnostic helpers', () => {
  it('lets warnings through and stops on errors', () => {
    const warning = warningDiagnostic('voiceUrl is not set; calls will hear the default message', { field: 'voiceUrl' });
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, errorDiagnostic('bad')])).toBe(true);
    expect(warning).not.toHaveProperty('detail');
  });

  it('renders field, summary and fix on one line', () => {
    const diagnostic = errorDiagnostic('"UK" is not an ISO country code', { field: 'numbers[2].country', detail: 'did you mean "GB"?' });
    expect(formatDiagnostic(diagnostic)).toBe('numbers[2].country: "UK" is not an ISO country code; did you mean "GB"?');
  });
});
