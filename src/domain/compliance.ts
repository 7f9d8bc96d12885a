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
   * How many incidents this entry stands for (default 1): a caller may pass incidents alike in everything above as
   * one entry. Tallies then count them all; without `members` the lists name the entry's own id once.
   */
  count?: number;
  /**
   * For an entry standing for several incidents when the evidence lists must name each of them: their positions in
   * `ComplianceInput.memberIds`. The lists then name the members exactly as for the incidents passed singly.
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
  /**
   * How many incidents each evidence list names (default `EVIDENCE_LIMIT`; `Infinity`: all); its count always
   * covers every one.
   */
  evidenceLimit?: number;
}

/**
 * Each evidence list names its latest 100 incidents by default. The newest evidence is what a mediator reads first
 * (is it still going on?), and a hundred is as many as a person reads on a board; a list of every breaching
 * incident was 454,580 ids (8.5 MB) at a million incidents. The rest are read page by page, in the same order, from
 * the evidence list (services/compliance.ts `evidencePage`, `GET …/compliance/evidence`).
 */
export const EVIDENCE_LIMIT = 100;

// ---------------------------------------------------------------------------------------------------------
// Output

export const COMPLIANCE_STATUSES = ['met', 'partly-met', 'breached', 'pending', 'overdue', 'not-assessable'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** Incidents of one evidence list: how many, and the latest of them by id. */
export interface EvidenceList {
  /** every incident in the list */
  count: number;
  /** the latest `evidenceLimit` of them, newest first (by date, then id, both descending: the incident list's order) */
  incidentIds: string[];
}

export interface IncidentTally extends EvidenceList {
  byGrade: Record<Grade | 'ungraded', number>;
  killedBest: number;
  firstDate: string | null;
  lastDate: string | null;
}

/** The four lists an incident against a provision and party can fall in (`evidenceClassifier`). */
export const EVIDENCE_LISTS = ['verified', 'alleged', 'discounted', 'onStartDay'] as const;
export type EvidenceListName = (typeof EVIDENCE_LISTS)[number];

export interface BreachEvidence {
  /** status verified or published */
  verified: IncidentTally;
  /** status draft or in-review */
  alleged: IncidentTally;
  /** graded `discounted` (another party most likely responsible, or only combatants harmed): listed, not counted */
  discounted: EvidenceList;
  /** day-precision incidents on the very day the obligation began: cannot tell if before or after, not counted */
  onStartDay: EvidenceList;
}

/** Distinct incidents counted against one party over all its provisions: one breaching two provisions counts once. */
export interface PartyEvidence {
  party: string;
  verified: number;
  alleged: number;
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
  /** how many incidents each evidence list names at most (null: all) */
  evidenceLimit: number | null;
  provisions: ProvisionAssessment[];
  phases: PhaseReadiness[];
  /** each obligated party, in the order the provisions first name them */
  parties: PartyEvidence[];
}

// ---------------------------------------------------------------------------------------------------------
// Preparation: parse every date once, index by perpetrator and by linked provision.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The incidents counted against one party over its provisions, each once: the first 31 parties mark an incident by a
 * bit of its own (`PreparedIncident.countedFor`), any further ones keep a set.
 */
interface PartyCount {
  bit: number;
  beyond: Set<PreparedIncident> | null;
  verified: number;
  alleged: number;
}

interface PreparedIncident {
  src: ComplianceIncident;
  /** the parties (`PartyCount.bit`) it has been counted against */
  countedFor: number;
  /** how many incidents it stands for */
  n: number;
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

/** Counts an entry into a tally; which of its incidents are named is decided once the list is complete. */
function addToTally(t: IncidentTally, i: PreparedIncident): void {
  t.count += i.n;
  t.byGrade[i.src.grade ?? 'ungraded'] += i.n;
  t.killedBest += i.src.killedBest ?? 0;
  if (t.firstDate === null || i.src.date < t.firstDate) t.firstDate = i.src.date;
  if (t.lastDate === null || i.src.date > t.lastDate) t.lastDate = i.src.date;
}

/** One evidence list of an assessment: the entries it counts, and those whose incidents may be named. */
interface Listing {
  list: EvidenceList;
  entries: PreparedIncident[];
  latest: PreparedIncident[];
}

/**
 * The entries of a list whose incidents may be among its latest `limit`: every entry of its newest days, until
 * those days hold `limit` incidents (within a day the incidents' ids decide, which only their members tell).
 */
function latestEntries(entries: PreparedIncident[], limit: number): PreparedIncident[] {
  if (limit <= 0 || entries.length === 0) return [];
  let total = 0;
  for (const e of entries) total += e.n;
  if (total <= limit) return entries;
  const perDay = new Map<string, number>();
  for (const e of entries) perDay.set(e.src.date, (perDay.get(e.src.date) ?? 0) + e.n);
  const days = [...perDay.keys()].sort().reverse();
  let held = 0;
  let cutoff = days[days.length - 1]!;
  for (const d of days) {
    held += perDay.get(d)!;
    if (held >= limit) {
      cutoff = d;
      break;
    }
  }
  return entries.filter((e) => e.src.date >= cutoff);
}

/** Newest first, by date then id, both descending: the incident list's order (repositories/incidents.ts). */
export function newestFirst(a: { date: string; id: string }, b: { date: string; id: string }): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Names the latest `limit` incidents of a list, from its latest entries' ids. */
function nameLatest(l: Listing, limit: number, idsOf: (entry: ComplianceIncident) => readonly string[]): void {
  const named: Array<{ date: string; id: string }> = [];
  for (const e of l.latest) for (const id of idsOf(e.src)) named.push({ date: e.src.date, id });
  named.sort(newestFirst);
  const n = Math.min(limit, named.length);
  const ids = new Array<string>(n);
  for (let k = 0; k < n; k++) ids[k] = named[k]!.id;
  l.list.incidentIds = ids;
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

/** Where one obligation stands in time at asOf: not yet begun (with the verdict that says so), or its clocks. */
type ObligationClock =
  | { begun: false; status: ComplianceStatus; reason: string; startsAt?: IsoDateTime; deadline?: DeadlineEvidence }
  | { begun: true; startMs: number; startsAt: IsoDateTime; deadline: DeadlineEvidence; deadlineTime: ReturnType<typeof resolveDeadline>; fulfilled: IsoDateTime | undefined; fulfilledMs: number | undefined };

const NO_DEADLINE: DeadlineEvidence = { state: 'none', at: null, waitingOn: null, hoursLeft: null };

/** 1. Has the obligation begun? Its phase must have started and its own trigger fired. */
function obligationClock(agreement: Agreement, provision: Provision, phase: ReturnType<typeof resolvePhaseStart> | undefined, occurred: Occurrences, asOfMs: number): ObligationClock {
  if (!phase || phase.status === 'none') return { begun: false, status: 'not-assessable', reason: `phase "${provision.phase}" is not in the agreement` };
  if (phase.status === 'waiting') return { begun: false, status: 'pending', reason: `phase "${provision.phase}" has not started (waiting for ${phase.on})` };
  const fulfilled = occurred.get(provision.id);
  const fulfilledMs = fulfilled === undefined ? undefined : Date.parse(fulfilled);
  const trigger = resolveTrigger(agreement, provision.trigger, occurred);
  // A recorded fulfilment proves the obligation was live even when its trigger's time is unknown (the hour of a
  // cabinet vote often is): it then counts from its phase's start, or from the fulfilment if that came first.
  if (trigger.status === 'waiting' && fulfilledMs === undefined) return { begun: false, status: 'pending', reason: `starts after ${trigger.on}, which has not happened yet` };
  const startMs =
    trigger.status === 'resolved' ? Math.max(phase.ms, trigger.ms) : Math.min(phase.ms, fulfilledMs ?? phase.ms);
  const startsAt = new Date(startMs).toISOString();
  const deadlineTime = resolveDeadline(agreement, provision, occurred);
  const deadline: DeadlineEvidence =
    deadlineTime.status === 'resolved'
      ? {
          state: deadlineTime.ms < asOfMs ? 'passed' : 'coming',
          at: deadlineTime.at,
          waitingOn: null,
          hoursLeft: round((deadlineTime.ms - asOfMs) / HOUR_MS),
        }
      : deadlineTime.status === 'waiting'
        ? { state: 'waiting', at: null, waitingOn: deadlineTime.on, hoursLeft: null }
        : NO_DEADLINE;
  if (startMs > asOfMs) return { begun: false, status: 'pending', reason: `applies from ${startsAt}`, startsAt, deadline };
  return { begun: true, startMs, startsAt, deadline, deadlineTime, fulfilled, fulfilledMs };
}

/** The rules of one provision from its start: which list, if any, an incident of an answerable perpetrator is in. */
interface BreachMatcher {
  rules: NonNullable<Provision['breachedBy']>;
  activeRules: NonNullable<Provision['breachedBy']>;
  /** lines some rule needs that are not loaded */
  unchecked: string[];
  listOf(inc: PreparedIncident): EvidenceListName | null;
}

/**
 * 2. Incidents attributed to the party (or to a group it answers for) that breach this provision. Rules that need a
 * line can only be applied once the line has coordinates; until then they match nothing and the verdict says so
 * rather than calling the provision met.
 */
function breachMatcher(agreement: Agreement, provision: Provision, startMs: number): BreachMatcher {
  const rules = provision.breachedBy ?? [];
  const loadedGeometry = new Set((agreement.geometry ?? []).filter((g) => g.geojson).map((g) => g.name));
  const activeRules = rules.filter((r) => r.wrongSideOf === undefined || loadedGeometry.has(r.wrongSideOf));
  const unchecked = [...new Set(rules.filter((r) => !activeRules.includes(r)).map((r) => r.wrongSideOf!))];
  const startDay = utcDay(startMs);
  // Plain rules become set lookups; only rules tied to a line need the incident's spatial facts.
  const plainKeys = new Set(activeRules.filter((r) => !r.wrongSideOf).map((r) => (r.subEventType === undefined ? r.eventType : `${r.eventType}|${r.subEventType}`)));
  const sidedRules = activeRules.filter((r) => r.wrongSideOf);
  return {
    rules,
    activeRules,
    unchecked,
    listOf(inc) {
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
      if (!byRule && !i.provisionIds.includes(provision.id)) return null;
      if (inc.dayOnly ? inc.ms < startDay : inc.ms < startMs) return null;
      if (inc.dayOnly && inc.ms === startDay && startDay !== startMs) return 'onStartDay';
      if (i.grade === 'discounted') return 'discounted';
      return inc.kind;
    },
  };
}

/** An incident as the engine reads it, or null when nothing can count it (rejected, merged, unattributed, undated, after asOf). */
function prepare(src: ComplianceIncident, asOfMs: number, times: Map<string, { ms: number; dayOnly: boolean }>, subKeys: SubKeys): PreparedIncident | null {
  if (src.status === 'rejected' || src.status === 'merged' || src.perpetrator === null) return null;
  let time = times.get(src.date);
  if (!time) times.set(src.date, (time = parseTime(src.date)));
  const { ms, dayOnly } = time;
  if (Number.isNaN(ms) || ms > asOfMs) return null;
  const kind = src.status === 'verified' || src.status === 'published' ? 'verified' : 'alleged';
  return { src, countedFor: 0, n: src.count ?? 1, ms, dayOnly, kind, typeKey: src.eventType, subKey: subKeyOf(subKeys, src.eventType, src.subEventType) };
}

/** `eventType|subEventType`, made once per pair rather than once per incident (a million incidents share a few dozen). */
type SubKeys = Map<string, Map<string, string>>;
function subKeyOf(keys: SubKeys, eventType: string, subEventType: string | null | undefined): string {
  let bySub = keys.get(eventType);
  if (!bySub) keys.set(eventType, (bySub = new Map()));
  const sub = subEventType ?? '';
  let key = bySub.get(sub);
  if (key === undefined) bySub.set(sub, (key = `${eventType}|${sub}`));
  return key;
}

/** What happened by asOf: a report for a past date is what one would have said then. */
function occurredBy(agreement: Agreement, occurrences: readonly ComplianceOccurrence[] | undefined, asOfMs: number): Occurrences {
  const recorded = (occurrences ?? []).map((o) => [o.id, o.at] as const);
  return new Map([...agreementOccurrences(agreement, recorded)].filter(([, at]) => Date.parse(at) <= asOfMs));
}

function parseAsOf(asOf: string): number {
  const asOfMs = Date.parse(asOf);
  if (Number.isNaN(asOfMs)) throw new RangeError(`asOf "${asOf}" is not an ISO date-time`);
  return asOfMs;
}

/**
 * Which evidence list of one provision and party each incident falls in, exactly as `assessCompliance` sorts them
 * (null: none), for a caller reading one list whole, page by page, from candidates it narrowed itself
 * (services/compliance.ts `evidencePage`). `perpetrators`: whose incidents can count (the party and those it answers
 * for); `startsAt`: from when (null: the obligation has not begun, every list is empty).
 */
export function evidenceClassifier(
  input: Pick<ComplianceInput, 'agreement' | 'asOf' | 'occurrences'>,
  provisionId: string,
  party: string,
): { perpetrators: string[]; startsAt: IsoDateTime | null; listOf(i: ComplianceIncident): EvidenceListName | null } {
  const { agreement } = input;
  const asOfMs = parseAsOf(input.asOf);
  const provision = findProvision(agreement, provisionId);
  if (!provision) throw new RangeError(`agreement ${agreement.id} has no provision "${provisionId}"`);
  if (!provision.obligated.includes(party)) throw new RangeError(`provision ${provision.id} obliges ${provision.obligated.join(', ')}, not ${party}`);
  const perpetrators = answerability(agreement).get(party) ?? [party];
  const occurred = occurredBy(agreement, input.occurrences, asOfMs);
  const phase = agreement.phases.find((p) => p.id === provision.phase);
  const clock = obligationClock(agreement, provision, phase && resolvePhaseStart(agreement, phase, occurred), occurred, asOfMs);
  if (!clock.begun) return { perpetrators, startsAt: null, listOf: () => null };
  const matcher = breachMatcher(agreement, provision, clock.startMs);
  const times = new Map<string, { ms: number; dayOnly: boolean }>();
  const subKeys: SubKeys = new Map();
  return {
    perpetrators,
    startsAt: clock.startsAt,
    listOf(i) {
      if (i.perpetrator === null || !perpetrators.includes(i.perpetrator)) return null;
      const inc = prepare(i, asOfMs, times, subKeys);
      return inc ? matcher.listOf(inc) : null;
    },
  };
}

/** The engine's report with the evidence lists' ids still to name (`assessComplianceDeferred`). */
export interface DeferredReport {
  /** the entries whose incidents may be named: those of each list's newest days */
  wanted: ReadonlySet<ComplianceIncident>;
  /** the report, each list naming its latest incidents from `idsOf` (an entry's incidents' ids); a new copy each call */
  finish(idsOf: (entry: ComplianceIncident) => readonly string[]): ComplianceReport;
}

export function assessCompliance(input: ComplianceInput): ComplianceReport {
  const memberIds = input.memberIds;
  const idsOf = memberIds ? (e: ComplianceIncident) => e.members!.map((m) => memberIds[m]!) : (e: ComplianceIncident) => [e.id];
  return assessComplianceDeferred(input).finish(idsOf);
}

/**
 * The engine, in two steps for a caller holding entries that stand for several incidents without those
 * incidents' ids: verdicts, counts and sums first, and which entries' incidents the lists may name (`wanted`); then,
 * given the ids of those entries' incidents, the report. A million incidents need ids for a few hundred of them.
 */
export function assessComplianceDeferred(input: ComplianceInput): DeferredReport {
  const { agreement } = input;
  const asOfMs = parseAsOf(input.asOf);
  const limit = input.evidenceLimit ?? EVIDENCE_LIMIT;
  const occurred = occurredBy(agreement, input.occurrences, asOfMs);

  // Incidents: drop rejected/merged, parse dates once, index by perpetrator and by linked provision.
  const byPerpetrator = new Map<string, PreparedIncident[]>();
  const byLinkedProvision = new Map<string, PreparedIncident[]>();
  const times = new Map<string, { ms: number; dayOnly: boolean }>(); // many incidents share a day
  const subKeys: SubKeys = new Map();
  for (const src of input.incidents ?? []) {
    if (input.memberIds && !src.members) throw new RangeError(`incident entry ${src.id} has no members, but memberIds were given: every entry must name its members`);
    const prepared = prepare(src, asOfMs, times, subKeys);
    if (!prepared) continue;
    // Each provision once (most incidents link none or one: no set made for them).
    const links = src.provisionIds;
    for (let k = 0; k < links.length; k++) {
      const id = links[k]!;
      if (k > 0 && links.indexOf(id) < k) continue;
      const linked = byLinkedProvision.get(id);
      if (linked) linked.push(prepared);
      else byLinkedProvision.set(id, [prepared]);
    }
    const list = byPerpetrator.get(src.perpetrator!);
    if (list) list.push(prepared);
    else byPerpetrator.set(src.perpetrator!, [prepared]);
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

  // One list per perpetrator the party answers for.
  const incidentsAgainst = new Map<string, PreparedIncident[][]>();
  const against = (party: string) => {
    let lists = incidentsAgainst.get(party);
    if (!lists) incidentsAgainst.set(party, (lists = (answersFor.get(party) ?? [party]).flatMap((id) => (byPerpetrator.has(id) ? [byPerpetrator.get(id)!] : []))));
    return lists;
  };

  const listings: Listing[] = [];
  const counted = new Map<string, PartyCount>();
  const assessments: ProvisionAssessment[] = [];
  for (const provision of agreement.provisions) {
    for (const party of provision.obligated) {
      let mine = counted.get(party);
      if (!mine) counted.set(party, (mine = { bit: counted.size < 31 ? 1 << counted.size : 0, beyond: counted.size < 31 ? null : new Set(), verified: 0, alleged: 0 }));
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
          listings,
          counted: mine,
        }),
      );
    }
  }

  const wanted = new Set<ComplianceIncident>();
  for (const l of listings) {
    l.latest = latestEntries(l.entries, limit);
    for (const e of l.latest) wanted.add(e.src);
  }
  const report: ComplianceReport = {
    agreementId: agreement.id,
    agreementVersion: agreement.version,
    asOf: input.asOf,
    evidenceLimit: Number.isFinite(limit) ? limit : null,
    provisions: assessments,
    phases: phaseReadiness(agreement, assessments, phaseStart, occurred, asOfMs),
    parties: [...counted].map(([party, c]) => ({ party, verified: c.verified, alleged: c.alleged })),
  };
  return {
    wanted,
    finish(idsOf) {
      for (const l of listings) nameLatest(l, limit, idsOf);
      // A copy: the report may be finished again with other ids (a dashboard's entries, then compliance's incidents).
      return structuredClone(report);
    },
  };
}

interface AssessmentContext {
  asOfMs: number;
  occurred: Occurrences;
  phaseStart: ReturnType<typeof resolvePhaseStart> | undefined;
  /** lists of incidents, one per perpetrator */
  incidents: PreparedIncident[][];
  series: Map<string, PreparedPoint[]> | undefined;
  /** every evidence list, to be named once all are known */
  listings: Listing[];
  /** the incidents counted against the party so far, over its provisions */
  counted: PartyCount;
}

function assessOne(agreement: Agreement, provision: Provision, party: string, ctx: AssessmentContext): ProvisionAssessment {
  const base = {
    provisionId: provision.id,
    phase: provision.phase,
    category: provision.category,
    party,
    uncertain: provision.uncertain === true,
  };
  const breaches: BreachEvidence = { verified: emptyTally(), alleged: emptyTally(), discounted: { count: 0, incidentIds: [] }, onStartDay: { count: 0, incidentIds: [] } };
  const result = (
    status: ComplianceStatus,
    reason: string,
    rest: Partial<Pick<ProvisionAssessment, 'startsAt' | 'deadline' | 'fulfilledAt' | 'late' | 'indicator'>> = {},
  ): ProvisionAssessment => ({
    ...base,
    status,
    reason,
    startsAt: rest.startsAt ?? null,
    deadline: rest.deadline ?? NO_DEADLINE,
    fulfilledAt: rest.fulfilledAt ?? null,
    late: rest.late ?? false,
    breaches,
    indicator: rest.indicator ?? null,
  });

  const clock = obligationClock(agreement, provision, ctx.phaseStart, ctx.occurred, ctx.asOfMs);
  if (!clock.begun) return result(clock.status, clock.reason, clock.startsAt ? { startsAt: clock.startsAt, deadline: clock.deadline } : {});
  const { startMs, startsAt, deadline, deadlineTime, fulfilled, fulfilledMs } = clock;

  const { rules, activeRules, unchecked, listOf } = breachMatcher(agreement, provision, startMs);
  const matched: Record<EvidenceListName, PreparedIncident[]> = { verified: [], alleged: [], discounted: [], onStartDay: [] };
  for (const list of ctx.incidents) {
    for (const inc of list) {
      const which = listOf(inc);
      if (which === null) continue;
      matched[which].push(inc);
      if (which === 'verified' || which === 'alleged') {
        addToTally(breaches[which], inc);
        // Once per party however many of its provisions the incident breaches (`which` is the incident's own kind).
        const c = ctx.counted;
        if (c.bit !== 0 ? (inc.countedFor & c.bit) === 0 : !c.beyond!.has(inc)) {
          if (c.bit !== 0) inc.countedFor |= c.bit;
          else c.beyond!.add(inc);
          c[which] += inc.n;
        }
      } else breaches[which].count += inc.n;
    }
  }
  for (const which of EVIDENCE_LISTS) ctx.listings.push({ list: breaches[which], entries: matched[which], latest: [] });

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
