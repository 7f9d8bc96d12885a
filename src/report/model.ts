// A situation report (sitrep) as data: what the renderers (markdown.ts, html.ts) print, and the pure assembly that
// turns the period's records into it. No I/O: the service (src/services/report.ts) gathers the records — from the
// live store or from one release's snapshot — and computes compliance; everything here is arithmetic and grouping.
//
// Rules the assembly keeps, because a mediator cites these figures:
// - each reporting body's figures stay its own row (never summed with another body's), and the sum over verified
//   incidents is a separate row, never added to a body's running total;
// - every party gets the same rows in the same order (parties sorted by name), zero rows included, so no side's
//   record is shown in more detail than another's;
// - only sources the caller passes in (public ones) can be cited; the service never passes a protected one.
import type { Agreement } from '../domain/agreement.ts';
import { actorIdOf, actorsById, agreementTerritories, describeDeadline } from '../domain/agreement.ts';
import type { AccusationClaimBody, Claim, ObjectionClaimBody, PledgeClaimBody, PositionClaimBody } from '../domain/claim.ts';
import type { ComplianceReport, ComplianceStatus } from '../domain/compliance.ts';
import { COMPLIANCE_STATUSES } from '../domain/compliance.ts';
import type { Estimate, Toll } from '../domain/estimate.ts';
import { tollTotal } from '../domain/estimate.ts';
import type { Grade } from '../domain/grade.ts';
import { GRADES, GRADE_MEANING } from '../domain/grade.ts';
import type { Incident } from '../domain/incident.ts';
import { reportsOn, type Series, type SeriesPoint } from '../domain/series.ts';
import type { SourceKind } from '../domain/source.ts';
import { computeTallies, type IncidentSum, type TallyClaimInput } from '../consolidate/tallies.ts';

/** An incident as the report may show it: never the staff fields. */
export type ReportIncident = Omit<Incident, 'createdBy' | 'updatedBy'>;

/** A source the report may cite: its description only, never its text. */
export interface CitableSource {
  id: string;
  kind: SourceKind;
  url: string | null;
  title: string | null;
  publisher: string | null;
  publishedAt: string | null;
}

export type ReportBasis =
  | { kind: 'live'; auditSeq: number; auditHead: string }
  | { kind: 'release'; number: number; createdAt: string; note: string | null; contentHash: string; auditSeq: number; auditHead: string };

export interface SitrepInput {
  agreement: Agreement;
  agreementVersion: number;
  /** First and last day of the period, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  generatedAt: string;
  basis: ReportBasis;
  /**
   * The agreement's incidents dated in the period or the one of equal length before it (any status; rejected and
   * merged ones are dropped here): the report lists the first and compares them with the second. Figures reaching
   * further back come summed (`verifiedSinceStart`, `perDay`), so a report on a record of millions reads weeks.
   */
  incidents: ReportIncident[];
  /** The verified incidents from the agreement's start to the end of the period, summed (as the tallies service). */
  verifiedSinceStart: Pick<IncidentSum, 'count' | 'killed' | 'injured'>;
  /** Incidents per day (rejected and merged ones not counted) from the charts' first day to the end of the period. */
  perDay: ReadonlyMap<string, { verified: number; alleged: number }>;
  series: { series: Series; points: SeriesPoint[] }[];
  /** Claims from citable sources only. */
  claims: Claim[];
  /** The sources the report may cite, by id. */
  sources: Map<string, CitableSource>;
  /** Citable sources behind each incident (through its claims). */
  incidentSources: Map<string, string[]>;
  /** Names of actors the agreement does not list (reporting bodies such as a ministry or COGAT), by id. */
  actorName?: (id: string) => string | undefined;
  /** Compliance as of the end of the period (computed by the service with the same engine as `truce compliance`). */
  compliance: ComplianceReport;
  /**
   * The same engine over `incidents` alone, as of the end of the period: which of them count against each provision
   * (whether an incident counts depends on it and the agreement only, not on other incidents). Its evidence lists
   * must name every incident (`evidenceLimit: Infinity`): the period's counts are read from them.
   */
  recentCompliance: ComplianceReport;
}

// ---- the model -------------------------------------------------------------------------------------------------

export interface Figure {
  value: number | null;
  /** low–high when the figure is a range over verified incidents */
  range?: Estimate | null;
  note?: string;
}

export interface HeadlineRow {
  /** who reports it: a body's name, or "Verified incidents (this record)" */
  body: string;
  metric: string;
  unit: string;
  period: Figure;
  previous: Figure;
  /** period − previous, when both are known */
  change: number | null;
  sinceStart: Figure;
  asOf: string | null;
  method: string;
  refs: string[];
}

export interface IncidentRow {
  n: number;
  id: string;
  date: string;
  place: string;
  area: string | null;
  lon: number | null;
  lat: number | null;
  eventType: string;
  subEventType: string;
  /** the party the incident is attributed to, as alleged (name), or "unattributed" */
  perpetrator: string;
  target: string | null;
  killed: Estimate | null;
  injured: Estimate | null;
  grade: Grade | null;
  evidence: 'verified' | 'alleged';
  provisions: string[];
  refs: string[];
}

export interface Breakdown {
  key: string;
  verified: number;
  alleged: number;
  byGrade: Record<Grade | 'ungraded', number>;
}

export interface ComplianceRow {
  provisionId: string;
  short: string;
  act: string;
  party: string;
  partyName: string;
  status: ComplianceStatus;
  reason: string;
  verifiedPeriod: number;
  allegedPeriod: number;
  verifiedPrevious: number;
  verifiedSinceStart: number;
  allegedSinceStart: number;
}

export interface PartyRow {
  party: string;
  name: string;
  /** distinct incidents (one incident breaching two provisions counts once) */
  verifiedPeriod: number;
  allegedPeriod: number;
  verifiedPrevious: number;
  verifiedSinceStart: number;
  allegedSinceStart: number;
  statuses: Record<ComplianceStatus, number>;
}

export interface IndicatorRow {
  provisionId: string;
  short: string;
  act: string;
  party: string;
  partyName: string;
  target: string;
  status: ComplianceStatus;
  readings: Array<{ body: string; inPeriod: string; toDate: string; meets: boolean | null; lastDate: string | null }>;
}

export interface DeadlineRow {
  provisionId: string;
  short: string;
  act: string;
  party: string;
  partyName: string;
  deadline: string;
  state: 'passed in the period' | 'passed before the period' | 'coming' | 'waiting';
  status: ComplianceStatus;
}

export interface PledgeRow {
  country: string;
  force: string;
  troops: Estimate | null;
  status: string;
  asOf: string | null;
  claimant: string;
  refs: string[];
}

export interface StatementRow {
  date: string | null;
  who: string;
  kind: 'position' | 'accusation' | 'denial' | 'objection';
  text: string;
  quote: string | null;
  refs: string[];
}

export interface ChartSeries {
  label: string;
  points: Array<{ date: string; value: number }>;
}

export interface Chart {
  title: string;
  unit: string;
  kind: 'bars' | 'lines';
  /** first and last day drawn (the agreement's start to the end of the period) */
  from: string;
  to: string;
  /** the report period, shaded */
  period: { from: string; to: string };
  series: ChartSeries[];
  target?: { value: number; label: string };
  note?: string;
}

export interface MapLayer {
  name: string;
  role: string;
  description: string | null;
  geojson: unknown | null;
}

export interface SitrepSource extends CitableSource {
  ref: string;
}

export interface Sitrep {
  agreement: { id: string; title: string; version: number; inForceAt: string; parties: Array<{ id: string; name: string }> };
  period: { from: string; to: string; days: number; previousFrom: string; previousTo: string; dayOfCeasefire: number; sinceStart: string };
  basis: ReportBasis;
  generatedAt: string;
  summary: string[];
  headline: HeadlineRow[];
  incidents: IncidentRow[];
  byType: Breakdown[];
  byPlace: Breakdown[];
  byPerpetrator: Breakdown[];
  compliance: ComplianceRow[];
  parties: PartyRow[];
  indicators: IndicatorRow[];
  deadlines: DeadlineRow[];
  force: { requirement: string | null; pledges: PledgeRow[]; objections: StatementRow[] };
  statements: StatementRow[];
  charts: Chart[];
  map: { layers: MapLayer[]; notLoaded: string[] };
  sources: SitrepSource[];
  methods: string[];
  /** the grading scale, grade by grade, for the methods note */
  grades: Array<{ grade: Grade; meaning: string }>;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
export function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
}
const inRange = (d: string | null | undefined, from: string, to: string) => !!d && d.slice(0, 10) >= from && d.slice(0, 10) <= to;
const emptyGrades = (): Record<Grade | 'ungraded', number> => ({ confirmed: 0, fair: 0, weak: 0, contested: 0, discounted: 0, ungraded: 0 });
const emptyStatuses = () => Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
const isVerified = (s: string) => s === 'verified' || s === 'published';

/** The period figure of one body's series: the sum of its daily counts, or the change in its running total. */
export function periodFigure(series: Series, points: readonly SeriesPoint[], from: string, to: string, agreementStart: string): Figure & { method: string; asOf: string | null; days: number } {
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : 1));
  const within = sorted.filter((p) => p.date >= from && p.date <= to);
  const last = within[within.length - 1];
  if (series.mode !== 'cumulative') {
    if (within.length === 0) return { value: null, method: 'no figure reported in the period', asOf: null, days: 0 };
    const sum = within.reduce((s, p) => s + p.value, 0);
    return { value: sum, method: `sum of ${within.length} ${series.mode} figure${within.length === 1 ? '' : 's'}`, asOf: last!.date, days: within.length, note: series.mode === 'daily' ? `${fmt(Math.round(sum / within.length))} a day` : undefined };
  }
  if (!last) return { value: null, method: 'no running total reported in the period', asOf: null, days: 0 };
  const before = sorted.filter((p) => p.date < from).pop();
  if (before) return { value: last.value - before.value, method: `running total ${fmt(last.value)} on ${last.date} less ${fmt(before.value)} on ${before.date}`, asOf: last.date, days: within.length };
  // A body counting from the ceasefire itself started at zero on its first day.
  if (from <= agreementStart && /since/i.test(series.metric)) return { value: last.value, method: 'running total counted by the body since the start', asOf: last.date, days: within.length };
  return { value: null, method: 'running total with no earlier value to subtract', asOf: last.date, days: within.length };
}

// ---- assembly --------------------------------------------------------------------------------------------------

/** The days a report on `from`–`to` reads: the agreement's start, the previous period of equal length, the charts' first day. */
export function sitrepDays(agreement: Agreement, from: string, to: string): { startDay: string; days: number; previousFrom: string; previousTo: string; chartFrom: string } {
  const startDay = (agreement.inForceAt ?? agreement.signedAt).slice(0, 10);
  const days = daysBetween(from, to);
  // Charts run from the ceasefire's start (or the period's, if earlier) to the end of the period.
  return { startDay, days, previousFrom: addDays(from, -days), previousTo: addDays(from, -1), chartFrom: from < startDay ? from : startDay };
}

export function assembleSitrep(input: SitrepInput): Sitrep {
  const { agreement, from, to } = input;
  const { startDay, days, previousFrom, previousTo, chartFrom } = sitrepDays(agreement, from, to);
  const actors = actorsById(agreement);
  // Remembered per name: a week at a million incidents lists ten thousand rows naming a handful of actors.
  const names = new Map<string, string>();
  const nameOf = (idOrName: string) => {
    let name = names.get(idOrName);
    if (name === undefined) names.set(idOrName, (name = actors.get(idOrName)?.name ?? actors.get(actorIdOf(agreement, idOrName) ?? '')?.name ?? input.actorName?.(idOrName) ?? idOrName));
    return name;
  };
  // A reporting body is named by its own id, never matched on aliases: COGAT is listed among Israel's aliases, but
  // its truck counts are COGAT's figures, not a party's.
  const bodyName = (id: string) => actors.get(id)?.name ?? input.actorName?.(id) ?? id;
  const parties = [...agreement.parties].map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name));
  const short = (provisionId: string) => provisionId.replace(`${agreement.id}/`, '');
  const provision = new Map(agreement.provisions.map((p) => [p.id, p]));
  // Only the series that report on this agreement: linked to it, or over its territory (a Lebanon series is no
  // Gaza figure). Those naming neither are left out and named in the methods note.
  const territories = agreementTerritories(agreement);
  const reporting = input.series.filter(({ series }) => reportsOn(series, agreement.id, territories));

  // Sources are numbered in the order the report first cites them.
  const refs = new Map<string, string>();
  const cite = (ids: Iterable<string | null | undefined>): string[] => {
    const out: string[] = [];
    for (const id of ids) {
      if (!id || !input.sources.has(id)) continue;
      let ref = refs.get(id);
      if (!ref) refs.set(id, (ref = `S${refs.size + 1}`));
      if (!out.includes(ref)) out.push(ref);
    }
    return out;
  };

  const incidents = input.incidents.filter((i) => i.status !== 'rejected' && i.status !== 'merged' && i.date !== null);
  const perpetratorOf = (i: ReportIncident) => {
    const named = i.provisions.find((l) => l.agreementId === agreement.id && l.partyId)?.partyId;
    if (named) return nameOf(named);
    return i.actor1 ? nameOf(i.actor1) : 'unattributed';
  };

  // ---- headline figures
  const headline: HeadlineRow[] = [];
  const tallyAt = (start: string, asOf: string) => computeTallies({ agreementId: agreement.id, start, asOf, territories, series: input.series, tallyClaims: tallyClaimsOf(input.claims), incidents: incidents as Incident[] });
  // Each body's figures and stated totals since the start; the verified incidents since then come summed.
  const since = { ...computeTallies({ agreementId: agreement.id, start: startDay, asOf: to, territories, series: input.series, tallyClaims: tallyClaimsOf(input.claims), incidents: [] }), incidents: input.verifiedSinceStart };
  for (const { series, points } of [...reporting].sort((a, b) => bodyName(a.series.bodyId).localeCompare(bodyName(b.series.bodyId)) || a.series.metric.localeCompare(b.series.metric))) {
    const upTo = points.filter((p) => p.date <= to);
    if (!upTo.some((p) => p.date >= startDay)) continue;
    const cur = periodFigure(series, upTo, from, to, startDay);
    const prev = periodFigure(series, upTo, previousFrom, previousTo, startDay);
    const s = since.bodies.find((b) => b.seriesId === series.id);
    headline.push({
      body: bodyName(series.bodyId),
      metric: series.metric,
      unit: series.unit,
      period: cur,
      previous: prev,
      change: cur.value !== null && prev.value !== null ? cur.value - prev.value : null,
      sinceStart: { value: s?.value ?? null, note: series.estimated ? 'estimated by the dataset' : undefined },
      asOf: s?.asOf ?? null,
      method: `${cur.method}; since the start: ${s?.method ?? 'none'}`,
      refs: cite(upTo.filter((p) => p.date >= previousFrom).map((p) => p.sourceDocumentId)),
    });
  }
  for (const c of since.claims) {
    const claim = input.claims.find((x) => x.id === c.claimId);
    headline.push({
      body: bodyName(c.body),
      metric: `${c.metric} (as stated)`,
      unit: '',
      period: { value: null, note: 'a stated running total: no period figure' },
      previous: { value: null },
      change: null,
      sinceStart: { value: c.value },
      asOf: c.asOf?.slice(0, 10) ?? null,
      method: `latest statement of a running total since ${c.since?.slice(0, 10)}`,
      refs: cite([claim?.sourceDocumentId]),
    });
  }
  // One body's rows together (its series beside its stated totals), bodies in name order.
  headline.sort((a, b) => a.body.localeCompare(b.body) || a.metric.localeCompare(b.metric));
  const cur = tallyAt(from, to).incidents;
  const prev = tallyAt(previousFrom, previousTo).incidents;
  const ownRow = (metric: string, pick: (t: SitrepInput['verifiedSinceStart']) => Estimate | null | number) => {
    const val = (t: SitrepInput['verifiedSinceStart']): Figure => {
      const v = pick(t);
      return typeof v === 'number' ? { value: v } : { value: v?.best ?? 0, range: v };
    };
    const p = val(cur), q = val(prev);
    headline.push({ body: 'Verified incidents (this record)', metric, unit: '', period: p, previous: q, change: p.value! - q.value!, sinceStart: val(since.incidents), asOf: to, method: 'sum over incidents verified by two reviewers; best figure with the low–high range', refs: [] });
  };
  ownRow('incidents', (t) => t.count);
  ownRow('killed', (t) => t.killed.total);
  ownRow('injured', (t) => t.injured.total);

  // ---- incidents in the period
  const inPeriod = incidents.filter((i) => inRange(i.date, from, to)).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : a.id.localeCompare(b.id)));
  const rows: IncidentRow[] = inPeriod.map((i, k) => ({
    n: k + 1,
    id: i.id,
    date: i.date!,
    place: i.location?.name ?? 'place not known',
    area: i.location?.admin1 ?? null,
    lon: i.location?.lon ?? null,
    lat: i.location?.lat ?? null,
    eventType: i.eventType,
    subEventType: i.subEventType,
    perpetrator: perpetratorOf(i),
    target: i.actor2 ? nameOf(i.actor2) : null,
    killed: tollTotal(i.killed as Toll),
    injured: tollTotal(i.injured as Toll),
    grade: i.grade,
    evidence: isVerified(i.status) ? 'verified' : 'alleged',
    provisions: i.provisions.filter((l) => l.agreementId === agreement.id).map((l) => short(l.provisionId)),
    refs: cite(input.incidentSources.get(i.id) ?? []),
  }));
  const breakdown = (key: (r: IncidentRow) => string, fixed: string[] = []): Breakdown[] => {
    const map = new Map<string, Breakdown>(fixed.map((k) => [k, { key: k, verified: 0, alleged: 0, byGrade: emptyGrades() }]));
    for (const r of rows) {
      const k = key(r);
      let b = map.get(k);
      if (!b) map.set(k, (b = { key: k, verified: 0, alleged: 0, byGrade: emptyGrades() }));
      b[r.evidence]++;
      b.byGrade[r.grade ?? 'ungraded']++;
    }
    return [...map.values()].sort((a, b) => (fixed.length ? 0 : b.verified + b.alleged - (a.verified + a.alleged)) || a.key.localeCompare(b.key));
  };
  // Every party has a row even with nothing against it; then anyone else incidents are attributed to.
  const partyNames = parties.map((p) => p.name);
  const byPerpetrator = breakdown((r) => r.perpetrator, partyNames);
  byPerpetrator.sort((a, b) => Number(!partyNames.includes(a.key)) - Number(!partyNames.includes(b.key)) || a.key.localeCompare(b.key));

  // ---- compliance: statuses and counts since the start at the end of the period; the breaches of the period and
  // the previous one counted by the incident's day, from the recent incidents' assessment
  const dayOf = new Map(incidents.map((i) => [i.id, i.date!.slice(0, 10)]));
  const count = (ids: readonly string[], a: string, b: string) => ids.filter((id) => inRange(dayOf.get(id), a, b)).length;
  const recent = new Map(input.recentCompliance.provisions.map((a) => [`${a.provisionId}\u0000${a.party}`, a.breaches]));
  const recentOf = (a: { provisionId: string; party: string }) => recent.get(`${a.provisionId}\u0000${a.party}`) ?? { verified: { incidentIds: [] }, alleged: { incidentIds: [] } };
  const compliance: ComplianceRow[] = input.compliance.provisions.map((a) => ({
    provisionId: a.provisionId,
    short: short(a.provisionId),
    act: provision.get(a.provisionId)?.act ?? '',
    party: a.party,
    partyName: nameOf(a.party),
    status: a.status,
    reason: a.reason,
    verifiedPeriod: count(recentOf(a).verified.incidentIds, from, to),
    allegedPeriod: count(recentOf(a).alleged.incidentIds, from, to),
    verifiedPrevious: count(recentOf(a).verified.incidentIds, previousFrom, previousTo),
    verifiedSinceStart: a.breaches.verified.count,
    allegedSinceStart: a.breaches.alleged.count,
  }));
  const partyRows: PartyRow[] = parties.map((p) => {
    const mine = input.compliance.provisions.filter((a) => a.party === p.id);
    // Distinct incidents: one breaching two provisions counts once.
    const distinct = (lists: Iterable<readonly string[]>) => {
      const set = new Set<string>();
      for (const list of lists) for (const id of list) set.add(id);
      return [...set];
    };
    // Since the start, from the engine's distinct counts per party (its lists name only the latest incidents).
    const sinceStart = (pick: 'verified' | 'alleged') => input.compliance.parties.find((c) => c.party === p.id)?.[pick] ?? 0;
    const recentIds = (pick: 'verified' | 'alleged') => distinct(mine.map((a) => recentOf(a)[pick].incidentIds));
    const statuses = emptyStatuses();
    for (const a of mine) statuses[a.status]++;
    return {
      party: p.id,
      name: p.name,
      verifiedPeriod: count(recentIds('verified'), from, to),
      allegedPeriod: count(recentIds('alleged'), from, to),
      verifiedPrevious: count(recentIds('verified'), previousFrom, previousTo),
      verifiedSinceStart: sinceStart('verified'),
      allegedSinceStart: sinceStart('alleged'),
      statuses,
    };
  });

  // ---- indicators and deadlines
  const seriesByMetric = new Map<string, { series: Series; points: SeriesPoint[] }[]>();
  for (const s of reporting) seriesByMetric.set(s.series.metric, [...(seriesByMetric.get(s.series.metric) ?? []), s]);
  const indicators: IndicatorRow[] = [];
  for (const a of input.compliance.provisions) {
    const ind = a.indicator;
    if (!ind) continue;
    const unit = provision.get(a.provisionId)?.indicator?.unit ?? '';
    const readings = (seriesByMetric.get(ind.metric) ?? []).map(({ series, points }) => {
      const reading = ind.readings.find((r) => r.seriesId === series.id);
      const within = points.filter((p) => p.date >= from && p.date <= to);
      let inPeriod = 'no figure in the period';
      let meets: boolean | null = reading ? reading.meetsTarget : null;
      if (ind.per === 'day' && series.mode === 'daily' && within.length > 0) {
        const ok = within.filter((p) => cmp(p.value, ind.comparator, ind.target)).length;
        const mean = within.reduce((s, p) => s + p.value, 0) / within.length;
        inPeriod = `${fmt(Math.round(mean * 10) / 10)} a day on average; ${ok} of ${within.length} reported days at target`;
        meets = ok === within.length;
      } else if (within.length > 0) {
        inPeriod = `${fmt(within[within.length - 1]!.value)} on ${within[within.length - 1]!.date}`;
      }
      const toDate = reading ? `${fmt(reading.value)}${ind.per === 'total' ? '' : ` per ${ind.per} (mean over ${reading.periods} ${ind.per === 'day' ? 'days' : 'weeks'}; ${reading.periodsMeetingTarget} at target)`}` : 'no figure';
      return { body: bodyName(series.bodyId), inPeriod, toDate, meets, lastDate: reading?.lastDate ?? null };
    });
    indicators.push({ provisionId: a.provisionId, short: short(a.provisionId), act: provision.get(a.provisionId)?.act ?? '', party: a.party, partyName: nameOf(a.party), target: `${ind.comparator} ${fmt(ind.target)}${unit ? ` ${unit}` : ''}${ind.per === 'total' ? ' in total' : ` per ${ind.per}`}`, status: a.status, readings });
  }
  const soon = addDays(to, 14);
  const deadlines: DeadlineRow[] = [];
  for (const a of input.compliance.provisions) {
    const d = a.deadline;
    const row = { provisionId: a.provisionId, short: short(a.provisionId), act: provision.get(a.provisionId)?.act ?? '', party: a.party, partyName: nameOf(a.party), status: a.status };
    if (d.state === 'waiting') deadlines.push({ ...row, deadline: `${describeDeadline(provision.get(a.provisionId)?.deadline)} (not yet fixed: waiting for ${d.waitingOn})`, state: 'waiting' });
    else if (d.at && d.at.slice(0, 10) >= from && d.at.slice(0, 10) <= to) deadlines.push({ ...row, deadline: d.at, state: 'passed in the period' });
    else if (d.at && d.at.slice(0, 10) > to && d.at.slice(0, 10) <= soon) deadlines.push({ ...row, deadline: d.at, state: 'coming' });
    else if (d.at && d.at.slice(0, 10) < from && a.status === 'overdue') deadlines.push({ ...row, deadline: d.at, state: 'passed before the period' });
  }
  const stateOrder = ['passed in the period', 'coming', 'passed before the period', 'waiting'];
  deadlines.sort((a, b) => stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state) || a.deadline.localeCompare(b.deadline) || a.provisionId.localeCompare(b.provisionId) || a.partyName.localeCompare(b.partyName));

  // ---- force generation, objections, statements
  const claimsUpTo = input.claims.filter((c) => !c.claimedAt || c.claimedAt.slice(0, 10) <= to);
  const force = agreement.provisions.find((p) => p.category === 'international-force' && p.indicator);
  const latestPledge = new Map<string, Claim>();
  for (const c of claimsUpTo.filter((c) => c.body.kind === 'pledge').sort((a, b) => (a.claimedAt ?? '').localeCompare(b.claimedAt ?? ''))) latestPledge.set(`${(c.body as PledgeClaimBody).country}\u0000${(c.body as PledgeClaimBody).force}`, c);
  const pledges: PledgeRow[] = [...latestPledge.values()]
    .map((c) => {
      const b = c.body as PledgeClaimBody;
      return { country: nameOf(b.country), force: nameOf(b.force), troops: b.troops, status: b.status, asOf: c.claimedAt?.slice(0, 10) ?? null, claimant: c.claimantName ?? (c.claimantId ? nameOf(c.claimantId) : 'unattributed'), refs: cite([c.sourceDocumentId]) };
    })
    .sort((a, b) => a.country.localeCompare(b.country));
  const statementOf = (c: Claim): StatementRow => {
    const who = c.claimantName ?? (c.claimantId ? nameOf(c.claimantId) : 'unattributed');
    const b = c.body;
    const text =
      b.kind === 'position' ? `on ${(b as PositionClaimBody).issue}: ${(b as PositionClaimBody).stance}`
      : b.kind === 'objection' ? `${nameOf((b as ObjectionClaimBody).objector)} objects to ${nameOf((b as ObjectionClaimBody).objectsTo)}${(b as ObjectionClaimBody).force ? ` in ${nameOf((b as ObjectionClaimBody).force!)}` : ''}`
      : c.kind === 'denial' ? `denies: ${(b as AccusationClaimBody).what}`
      : `alleges that ${nameOf((b as AccusationClaimBody).accused)} ${(b as AccusationClaimBody).what}${(b as AccusationClaimBody).provisionId ? ` (${short((b as AccusationClaimBody).provisionId!)})` : ''}`;
    return { date: c.claimedAt?.slice(0, 10) ?? null, who, kind: c.kind as StatementRow['kind'], text, quote: c.evidence?.text ?? null, refs: cite([c.sourceDocumentId]) };
  };
  const objections = claimsUpTo.filter((c) => c.body.kind === 'objection').map(statementOf).sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const statements = input.claims
    .filter((c) => ['position', 'accusation', 'denial'].includes(c.kind) && inRange(c.claimedAt, from, to))
    .map(statementOf)
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.who.localeCompare(b.who));

  // ---- charts: from the start to the end of the period, the period shaded
  const charts: Chart[] = [];
  const dailyVerified: Array<{ date: string; value: number }> = [];
  const dailyAlleged: Array<{ date: string; value: number }> = [];
  for (let d = chartFrom; d <= to; d = addDays(d, 1)) {
    const that = input.perDay.get(d);
    dailyVerified.push({ date: d, value: that?.verified ?? 0 });
    dailyAlleged.push({ date: d, value: that?.alleged ?? 0 });
  }
  charts.push({ title: 'Incidents per day', unit: 'incidents', kind: 'bars', from: chartFrom, to, period: { from, to }, series: [{ label: 'verified', points: dailyVerified }, { label: 'alleged (not yet verified)', points: dailyAlleged }] });
  for (const [metric, list] of [...seriesByMetric].sort(([a], [b]) => a.localeCompare(b))) {
    const lines = list
      .map(({ series, points }) => ({ label: `${bodyName(series.bodyId)}${series.mode === 'cumulative' ? ' (running total)' : ''}`, points: points.filter((p) => p.date >= chartFrom && p.date <= to).map((p) => ({ date: p.date, value: p.value })) }))
      .filter((l) => l.points.length > 0)
      .sort((a, b) => a.label.localeCompare(b.label));
    if (lines.length === 0) continue;
    const ind = agreement.provisions.find((p) => p.indicator?.metric === metric)?.indicator;
    const dailyTarget = ind && ind.per === 'day' && list.every((s) => s.series.mode === 'daily');
    const name = metric.replace(/_/g, ' ');
    charts.push({ title: `${name[0]!.toUpperCase()}${name.slice(1)} — as reported by each body`, unit: list[0]!.series.unit, kind: 'lines', from: chartFrom, to, period: { from, to }, series: lines, target: dailyTarget ? { value: ind!.target, label: `target ${ind!.comparator} ${fmt(ind!.target)} a day` } : undefined, note: 'each line is one body\u2019s own figures; lines are never added together' });
  }

  // ---- map
  const layers: MapLayer[] = (agreement.geometry ?? []).map((g) => ({ name: g.name, role: g.meaning.role, description: g.description ?? null, geojson: g.geojson ?? null }));
  const notLoaded = layers.filter((l) => !l.geojson).map((l) => l.name);

  // ---- summary: counts only, in the same words for every party
  const verifiedN = rows.filter((r) => r.evidence === 'verified').length;
  const summary = [
    `${to < startDay ? `The ceasefire had not taken effect by the end of the period (in force from ${startDay}).` : `Day ${daysBetween(startDay, to)} of the ceasefire (in force ${startDay}).`} This report covers ${from} to ${to} (${days} day${days === 1 ? '' : 's'}) and compares it with ${previousFrom} to ${previousTo}.`,
    `${rows.length} incident${rows.length === 1 ? '' : 's'} in the period: ${verifiedN} verified, ${rows.length - verifiedN} alleged and not yet verified (previous period: ${prev.count} verified).`,
    ...partyRows.map((p) => `${p.name}: ${p.verifiedPeriod} verified and ${p.allegedPeriod} alleged breach incident${p.verifiedPeriod + p.allegedPeriod === 1 ? '' : 's'} in the period (previous period: ${p.verifiedPrevious} verified); ${p.verifiedSinceStart} verified since the start.`),
  ];

  const sources: SitrepSource[] = [...refs].map(([id, ref]) => ({ ref, ...input.sources.get(id)! }));
  return {
    agreement: { id: agreement.id, title: agreement.title, version: input.agreementVersion, inForceAt: agreement.inForceAt, parties },
    period: { from, to, days, previousFrom, previousTo, dayOfCeasefire: daysBetween(startDay, to), sinceStart: startDay },
    basis: input.basis,
    generatedAt: input.generatedAt,
    summary,
    headline,
    incidents: rows,
    byType: breakdown((r) => r.eventType),
    byPlace: breakdown((r) => r.area ?? r.place),
    byPerpetrator,
    compliance,
    parties: partyRows,
    indicators,
    deadlines,
    force: { requirement: force?.indicator ? `${fmt(force.indicator.target)} ${force.indicator.unit ?? ''} (${short(force.id)})`.replace(/\s+\(/, ' (') : null, pledges, objections },
    statements,
    charts,
    map: { layers, notLoaded },
    sources,
    methods: [...methodsNote(input.basis), ...seriesNote(territories, since.unlinked)],
    grades: GRADES.map((g) => ({ grade: g, meaning: GRADE_MEANING[g] })),
  };
}

function cmp(v: number, c: string, t: number): boolean {
  return c === '>=' ? v >= t : c === '>' ? v > t : c === '<=' ? v <= t : c === '<' ? v < t : v === t;
}

function tallyClaimsOf(claims: readonly Claim[]): TallyClaimInput[] {
  return claims
    .filter((c) => c.body.kind === 'tally' && c.status !== 'rejected')
    .map((c) => {
      const b = c.body as Extract<Claim['body'], { kind: 'tally' }>;
      return { claimId: c.id, body: c.claimantId ?? c.claimantName ?? 'unattributed', metric: b.metric, value: b.value, since: b.since, asOf: b.asOf ?? c.claimedAt };
    });
}

function seriesNote(territories: readonly string[], unlinked: readonly { seriesId: string }[]): string[] {
  const over = territories.length ? `over ${territories.join(', ')}` : 'over its territory (none recorded)';
  const lines = [`Reported series: only those ${over} or linked to this agreement are shown.`];
  if (unlinked.length) lines[0] += ` Not linked to this agreement, so left out: ${unlinked.map((u) => u.seriesId).join(', ')} (they name neither a territory nor an agreement).`;
  return lines;
}

function methodsNote(basis: ReportBasis): string[] {
  return [
    'Incidents. An incident is one event in time and place gathering every report of it. It counts as verified once a second analyst, not the one who drafted it, has checked it (workflow status verified or published); until then it is alleged. Rejected and merged records are not counted. Only verified incidents can make a provision "breached"; alleged ones are shown beside them, never added in.',
    'Grades (the Airwars scale, in the table below) say how well the harm in an incident is established.',
    'Casualties are kept as low, best and high figures over the reports of each incident; sums add each of the three separately. A figure a body reports (a ministry\u2019s running total, a count of aid trucks) stays that body\u2019s own row and is never added to another body\u2019s, nor to the sum over verified incidents.',
    'Period figures: a daily series is summed over the days it reported; a running total is its last value in the period less its last value before it. The change compares the period with the one of equal length just before it.',
    'Compliance is computed per provision and obligated party by the same rules for every party, as of the last day of the period: an incident counts against a party when it is attributed to that party (or to a group it answers for) and is of a kind the provision forbids, or an analyst linked it to the provision. Incidents graded discounted are not counted.',
    'Every party appears in every table in the same order (by name), with zero rows shown. Perpetrators are as alleged by the sources unless the incident is verified.',
    'Sources are listed when public. Sources that must stay confidential (witnesses, field staff) are never named, linked or quoted here; figures that rest on them are included without a citation.',
    basis.kind === 'release'
      ? `Basis: release ${basis.number} of ${basis.createdAt} (content hash ${basis.contentHash}, audit event ${basis.auditSeq}). A release holds published incidents only, so allegations still under review are not in it. Anyone holding the release can recompute every figure here.`
      : `Basis: the internal record as of audit event ${basis.auditSeq} (hash ${basis.auditHead.slice(0, 16)}…), including incidents still under review. Cite a numbered release for anything published.`,
  ];
}
