/**
 * Compiles the pattern part of a search (vanity word, sequence, prefix, suffix, regex) into three things: a local
 * matcher, the narrowest Twilio `Contains` that every match must satisfy, and a plain-words description.
 *
 * The `Contains` is only ever implied by the patterns, never narrower: pushing it down to the carrier may leave work
 * for the local matcher but can never hide a number the local matcher would accept. Bad patterns are refused here,
 * before any carrier call, with the field path and the fix.
 */
import { RE2JS } from 're2js';
import { parse as parseRegex, type RootNode } from 'regjsparser';
import { ValidationError } from '../core/errors';
import { ContainsPatternError, lettersToKeypad, parseContainsPattern, type ContainsPattern } from './contains-pattern';
import { MAX_REGEX_LENGTH, type PatternCriteria } from './criteria';
import { LONGEST_STEP_RUN, effectiveMinLength, hasDigitRun, type SequenceKind } from './sequences';

/** What the compiler needs to know about the country searched. */
export interface PatternContext {
  /** Country calling code without '+', e.g. '1' or '44'. */
  readonly callingCode: string;
  /** Typical national number length (10 in NANP), so a pattern longer than a number is refused; else 15 minus the calling code. */
  readonly nationalLength?: number;
}

/** Pattern criteria ready to use while paging through carrier results. */
export interface CompiledPatterns {
  /** True when the number satisfies every pattern given. `e164` like '+14155550123', `national` like '4155550123'. */
  matches(e164: string, national: string): boolean;
  /** The narrowest Twilio Contains that every match must satisfy (so pushing it down never loses a match), or undefined when none applies. Must pass parseContainsPattern. */
  contains?: string;
  /** Plain-words description for CLI output, e.g. 'spells FLOWERS at the end; has 4+ ascending digits'. */
  description: string;
  /** Keypad digits of the vanity word, for scoring. */
  vanityDigits?: string;
}

/** RE2 program size above which a regex is refused: a 200-character pattern can still ask for a very large automaton. */
export const MAX_REGEX_PROGRAM_SIZE = 10_000;

/** E.164 allows at most 15 digits, calling code included. */
const MAX_E164_DIGITS = 15;

/** Twilio refuses a Contains longer than this. */
const MAX_CONTAINS_LENGTH = 16;

type Predicate = (e164: string, national: string) => boolean;

/**
 * A digit string every matching number contains in its E.164 form, possibly pinned right after the '+' or at the end.
 * Pinned-start digits begin with the calling code.
 */
interface Requirement {
  readonly digits: string;
  readonly atStart: boolean;
  readonly atEnd: boolean;
}

/** One Contains value a requirement can be pushed down as, with how much it narrows the search. */
interface Candidate {
  readonly contains: string;
  /** Digits that tell numbers of this country apart (the calling code is the same for all of them). */
  readonly informative: number;
  readonly anchors: number;
}

/** Validates pattern criteria and compiles them; throws {@link ValidationError} naming the field for anything that can never match. */
export function compilePatterns(patterns: PatternCriteria, ctx: PatternContext): CompiledPatterns {
  const callingCode = checkCallingCode(ctx.callingCode);
  const maxNational = checkNationalLength(ctx.nationalLength, callingCode);
  const predicates: Predicate[] = [];
  const requirements: Requirement[] = [];
  const described: string[] = [];
  let vanityDigits: string | undefined;

  if (patterns.vanity) {
    const { word, at } = patterns.vanity;
    const digits = checkVanityWord(word, maxNational);
    vanityDigits = digits;
    if (at === 'end') {
      predicates.push((_e164, national) => national.endsWith(digits));
      requirements.push({ digits, atStart: false, atEnd: true });
      described.push(`spells ${word.toUpperCase()} at the end`);
    } else {
      // A word may run into the calling code (+44 …), so the E.164 digits count too; they contain the national ones.
      predicates.push((e164, national) => national.includes(digits) || e164.replace(/^\+/, '').includes(digits));
      requirements.push({ digits, atStart: false, atEnd: false });
      described.push(`spells ${word.toUpperCase()}`);
    }
  }

  if (patterns.sequence) {
    const { kind, minLength } = patterns.sequence;
    checkSequence(kind, minLength, maxNational);
    predicates.push((_e164, national) => hasDigitRun(national, kind, minLength));
    described.push(describeSequence(kind, minLength));
  }

  if (patterns.prefix !== undefined) {
    const prefix = checkDigits('patterns.prefix', 'prefix', patterns.prefix, maxNational);
    predicates.push((_e164, national) => national.startsWith(prefix));
    requirements.push({ digits: callingCode + prefix, atStart: true, atEnd: false });
    described.push(`starts with ${prefix}`);
  }

  if (patterns.suffix !== undefined) {
    const suffix = checkDigits('patterns.suffix', 'suffix', patterns.suffix, maxNational);
    predicates.push((_e164, national) => national.endsWith(suffix));
    requirements.push({ digits: suffix, atStart: false, atEnd: true });
    described.push(`ends with ${suffix}`);
  }

  checkAnchorsAgree(patterns, vanityDigits, maxNational);

  if (patterns.contains !== undefined) {
    const parsed = checkContains(patterns.contains);
    predicates.push((e164) => parsed.pattern.regex.test(e164));
    if (parsed.requirement) requirements.push(parsed.requirement);
    described.push(`matches Contains "${patterns.contains}"`);
  }

  if (patterns.regex) {
    const { pattern, over } = patterns.regex;
    const regex = compileRegex(pattern);
    const facts = analyseRegex(pattern, over, callingCode);
    const longest = over === 'national' ? maxNational : 1 + callingCode.length + maxNational;
    if (facts && facts.minLength > longest) {
      throw new ValidationError({
        field: 'patterns.regex.pattern',
        summary: `"${pattern}" needs at least ${facts.minLength} characters but ${over === 'national' ? 'a national number has' : 'an E.164 number has'} at most ${longest}`,
        detail: 'shorten the pattern; it is searched for anywhere in the number, so it need not spell out every digit',
      });
    }
    predicates.push(over === 'national' ? (_e164, national) => regex.test(national) : (e164) => regex.test(e164));
    if (facts) requirements.push(...facts.requirements);
    described.push(`matches /${pattern}/ on the ${over === 'national' ? 'national' : 'E.164'} number`);
  }

  const contains = narrowestContains(requirements, callingCode);
  return {
    matches: (e164, national) => predicates.every((matches) => matches(e164, national)),
    ...(contains !== undefined ? { contains } : {}),
    description: described.length > 0 ? described.join('; ') : 'any number',
    ...(vanityDigits !== undefined ? { vanityDigits } : {}),
  };
}

/**
 * A Contains value, checked with the same parser the sandbox uses, and the literal digits every match has: its
 * letters on the keypad, pinned where the pattern anchors them and no wildcard stands between anchor and literal.
 */
function checkContains(source: string): { pattern: ContainsPattern; requirement?: Requirement } {
  let pattern: ContainsPattern;
  try {
    pattern = parseContainsPattern(source);
  } catch (err) {
    if (!(err instanceof ContainsPatternError)) throw err;
    throw new ValidationError({
      field: 'patterns.contains',
      summary: err.message,
      detail: 'e.g. "HELP" (anywhere), "+1415%" (starts with +1 415), "0100$" (ends with 0100)',
    });
  }
  const body = source.replace(/^\+/, '').replace(/\$$/, '');
  const core = body.replace(/^[*%]+/, '').replace(/[*%]+$/, '');
  if (core.length < 2) return { pattern };
  return {
    pattern,
    requirement: {
      digits: lettersToKeypad(core),
      atStart: source.startsWith('+') && core === body.replace(/[*%]+$/, ''),
      atEnd: source.endsWith('$') && core === body.replace(/^[*%]+/, ''),
    },
  };
}

function checkCallingCode(callingCode: string): string {
  if (!/^[1-9]\d{0,2}$/.test(callingCode)) {
    throw new ValidationError({
      field: 'callingCode',
      summary: `"${callingCode}" is not a country calling code`,
      detail: 'give 1 to 3 digits without the +, e.g. "1" for the US or "44" for the UK',
    });
  }
  return callingCode;
}

function checkNationalLength(nationalLength: number | undefined, callingCode: string): number {
  const most = MAX_E164_DIGITS - callingCode.length;
  if (nationalLength === undefined) return most;
  if (!Number.isInteger(nationalLength) || nationalLength < 2 || nationalLength > most) {
    throw new ValidationError({
      field: 'nationalLength',
      summary: `${nationalLength} is not a national number length for calling code +${callingCode}`,
      detail: `give a whole number from 2 to ${most} (E.164 numbers have at most 15 digits)`,
    });
  }
  return nationalLength;
}

function checkVanityWord(word: string, maxNational: number): string {
  const field = 'patterns.vanity.word';
  const offKeypad = word.match(/[^A-Za-z0-9]/);
  if (offKeypad) {
    const shown = offKeypad[0] === ' ' ? 'a space' : `"${offKeypad[0]}"`;
    throw new ValidationError({
      field,
      summary: `"${word}" has ${shown}, which is not on a phone keypad`,
      detail: 'use only letters A–Z and digits 0–9, e.g. "FLOWERS"; leave out spaces, dashes and the country or area code',
    });
  }
  if (word.length < 2) {
    throw new ValidationError({ field, summary: `"${word}" is too short to search for`, detail: 'give at least 2 letters or digits' });
  }
  const digits = lettersToKeypad(word);
  if (digits.length > maxNational) {
    throw new ValidationError({
      field,
      summary: `"${word}" is ${digits.length} digits on the keypad but a national number has at most ${maxNational}`,
      detail: `use a word of at most ${maxNational} letters`,
    });
  }
  return digits;
}

function checkDigits(field: string, name: string, value: string, maxNational: number): string {
  if (!/^\d+$/.test(value)) {
    throw new ValidationError({ field, summary: `${name} "${value}" is not all digits`, detail: 'give national digits only, without +, spaces or dashes' });
  }
  if (value.length > maxNational) {
    throw new ValidationError({
      field,
      summary: `${name} "${value}" is ${value.length} digits but a national number has at most ${maxNational}`,
      detail: `shorten the ${name} to at most ${maxNational} digits, and leave out the country code`,
    });
  }
  return value;
}

function checkSequence(kind: SequenceKind, minLength: number, maxNational: number): void {
  const field = 'patterns.sequence.minLength';
  if (!Number.isInteger(minLength) || minLength < 2) {
    throw new ValidationError({ field, summary: `${minLength} is not a run length`, detail: 'give a whole number of at least 2' });
  }
  if ((kind === 'ascending' || kind === 'descending') && minLength > LONGEST_STEP_RUN) {
    throw new ValidationError({
      field,
      summary: `no ${kind} run is ${minLength} digits long`,
      detail: `the longest is ${LONGEST_STEP_RUN} (${kind === 'ascending' ? '0123456789' : '9876543210'}); ask for at most ${LONGEST_STEP_RUN}`,
    });
  }
  const needed = effectiveMinLength(kind, minLength);
  if (needed > maxNational) {
    throw new ValidationError({
      field,
      summary: `a run of ${needed} digits does not fit in a national number of at most ${maxNational}`,
      detail: `ask for at most ${kind === 'repeatedPairs' ? maxNational - (maxNational % 2) : maxNational} digits`,
    });
  }
}

/** Refuses prefix, suffix and an end-anchored vanity word that no single number could satisfy together. */
function checkAnchorsAgree(patterns: PatternCriteria, vanityDigits: string | undefined, maxNational: number): void {
  const endWord = patterns.vanity?.at === 'end' ? vanityDigits : undefined;
  const { prefix, suffix } = patterns;
  if (endWord !== undefined && suffix !== undefined && !endWord.endsWith(suffix) && !suffix.endsWith(endWord)) {
    throw new ValidationError({
      field: 'patterns.vanity.word',
      summary: `"${patterns.vanity?.word}" (${endWord}) at the end and suffix "${suffix}" cannot both end a number`,
      detail: 'drop one of them, or make the suffix the last digits of the word',
    });
  }
  if (prefix === undefined) return;
  if (suffix !== undefined && !canFit(prefix, suffix, maxNational)) {
    throw new ValidationError({
      field: 'patterns.suffix',
      summary: `no number of at most ${maxNational} digits starts with prefix "${prefix}" and ends with suffix "${suffix}"`,
      detail: 'shorten the prefix or the suffix, or make them agree where they overlap',
    });
  }
  if (endWord !== undefined && !canFit(prefix, endWord, maxNational)) {
    throw new ValidationError({
      field: 'patterns.vanity.word',
      summary: `no number of at most ${maxNational} digits starts with prefix "${prefix}" and ends with "${patterns.vanity?.word}" (${endWord})`,
      detail: 'use a shorter word or prefix, or put the word anywhere instead of at the end',
    });
  }
}

/** True when some national number of up to `maxLength` digits starts with `start` and ends with `end`. */
function canFit(start: string, end: string, maxLength: number): boolean {
  // Numbers shorter than the typical length exist in many countries, so any length up to it may do.
  for (let length = Math.max(start.length, end.length); length <= maxLength; length++) {
    const endAt = length - end.length;
    let agrees = true;
    for (let i = endAt; i < start.length && agrees; i++) agrees = start[i] === end[i - endAt];
    if (agrees) return true;
  }
  return false;
}

function describeSequence(kind: SequenceKind, minLength: number): string {
  switch (kind) {
    case 'ascending':
    case 'descending':
    case 'repeated':
      return `has ${minLength}+ ${kind} digits`;
    case 'repeatedPairs':
      return `has ${effectiveMinLength(kind, minLength)}+ digits of one pair repeated`;
    case 'palindrome':
      return `has a ${minLength}+ digit palindrome`;
  }
}

function compileRegex(pattern: string): RE2JS {
  const field = 'patterns.regex.pattern';
  if (pattern.length === 0) {
    throw new ValidationError({ field, summary: 'the regular expression is empty', detail: 'give a pattern such as "^415" or "(\\d)\\1" without the slashes' });
  }
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new ValidationError({
      field,
      summary: `the regular expression is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}`,
      detail: 'shorten it: it is searched for anywhere in the number, so it need not describe every digit',
    });
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new ValidationError({
      field,
      summary: `"${pattern}" is not a valid RE2 regular expression: ${reason}`,
      detail: 'fix the syntax; RE2 has no backreferences or lookarounds (https://github.com/google/re2/wiki/Syntax)',
      cause: err,
    });
  }
  if (regex.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    throw new ValidationError({
      field,
      summary: `"${pattern}" is too complex (RE2 program size ${regex.programSize()}, limit ${MAX_REGEX_PROGRAM_SIZE})`,
      detail: 'use smaller repeat counts such as \\d{4} instead of nested or very large repetitions',
    });
  }
  return regex;
}

// ---------------------------------------------------------------------------------------------------------------------
// Regex analysis. regjsparser reads JavaScript syntax, not RE2, so the walk only trusts constructs both read the same
// way and gives up (no pushdown, no length check) on anything else: a wrong guess here would lose matches.

/** What a regex is known to require, or undefined when the analysis gave up. */
interface RegexFacts {
  readonly requirements: Requirement[];
  readonly minLength: number;
}

/** Escaped characters RE2 and JavaScript both read as the literal character. */
const SHARED_ESCAPES = new Set(['\\^', '\\$', '\\\\', '\\.', '\\*', '\\+', '\\?', '\\(', '\\)', '\\[', '\\]', '\\{', '\\}', '\\|', '\\/', '\\-']);

function analyseRegex(pattern: string, over: 'national' | 'e164', callingCode: string): RegexFacts | undefined {
  // \Q…\E quotes, POSIX classes [[:digit:]] and a leading ] in a class ([]a]) mean different things to the two parsers,
  // and JavaScript counts a character outside the BMP as two where RE2 counts one.
  if (/\\Q|\[:|\[\^?\]|[^\x00-\x7f]/.test(pattern)) return undefined;
  let ast: RootNode;
  try {
    ast = parseRegex(pattern, '');
  } catch {
    return undefined;
  }
  if (!readsTheSame(ast)) return undefined;
  const runs = requiredRuns([ast], over, true);
  const requirements = runs.map((run): Requirement => {
    // A national run pinned to the start sits right after the calling code in the E.164 number.
    if (over === 'national' && run.atStart) return { ...run, digits: callingCode + run.digits };
    return run;
  });
  return { requirements, minLength: minimumLength(ast) };
}

function readsTheSame(node: RootNode): boolean {
  switch (node.type) {
    case 'value':
      return (
        node.kind === 'symbol' ||
        node.kind === 'singleEscape' ||
        node.kind === 'hexadecimalEscape' ||
        (node.kind === 'identifier' && SHARED_ESCAPES.has(node.raw))
      );
    case 'group':
      return (node.behavior === 'normal' || node.behavior === 'ignore') && node.body.every(readsTheSame);
    case 'alternative':
    case 'disjunction':
    case 'quantifier':
      return node.body.every(readsTheSame);
    case 'anchor':
    case 'characterClass':
    case 'characterClassEscape':
    case 'dot':
      return true;
    default:
      return false;
  }
}

function minimumLength(node: RootNode): number {
  switch (node.type) {
    case 'alternative':
    case 'group':
      return node.body.reduce((sum, child) => sum + minimumLength(child), 0);
    case 'disjunction':
      return Math.min(...node.body.map(minimumLength));
    case 'quantifier':
      return node.min * minimumLength(node.body[0]);
    case 'anchor':
      return 0;
    default:
      return 1;
  }
}

/** Concatenation items with plain groups opened up: (12)3 is the same sequence as 123. */
function flatten(nodes: readonly RootNode[]): RootNode[] {
  return nodes.flatMap((node) => {
    if (node.type === 'alternative') return flatten(node.body);
    if (node.type === 'group' && (node.behavior === 'normal' || node.behavior === 'ignore')) return flatten(node.body);
    return [node];
  });
}

function digitOf(node: RootNode): string | undefined {
  if (node.type !== 'value') return undefined;
  const ch = String.fromCodePoint(node.codePoint);
  return /^\d$/.test(ch) ? ch : undefined;
}

/**
 * Runs of literal digits every match contains, walking one concatenation. Anything not certainly a digit ends the
 * current run; alternation, optional parts and zero-minimum repeats contribute nothing. Only the top level may pin a
 * run to the start (`^` over national digits, `\+` over E.164) or to the end (`$`).
 */
function requiredRuns(nodes: readonly RootNode[], over: 'national' | 'e164', topLevel: boolean): Requirement[] {
  const items = flatten(nodes);
  const runs: Requirement[] = [];
  let digits = '';
  let runAtStart = false;
  let pinnedStart = false;
  let pinnedEnd = false;
  if (topLevel && over === 'national' && items[0]?.type === 'anchor' && items[0].kind === 'start') {
    items.shift();
    pinnedStart = true;
  }
  const last = items[items.length - 1];
  if (topLevel && last?.type === 'anchor' && last.kind === 'end') {
    items.pop();
    pinnedEnd = true;
  }
  const add = (more: string) => {
    if (digits === '') runAtStart = pinnedStart;
    digits += more;
  };
  const close = () => {
    if (digits !== '') runs.push({ digits, atStart: runAtStart, atEnd: false });
    digits = '';
    pinnedStart = false;
  };

  for (const item of items) {
    const digit = digitOf(item);
    if (digit !== undefined) {
      add(digit);
      continue;
    }
    if (item.type === 'value' && item.codePoint === 0x2b && over === 'e164' && topLevel) {
      // A '+' can only match the first character of an E.164 number, so the digits after it are pinned to the start.
      close();
      pinnedStart = true;
      continue;
    }
    if (item.type === 'quantifier' && item.min >= 1) {
      const body = item.body[0];
      const repeated = digitOf(body);
      if (repeated !== undefined && item.max === item.min) {
        add(repeated.repeat(item.min));
        continue;
      }
      if (repeated !== undefined) {
        // 5{2,}: the first two 5s follow what came before and the last two precede what comes next.
        add(repeated.repeat(item.min));
        close();
        add(repeated.repeat(item.min));
        continue;
      }
      close();
      runs.push(...requiredRuns([body], over, false));
      continue;
    }
    close();
  }
  if (digits !== '') runs.push({ digits, atStart: runAtStart, atEnd: pinnedEnd });
  return runs;
}

// ---------------------------------------------------------------------------------------------------------------------
// Choosing the Contains.

/** The most selective Contains any requirement implies: most informative digits, then most anchors. */
function narrowestContains(requirements: readonly Requirement[], callingCode: string): string | undefined {
  let best: Candidate | undefined;
  for (const requirement of requirements) {
    for (const candidate of candidatesFor(requirement, callingCode)) {
      if (!best || candidate.informative > best.informative || (candidate.informative === best.informative && candidate.anchors > best.anchors)) {
        best = candidate;
      }
    }
  }
  return best?.contains;
}

/** Every Contains a requirement implies that Twilio accepts; when it is too long, the part nearest an anchor is kept. */
function candidatesFor(requirement: Requirement, callingCode: string): Candidate[] {
  const { digits, atStart, atEnd } = requirement;
  const room = MAX_CONTAINS_LENGTH;
  const options: { from: number; to: number; start: boolean; end: boolean }[] = [];
  if (atStart && atEnd) options.push({ from: 0, to: digits.length, start: true, end: true });
  if (atStart) options.push({ from: 0, to: Math.min(digits.length, room - 1), start: true, end: false });
  if (atEnd) options.push({ from: Math.max(0, digits.length - (room - 1)), to: digits.length, start: false, end: true });
  options.push({ from: 0, to: Math.min(digits.length, room), start: false, end: false });

  const candidates: Candidate[] = [];
  for (const option of options) {
    const kept = digits.slice(option.from, option.to);
    const contains = `${option.start ? '+' : ''}${kept}${option.end ? '$' : ''}`;
    if (!acceptedByTwilio(contains)) continue;
    const sharedWithCallingCode = atStart && option.from === 0 ? commonPrefixLength(kept, callingCode) : 0;
    candidates.push({ contains, informative: kept.length - sharedWithCallingCode, anchors: Number(option.start) + Number(option.end) });
  }
  return candidates;
}

function acceptedByTwilio(contains: string): boolean {
  try {
    parseContainsPattern(contains);
    return true;
  } catch {
    return false;
  }
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
