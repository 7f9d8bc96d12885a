import type { Reliability, Sensitivity, SourceDocument, SourceKind } from '../../domain/source.ts';
import type { Queryable } from '../connect.ts';
import { type Engine, fullTextMatch, fullTextQuery } from '../engine.ts';
import type { SourceDocumentsTable } from '../schema.ts';
import { assertUpdated } from '../versioning.ts';
import { inChunks, insertRows } from '../bulk.ts';

const fromRow = (r: SourceDocumentsTable): SourceDocument => ({
  id: r.id,
  kind: r.kind as SourceKind,
  url: r.url,
  title: r.title,
  publisher: r.publisher,
  publishedAt: r.publishedAt,
  retrievedAt: r.retrievedAt,
  language: r.language,
  text: r.text,
  contentHash: r.contentHash,
  sensitivity: r.sensitivity as Sensitivity,
  reliability: r.reliability as Reliability | null,
  version: Number(r.version),
});

const toRow = (d: SourceDocument) => ({
  id: d.id,
  kind: d.kind,
  url: d.url,
  title: d.title,
  publisher: d.publisher,
  publishedAt: d.publishedAt,
  retrievedAt: d.retrievedAt,
  language: d.language,
  text: d.text,
  contentHash: d.contentHash,
  sensitivity: d.sensitivity,
  reliability: d.reliability,
});

export async function insertSourceDocuments(db: Queryable, ds: readonly SourceDocument[], at: string): Promise<void> {
  const rows = ds.map((d) => ({ ...toRow(d), version: 1, createdAt: at, updatedAt: at }));
  await insertRows(db, 'sourceDocuments', rows);
}

export async function getSourceDocument(db: Queryable, id: string): Promise<SourceDocument | undefined> {
  const r = await db.selectFrom('sourceDocuments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** The documents held among `ids`, by id. */
export async function getSourceDocuments(db: Queryable, ids: readonly string[]): Promise<Map<string, SourceDocument>> {
  const out = new Map<string, SourceDocument>();
  await inChunks([...new Set(ids)], 1, async (chunk) => {
    for (const r of await db.selectFrom('sourceDocuments').selectAll().where('id', 'in', chunk).execute()) out.set(r.id, fromRow(r));
  });
  return out;
}

/** The documents held with any of these content hashes, by hash: one query for a whole import batch. */
export async function getSourceDocumentsByHash(db: Queryable, contentHashes: readonly string[]): Promise<Map<string, SourceDocument>> {
  const out = new Map<string, SourceDocument>();
  await inChunks([...new Set(contentHashes)], 1, async (chunk) => {
    for (const r of await db.selectFrom('sourceDocuments').selectAll().where('contentHash', 'in', chunk).execute()) out.set(r.contentHash, fromRow(r));
  });
  return out;
}

export async function updateSourceDocument(db: Queryable, d: SourceDocument, at: string): Promise<void> {
  const r = await db.updateTable('sourceDocuments').set({ ...toRow(d), version: d.version + 1, updatedAt: at }).where('id', '=', d.id).where('version', '=', d.version).executeTakeFirst();
  assertUpdated(r.numUpdatedRows, `source document ${d.id}`, d.version, (await getSourceDocument(db, d.id))?.version);
}

export interface SourceDocumentFilter {
  text?: string;
  sensitivity?: Sensitivity;
  limit?: number;
}

export async function listSourceDocuments(db: Queryable, engine: Engine, f: SourceDocumentFilter = {}): Promise<SourceDocument[]> {
  const limit = f.limit ?? 100;
  if (f.text) {
    const q = fullTextQuery(engine, f.text);
    if (!q) return [];
    const ids = (await fullTextMatch(engine, 'source_documents', q, limit).execute(db)).rows.map((r) => r.id);
    if (ids.length === 0) return [];
    let query = db.selectFrom('sourceDocuments').selectAll().where('id', 'in', ids);
    if (f.sensitivity) query = query.where('sensitivity', '=', f.sensitivity);
    const byId = new Map((await query.execute()).map((r) => [r.id, fromRow(r)]));
    return ids.map((id) => byId.get(id)).filter((d): d is SourceDocument => d !== undefined);
  }
  let query = db.selectFrom('sourceDocuments').selectAll().orderBy('publishedAt', 'desc').orderBy('id').limit(limit);
  if (f.sensitivity) query = query.where('sensitivity', '=', f.sensitivity);
  return (await query.execute()).map(fromRow);
}
