// Tallies since an agreement's start, computed two ways and kept side by side, never mixed:
//  1. what each reporting body says — its stored series, and the tally claims ("killed since the ceasefire")
//     the extractor found, latest per body and metric — one body's figures never merged with another's;
//  2. the sum over VERIFIED incidents under the agreement (low, best and high summed separately, per victim group).
// Only the series that report on the agreement are listed: linked to it, or over its territory (a Lebanon series
// is no Gaza tally). A series naming neither a territory nor an agreement is listed apart, by id, as not linked.
// A tally claim is a body's running total, not an incident: it never adds into the incident sum. Pure: the
// service (src/services/tallies.ts) reads the store and passes everything in.
import type { Estimate, Toll } from '../domain/estimate.ts';
import { VICTIM_GROUPS, tollTotal } from '../domain/estimate.ts';
import type { Incident } from '../domain/incident.ts';
import { type Series, type SeriesPoint, seriesRelevance } from '../domain/series.ts';

export interface TallyClaimInput {
  claimId: string;
  /** The body that reported it (actor id), or its name as written when the registry does not know it. */
  body: string;
  metric: string;
  value: number;
  since: string | null;
  asOf: string | null;
}

export interface TallyInput {
  agreementId: string;
  /** The agreement's start (its in-force moment), ISO. */
  start: string;
  /** The day the tallies are as of (YYYY-MM-DD). */
  asOf: string;
  /** The territories the agreement covers (agreementTerritories): series over them report on it. */
  territories: readonly string[];
  /** Every series held; those that do not report on the agreement are left out here. */
  series: { series: Series; points: SeriesPoint[] }[];
  tallyClaims: TallyClaimInput[];
  incidents: TallyIncident[];
}

/** What the sum over verified incidents reads of each one. */
export type TallyIncident = Pick<Incident, 'id' | 'status' | 'date' | 'agreementId' | 'killed' | 'injured'>;

export interface SeriesTally {
  bodyId: string;
  seriesId: string;
  metric: string;
  mode: Series['mode'];
  /** The figure since the start, or null when the series cannot give one (see `method`). */
  value: number | null;
  /** Date of the latest point used. */
  asOf: string | null;
  method: string;
  estimated: boolean;
}

export interface ClaimTally {
  body: string;
  metric: string;
  value: number;
  since: string | null;
  asOf: string | null;
  claimId: string;
}

export interface IncidentSum {
  /** Verified incidents from the start to as-of. */
  count: number;
  killed: { total: Estimate | null; byGroup: Toll };
  injured: { total: Estimate | null; byGroup: Toll };
  incidentIds: string[];
}

export interface TallyReport {
  agreementId: string;
  since: string;
  asOf: string;
  /** The territories the agreement covers: the series over them are the ones listed. */
  territories: string[];
  bodies: SeriesTally[];
  /** Series that name no territory and no agreement: not counted here, listed so they are not lost. */
  unlinked: { seriesId: string; bodyId: string; metric: string }[];
  /** How many series were left out as reporting on another territory (null: linked to other agreements only). */
  elsewhere: { territory: string | null; series: number }[];
  claims: ClaimTally[];
  incidents: IncidentSum;
}

/** Statuses whose incidents count: verified by a second person, and later published. */
export const COUNTED = new Set<string>(['verified', 'published']);
/** Reports date a ceasefire's start a day either way ("since Friday" vs the 12:00 in-force time). */
const SINCE_SLACK_DAYS = 2;

const day = (iso: string) => iso.slice(0, 10);
function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function seriesSince(series: Series, points: readonly SeriesPoint[], startDay: string, asOf: string): SeriesTally {
  const pts = points.filter((p) => p.date <= asOf).sort((a, b) => (a.date < b.date ? -1 : 1));
  const base = { bodyId: series.bodyId, seriesId: series.id, metric: series.metric, mode: series.mode, estimated: series.estimated };
  const within = pts.filter((p) => p.date >= startDay);
  const last = within[within.length - 1];
  if (series.mode !== 'cumulative') {
    return { ...base, value: within.reduce((s, p) => s + p.value, 0), asOf: last?.date ?? null, method: `sum of ${within.length} ${series.mode} values since ${startDay}` };
  }
  if (!last) return { ...base, value: null, asOf: null, method: `no value reported since ${startDay}` };
  // A running total that the body itself counts from the ceasefire is shown as reported.
  if (/since/i.test(series.metric)) return { ...base, value: last.value, asOf: last.date, method: 'as reported (counted by the body since the start)' };
  // Otherwise the difference from the body's own last total before the start.
  const before = pts.filter((p) => p.date < startDay).pop();
  if (!before) return { ...base, value: null, asOf: last.date, method: `running total with no value before ${startDay} to subtract` };
  return { ...base, value: last.value - before.value, asOf: last.date, method: `running total ${last.value} on ${last.date} less ${before.value} on ${before.date}` };
}

function sumTolls(tolls: readonly Toll[]): Toll {
  const out: Toll = {};
  for (const t of tolls)
    for (const g of VICTIM_GROUPS) {
      const e = t[g];
      if (!e) continue;
      const acc = out[g];
      out[g] = acc ? { low: acc.low + e.low, best: acc.best + e.best, high: acc.high + e.high } : { ...e };
    }
  return out;
}

function elsewhereCounts(series: readonly Series[]): TallyReport['elsewhere'] {
  const counts = new Map<string | null, number>();
  for (const s of series) counts.set(s.territory, (counts.get(s.territory) ?? 0) + 1);
  return [...counts].map(([territory, n]) => ({ territory, series: n })).sort((a, b) => (a.territory ?? '~').localeCompare(b.territory ?? '~'));
}

export function computeTallies(input: TallyInput): TallyReport {
  const startDay = day(input.start);
  const asOf = day(input.asOf);

  const relevance = (s: Series) => seriesRelevance(s, input.agreementId, input.territories);
  const bodies = input.series
    .filter(({ series }) => relevance(series) === 'linked' || relevance(series) === 'territory')
    .map(({ series, points }) => seriesSince(series, points, startDay, asOf))
    .sort((a, b) => a.bodyId.localeCompare(b.bodyId) || a.metric.localeCompare(b.metric));

  // Latest claim per (body, metric); counted from about the start (a count since another day is about another
  // truce, or no truce), as of no later than the as-of day.
  const latest = new Map<string, TallyClaimInput>();
  for (const c of input.tallyClaims) {
    if (c.since === null || day(c.since) < addDays(startDay, -SINCE_SLACK_DAYS) || day(c.since) > addDays(startDay, SINCE_SLACK_DAYS) || day(c.since) > asOf) continue;
    if (c.asOf !== null && day(c.asOf) > asOf) continue;
    const key = `${c.body}\u0000${c.metric}`;
    const prev = latest.get(key);
    if (!prev || (c.asOf ?? '') > (prev.asOf ?? '') || ((c.asOf ?? '') === (prev.asOf ?? '') && c.value > prev.value)) latest.set(key, c);
  }
  const claims = [...latest.values()]
    .map((c) => ({ body: c.body, metric: c.metric, value: c.value, since: c.since, asOf: c.asOf, claimId: c.claimId }))
    .sort((a, b) => a.body.localeCompare(b.body) || a.metric.localeCompare(b.metric));

  const counted = input.incidents.filter((i) => COUNTED.has(i.status) && i.date !== null && i.date >= startDay && i.date <= asOf && (i.agreementId === null || i.agreementId === input.agreementId));
  const killed = sumTolls(counted.map((i) => i.killed));
  const injured = sumTolls(counted.map((i) => i.injured));
  return {
    agreementId: input.agreementId,
    since: startDay,
    asOf,
    territories: [...input.territories],
    bodies,
    elsewhere: elsewhereCounts(input.series.map(({ series }) => series).filter((x) => relevance(x) === 'elsewhere')),
    unlinked: input.series
      .filter(({ series }) => relevance(series) === 'unlinked')
      .map(({ series }) => ({ seriesId: series.id, bodyId: series.bodyId, metric: series.metric }))
      .sort((a, b) => a.seriesId.localeCompare(b.seriesId)),
    claims,
    incidents: {
      count: counted.length,
      killed: { total: tollTotal(killed), byGroup: killed },
      injured: { total: tollTotal(injured), byGroup: injured },
      incidentIds: counted.map((i) => i.id).sort(),
    },
  };
}
