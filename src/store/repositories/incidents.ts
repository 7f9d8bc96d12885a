import type { DatePrecision, EventType, GeoPrecision } from '../../domain/acled.ts';
import type { Toll } from '../../domain/estimate.ts';
import type { Grade, WorkflowStatus } from '../../domain/grade.ts';
import type { Incident, ProvisionLink, SpatialFact } from '../../domain/incident.ts';
import { incidentTotals } from '../../domain/incident.ts';
import { invalidInput } from '../../domain/errors.ts';
import { sql } from 'kysely';
import type { Queryable } from '../connect.ts';
import { type Engine, fullTextIds, fullTextQuery } from '../engine.ts';
import { fromJson, toJson } from '../json.ts';
import type { IncidentsTable } from '../schema.ts';
import { inChunks } from '../bulk.ts';
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
  await inChunks(rows, 36, (chunk) => db.insertInto('incidents').values(chunk).execute());
  const links = items.flatMap(({ incident: i }) => i.provisions.map((p) => ({ incidentId: i.id, agreementId: p.agreementId, provisionId: p.provisionId, partyId: p.partyId })));
  await inChunks(links, 4, (chunk) => db.insertInto('incidentProvisions').values(chunk).execute());
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
  const r = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return fromRow(r, (await provisionsOf(db, [id])).get(id) ?? []);
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
  // A word most incidents share (a town's name over a million incidents) on SQLite: the page is found by walking
  // the list order and keeping the matches — the first 50 lie near the top — rather than by sorting every match
  // (167k for "Khan Younis": 2.8 s → 0.06 s). A rarer word keeps the sort, which is then small; a walk would pass
  // over most of the table before finding 50. Other narrowing filters have their own indexes and keep the planner's.
  const walk = engine === 'sqlite' && query !== null && !f.agreementId && !f.actor && !f.bbox && !f.provisionId && (await matchesAtLeast(db, query, WALK_FROM_MATCHES));
  let q = db.selectFrom((walk ? sql`incidents indexed by incidents_order_idx` : 'incidents') as 'incidents').selectAll();
  if (f.agreementId) q = q.where('agreementId', '=', f.agreementId);
  else if (f.agreementId === null) q = q.where('agreementId', 'is', null);
  // The same bounds again on the sort key (redundant, so the result is unchanged): the planner can then read just
  // the period's slice of the ordered indexes instead of walking down from the newest incident to the period.
  if (f.from) q = q.where('date', '>=', f.from).where(SORT_DAY, '>=', f.from);
  // Rows sort by (coalesce(date, ''), id) descending; a cursor is the last row shown. The next page starts there:
  // the cursor's day bounds the sort key from above (the index walk starts at that day rather than at the top of
  // the period) and the row value drops what was already shown. With only the period's bound, each page of a walk
  // through a period re-read every row before it (a fortnight's pages at a million incidents: 40 ms → 400 ms).
  const cursor = f.after ? decodeCursor(f.after) : null;
  const upper = cursor && (!f.to || cursor[0] < f.to) ? cursor[0] : f.to;
  if (f.to) q = q.where('date', '<=', f.to);
  if (upper !== undefined) q = q.where(SORT_DAY, '<=', upper);
  if (f.status && f.status.length > 0) q = q.where('status', 'in', f.status);
  if (f.eventType) q = q.where('eventType', '=', f.eventType);
  if (f.grade) q = q.where('grade', '=', f.grade);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    q = q.where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
  }
  if (f.provisionId) {
    q = q.where('id', 'in', (eb) => eb.selectFrom('incidentProvisions').select('incidentId').where('provisionId', '=', f.provisionId!));
  }
  if (query !== null) {
    // A subquery, not a list of ids: a common word matches most of a million incidents (more ids than either
    // engine takes as parameters), and the page needs only the first `limit` of them in date order. On SQLite the
    // full-text index gives rowids (0008), matched to the row's own rowid without a detour through ids.
    if (engine === 'sqlite') q = q.where(sql`incidents.rowid`, 'in', sql`(SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${query})`);
    else q = q.where((eb) => eb('id', 'in', sql<string>`(${fullTextIds(engine, 'incidents', query)})`));
  }
  if (cursor) q = q.where(sql<boolean>`(${SORT_DAY}, id) < (${cursor[0]}, ${cursor[1]})`);
  const newest = <T extends typeof q>(x: T) => x.orderBy(SORT_DAY, 'desc').orderBy('id', 'desc').limit(limit + 1);
  let rows: Awaited<ReturnType<typeof q.execute>>;
  if (f.actor) {
    // actor1 = X OR actor2 = X, as two index walks in list order merged (migration 0006): asked as one OR, both
    // engines gathered every incident of the actor (a fifth of a million for a party) and sorted them for one page.
    const actor = f.actor;
    const asActor1 = newest(q.where('actor1', '=', actor));
    const asActor2 = newest(q.where('actor2', '=', actor).where((eb) => eb.or([eb('actor1', 'is', null), eb('actor1', '!=', actor)])));
    rows = await newest(db.selectFrom((eb) => eb.selectFrom(asActor1.as('a1')).selectAll().unionAll(eb.selectFrom(asActor2.as('a2')).selectAll()).as('incidents')).selectAll()).execute();
  } else rows = await newest(q).execute();
  const page = rows.slice(0, limit);
  const provisions = await provisionsOf(db, page.map((r) => r.id));
  const last = page[page.length - 1];
  return {
    incidents: page.map((r) => fromRow(r, provisions.get(r.id) ?? [])),
    next: rows.length > limit && last ? encodeCursor(last.date ?? '', last.id) : null,
  };
}

/** Matches from which a full-text filter walks the list order instead of sorting its matches (see listIncidents). */
const WALK_FROM_MATCHES = 2000;

/** Whether an SQLite full-text query matches at least `n` incidents, counting no further than that. */
async function matchesAtLeast(db: Queryable, query: string, n: number): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ${query} LIMIT ${n})`.execute(db);
  return Number(r.rows[0]?.n ?? 0) >= n;
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
