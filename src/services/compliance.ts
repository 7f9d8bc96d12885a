// Compliance of a stored agreement at a moment: gathers what the pure engine (src/domain/compliance.ts) needs from
// the store — the agreement version in force at that moment, its geometry as of then, the incidents that belong
// to it and the reported series its indicators read — and returns the engine's report unchanged.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { type Agreement, type AgreementGeometry, actorIdOf, agreementTerritories, findProvision } from '../domain/agreement.ts';
import { reportsOn } from '../domain/series.ts';
import { type ComplianceIncident, type ComplianceInput, type ComplianceReport, type ComplianceSeriesPoint, type DeferredReport, assessCompliance, assessComplianceDeferred, complianceSeriesOf, perpetratorsJudged } from '../domain/compliance.ts';
import { UserError } from '../domain/errors.ts';
import type { Incident, ProvisionLink } from '../domain/incident.ts';
import { placeIncident, pointInZone, wrongSideOf } from '../geo/spatial.ts';
import type { Store } from '../store/connect.ts';
import { type StoredAgreement, getAgreement, listGeometries } from '../store/repositories/agreements.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';
import { compareLinks, type IncidentFilter, listIncidents } from '../store/repositories/incidents.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { type KeptOptions, type KeptReport, keptKey, keptReport } from './kept.ts';
import { holdsWalk, recall, remember, worthKeeping } from './walk-memory.ts';

export interface AgreementAsOf {
  stored: StoredAgreement;
  agreement: Agreement;
}

/**
 * The version of an agreement that applied at `asOf`: the newest version signed on or before that moment (an
 * amendment signed later does not rewrite what was promised earlier). Without `asOf`, the newest version.
 * Geometry is the version of each line or zone valid at `asOf`, so a moved line is judged where it lay then.
 */
export async function agreementAsOf(store: Store, id: string, asOf?: string): Promise<AgreementAsOf> {
  const versions = await store.db.selectFrom('agreements').select(['version', 'signedAt']).where('id', '=', id).orderBy('version', 'desc').execute();
  if (versions.length === 0) throw new UserError('not-found', `no agreement "${id}" is held; \`truce agreement list\` shows what is, \`truce agreement load FILE\` adds one`, { field: 'agreement' });
  const at = asOf ? Date.parse(asOf) : Number.NaN;
  const chosen = Number.isNaN(at) ? versions[0]! : (versions.find((v) => v.signedAt === null || Date.parse(v.signedAt) <= at) ?? versions[versions.length - 1]!);
  const stored = (await getAgreement(store.db, id, Number(chosen.version)))!;
  const agreement = stored.document as Agreement;
  const geometry = await listGeometries(store.db, id, asOf);
  if (geometry.length > 0) {
    const byName = new Map((agreement.geometry ?? []).map((g) => [g.name, g] as const));
    for (const g of geometry) {
      const declared = byName.get(g.name);
      byName.set(g.name, { ...(declared ?? {}), name: g.name, kind: g.kind, meaning: g.meaning, geojson: g.geojson ?? declared?.geojson, validFrom: g.validFrom ?? undefined } as AgreementGeometry);
    }
    return { stored, agreement: { ...agreement, geometry: [...byName.values()] } };
  }
  return { stored, agreement };
}

/** Every incident (all pages) matching `filter`. */
async function* allIncidents(store: Store, filter: IncidentFilter): AsyncGenerator<Incident> {
  let after: string | undefined;
  do {
    const page = await listIncidents(store.db, store.engine, { ...filter, after, limit: 1000 });
    yield* page.incidents;
    after = page.next ?? undefined;
  } while (after);
}

/**
 * The incidents that belong to an agreement: those filed under it, and those filed under no agreement that lie
 * inside its area (its `agreement-area` zone) on or after its signing — a freshly ingested report of a strike in
 * Khan Younis counts for the Gaza ceasefire before anyone files it. Compliance and tallies both count these, so
 * the two never disagree about which incidents are the agreement's. `filter` narrows by status or dates.
 */
export async function* incidentsUnder(store: Store, agreement: Agreement, filter: Pick<IncidentFilter, 'status' | 'from' | 'to'> = {}): AsyncGenerator<Incident> {
  yield* allIncidents(store, { ...filter, agreementId: agreement.id });
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  if (!area || !inArea) return;
  const signed = agreement.signedAt.slice(0, 10);
  const from = filter.from && filter.from > signed ? filter.from : signed;
  for await (const i of allIncidents(store, { ...filter, agreementId: null, bbox: area.box, from })) {
    const point = pointOf(i);
    if (point && inArea(point)) yield i;
  }
}

/** One of an agreement's incidents with only what the compliance engine reads (and the overview's tallies). */
export interface LeanIncident {
  id: string;
  date: string;
  status: Incident['status'];
  grade: Incident['grade'];
  actor1: string | null;
  eventType: string;
  subEventType: string;
  killedBest: number | null;
  /** this agreement's provision links, in the order the store reads them back (repositories/incidents.ts) */
  provisions: Incident['provisions'];
  point: { lon: number; lat: number } | null;
}

/** Where the agreement's area lies, for the incidents filed under no agreement that count for it. */
export function areaOf(agreement: Agreement): { geojson: NonNullable<AgreementGeometry['geojson']>; box: [number, number, number, number] } | null {
  const area = (agreement.geometry ?? []).find((g) => (g.meaning as { role?: string } | undefined)?.role === 'agreement-area' && g.geojson);
  return area?.geojson ? { geojson: area.geojson, box: bboxOf(area.geojson) } : null;
}

/**
 * Whether a point lies inside the agreement's area, remembered per point: incidents are placed at a gazetteer
 * locality far more often than at their own coordinates, so a million incidents share a few thousand points.
 */
export function areaTest(agreement: Agreement): ((point: { lon: number; lat: number }) => boolean) | null {
  const area = areaOf(agreement);
  if (!area) return null;
  const seen = new Map<string, boolean>();
  return (p) => {
    const key = `${p.lon},${p.lat}`;
    let inside = seen.get(key);
    if (inside === undefined) seen.set(key, (inside = pointInZone(p, area.geojson)));
    return inside;
  };
}

/**
 * The agreement's points inside its outline, named in chunks: of the points `distinct` reads (the unfiled incidents'
 * places), those inside the outline, each tested once, as conditions naming up to 500 of them each (columns `lat` and
 * `lon`, after `prefix`). A query run once per condition then counts only the incidents inside the outline.
 */
export async function pointsInside(agreement: Agreement, distinct: () => Promise<Array<{ lat: unknown; lon: unknown }>>, prefix = ''): Promise<Array<(eb: ExpressionBuilder<any, any>) => Expression<SqlBool>>> {
  const inArea = areaTest(agreement);
  if (!inArea) return [];
  const points = (await distinct()).filter((p) => p.lat !== null && p.lon !== null && inArea({ lon: Number(p.lon), lat: Number(p.lat) }));
  const chunks: Array<(eb: ExpressionBuilder<any, any>) => Expression<SqlBool>> = [];
  for (let k = 0; k < points.length; k += 500) {
    const some = points.slice(k, k + 500);
    chunks.push((eb) => eb(eb.refTuple(`${prefix}lat`, `${prefix}lon`), 'in', some.map((p) => eb.tuple(p.lat, p.lon))));
  }
  return chunks;
}

/** The sort key of the incident list (repositories/incidents.ts): written literally so 0004's indexes serve it. */
export const SORT_DAY = sql<string>`coalesce(date, '')`;

export interface WalkOptions {
  /**
   * Also sum the tolls of every incident of the agreement dated by then, of any status (the dashboard's figures):
   * then every such incident is read, and those the engine would ignore are left out here rather than in SQL.
   */
  tolls?: boolean;
}

/** Incidents of one day alike in status, actor as written, grade and event type, their tolls summed (`WalkOptions.tolls`). */
export interface TollGroup {
  date: string;
  actor1: string | null;
  status: string;
  /** filed under the agreement (false: filed under none, inside its area's bounding box) */
  filed: boolean;
  /** inside the area's outline itself (always, for filed incidents) */
  inArea: boolean;
  count: number;
  /** sums over the incidents that give each figure (SQL's sum), and how many give the best one */
  killedLow: number;
  killedBest: number;
  killedHigh: number;
  withKilled: number;
  injuredLow: number;
  injuredBest: number;
  injuredHigh: number;
  withInjured: number;
  /** low and high where given, else the best figure (the tallies' verified sum) */
  killedLowOrBest: number;
  killedHighOrBest: number;
  injuredLowOrBest: number;
  injuredHighOrBest: number;
}

export interface AgreementWalk {
  /** compliance engine input: incidents alike in everything the engine reads, one entry each with its count */
  entries: ComplianceIncident[];
  /**
   * The ids of the incidents some entries stand for, read again for those entries' days only: the report names the
   * latest incidents of each list, so a million incidents need the ids of a few hundred (`assessComplianceDeferred`).
   */
  idsOf(wanted: ReadonlySet<ComplianceIncident>): Promise<Map<ComplianceIncident, string[]>>;
  /** every incident of the agreement dated by then, as `incidentsUnder` finds them */
  considered: number;
  /** with `tolls` */
  tolls?: TollGroup[];
}

/** One row of a walk: its column values in the order selected. */
type WalkRow = readonly unknown[];

/** Separates the columns an incident is grouped by in the one text the walk reads them as. */
const UNIT = '\u001f';

/**
 * One walk through the agreement's incidents that can move a verdict at `asOf`: those filed under it, then those
 * filed under no agreement inside its area from its signing on, each newest first (the incident list's order), read
 * through 0006's covering index with their provision links beside them, as arrays of values (`Store.eachRow`), never
 * as row objects. Left out in SQL, as the engine would ignore them: rejected or merged incidents, and those neither
 * linked to one of its provisions nor attributed and of an event type some breach rule names; then those of no
 * perpetrator the agreement judges. Incidents alike in everything the engine reads (day, status, grade,
 * perpetrator, event type, linked provisions, the lines it stands on the wrong side of) become one entry with a
 * count and their summed toll; the ids of the incidents behind the entries a report names are read afterwards, for
 * their days only (`AgreementWalk.idsOf`). The columns an entry is told apart by come as
 * one text (`UNIT`-separated), so a row costs one lookup: at a million incidents the walk carries ~650k rows into
 * ~110k entries.
 */
export async function walkAgreement(store: Store, agreement: Agreement, asOf: string, options: WalkOptions): Promise<AgreementWalk> {
  if (sharing === 0) return walkOnce(store, agreement, asOf, options);
  // Shared: one walk serves the dashboard and compliance computed one after the other.
  const head = await headOf(store);
  const key = JSON.stringify([head.seq, head.hash, asOf.slice(0, 10), walkKey(store, agreement, asOf)]);
  if (shared?.key !== key) shared = { key, tolls: options.tolls === true, walk: walkOnce(store, agreement, asOf, { tolls: options.tolls }) };
  // A walk without tolls does not serve a caller that sums them (the first caller decides: the dashboard, first).
  if (options.tolls && !shared.tolls) return walkOnce(store, agreement, asOf, options);
  const walk = shared.walk;
  try {
    return await walk;
  } catch (err) {
    if (shared?.walk === walk) shared = null;
    throw err;
  }
}

async function headOf(store: Store): Promise<{ seq: number; hash: string }> {
  return store.readAuditHead ? store.readAuditHead() : auditHeadOf(store.db);
}

/** What a walk reads besides the record and the day: the store, the agreement version and the lines binding at `asOf`. */
function walkKey(store: Store, agreement: Agreement, asOf: string): string {
  const at = Date.parse(asOf);
  const lines = (agreement.geometry ?? []).filter((g) => g.geojson && g.meaning?.party && (!g.validFrom || Date.parse(g.validFrom) <= at) && (!g.validTo || at < Date.parse(g.validTo)));
  return JSON.stringify([store.describe, agreement.id, agreement.version, lines.map((g) => [g.name, g.validFrom ?? null, g.validTo ?? null])]);
}

/**
 * Whether a walk of this agreement is held to build on (walk-memory.ts): then reading the days a change touched
 * costs less than PostgreSQL's grouped scans over every incident.
 */
export function walkHeld(store: Store, agreement: Agreement, asOf: string, tolls = false): boolean {
  return holdsWalk(walkKey(store, agreement, asOf), tolls);
}

let sharing = 0;
let shared: { key: string; tolls: boolean; walk: Promise<AgreementWalk> } | null = null;

/**
 * Runs `compute` with agreement walks shared: a walk at the same audit head, agreement version, day and binding
 * lines is done once and handed to every computation that asks for it (`keepReports` computes an agreement's
 * dashboard and then its compliance: one walk instead of two). The walk kept is dropped when the last `compute`
 * sharing it ends.
 */
/** Whether walks are being shared (`sharingWalks`): a caller then reads the shared walk rather than its own way. */
export function walksShared(): boolean {
  return sharing > 0;
}

export async function sharingWalks<T>(compute: () => Promise<T>): Promise<T> {
  sharing++;
  try {
    return await compute();
  } finally {
    if (--sharing === 0) {
      shared = null;
      assessed = null;
    }
  }
}

/**
 * The engine's verdicts over a walk's entries, shared like the walk (`sharingWalks`): the dashboard and compliance
 * computed in one job assess the same entries at the same moment against the same figures, so the engine runs once
 * (~0.35 s at a million incidents) and each finishes the report with its own ids.
 */
export function assessEntries(input: ComplianceInput): DeferredReport {
  if (sharing === 0) return assessComplianceDeferred(input);
  const key = JSON.stringify([input.agreement.id, input.agreement.version, input.asOf, input.evidenceLimit ?? null, input.series ?? []]);
  if (assessed !== null && assessed.entries === input.incidents && assessed.key === key) return assessed.deferred;
  const deferred = assessComplianceDeferred(input);
  assessed = { entries: input.incidents, key, deferred };
  return deferred;
}

let assessed: { entries: ComplianceInput['incidents']; key: string; deferred: DeferredReport } | null = null;

async function walkOnce(store: Store, agreement: Agreement, asOf: string, options: WalkOptions): Promise<AgreementWalk> {
  const day = asOf.slice(0, 10);
  // Read before the walk: a change landing during it is read again next time (walk-memory.ts).
  const head = await headOf(store);
  const memoryKey = walkKey(store, agreement, asOf);
  const plain = store.db.withoutPlugins() as unknown as Kysely<any>;
  const ruleTypes = [...new Set(agreement.provisions.flatMap((p) => (p.breachedBy ?? []).map((r) => r.eventType)))];
  const judge = engineJudge(agreement, asOf);
  // Where a loaded line binds a party, the point decides whether an incident stands on its wrong side.
  const placed = judge.bound.size > 0;
  // (An actor as written is marked, so that none and an empty name stay apart.)
  const groupedBy = sql`i.status || ${UNIT} || coalesce(i.grade, '') || ${UNIT} || coalesce('~' || i.actor1, '') || ${UNIT} || i.event_type || ${UNIT} || i.sub_event_type`;
  // SQLite reads each incident's links beside it (an index probe per row, in process); PostgreSQL, whose join lost
  // the walk's order and sorted 600k wide rows on disk, reads them first into a map.
  const joined = store.engine === 'sqlite';
  const ruleTyped = (eb: ExpressionBuilder<any, any>) => (ruleTypes.length ? [eb.and([eb('i.event_type', 'in', ruleTypes), eb('i.actor1', 'is not', null)])] : []);
  // Linked to one of its provisions: over every day, PostgreSQL hashes the agreement's links once; over a few days
  // (read again, or named) each candidate's links are looked up instead, as hashing ~200k links would cost more
  // than the days themselves (a scalar subquery, which is never hashed).
  const linkedHere = (eb: ExpressionBuilder<any, any>, fewDays: boolean) =>
    joined
      ? eb('l.incident_id', 'is not', null)
      : fewDays
        ? eb(eb.selectFrom('incident_provisions as p').select(sql.lit(1).as('one')).whereRef('p.incident_id', '=', 'i.id').where('p.agreement_id', '=', agreement.id).limit(1), 'is not', null)
        : eb('i.id', 'in', eb.selectFrom('incident_provisions').select('incident_id').where('agreement_id', '=', agreement.id));
  const judged = (eb: ExpressionBuilder<any, any>, fewDays: boolean) => eb.and([eb('i.status', 'not in', ['rejected', 'merged']), eb.or([...ruleTyped(eb), linkedHere(eb, fewDays)])]);
  // The first pass tells an incident's rows apart by its rowid on SQLite (a number costs the driver less than the id's
  // text); the ids are read when the entries a report names are read again (`naming`).
  const walk = (where: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>, withPoint: boolean, withTolls = tolls, withIds = !joined, fewDays = false) => {
    const from = plain.selectFrom(leanIndex(store));
    const q = (joined ? from.leftJoin('incident_provisions as l', (j) => j.onRef('l.incident_id', '=', 'i.id').on('l.agreement_id', '=', agreement.id)) : from)
      // The point (and the actor it is placed for) only where it is read: each coordinate costs the driver a number.
      .select([
        withIds ? 'i.id' : sql`i.rowid`.as('id'),
        'i.date',
        groupedBy.as('k'),
        'i.killed_best',
        ...(joined ? ['l.provision_id', 'l.party_id'] : [sql`null`.as('p'), sql`null`.as('q')]),
        ...(withPoint ? ['i.actor1', 'i.lat', 'i.lon'] : withTolls ? [sql`null`.as('a'), sql`null`.as('y'), sql`null`.as('x')] : []),
      ])
      .where(where);
    // With tolls every incident is read, with whether the engine may count it: 0 rejected or merged, 2 attributed
    // and of a type some breach rule names, 1 only if linked to one of the agreement's provisions.
    return (
      withTolls
        ? q.select((eb) => [
            eb.case().when('i.status', 'in', ['rejected', 'merged']).then(sql.lit(0)).when(eb.and(ruleTyped(eb).length ? ruleTyped(eb) : [sql<boolean>`false`])).then(sql.lit(2)).else(sql.lit(1)).end().as('judged'),
            'i.killed_low',
            'i.killed_high',
            'i.injured_low',
            'i.injured_best',
            'i.injured_high',
          ])
        : q.where((eb) => judged(eb, fewDays))
    )
      .orderBy(sql`coalesce(i.date, '')`, 'desc')
      .orderBy('i.id', 'desc')
      .compile();
  };
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  const box = area && inArea && signed <= day ? area.box : null;

  // Rows come day by day, so entries are looked up among the day's only; each day's are kept per arm, so the ids of
  // some entries' incidents can be read again for their days (`naming`), and a later walk can read again only the
  // days a change touched (walk-memory.ts).
  type Entry = ComplianceIncident & { count: number; killedBest: number };
  const recalled = await recall<Entry, TollGroup>(store, memoryKey, head, day, options.tolls === true);
  // A walk held that summed tolls goes on summing them (over the touched days only), so it keeps serving the dashboard.
  const tolls = options.tolls === true || recalled?.memory.tolls === true;
  const untouched = <V>(days: Map<string, V> | undefined, dayOf: (k: string) => string) => new Map([...(days ?? [])].filter(([k]) => dayOf(k) <= day && !recalled!.touched.has(dayOf(k))));
  const same = (k: string) => k;
  const filedDays = untouched(recalled?.memory.days.filed, same);
  const unfiledDays = untouched(recalled?.memory.days.unfiled, same);
  const tollDays = tolls ? untouched(recalled?.memory.days.tolls, (k) => k.slice(1)) : new Map<string, TollGroup[]>();
  let nextEntry = recalled?.memory.nextEntry ?? 0;
  const named: WeakMap<Entry, string[]> = recalled?.memory.named ?? new WeakMap();
  const touched = recalled ? [...recalled.touched].sort().reverse() : null;
  let dayEntries = new Map<string, Entry>();
  let naming: { wanted: ReadonlySet<ComplianceIncident>; ids: Map<ComplianceIncident, string[]> } | null = null;
  let today = '';
  const links = new Map<string, LinkInfo>();
  const single = new Map<string, Map<string | null, LinkInfo>>();
  const linkOf = (provisionId: string, party: string | null, more?: ProvisionLink[]): LinkInfo => {
    if (!more) {
      let byParty = single.get(provisionId);
      if (!byParty) single.set(provisionId, (byParty = new Map()));
      let info = byParty.get(party);
      if (!info) byParty.set(party, (info = linkOf(provisionId, party, [])));
      return info;
    }
    const list = more.length ? [{ agreementId: agreement.id, provisionId, partyId: party }, ...more].sort(compareLinks) : null;
    const sig = list ? list.map((l) => `${l.provisionId}\u0001${l.partyId ?? ''}`).join('\u0002') : `${provisionId}\u0001${party ?? ''}`;
    let info = links.get(sig);
    if (!info) {
      const provisionIds = list ? list.map((l) => judge.provision(l.provisionId)) : [judge.provision(provisionId)];
      links.set(sig, (info = { party: list ? (list.find((l) => l.partyId !== null)?.partyId ?? null) : party, provisionIds, key: sig }));
    }
    return info;
  };
  // PostgreSQL: every link of the agreement first, per incident (see `joined`).
  // From a walk held, only the links of the incidents of the days read (`days`); the days named later add theirs.
  const linked: Map<string, LinkInfo> | null = joined ? null : new Map();
  const readLinks = async (days: string[] | null) => {
    if (linked === null) return;
    const byIncident = new Map<string, ProvisionLink[]>();
    const all = plain.selectFrom('incident_provisions').select(['incident_id', 'provision_id', 'party_id']).where('agreement_id', '=', agreement.id);
    const some = days === null ? all : all.where('incident_id', 'in', (eb: ExpressionBuilder<any, any>) => eb.selectFrom('incidents').select('id').where('date', 'in', days.length ? days : ['']));
    await store.eachRow(some.compile(), (r) => {
      const l = { agreementId: agreement.id, provisionId: r[1] as string, partyId: r[2] as string | null };
      const list = byIncident.get(r[0] as string);
      if (list) list.push(l);
      else byIncident.set(r[0] as string, [l]);
    });
    for (const [id, [first, ...more]] of byIncident) linked.set(id, linkOf(first!.provisionId, first!.partyId, more.length ? more : undefined));
  };
  await readLinks(touched);
  let dayTolls = new Map<string, TollGroup>();
  let dayTollList: TollGroup[] = [];
  let filed = true;
  let inside = true;
  let read = 0;
  const sumTolls = (r: WalkRow, date: string) => {
    const key = inside ? (r[2] as string) : `${r[2] as string}\u0000outside`;
    let g = dayTolls.get(key);
    if (g === undefined) {
      const [status, , actor] = (r[2] as string).split(UNIT) as [string, string, string];
      g = { date, actor1: actor === '' ? null : actor.slice(1), status, filed, inArea: inside, count: 0, killedLow: 0, killedBest: 0, killedHigh: 0, withKilled: 0, injuredLow: 0, injuredBest: 0, injuredHigh: 0, withInjured: 0, killedLowOrBest: 0, killedHighOrBest: 0, injuredLowOrBest: 0, injuredHighOrBest: 0 };
      dayTolls.set(key, g);
      dayTollList.push(g);
    }
    g.count++;
    const kb = r[3] as number | null;
    const kl = r[10] as number | null;
    const kh = r[11] as number | null;
    const il = r[12] as number | null;
    const ib = r[13] as number | null;
    const ih = r[14] as number | null;
    if (kl !== null) g.killedLow += Number(kl);
    if (kh !== null) g.killedHigh += Number(kh);
    if (kb !== null) {
      g.killedBest += Number(kb);
      g.withKilled++;
    }
    if (kl !== null || kb !== null) g.killedLowOrBest += Number(kl ?? kb);
    if (kh !== null || kb !== null) g.killedHighOrBest += Number(kh ?? kb);
    if (il !== null) g.injuredLow += Number(il);
    if (ih !== null) g.injuredHigh += Number(ih);
    if (ib !== null) {
      g.injuredBest += Number(ib);
      g.withInjured++;
    }
    if (il !== null || ib !== null) g.injuredLowOrBest += Number(il ?? ib);
    if (ih !== null || ib !== null) g.injuredHighOrBest += Number(ih ?? ib);
  };
  const take = (r: WalkRow, link: LinkInfo | null) => {
    const date = r[1] as string;
    if (date !== today) {
      today = date;
      if (naming) dayEntries = (filed ? filedDays : unfiledDays).get(date) ?? new Map();
      else (filed ? filedDays : unfiledDays).set(date, (dayEntries = new Map()));
      dayTolls = new Map();
      if (tolls && !naming) tollDays.set(`${filed ? 'f' : 'u'}${date}`, (dayTollList = []));
    }
    if (tolls && !naming) {
      sumTolls(r, date);
      if (!inside || r[9] === 0 || (r[9] === 1 && link === null)) return;
    }
    const grouped = r[2] as string;
    let wrong = NOT_WRONG;
    if (placed && r[7] !== null && r[8] !== null) {
      const perpetrator = link?.party ?? (r[6] === null ? null : judge.actor(r[6] as string));
      if (perpetrator !== null && judge.bound.has(perpetrator)) wrong = judge.wrongSide(Number(r[8]), Number(r[7]), perpetrator);
    }
    const key = link === null && wrong === NOT_WRONG ? grouped : `${grouped}\u0000${link?.key ?? ''}\u0000${wrong.key}`;
    let e = dayEntries.get(key);
    if (naming) {
      if (e !== undefined && naming.wanted.has(e)) {
        const ids = naming.ids.get(e);
        if (ids) ids.push(r[0] as string);
        else naming.ids.set(e, [r[0] as string]);
      }
      return;
    }
    if (e === undefined) {
      const [status, grade, actor1, eventType, subEventType] = grouped.split(UNIT) as [Incident['status'], string, string, string, string];
      const perpetrator = link?.party ?? (actor1 === '' ? null : judge.actor(actor1.slice(1)));
      if (perpetrator === null || !judge.judged.has(perpetrator)) {
        dayEntries.set(key, (e = SKIPPED));
      } else {
        e = { id: `group-${nextEntry++}`, date, status, grade: grade === '' ? null : (grade as Incident['grade']), perpetrator, eventType, subEventType, provisionIds: link?.provisionIds ?? NONE, killedBest: 0, count: 0 };
        if (wrong.names.length > 0) e.wrongSideOf = wrong.names;
        dayEntries.set(key, e);
      }
    }
    if (e === SKIPPED) return;
    e.count++;
    if (r[3] !== null) e.killedBest += Number(r[3]);
  };
  // An incident with several links to the agreement comes as one row per link, one after another.
  let held: WalkRow | null = null;
  let more: ProvisionLink[] | undefined;
  const flush = () => {
    if (held === null) return;
    take(held, linked ? (linked.get(held[0] as string) ?? null) : held[4] === null ? null : linkOf(held[4] as string, held[5] as string | null, more));
    held = null;
    more = undefined;
  };
  const row = (r: WalkRow) => {
    read++;
    if (held !== null && r[0] === held[0]) (more ??= []).push({ agreementId: agreement.id, provisionId: r[4] as string, partyId: r[5] as string | null });
    else {
      flush();
      held = r;
    }
  };
  const filedArm = (eb: ExpressionBuilder<any, any>) => eb.and([eb('i.agreement_id', '=', agreement.id), eb('i.date', '<=', day), eb(sql`coalesce(i.date, '')`, '<=', day)]);
  let unfiledArm: typeof filedArm | null = null;
  const within = new Map<unknown, Map<unknown, boolean>>();
  const unfiledRow = (r: WalkRow) => {
    let byLat = within.get(r[8]);
    if (!byLat) within.set(r[8], (byLat = new Map()));
    let isIn = byLat.get(r[7]);
    if (isIn === undefined) byLat.set(r[7], (isIn = inArea!({ lon: Number(r[8]), lat: Number(r[7]) })));
    // Without tolls only the incidents inside the outline are read on; with, every one in the box is summed.
    if (isIn || (tolls && !naming)) {
      if (held !== null && r[0] !== held[0]) flush();
      inside = isIn;
      row(r);
    }
  };
  // Each arm whole, or (from a walk held) its touched days only, 500 days a query.
  const walkArm = async (arm: typeof filedArm, withPoint: boolean, each: (r: WalkRow) => void) => {
    if (touched === null) {
      await store.eachRow(walk(arm, withPoint), each);
      flush();
      return;
    }
    for (let k = 0; k < touched.length; k += 500) {
      const some = touched.slice(k, k + 500);
      today = '';
      await store.eachRow(walk((eb) => eb.and([arm(eb), onDays(some)(eb)]), withPoint, tolls, !joined, true), each);
      flush();
    }
  };
  await walkArm(filedArm, placed, row);
  if (box && inArea) {
    unfiledArm = unfiledBox(agreement, box, day);
    today = '';
    filed = false;
    await walkArm(unfiledArm, true, unfiledRow);
  }
  // Entries and toll groups in the walk's order: filed incidents newest day first, then unfiled ones.
  const newestDayFirst = <V>(days: Map<string, V>) => [...days.keys()].sort().reverse().map((d) => days.get(d)!);
  const entries: ComplianceIncident[] = [];
  for (const byDay of [filedDays, unfiledDays]) for (const m of newestDayFirst(byDay)) for (const e of m.values()) if (e !== SKIPPED) entries.push(e);
  const tollGroups: TollGroup[] = [];
  let considered = 0;
  if (tolls) {
    for (const arm of ['f', 'u']) for (const list of newestDayFirst(new Map([...tollDays].filter(([k]) => k[0] === arm)))) tollGroups.push(...list);
    for (const g of tollGroups) if (g.inArea) considered += g.count;
  }
  // Without tolls, counted per day apart from the walk (it reads only the incidents the engine may count).
  const counts = tolls ? undefined : untouched(recalled?.memory.days.considered, same);
  if (counts) {
    for (const [d, n] of await consideredOn(store, agreement, day, touched)) counts.set(d, n);
    for (const n of counts.values()) considered += n;
  }
  if (recalled || worthKeeping(read)) remember({ key: memoryKey, day, seq: head.seq, hash: head.hash, tolls, days: { filed: filedDays, unfiled: unfiledDays, tolls: tollDays, considered: counts }, nextEntry, named });
  // One naming at a time: a shared walk may be asked by several computations.
  let queue: Promise<unknown> = Promise.resolve();
  const idsOf = (wanted: ReadonlySet<ComplianceIncident>) => {
    const run = queue.then(() => name(wanted));
    queue = run.catch(() => undefined);
    return run;
  };
  const name = async (asked: ReadonlySet<ComplianceIncident>) => {
    const ids = new Map<ComplianceIncident, string[]>();
    // An entry named before, by this walk or one it was built on, keeps its incidents: its day was not read again.
    const wanted = new Set<ComplianceIncident>();
    for (const e of asked) {
      const known = named.get(e as Entry);
      if (known) ids.set(e, known);
      else wanted.add(e);
    }
    if (wanted.size === 0) return ids;
    naming = { wanted, ids };
    // The days of the wanted entries, per arm; each day read again, entries found by the same key.
    const days = (byDay: Map<string, Map<string, Entry>>) => [...new Set([...wanted].filter((e) => [...(byDay.get(e.date)?.values() ?? [])].includes(e as Entry)).map((e) => e.date))];
    try {
      for (const [arm, byDay] of [[filedArm, filedDays], [unfiledArm, unfiledDays]] as const) {
        if (!arm) continue;
        const wantedDays = days(byDay);
        filed = arm === filedArm;
        for (let k = 0; k < wantedDays.length; k += 500) {
          const some = wantedDays.slice(k, k + 500);
          if (touched !== null) await readLinks(some);
          today = '';
          await store.eachRow(walk((eb) => eb.and([arm(eb), onDays(some)(eb)]), filed ? placed : true, false, true, true), filed ? row : unfiledRow);
          flush();
        }
      }
    } finally {
      naming = null;
    }
    for (const e of wanted) named.set(e as Entry, ids.get(e) ?? NONE);
    return ids;
  };
  return { entries, idsOf, considered, ...(tolls ? { tolls: tollGroups } : {}) };
}

/** The unfiled arm: incidents filed under no agreement, inside the area's bounding box, from its signing to `day`. */
function unfiledBox(agreement: Agreement, box: [number, number, number, number], day: string) {
  const [w, s, e, n] = box;
  const signed = agreement.signedAt.slice(0, 10);
  return (eb: ExpressionBuilder<any, any>) =>
    eb.and([eb('i.agreement_id', 'is', null), eb('i.date', '>=', signed), eb(sql`coalesce(i.date, '')`, '>=', signed), eb('i.date', '<=', day), eb(sql`coalesce(i.date, '')`, '<=', day), eb('i.lon', '>=', w), eb('i.lon', '<=', e), eb('i.lat', '>=', s), eb('i.lat', '<=', n)]);
}

/** Incidents dated on one of `days` (the date also as the order indexes hold it, so they serve the lookup). */
function onDays(days: string[]) {
  return (eb: ExpressionBuilder<any, any>) => eb.and([eb('i.date', 'in', days), eb(sql`coalesce(i.date, '')`, 'in', days)]);
}

/** Every incident of the agreement dated by `day`, as `incidentsUnder` finds them (any status). */
async function consideredBy(store: Store, agreement: Agreement, day: string): Promise<number> {
  let considered = 0;
  for (const n of (await consideredOn(store, agreement, day, null)).values()) considered += n;
  return considered;
}

/**
 * `consideredBy` per day, on the days `days` only (null: every day up to `day`), so a walk held counts again only the
 * days it reads again. Incidents filed under none are counted per point and day, so the outline is tested once per place.
 */
async function consideredOn(store: Store, agreement: Agreement, day: string, days: string[] | null): Promise<Map<string, number>> {
  const plain = store.db.withoutPlugins() as unknown as Kysely<any>;
  const counts = new Map<string, number>();
  const add = (d: string, n: unknown) => counts.set(d, (counts.get(d) ?? 0) + Number(n));
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const unfiled = area && inArea && agreement.signedAt.slice(0, 10) <= day ? unfiledBox(agreement, area.box, day) : null;
  for (let k = 0; k < (days?.length ?? 1); k += 500) {
    const some = days?.slice(k, k + 500);
    const on = (eb: ExpressionBuilder<any, any>) => (some ? onDays(some)(eb) : sql<boolean>`true`);
    const filed = plain.selectFrom('incidents as i').select((eb) => ['i.date', eb.fn.countAll().as('n')]).where('i.agreement_id', '=', agreement.id).where('i.date', '<=', day).where(SORT_DAY, '<=', day).where(on).groupBy('i.date');
    for (const r of await filed.execute()) add(r.date as string, r.n);
    if (!unfiled) continue;
    for (const p of await plain.selectFrom('incidents as i').select((eb) => ['i.date', 'i.lat', 'i.lon', eb.fn.countAll().as('n')]).where(unfiled).where(on).groupBy(['i.date', 'i.lat', 'i.lon']).execute()) {
      if (p.lat !== null && p.lon !== null && inArea!({ lon: Number(p.lon), lat: Number(p.lat) })) add(p.date as string, p.n);
    }
  }
  return counts;
}

/**
 * The same incidents as `walkAgreement`, grouped, naming none of them (the overview's input: verdicts, counts and
 * reasons come out as from the incidents one by one; the tallies list one id per entry).
 */
export async function complianceGroups(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceIncident[]> {
  return (await walkAgreement(store, agreement, asOf, {})).entries;
}

/**
 * The same incidents as `walkAgreement`, grouped in SQL into entries alike in everything the engine reads
 * (day, status, grade, actor, event type, provision link; the point too where a loaded line binds a party), each
 * with its count and summed toll, naming none of them. PostgreSQL's dashboard, computed alone, takes this way: its
 * grouped scans run in parallel in the server and a hundred thousand groups reach Node instead of 650k rows (Node
 * CPU at a million incidents 2.8 s against 4.8 s for the walk).
 */
export async function complianceGroupsInSql(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceIncident[]> {
  return (await groupsInSql(store, agreement, asOf)).entries;
}

/**
 * `complianceGroupsInSql` with a way to name the incidents of some entries afterwards: the rows of those entries'
 * days are read again with their ids and told apart by the same columns (PostgreSQL's compliance, computed alone).
 */
async function groupsInSql(store: Store, agreement: Agreement, asOf: string): Promise<Pick<AgreementWalk, 'entries' | 'idsOf'>> {
  const day = asOf.slice(0, 10);
  const plain = store.db.withoutPlugins() as unknown as Kysely<any>;
  const ruleTypes = [...new Set(agreement.provisions.flatMap((p) => (p.breachedBy ?? []).map((r) => r.eventType)))];
  const placed = (agreement.geometry ?? []).some((g) => g.geojson && g.meaning?.party);
  // One row per linked incident: its link when it has exactly one for this agreement (nearly all do); an incident
  // with several is kept alone and given its full list below.
  const linkOf = plain
    .selectFrom('incident_provisions')
    .select(['incident_id', sql`min(provision_id)`.as('provision_id'), sql`min(party_id)`.as('party_id'), sql`count(*)`.as('links')])
    .where('agreement_id', '=', agreement.id)
    .groupBy('incident_id');
  const keys = ['i.date', 'i.status', 'i.grade', 'i.actor1', 'i.event_type', 'i.sub_event_type', 'l.provision_id', 'l.party_id', ...(placed ? ['i.lat', 'i.lon'] : [])];
  const grouped = () =>
    plain
      .selectFrom(leanIndex(store))
      .leftJoin(linkOf.as('l'), 'l.incident_id', 'i.id')
      .select([...keys, sql`case when l.links > 1 then i.id end`.as('alone'), sql`count(*)`.as('n'), sql`sum(i.killed_best)`.as('kb')])
      .where('i.date', '<=', day)
      .where(sql`coalesce(i.date, '')`, '<=', day)
      .where('i.status', 'not in', ['rejected', 'merged'])
      .where((eb) => eb.or([...(ruleTypes.length ? [eb.and([eb('i.event_type', 'in', ruleTypes), eb('i.actor1', 'is not', null)])] : []), eb('l.incident_id', 'is not', null)]))
      .groupBy([...keys, sql`case when l.links > 1 then i.id end`]);
  const filedArm = (eb: ExpressionBuilder<any, any>) => eb('i.agreement_id', '=', agreement.id);
  const rows = await grouped().where(filedArm).execute();
  const filedRows = rows.length;
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  const unfiledArm = area && inArea && signed <= day ? unfiledBox(agreement, area.box, day) : null;
  if (unfiledArm) {
    for (const inside of await pointsInside(agreement, () => plain.selectFrom('incidents as i').where(unfiledArm).select(['i.lat', 'i.lon']).distinct().execute(), 'i.')) {
      rows.push(...(await grouped().where(unfiledArm).where(inside).execute()));
    }
  }
  // An entry is found again by its arm and the columns it was grouped by.
  const keyOf = (r: SqlGroupRow, filed: boolean) => JSON.stringify([filed, r.date, r.status, r.grade, r.actor1, r.event_type, r.sub_event_type, r.provision_id, r.party_id, r.alone, ...(placed ? [r.lat, r.lon] : [])]);
  const where = new Map<ComplianceIncident, { filed: boolean; row: SqlGroupRow }>();
  const several = new Map<string, ProvisionLink[]>();
  const alone = rows.filter((r) => r.alone !== null).map((r) => r.alone as string);
  for (let k = 0; k < alone.length; k += 500) {
    for (const l of await store.db.selectFrom('incidentProvisions').select(['incidentId', 'agreementId', 'provisionId', 'partyId']).where('agreementId', '=', agreement.id).where('incidentId', 'in', alone.slice(k, k + 500)).execute()) {
      several.set(l.incidentId, [...(several.get(l.incidentId) ?? []), l]);
    }
  }
  for (const list of several.values()) list.sort(compareLinks);
  const toInput = engineInput(agreement, asOf);
  const out: ComplianceIncident[] = [];
  (rows as SqlGroupRow[]).forEach((r, k) => {
    const provisions = r.alone !== null ? (several.get(r.alone) ?? NO_LINKS) : r.provision_id !== null ? [{ agreementId: agreement.id, provisionId: r.provision_id, partyId: r.party_id }] : NO_LINKS;
    const point = placed && r.lat != null && r.lon != null ? { lon: Number(r.lon), lat: Number(r.lat) } : null;
    const c = toInput({ id: r.alone ?? `group-${k}`, date: r.date, status: r.status, grade: r.grade, actor1: r.actor1, eventType: r.event_type, subEventType: r.sub_event_type, killedBest: r.kb === null ? null : Number(r.kb), provisions, point });
    if (!c) return;
    const entry = { ...c, count: Number(r.n) };
    out.push(entry);
    where.set(entry, { filed: k < filedRows, row: r });
  });
  const idsOf = async (wanted: ReadonlySet<ComplianceIncident>) => {
    const ids = new Map<ComplianceIncident, string[]>();
    const byKey = new Map<string, ComplianceIncident>();
    for (const e of wanted) {
      const w = where.get(e);
      if (w) byKey.set(keyOf(w.row, w.filed), e);
    }
    for (const [filed, arm] of [[true, filedArm], [false, unfiledArm]] as const) {
      if (!arm) continue;
      const days = [...new Set([...wanted].filter((e) => where.get(e)?.filed === filed).map((e) => e.date))];
      for (let k = 0; k < days.length; k += 500) {
        const some = days.slice(k, k + 500);
        const q = plain
          .selectFrom(leanIndex(store))
          .leftJoin(linkOf.as('l'), 'l.incident_id', 'i.id')
          .select([...keys, sql`case when l.links > 1 then i.id end`.as('alone'), 'i.id', 'i.lat as plat', 'i.lon as plon'])
          .where('i.status', 'not in', ['rejected', 'merged'])
          .where((eb) => eb.or([...(ruleTypes.length ? [eb.and([eb('i.event_type', 'in', ruleTypes), eb('i.actor1', 'is not', null)])] : []), eb('l.incident_id', 'is not', null)]))
          .where(arm)
          .where('i.date', 'in', some)
          .where(sql`coalesce(i.date, '')`, 'in', some);
        for (const r of (await q.execute()) as Array<SqlGroupRow & { id: string; plat: number | null; plon: number | null }>) {
          if (!filed && (r.plat === null || r.plon === null || !inArea!({ lon: Number(r.plon), lat: Number(r.plat) }))) continue;
          const e = byKey.get(keyOf(r, filed));
          if (!e) continue;
          const list = ids.get(e);
          if (list) list.push(r.id);
          else ids.set(e, [r.id]);
        }
      }
    }
    return ids;
  };
  return { entries: out, idsOf };
}

interface SqlGroupRow { date: string; status: Incident['status']; grade: Incident['grade']; actor1: string | null; event_type: string; sub_event_type: string; provision_id: string | null; party_id: string | null; lat?: number | null; lon?: number | null; alone: string | null; n: number | string; kb: number | string | null }

/**
 * The incidents table for a walk over an agreement's incidents: on SQLite named through 0006's covering index.
 * Without statistics its planner may take the narrower (agreement_id, status, date) index and then read every
 * table row (at a million incidents 7–10 s against 2.7 s for the grouped walk). PostgreSQL's planner chooses well.
 */
export function leanIndex(store: Store): any {
  return store.engine === 'sqlite' ? sql`incidents as i indexed by incidents_agreement_lean_idx` : 'incidents as i';
}

/** An incident's links to this agreement's provisions, as the engine reads them; one object per distinct set. */
interface LinkInfo {
  /** the party named on the first link naming one (in the store's link order) */
  party: string | null;
  provisionIds: readonly string[];
  key: string;
}

const NO_LINKS: ProvisionLink[] = [];
const NONE: string[] = [];
const NOT_WRONG = { names: NONE as readonly string[], key: '' };
/** An entry for incidents no verdict can count (no perpetrator the agreement judges). */
const SKIPPED = { count: 0, killedBest: 0 } as ComplianceIncident & { count: number; killedBest: number };

/**
 * The engine's input rule for one agreement at one moment (domain/compliance.ts complianceIncidentOf: the party
 * named on a provision link, else actor1 matched on the agreement's names), each answer remembered: an actor name
 * is matched once, a provision id resolved once, a point placed once per party. Only a loaded line or zone that
 * binds a party can put an incident on its wrong side (`wrongSideOf` keeps no other), so only incidents of a bound
 * party are placed, only against those lines: placing a million points against every governorate outline took
 * minutes and changed nothing.
 */
interface EngineJudge {
  /** perpetrators some obligation can count against (`perpetratorsJudged`) */
  judged: Set<string>;
  /** parties a loaded line or zone binds */
  bound: Set<string>;
  actor(actor1: string): string | null;
  provision(id: string): string;
  wrongSide(lon: number, lat: number, perpetrator: string): { names: readonly string[]; key: string };
}

function engineJudge(agreement: Agreement, at: string): EngineJudge {
  const binding = { ...agreement, geometry: (agreement.geometry ?? []).filter((g) => g.geojson && g.meaning?.party) };
  const perpetrators = new Map<string, string | null>();
  const provisionIds = new Map<string, string>();
  const wrongSides = new Map<string, { names: readonly string[]; key: string }>();
  return {
    judged: perpetratorsJudged(agreement),
    bound: new Set(binding.geometry.map((g) => g.meaning.party!)),
    actor(actor1) {
      let p = perpetrators.get(actor1);
      if (p === undefined) perpetrators.set(actor1, (p = actorIdOf(agreement, actor1) ?? null));
      return p;
    },
    provision(id) {
      let full = provisionIds.get(id);
      if (full === undefined) provisionIds.set(id, (full = findProvision(agreement, id)?.id ?? id));
      return full;
    },
    wrongSide(lon, lat, perpetrator) {
      const key = `${lon},${lat},${perpetrator}`;
      let wrong = wrongSides.get(key);
      if (!wrong) {
        const names = wrongSideOf(placeIncident({ lon, lat }, binding, at), perpetrator);
        wrongSides.set(key, (wrong = names.length ? { names, key: names.join('\u0001') } : NOT_WRONG));
      }
      return wrong;
    },
  };
}

/**
 * Lean incidents as the engine reads them, for one agreement at one moment, by the engine's own input rule
 * (`engineJudge`). Null for an incident no verdict can count (no perpetrator the agreement judges: the engine
 * would pass over it). Values many incidents share (days, types, statuses) are kept once rather than per incident.
 */
export function engineInput(agreement: Agreement, at: string): (i: LeanIncident) => ComplianceIncident | null {
  const judge = engineJudge(agreement, at);
  const shared = new Map<string, string>();
  const once = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const held = shared.get(v);
    if (held !== undefined) return held as T;
    shared.set(v, v);
    return v;
  };
  return (i) => {
    const links = i.provisions.length ? i.provisions.filter((l) => l.agreementId === agreement.id) : NO_LINKS;
    let perpetrator = links.find((l) => l.partyId !== null)?.partyId ?? null;
    if (perpetrator === null && i.actor1 !== null) perpetrator = judge.actor(i.actor1);
    if (perpetrator === null || !judge.judged.has(perpetrator)) return null;
    const c: ComplianceIncident = {
      id: i.id,
      date: once(i.date),
      status: once(i.status),
      grade: once(i.grade),
      perpetrator,
      eventType: once(i.eventType),
      subEventType: once(i.subEventType),
      provisionIds: links.length ? links.map((l) => judge.provision(l.provisionId)) : NONE,
      killedBest: i.killedBest,
    };
    if (i.point && judge.bound.has(perpetrator)) {
      const wrong = judge.wrongSide(i.point.lon, i.point.lat, perpetrator);
      if (wrong.names.length > 0) c.wrongSideOf = wrong.names;
    }
    return c;
  };
}

/** Compliance over lean incidents (the public view's, from a release), by the same input rule as the stored path. */
export function complianceOver(agreement: Agreement, at: string, incidents: readonly LeanIncident[], series: readonly ComplianceSeriesPoint[], options: Pick<ComplianceInput, 'evidenceLimit'> = {}): ComplianceReport {
  const toInput = engineInput(agreement, at);
  const input: ComplianceIncident[] = [];
  for (const i of incidents) {
    const c = toInput(i);
    if (c) input.push(c);
  }
  return assessCompliance({ agreement, asOf: at, incidents: input, series, ...options });
}

function pointOf(i: Incident): { lon: number; lat: number } | null {
  const l = i.location;
  return l && l.lat !== null && l.lon !== null ? { lon: l.lon, lat: l.lat } : null;
}

function bboxOf(geojson: NonNullable<AgreementGeometry['geojson']>): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  const g = geojson as { type: string; coordinates?: unknown; features?: Array<{ geometry: { coordinates: unknown } }>; geometry?: { coordinates: unknown } };
  if (g.features) g.features.forEach((f) => visit(f.geometry?.coordinates));
  else if (g.geometry) visit(g.geometry.coordinates);
  else visit(g.coordinates);
  return [w, s, e, n];
}

/**
 * The reported series an agreement's indicators read, each point tagged with its reporting body: only series that
 * report on the agreement (linked to it, or over its territory), so a Lebanon truck count never meets a Gaza target.
 */
async function seriesOf(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceSeriesPoint[]> {
  const metrics = new Set(agreement.provisions.flatMap((p) => (p.indicator ? [p.indicator.metric] : [])));
  if (metrics.size === 0) return [];
  const territories = agreementTerritories(agreement);
  const out: ComplianceSeriesPoint[] = [];
  for (const s of await listSeries(store.db)) {
    if (!metrics.has(s.metric) || !reportsOn(s, agreement.id, territories)) continue;
    out.push(...complianceSeriesOf(s, await listSeriesPoints(store.db, s.id, { to: asOf.slice(0, 10) })));
  }
  return out;
}

export interface ComplianceResult {
  agreement: Agreement;
  version: number;
  report: ComplianceReport;
  incidentsConsidered: number;
}

/** Compliance of agreement `id` per provision, party and phase at `asOf` (an ISO date or date-time). */
export async function complianceOf(store: Store, id: string, asOf: string): Promise<ComplianceResult> {
  const at = normaliseAsOf(asOf);
  const { stored, agreement } = await agreementAsOf(store, id, at);
  // PostgreSQL groups in SQL (parallel in the server; Node reads groups, not rows), unless the dashboard's walk is
  // shared or a walk is held to build on; SQLite walks (its grouped scan costs about as much as carrying the rows).
  const walk =
    store.engine === 'postgres' && !walksShared() && !walkHeld(store, agreement, at)
      ? { ...(await groupsInSql(store, agreement, at)), considered: await consideredBy(store, agreement, at.slice(0, 10)) }
      : await walkAgreement(store, agreement, at, {});
  const series = await seriesOf(store, agreement, at);
  // Verdicts and counts from the grouped entries; then the ids of the few entries whose incidents the lists name.
  const deferred = assessEntries({ agreement, asOf: at, incidents: walk.entries, series });
  const ids = await walk.idsOf(deferred.wanted);
  const report = deferred.finish((e) => ids.get(e) ?? NONE);
  const considered = walk.considered;
  return { agreement, version: stored.version, report, incidentsConsidered: considered };
}

/** Compliance as the API gives it: the report with the agreement version and how many incidents it weighed. */
export type ComplianceFigures = ComplianceReport & { version: number; incidentsConsidered: number };

/**
 * Compliance of agreement `id` at `asOf` (absent: now) as kept with the audit head it was computed at
 * (services/kept.ts): over a million incidents it takes seconds, and is asked far more often than the record
 * changes. `options.waitBelowMs` decides when a stale copy may be answered while a new one is computed.
 */
export async function keptComplianceOf(store: Store, id: string, asOf: string | undefined, options: KeptOptions = {}): Promise<KeptReport<ComplianceFigures>> {
  const at = normaliseAsOf(asOf ?? new Date().toISOString());
  const key = keptKey('compliance', id, asOf, at);
  const kept = await keptReport(store, key, () => complianceFigures(store, id, at), options);
  if (kept.body.slice(0, 300).includes('"evidenceLimit":')) return kept;
  // A copy kept before the evidence lists were capped (issue 8) names every breaching incident and has no
  // per-party counts (the situation report reads them): dropped and computed anew, once.
  try {
    await store.db.deleteFrom('keptReports').where('kind', '=', key.kind).where('subject', '=', key.subject).where('variant', '=', key.variant).execute();
  } catch {
    // A read-only replica keeps nothing: it answers the figures computed now.
    const body = JSON.stringify(await complianceFigures(store, id, at));
    return { report: JSON.parse(body) as ComplianceFigures, body, freshness: { ...kept.freshness, computedAt: new Date().toISOString(), current: true, changesSince: 0, refreshing: false } };
  }
  return keptReport(store, key, () => complianceFigures(store, id, at), { ...options, waitBelowMs: Infinity });
}

/** Compliance as the API gives it, computed from the record. */
export async function complianceFigures(store: Store, id: string, at: string): Promise<ComplianceFigures> {
  const r = await complianceOf(store, id, at);
  return { ...r.report, version: r.version, incidentsConsidered: r.incidentsConsidered };
}

/** A date alone means the end of that day (UTC): "as of 20 October" includes what happened on the 20th. */
export function normaliseAsOf(asOf: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return `${asOf}T23:59:59Z`;
  if (Number.isNaN(Date.parse(asOf))) throw new UserError('invalid-input', `"${asOf}" is not a date; give YYYY-MM-DD or an ISO date-time such as 2025-10-20T12:00:00Z`, { field: 'asOf' });
  return asOf;
}
