import type { DatePrecision, EventType, GeoPrecision } from '../../domain/acled.ts';
import type { Toll } from '../../domain/estimate.ts';
import type { Grade, WorkflowStatus } from '../../domain/grade.ts';
import type { Incident, ProvisionLink, SpatialFact } from '../../domain/incident.ts';
import { incidentTotals } from '../../domain/incident.ts';
import { invalidInput } from '../../domain/errors.ts';
import { CompiledQuery, sql } from 'kysely';
import { type Queryable, type RowReader, rowReaderOf } from '../connect.ts';
import { type Engine, fullTextIds, fullTextQuery } from '../engine.ts';
import { fromJson, toJson } from '../json.ts';
import type { IncidentsTable } from '../schema.ts';
import { inChunks, insertRows } from '../bulk.ts';
import { assertUpdated } from '../versioning.ts';

function fromRow(r: IncidentsTable, provisions: ProvisionLink[]): Incident {
  return {
    id: r.id,
    agreementId: r.agreementId,
    date: r.date,
    dateEnd: r.dateEnd,
    datePrecision: Number(r.datePrecision) as DatePrecision,
    location:
      r.locationName === null
        ? null
        : { name: r.locationName, admin1: r.admin1, admin2: r.admin2, lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon), precision: Number(r.geoPrecision ?? 3) as GeoPrecision },
    eventType: r.eventType as EventType,
    subEventType: r.subEventType,
    actor1: r.actor1,
    actor2: r.actor2,
    killed: fromJson<Toll>(r.killed, {}),
    injured: fromJson<Toll>(r.injured, {}),
    grade: r.grade as Grade | null,
    gradeReason: r.gradeReason,
    status: r.status as WorkflowStatus,
    provisions,
    spatial: fromJson<SpatialFact[]>(r.spatial, []),
    notes: r.notes,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: Number(r.version),
  };
}

function toRow(i: Incident) {
  const t = incidentTotals(i);
  return {
    id: i.id,
    agreementId: i.agreementId,
    date: i.date,
    dateEnd: i.dateEnd,
    datePrecision: i.datePrecision,
    locationName: i.location?.name ?? null,
    admin1: i.location?.admin1 ?? null,
    admin2: i.location?.admin2 ?? null,
    lat: i.location?.lat ?? null,
    lon: i.location?.lon ?? null,
    geoPrecision: i.location?.precision ?? null,
    eventType: i.eventType,
    subEventType: i.subEventType,
    actor1: i.actor1,
    actor2: i.actor2,
    killed: toJson(i.killed),
    injured: toJson(i.injured),
    killedLow: t.killed?.low ?? null,
    killedBest: t.killed?.best ?? null,
    killedHigh: t.killed?.high ?? null,
    injuredLow: t.injured?.low ?? null,
    injuredBest: t.injured?.best ?? null,
    injuredHigh: t.injured?.high ?? null,
    grade: i.grade,
    gradeReason: i.gradeReason,
    status: i.status,
    spatial: toJson(i.spatial),
    notes: i.notes,
    updatedBy: i.updatedBy,
  };
}

async function writeProvisions(db: Queryable, i: Incident): Promise<void> {
  await db.deleteFrom('incidentProvisions').where('incidentId', '=', i.id).execute();
  if (i.provisions.length > 0) {
    await db.insertInto('incidentProvisions').values(i.provisions.map((p) => ({ incidentId: i.id, agreementId: p.agreementId, provisionId: p.provisionId, partyId: p.partyId }))).execute();
  }
}

/** New incidents (with the dataset's own id where they came from one), in multi-row statements. */
export async function insertIncidents(db: Queryable, items: readonly { incident: Incident; externalId: string | null }[]): Promise<void> {
  const rows = items.map(({ incident: i, externalId }) => ({ ...toRow(i), externalId, createdBy: i.createdBy, createdAt: i.createdAt, updatedAt: i.updatedAt, version: 1 }));
  await insertRows(db, 'incidents', rows);
  const links = items.flatMap(({ incident: i }) => i.provisions.map((p) => ({ incidentId: i.id, agreementId: p.agreementId, provisionId: p.provisionId, partyId: p.partyId })));
  await insertRows(db, 'incidentProvisions', links);
}

/** Writes `i` over the stored incident if it is still at `i.version`. */
export async function updateIncident(db: Queryable, i: Incident): Promise<void> {
  const r = await db.updateTable('incidents').set({ ...toRow(i), updatedAt: i.updatedAt, version: i.version + 1 }).where('id', '=', i.id).where('version', '=', i.version).executeTakeFirst();
  const current = Number(r.numUpdatedRows) === 1 ? undefined : (await db.selectFrom('incidents').select('version').where('id', '=', i.id).executeTakeFirst())?.version;
  assertUpdated(r.numUpdatedRows, `incident ${i.id}`, i.version, current === undefined ? undefined : Number(current));
  await writeProvisions(db, i);
}

const linkKey = (l: ProvisionLink) => `${l.agreementId}\u0000${l.provisionId}\u0000${l.partyId ?? ''}`;
export const compareLinks = (a: ProvisionLink, b: ProvisionLink) => (linkKey(a) < linkKey(b) ? -1 : linkKey(a) > linkKey(b) ? 1 : 0);

/** An incident's provision links without repeats, in the one order the store reads them back in. */
export function normaliseLinks(links: readonly ProvisionLink[]): ProvisionLink[] {
  const seen = new Map<string, ProvisionLink>();
  for (const l of links) seen.set(linkKey(l), l);
  return [...seen.values()].sort(compareLinks);
}

async function provisionsOf(db: Queryable, ids: string[]): Promise<Map<string, ProvisionLink[]>> {
  const out = new Map<string, ProvisionLink[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('incidentProvisions').selectAll().where('incidentId', 'in', ids).execute();
  for (const r of rows) {
    const list = out.get(r.incidentId) ?? [];
    list.push({ agreementId: r.agreementId, provisionId: r.provisionId, partyId: r.partyId });
    out.set(r.incidentId, list);
  }
  // In one order whatever the engine's collation, so a record read back equals the record written (and audited).
  for (const list of out.values()) list.sort(compareLinks);
  return out;
}

export async function getIncident(db: Queryable, id: string): Promise<Incident | undefined> {
  return (await getIncidents(db, [id])).get(id);
}

/** The incidents held under these ids, by id (ids not held are absent): two queries per chunk, not two per incident. */
export async function getIncidents(db: Queryable, ids: readonly string[]): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  await inChunks([...new Set(ids)], 1, async (chunk) => {
    const rows = await db.selectFrom('incidents').selectAll().where('id', 'in', chunk).execute();
    const links = await provisionsOf(db, rows.map((r) => r.id));
    for (const r of rows) out.set(r.id, fromRow(r, links.get(r.id) ?? []));
  });
  return out;
}

/** The incidents held under any of these dataset ids, by dataset id: one query for a whole import batch. */
export async function getIncidentsByExternalId(db: Queryable, externalIds: readonly string[]): Promise<Map<string, Incident>> {
  const out = new Map<string, Incident>();
  await inChunks([...new Set(externalIds)], 1, async (chunk) => {
    const rows = await db.selectFrom('incidents').selectAll().where('externalId', 'in', chunk).execute();
    const links = await provisionsOf(db, rows.map((r) => r.id));
    for (const r of rows) out.set(r.externalId!, fromRow(r, links.get(r.id) ?? []));
  });
  return out;
}

export interface IncidentFilter {
  /** Filed under this agreement; null: filed under none. */
  agreementId?: string | null;
  from?: string;
  to?: string;
  status?: WorkflowStatus[];
  eventType?: string;
  actor?: string;
  grade?: Grade;
  provisionId?: string;
  /** [west, south, east, north] in degrees. */
  bbox?: [number, number, number, number];
  text?: string;
  /** Opaque cursor from the previous page's `next`. */
  after?: string;
  limit?: number;
}

export interface IncidentPage {
  incidents: Incident[];
  /** Cursor for the next page, or null on the last page. */
  next: string | null;
}

/**
 * The sort key, written with a literal '' (not a bound parameter) so it matches the expression indexes of migration
 * 0004 on both engines: a page is then read in index order and stops after `limit` rows instead of sorting every
 * matching row (at a million incidents, paging through all of them went from quadratic to linear).
 */
const SORT_DAY = sql<string>`coalesce(date, '')`;

/** Incidents newest first (by date, then id), one page at a time: keyset pagination stays fast at any depth. */
export async function listIncidents(db: Queryable, engine: Engine, f: IncidentFilter = {}): Promise<IncidentPage> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 1000);
  const query = f.text ? fullTextQuery(engine, f.text) : null;
  if (f.text && !query) return { incidents: [], next: null };
  const after = f.after ? decodeCursor(f.after) : null;
  const reader = rowReaderOf(db);
  // A word most incidents share (a town's name over a million incidents) on SQLite: the page is found by walking
  // the list order and keeping the matches — the first 50 lie near the top — rather than by sorting every match
  // (167k for "Khan Younis": 2.8 s → 0.06 s). A rarer word keeps the sort, which is then small; a walk would pass
  // over most of the table before finding 50. Other narrowing filters have their own indexes and keep the planner's.
  const walk = engine === 'sqlite' && query !== null && !f.agreementId && !f.actor && !f.bbox && !f.provisionId && (await atLeast(db, reader, MATCHES_AT_LEAST, query, WALK_FROM_MATCHES));
  // A provision many incidents are linked to, alike: the page walks the list order (or the agreement's, when one is
  // asked for) and probes each incident's links, instead of reading every linked incident and sorting them (135k
  // for a common provision at a million incidents: 0.4 s). A rarer provision keeps the sort, from migration 0012's
  // (provision_id, incident_id) index.
  const probe = engine === 'sqlite' && !!f.provisionId && query === null && !f.actor && !f.bbox && (await atLeast(db, reader, LINKS_AT_LEAST, f.provisionId, WALK_FROM_MATCHES));
  const shape: PageShape = {
    engine,
    walk: walk || (probe && !f.agreementId && f.agreementId !== null),
    probe,
    agreement: f.agreementId ? 'one' : f.agreementId === null ? 'none' : 'any',
    from: !!f.from,
    to: !!f.to,
    statuses: f.status?.length ?? 0,
    eventType: !!f.eventType,
    grade: !!f.grade,
    bbox: !!f.bbox,
    provision: !!f.provisionId,
    text: query !== null,
    after: after !== null,
    actor: !!f.actor,
  };
  const statement = pageStatement(db, shape);
  const values: PageValues = {
    agreementId: f.agreementId,
    from: f.from,
    to: f.to,
    status: f.status,
    eventType: f.eventType,
    grade: f.grade,
    bbox: f.bbox,
    provisionId: f.provisionId,
    text: query ?? undefined,
    afterDate: after?.[0],
    afterId: after?.[1],
    upper: after && (!f.to || after[0] < f.to) ? after[0] : f.to,
    actor: f.actor,
    limit: limit + 1,
  };
  const parameters = statement.parameters.map((p) => p(values));
  // Through the driver as arrays when the store offers it (not inside a transaction); otherwise through Kysely, the
  // same SQL, its rows' values in select order.
  const rows = (reader ? reader(statement.sql, parameters) : null) ?? db.withoutPlugins().executeQuery(CompiledQuery.raw(statement.sql, parameters)).then((r) => r.rows.map((row) => Object.values(row as object)));
  const all = await rows;
  const page = all.length > limit ? all.slice(0, limit) : all;
  const last = page[page.length - 1];
  return {
    incidents: page.map(fromColumns),
    next: all.length > limit && last ? encodeCursor((last[C.date] as string | null) ?? '', last[C.id] as string) : null,
  };
}

/** The columns a page reads, in this order (the provision links come after them, see pageStatement). */
const PAGE_COLUMNS = ['id', 'agreementId', 'date', 'dateEnd', 'datePrecision', 'locationName', 'admin1', 'admin2', 'lat', 'lon', 'geoPrecision', 'eventType', 'subEventType', 'actor1', 'actor2', 'killed', 'injured', 'grade', 'gradeReason', 'status', 'spatial', 'notes', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt', 'version'] as const;
const C = Object.fromEntries(PAGE_COLUMNS.map((c, i) => [c, i])) as { [K in (typeof PAGE_COLUMNS)[number]]: number };
const PROVISIONS = PAGE_COLUMNS.length;

const EMPTY_TOLL = '{}';
/** A JSON column: the empty forms (most incidents' spatial facts, many tolls) without a parse. */
function jsonColumn<T>(text: unknown, empty: string, fallback: () => T): T {
  if (text === empty || text === null || text === undefined || text === '') return fallback();
  return JSON.parse(text as string) as T;
}

/** An incident from a page row: what fromRow makes of the full row, with its provision links. */
function fromColumns(r: unknown[]): Incident {
  const locationName = r[C.locationName] as string | null;
  const lat = r[C.lat] as number | null;
  const lon = r[C.lon] as number | null;
  return {
    id: r[C.id] as string,
    agreementId: r[C.agreementId] as string | null,
    date: r[C.date] as string | null,
    dateEnd: r[C.dateEnd] as string | null,
    datePrecision: Number(r[C.datePrecision]) as DatePrecision,
    location:
      locationName === null
        ? null
        : { name: locationName, admin1: r[C.admin1] as string | null, admin2: r[C.admin2] as string | null, lat: lat === null ? null : Number(lat), lon: lon === null ? null : Number(lon), precision: Number(r[C.geoPrecision] ?? 3) as GeoPrecision },
    eventType: r[C.eventType] as EventType,
    subEventType: r[C.subEventType] as string,
    actor1: r[C.actor1] as string | null,
    actor2: r[C.actor2] as string | null,
    killed: jsonColumn<Toll>(r[C.killed], EMPTY_TOLL, () => ({})),
    injured: jsonColumn<Toll>(r[C.injured], EMPTY_TOLL, () => ({})),
    grade: r[C.grade] as Grade | null,
    gradeReason: r[C.gradeReason] as string | null,
    status: r[C.status] as WorkflowStatus,
    provisions: linksOf(r[PROVISIONS]),
    spatial: jsonColumn<SpatialFact[]>(r[C.spatial], '[]', () => []),
    notes: r[C.notes] as string | null,
    createdBy: r[C.createdBy] as string,
    updatedBy: r[C.updatedBy] as string,
    createdAt: r[C.createdAt] as string,
    updatedAt: r[C.updatedAt] as string,
    version: Number(r[C.version]),
  };
}

/** An incident's provision links from the page's aggregated column (JSON text on SQLite, parsed JSON on PostgreSQL). */
function linksOf(v: unknown): ProvisionLink[] {
  if (v === null || v === undefined || v === '[]') return [];
  const list = (typeof v === 'string' ? JSON.parse(v) : v) as Array<[string, string, string | null]>;
  // In one order whatever the engine's collation, so a record read back equals the record written (and audited).
  return list.map(([agreementId, provisionId, partyId]) => ({ agreementId, provisionId, partyId })).sort(compareLinks);
}

/** Which filters a page has: the SQL is the same for every page of one shape, only its parameters differ. */
interface PageShape {
  engine: Engine;
  /** Walk 0004's order index (SQLite), keeping the rows that match. */
  walk: boolean;
  /** The provision filter as a probe of each walked incident's links rather than a list of linked incidents. */
  probe: boolean;
  /** Filed under one agreement, under none, or either. */
  agreement: 'one' | 'none' | 'any';
  from: boolean;
  to: boolean;
  statuses: number;
  eventType: boolean;
  grade: boolean;
  bbox: boolean;
  provision: boolean;
  text: boolean;
  after: boolean;
  actor: boolean;
}

interface PageValues {
  agreementId?: string | null;
  from?: string;
  to?: string;
  status?: readonly string[];
  eventType?: string;
  grade?: string;
  bbox?: readonly [number, number, number, number];
  provisionId?: string;
  text?: string;
  afterDate?: string;
  afterId?: string;
  /** The sort key's upper bound: the cursor's day, or the period's last day when that comes first. */
  upper?: string;
  actor?: string;
  limit: number;
}

interface PageStatement {
  sql: string;
  parameters: Array<(v: PageValues) => unknown>;
}

/**
 * The page's SQL for a shape, built with Kysely once and kept: building, compiling and running the camel-case
 * plugin over a query tree cost a cold page more than SQLite spent answering it. The query is built with a marker
 * in place of each value; the compiled parameters then say which value goes where.
 */
const pageStatements = new Map<string, PageStatement>();
function pageStatement(db: Queryable, shape: PageShape): PageStatement {
  const key = JSON.stringify(shape);
  const held = pageStatements.get(key);
  if (held) return held;
  const marker = (name: string) => `\u0000${name}`;
  const m = <T>(name: string) => marker(name) as unknown as T;
  const values: Required<Omit<PageValues, 'limit' | 'status' | 'bbox'>> & { limit: number; status: string[]; bbox: [number, number, number, number] } = {
    agreementId: m('agreementId'),
    from: m('from'),
    to: m('to'),
    status: Array.from({ length: shape.statuses }, (_, i) => m(`status.${i}`)),
    eventType: m('eventType'),
    grade: m('grade'),
    bbox: [m('bbox.0'), m('bbox.1'), m('bbox.2'), m('bbox.3')],
    provisionId: m('provisionId'),
    text: m('text'),
    afterDate: m('afterDate'),
    afterId: m('afterId'),
    upper: m('upper'),
    actor: m('actor'),
    limit: m('limit'),
  };
  const compiled = buildPage(db, shape, values).compile();
  const slot = (p: unknown): ((v: PageValues) => unknown) => {
    if (typeof p !== 'string' || !p.startsWith('\u0000')) return () => p;
    const [name, index] = p.slice(1).split('.') as [keyof PageValues, string | undefined];
    if (index === undefined) return (v) => v[name];
    const i = Number(index);
    return (v) => (v[name] as readonly unknown[])[i];
  };
  const statement = { sql: compiled.sql, parameters: compiled.parameters.map(slot) };
  if (pageStatements.size < 500) pageStatements.set(key, statement);
  return statement;
}

/**
 * The page query: the matching incidents' columns in list order, `limit` of them (one more than the page, to know
 * whether a next page exists), each with its provision links aggregated in the same query (one round trip, not two).
 */
function buildPage(db: Queryable, shape: PageShape, v: Required<Omit<PageValues, 'status' | 'bbox'>> & { status: string[]; bbox: [number, number, number, number] }) {
  let q = db.selectFrom((shape.walk ? sql`incidents indexed by incidents_order_idx` : 'incidents') as 'incidents').select(PAGE_COLUMNS);
  if (shape.agreement === 'one') q = q.where('agreementId', '=', v.agreementId);
  else if (shape.agreement === 'none') q = q.where('agreementId', 'is', null);
  // The period as bounds on the sort key alone, so both planners read just the period's slice of the ordered
  // indexes instead of walking down from the newest incident. Bounding `date` as well (the same rows) made
  // PostgreSQL count the period twice, expect a few hundred rows instead of tens of thousands, and sort them all
  // for each page (1.7 s rather than 0.08–0.14 s a page at a million incidents).
  if (shape.from) q = q.where(SORT_DAY, '>=', v.from);
  else if (shape.to) q = q.where(SORT_DAY, '>', ''); // a period leaves out undated incidents
  // Rows sort by (coalesce(date, ''), id) descending; a cursor is the last row shown. The next page starts there:
  // the cursor's day bounds the sort key from above (the index walk starts at that day rather than at the top of
  // the period) and the row value drops what was already shown. With only the period's bound, each page of a walk
  // through a period re-read every row before it (a fortnight's pages at a million incidents: 40 ms → 400 ms).
  if (shape.to || shape.after) q = q.where(SORT_DAY, '<=', v.upper);
  if (shape.statuses > 0) q = q.where('status', 'in', v.status);
  if (shape.eventType) q = q.where('eventType', '=', v.eventType);
  if (shape.grade) q = q.where('grade', '=', v.grade);
  if (shape.bbox) {
    const [w, s, e, n] = v.bbox;
    q = q.where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
  }
  if (shape.provision && shape.probe) {
    q = q.where(sql<boolean>`exists (SELECT 1 FROM incident_provisions AS p WHERE p.incident_id = incidents.id AND p.provision_id = ${v.provisionId})`);
  } else if (shape.provision) {
    q = q.where('id', 'in', (eb) => eb.selectFrom('incidentProvisions').select('incidentId').where('provisionId', '=', v.provisionId));
  }
  if (shape.text) {
    // A subquery, not a list of ids: a common word matches most of a million incidents (more ids than either
    // engine takes as parameters), and the page needs only the first `limit` of them in date order. On SQLite the
    // full-text index gives rowids (0008), matched to the row's own rowid without a detour through ids.
    if (shape.engine === 'sqlite') q = q.where(sql`incidents.rowid`, 'in', sql`(SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${v.text})`);
    else q = q.where((eb) => eb('id', 'in', sql<string>`(${fullTextIds(shape.engine, 'incidents', v.text)})`));
  }
  if (shape.after) q = q.where(sql<boolean>`(${SORT_DAY}, id) < (${v.afterDate}, ${v.afterId})`);
  const newest = <T extends typeof q>(x: T) => x.orderBy(SORT_DAY, 'desc').orderBy('id', 'desc').limit(v.limit);
  let page;
  if (shape.actor) {
    // actor1 = X OR actor2 = X, as two index walks in list order merged (migration 0006): asked as one OR, both
    // engines gathered every incident of the actor (a fifth of a million for a party) and sorted them for one page.
    const asActor1 = newest(q.where('actor1', '=', v.actor));
    const asActor2 = newest(q.where('actor2', '=', v.actor).where((eb) => eb.or([eb('actor1', 'is', null), eb('actor1', '!=', v.actor)])));
    page = newest(db.selectFrom((eb) => eb.selectFrom(asActor1.as('a1')).selectAll().unionAll(eb.selectFrom(asActor2.as('a2')).selectAll()).as('incidents')).select(PAGE_COLUMNS));
  } else page = newest(q);
  // The links of the page's rows only (the subquery is applied to the limited page, not to every matching row).
  const links =
    shape.engine === 'sqlite'
      ? sql`(SELECT json_group_array(json_array(l.agreement_id, l.provision_id, l.party_id)) FROM incident_provisions AS l WHERE l.incident_id = page.id)`
      : sql`(SELECT json_agg(json_build_array(l.agreement_id, l.provision_id, l.party_id)) FROM incident_provisions AS l WHERE l.incident_id = page.id)`;
  return db
    .selectFrom(page.as('page'))
    .selectAll('page')
    .select(links.as('provisions'))
    .orderBy(sql`coalesce(page.date, '')`, 'desc')
    .orderBy('page.id', 'desc');
}

/** Matches from which a full-text filter walks the list order instead of sorting its matches (see listIncidents). */
const WALK_FROM_MATCHES = 2000;

const MATCHES_AT_LEAST = 'SELECT count(*) AS n FROM (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? LIMIT ?)';
const LINKS_AT_LEAST = 'SELECT count(*) AS n FROM (SELECT 1 FROM incident_provisions WHERE provision_id = ? LIMIT ?)';
/** Whether an SQLite full-text query matches (or a provision is linked to) at least `n` incidents, counting no further. */
async function atLeast(db: Queryable, reader: RowReader | undefined, statement: string, value: string, n: number): Promise<boolean> {
  const direct = reader?.(statement, [value, n]);
  const count = direct ? (await direct)[0]?.[0] : (await db.executeQuery(CompiledQuery.raw(statement, [value, n]))).rows.map((r) => (r as { n: unknown }).n)[0];
  return Number(count ?? 0) >= n;
}

const encodeCursor = (date: string, id: string) => Buffer.from(JSON.stringify([date, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v as [string, string];
  } catch {
    // fall through to the error below
  }
  throw invalidInput('the page cursor is not one Truce gave out; start again from the first page', 'after');
}
