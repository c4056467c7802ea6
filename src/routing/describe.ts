/**
 * Plain words for routing plans: steps, prompts, destinations and branch conditions.
 *
 * The diagram renderers and the diff both speak through this module, so a reviewer reads the same
 * phrase for a step in the picture and in the pull-request comment ("Forward to +1 415 555 0100
 * (ring 20 s)", "Weekdays 07:00–18:00", "Press 1 · Sales").
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CallerId, GeoRoute, MenuOption, Prompt, RoutingPlan, ScheduleWindow, Step, StepType } from './model';
import { reachableSteps, stepReferences } from './graph';
import { DAY_MINUTES, WEEK_MINUTES, clockMinutes, scheduleZone, windowDays } from './schedule';

const DAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A phone number in international format with spaces (`+1 415 555 0100`); a SIP URI or anything unparsable as written. */
export function formatNumber(target: string): string {
  if (!target.startsWith('+')) return target;
  return parsePhoneNumberFromString(target)?.formatInternational() ?? target;
}

/** Seconds as people say them: `20 s`, `3 min`, `1 min 30 s`, `1 h`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** Days of the week (0 = Monday) grouped the way people write them: "Weekdays", "Weekends", "Every day", "Mon–Wed, Fri". */
export function describeDays(days: readonly number[]): string {
  const set = [...new Set(days)].filter((d) => d >= 0 && d < 7).sort((a, b) => a - b);
  const key = set.join('');
  if (key === '0123456') return 'Every day';
  if (key === '01234') return 'Weekdays';
  if (key === '56') return 'Weekends';
  const runs: number[][] = [];
  for (const d of set) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === d - 1) run.push(d);
    else runs.push([d]);
  }
  // Two neighbouring days read better listed ("Sat, Sun") than as a range ("Sat–Sun").
  return runs
    .map((run) => (run.length >= 3 ? `${DAY_LABELS[run[0]]}–${DAY_LABELS[run[run.length - 1]]}` : run.map((d) => DAY_LABELS[d]).join(', ')))
    .join(', ');
}

/** A clock range: `07:00–18:00`, `18:00–09:00` (past midnight), or `all day`. */
export function describeClockRange(from: string, to: string): string {
  const a = clockMinutes(from);
  const b = clockMinutes(to);
  if ((a === 0 && (b === DAY_MINUTES || b === 0)) || (a === DAY_MINUTES && b === DAY_MINUTES)) return 'all day';
  return `${from}–${to}`;
}

/** A schedule window's condition: "Weekdays 07:00–18:00", "Sat 08:00–14:00". */
export function describeWindow(window: ScheduleWindow): string {
  return `${describeDays(windowDays(window.days))} ${describeClockRange(window.from, window.to)}`;
}

function clock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

function weekMoment(minute: number): string {
  const m = ((minute % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  return `${DAY_LABELS[Math.floor(m / DAY_MINUTES)]} ${clock(m % DAY_MINUTES)}`;
}

/**
 * Stretches of the week (`[start, end)` minutes from Monday 00:00) in the words of a schedule:
 * stretches of at most a day that share their clock times are grouped by day ("Weekdays
 * 18:00–09:00"), whole days become "Weekends all day", and longer stretches read "Fri 18:00–Mon 09:00".
 */
export function describeWeekStretches(stretches: ReadonlyArray<readonly [number, number]>): string {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...stretches].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  if (merged.length === 0) return 'never';
  if (merged.length === 1 && merged[0][0] <= 0 && merged[0][1] >= WEEK_MINUTES) return 'All week';
  // A stretch running into Monday 00:00 continues the one that ends the week.
  if (merged.length > 1 && merged[0][0] === 0 && merged[merged.length - 1][1] === WEEK_MINUTES) {
    const first = merged.shift() as [number, number];
    merged[merged.length - 1][1] = WEEK_MINUTES + first[1];
  }
  type Group = { order: number; days: number[]; range: string };
  const groups = new Map<string, Group>();
  const add = (key: string, order: number, day: number, range: string) => {
    const g = groups.get(key);
    if (g) g.days.push(day);
    else groups.set(key, { order, days: [day], range });
  };
  for (const [s, e] of merged) {
    const day = Math.floor(s / DAY_MINUTES) % 7;
    if (s % DAY_MINUTES === 0 && e % DAY_MINUTES === 0) {
      for (let d = s; d < e; d += DAY_MINUTES) add('all day', d % WEEK_MINUTES, Math.floor(d / DAY_MINUTES) % 7, 'all day');
    } else if (e - s <= DAY_MINUTES) {
      const from = clock(s % DAY_MINUTES);
      const to = e % DAY_MINUTES === 0 ? '24:00' : clock(e % DAY_MINUTES);
      add(`${from}–${to}`, s, day, `${from}–${to}`);
    } else {
      groups.set(`long ${s}`, { order: s, days: [], range: `${weekMoment(s)}–${weekMoment(e)}` });
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.order - b.order)
    .map((g) => (g.days.length === 0 ? g.range : `${describeDays(g.days)} ${g.range}`))
    .join(', ');
}

/** What a caller hears, short: `"Thanks for calling…"` (quoted, cut at `maxLength`) or `audio hold.mp3`. */
export function describePrompt(prompt: Prompt, maxLength = 60): string {
  if (typeof prompt === 'object' && 'play' in prompt) {
    const file = prompt.play.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? prompt.play;
    return `audio ${file}`;
  }
  const text = (typeof prompt === 'string' ? prompt : prompt.say).replace(/\s+/g, ' ').replace(/`/g, "'").trim();
  // Cutting off only a word or two saves nothing and hides the end of the sentence; allow a little more.
  if (text.length <= maxLength + Math.ceil(maxLength / 8)) return `"${text}"`;
  // Cut at a word boundary so the reader never sees half a word.
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `"${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…"`;
}

/** True when a step a call can reach records, so every call first hears the plan's recording notice (as the simulator and compiler decide it). */
export function recordsCalls(plan: RoutingPlan): boolean {
  return reachableSteps(plan).some((name) => {
    const step: Step = plan.steps[name];
    return 'record' in step && step.record === true;
  });
}

/** Whose number the person answering sees. */
export function describeCallerId(callerId: CallerId): string {
  if (callerId === 'caller') return "the caller's number";
  if (callerId === 'plan-number') return 'the dialled number';
  return formatNumber(callerId);
}

/** How a caller picks a menu option: `Press 1 or say "sales"`. */
export function describeMenuOption(option: MenuOption): string {
  const said = (option.speech ?? []).map((w) => `"${w}"`).join(' or ');
  if (option.digits !== undefined) return said ? `Press ${option.digits} or say ${said}` : `Press ${option.digits}`;
  return `Say ${said}`;
}

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** A country's English name ("Canada"), or its code when unknown. */
export function countryName(code: string): string {
  try {
    return COUNTRY_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A geography rule's condition: "Callers from CA, OR, WA", "Area codes 212, 646", "Callers from Canada". */
export function describeGeoRoute(route: GeoRoute): string {
  if (route.areaCodes) return `${route.areaCodes.length === 1 ? 'Area code' : 'Area codes'} ${route.areaCodes.join(', ')}`;
  if (route.regions) return `Callers from ${route.regions.join(', ')}`;
  return `Callers from ${(route.countries ?? []).map(countryName).join(', ')}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What a step does, in one line: "Forward to +1 415 555 0100 (ring 20 s)", "Queue sales (max wait 3 min)". */
export function describeStep(step: Step, plan?: RoutingPlan): string {
  switch (step.type) {
    case 'forward':
    case 'sip': {
      const notes = [`ring ${step.timeout} s`, step.record ? 'recorded' : '', step.callerId ? `caller ID ${describeCallerId(step.callerId)}` : ''];
      return `Forward to ${formatNumber(step.to)} (${notes.filter(Boolean).join(', ')})`;
    }
    case 'ring': {
      const targets = step.targets.map(formatNumber).join(', ');
      const notes = [step.strategy === 'simultaneous' ? `${step.timeout} s` : `${step.timeout} s each`, step.record ? 'recorded' : ''];
      return `Ring ${targets} ${step.strategy === 'simultaneous' ? 'at once' : 'in turn'} (${notes.filter(Boolean).join(', ')})`;
    }
    case 'queue':
      return `Queue ${step.queue} (max wait ${formatDuration(step.maxWait)})`;
    case 'voicemail': {
      const notes = [
        step.maxLength !== 120 ? `up to ${formatDuration(step.maxLength)}` : '',
        step.transcribe ? 'transcribed' : '',
        step.notify?.email ? `e-mailed to ${step.notify.email}` : '',
        step.notify?.webhook ? `posted to ${hostOf(step.notify.webhook)}` : '',
      ].filter(Boolean);
      return notes.length > 0 ? `Voicemail (${notes.join(', ')})` : 'Voicemail';
    }
    case 'conference':
      return `Conference room ${step.room}${step.record ? ' (recorded)' : ''}`;
    case 'hangup':
      return step.message ? `Say ${describePrompt(step.message)} and hang up` : 'Hang up';
    case 'say':
      return `Say ${describePrompt(step.message)}`;
    case 'menu':
      return `Menu: ${describePrompt(step.prompt, 48)}`;
    case 'schedule': {
      const zone = plan ? scheduleZone(plan, step) : step.timeZone;
      return zone ? `Schedule (${zone})` : 'Schedule';
    }
    case 'geo':
      return 'Where is the caller from?';
    case 'screen':
      return step.mode === 'block'
        ? `Block ${step.numbers.length} listed ${step.numbers.length === 1 ? 'number' : 'numbers'}`
        : `Allow only ${step.numbers.length} listed ${step.numbers.length === 1 ? 'number' : 'numbers'}`;
    case 'split':
      return `Split callers ${step.branches.map((b) => `${b.percent}%`).join(' / ')}`;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** One way out of a step: the words on the diagram's arrow, the step it leads to, and the field that says so. */
export interface StepBranch {
  /** Words on the arrow ("no answer", "Press 1 · Sales", "Weekdays 07:00–18:00"); empty for a plain "then". */
  readonly label: string;
  /** Name of the next step. */
  readonly next: string;
  /** Field path inside the step, for `stepPath(plan, step, ...field)`. */
  readonly field: readonly (string | number)[];
}

/** Every way out of a step, in the order the model declares them, with the words for its arrow. */
export function stepBranches(step: Step): StepBranch[] {
  return stepReferences(step).map((ref) => ({ label: branchLabel(step, ref.field), next: ref.next, field: ref.field }));
}

/** The words on the arrow of the branch held by `field` ("no answer", "Press 1 · Sales", "Weekdays 07:00–18:00"). */
export function branchLabel(step: Step, field: readonly (string | number)[]): string {
  const [head, index] = field;
  const i = typeof index === 'number' ? index : -1;
  switch (step.type) {
    case 'menu': {
      if (head === 'options') {
        const o = step.options[i];
        const how = o.digits !== undefined ? `Press ${o.digits}` : `Say "${(o.speech ?? [])[0] ?? ''}"`;
        return o.label ? `${how} · ${o.label}` : how;
      }
      return head === 'onInvalid' ? 'invalid choice' : 'no input';
    }
    case 'schedule':
      if (head === 'holidays') return `Holiday: ${(step.holidays ?? [])[i].name}`;
      if (head === 'windows') return describeWindow(step.windows[i]);
      return 'otherwise';
    case 'geo':
      return head === 'routes' ? describeGeoRoute(step.routes[i]) : 'otherwise';
    case 'screen':
      if (head === 'onRejected') return step.mode === 'block' ? 'on the block list' : 'not listed';
      return step.mode === 'block' ? 'not listed' : 'on the allow list';
    case 'split': {
      const b = step.branches[i];
      return b.label ? `${b.percent}% · ${b.label}` : `${b.percent}%`;
    }
    case 'say':
      return '';
    case 'queue':
      return head === 'onTimeout' ? 'max wait reached' : 'failed';
    default:
      return FAILOVER_LABELS[String(head)] ?? String(head);
  }
}

const FAILOVER_LABELS: Record<string, string> = { onNoAnswer: 'no answer', onBusy: 'busy', onFailure: 'failed', onTimeout: 'timeout' };

/** The kinds of step that choose between branches (drawn as diamonds). */
export const DECISION_TYPES: ReadonlySet<StepType> = new Set<StepType>(['schedule', 'geo', 'screen', 'split', 'menu']);

const DECISION_NOUNS: Partial<Record<StepType, string>> = {
  schedule: 'schedule',
  geo: 'caller-location check',
  screen: 'call screening',
  split: 'percentage split',
};

/**
 * Where a call sent to `stepName` ends up, in a few words, for "now …, was …" sentences: messages
 * (`say` steps) are followed to the first step that connects, queues, records or decides, and
 * counted, because callers hear them: "+1 415 555 0100", "a message, then voicemail", "the sales
 * queue", "the menu". An absent step means the call ends. A message's words are not part of the
 * phrase, so editing them is a step change, not a new route.
 */
export function describeDestination(plan: RoutingPlan, stepName: string | undefined): string {
  const seen = new Set<string>();
  let name = stepName;
  let end = 'the call ends';
  while (name !== undefined) {
    const step: Step | undefined = plan.steps[name];
    if (step === undefined) {
      end = `missing step "${name}"`;
      break;
    }
    if (step.type !== 'say') {
      end = destinationWords(name, step);
      break;
    }
    if (seen.has(name)) return 'a loop of messages';
    seen.add(name);
    name = step.next;
  }
  // Callers hear the messages on the way, so adding or removing one is a change they notice (its words are in the step changes).
  if (seen.size === 0) return end;
  return `${seen.size === 1 ? 'a message' : `${seen.size} messages`}, then ${end}`;
}

function destinationWords(name: string, step: Step): string {
  switch (step.type) {
    case 'forward':
    case 'sip':
      return formatNumber(step.to);
    case 'ring':
      return step.strategy === 'simultaneous' ? `${list(step.targets.map(formatNumber))} at once` : `${step.targets.map(formatNumber).join(' then ')} in turn`;
    case 'queue':
      return `the ${step.queue} queue`;
    case 'voicemail':
      return 'voicemail';
    case 'conference':
      return `conference room ${step.room}`;
    case 'hangup':
      return step.message ? 'hang up after a message' : 'hang up';
    case 'menu': {
      const words = name.replace(/_/g, ' ');
      return /\bmenu\b/i.test(words) ? `the ${words}` : `the ${words} menu`;
    }
    default:
      return `the ${DECISION_NOUNS[step.type] ?? step.type} \`${name}\``;
  }
}

/** Phone numbers, durations and "in turn" / "at once" are never split across lines ("+1 415 555 0100", "20 s"). */
const UNBREAKABLE = /\+\d+(?: \d+)+|\b(?:ring )?\d+ (?:s|min|h)\b(?: each)?|\b(?:in turn|at once)\b/g;

/** Splits text into lines of at most `width` characters at spaces (a longer word keeps a line to itself). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  const glued = text.replace(UNBREAKABLE, (m) => m.replace(/ /g, '\u00a0'));
  for (const paragraph of glued.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.map((l) => l.replace(/\u00a0/g, ' '));
}
