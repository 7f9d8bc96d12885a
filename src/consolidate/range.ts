// An incident's figure over its claims' conflicting figures. The claims stay as they are; this only computes
// the {low, best, high} the incident shows, per victim group, with domain/estimate.ts `rangeOver`.
import { rangeOver, VICTIM_GROUPS, type BestRule, type Toll } from '../domain/estimate.ts';

export interface FigureClaim {
  /** The body or outlet that reported the figure. One source counts once: its latest figure. */
  sourceId: string;
  toll: Toll;
  /** When the source said it (ISO); later figures from one source supersede its earlier ones. */
  reportedAt?: string | null;
}

/**
 * The incident's toll over its claims: for each victim group, one figure per distinct source (the latest it
 * reported), then low = smallest, high = largest, best = the median of those sources' figures (rule `median`,
 * Truce's default) or the smallest (rule `conservative`, ACLED's). Counting each source once keeps an outlet that
 * repeats itself from outvoting the others.
 */
export function incidentRange(claims: readonly FigureClaim[], rule: BestRule = 'median'): Toll {
  const latest = new Map<string, FigureClaim>();
  for (const c of claims) {
    const prev = latest.get(c.sourceId);
    if (!prev || (c.reportedAt ?? '') >= (prev.reportedAt ?? '')) latest.set(c.sourceId, c);
  }
  const out: Toll = {};
  for (const g of VICTIM_GROUPS) {
    const figures = [...latest.values()].map((c) => c.toll[g]).filter((e) => e !== undefined);
    const r = rangeOver(figures, rule);
    if (r) out[g] = r;
  }
  return out;
}
