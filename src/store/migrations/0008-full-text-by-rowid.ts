// SQLite's full-text tables (0001) were kept in step by triggers that found the old entry with `WHERE id = …`, but
// `id` is an UNINDEXED column of an FTS5 table: that lookup reads the whole full-text table. Every edit of an
// incident (a review step, a merge, a re-imported ACLED row) therefore scanned every incident's search entry; at a
// million incidents one edit cost a full scan. The tables are rebuilt keyed by the record's own rowid, the one
// lookup FTS5 answers from its index, and contentless (`content=''` with `contentless_delete=1`, SQLite ≥ 3.43):
// they held a second copy of every report's text and every incident's words, which the records already hold, so
// an import wrote each text twice. Searches join back to the records by rowid (engine.ts).
// PostgreSQL keeps its search column in the row itself and is untouched.
import { type Kysely, sql } from 'kysely';
import { type Engine, incidentSearchText } from '../engine.ts';

export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine !== 'sqlite') return;
  for (const t of ['source_documents', 'incidents']) {
    for (const when of ['ai', 'au', 'ad']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}_fts_${when}`).execute(db);
    await sql.raw(`DROP TABLE IF EXISTS ${t}_fts`).execute(db);
  }

  await sql`CREATE VIRTUAL TABLE source_documents_fts USING fts5(title, text, content = '', contentless_delete = 1, tokenize = 'porter unicode61')`.execute(db);
  await sql`INSERT INTO source_documents_fts (rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM source_documents`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_ai AFTER INSERT ON source_documents BEGIN
    INSERT INTO source_documents_fts (rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_au AFTER UPDATE OF title, text ON source_documents BEGIN
    DELETE FROM source_documents_fts WHERE rowid = old.rowid;
    INSERT INTO source_documents_fts (rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END`.execute(db);
  await sql`CREATE TRIGGER source_documents_fts_ad AFTER DELETE ON source_documents BEGIN
    DELETE FROM source_documents_fts WHERE rowid = old.rowid; END`.execute(db);

  const body = sql.raw(incidentSearchText('new'));
  await sql`CREATE VIRTUAL TABLE incidents_fts USING fts5(body, content = '', contentless_delete = 1, tokenize = 'porter unicode61')`.execute(db);
  await sql`INSERT INTO incidents_fts (rowid, body) SELECT rowid, ${sql.raw(incidentSearchText(null))} FROM incidents`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_ai AFTER INSERT ON incidents BEGIN
    INSERT INTO incidents_fts (rowid, body) VALUES (new.rowid, ${body}); END`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_au AFTER UPDATE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.rowid;
    INSERT INTO incidents_fts (rowid, body) VALUES (new.rowid, ${body}); END`.execute(db);
  await sql`CREATE TRIGGER incidents_fts_ad AFTER DELETE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.rowid; END`.execute(db);
}
