// Casualty figures as UCDP keeps them: a low, a best and a high estimate, split by who died.
// Conflicting reports are never merged into one number: each stays a claim, and an incident's figure is a
// range over them computed by one documented rule.

export interface Estimate {
  low: number;
  best: number;
  high: number;
}

/** Who the dead or injured were (UCDP's deaths_a / deaths_b / deaths_civilians / deaths_unknown). */
export const VICTIM_GROUPS = ['civilians', 'sideA', 'sideB', 'unknown'] as const;
export type VictimGroup = (typeof VICTIM_GROUPS)[number];

/** A toll split by victim group; a group that no report mentions is absent. */
export type Toll = Partial<Record<VictimGroup, Estimate>>;

export const exactly = (n: number): Estimate => ({ low: n, best: n, high: n });

export function isValidEstimate(e: Estimate): boolean {
  return [e.low, e.best, e.high].every((n) => Number.isInteger(n) && n >= 0) && e.low <= e.best && e.best <= e.high;
}

/** The toll's total over all groups (low, best and high summed separately, as UCDP's best is the sum of sides). */
export function tollTotal(toll: Toll): Estimate | null {
  const parts = VICTIM_GROUPS.map((g) => toll[g]).filter((e): e is Estimate => e !== undefined);
  if (parts.length === 0) return null;
  return parts.reduce((a, b) => ({ low: a.low + b.low, best: a.best + b.best, high: a.high + b.high }));
}

/**
 * How an incident's best figure is chosen from its claims' figures.
 * - `median` (Truce's default): low = smallest, high = largest, best = the median reported figure (the lower
 *   middle one for an even count). One outlying source moves the range, not the best figure.
 * - `conservative` (ACLED's rule): best = the lowest reported figure.
 */
export type BestRule = 'median' | 'conservative';

export function rangeOver(figures: readonly Estimate[], rule: BestRule = 'median'): Estimate | null {
  if (figures.length === 0) return null;
  const low = Math.min(...figures.map((f) => f.low));
  const high = Math.max(...figures.map((f) => f.high));
  const bests = figures.map((f) => f.best).sort((a, b) => a - b);
  const best = rule === 'conservative' ? bests[0]! : bests[Math.floor((bests.length - 1) / 2)]!;
  return { low, best: Math.min(Math.max(best, low), high), high };
}
