/**
 * "Did you mean" for misspelt step names: the nearest existing name within a few edits.
 *
 * A plan can have 1,000 steps and many broken references, so one suggester is shared by a whole
 * check and stops suggesting after a fixed amount of work; a check never gets slow because of typos.
 */

/** Distance-table cells one suggester may fill: about a hundred full scans of a 1,000-step plan. */
const CELL_BUDGET = 3_000_000;

/** Offers the nearest known name for a misspelt one, within a fixed total amount of work. */
export class NameSuggester {
  private remaining = CELL_BUDGET;

  /** The candidate closest to `value` (ignoring case), if one is within a third of its length in edits (at most 3). */
  nearest(value: string, candidates: Iterable<string>): string | undefined {
    const needle = value.toLowerCase();
    // Very short names are too easy to confuse; for them only a difference in case counts as a typo.
    const limit = needle.length < 3 ? 0 : Math.min(3, Math.floor(needle.length / 3));
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const candidate of candidates) {
      if (Math.abs(candidate.length - needle.length) >= bestDistance) continue;
      if (this.remaining <= 0) break;
      this.remaining -= (needle.length + 1) * (candidate.length + 1);
      const distance = editDistance(needle, candidate.toLowerCase(), bestDistance - 1);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/**
 * Edits between two strings, counting a swap of neighbours as one ("tiemout"); any answer above
 * `limit` comes back as `limit + 1`, which lets a row beyond the limit end the work early.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const tooFar = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return tooFar;
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = previous[j] + 1;
      if (current[j - 1] + 1 < d) d = current[j - 1] + 1;
      if (previous[j - 1] + cost < d) d = previous[j - 1] + cost;
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1) && twoBack[j - 2] + 1 < d) {
        d = twoBack[j - 2] + 1;
      }
      current[j] = d;
      if (d < rowBest) rowBest = d;
    }
    if (rowBest > limit) return tooFar;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return Math.min(previous[b.length], tooFar);
}
