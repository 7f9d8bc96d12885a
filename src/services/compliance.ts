// Compliance of a stored agreement at a moment: gathers what the pure engine (src/domain/compliance.ts) needs from
// the store — the agreement version in force at that moment, its geometry as of then, the incidents that belong
// to it and the reported series its indicators read — and returns the engine's report unchanged.
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { type Agreement, type AgreementGeometry, actorIdOf, agreementTerritories, findProvision } from '../domain/agreement.ts';
import { reportsOn } from '../domain/series.ts';
import { type ComplianceIncident, type ComplianceReport, type ComplianceSeriesPoint, assessCompliance, complianceSeriesOf, perpetratorsJudged } from '../domain/compliance.ts';
import { UserError } from '../domain/errors.ts';
import type { Incident, ProvisionLink } from '../domain/incident.ts';
import { placeIncident, pointInZone, wrongSideOf } from '../geo/spatial.ts';
import type { Store } from '../store/connect.ts';
import { type StoredAgreement, getAgreement, listGeometries } from '../store/repositories/agreements.ts';
import { compareLinks, type IncidentFilter, listIncidents } from '../store/repositories/incidents.ts';
import type { TruceDatabase } from '../store/schema.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { type KeptOptions, type KeptReport, keptReport } from './kept.ts';

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
  const seen = new Set<string>();
  for await (const i of allIncidents(store, { ...filter, agreementId: agreement.id })) {
    seen.add(i.id);
    yield i;
  }
  const area = (agreement.geometry ?? []).find((g) => (g.meaning as { role?: string } | undefined)?.role === 'agreement-area' && g.geojson);
  if (!area?.geojson) return;
  const signed = agreement.signedAt.slice(0, 10);
  const from = filter.from && filter.from > signed ? filter.from : signed;
  for await (const i of allIncidents(store, { ...filter, bbox: bboxOf(area.geojson), from })) {
    const point = pointOf(i);
    if (!seen.has(i.id) && i.agreementId === null && point && pointInZone(point, area.geojson)) yield i;
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

/** The sort key of the incident list (repositories/incidents.ts): written literally so 0004's indexes serve it. */
export const SORT_DAY = sql<string>`coalesce(date, '')`;

/**
 * The agreement's incidents that can move a compliance verdict at `asOf`, read lean (only the engine's columns) in
 * the order the incident list gives them (filed under the agreement, then unfiled inside its area; each newest
 * first), and how many incidents it was judged on (`considered`: every one of its incidents dated by then, as
 * `incidentsUnder` finds them). Left out in SQL, as the engine would ignore them: rejected or merged incidents,
 * and those neither linked to one of its provisions nor attributed and of an event type some breach rule names.
 */
export async function complianceIncidents(store: Store, agreement: Agreement, asOf: string): Promise<{ incidents: ComplianceIncident[]; considered: number }> {
  const day = asOf.slice(0, 10);
  const db = store.db;
  const ruleTypes = [...new Set(agreement.provisions.flatMap((p) => (p.breachedBy ?? []).map((r) => r.eventType)))];
  // The walks below carry half a million rows at a million incidents: they are written in the stored column names
  // and run without the CamelCasePlugin, whose copy of every row cost a fifth of the time (aliases give the names
  // the code reads).
  const plain = db.withoutPlugins() as unknown as Kysely<any>;
  const lean = () =>
    plain
      .selectFrom('incidents')
      .select(['id', 'date', 'status', 'grade', 'actor1', 'event_type as eventType', 'sub_event_type as subEventType', 'killed_best as killedBest', 'lat', 'lon'])
      .where('date', '<=', day)
      .where(SORT_DAY, '<=', day)
      .where('status', 'not in', ['rejected', 'merged'])
      .where((eb) =>
        eb.or([
          ...(ruleTypes.length ? [eb.and([eb('event_type', 'in', ruleTypes), eb('actor1', 'is not', null)])] : []),
          eb('id', 'in', eb.selectFrom('incident_provisions').select('incident_id').where('agreement_id', '=', agreement.id)),
        ]),
      )
      .orderBy(SORT_DAY, 'desc')
      .orderBy('id', 'desc');
  const filedCount = await db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('agreementId', '=', agreement.id).where('date', '<=', day).where(SORT_DAY, '<=', day).executeTakeFirstOrThrow();
  let considered = Number(filedCount.n);

  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  const box = area && inArea && signed <= day ? area.box : null;
  if (box && inArea) {
    const [w, s, e, n] = box;
    const unfiledInBox = (eb: ExpressionBuilder<TruceDatabase, 'incidents'>) =>
      eb.and([eb('agreementId', 'is', null), eb('date', '>=', signed), eb(SORT_DAY, '>=', signed), eb('lon', '>=', w), eb('lon', '<=', e), eb('lat', '>=', s), eb('lat', '<=', n)]);
    // Counted per point, so the outline is tested once per place rather than once per incident.
    const points = await db
      .selectFrom('incidents')
      .select((eb) => ['lat', 'lon', eb.fn.countAll<number>().as('n')])
      .where('date', '<=', day)
      .where(SORT_DAY, '<=', day)
      .where(unfiledInBox)
      .groupBy(['lat', 'lon'])
      .execute();
    for (const p of points) if (p.lat !== null && p.lon !== null && inArea({ lon: Number(p.lon), lat: Number(p.lat) })) considered += Number(p.n);
  }

  const links = new Map<string, ProvisionLink[]>();
  for (const l of await db.selectFrom('incidentProvisions').select(['incidentId', 'agreementId', 'provisionId', 'partyId']).where('agreementId', '=', agreement.id).execute()) {
    const list = links.get(l.incidentId);
    if (list) list.push(l);
    else links.set(l.incidentId, [l]);
  }
  for (const list of links.values()) if (list.length > 1) list.sort(compareLinks);
  // Rows become engine input one at a time (streamed where the driver can), so only the engine's own objects stay
  // in memory: at half a million incidents, holding every row as read as well doubled the time spent collecting
  // garbage.
  const toInput = engineInput(agreement, asOf);
  const incidents: ComplianceIncident[] = [];
  const add = (r: LeanRow) => {
    const c = toInput({
      id: r.id,
      date: r.date!,
      status: r.status as Incident['status'],
      grade: r.grade as Incident['grade'],
      actor1: r.actor1,
      eventType: r.eventType,
      subEventType: r.subEventType,
      killedBest: r.killedBest === null ? null : Number(r.killedBest),
      provisions: links.get(r.id) ?? NO_LINKS,
      point: r.lat === null || r.lon === null ? null : { lon: Number(r.lon), lat: Number(r.lat) },
    });
    if (c) incidents.push(c);
  };
  await each<LeanRow>(store, lean().where('agreement_id', '=', agreement.id), add);
  if (box && inArea) {
    const [w, s, e, n] = box;
    const unfiled = lean().where('agreement_id', 'is', null).where('date', '>=', signed).where(SORT_DAY, '>=', signed).where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
    await each<LeanRow>(store, unfiled, (r) => (r.lat !== null && r.lon !== null && inArea({ lon: Number(r.lon), lat: Number(r.lat) }) ? add(r) : undefined));
  }
  return { incidents, considered };
}

/**
 * The same incidents as `complianceIncidents`, grouped in SQL into entries alike in everything the engine reads
 * (day, status, grade, actor, event type, provision link; the point too where a loaded line binds a party), each
 * with its count and summed toll. Verdicts, counts and reasons come out as from the incidents one by one; the
 * tallies list one id per group instead of every incident's, so this serves callers that show no incident ids
 * (the overview): at a million incidents ~half a million rows become a few tens of thousands of groups.
 */
export async function complianceGroups(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceIncident[]> {
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
      .selectFrom(leanWalk(store))
      .leftJoin(linkOf.as('l'), 'l.incident_id', 'i.id')
      .select([...keys, sql`case when l.links > 1 then i.id end`.as('alone'), sql`count(*)`.as('n'), sql`sum(i.killed_best)`.as('kb')])
      .where('i.date', '<=', day)
      .where(sql`coalesce(i.date, '')`, '<=', day)
      .where('i.status', 'not in', ['rejected', 'merged'])
      .where((eb) => eb.or([...(ruleTypes.length ? [eb.and([eb('i.event_type', 'in', ruleTypes), eb('i.actor1', 'is not', null)])] : []), eb('l.incident_id', 'is not', null)]))
      .groupBy([...keys, sql`case when l.links > 1 then i.id end`]);
  const rows = await grouped().where('i.agreement_id', '=', agreement.id).execute();
  const area = areaOf(agreement);
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  if (area && inArea && signed <= day) {
    const [w, s, e, n] = area.box;
    const inBox = () => plain.selectFrom('incidents as i').where('i.agreement_id', 'is', null).where('i.date', '>=', signed).where(sql`coalesce(i.date, '')`, '>=', signed).where('i.date', '<=', day).where(sql`coalesce(i.date, '')`, '<=', day).where('i.lon', '>=', w).where('i.lon', '<=', e).where('i.lat', '>=', s).where('i.lat', '<=', n);
    // The outline is tested once per point; the points inside are then named in the query.
    const points = (await inBox().select(['i.lat', 'i.lon']).distinct().execute()).filter((p) => p.lat !== null && p.lon !== null && inArea({ lon: Number(p.lon), lat: Number(p.lat) }));
    for (let k = 0; k < points.length; k += 500) {
      const some = points.slice(k, k + 500);
      rows.push(
        ...(await grouped()
          .where('i.agreement_id', 'is', null)
          .where('i.date', '>=', signed)
          .where(sql`coalesce(i.date, '')`, '>=', signed)
          .where((eb) => eb(eb.refTuple('i.lat', 'i.lon'), 'in', some.map((p) => eb.tuple(p.lat, p.lon))))
          .execute()),
      );
    }
  }
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
  (rows as GroupRow[]).forEach((r, k) => {
    const provisions = r.alone !== null ? (several.get(r.alone) ?? NO_LINKS) : r.provision_id !== null ? [{ agreementId: agreement.id, provisionId: r.provision_id, partyId: r.party_id }] : NO_LINKS;
    const point = placed && r.lat != null && r.lon != null ? { lon: Number(r.lon), lat: Number(r.lat) } : null;
    const c = toInput({ id: r.alone ?? `group-${k}`, date: r.date, status: r.status, grade: r.grade, actor1: r.actor1, eventType: r.event_type, subEventType: r.sub_event_type, killedBest: r.kb === null ? null : Number(r.kb), provisions, point });
    if (c) out.push({ ...c, count: Number(r.n) });
  });
  return out;
}

/**
 * The incidents table (as `i`) for a grouped walk over an agreement's incidents: on SQLite named through 0006's
 * covering index. Without statistics its planner takes the narrower (agreement_id, status, date) index for these
 * queries and then reads every table row: at a million incidents the compliance grouping took 7–10 s that way and
 * 2.7 s through the covering index. PostgreSQL's planner chooses well on its own.
 */
function leanWalk(store: Store): any {
  return store.engine === 'sqlite' ? sql`incidents as i indexed by incidents_agreement_lean_idx` : 'incidents as i';
}

interface GroupRow { date: string; status: Incident['status']; grade: Incident['grade']; actor1: string | null; event_type: string; sub_event_type: string; provision_id: string | null; party_id: string | null; lat?: number | null; lon?: number | null; alone: string | null; n: number | string; kb: number | string | null }
interface LeanRow { id: string; date: string | null; status: string; grade: string | null; actor1: string | null; eventType: string; subEventType: string; killedBest: number | null; lat: number | null; lon: number | null }
const NO_LINKS: ProvisionLink[] = [];

/** Every row of a query, in order: streamed on SQLite; PostgreSQL's driver here reads a result whole. */
async function each<R>(store: Store, query: { stream(): AsyncIterableIterator<R>; execute(): Promise<R[]> }, fn: (row: R) => void): Promise<void> {
  if (store.engine === 'sqlite') for await (const row of query.stream()) fn(row);
  else for (const row of await query.execute()) fn(row);
}

/**
 * Lean incidents as the engine reads them, for one agreement at one moment, by the engine's own input rule
 * (domain/compliance.ts complianceIncidentOf: the party named on a provision link, else actor1 matched on the
 * agreement's names). Null for an incident no verdict can count (no perpetrator the agreement judges: the engine
 * would pass over it). Each actor name is matched once, and values many incidents share (days, types, statuses)
 * are kept once rather than once per incident. Only a loaded line or zone that binds a party can put an incident
 * on its wrong side (`wrongSideOf` keeps no other), so only incidents of a bound party are placed, only against
 * those lines, and once per point: placing a million points against every governorate outline took minutes and
 * changed nothing.
 */
function engineInput(agreement: Agreement, at: string): (i: LeanIncident) => ComplianceIncident | null {
  const judged = perpetratorsJudged(agreement);
  const binding = { ...agreement, geometry: (agreement.geometry ?? []).filter((g) => g.geojson && g.meaning?.party) };
  const bound = new Set(binding.geometry.map((g) => g.meaning.party!));
  const wrongSides = new Map<string, readonly string[]>();
  const perpetrators = new Map<string, string | null>();
  const provisionIds = new Map<string, string>();
  const shared = new Map<string, string>();
  const once = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const held = shared.get(v);
    if (held !== undefined) return held as T;
    shared.set(v, v);
    return v;
  };
  const NONE: string[] = [];
  return (i) => {
    const links = i.provisions.length ? i.provisions.filter((l) => l.agreementId === agreement.id) : NO_LINKS;
    let perpetrator = links.find((l) => l.partyId !== null)?.partyId ?? null;
    if (perpetrator === null && i.actor1 !== null) {
      perpetrator = perpetrators.get(i.actor1) ?? null;
      if (!perpetrators.has(i.actor1)) perpetrators.set(i.actor1, (perpetrator = actorIdOf(agreement, i.actor1) ?? null));
    }
    if (perpetrator === null || !judged.has(perpetrator)) return null;
    const c: ComplianceIncident = {
      id: i.id,
      date: once(i.date),
      status: once(i.status),
      grade: once(i.grade),
      perpetrator,
      eventType: once(i.eventType),
      subEventType: once(i.subEventType),
      provisionIds: links.length
        ? links.map((l) => {
            let id = provisionIds.get(l.provisionId);
            if (id === undefined) provisionIds.set(l.provisionId, (id = findProvision(agreement, l.provisionId)?.id ?? l.provisionId));
            return id;
          })
        : NONE,
      killedBest: i.killedBest,
    };
    if (i.point && bound.has(perpetrator)) {
      const key = `${i.point.lon},${i.point.lat},${perpetrator}`;
      let wrong = wrongSides.get(key);
      if (!wrong) wrongSides.set(key, (wrong = wrongSideOf(placeIncident(i.point, binding, at), perpetrator)));
      if (wrong.length > 0) c.wrongSideOf = wrong;
    }
    return c;
  };
}

/** Compliance over lean incidents (the public view's, from a release), by the same input rule as the stored path. */
export function complianceOver(agreement: Agreement, at: string, incidents: readonly LeanIncident[], series: readonly ComplianceSeriesPoint[]): ComplianceReport {
  const toInput = engineInput(agreement, at);
  const input: ComplianceIncident[] = [];
  for (const i of incidents) {
    const c = toInput(i);
    if (c) input.push(c);
  }
  return assessCompliance({ agreement, asOf: at, incidents: input, series });
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
  const { incidents, considered } = await complianceIncidents(store, agreement, at);
  const series = await seriesOf(store, agreement, at);
  const report = assessCompliance({ agreement, asOf: at, incidents, series });
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
  const variant = asOf === undefined ? 'now' : at.slice(0, 16);
  return keptReport(store, { kind: 'compliance', subject: id, variant, at, live: asOf === undefined }, () => complianceFigures(store, id, at), options);
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
