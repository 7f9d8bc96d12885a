import type { Series, SeriesPoint } from '../../domain/series.ts';
import type { Queryable } from '../connect.ts';
import { fromJson, toJson } from '../json.ts';
import type { SeriesTable } from '../schema.ts';
import { assertUpdated } from '../versioning.ts';

const fromRow = (r: SeriesTable): Series => {
  const agreements = fromJson<string[] | null>(r.agreementIds, null);
  return {
    id: r.id,
    bodyId: r.bodyId,
    metric: r.metric,
    mode: r.mode as Series['mode'],
    unit: r.unit,
    description: r.description,
    estimated: Number(r.estimated) === 1,
    territory: r.territory ?? null,
    // Never linked reads as no field at all, as the series was recorded before links existed (Series.agreements);
    // links all removed later read as an empty list, as the audit log has them.
    ...(agreements ? { agreements } : {}),
    version: Number(r.version),
  };
};

const toRow = (s: Series) => ({
  id: s.id,
  bodyId: s.bodyId,
  metric: s.metric,
  mode: s.mode,
  unit: s.unit,
  description: s.description,
  estimated: s.estimated ? 1 : 0,
  territory: s.territory ?? null,
  agreementIds: s.agreements === undefined ? null : toJson(s.agreements),
});

export async function insertSeries(db: Queryable, s: Series, at: string): Promise<void> {
  await db.insertInto('series').values({ ...toRow(s), version: 1, createdAt: at, updatedAt: at }).execute();
}

export async function getSeries(db: Queryable, id: string): Promise<Series | undefined> {
  const r = await db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

export async function listSeries(db: Queryable, bodyId?: string): Promise<Series[]> {
  let q = db.selectFrom('series').selectAll().orderBy('id');
  if (bodyId) q = q.where('bodyId', '=', bodyId);
  return (await q.execute()).map(fromRow);
}

export async function updateSeries(db: Queryable, s: Series, at: string): Promise<void> {
  const r = await db.updateTable('series').set({ ...toRow(s), version: s.version + 1, updatedAt: at }).where('id', '=', s.id).where('version', '=', s.version).executeTakeFirst();
  assertUpdated(r.numUpdatedRows, `series ${s.id}`, s.version, (await getSeries(db, s.id))?.version);
}

export async function getSeriesPoint(db: Queryable, seriesId: string, date: string): Promise<SeriesPoint | undefined> {
  const r = await db.selectFrom('seriesPoints').selectAll().where('seriesId', '=', seriesId).where('date', '=', date).executeTakeFirst();
  return r && { seriesId: r.seriesId, date: r.date, value: Number(r.value), sourceDocumentId: r.sourceDocumentId, note: r.note };
}

/** Inserts the point, or replaces the value held for that series and day. */
export async function putSeriesPoint(db: Queryable, p: SeriesPoint): Promise<void> {
  await db
    .insertInto('seriesPoints')
    .values(p)
    .onConflict((oc) => oc.columns(['seriesId', 'date']).doUpdateSet({ value: p.value, sourceDocumentId: p.sourceDocumentId, note: p.note }))
    .execute();
}

export async function listSeriesPoints(db: Queryable, seriesId: string, range: { from?: string; to?: string } = {}): Promise<SeriesPoint[]> {
  let q = db.selectFrom('seriesPoints').selectAll().where('seriesId', '=', seriesId).orderBy('date');
  if (range.from) q = q.where('date', '>=', range.from);
  if (range.to) q = q.where('date', '<=', range.to);
  return (await q.execute()).map((r) => ({ seriesId: r.seriesId, date: r.date, value: Number(r.value), sourceDocumentId: r.sourceDocumentId, note: r.note }));
}
