/**
 * Where each tiered rate class of one account stands in its billing periods while a batch is rated: the tallies
 * that tiered per-call amounts are allocated from (billing/rating call-amount.ts). Rows come ordered by start, so
 * the period of the previous row almost always holds the next: it is kept, and the job's `periodOf` is asked again
 * only when a call starts outside it.
 */
import type { ClassTally } from '../../billing/rating';

/** A billing period of an account: calls starting in [start, end) belong to it. */
export interface BillingPeriod {
  readonly start: Date;
  readonly end: Date;
}

/** The billing period of `accountId` that contains `at`. */
export type PeriodOf = (accountId: string, at: Date) => BillingPeriod;

/** Billable seconds and answered calls of a tiered class already rated in `period` before this batch, if any. */
export type TallyBefore = (accountId: string, period: BillingPeriod, rateClass: string) => { readonly seconds: number; readonly calls: number } | undefined;

/** Where one tiered rate class of one account stands in one billing period. */
export interface PeriodClassTally {
  readonly account_id: string;
  readonly period_start: Date;
  readonly period_end: Date;
  readonly rate_class: string;
  /** Billable seconds rated in the period so far. */
  readonly seconds: number;
  /** Answered calls rated in the period so far. */
  readonly calls: number;
}

/** The UTC calendar month that contains `at`: the default billing period. */
export function calendarMonthOf(_accountId: string, at: Date): BillingPeriod {
  return { start: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)), end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) };
}

interface PeriodTallies {
  readonly period: BillingPeriod;
  readonly startMs: number;
  readonly endMs: number;
  /** By rate index (sparse: only the tiered classes the batch met). */
  readonly byRate: ({ readonly rateClass: string; readonly tally: ClassTally } | undefined)[];
}

/** The tallies of one account's tiered classes, by billing period, over one batch. */
export class AccountPeriods {
  private current: PeriodTallies | undefined;
  private readonly periods = new Map<number, PeriodTallies>();

  constructor(
    private readonly accountId: string,
    private readonly periodOf: PeriodOf,
    private readonly tallyBefore: TallyBefore | undefined,
  ) {}

  /** The tally of the class at `rateIndex` (key `rateClass`) in the period of a call starting at `at`. */
  tally(at: Date, rateIndex: number, rateClass: string): ClassTally {
    const time = at.getTime();
    let tallies = this.current;
    if (!tallies || time < tallies.startMs || time >= tallies.endMs) tallies = this.current = this.periodAt(at, time);
    let entry = tallies.byRate[rateIndex];
    if (!entry) {
      const before = this.tallyBefore?.(this.accountId, tallies.period, rateClass);
      entry = { rateClass, tally: { seconds: before?.seconds ?? 0, calls: before?.calls ?? 0 } };
      tallies.byRate[rateIndex] = entry;
    }
    return entry.tally;
  }

  /** Where every class this batch touched stands now. */
  standing(): PeriodClassTally[] {
    return [...this.periods.values()].flatMap(({ period, byRate }) =>
      byRate.flatMap((entry) => (entry ? [entry] : [])).map(({ rateClass, tally }) => ({ account_id: this.accountId, period_start: period.start, period_end: period.end, rate_class: rateClass, seconds: tally.seconds, calls: tally.calls })),
    );
  }

  private periodAt(at: Date, time: number): PeriodTallies {
    const period = this.periodOf(this.accountId, at);
    const startMs = period.start.getTime();
    const endMs = period.end.getTime();
    if (!(startMs <= time && time < endMs)) {
      throw new RangeError(`periodOf answered ${period.start.toISOString()}–${period.end.toISOString()} for a call of ${this.accountId} at ${at.toISOString()}, a period that does not contain it`);
    }
    let tallies = this.periods.get(startMs);
    if (!tallies) {
      tallies = { period, startMs, endMs, byRate: [] };
      this.periods.set(startMs, tallies);
    }
    return tallies;
  }
}
