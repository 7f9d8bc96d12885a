// What was promised: an agreement as data. The shapes here mirror the YAML files in data/agreements one to one
// (validated against data/schema/agreement.schema.json), so loading a file is parsing, not translating.
// Pure: no I/O, no clock. Times are ISO 8601 strings with an explicit UTC offset, because a ceasefire clock
// ("within 24 hours") is only meaningful against a known time zone.
import { ACTOR_KINDS, type ActorKind } from './actor.ts';

/** ISO 8601 date-time with offset, e.g. `2025-10-10T12:00:00+03:00`. */
export type IsoDateTime = string;

export const AGREEMENT_KINDS = ['ceasefire', 'framework', 'implementation', 'declaration', 'renewal', 'other'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** PA-X `Stage` codes (PeaceRep): pre-negotiation, substantive partial/comprehensive, implementation, renewal,
 * ceasefire/related, other. */
export const PAX_STAGES = ['Pre', 'SubPar', 'SubComp', 'Imp', 'Ren', 'Cea', 'Oth'] as const;
export type PaxStage = (typeof PAX_STAGES)[number];

// Actor kinds are the actor registry's (src/domain/actor.ts), so an agreement's parties can be registered as
// actors without translation.
export { ACTOR_KINDS };
export type { ActorKind };

/** A signatory or other actor named by the agreement. `acledInter` is ACLED's actor-type code (1 state forces,
 * 2 rebel groups, 3 political militias, … 8 external/other forces) so imported events map onto parties. */
export interface Party {
  id: string;
  name: string;
  aliases?: string[];
  kind: ActorKind;
  acledInter?: number;
  wikidata?: string;
  /** ids of actors whose acts count against this party's obligations (a party that undertook to restrain a
   * group answers for that group: Lebanon for Hezbollah) */
  answersFor?: string[];
  note?: string;
}

/** A mediator, guarantor or monitoring body: may be obligated by a provision too (e.g. deploy a force). */
export interface ThirdParty extends Party {
  sources?: string[];
}

/** A monitoring mechanism named by (or created for) the agreement, e.g. the CMCC or the OSCE SMM. */
export interface Monitor extends ThirdParty {
  /** ids of the parties/third parties that run or sit on it */
  members?: string[];
  establishedAt?: IsoDateTime;
  uncertain?: boolean;
}

/** A dated milestone the agreement's clocks run from (cabinet approval, completion of a withdrawal). */
export interface AgreementEvent {
  id: string;
  name: string;
  at?: IsoDateTime;
  /** 'day' when the sources give the day only; `at` is then local midnight of that day */
  precision?: 'day' | 'hour' | 'minute';
  /** provisions this event fulfils (e.g. "withdrawal completed" fulfils the withdrawal provision) */
  fulfils?: string[];
  sources: string[];
  uncertain?: boolean;
  note?: string;
}

/** When a phase begins. */
export type PhaseStart =
  | { on: 'signing' | 'in-force' }
  /** when the named phase completes (all its provisions met, or its completion recorded) */
  | { afterPhase: string }
  | { at: IsoDateTime };

export interface Phase {
  id: string;
  name: string;
  order: number;
  start: PhaseStart;
  sources?: string[];
  note?: string;
}

export const PROVISION_CATEGORIES = [
  'ceasefire',
  'withdrawal',
  'exchange',
  'humanitarian-access',
  'disarmament-ddr',
  'interim-governance',
  'international-force',
  'monitoring',
  'amnesty',
  'political-process',
  'other',
] as const;
export type ProvisionCategory = (typeof PROVISION_CATEGORIES)[number];

/** When the obligation starts to apply. `after` names an agreement event, a provision (its fulfilment) or a
 * phase (its start). */
export type Trigger = { on: 'signing' | 'in-force' } | { after: string } | { at: IsoDateTime };

/** Absolute, or relative: `hours` after an event / provision fulfilment / phase start. Absent = continuous. */
export type Deadline = { at: IsoDateTime } | { after: string; hours: number };

export const COMPARATORS = ['>=', '>', '<=', '<', '=='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export type IndicatorPeriod = 'day' | 'week' | 'total';

/** A measurable target, e.g. `aid.trucks_per_day >= 600 per day`, `hostages.living_released == 20 total`. */
export interface Indicator {
  metric: string;
  comparator: Comparator;
  target: number;
  per?: IndicatorPeriod;
  unit?: string;
  note?: string;
}

/** An incident kind that breaches the provision when an obligated party is the perpetrator. Matching uses
 * ACLED's event type and, when given, sub-event type; with `wrongSideOf`, only incidents that lie on the side of
 * that line (or zone) the perpetrator must keep off count. */
export interface BreachRule {
  eventType: string;
  subEventType?: string;
  wrongSideOf?: string;
}

export interface Provision {
  /** `<agreement id>/<phase short>.<slug>`, e.g. `gaza-2025/p1.withdraw-yellow-line` */
  id: string;
  phase: string;
  category: ProvisionCategory;
  obligated: string[];
  act: string;
  trigger: Trigger;
  deadline?: Deadline;
  indicator?: Indicator;
  breachedBy?: BreachRule[];
  /** where in the text, e.g. "20-point plan, point 4" */
  ref?: string;
  sources: string[];
  uncertain?: boolean;
  note?: string;
}

export const COMPASS_SIDES = ['east', 'west', 'north', 'south'] as const;
export type CompassSide = (typeof COMPASS_SIDES)[number];
export type GeometryRole = 'agreement-area' | 'admin-area' | 'withdrawal-line' | 'buffer-zone' | 'crossing' | 'boundary';

/** What a line or zone means for the parties: "party X's forces stay east of line L", "inside zone Z". */
export interface GeometryMeaning {
  role: GeometryRole;
  party?: string;
  mustStay?: CompassSide | 'inside' | 'outside';
}

export type Position = [number, number] | [number, number, number];
export interface LineGeometry {
  type: 'LineString' | 'MultiLineString';
  coordinates: Position[] | Position[][];
}
export interface ZoneGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Position[][] | Position[][][];
}

export interface AgreementGeometry {
  name: string;
  kind: 'line' | 'zone';
  meaning: GeometryMeaning;
  description?: string;
  /** GeoJSON file, relative to the agreement file; absent = declared but not loaded */
  file?: string;
  /** property values that pick one feature out of the file, e.g. `{ hasc: PS.GZ.GZ }` */
  feature?: Record<string, string>;
  validFrom?: IsoDateTime;
  validTo?: IsoDateTime;
  attribution?: string;
  sources: string[];
  uncertain?: boolean;
  note?: string;
  /** filled in by the loader from `file`, or by a user loading a line; never typed in the YAML */
  geojson?: LineGeometry | ZoneGeometry;
}

export interface Agreement {
  id: string;
  version: number;
  title: string;
  kind: AgreementKind;
  paxStage: PaxStage;
  signedAt: IsoDateTime;
  inForceAt: IsoDateTime;
  parties: Party[];
  mediators?: ThirdParty[];
  guarantors?: ThirdParty[];
  monitors?: Monitor[];
  /** other actors the agreement names: bodies it creates or tasks (Board of Peace, ISF, UN agencies), or
   * groups a party answers for */
  actors?: ThirdParty[];
  events?: AgreementEvent[];
  phases: Phase[];
  provisions: Provision[];
  geometry?: AgreementGeometry[];
  /** The territories the agreement covers (`gaza-strip`, `lebanon`): series over them report on it. */
  territory?: string[];
  sources: string[];
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Lookups

/**
 * The territories an agreement covers: those it names, or else the names of its agreement-area zones (gaza-2025's
 * `gaza-strip`), so versions stored before agreements named a territory still have one.
 */
export function agreementTerritories(agreement: Pick<Agreement, 'territory' | 'geometry'>): string[] {
  if (agreement.territory?.length) return [...agreement.territory];
  return (agreement.geometry ?? []).filter((g) => g.meaning?.role === 'agreement-area').map((g) => g.name);
}

export function findProvision(agreement: Agreement, id: string): Provision | undefined {
  // Accept the short form too (`p1.withdraw-yellow-line`), as typed at a prompt.
  const full = id.includes('/') ? id : `${agreement.id}/${id}`;
  return agreement.provisions.find((p) => p.id === full);
}

export function provisionsOfPhase(agreement: Agreement, phaseId: string): Provision[] {
  return agreement.provisions.filter((p) => p.phase === phaseId);
}

/** Every actor the agreement names, by id: parties, mediators, guarantors and monitors. */
export function actorsById(agreement: Agreement): Map<string, Party> {
  const map = new Map<string, Party>();
  for (const list of [agreement.parties, agreement.mediators, agreement.guarantors, agreement.monitors, agreement.actors]) {
    for (const actor of list ?? []) map.set(actor.id, actor);
  }
  return map;
}

/** Folds a name for matching: case, diacritics, apostrophes and hyphens do not matter (Türkiye = turkiye). */
function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`ʿ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The id of the actor an incident or claim names, matched on id, name or alias (e.g. "IDF" → `israel`,
 * "Qassam Brigades" → `hamas`). Undefined when the name matches no actor of this agreement, or more than one.
 */
export function actorIdOf(agreement: Agreement, nameOrId: string): string | undefined {
  const wanted = foldName(nameOrId);
  if (!wanted) return undefined;
  const hits = new Set<string>();
  for (const actor of actorsById(agreement).values()) {
    if (actor.id === nameOrId || [actor.id, actor.name, ...(actor.aliases ?? [])].some((n) => foldName(n) === wanted)) hits.add(actor.id);
  }
  return hits.size === 1 ? [...hits][0] : undefined;
}

export function actorName(agreement: Agreement, id: string): string {
  return actorsById(agreement).get(id)?.name ?? id;
}

/** Phases by `order`, ties broken by id so the result does not depend on file order. */
export function phasesInOrder(agreement: Agreement): Phase[] {
  return [...agreement.phases].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The phase that follows `phaseId` in order, if any. */
export function nextPhase(agreement: Agreement, phaseId: string): Phase | undefined {
  const ordered = phasesInOrder(agreement);
  const i = ordered.findIndex((p) => p.id === phaseId);
  return i < 0 ? undefined : ordered[i + 1];
}

// ---------------------------------------------------------------------------------------------------------
// Clocks: turning triggers, relative deadlines and phase starts into absolute times.

/** Things that have happened, by id: agreement event ids, provision ids (fulfilled at), phase ids (started at).
 * `signing` and `in-force` are always known from the agreement itself. */
export type Occurrences = ReadonlyMap<string, IsoDateTime>;

export type ResolvedTime =
  | { status: 'resolved'; at: IsoDateTime; ms: number }
  /** depends on something that has not happened (or not been recorded) yet */
  | { status: 'waiting'; on: string }
  | { status: 'none' };

/** Merges the agreement's own dated events with recorded occurrences; recorded ones win (they are newer). */
export function agreementOccurrences(
  agreement: Agreement,
  recorded: Iterable<readonly [string, IsoDateTime]> = [],
): Map<string, IsoDateTime> {
  const map = new Map<string, IsoDateTime>();
  map.set('signing', agreement.signedAt);
  map.set('in-force', agreement.inForceAt);
  for (const e of agreement.events ?? []) {
    if (!e.at) continue;
    map.set(e.id, e.at);
    for (const provisionId of e.fulfils ?? []) map.set(findProvision(agreement, provisionId)?.id ?? provisionId, e.at);
  }
  for (const [id, at] of recorded) map.set(id, at);
  return map;
}

function resolveRef(agreement: Agreement, ref: string, occurred: Occurrences): ResolvedTime {
  const at = occurred.get(ref) ?? occurred.get(findProvision(agreement, ref)?.id ?? '\0');
  if (at !== undefined) return { status: 'resolved', at, ms: Date.parse(at) };
  // A phase that has not been recorded as started may still be computable from its own start rule.
  const phase = agreement.phases.find((p) => p.id === ref);
  if (phase) return resolvePhaseStart(agreement, phase, occurred);
  return { status: 'waiting', on: ref };
}

export function resolveTrigger(agreement: Agreement, trigger: Trigger, occurred: Occurrences): ResolvedTime {
  if ('on' in trigger) {
    const at = trigger.on === 'signing' ? agreement.signedAt : agreement.inForceAt;
    return { status: 'resolved', at, ms: Date.parse(at) };
  }
  if ('at' in trigger) return { status: 'resolved', at: trigger.at, ms: Date.parse(trigger.at) };
  return resolveRef(agreement, trigger.after, occurred);
}

/** Relative deadlines become absolute once the event they count from has happened. */
export function resolveDeadline(agreement: Agreement, provision: Provision, occurred: Occurrences): ResolvedTime {
  const d = provision.deadline;
  if (!d) return { status: 'none' };
  if ('at' in d) return { status: 'resolved', at: d.at, ms: Date.parse(d.at) };
  const from = resolveRef(agreement, d.after, occurred);
  if (from.status !== 'resolved') return from;
  const ms = from.ms + d.hours * 3_600_000;
  return { status: 'resolved', at: new Date(ms).toISOString(), ms };
}

/** A phase starts on its own rule unless its start was recorded (recorded dates win: phases often start late). */
export function resolvePhaseStart(
  agreement: Agreement,
  phase: Phase,
  occurred: Occurrences,
  seen: Set<string> = new Set(),
): ResolvedTime {
  const recorded = occurred.get(phase.id);
  if (recorded !== undefined) return { status: 'resolved', at: recorded, ms: Date.parse(recorded) };
  const s = phase.start;
  if ('on' in s) {
    const at = s.on === 'signing' ? agreement.signedAt : agreement.inForceAt;
    return { status: 'resolved', at, ms: Date.parse(at) };
  }
  if ('at' in s) return { status: 'resolved', at: s.at, ms: Date.parse(s.at) };
  // "after phase X completes": completion has to be recorded (as `<phase>.completed`) — compliance derives
  // readiness, but only a person declares a phase over.
  if (seen.has(phase.id)) return { status: 'waiting', on: s.afterPhase };
  seen.add(phase.id);
  const done = occurred.get(`${s.afterPhase}.completed`);
  if (done !== undefined) return { status: 'resolved', at: done, ms: Date.parse(done) };
  return { status: 'waiting', on: `${s.afterPhase}.completed` };
}

/** A copy of the agreement with one named line or zone given coordinates (e.g. a user loading the yellow line). */
export function withGeometry(
  agreement: Agreement,
  name: string,
  geojson: LineGeometry | ZoneGeometry,
): Agreement {
  const geometry = (agreement.geometry ?? []).map((g) => (g.name === name ? { ...g, geojson } : g));
  return { ...agreement, geometry };
}

/** Plain-words deadline, for tables and messages. */
export function describeDeadline(d: Deadline | undefined): string {
  if (!d) return 'no deadline';
  if ('at' in d) return `by ${d.at}`;
  return `${d.hours} h after ${d.after}`;
}

export function describeTrigger(t: Trigger): string {
  if ('on' in t) return `on ${t.on}`;
  if ('at' in t) return `from ${t.at}`;
  return `after ${t.after}`;
}

export function describeIndicator(i: Indicator | undefined): string {
  if (!i) return '';
  return `${i.metric} ${i.comparator} ${i.target}${i.per && i.per !== 'total' ? ` per ${i.per}` : ''}`;
}
