/**
 * What changes between two versions of a routing plan, in the words a reviewer needs: first what
 * callers will notice (which times, keys, places, numbers and shares of callers now end up
 * somewhere else), then each step's changes, then the head plan's diagram with the changed steps
 * marked. `didops routing diff` posts the Markdown as a pull-request comment.
 *
 * Caller-level changes compare where calls end up, not how the YAML is written: splitting
 * "weekdays" into "mon–thu" and "fri" with the same hours is no change to a caller, while moving
 * Friday's closing time is, and is reported as the stretch of the week that now goes elsewhere.
 */
import { DateTime } from 'luxon';
import { nanpAreaCode, nanpRegionCountry } from '../catalogue/nanp-lookup';
import type { CallerGeography } from './call-scenario';
import type {
  GeoStep,
  MenuOption,
  MenuStep,
  QueueStep,
  RoutingPlan,
  ScheduleStep,
  ScreenStep,
  SplitStep,
  Step,
} from './model';
import {
  countryName,
  recordsCalls,
  describeCallerId,
  describeClockRange,
  describeDays,
  describeDestination,
  describeGeoRoute,
  describeMenuOption,
  describePrompt,
  describeStep,
  describeWeekStretches,
  formatDuration,
  formatNumber,
} from './describe';
import { renderMermaid } from './render-mermaid';
import { WEEK_MINUTES, scheduleIntervals, scheduleZone, windowAt, windowDays } from './schedule';

/** A plan with its name, as read from a plan file. */
export interface NamedPlan {
  readonly name: string;
  readonly plan: RoutingPlan;
}

/** One step's change, in words; step names inside `text` are wrapped in backticks. */
export interface StepChange {
  readonly step: string;
  /** `renamed`: the step is the same as a removed one under another name (`text` names the old one). */
  readonly kind: 'added' | 'removed' | 'changed' | 'renamed';
  readonly text: string;
}

/** Everything that differs between two versions of one plan. */
export interface RoutingDiff {
  /** The plan's name (the head's, or the base's when the plan was removed). */
  readonly name: string;
  /** `added` when only the head has the plan, `removed` when only the base has it. */
  readonly status: 'unchanged' | 'changed' | 'added' | 'removed';
  /** What callers will notice, one sentence each: "Weekdays 18:00–09:00 America/New_York: now voicemail, was +1 415 555 0100". */
  readonly callerChanges: readonly string[];
  /** Plan settings and steps that changed, in the plan's order; `step` is "" for plan-wide settings. */
  readonly stepChanges: readonly StepChange[];
  /** Steps in both versions whose content changed. */
  readonly changedSteps: ReadonlySet<string>;
  /** Steps only the head has. */
  readonly addedSteps: ReadonlySet<string>;
  /** Steps only the base has. */
  readonly removedSteps: ReadonlySet<string>;
  readonly base?: NamedPlan;
  readonly head?: NamedPlan;
}

/** Compares two versions of a plan; pass `undefined` for a plan that one side does not have. */
export function diffRoutingPlans(base: NamedPlan | undefined, head: NamedPlan | undefined): RoutingDiff {
  const name = head?.name ?? base?.name ?? 'plan';
  if (!base || !head) {
    const only = (head ?? base) as NamedPlan;
    const steps = new Set(Object.keys(only?.plan.steps ?? {}));
    return {
      name,
      status: head ? 'added' : 'removed',
      callerChanges: head ? [`New plan: calls start at ${describeDestination(head.plan, head.plan.start)}.`] : ['Plan removed: numbers still pointing at it stop being routed by it.'],
      stepChanges: [],
      changedSteps: new Set(),
      addedSteps: head ? steps : new Set(),
      removedSteps: head ? new Set() : steps,
      ...(base ? { base } : {}),
      ...(head ? { head } : {}),
    };
  }
  const b = base.plan;
  const h = head.plan;
  const stepChanges: StepChange[] = [];
  const changedSteps = new Set<string>();
  const addedSteps = new Set<string>();
  const removedSteps = new Set<string>();

  const settings = compareAspects(planAspects(b), planAspects(h));
  if (base.name !== head.name) settings.unshift(`renamed from \`${base.name}\``);
  if (settings.length > 0) stepChanges.push({ step: '', kind: 'changed', text: settings.join('; ') });
  for (const [stepName, step] of Object.entries(h.steps)) {
    const old = b.steps[stepName];
    if (old === undefined) {
      addedSteps.add(stepName);
      stepChanges.push({ step: stepName, kind: 'added', text: `${describeStep(step, h)}${exitsText(step)}` });
      continue;
    }
    const phrases = old.type !== step.type ? [`now ${describeStep(step, h)}, was ${describeStep(old, b)}`] : compareAspects(stepAspects(old, b), stepAspects(step, h));
    if (phrases.length > 0) {
      changedSteps.add(stepName);
      stepChanges.push({ step: stepName, kind: 'changed', text: phrases.join('; ') });
    }
  }
  for (const [stepName, step] of Object.entries(b.steps)) {
    if (h.steps[stepName] !== undefined) continue;
    removedSteps.add(stepName);
    stepChanges.push({ step: stepName, kind: 'removed', text: describeStep(step, b) });
  }
  // A step that only changed its name reads as a rename, not as a new step and a removed one.
  for (const added of [...addedSteps]) {
    const same = JSON.stringify(h.steps[added]);
    const old = [...removedSteps].find((r) => JSON.stringify(b.steps[r]) === same);
    if (old === undefined) continue;
    addedSteps.delete(added);
    removedSteps.delete(old);
    changedSteps.add(added);
    const at = stepChanges.findIndex((c) => c.step === added && c.kind === 'added');
    stepChanges.splice(at, 1, { step: added, kind: 'renamed', text: `renamed from \`${old}\`; nothing else changed` });
    stepChanges.splice(stepChanges.findIndex((c) => c.step === old && c.kind === 'removed'), 1);
  }

  const callerChanges = [...planCallerChanges(base, head)];
  for (const [stepName, step] of Object.entries(h.steps)) {
    const old = b.steps[stepName];
    if (old === undefined || old.type !== step.type) continue;
    const where = contextOf(h, stepName, step);
    switch (step.type) {
      case 'schedule':
        callerChanges.push(...scheduleCallerChanges(b, old as ScheduleStep, h, step, where));
        break;
      case 'menu':
        callerChanges.push(...menuCallerChanges(b, old as MenuStep, h, step, where));
        break;
      case 'geo':
        callerChanges.push(...geoCallerChanges(b, old as GeoStep, h, step, where));
        break;
      case 'screen':
        callerChanges.push(...screenCallerChanges(b, old as ScreenStep, h, step, where));
        break;
      case 'split':
        callerChanges.push(...splitCallerChanges(b, old as SplitStep, h, step, where));
        break;
      case 'forward':
      case 'sip':
      case 'ring':
      case 'queue':
        callerChanges.push(...failoverCallerChanges(b, old, h, stepName, step));
        break;
      default:
        break;
    }
  }
  const changed = stepChanges.length > 0 || callerChanges.length > 0;
  return { name, status: changed ? 'changed' : 'unchanged', callerChanges, stepChanges, changedSteps, addedSteps, removedSteps, base, head };
}

// ---------------------------------------------------------------------------------------------
// Caller-level changes: where calls end up, by time, key, place, number and share.

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

function planCallerChanges(base: NamedPlan, head: NamedPlan): string[] {
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

/** Where a schedule sends a call at a minute of the (non-holiday) week. */
function scheduleTarget(step: ScheduleStep, minute: number): string | undefined {
  const w = windowAt(step, minute);
  return w === undefined ? step.otherwise : step.windows[w].next;
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
    const now = describeDestination(hp, scheduleTarget(h, edges[i]));
    const was = describeDestination(bp, scheduleTarget(b, edges[i]));
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
    const calendar = (step.holidays ?? []).find((c) => c.dates.includes(date));
    return calendar ? describeDestination(plan, calendar.next) : usual;
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

/** A menu option's identity across versions: its digits, else its first spoken word. */
function optionKey(option: MenuOption): string {
  return option.digits !== undefined ? `digits:${option.digits}` : `speech:${(option.speech ?? [])[0]?.toLowerCase() ?? ''}`;
}

function optionAction(option: MenuOption): string {
  return option.digits !== undefined ? `Pressing ${option.digits}` : `Saying "${(option.speech ?? [])[0] ?? ''}"`;
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
    const nowDest = now ? describeDestination(hp, now.next) : 'not an option';
    const wasDest = was ? describeDestination(bp, was.next) : 'not an option';
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

/** The first route a caller matches, as the simulator and the compiled flow decide it. */
function geoTarget(step: GeoStep, geo: CallerGeography): string {
  const route = step.routes.find(
    (r) =>
      (r.countries !== undefined && geo.country !== undefined && r.countries.includes(geo.country)) ||
      (r.regions !== undefined && geo.region !== undefined && r.regions.includes(geo.region)) ||
      (r.areaCodes !== undefined && geo.areaCode !== undefined && r.areaCodes.includes(geo.areaCode)),
  );
  return route ? route.next : step.otherwise;
}

function geoCallerChanges(bp: RoutingPlan, b: GeoStep, hp: RoutingPlan, h: GeoStep, where: string): string[] {
  const seen = new Set<string>();
  const kinds = [...callerKinds(h.routes), ...callerKinds(b.routes), { words: 'anywhere else', geography: {} }].filter((k) => !seen.has(k.words) && seen.add(k.words));
  const changed = kinds
    .map((k) => ({ words: k.words, areaCode: k.areaCode, now: describeDestination(hp, geoTarget(h, k.geography)), was: describeDestination(bp, geoTarget(b, k.geography)) }))
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
  const listed = from !== undefined && step.numbers.includes(from as ScreenStep['numbers'][number]);
  const passes = step.mode === 'block' ? !listed : listed;
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

/** The share of callers (as `[from, to)` percent) each branch of a split takes; a remainder goes to the last branch, as in the simulator. */
function splitShares(step: SplitStep): Array<{ from: number; to: number; next: string }> {
  let sum = 0;
  const out = step.branches.map((br) => {
    const from = sum;
    sum += br.percent;
    return { from, to: sum, next: br.next };
  });
  if (sum < 100 && out.length > 0) out[out.length - 1].to = 100;
  return out;
}

function splitCallerChanges(bp: RoutingPlan, b: SplitStep, hp: RoutingPlan, h: SplitStep, where: string): string[] {
  const hs = splitShares(h);
  const bs = splitShares(b);
  const cuts = [...new Set([0, 100, ...hs.flatMap((s) => [s.from, s.to]), ...bs.flatMap((s) => [s.from, s.to])])].filter((c) => c <= 100).sort((x, y) => x - y);
  const changed: Array<{ share: number; now: string; was: string }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const at = (shares: typeof hs) => shares.find((s) => cuts[i] >= s.from && cuts[i] < s.to)?.next;
    const now = describeDestination(hp, at(hs));
    const was = describeDestination(bp, at(bs));
    if (now !== was) changed.push({ share: cuts[i + 1] - cuts[i], now, was });
  }
  return [...groupBy(changed, (c) => `${c.now}\u0000${c.was}`).values()].map(
    (group) => `${group.reduce((sum, g) => sum + g.share, 0)}% of callers${where}: ${nowWas(group[0].now, group[0].was)}`,
  );
}

type RingOrQueue = Extract<Step, { type: 'forward' | 'sip' | 'ring' | 'queue' }>;

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
          { when: `keeps callers waiting ${formatDuration(step.maxWait)}`, now: step.onTimeout, was: (o as QueueStep).onTimeout },
          { when: 'cannot take the call', now: step.onFailure, was: (o as QueueStep).onFailure },
        ]
      : [
          { when: 'does not answer', now: step.onNoAnswer, was: 'onNoAnswer' in o ? o.onNoAnswer : undefined },
          { when: 'is busy', now: step.onBusy, was: 'onBusy' in o ? o.onBusy : undefined },
          { when: 'fails', now: step.onFailure, was: o.onFailure },
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

// ---------------------------------------------------------------------------------------------
// Step-level changes: each step's settings and branches, compared by meaning rather than by position.

/** One comparable part of a step: a setting, or one branch keyed by its condition. */
interface Aspect {
  readonly key: string;
  /** Lead words: "if busy", or for the step's main aspect a verb ("rings"). */
  readonly label: string;
  readonly value: string;
  /** The step's main aspect reads "now rings X, was Y" instead of "label: now X, was Y". */
  readonly main?: boolean;
  /** A list item (window, option, route…): when only one side has it, it is added or dropped. */
  readonly item?: boolean;
  /** How an added or dropped item is named, when it needs more words than `label`. */
  readonly long?: string;
  /** The item this aspect details; compared only when both sides have that item. */
  readonly partOf?: string;
  /**
   * A main aspect made of what and how long ("+1 212 555 0142" for "20 s"): when only the duration
   * changes, the sentence names just that ("ring time: now 25 s, was 15 s").
   */
  readonly split?: { readonly what: string; readonly amount: string; readonly amountLabel: string };
}

function target(next: string | undefined): string {
  return next === undefined ? 'hang up' : `\`${next}\``;
}

function onOff(value: boolean | undefined): string {
  return value ? 'on' : 'off';
}

function ringAspects(step: Step & { onNoAnswer?: string; onBusy?: string; onFailure?: string; callerId?: Parameters<typeof describeCallerId>[0]; record?: boolean }): Aspect[] {
  return [
    { key: 'callerId', label: 'caller ID', value: step.callerId ? describeCallerId(step.callerId) : "the plan's default" },
    { key: 'record', label: 'recording', value: onOff(step.record) },
    { key: 'onNoAnswer', label: 'if nobody answers', value: target(step.onNoAnswer) },
    { key: 'onBusy', label: 'if busy', value: target(step.onBusy) },
    { key: 'onFailure', label: 'if the call fails', value: target(step.onFailure) },
  ];
}

/** "rings +1 212 555 0142 for 20 s", whose ring time alone can change. */
function ringAspect(what: string, time: string, joiner: 'for' | ','): Aspect {
  return { key: 'ring', label: 'rings', value: joiner === 'for' ? `${what} for ${time}` : `${what}, ${time}`, main: true, split: { what, amount: time, amountLabel: 'ring time' } };
}

function stepAspects(step: Step, plan: RoutingPlan): Aspect[] {
  switch (step.type) {
    case 'forward':
    case 'sip':
      return [ringAspect(formatNumber(step.to), `${step.timeout} s`, 'for'), ...ringAspects(step)];
    case 'ring': {
      const targets = step.targets.map(formatNumber).join(', ');
      return [
        step.strategy === 'simultaneous' ? ringAspect(`${targets} at once`, `${step.timeout} s`, 'for') : ringAspect(`${targets} in turn`, `${step.timeout} s each`, ','),
        ...ringAspects(step),
      ];
    }
    case 'queue':
      return [
        {
          key: 'queue',
          label: 'queues callers in',
          value: `${step.queue} (max wait ${formatDuration(step.maxWait)})`,
          main: true,
          split: { what: step.queue, amount: formatDuration(step.maxWait), amountLabel: 'longest wait' },
        },
        { key: 'holdMusic', label: 'hold music', value: step.holdMusic ?? "Twilio's default" },
        { key: 'onTimeout', label: 'after the longest wait', value: target(step.onTimeout) },
        { key: 'onFailure', label: 'if queueing fails', value: target(step.onFailure) },
      ];
    case 'voicemail':
      return [
        { key: 'greeting', label: 'greeting', value: describePrompt(step.greeting, 80) },
        { key: 'maxLength', label: 'longest message', value: formatDuration(step.maxLength) },
        { key: 'transcribe', label: 'transcription', value: onOff(step.transcribe) },
        { key: 'email', label: 'e-mails messages to', value: step.notify?.email ?? 'nobody' },
        { key: 'webhook', label: 'posts messages to', value: step.notify?.webhook ?? 'no webhook' },
      ];
    case 'conference':
      return [
        { key: 'room', label: 'joins', value: `conference room ${step.room}`, main: true },
        { key: 'record', label: 'recording', value: onOff(step.record) },
      ];
    case 'hangup':
      return [{ key: 'message', label: 'says before hanging up', value: step.message ? describePrompt(step.message, 80) : 'nothing' }];
    case 'say':
      return [
        { key: 'message', label: 'says', value: describePrompt(step.message, 80), main: true },
        { key: 'next', label: 'then goes to', value: target(step.next) },
      ];
    case 'menu':
      return [
        { key: 'prompt', label: 'prompt', value: describePrompt(step.prompt, 80) },
        { key: 'reprompt', label: 'reprompt', value: step.reprompt ? describePrompt(step.reprompt, 80) : 'none' },
        ...step.options.flatMap((o): Aspect[] => {
          const key = `option ${optionKey(o)}`;
          const how = optionAction(o).replace(/^Pressing/, 'Press').replace(/^Saying/, 'Say');
          return [
            { key, label: how, long: `${describeMenuOption(o)}${o.label ? ` · ${o.label}` : ''}`, value: target(o.next), item: true },
            { key: `${key} label`, label: `${how} label`, value: o.label ?? 'none', partOf: key },
            { key: `${key} speech`, label: `${how} spoken words`, value: (o.speech ?? []).map((w) => `"${w}"`).join(', ') || 'none', partOf: key },
          ];
        }),
        { key: 'timeout', label: 'waits for input', value: formatDuration(step.timeout) },
        { key: 'retries', label: 'retries', value: String(step.retries) },
        { key: 'onTimeout', label: 'on no input', value: target(step.onTimeout) },
        { key: 'onInvalid', label: 'on an invalid choice', value: target(step.onInvalid) },
      ];
    case 'schedule':
      return [
        { key: 'zone', label: 'time zone', value: scheduleZone(plan, step) ?? 'none' },
        ...(step.holidays ?? []).flatMap((c): Aspect[] => {
          const key = `holiday ${c.name}`;
          return [
            { key, label: `holidays "${c.name}"`, long: `holidays "${c.name}" (${c.dates.join(', ')})`, value: target(c.next), item: true },
            ...c.dates.map((date) => ({ key: `${key} ${date}`, label: `holiday ${date} (${c.name})`, value: 'listed', item: true, partOf: key })),
          ];
        }),
        ...step.windows.map((w) => ({ key: `window ${windowDays(w.days).join('')} ${w.from} ${w.to}`, label: `${describeDays(windowDays(w.days))} ${describeClockRange(w.from, w.to)}`, value: target(w.next), item: true })),
        { key: 'otherwise', label: 'otherwise', value: target(step.otherwise) },
      ];
    case 'geo':
      return [
        ...step.routes.map((r) => ({ key: `route ${describeGeoRoute(r)}`, label: describeGeoRoute(r), value: target(r.next), item: true })),
        { key: 'otherwise', label: 'otherwise', value: target(step.otherwise) },
      ];
    case 'screen':
      return [
        { key: 'mode', label: 'screening', value: step.mode === 'block' ? 'blocks listed numbers' : 'lets only listed numbers through' },
        ...step.numbers.map((num) => ({ key: `number ${num}`, label: `listed number ${formatNumber(num)}`, value: 'listed', item: true })),
        { key: 'onRejected', label: step.mode === 'block' ? 'blocked callers go to' : 'unlisted callers go to', value: target(step.onRejected) },
        { key: 'next', label: 'everyone else goes to', value: target(step.next) },
      ];
    case 'split':
      return step.branches.map((br) => ({ key: `branch ${br.next}`, label: `share to ${target(br.next)}${br.label ? ` (${br.label})` : ''}`, value: `${br.percent}%`, item: true }));
  }
}

function planAspects(plan: RoutingPlan): Aspect[] {
  return [
    { key: 'start', label: 'calls start at', value: target(plan.start) },
    { key: 'timeZone', label: 'time zone', value: plan.timeZone ?? 'none' },
    { key: 'voice', label: 'voice', value: `${plan.voice} (${plan.language})` },
    { key: 'callerId', label: 'caller ID', value: describeCallerId(plan.callerId) },
    { key: 'recording', label: 'recording notice', value: plan.recording ? describePrompt(plan.recording.disclosure, 80) : 'none' },
    { key: 'mailer', label: 'voicemail mailer', value: plan.mailer ?? 'none' },
  ];
}

/** Sentences for the aspects that differ: "now rings X, was Y", "if busy: now `voicemail`, was `owner`", "adds Sun 10:00–14:00 → `shop`". */
function compareAspects(before: readonly Aspect[], after: readonly Aspect[]): string[] {
  const old = new Map(before.map((a) => [a.key, a]));
  const now = new Map(after.map((a) => [a.key, a]));
  const both = (a: Aspect) => a.partOf === undefined || (old.has(a.partOf) && now.has(a.partOf));
  const named = (a: Aspect) => `${a.long ?? a.label}${a.value === 'listed' ? '' : ` → ${a.value}`}`;
  const out: string[] = [];
  for (const a of after.filter(both)) {
    const o = old.get(a.key);
    if (o === undefined) out.push(a.item ? `adds ${named(a)}` : `${a.label}: now ${a.value}`);
    else if (o.value === a.value) continue;
    else if (a.split && o.split && a.split.what === o.split.what) out.push(`${a.split.amountLabel}: now ${a.split.amount}, was ${o.split.amount}`);
    else out.push(a.main ? `now ${a.label} ${a.value}, was ${o.value}` : `${a.label}: now ${a.value}, was ${o.value}`);
  }
  for (const o of before.filter(both)) {
    if (!now.has(o.key)) out.push(o.item ? `drops ${named(o)}` : `${o.label}: no longer ${o.value}`);
  }
  // Windows, routes and options are tried in order; the same items in another order can route differently.
  const shared = (list: readonly Aspect[], other: Map<string, Aspect>) => list.filter((a) => a.item && a.partOf === undefined && other.has(a.key)).map((a) => a.label);
  const wasOrder = shared(before, now);
  const nowOrder = shared(after, old);
  if (wasOrder.join('\u0000') !== nowOrder.join('\u0000')) out.push(`order: now ${nowOrder.join(' | ')}, was ${wasOrder.join(' | ')}`);
  return out;
}

/** ", then `next`" for an added step's ways out, so a new step reads with its connections. */
function exitsText(step: Step): string {
  const nexts = [...new Set(stepAspectsNexts(step))];
  return nexts.length > 0 ? `; leads to ${nexts.map((s) => `\`${s}\``).join(', ')}` : '';
}

function stepAspectsNexts(step: Step): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string' && (k === 'next' || k === 'otherwise' || k.startsWith('on'))) out.push(v);
        else visit(v);
      }
    }
  };
  visit(step);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown for a pull-request comment.

/** What to call the two versions in the comment ("origin/main", "HEAD", or file names). */
export interface DiffLabels {
  readonly baseLabel: string;
  readonly headLabel: string;
}

/** Escapes Markdown outside `code spans`, so prompts and URLs cannot turn into formatting or links. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_<>[\]|~]/g, (c) => `\\${c}`)))
    .join('');
}

/**
 * A pull-request comment for one plan: a heading, "What callers will notice", "Step changes", and
 * the head plan's Mermaid diagram with changed steps outlined (removed steps listed below it).
 */
export function renderDiffMarkdown(diff: RoutingDiff, labels: DiffLabels): string {
  const out = [`### Routing plan \`${diff.name}\``, '', `Comparing \`${labels.baseLabel}\` (before) with \`${labels.headLabel}\` (after).`, ''];
  if (diff.status === 'unchanged') return [...out, 'No routing changes.', ''].join('\n');
  if (diff.status === 'removed') {
    const steps = [...diff.removedSteps].map((s) => `\`${s}\``).join(', ');
    return [...out, `This plan is removed (it had the steps ${steps}). Numbers still pointing at it stop being routed by it.`, ''].join('\n');
  }
  out.push('**What callers will notice**', '');
  if (diff.callerChanges.length === 0) out.push('- Nothing on the paths compared (times, holidays, menu keys, caller locations, screening lists, split shares, failover); see the step changes.');
  else out.push(...diff.callerChanges.map((c) => `- ${escapeMarkdown(c)}`));
  out.push('');
  if (diff.stepChanges.length > 0) {
    out.push('**Step changes**', '');
    for (const c of diff.stepChanges) {
      const text = escapeMarkdown(c.text);
      if (c.step === '') out.push(`- Plan settings: ${text}`);
      else if (c.kind === 'added') out.push(`- New step \`${c.step}\`: ${text}`);
      else if (c.kind === 'removed') out.push(`- Removed step \`${c.step}\` (was: ${text})`);
      else out.push(`- \`${c.step}\`: ${text}`);
    }
    out.push('');
  }
  const head = diff.head as NamedPlan;
  const marks = { changed: diff.changedSteps, added: diff.status === 'added' ? new Set<string>() : diff.addedSteps, removed: diff.removedSteps };
  const legend = [
    diff.changedSteps.size > 0 ? 'changed steps are outlined in orange' : '',
    diff.status !== 'added' && diff.addedSteps.size > 0 ? 'new steps in dashed green' : '',
    diff.removedSteps.size > 0 ? 'removed steps are grey, unconnected' : '',
  ].filter(Boolean);
  out.push(`**The plan after the change**${legend.length > 0 ? ` (${legend.join('; ')})` : ''}`, '', '```mermaid', renderMermaid(head.name, head.plan, marks).trimEnd(), '```', '');
  return out.join('\n');
}
