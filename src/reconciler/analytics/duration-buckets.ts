/**
 * Call durations in fixed buckets, so that percentiles of millions of calls come from a few hundred counters per
 * account and day (usage_daily_durations) with a stated error.
 *
 * Bucket i holds whole seconds [lower(i), lower(i + 1) − 1]; every second up to 20 s has its own bucket, and above
 * that a bucket is at most 5 % of its lower bound wide, so the exact percentile always lies in the bucket reported
 * and the estimate is within 5 % of it. The last bucket (from about 4 h) is open; its upper bound is the longest call.
 * Changing these bounds changes the meaning of stored rollups: it needs a migration that rebuilds them.
 */

/** Lower bounds in seconds, ascending, starting at 0 (bucket 0 is exactly 0 s: unanswered calls). */
export const DURATION_BUCKET_LOWER_BOUNDS: readonly number[] = Object.freeze(buildBounds());

function buildBounds(): number[] {
  const bounds = [0];
  for (let lower = 0; lower < 14_400; ) {
    lower += Math.max(1, Math.floor(lower / 20));
    bounds.push(lower);
  }
  return bounds;
}

/** The relative width above which no bucket goes (the error bound of a percentile estimate). */
export const DURATION_BUCKET_RELATIVE_WIDTH = 0.05;

/** A percentile of call durations in seconds, with the bounds the exact value lies within. */
export interface DurationPercentile {
  /** The estimate (the exact value when `exact`). */
  readonly seconds: number;
  /** The exact percentile is at least this… */
  readonly low: number;
  /** …and at most this. */
  readonly high: number;
  /** True when read from the records themselves, or when the bucket is one second wide. */
  readonly exact: boolean;
}

/**
 * The nearest-rank p-th percentile (the value at rank ⌈p·n⌉ of the sorted durations, PostgreSQL's percentile_disc)
 * from bucket counts: the bucket holding that rank gives the bounds, a linear guess inside it the estimate.
 * `counts[i]` is the count of bucket i; `maxSeconds` bounds the open last bucket. Undefined when there are no calls.
 */
export function percentileFromBuckets(counts: readonly number[], p: number, maxSeconds: number): DurationPercentile | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n === 0 || before + n < rank) {
      before += n;
      continue;
    }
    const low = DURATION_BUCKET_LOWER_BOUNDS[i]!;
    const next = DURATION_BUCKET_LOWER_BOUNDS[i + 1];
    const high = Math.max(low, next === undefined ? maxSeconds : Math.min(next - 1, maxSeconds));
    if (high === low) return { seconds: low, low, high, exact: true };
    // Calls spread evenly over the bucket's seconds: the rank's share of the bucket.
    const guess = low + ((rank - before - 0.5) / n) * (high - low + 1);
    return { seconds: Math.min(high, Math.max(low, Math.round(guess * 10) / 10)), low, high, exact: false };
  }
  return undefined;
}
