/**
 * How easy a number is to remember, as a 0–100 score with the reasons in plain words, for `rank: memorability`.
 * The weights are a judgement, not a study: a long repeat beats a run of the same length, which beats repeated pairs,
 * and a vanity word counts most when it closes the number (1-800-FLOWERS).
 */
import { findDigitRuns, type DigitRun } from './sequences';

/** A memorability score and what earned it, strongest reason first. */
export interface MemorabilityScore {
  /** 0 (nothing to hold on to) to 100. */
  readonly score: number;
  /** Plain words, e.g. '7777 repeated', 'spells the vanity word at the end'. */
  readonly reasons: string[];
}

/** Options for {@link memorabilityScore}. */
export interface MemorabilityOptions {
  /** Keypad digits of the vanity word searched for (`CompiledPatterns.vanityDigits`). */
  readonly vanityDigits?: string;
}

interface Feature {
  readonly points: number;
  readonly reason: string;
  /** Where the feature starts, to keep the order of equal reasons stable. */
  readonly at: number;
}

/** Scores a national number (`4155557777`) for memorability; the same input always gives the same score. */
export function memorabilityScore(national: string, opts: MemorabilityOptions = {}): MemorabilityScore {
  const digits = national.replace(/\D/g, '');
  const features = [
    ...runFeatures(findDigitRuns(digits, 'repeated'), 3, (n) => 10 * (n - 2), 50, (d) => `${d} repeated`),
    ...runFeatures(findDigitRuns(digits, 'ascending'), 3, (n) => 9 * n - 21, 45, (d) => `${d} ascending`),
    ...runFeatures(findDigitRuns(digits, 'descending'), 3, (n) => 9 * n - 21, 45, (d) => `${d} descending`),
    ...runFeatures(findDigitRuns(digits, 'repeatedPairs'), 4, (n) => 6 * (n - 2), 36, (d) => `${d} repeated pair`),
    ...palindromeFeature(digits),
    ...distinctDigitsFeature(digits),
    ...vanityFeature(digits, opts.vanityDigits),
  ];
  features.sort((a, b) => b.points - a.points || a.at - b.at);
  const total = features.reduce((sum, f) => sum + f.points, 0);
  return { score: Math.min(100, Math.round(total)), reasons: features.map((f) => f.reason) };
}

function runFeatures(
  runs: DigitRun[],
  shortest: number,
  points: (length: number) => number,
  cap: number,
  reason: (digits: string) => string,
): Feature[] {
  return runs
    .filter((run) => run.digits.length >= shortest)
    .map((run) => ({ points: Math.min(cap, points(run.digits.length)), reason: reason(run.digits), at: run.start }));
}

/**
 * Only the longest palindrome, and only one of three or more different digits: 155551 and 12121 are a repeat and a
 * repeated pair seen again, already scored as such.
 */
function palindromeFeature(digits: string): Feature[] {
  const best = findDigitRuns(digits, 'palindrome')
    .filter((run) => run.digits.length >= 5 && new Set(run.digits).size >= 3)
    .sort((a, b) => b.digits.length - a.digits.length || a.start - b.start)[0];
  if (!best) return [];
  return [{ points: Math.min(30, 6 * (best.digits.length - 3)), reason: `${best.digits} reads the same backwards`, at: best.start }];
}

function distinctDigitsFeature(digits: string): Feature[] {
  const distinct = new Set(digits).size;
  if (digits.length < 4 || distinct > 4) return [];
  return [{ points: 6 * (5 - distinct), reason: `only ${distinct} different digit${distinct === 1 ? '' : 's'}`, at: digits.length }];
}

function vanityFeature(digits: string, vanityDigits: string | undefined): Feature[] {
  if (!vanityDigits || vanityDigits.length < 2) return [];
  // A longer word is a bigger share of the number to remember by; at the end it reads like 1-800-FLOWERS.
  if (digits.endsWith(vanityDigits)) {
    return [{ points: Math.min(50, 20 + 3 * vanityDigits.length), reason: 'spells the vanity word at the end', at: digits.length - vanityDigits.length }];
  }
  const at = digits.indexOf(vanityDigits);
  if (at < 0) return [];
  return [{ points: Math.min(35, 10 + 3 * vanityDigits.length), reason: 'spells the vanity word', at }];
}
