/**
 * Step-level changes between two versions of a plan: each step (and the plan's own settings) as a
 * list of aspects (a setting, or one branch keyed by its condition), compared by meaning rather
 * than by position, so reordering the YAML or renaming nothing reads as no change.
 */
import type { MenuOption, RoutingPlan, Step } from './model';
import { describeCallerId, describeClockRange, describeDays, describeGeoRoute, describeMenuOption, describePrompt, formatDuration, formatNumber } from './describe';
import { scheduleZone, windowDays } from './schedule';

/** A menu option's identity across versions: its digits, else its first spoken word. */
export function optionKey(option: MenuOption): string {
  return option.digits !== undefined ? `digits:${option.digits}` : `speech:${(option.speech ?? [])[0]?.toLowerCase() ?? ''}`;
}

/** How a caller picks an option, in words: "Pressing 2", "Saying \"sales\"". */
export function optionAction(option: MenuOption): string {
  return option.digits !== undefined ? `Pressing ${option.digits}` : `Saying "${(option.speech ?? [])[0] ?? ''}"`;
}

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

/** The comparable parts of one step, in the order a reviewer reads them. */
export function stepAspects(step: Step, plan: RoutingPlan): Aspect[] {
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

/** The plan-wide settings, compared like a step's. */
export function planAspects(plan: RoutingPlan): Aspect[] {
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
export function compareAspects(before: readonly Aspect[], after: readonly Aspect[]): string[] {
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
export function exitsText(step: Step): string {
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
