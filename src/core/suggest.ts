/**
 * "Did you mean": the nearest known name for a misspelt one (a Studio state, a routing step, a step type).
 *
 * Input can hold many misspelt names (a hostile request body, a 1,000-step plan with broken references), so one
 * suggester is shared by a whole validation and stops suggesting after a fixed amount of work.
 */

/** Distance cells one suggester may fill by default: about a hundred full scans of a 1,000-name list. */
export const DEFAULT_SUGGESTION_CELL_BUDGET = 5_000_000;

/** Names longer than this are never matched: no one misspells a name that long, and it would cost the most. */
const MAX_SUGGESTIBLE_LENGTH = 64;

/** Offers the nearest known name for a misspelt one, within a fixed total amount of work. */
export class NameSuggester {
  private remainingCells: number;

  /** `cellBudget`: the distance-table cells this suggester may fill over all its calls. */
  constructor(cellBudget = DEFAULT_SUGGESTION_CELL_BUDGET) {
    this.remainingCells = cellBudget;
  }

  /** The candidate closest to `value` (ignoring case), if one is within a third of its length in edits (at most 3). */
  nearest(value: string, candidates: Iterable<string>): string | undefined {
    if (value.length === 0 || value.length > MAX_SUGGESTIBLE_LENGTH) return undefined;
    const needle = value.toLowerCase();
    // Short names are too easy to confuse; for them only a difference in case counts as a typo.
    const maxDistance = needle.length < 3 ? 0 : Math.min(3, Math.floor(needle.length / 3));
    let best: string | undefined;
    let bestDistance = maxDistance + 1;
    for (const candidate of candidates) {
      if (candidate.length > MAX_SUGGESTIBLE_LENGTH || Math.abs(candidate.length - value.length) >= bestDistance) continue;
      if (this.remainingCells <= 0) break;
      const { distance, cells } = boundedEditDistance(needle, candidate.toLowerCase(), bestDistance - 1);
      this.remainingCells -= cells;
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/**
 * Levenshtein distance that also counts swapping two neighbours as one edit ("tiemout"), computed
 * only within `limit` of the diagonal; any answer above `limit` comes back as `limit + 1`.
 * `cells` is the work done, for the caller's budget.
 */
export function boundedEditDistance(a: string, b: string, limit: number): { distance: number; cells: number } {
  const tooFar = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return { distance: tooFar, cells: 1 };
  const width = b.length + 1;
  // Three rows, rotated, each written only inside the band plus one guard cell either side.
  let beforePrevious = new Int32Array(width).fill(tooFar);
  let previous = new Int32Array(width).fill(tooFar);
  let current = new Int32Array(width).fill(tooFar);
  for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
  let cells = 3 * width;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[from - 1] = from === 1 ? Math.min(i, tooFar) : tooFar;
    if (to + 1 < width) current[to + 1] = tooFar;
    let rowBest = current[from - 1];
    // Plain comparisons, not Math.min: this is the validator's one hot loop, and under jest's
    // sandboxed globals Math.min made it about ten times slower.
    for (let j = from; j <= to; j++) {
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      let best = deletion < insertion ? deletion : insertion;
      if (substitution < best) best = substitution;
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        const transposition = beforePrevious[j - 2] + 1;
        if (transposition < best) best = transposition;
      }
      if (best > tooFar) best = tooFar;
      current[j] = best;
      if (best < rowBest) rowBest = best;
    }
    cells += to - from + 1;
    // Later rows only grow from this one, so a row wholly beyond the limit settles the answer.
    if (rowBest > limit) return { distance: tooFar, cells };
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return { distance: Math.min(previous[b.length], tooFar), cells };
}
