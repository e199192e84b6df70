/**
 * The part both cycle comparisons share: what an assessment says of a node (its rating and
 * whether it calls for acceleration), a missing assessment saying nothing. `tree-diff.ts`
 * compares two published outline trees (structure, listings, text digests) for the public
 * pages; `cycle-diff.ts` compares two cycles' full records (text diffs, rating direction,
 * KPI figures) for the secretariat. Pure.
 */

export interface Verdict {
  rating: string | null;
  needsAcceleration: boolean;
}

/** An assessment's verdict; none when there is no assessment. */
export function verdictOf(a: Partial<Verdict> | null | undefined): Verdict {
  return { rating: a?.rating ?? null, needsAcceleration: a?.needsAcceleration ?? false };
}

/**
 * What moved between two verdicts: each part that changed as from/to, null when it held.
 * @example verdictChange({ rating: 'b' }, { rating: 'a' }) // { rating: { from: 'b', to: 'a' }, needsAcceleration: null }
 */
export function verdictChange(
  before: Partial<Verdict> | null | undefined,
  after: Partial<Verdict> | null | undefined,
): { rating: Change<string | null> | null; needsAcceleration: Change<boolean> | null } {
  const [a, b] = [verdictOf(before), verdictOf(after)];
  return {
    rating: a.rating === b.rating ? null : { from: a.rating, to: b.rating },
    needsAcceleration:
      a.needsAcceleration === b.needsAcceleration
        ? null
        : { from: a.needsAcceleration, to: b.needsAcceleration },
  };
}

export interface Change<T> {
  from: T;
  to: T;
}
