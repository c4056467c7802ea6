/**
 * The usage behind an invoice: calls and minutes by direction, by rate class (destination prefix), by number and by
 * day, and the calls no rate covered with the reason, tallied in one pass over the period's rated call records.
 *
 * A call comes as the reconciler has it: the record (`CallToRate` plus when, which of our numbers) and its rating,
 * which is exactly what `rateCall` answers (or the rating columns the Rate job stored), so nothing is converted on
 * the way. Only counts are kept, never the calls, so a month of millions of calls tallies in constant memory (the
 * list of unrated calls is capped; their counts are not).
 */
import { rateClassKey, type CallDirection, type CallToRate, type RateCard, type RatedCall, type UnratedReason } from '../../../billing/rating';
import { dayFormatter } from './document-format';
import type { DocumentPeriod } from './invoice-document';

/**
 * A call's rating: what `rateCall` answers, or the same read back from a record's rating columns (`rate_class`,
 * `billable_seconds`; `unrated_reason`, which may also be the reconciler's own `no-account` or `no-rate-card`, and
 * has no summary stored).
 */
export type CallRating =
  | Pick<Extract<RatedCall, { kind: 'rated' }>, 'kind' | 'rateClass' | 'billableSeconds'>
  | { readonly kind: 'unrated'; readonly reason: UnratedReason | (string & {}); readonly summary?: string };

/** One rated call record of the period: a {@link CallToRate} (whose other party a record may lack) and its rating. */
export interface UsageCall extends Omit<CallToRate, 'otherParty'> {
  /** The other party's number (E.164); null when the caller withheld it. */
  readonly otherParty: string | null;
  /** When the call started (UTC instant). */
  readonly startedAt: Date;
  /** Our number on the call (E.164): the callee of an inbound call, the caller of an outbound one. */
  readonly number: string;
  readonly rating: CallRating;
  /** The carrier and its id of the call, for the calls export. */
  readonly carrier?: string;
  readonly callId?: string;
  /** The call's exact price in minor units, decimal text ("1.416666666667"): before the invoice line rounds the sum. */
  readonly amountMinor?: string;
}

/** Counts of a group of calls. */
export interface UsageCounts {
  readonly calls: number;
  /** Calls with a duration above zero. */
  readonly answeredCalls: number;
  /** Σ answered durations, in seconds, as the carrier measured them. */
  readonly durationSeconds: number;
  /** Σ billable seconds (after increment and minimum) of the rated calls: what the meters bill. */
  readonly billableSeconds: number;
}

/** Counts split by direction. */
export interface DirectionSplit {
  readonly inbound: UsageCounts;
  readonly outbound: UsageCounts;
}

/** A rate class's usage. */
export interface RateClassUsage extends UsageCounts {
  /** `out-44` (rateClassKey). */
  readonly rateClass: string;
  readonly direction: CallDirection;
  readonly prefix: string;
  /** The card's name for the rate ("Calls to the UK"), when the card was given and names it. */
  readonly description: string | null;
  /** The card's per-minute price (minor units, decimal text), when given and not tiered. */
  readonly perMinute: string | null;
}

/** One of our numbers' usage. */
export interface NumberUsage extends DirectionSplit {
  /** E.164. */
  readonly number: string;
}

/** One day's usage. */
export interface DayUsage extends DirectionSplit {
  /** `YYYY-MM-DD` in the breakdown's time zone. */
  readonly day: string;
}

/** A call no rate covered, kept to be reported. */
export interface UnratedUsageCall {
  readonly startedAt: Date;
  readonly direction: CallDirection;
  readonly number: string;
  readonly otherParty: string | null;
  readonly durationSeconds: number;
  readonly reason: string;
  /** What is missing, for a person, when the rating said. */
  readonly summary: string | null;
  readonly carrier?: string;
  readonly callId?: string;
}

/** The calls no rate covered. */
export interface UnratedUsage extends UsageCounts {
  /** Calls per reason. */
  readonly byReason: readonly { readonly reason: string; readonly calls: number }[];
  /** The first unrated calls in the order given, at most the tally's `unratedListLimit`. */
  readonly listed: readonly UnratedUsageCall[];
}

/** Calls and minutes of a period, grouped. */
export interface UsageBreakdown {
  /** The period the calls were tallied for, when given. */
  readonly period: DocumentPeriod | null;
  /** IANA zone whose calendar days `byDay` uses. */
  readonly timeZone: string;
  readonly total: UsageCounts;
  readonly byDirection: DirectionSplit;
  /** Every class of the card (used or not) in card order, then classes seen that the card lacks. */
  readonly byRateClass: readonly RateClassUsage[];
  /** Sorted by number. */
  readonly byNumber: readonly NumberUsage[];
  /** Days with calls, in order. */
  readonly byDay: readonly DayUsage[];
  readonly unrated: UnratedUsage;
}

/** How calls are tallied. */
export interface UsageTallyOptions {
  /** The account's rate card: names and prices the classes, and lists every class even when idle. */
  readonly card?: RateCard;
  /** IANA zone of the days (default `UTC`). */
  readonly timeZone?: string;
  /** The period tallied, printed with the breakdown. */
  readonly period?: DocumentPeriod;
  /** How many unrated calls to list (default 1,000); all are counted. */
  readonly unratedListLimit?: number;
}

/** A mutable counter behind {@link UsageCounts}. */
interface Counter {
  calls: number;
  answeredCalls: number;
  durationSeconds: number;
  billableSeconds: number;
}

const newCounter = (): Counter => ({ calls: 0, answeredCalls: 0, durationSeconds: 0, billableSeconds: 0 });

function count(counter: Counter, durationSeconds: number, billableSeconds: number): void {
  counter.calls += 1;
  if (durationSeconds > 0) {
    counter.answeredCalls += 1;
    counter.durationSeconds += durationSeconds;
  }
  counter.billableSeconds += billableSeconds;
}

interface SplitCounter {
  inbound: Counter;
  outbound: Counter;
}

const newSplit = (): SplitCounter => ({ inbound: newCounter(), outbound: newCounter() });

/** Tallies calls one at a time (a database cursor, a stream): `add` each, then `breakdown()`. */
export class UsageTally {
  private readonly total = newCounter();
  private readonly direction = newSplit();
  private readonly classes = new Map<string, Counter>();
  private readonly numbers = new Map<string, SplitCounter>();
  private readonly days = new Map<string, SplitCounter>();
  private readonly unrated = newCounter();
  private readonly reasons = new Map<string, number>();
  private readonly listed: UnratedUsageCall[] = [];
  private readonly dayOf: (at: Date) => string;
  private readonly timeZone: string;
  private readonly limit: number;

  constructor(private readonly options: UsageTallyOptions = {}) {
    this.timeZone = options.timeZone ?? 'UTC';
    this.dayOf = dayFormatter(this.timeZone);
    this.limit = options.unratedListLimit ?? 1000;
    for (const rate of options.card?.minutes?.rates ?? []) this.classes.set(rateClassKey(rate), newCounter());
  }

  /** Counts one call. */
  add(call: UsageCall): void {
    const duration = Number.isFinite(call.durationSeconds) && call.durationSeconds > 0 ? call.durationSeconds : 0;
    const billable = call.rating.kind === 'rated' ? call.rating.billableSeconds : 0;
    count(this.total, duration, billable);
    count(this.direction[call.direction], duration, billable);
    let perNumber = this.numbers.get(call.number);
    if (!perNumber) this.numbers.set(call.number, (perNumber = newSplit()));
    count(perNumber[call.direction], duration, billable);
    const day = this.dayOf(call.startedAt);
    let perDay = this.days.get(day);
    if (!perDay) this.days.set(day, (perDay = newSplit()));
    count(perDay[call.direction], duration, billable);
    if (call.rating.kind === 'rated') {
      let perClass = this.classes.get(call.rating.rateClass);
      if (!perClass) this.classes.set(call.rating.rateClass, (perClass = newCounter()));
      count(perClass, duration, billable);
      return;
    }
    count(this.unrated, duration, 0);
    this.reasons.set(call.rating.reason, (this.reasons.get(call.rating.reason) ?? 0) + 1);
    if (this.listed.length < this.limit) {
      this.listed.push({
        startedAt: call.startedAt,
        direction: call.direction,
        number: call.number,
        otherParty: call.otherParty,
        durationSeconds: call.durationSeconds,
        reason: call.rating.reason,
        summary: call.rating.summary ?? null,
        ...(call.carrier !== undefined ? { carrier: call.carrier } : {}),
        ...(call.callId !== undefined ? { callId: call.callId } : {}),
      });
    }
  }

  /** The breakdown of every call added so far. */
  breakdown(): UsageBreakdown {
    const rates = new Map((this.options.card?.minutes?.rates ?? []).map((rate) => [rateClassKey(rate), rate]));
    const onCard = [...rates.keys()];
    const others = [...this.classes.keys()].filter((key) => !rates.has(key)).sort();
    const split = (s: SplitCounter): DirectionSplit => ({ inbound: { ...s.inbound }, outbound: { ...s.outbound } });
    return {
      period: this.options.period ?? null,
      timeZone: this.timeZone,
      total: { ...this.total },
      byDirection: split(this.direction),
      byRateClass: [...onCard, ...others].map((rateClass): RateClassUsage => {
        const rate = rates.get(rateClass);
        const parsed = parseRateClass(rateClass);
        return {
          rateClass,
          direction: rate?.direction ?? parsed.direction,
          prefix: rate?.prefix ?? parsed.prefix,
          description: rate?.description ?? null,
          perMinute: rate?.perMinute ?? null,
          ...this.classes.get(rateClass)!,
        };
      }),
      byNumber: [...this.numbers.keys()].sort().map((number) => ({ number, ...split(this.numbers.get(number)!) })),
      byDay: [...this.days.keys()].sort().map((day) => ({ day, ...split(this.days.get(day)!) })),
      unrated: { ...this.unrated, byReason: [...this.reasons].map(([reason, calls]) => ({ reason, calls })), listed: [...this.listed] },
    };
  }
}

/** The breakdown of a period's calls, read from an array, a generator or an async stream (a database cursor). */
export async function tallyUsage(calls: Iterable<UsageCall> | AsyncIterable<UsageCall>, options: UsageTallyOptions = {}): Promise<UsageBreakdown> {
  const tally = new UsageTally(options);
  for await (const call of calls) tally.add(call);
  return tally.breakdown();
}

/** Direction and prefix of a class key written by rateClassKey (`out-44`); a key of another shape is its own prefix. */
export function parseRateClass(rateClass: string): { direction: CallDirection; prefix: string } {
  const match = /^(in|out)-(\d+)$/.exec(rateClass);
  if (!match) return { direction: 'outbound', prefix: rateClass };
  return { direction: match[1] === 'in' ? 'inbound' : 'outbound', prefix: match[2] };
}

