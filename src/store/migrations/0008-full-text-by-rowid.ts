// SQLite's full-text tables (0001) were kept in step by triggers that found the old entry with `WHERE id = …`, but
// `id` is an UNINDEXED column of an FTS5 table: that lookup reads the whole full-text table. Every edit of an
// incident (a review step, a merge, a re-imported ACLED row) therefore scanned every incident's search entry; at a
// million incidents one edit cost a full scan. The entries are now keyed by the record's own rowid, the one
// lookup FTS5 answers from its index. PostgreSQL keeps its search column in the row itself and is untouched.
import { type Kysely, sql } from 'kysely';
import { type Engine, incidentSearchText } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  for (const t of ['source_documents', 'incidents']) for (const when of ['ai', 'au', 'ad']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}_fts_${when}`).execute(db);

  await sql`DELETE FROM source_documents_fts`.execute(db);
  await sql`INSERT INTO source_documents_fts (rowid, id, title, text) SELECT rowid, id, coalesce(title, ''), text FROM source_documents`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_ai AFTER INSERT ON source_documents BEGIN
    INSERT INTO source_documents_fts (rowid, id, title, text) VALUES (new.rowid, new.id, coalesce(new.title, ''), new.text); END`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_au AFTER UPDATE OF title, text ON source_documents BEGIN
    DELETE FROM source_documents_fts WHERE rowid = old.rowid;
    INSERT INTO source_documents_fts (rowid, id, title, text) VALUES (new.rowid, new.id, coalesce(new.title, ''), new.text); END`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_ad AFTER DELETE ON source_documents BEGIN
    DELETE FROM source_documents_fts WHERE rowid = old.rowid; END`.execute(db);

  const body = sql.raw(incidentSearchText('new'));
  await sql`DELETE FROM incidents_fts`.execute(db);
  await sql`INSERT INTO incidents_fts (rowid, id, body) SELECT rowid, id, ${sql.raw(incidentSearchText(null))} FROM incidents`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_ai AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_fts (rowid, id, body) VALUES (new.rowid, new.id, ${body}); END`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_au AFTER UPDATE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.rowid;
    INSERT INTO incidents_fts (rowid, id, body) VALUES (new.rowid, new.id, ${body}); END`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_ad AFTER DELETE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.rowid; END`.execute(db);
}
