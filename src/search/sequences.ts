/**
 * Digit runs that make a number memorable (1234, 9876, 7777, 1212, 12321): one definition shared by the
 * `sequence` search pattern and the memorability score, so "has 4+ ascending digits" means the same in both.
 */
import type { z } from 'zod';
import type { sequenceKindSchema } from './criteria';

/** The kinds of run a buyer can ask for: ascending, descending, repeated, repeatedPairs, palindrome. */
export type SequenceKind = z.output<typeof sequenceKindSchema>;

/** One run found in a string of digits. */
export interface DigitRun {
  /** What kind of run this is. */
  readonly kind: SequenceKind;
  /** Index of its first digit. */
  readonly start: number;
  /** The digits of the run, e.g. '3456'. */
  readonly digits: string;
}

/** The longest ascending or descending run possible: 0123456789 (runs do not wrap from 9 to 0). */
export const LONGEST_STEP_RUN = 10;

/** Shortest run that still counts as repeated pairs: a pair seen twice (1212). */
export const SHORTEST_PAIR_RUN = 4;

/**
 * Every maximal run of one kind in `digits` (at least two digits; repeated pairs at least {@link SHORTEST_PAIR_RUN}).
 * Palindromes are the longest one around each centre that no other palindrome contains.
 */
export function findDigitRuns(digits: string, kind: SequenceKind): DigitRun[] {
  switch (kind) {
    case 'ascending':
      return stepRuns(digits, 1, kind);
    case 'descending':
      return stepRuns(digits, -1, kind);
    case 'repeated':
      return stepRuns(digits, 0, kind);
    case 'repeatedPairs':
      return pairRuns(digits);
    case 'palindrome':
      return palindromes(digits);
  }
}

/** True when `digits` holds a run of `kind` at least `minLength` digits long. */
export function hasDigitRun(digits: string, kind: SequenceKind, minLength: number): boolean {
  // A buyer asking for a palindrome means 12321, not 5555: a run of one digit is what `repeated` is for.
  return findDigitRuns(digits, kind).some((run) => run.digits.length >= minLength && (kind !== 'palindrome' || new Set(run.digits).size >= 2));
}

/** The shortest run of `kind` that satisfies `minLength`: pairs come whole and at least twice, so 5 means 6. */
export function effectiveMinLength(kind: SequenceKind, minLength: number): number {
  if (kind !== 'repeatedPairs') return minLength;
  return Math.max(SHORTEST_PAIR_RUN, minLength + (minLength % 2));
}

function stepRuns(digits: string, step: number, kind: SequenceKind): DigitRun[] {
  const runs: DigitRun[] = [];
  let start = 0;
  for (let i = 1; i <= digits.length; i++) {
    const continues = i < digits.length && digits.charCodeAt(i) - digits.charCodeAt(i - 1) === step;
    if (continues) continue;
    if (i - start >= 2) runs.push({ kind, start, digits: digits.slice(start, i) });
    start = i;
  }
  return runs;
}

/** Alternating runs abab… with a ≠ b, cut to whole pairs: 12121 holds the pair run 1212. */
function pairRuns(digits: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let start = 0;
  for (let i = 2; i <= digits.length; i++) {
    const continues = i < digits.length && digits[i] === digits[i - 2] && digits[i] !== digits[i - 1];
    if (continues) continue;
    const wholePairs = Math.floor((i - start) / 2) * 2;
    if (wholePairs >= SHORTEST_PAIR_RUN) runs.push({ kind: 'repeatedPairs', start, digits: digits.slice(start, start + wholePairs) });
    // The run that broke at i may still start a new one at i - 1 (121 then 1313: the pair 13 starts at the last 1).
    start = i - 1;
  }
  return runs;
}

function palindromes(digits: string): DigitRun[] {
  const found: { start: number; end: number }[] = [];
  // Phone numbers are at most 15 digits, so expanding around each of the 2n-1 centres is cheap and obviously right.
  for (let centre = 0; centre < 2 * digits.length - 1; centre++) {
    let left = Math.floor(centre / 2);
    let right = left + (centre % 2);
    while (left >= 0 && right < digits.length && digits[left] === digits[right]) {
      left--;
      right++;
    }
    if (right - left - 1 >= 2) found.push({ start: left + 1, end: right });
  }
  return found
    .filter((p) => !found.some((q) => q !== p && q.start <= p.start && q.end >= p.end && q.end - q.start > p.end - p.start))
    .map((p) => ({ kind: 'palindrome' as const, start: p.start, digits: digits.slice(p.start, p.end) }));
}
