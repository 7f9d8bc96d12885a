// Compliance: for each provision × obligated party at a moment `asOf`, is the promise kept? Pure: plain arrays in,
// a plain report out; no I/O and no clock (asOf is passed in), so a report can be recomputed for any past date.
//
// The rules never name a party. A party is judged only through what the agreement obliges it to do and what the
// evidence says it did, so swapping the parties swaps the results (see the mirrored test).
//
// Evidence is kept apart by how well it is established: an incident counts as verified when its workflow status is
// `verified` or `published`, as alleged while `draft` or `in-review`, and not at all when `rejected` or `merged`.
// Only verified incidents make a provision `breached`; alleged ones are shown beside it. Reported figures are read
// per series (one reporting body each) and never added across bodies: when COGAT and the UN disagree, both stand.
import type { Agreement, Indicator, IsoDateTime, Occurrences, Party, Provision } from './agreement.ts';
import { agreementOccurrences, findProvision, phasesInOrder, resolveDeadline, resolvePhaseStart, resolveTrigger } from './agreement.ts';
import { actorIdOf } from './agreement.ts';
import { tollTotal } from './estimate.ts';
import type { Grade, WorkflowStatus } from './grade.ts';
import type { Incident } from './incident.ts';
import type { Series, SeriesPoint } from './series.ts';

// ---------------------------------------------------------------------------------------------------------
// Inputs

export interface ComplianceIncident {
  id: string;
  /** `YYYY-MM-DD` (day precision, as incidents are stored) or a full ISO date-time */
  date: string;
  status: WorkflowStatus;
  grade: Grade | null;
  /** the party the incident is attributed to (actor id), or null when unattributed */
  perpetrator: string | null;
  eventType: string;
  subEventType?: string | null;
  /** provisions an analyst linked the incident to (full ids) */
  provisionIds: readonly string[];
  /** lines/zones whose meaning the incident's location contradicts for its perpetrator (see src/geo/spatial.ts
   * `wrongSideOf`); used by breach rules with `wrongSideOf` */
  wrongSideOf?: readonly string[];
  /** the toll's best figure; for an entry standing for several incidents, their sum */
  killedBest?: number | null;
  /**
   * How many incidents this entry stands for (default 1): a caller that reads only verdicts and counts may pass
   * incidents alike in everything above as one entry. Tallies then count them all and list the entry's id once.
   */
  count?: number;
  /**
   * For an entry standing for several incidents when the evidence lists must name each of them: their positions
   * (ascending) in `ComplianceInput.memberIds`, the incidents' ids in the order they would have been passed one by
   * one. Tallies and lists then name every member, in that order, exactly as for the incidents passed singly.
   */
  members?: readonly number[];
}

export interface ComplianceSeriesPoint {
  /** one series per reporting body and metric, e.g. `cogat.trucks`, `un2720.trucks` */
  seriesId: string;
  /** the reporting body (actor id); figures of different bodies are never combined */
  body: string;
  /** matches `indicator.metric`, e.g. `aid.trucks` */
  metric: string;
  /** `daily`: the value for that day; `cumulative`: a running total; `period`: a count since the previous point */
  mode?: 'daily' | 'cumulative' | 'period';
  /** `YYYY-MM-DD` or ISO date-time */
  date: string;
  value: number;
  /** when the figure is about one party only (e.g. detainees released by one side) */
  party?: string | null;
}

/** A recorded occurrence: an agreement event, a provision fulfilled (id = provision id), a phase started (id =
 * phase id) or completed (`<phase id>.completed`). */
export interface ComplianceOccurrence {
  id: string;
  at: IsoDateTime;
}

export interface ComplianceInput {
  agreement: Agreement;
  asOf: IsoDateTime;
  incidents?: readonly ComplianceIncident[];
  series?: readonly ComplianceSeriesPoint[];
  occurrences?: readonly ComplianceOccurrence[];
  /** With grouped entries that carry `members`: every member's id, by position (see ComplianceIncident.members). */
  memberIds?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------
// Output

export const COMPLIANCE_STATUSES = ['met', 'partly-met', 'breached', 'pending', 'overdue', 'not-assessable'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export interface IncidentTally {
  count: number;
  byGrade: Record<Grade | 'ungraded', number>;
  killedBest: number;
  incidentIds: string[];
  firstDate: string | null;
  lastDate: string | null;
}

export interface BreachEvidence {
  /** status verified or published */
  verified: IncidentTally;
  /** status draft or in-review */
  alleged: IncidentTally;
  /** graded `discounted` (another party most likely responsible, or only combatants harmed): listed, not counted */
  discounted: string[];
  /** day-precision incidents on the very day the obligation began: cannot tell if before or after, not counted */
  onStartDay: string[];
}

export type ReadingBasis = 'each-day' | 'each-week' | 'rate-from-cumulative' | 'latest-cumulative' | 'sum';

/** One reporting body's figures for the indicator, judged on their own. */
export interface IndicatorReading {
  seriesId: string;
  body: string;
  basis: ReadingBasis;
  /** the figure judged against the target: the mean per period for rates, the total for totals */
  value: number;
  /** periods judged (days or complete weeks) for rates; points used otherwise */
  periods: number;
  periodsMeetingTarget: number;
  min: number | null;
  max: number | null;
  firstDate: string | null;
  lastDate: string | null;
  meetsTarget: boolean;
  /** any movement towards the target (value above zero for ≥ / > targets) */
  progress: boolean;
}

export interface IndicatorEvidence {
  metric: string;
  comparator: Indicator['comparator'];
  target: number;
  per: NonNullable<Indicator['per']>;
  readings: IndicatorReading[];
  /** true when one body's figures meet the target and another's do not */
  bodiesDisagree: boolean;
}

export interface DeadlineEvidence {
  state: 'none' | 'waiting' | 'coming' | 'passed';
  at: IsoDateTime | null;
  waitingOn: string | null;
  /** hours from asOf to the deadline; negative once passed */
  hoursLeft: number | null;
}

export interface ProvisionAssessment {
  provisionId: string;
  phase: string;
  category: Provision['category'];
  party: string;
  status: ComplianceStatus;
  /** one sentence, plain words: why this status */
  reason: string;
  startsAt: IsoDateTime | null;
  deadline: DeadlineEvidence;
  fulfilledAt: IsoDateTime | null;
  /** fulfilled, but after the deadline */
  late: boolean;
  breaches: BreachEvidence;
  indicator: IndicatorEvidence | null;
  /** the provision itself rests on uncertain sources */
  uncertain: boolean;
}

export type PhaseStatus = 'not-started' | 'active' | 'completed' | 'stalled';

export interface Blocker {
  provisionId: string;
  party: string;
  status: ComplianceStatus;
  reason: string;
}

export interface PhaseReadiness {
  phaseId: string;
  name: string;
  order: number;
  status: PhaseStatus;
  startsAt: IsoDateTime | null;
  /** what the start is waiting for (an event or `<phase>.completed`) */
  waitingOn: string | null;
  counts: Record<ComplianceStatus, number>;
  /** this phase's provisions not yet met: what keeps it from completing */
  openItems: Blocker[];
  /** for a phase that starts after another completes: that phase's open items */
  blockedBy: Blocker[];
}

export interface ComplianceReport {
  agreementId: string;
  agreementVersion: number;
  asOf: IsoDateTime;
  provisions: ProvisionAssessment[];
  phases: PhaseReadiness[];
}

// ---------------------------------------------------------------------------------------------------------
// Preparation: parse every date once, index by perpetrator and by linked provision.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

interface PreparedIncident {
  src: ComplianceIncident;
  ms: number;
  dayOnly: boolean;
  kind: 'verified' | 'alleged';
  /** `eventType` and `eventType|subEventType`, for set lookups against breach rules */
  typeKey: string;
  subKey: string;
}

interface PreparedPoint {
  src: ComplianceSeriesPoint;
  ms: number;
  /** UTC midnight of the point's day */
  dayMs: number;
}

function parseTime(s: string): { ms: number; dayOnly: boolean } {
  const dayOnly = DAY_ONLY.test(s);
  return { ms: Date.parse(dayOnly ? `${s}T00:00:00Z` : s), dayOnly };
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

function emptyTally(): IncidentTally {
  return {
    count: 0,
    byGrade: { confirmed: 0, fair: 0, weak: 0, contested: 0, discounted: 0, ungraded: 0 },
    killedBest: 0,
    incidentIds: [],
    firstDate: null,
    lastDate: null,
  };
}

/** Counts an entry into a tally; its ids are listed by `listIds` once the tally's entries are known. */
function addToTally(t: IncidentTally, i: ComplianceIncident): void {
  const n = i.count ?? 1;
  t.count += n;
  t.byGrade[i.grade ?? 'ungraded'] += n;
  t.killedBest += i.killedBest ?? 0;
  if (t.firstDate === null || i.date < t.firstDate) t.firstDate = i.date;
  if (t.lastDate === null || i.date > t.lastDate) t.lastDate = i.date;
}

/**
 * Appends the ids of `entries` (in the engine's walk order through one list of incidents, which follows the input
 * order) to `out`: an entry's own id, or with members every member's id, merged back into the input order.
 */
function listIds(out: string[], entries: readonly PreparedIncident[], memberIds: readonly string[] | undefined): void {
  if (!memberIds) {
    for (const e of entries) out.push(e.src.id);
    return;
  }
  if (entries.length === 1) {
    for (const m of entries[0]!.src.members!) out.push(memberIds[m]!);
    return;
  }
  let n = 0;
  for (const e of entries) n += e.src.members!.length;
  const positions = new Int32Array(n);
  let k = 0;
  for (const e of entries) for (const m of e.src.members!) positions[k++] = m;
  positions.sort();
  for (let j = 0; j < n; j++) out.push(memberIds[positions[j]!]!);
}

function compare(value: number, comparator: Indicator['comparator'], target: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= target;
    case '>':
      return value > target;
    case '<=':
      return value <= target;
    case '<':
      return value < target;
    case '==':
      return value === target;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** "30 h ago", or in days once it is more than two days. */
function ago(hours: number): string {
  return hours < 48 ? `${round(hours)} h ago` : `${Math.round((hours / 24) * 10) / 10} days ago`;
}

// ---------------------------------------------------------------------------------------------------------
// Indicators

function readSeries(
  points: PreparedPoint[],
  indicator: Indicator,
  startMs: number,
  asOfMs: number,
): IndicatorReading | null {
  const first = points[0];
  if (!first) return null;
  const per = indicator.per ?? 'total';
  const mode = first.src.mode ?? 'daily';
  const meets = (v: number) => compare(v, indicator.comparator, indicator.target);
  const rising = indicator.comparator === '>=' || indicator.comparator === '>' || indicator.comparator === '==';
  const base = { seriesId: first.src.seriesId, body: first.src.body };

  // Day figures count from the first whole day of the obligation: the day it began is only part of a day.
  const dayFigures = points.filter((p) => p.dayMs >= startMs && p.ms <= asOfMs);
  const instant = points.filter((p) => p.ms >= utcDay(startMs) && p.ms <= asOfMs);

  if (mode === 'cumulative') {
    if (instant.length === 0) return null;
    const last = instant[instant.length - 1]!;
    if (per === 'total') {
      const v = last.src.value;
      return {
        ...base,
        basis: 'latest-cumulative',
        value: v,
        periods: instant.length,
        periodsMeetingTarget: meets(v) ? 1 : 0,
        min: instant[0]!.src.value,
        max: v,
        firstDate: instant[0]!.src.date,
        lastDate: last.src.date,
        meetsTarget: meets(v),
        progress: rising ? v > 0 : meets(v),
      };
    }
    // A running total gives only an average rate between its first and last reading.
    const firstPoint = instant[0]!;
    const days = (last.dayMs - firstPoint.dayMs) / DAY_MS;
    if (days <= 0) return null;
    const perDay = (last.src.value - firstPoint.src.value) / days;
    const v = round(per === 'week' ? perDay * 7 : perDay);
    return {
      ...base,
      basis: 'rate-from-cumulative',
      value: v,
      periods: days,
      periodsMeetingTarget: meets(v) ? days : 0,
      min: null,
      max: null,
      firstDate: firstPoint.src.date,
      lastDate: last.src.date,
      meetsTarget: meets(v),
      progress: rising ? v > 0 : meets(v),
    };
  }

  if (per === 'total') {
    if (instant.length === 0) return null;
    const v = instant.reduce((s, p) => s + p.src.value, 0);
    return {
      ...base,
      basis: 'sum',
      value: v,
      periods: instant.length,
      periodsMeetingTarget: meets(v) ? 1 : 0,
      min: null,
      max: null,
      firstDate: instant[0]!.src.date,
      lastDate: instant[instant.length - 1]!.src.date,
      meetsTarget: meets(v),
      progress: rising ? v > 0 : meets(v),
    };
  }

  // Rates from day figures. Several figures for one day from one body (e.g. corrections) are added up.
  const byDay = new Map<number, number>();
  for (const p of dayFigures) byDay.set(p.dayMs, (byDay.get(p.dayMs) ?? 0) + p.src.value);
  let periodValues: number[];
  let basis: ReadingBasis;
  if (per === 'day') {
    periodValues = [...byDay.values()];
    basis = 'each-day';
  } else {
    // Complete seven-day blocks counted from the first whole day; an unfinished week is not judged yet. Days
    // without a figure are absent, not zero: a week is the sum of what the body reported for it.
    const firstDay = utcDay(startMs) + (utcDay(startMs) === startMs ? 0 : DAY_MS);
    const weeks = new Map<number, number>();
    const lastFullWeek = Math.floor((utcDay(asOfMs) + DAY_MS - firstDay) / (7 * DAY_MS)) - 1;
    for (const [day, value] of byDay) {
      const w = Math.floor((day - firstDay) / (7 * DAY_MS));
      if (w >= 0 && w <= lastFullWeek) weeks.set(w, (weeks.get(w) ?? 0) + value);
    }
    periodValues = [...weeks.values()];
    basis = 'each-week';
  }
  if (periodValues.length === 0) return null;
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const sum = periodValues.reduce((s, v) => s + v, 0);
  const meeting = periodValues.filter(meets).length;
  return {
    ...base,
    basis,
    value: round(sum / periodValues.length),
    periods: periodValues.length,
    periodsMeetingTarget: meeting,
    min: Math.min(...periodValues),
    max: Math.max(...periodValues),
    firstDate: days.length ? new Date(days[0]!).toISOString().slice(0, 10) : null,
    lastDate: days.length ? new Date(days[days.length - 1]!).toISOString().slice(0, 10) : null,
    meetsTarget: meeting === periodValues.length,
    progress: rising ? sum > 0 : meeting > 0,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The engine

/** Ids of the actors whose acts count against each party: the party itself and those it answers for. */
function answerability(agreement: Agreement): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const all: Party[] = [
    ...agreement.parties,
    ...(agreement.mediators ?? []),
    ...(agreement.guarantors ?? []),
    ...(agreement.monitors ?? []),
    ...(agreement.actors ?? []),
  ];
  for (const actor of all) map.set(actor.id, [actor.id, ...(actor.answersFor ?? [])]);
  return map;
}

/**
 * Every perpetrator whose incidents the engine can count against some obligation: each obligated party and the
 * groups it answers for. An incident attributed to anyone else changes no verdict, so a caller may leave it out.
 */
export function perpetratorsJudged(agreement: Agreement): Set<string> {
  const answersFor = answerability(agreement);
  return new Set(agreement.provisions.flatMap((p) => p.obligated.flatMap((party) => answersFor.get(party) ?? [party])));
}

export function assessCompliance(input: ComplianceInput): ComplianceReport {
  const { agreement } = input;
  const asOfMs = Date.parse(input.asOf);
  if (Number.isNaN(asOfMs)) throw new RangeError(`asOf "${input.asOf}" is not an ISO date-time`);

  // Only what had happened by asOf counts, so a report for a past date is what one would have said then.
  const recorded = (input.occurrences ?? []).map((o) => [o.id, o.at] as const);
  const allOccurred = agreementOccurrences(agreement, recorded);
  const occurred: Occurrences = new Map([...allOccurred].filter(([, at]) => Date.parse(at) <= asOfMs));

  // Incidents: drop rejected/merged, parse dates once, index by perpetrator and by linked provision.
  const byPerpetrator = new Map<string, PreparedIncident[]>();
  const byLinkedProvision = new Map<string, PreparedIncident[]>();
  const times = new Map<string, { ms: number; dayOnly: boolean }>(); // many incidents share a day
  for (const src of input.incidents ?? []) {
    if (input.memberIds && !src.members) throw new RangeError(`incident entry ${src.id} has no members, but memberIds were given: every entry must name its members`);
    if (src.status === 'rejected' || src.status === 'merged' || src.perpetrator === null) continue;
    let time = times.get(src.date);
    if (!time) times.set(src.date, (time = parseTime(src.date)));
    const { ms, dayOnly } = time;
    if (Number.isNaN(ms) || ms > asOfMs) continue;
    const kind = src.status === 'verified' || src.status === 'published' ? 'verified' : 'alleged';
    const list = byPerpetrator.get(src.perpetrator);
    const prepared: PreparedIncident = { src, ms, dayOnly, kind, typeKey: src.eventType, subKey: `${src.eventType}|${src.subEventType ?? ''}` };
    for (const id of new Set(src.provisionIds)) {
      const linked = byLinkedProvision.get(id);
      if (linked) linked.push(prepared);
      else byLinkedProvision.set(id, [prepared]);
    }
    if (list) list.push(prepared);
    else byPerpetrator.set(src.perpetrator, [prepared]);
  }

  // Series: by metric, then by series id (one body each), sorted by time.
  const byMetric = new Map<string, Map<string, PreparedPoint[]>>();
  for (const src of input.series ?? []) {
    const { ms } = parseTime(src.date);
    if (Number.isNaN(ms)) continue;
    let bySeries = byMetric.get(src.metric);
    if (!bySeries) byMetric.set(src.metric, (bySeries = new Map()));
    const key = `${src.seriesId}\u0000${src.party ?? ''}`;
    let list = bySeries.get(key);
    if (!list) bySeries.set(key, (list = []));
    list.push({ src, ms, dayMs: utcDay(ms) });
  }
  for (const bySeries of byMetric.values()) for (const list of bySeries.values()) list.sort((a, b) => a.ms - b.ms);

  const answersFor = answerability(agreement);
  const phaseStart = new Map(agreement.phases.map((p) => [p.id, resolvePhaseStart(agreement, p, occurred)]));

  // One list per perpetrator the party answers for, each in input order (the order evidence is listed in).
  const incidentsAgainst = new Map<string, PreparedIncident[][]>();
  const against = (party: string) => {
    let lists = incidentsAgainst.get(party);
    if (!lists) incidentsAgainst.set(party, (lists = (answersFor.get(party) ?? [party]).flatMap((id) => (byPerpetrator.has(id) ? [byPerpetrator.get(id)!] : []))));
    return lists;
  };

  const assessments: ProvisionAssessment[] = [];
  for (const provision of agreement.provisions) {
    for (const party of provision.obligated) {
      assessments.push(
        assessOne(agreement, provision, party, {
          asOfMs,
          occurred,
          phaseStart: phaseStart.get(provision.phase),
          // Without breach rules only the incidents linked to this provision can count: skip the full scan.
          incidents: provision.breachedBy?.length
            ? against(party)
            : [(byLinkedProvision.get(provision.id) ?? []).filter((i) => (answersFor.get(party) ?? [party]).includes(i.src.perpetrator!))],
          series: byMetric.get(provision.indicator?.metric ?? '\u0000'),
          memberIds: input.memberIds,
        }),
      );
    }
  }

  return {
    agreementId: agreement.id,
    agreementVersion: agreement.version,
    asOf: input.asOf,
    provisions: assessments,
    phases: phaseReadiness(agreement, assessments, phaseStart, occurred, asOfMs),
  };
}

interface AssessmentContext {
  asOfMs: number;
  occurred: Occurrences;
  phaseStart: ReturnType<typeof resolvePhaseStart> | undefined;
  /** lists of incidents, each in input order */
  incidents: PreparedIncident[][];
  series: Map<string, PreparedPoint[]> | undefined;
  memberIds: readonly string[] | undefined;
}

function assessOne(agreement: Agreement, provision: Provision, party: string, ctx: AssessmentContext): ProvisionAssessment {
  const base = {
    provisionId: provision.id,
    phase: provision.phase,
    category: provision.category,
    party,
    uncertain: provision.uncertain === true,
  };
  const breaches: BreachEvidence = { verified: emptyTally(), alleged: emptyTally(), discounted: [], onStartDay: [] };
  const noDeadline: DeadlineEvidence = { state: 'none', at: null, waitingOn: null, hoursLeft: null };
  const result = (
    status: ComplianceStatus,
    reason: string,
    rest: Partial<Pick<ProvisionAssessment, 'startsAt' | 'deadline' | 'fulfilledAt' | 'late' | 'indicator'>> = {},
  ): ProvisionAssessment => ({
    ...base,
    status,
    reason,
    startsAt: rest.startsAt ?? null,
    deadline: rest.deadline ?? noDeadline,
    fulfilledAt: rest.fulfilledAt ?? null,
    late: rest.late ?? false,
    breaches,
    indicator: rest.indicator ?? null,
  });

  // 1. Has the obligation begun? Its phase must have started and its own trigger fired.
  const phase = ctx.phaseStart;
  if (!phase || phase.status === 'none') return result('not-assessable', `phase "${provision.phase}" is not in the agreement`);
  if (phase.status === 'waiting') return result('pending', `phase "${provision.phase}" has not started (waiting for ${phase.on})`);
  const fulfilled = ctx.occurred.get(provision.id);
  const fulfilledMs = fulfilled === undefined ? undefined : Date.parse(fulfilled);
  const trigger = resolveTrigger(agreement, provision.trigger, ctx.occurred);
  // A recorded fulfilment proves the obligation was live even when its trigger's time is unknown (the hour of a
  // cabinet vote often is): it then counts from its phase's start, or from the fulfilment if that came first.
  if (trigger.status === 'waiting' && fulfilledMs === undefined) return result('pending', `starts after ${trigger.on}, which has not happened yet`);
  const startMs =
    trigger.status === 'resolved' ? Math.max(phase.ms, trigger.ms) : Math.min(phase.ms, fulfilledMs ?? phase.ms);
  const startsAt = new Date(startMs).toISOString();
  const deadlineTime = resolveDeadline(agreement, provision, ctx.occurred);
  const deadline: DeadlineEvidence =
    deadlineTime.status === 'resolved'
      ? {
          state: deadlineTime.ms < ctx.asOfMs ? 'passed' : 'coming',
          at: deadlineTime.at,
          waitingOn: null,
          hoursLeft: round((deadlineTime.ms - ctx.asOfMs) / HOUR_MS),
        }
      : deadlineTime.status === 'waiting'
        ? { state: 'waiting', at: null, waitingOn: deadlineTime.on, hoursLeft: null }
        : noDeadline;
  if (startMs > ctx.asOfMs) return result('pending', `applies from ${startsAt}`, { startsAt, deadline });

  // 2. Incidents attributed to the party (or to a group it answers for) that breach this provision.
  // Rules that need a line can only be applied once the line has coordinates; until then they match nothing and
  // the verdict says so rather than calling the provision met.
  const rules = provision.breachedBy ?? [];
  const loadedGeometry = new Set((agreement.geometry ?? []).filter((g) => g.geojson).map((g) => g.name));
  const activeRules = rules.filter((r) => r.wrongSideOf === undefined || loadedGeometry.has(r.wrongSideOf));
  const unchecked = [...new Set(rules.filter((r) => !activeRules.includes(r)).map((r) => r.wrongSideOf!))];
  const startDay = utcDay(startMs);
  // Plain rules become set lookups; only rules tied to a line need the incident's spatial facts.
  const plainKeys = new Set(activeRules.filter((r) => !r.wrongSideOf).map((r) => (r.subEventType === undefined ? r.eventType : `${r.eventType}|${r.subEventType}`)));
  const sidedRules = activeRules.filter((r) => r.wrongSideOf);
  const matched = { verified: [] as PreparedIncident[], alleged: [] as PreparedIncident[], discounted: [] as PreparedIncident[], onStartDay: [] as PreparedIncident[] };
  for (const list of ctx.incidents) {
    for (const inc of list) {
      const i = inc.src;
      const byRule =
        plainKeys.has(inc.typeKey) ||
        plainKeys.has(inc.subKey) ||
        (sidedRules.length > 0 &&
          sidedRules.some(
            (r) =>
              r.eventType === i.eventType &&
              (r.subEventType === undefined || r.subEventType === i.subEventType) &&
              (i.wrongSideOf?.includes(r.wrongSideOf!) ?? false),
          ));
      if (!byRule && !i.provisionIds.includes(provision.id)) continue;
      if (inc.dayOnly ? inc.ms < startDay : inc.ms < startMs) continue;
      if (inc.dayOnly && inc.ms === startDay && startDay !== startMs) {
        matched.onStartDay.push(inc);
        continue;
      }
      if (i.grade === 'discounted') {
        matched.discounted.push(inc);
        continue;
      }
      addToTally(inc.kind === 'verified' ? breaches.verified : breaches.alleged, i);
      matched[inc.kind].push(inc);
    }
    listIds(breaches.verified.incidentIds, matched.verified, ctx.memberIds);
    listIds(breaches.alleged.incidentIds, matched.alleged, ctx.memberIds);
    listIds(breaches.discounted, matched.discounted, ctx.memberIds);
    listIds(breaches.onStartDay, matched.onStartDay, ctx.memberIds);
    for (const m of Object.values(matched)) m.length = 0;
  }

  // 3. Reported figures, one reading per body (and per party, when a figure names one).
  let indicator: IndicatorEvidence | null = null;
  if (provision.indicator) {
    const readings: IndicatorReading[] = [];
    for (const points of ctx.series?.values() ?? []) {
      const about = points[0]?.src.party;
      if (about && about !== party) continue;
      const reading = readSeries(points, provision.indicator, startMs, ctx.asOfMs);
      if (reading) readings.push(reading);
    }
    readings.sort((a, b) => a.seriesId.localeCompare(b.seriesId));
    indicator = {
      metric: provision.indicator.metric,
      comparator: provision.indicator.comparator,
      target: provision.indicator.target,
      per: provision.indicator.per ?? 'total',
      readings,
      bodiesDisagree: readings.some((r) => r.meetsTarget) && readings.some((r) => !r.meetsTarget),
    };
  }

  const late = fulfilledMs !== undefined && deadlineTime.status === 'resolved' && fulfilledMs > deadlineTime.ms;
  const rest = { startsAt, deadline, indicator, fulfilledAt: fulfilled ?? null, late };
  const alleged = breaches.alleged.count;
  const allegedNote = alleged ? `; ${alleged} alleged breach${alleged === 1 ? '' : 'es'} not verified` : '';

  // 4. The verdict, most serious first.
  const verified = breaches.verified.count;
  if (verified > 0) return result('breached', `${verified} verified incident${verified === 1 ? ' breaches' : 's breach'} it${allegedNote}`, rest);
  if (fulfilled !== undefined) return result('met', `fulfilled ${fulfilled}${late ? ', after the deadline' : ''}${allegedNote}`, rest);

  const readings = indicator?.readings ?? [];
  const target = indicator ? `${indicator.metric} ${indicator.comparator} ${indicator.target}${indicator.per === 'total' ? '' : ` per ${indicator.per}`}` : '';
  const figures = readings.map((r) => `${r.body} ${r.value}`).join(', ');
  const isRate = indicator !== null && indicator.per !== 'total';
  if (indicator && readings.length > 0 && readings.every((r) => r.meetsTarget))
    return result('met', `every reporting body's figures meet ${target} (${figures})${allegedNote}`, rest);
  if (deadline.state === 'passed')
    return result(
      'overdue',
      `deadline ${deadline.at} passed ${ago(-deadline.hoursLeft!)}; ${readings.length ? `figures short of ${target} (${figures})` : 'no fulfilment recorded'}${allegedNote}`,
      rest,
    );
  if (indicator && readings.length > 0) {
    if (indicator.bodiesDisagree) return result('partly-met', `reporting bodies disagree on ${target} (${figures})${allegedNote}`, rest);
    if (readings.some((r) => r.progress)) return result('partly-met', `below ${target} (${figures})${allegedNote}`, rest);
    // A rate is due every period from the start; a total only by its deadline.
    if (isRate) return result('overdue', `no progress towards ${target} (${figures})${allegedNote}`, rest);
    return result('pending', `no progress yet towards ${target} (${figures})${deadline.state === 'coming' ? `; due ${deadline.at}` : ''}${allegedNote}`, rest);
  }
  if (deadline.state === 'coming') return result('pending', `due ${deadline.at}; not yet fulfilled${allegedNote}`, rest);
  if (rules.length > 0 && !indicator) {
    if (activeRules.length === 0)
      return result('not-assessable', `${unchecked.join(', ')} not loaded: cannot tell which side incidents fell on${allegedNote}`, rest);
    const note = unchecked.length ? `; rules needing ${unchecked.join(', ')} not checked (not loaded)` : '';
    return result('met', `no verified breach since ${startsAt}${note}${allegedNote}`, rest);
  }
  if (indicator) return result('not-assessable', `no reported figures for ${indicator.metric}${allegedNote}`, rest);
  return result('not-assessable', `nothing to judge it by: no figures, deadline, breach rule or recorded fulfilment${allegedNote}`, rest);
}

// ---------------------------------------------------------------------------------------------------------
// Phases

function phaseReadiness(
  agreement: Agreement,
  assessments: ProvisionAssessment[],
  starts: Map<string, ReturnType<typeof resolvePhaseStart>>,
  occurred: Occurrences,
  asOfMs: number,
): PhaseReadiness[] {
  const open = new Map<string, Blocker[]>();
  const out: PhaseReadiness[] = [];
  for (const phase of phasesInOrder(agreement)) {
    const mine = assessments.filter((a) => a.phase === phase.id);
    const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
    for (const a of mine) counts[a.status]++;
    const openItems = mine
      .filter((a) => a.status !== 'met')
      .map((a) => ({ provisionId: a.provisionId, party: a.party, status: a.status, reason: a.reason }));
    open.set(phase.id, openItems);
    const start = starts.get(phase.id);
    const started = start?.status === 'resolved' && start.ms <= asOfMs;
    const completedAt = occurred.get(`${phase.id}.completed`);
    let status: PhaseStatus;
    if (!started) status = 'not-started';
    else if (completedAt !== undefined || (mine.length > 0 && openItems.length === 0)) status = 'completed';
    else if (counts.overdue > 0 || counts.breached > 0) status = 'stalled';
    else status = 'active';
    const after = 'afterPhase' in phase.start ? phase.start.afterPhase : null;
    out.push({
      phaseId: phase.id,
      name: phase.name,
      order: phase.order,
      status,
      startsAt: start?.status === 'resolved' ? start.at : null,
      waitingOn: start?.status === 'waiting' ? start.on : null,
      counts,
      openItems,
      blockedBy: after && !started ? (open.get(after) ?? []) : [],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Conveniences for callers

/** The assessments of one provision (short or full id), one per obligated party. */
export function assessmentsOf(report: ComplianceReport, agreement: Agreement, provisionId: string): ProvisionAssessment[] {
  const id = findProvision(agreement, provisionId)?.id ?? provisionId;
  return report.provisions.filter((a) => a.provisionId === id);
}

/** Status counts per party, for a one-line summary ("israel: 3 met, 1 breached …"). */
export function statusCountsByParty(report: ComplianceReport): Map<string, Record<ComplianceStatus, number>> {
  const map = new Map<string, Record<ComplianceStatus, number>>();
  for (const a of report.provisions) {
    let counts = map.get(a.party);
    if (!counts) map.set(a.party, (counts = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>));
    counts[a.status]++;
  }
  return map;
}

// ---------------------------------------------------------------------------------------------------------
// From stored records to engine inputs

/**
 * An incident as the engine needs it, for one agreement. The perpetrator is the party the analyst named on a
 * provision link for this agreement, else the alleged actor1 matched on the agreement's names and aliases. Null
 * when the incident has no date (it cannot be placed against any clock).
 */
export function complianceIncidentOf(
  incident: Pick<Incident, 'id' | 'date' | 'status' | 'grade' | 'actor1' | 'eventType' | 'subEventType' | 'provisions' | 'killed'>,
  agreement: Agreement,
): ComplianceIncident | null {
  if (incident.date === null) return null;
  const links = incident.provisions.filter((l) => l.agreementId === agreement.id);
  const named = links.find((l) => l.partyId !== null)?.partyId ?? null;
  const perpetrator = named ?? (incident.actor1 === null ? null : (actorIdOf(agreement, incident.actor1) ?? null));
  return {
    id: incident.id,
    date: incident.date,
    status: incident.status,
    grade: incident.grade,
    perpetrator,
    eventType: incident.eventType,
    subEventType: incident.subEventType,
    provisionIds: links.map((l) => findProvision(agreement, l.provisionId)?.id ?? l.provisionId),
    killedBest: tollTotal(incident.killed)?.best ?? null,
  };
}

/** A stored series' points as engine input; the series' body and mode travel with every point. */
export function complianceSeriesOf(series: Pick<Series, 'id' | 'bodyId' | 'metric' | 'mode'>, points: readonly Pick<SeriesPoint, 'date' | 'value'>[]): ComplianceSeriesPoint[] {
  return points.map((p) => ({ seriesId: series.id, body: series.bodyId, metric: series.metric, mode: series.mode, date: p.date, value: p.value }));
}
