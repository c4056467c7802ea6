/**
 * Twilio's `Contains` search pattern, parsed into something the store can match.
 *
 * Twilio defines it as: 2–16 characters of digits and Latin letters; letters map to the phone keypad;
 * `*` matches one character, `%` any run; wildcards only at the start or the end of the pattern; at least
 * two non-meta characters; a leading `+` anchors at the start of the E.164 number and a trailing `$` at its
 * end; without anchors the pattern matches anywhere in the E.164 number.
 */

/** Letter → keypad digit, as printed on every phone. */
const KEYPAD: Record<string, string> = {};
for (const [digit, letters] of Object.entries({ 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' })) {
  for (const letter of letters) KEYPAD[letter] = digit;
}

/** A parsed pattern: a SQLite GLOB over the E.164 string, the same as a JS RegExp, and its longest literal run. */
export interface ContainsPattern {
  /** The pattern as sent. */
  source: string;
  /** GLOB over the E.164 string (`+14155550123`). */
  glob: string;
  /** The same match as a RegExp, for checks outside SQLite. */
  regex: RegExp;
  /** Longest run of literal characters: an index on trigrams helps only when this is 3 or more. */
  longestLiteral: number;
}

/** Why a pattern was refused; `message` is written for the API caller. */
export class ContainsPatternError extends Error {}

/** Maps letters to keypad digits (`FLOWERS` → `3569377`), leaving everything else as it is. */
export function lettersToKeypad(text: string): string {
  return text.replace(/[A-Za-z]/g, (ch) => KEYPAD[ch.toUpperCase()]);
}

/** Parses a Contains value, throwing {@link ContainsPatternError} with the reason when Twilio would refuse it. */
export function parseContainsPattern(source: string): ContainsPattern {
  if (source.length < 2 || source.length > 16) {
    throw new ContainsPatternError(`"${source}" must be 2 to 16 characters long`);
  }
  const bad = source.match(/[^0-9A-Za-z*%+$]/);
  if (bad) throw new ContainsPatternError(`"${source}" contains "${bad[0]}"; use digits, letters, *, %, a leading + or a trailing $`);
  let body = source;
  const anchorStart = body.startsWith('+');
  if (anchorStart) body = body.slice(1);
  const anchorEnd = body.endsWith('$');
  if (anchorEnd) body = body.slice(0, -1);
  if (/[+$]/.test(body)) throw new ContainsPatternError(`"${source}": + may only lead the pattern and $ may only end it`);
  const parts = body.match(/^([*%]*)([0-9A-Za-z]*)([*%]*)$/);
  if (!parts) {
    throw new ContainsPatternError(`"${source}": wildcards (* and %) may only stand at the start or the end, never between digits or letters`);
  }
  const [, lead, core, trail] = parts;
  for (const run of [lead, trail]) {
    if (run.includes('*') && run.includes('%')) {
      throw new ContainsPatternError(`"${source}": * and % may not stand next to each other`);
    }
  }
  if (anchorStart && lead) throw new ContainsPatternError(`"${source}": a wildcard may not follow the + anchor`);
  if (anchorEnd && trail) throw new ContainsPatternError(`"${source}": a wildcard may not precede the $ anchor`);
  if (core.length < 2) throw new ContainsPatternError(`"${source}" needs at least two digits or letters`);

  const digits = lettersToKeypad(core);
  const wild = (run: string) => (run.startsWith('%') ? { glob: '*', re: '\\d*' } : { glob: '?'.repeat(run.length), re: `\\d{${run.length}}` });
  const leadPart = lead ? wild(lead) : { glob: '', re: '' };
  const trailPart = trail ? wild(trail) : { glob: '', re: '' };
  // The E.164 string starts with '+', so a start anchor is a literal '+'. An unanchored pattern may start anywhere
  // after the '+': consuming it first keeps a leading '?' (one digit) from matching the '+' itself.
  const glob = `${anchorStart ? '+' : '+*'}${leadPart.glob}${digits}${trailPart.glob}${anchorEnd ? '' : '*'}`;
  const regex = new RegExp(`${anchorStart ? '^\\+' : ''}${leadPart.re}${digits}${trailPart.re}${anchorEnd ? '$' : ''}`);
  return { source, glob, regex, longestLiteral: digits.length };
}
