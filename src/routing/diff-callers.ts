/**
 * What callers will notice between two versions of a plan: for each time of the week, holiday,
 * menu key, kind of caller, screened number, share of a split and failover, where calls now end up
 * against where they ended up before. Each side's path is asked of decide.ts, the module the
 * simulator follows, so a sentence here is always what a simulated call would do.
 *
 * Compares destinations in words (`describeDestination`), so a change of wording that keeps every
 * caller's destination is no change to callers.
 */
import { DateTime } from 'luxon';
import { nanpAreaCode, nanpRegionCountry } from '../catalogue/nanp-lookup';
import type { CallerGeography } from './call-scenario';
import { chosenOption, decideGeo, decideSchedule, decideScreen, decideSplitAtBucket, dialNext, percentBucket, queueNext } from './decide';
import { countryName, recordsCalls, describeDestination, describePrompt, describeWeekStretches, formatDuration, formatNumber } from './describe';
import type { NamedPlan } from './diff';
import { optionAction, optionKey } from './diff-steps';
import type { ForwardStep, GeoStep, MenuOption, MenuStep, QueueStep, RingStep, RoutingPlan, ScheduleStep, ScreenStep, SipStep, SplitStep, Step } from './model';
import { WEEK_MINUTES, scheduleIntervals, scheduleZone } from './schedule';

/** Sentences for what callers notice about one step that both versions have, as the same kind of step. */
export function stepCallerChanges(bp: RoutingPlan, old: Step, hp: RoutingPlan, stepName: string, step: Step): string[] {
  if (old.type !== step.type) return [];
  const where = contextOf(hp, stepName, step);
  switch (step.type) {
    case 'schedule':
      return scheduleCallerChanges(bp, old as ScheduleStep, hp, step, where);
    case 'menu':
      return menuCallerChanges(bp, old as MenuStep, hp, step, where);
    case 'geo':
      return geoCallerChanges(bp, old as GeoStep, hp, step, where);
    case 'screen':
      return screenCallerChanges(bp, old as ScreenStep, hp, step, where);
    case 'split':
      return splitCallerChanges(bp, old as SplitStep, hp, step, where);
    case 'forward':
    case 'sip':
    case 'ring':
    case 'queue':
      return failoverCallerChanges(bp, old, hp, stepName, step);
    default:
      return [];
  }
}

/** "now X, was Y" with both sides' destinations. */
function nowWas(now: string, was: string): string {
  return `now ${now}, was ${was}`;
}

/** Prefix naming the step when the plan has several steps of its kind, so sentences stay unambiguous. */
function contextOf(plan: RoutingPlan, stepName: string, step: Step): string {
  const several = Object.values(plan.steps).filter((s) => s.type === step.type).length > 1;
  return several ? ` (\`${stepName}\`)` : '';
}

/** Groups (key → items) preserving the order keys first appear. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/** Changes every call notices: where calls start, the recording notice, the voice. */
export function planCallerChanges(base: NamedPlan, head: NamedPlan): string[] {
  const out: string[] = [];
  const was = describeDestination(base.plan, base.plan.start);
  const now = describeDestination(head.plan, head.plan.start);
  if (was !== now) out.push(`Start of every call: ${nowWas(now, was)}`);
  const wasNotice = recordingNotice(base.plan);
  const nowNotice = recordingNotice(head.plan);
  if (wasNotice !== nowNotice) out.push(`Recording notice before every call: ${nowWas(nowNotice, wasNotice)}`);
  if (base.plan.voice !== head.plan.voice || base.plan.language !== head.plan.language) {
    out.push(`Text-to-speech voice: ${nowWas(`${head.plan.voice} (${head.plan.language})`, `${base.plan.voice} (${base.plan.language})`)}`);
  }
  return out;
}

function recordingNotice(plan: RoutingPlan): string {
  const records = recordsCalls(plan);
  return records && plan.recording ? describePrompt(plan.recording.disclosure, 80) : 'none';
}

function scheduleCallerChanges(bp: RoutingPlan, b: ScheduleStep, hp: RoutingPlan, h: ScheduleStep, where: string): string[] {
  const out: string[] = [];
  const zone = scheduleZone(hp, h) ?? 'UTC';
  const oldZone = scheduleZone(bp, b) ?? 'UTC';
  // Every window edge of either version splits the week into stretches that each version routes one way.
  const cuts = new Set<number>([0, WEEK_MINUTES]);
  for (const s of [...scheduleIntervals(b), ...scheduleIntervals(h)]) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const edges = [...cuts].sort((x, y) => x - y);
  const changed: Array<{ stretch: [number, number]; now: string; was: string }> = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const now = describeDestination(hp, decideSchedule(h, edges[i]).next);
    const was = describeDestination(bp, decideSchedule(b, edges[i]).next);
    if (now !== was) changed.push({ stretch: [edges[i], edges[i + 1]], now, was });
  }
  if (zone !== oldZone) out.push(`Time zone of the schedule${where}: ${nowWas(zone, oldZone)}; ${zoneShift(oldZone, zone)}${changed.length > 0 ? " (the times below are each version's local time)" : ''}`);
  for (const group of groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()) {
    out.push(`${describeWeekStretches(group.map((g) => g.stretch))} ${zone}${where}: ${nowWas(group[0].now, group[0].was)}`);
  }
  out.push(...holidayCallerChanges(bp, b, hp, h, where));
  return out;
}

/** Hours and minutes: "1 h", "30 min", "5 h 30 min". */
function hoursMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : ''].filter(Boolean).join(' ');
}

/**
 * What moving a schedule to another zone does to callers: the same clock times fall at other
 * moments ("every window now opens and closes 1 h later for callers"), judged in January and July
 * (of a fixed year, so the diff does not depend on when it runs).
 */
function zoneShift(oldZone: string, zone: string): string {
  const shift = (month: number) => {
    const at = DateTime.fromObject({ year: 2026, month, day: 15 }, { zone: 'UTC' });
    return (at.setZone(oldZone).offset ?? 0) - (at.setZone(zone).offset ?? 0);
  };
  const [winter, summer] = [shift(1), shift(7)];
  const words = (d: number) => (d === 0 ? 'at the same moment' : `${hoursMinutes(Math.abs(d))} ${d > 0 ? 'later' : 'earlier'}`);
  if (winter === summer) return winter === 0 ? 'the windows open and close at the same moments' : `every window now opens and closes ${words(winter)} for callers`;
  return `every window now opens and closes ${words(winter)} in January and ${words(summer)} in July for callers`;
}

function holidayCallerChanges(bp: RoutingPlan, b: ScheduleStep, hp: RoutingPlan, h: ScheduleStep, where: string): string[] {
  const usual = 'the usual hours';
  const fate = (plan: RoutingPlan, step: ScheduleStep, date: string): string => {
    // Any minute will do: on a holiday the calendar decides, whatever the time.
    const d = decideSchedule(step, 0, date);
    return d.holiday !== undefined ? describeDestination(plan, d.next) : usual;
  };
  const dates = [...new Set([...(b.holidays ?? []), ...(h.holidays ?? [])].flatMap((c) => c.dates))].sort();
  const changed = dates.map((date) => ({ date, now: fate(hp, h, date), was: fate(bp, b, date) })).filter((c) => c.now !== c.was);
  const calendars = [...(h.holidays ?? []), ...(b.holidays ?? [])];
  const out: string[] = [];
  for (const group of groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()) {
    const days = group.map((g) => g.date);
    // A whole calendar moving reads better by its name than as a list of dates.
    const whole = calendars.find((c) => c.dates.length === days.length && c.dates.every((d) => days.includes(d)));
    const when = whole ? `${whole.name} (${days.length} ${days.length === 1 ? 'date' : 'dates'})` : `${days.length === 1 ? 'Holiday' : 'Holidays'} ${days.join(', ')}`;
    out.push(`${when}${where}: ${nowWas(group[0].now, group[0].was)}`);
  }
  return out;
}

/** What a caller keys or says to pick an option: its digits, else its first word. */
function optionInput(option: MenuOption): string {
  return option.digits !== undefined ? option.digits : `speech:${(option.speech ?? [])[0] ?? ''}`;
}

function menuCallerChanges(bp: RoutingPlan, b: MenuStep, hp: RoutingPlan, h: MenuStep, where: string): string[] {
  const out: string[] = [];
  const at = where ? ` at the menu${where}` : '';
  const keys = [...new Set([...h.options.map(optionKey), ...b.options.map(optionKey)])];
  for (const key of keys) {
    const now = h.options.find((o) => optionKey(o) === key);
    const was = b.options.find((o) => optionKey(o) === key);
    const option = (now ?? was) as MenuOption;
    const label = now?.label ?? was?.label;
    const action = `${optionAction(option)}${label ? ` (${label})` : ''}`;
    // Where the key or word really leads is the menu's choice, not the option with the same key:
    // an earlier option may say the same word, and a shorter Gather may stop before the last digit.
    const input = optionInput(option);
    const dest = (plan: RoutingPlan, step: MenuStep): string => {
      const chosen = chosenOption(step, input);
      return chosen === undefined ? 'not an option' : describeDestination(plan, step.options[chosen].next);
    };
    const nowDest = dest(hp, h);
    const wasDest = dest(bp, b);
    if (nowDest !== wasDest) out.push(`${action}${at}: ${nowWas(nowDest, wasDest)}`);
  }
  const timeoutNow = describeDestination(hp, h.onTimeout);
  const timeoutWas = describeDestination(bp, b.onTimeout);
  if (timeoutNow !== timeoutWas) out.push(`No input at the menu${where}: ${nowWas(timeoutNow, timeoutWas)}`);
  const invalidNow = describeDestination(hp, h.onInvalid);
  const invalidWas = describeDestination(bp, b.onInvalid);
  if (invalidNow !== invalidWas) out.push(`An invalid choice at the menu${where}: ${nowWas(invalidNow, invalidWas)}`);
  return out;
}

/** A kind of caller a geography rule names: an area code, a state or province, a country, or anyone else. */
interface CallerKind {
  readonly words: string;
  /** Set for an area-code kind, so several read "area codes 212, 646". */
  readonly areaCode?: string;
  readonly geography: CallerGeography;
}

function callerKinds(routes: GeoStep['routes']): CallerKind[] {
  const out: CallerKind[] = [];
  for (const r of routes) {
    for (const code of r.areaCodes ?? []) {
      const known = nanpAreaCode(code);
      out.push({ words: `area code ${code}`, areaCode: code, geography: { areaCode: code, region: known?.region, country: known?.isoCountry ?? 'US' } });
    }
    for (const region of r.regions ?? []) out.push({ words: region, geography: { region, country: nanpRegionCountry(region) } });
    for (const country of r.countries ?? []) out.push({ words: countryName(country), geography: { country } });
  }
  return out;
}

function geoCallerChanges(bp: RoutingPlan, b: GeoStep, hp: RoutingPlan, h: GeoStep, where: string): string[] {
  const seen = new Set<string>();
  const kinds = [...callerKinds(h.routes), ...callerKinds(b.routes), { words: 'anywhere else', geography: {} }].filter((k) => !seen.has(k.words) && seen.add(k.words));
  const changed = kinds
    .map((k) => ({ words: k.words, areaCode: k.areaCode, now: describeDestination(hp, decideGeo(h, k.geography).next), was: describeDestination(bp, decideGeo(b, k.geography).next) }))
    .filter((c) => c.now !== c.was);
  return [...groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()].map((group) => {
    const codes = group.filter((g) => g.areaCode !== undefined).map((g) => g.areaCode as string);
    const words = group.filter((g) => g.areaCode === undefined).map((g) => g.words);
    if (codes.length > 0) words.splice(0, 0, `${codes.length === 1 ? 'area code' : 'area codes'} ${codes.join(', ')}`);
    return `Callers from ${words.join(', ')}${where}: ${nowWas(group[0].now, group[0].was)}`;
  });
}

/** What screening does with a caller (undefined: one on neither version's list), in words. */
function screenFate(plan: RoutingPlan, step: ScreenStep, from: string | undefined): string {
  const passes = decideScreen(step, from).passes;
  return passes ? `let through to ${describeDestination(plan, step.next)}` : `${step.mode === 'block' ? 'blocked' : 'turned away'} (${describeDestination(plan, step.onRejected)})`;
}

function screenCallerChanges(bp: RoutingPlan, b: ScreenStep, hp: RoutingPlan, h: ScreenStep, where: string): string[] {
  const numbers: Array<string | undefined> = [...new Set<string>([...h.numbers, ...b.numbers])];
  numbers.push(undefined);
  const changed = numbers
    .map((from) => ({ from, now: screenFate(hp, h, from), was: screenFate(bp, b, from) }))
    .filter((c) => c.now !== c.was);
  return [...groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()].map((group) => {
    const listed = group.filter((g) => g.from !== undefined).map((g) => formatNumber(g.from as string));
    const others = group.some((g) => g.from === undefined);
    const who = [listed.length > 0 ? `Calls from ${listed.join(', ')}` : '', others ? (listed.length > 0 ? 'every other caller' : 'Every unlisted caller') : ''].filter(Boolean).join(' and ');
    return `${who}${where}: ${nowWas(group[0].now, group[0].was)}`;
  });
}

/** The percents where a split's shares start and end: 0, then the running sum of its branches' percents. */
function splitCuts(step: SplitStep): number[] {
  let sum = 0;
  return [0, ...step.branches.map((br) => (sum += br.percent))];
}

function splitCallerChanges(bp: RoutingPlan, b: SplitStep, hp: RoutingPlan, h: SplitStep, where: string): string[] {
  const cuts = [...new Set([100, ...splitCuts(h), ...splitCuts(b)])].filter((c) => c <= 100).sort((x, y) => x - y);
  const changed: Array<{ share: number; now: string; was: string }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    // Every cut of either version is where some branch starts, so the whole stretch takes the
    // branch its first bucket takes; a remainder short of 100% goes to the last branch, as in the flow.
    const bucket = percentBucket(cuts[i]);
    const now = describeDestination(hp, decideSplitAtBucket(h, bucket).next);
    const was = describeDestination(bp, decideSplitAtBucket(b, bucket).next);
    if (now !== was) changed.push({ share: cuts[i + 1] - cuts[i], now, was });
  }
  return [...groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()].map(
    (group) => `${group.reduce((sum, g) => sum + g.share, 0)}% of callers${where}: ${nowWas(group[0].now, group[0].was)}`,
  );
}

type RingOrQueue = Extract<Step, { type: 'forward' | 'sip' | 'ring' | 'queue' }>;
type Dialled = ForwardStep | SipStep | RingStep;

/**
 * Where calls go when a ring step is not answered, is busy or fails, or a queue waits too long or
 * fails ("When `shop` (+1 212 555 0142) fails: now +1 917 555 0199, was voicemail"). A new number on a
 * step that only failover reaches shows here too, as the branch's destination.
 */
function failoverCallerChanges(bp: RoutingPlan, old: Step, hp: RoutingPlan, stepName: string, step: RingOrQueue): string[] {
  const out: string[] = [];
  const o = old as RingOrQueue;
  const subject = step.type === 'queue' ? `the ${step.queue} queue` : step.type === 'ring' ? `\`${stepName}\`` : `\`${stepName}\` (${formatNumber(step.to)})`;
  const branches: Array<{ when: string; now: string | undefined; was: string | undefined }> =
    step.type === 'queue'
      ? [
          { when: `keeps callers waiting ${formatDuration(step.maxWait)}`, now: queueNext(step, 'timeout'), was: queueNext(o as QueueStep, 'timeout') },
          { when: 'cannot take the call', now: queueNext(step, 'failed'), was: queueNext(o as QueueStep, 'failed') },
        ]
      : [
          { when: 'does not answer', now: dialNext(step, 'no-answer'), was: dialNext(o as Dialled, 'no-answer') },
          { when: 'is busy', now: dialNext(step, 'busy'), was: dialNext(o as Dialled, 'busy') },
          { when: 'fails', now: dialNext(step, 'failed'), was: dialNext(o as Dialled, 'failed') },
        ];
  const changed = branches
    .map((br) => ({ when: br.when, now: describeDestination(hp, br.now), was: describeDestination(bp, br.was) }))
    .filter((c) => c.now !== c.was);
  for (const group of groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()) {
    const whens = group.map((g) => g.when);
    const when = whens.length > 1 ? `${whens.slice(0, -1).join(', ')} or ${whens[whens.length - 1]}` : whens[0];
    const phrase = `When ${subject} ${when}`;
    out.push(`${phrase}: ${nowWas(group[0].now, group[0].was)}`);
  }
  return out;
}
