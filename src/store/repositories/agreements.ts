// Agreements are stored as immutable versions: an amendment adds version N+1 beside the old ones, which stay
// readable for "as of" questions. Phases and provisions are kept in their own tables so incidents can link to a
// provision and queries can filter by it; the whole validated document is kept as JSON for everything else.
import type { Queryable } from '../connect.ts';
import { fromJson, toJson } from '../json.ts';

export interface StoredPhase {
  id: string;
  name: string;
  order: number;
  start: unknown;
}

export interface StoredProvision {
  id: string;
  phase: string | null;
  category: string;
  obligated: string[];
  act: string;
  deadline: unknown;
  indicator: unknown;
  sources: string[];
}

export interface StoredAgreement {
  id: string;
  version: number;
  title: string;
  kind: string;
  signedAt: string | null;
  inForceAt: string | null;
  /** The whole agreement as loaded (validated elsewhere). */
  document: unknown;
  phases: StoredPhase[];
  provisions: StoredProvision[];
  loadedAt: string;
  loadedBy: string;
}

export async function insertAgreementVersion(db: Queryable, a: StoredAgreement): Promise<void> {
  await db
    .insertInto('agreements')
    .values({ id: a.id, version: a.version, title: a.title, kind: a.kind, signedAt: a.signedAt, inForceAt: a.inForceAt, document: toJson(a.document), loadedAt: a.loadedAt, loadedBy: a.loadedBy })
    .execute();
  if (a.phases.length > 0) {
    await db.insertInto('phases').values(a.phases.map((p) => ({ agreementId: a.id, agreementVersion: a.version, id: p.id, name: p.name, ord: p.order, start: p.start === undefined ? null : toJson(p.start) }))).execute();
  }
  // Inserted in chunks: PostgreSQL and SQLite both cap the number of bound parameters in one statement.
  for (let i = 0; i < a.provisions.length; i += 200) {
    await db
      .insertInto('provisions')
      .values(
        a.provisions.slice(i, i + 200).map((p) => ({
          agreementId: a.id,
          agreementVersion: a.version,
          id: p.id,
          phaseId: p.phase,
          category: p.category,
          obligated: toJson(p.obligated),
          act: p.act,
          deadline: p.deadline === undefined || p.deadline === null ? null : toJson(p.deadline),
          indicator: p.indicator === undefined || p.indicator === null ? null : toJson(p.indicator),
          sources: toJson(p.sources),
        })),
      )
      .execute();
  }
}

export async function latestAgreementVersion(db: Queryable, id: string): Promise<number | undefined> {
  const r = await db.selectFrom('agreements').select((eb) => eb.fn.max('version').as('v')).where('id', '=', id).executeTakeFirst();
  return r?.v === null || r?.v === undefined ? undefined : Number(r.v);
}

/** The given version, or the latest one. */
export async function getAgreement(db: Queryable, id: string, version?: number): Promise<StoredAgreement | undefined> {
  const v = version ?? (await latestAgreementVersion(db, id));
  if (v === undefined) return undefined;
  const r = await db.selectFrom('agreements').selectAll().where('id', '=', id).where('version', '=', v).executeTakeFirst();
  if (!r) return undefined;
  const phases = await db.selectFrom('phases').selectAll().where('agreementId', '=', id).where('agreementVersion', '=', v).orderBy('ord').execute();
  const provisions = await db.selectFrom('provisions').selectAll().where('agreementId', '=', id).where('agreementVersion', '=', v).orderBy('id').execute();
  return {
    id: r.id,
    version: Number(r.version),
    title: r.title,
    kind: r.kind,
    signedAt: r.signedAt,
    inForceAt: r.inForceAt,
    document: fromJson(r.document, null),
    phases: phases.map((p) => ({ id: p.id, name: p.name, order: Number(p.ord), start: fromJson(p.start, null) })),
    provisions: provisions.map((p) => ({
      id: p.id,
      phase: p.phaseId,
      category: p.category,
      obligated: fromJson(p.obligated, []),
      act: p.act,
      deadline: fromJson(p.deadline, null),
      indicator: fromJson(p.indicator, null),
      sources: fromJson(p.sources, []),
    })),
    loadedAt: r.loadedAt,
    loadedBy: r.loadedBy,
  };
}

/** The latest version of every agreement. */
export async function listAgreements(db: Queryable): Promise<Array<Pick<StoredAgreement, 'id' | 'version' | 'title' | 'kind' | 'signedAt' | 'inForceAt'>>> {
  const rows = await db
    .selectFrom('agreements as a')
    .select(['a.id', 'a.version', 'a.title', 'a.kind', 'a.signedAt', 'a.inForceAt'])
    .where('a.version', '=', (eb) => eb.selectFrom('agreements as b').select((e) => e.fn.max('b.version').as('v')).whereRef('b.id', '=', 'a.id'))
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

export interface StoredGeometry {
  agreementId: string;
  name: string;
  version: number;
  kind: 'line' | 'zone';
  meaning: unknown;
  geojson: unknown | null;
  validFrom: string | null;
  loadedAt: string;
  loadedBy: string;
}

export async function insertGeometryVersion(db: Queryable, g: StoredGeometry): Promise<void> {
  await db
    .insertInto('geometries')
    .values({ ...g, meaning: toJson(g.meaning), geojson: g.geojson === null ? null : toJson(g.geojson) })
    .execute();
}

/** For each named geometry of the agreement, the version valid at `asOf` (or the newest). */
export async function listGeometries(db: Queryable, agreementId: string, asOf?: string): Promise<StoredGeometry[]> {
  let q = db.selectFrom('geometries').selectAll().where('agreementId', '=', agreementId).orderBy('name').orderBy('version', 'desc');
  if (asOf) q = q.where((eb) => eb.or([eb('validFrom', 'is', null), eb('validFrom', '<=', asOf)]));
  const seen = new Set<string>();
  const out: StoredGeometry[] = [];
  for (const r of await q.execute()) {
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    out.push({ ...r, version: Number(r.version), kind: r.kind as 'line' | 'zone', meaning: fromJson(r.meaning, null), geojson: fromJson(r.geojson, null) });
  }
  return out;
}
