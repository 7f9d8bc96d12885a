// The one place that knows how SQLite and PostgreSQL differ. Everything else in the store is written once
// against Kysely and runs unchanged on both engines.
import { sql, type Kysely, type RawBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Column type for a floating-point number (SQLite REAL is already 8 bytes; PostgreSQL `real` would be 4). */
export const floatType = (engine: Engine) => (engine === 'sqlite' ? 'real' : 'double precision');

/**
 * Full-text search DDL: FTS5 tables kept in step by triggers on SQLite, generated tsvector columns on PostgreSQL.
 * As first created by 0001; migration 0008 rebuilds the SQLite tables contentless and keyed by rowid (see there why).
 */
export async function createFullTextIndexes(db: Kysely<any>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE source_documents_fts USING fts5(id UNINDEXED, title, text, tokenize = 'porter unicode61')`.execute(db);
    await sql`CREATE TRIGGER source_documents_fts_ai AFTER INSERT ON source_documents BEGIN
      INSERT INTO source_documents_fts (id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END`.execute(db);
    await sql`CREATE TRIGGER source_documents_fts_au AFTER UPDATE OF title, text ON source_documents BEGIN
      DELETE FROM source_documents_fts WHERE id = old.id;
      INSERT INTO source_documents_fts (id, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END`.execute(db);
    await sql`CREATE TRIGGER source_documents_fts_ad AFTER DELETE ON source_documents BEGIN
      DELETE FROM source_documents_fts WHERE id = old.id; END`.execute(db);
    await sql`CREATE VIRTUAL TABLE incidents_fts USING fts5(id UNINDEXED, body, tokenize = 'porter unicode61')`.execute(db);
    const body = sql.raw(incidentSearchText('new'));
    await sql`CREATE TRIGGER incidents_fts_ai AFTER INSERT ON incidents BEGIN
      INSERT INTO incidents_fts (id, body) VALUES (new.id, ${body}); END`.execute(db);
    await sql`CREATE TRIGGER incidents_fts_au AFTER UPDATE ON incidents BEGIN
      DELETE FROM incidents_fts WHERE id = old.id;
      INSERT INTO incidents_fts (id, body) VALUES (new.id, ${body}); END`.execute(db);
    await sql`CREATE TRIGGER incidents_fts_ad AFTER DELETE ON incidents BEGIN
      DELETE FROM incidents_fts WHERE id = old.id; END`.execute(db);
  } else {
    await sql`ALTER TABLE source_documents ADD COLUMN search tsvector
      GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED`.execute(db);
    await sql`CREATE INDEX source_documents_search_idx ON source_documents USING gin (search)`.execute(db);
    await sql`ALTER TABLE incidents ADD COLUMN search tsvector
      GENERATED ALWAYS AS (to_tsvector('english', ${sql.raw(incidentSearchText(null))})) STORED`.execute(db);
    await sql`CREATE INDEX incidents_search_idx ON incidents USING gin (search)`.execute(db);
  }
}

/** The text of an incident that full-text search sees: place, actors, event types and notes. */
export function incidentSearchText(prefix: string | null): string {
  const c = (name: string) => `coalesce(${prefix ? `${prefix}.` : ''}${name}, '')`;
  return ['location_name', 'admin1', 'admin2', 'actor1', 'actor2', 'event_type', 'sub_event_type', 'notes'].map(c).join(` || ' ' || `);
}

/**
 * Turns what a user types ("shelling Khan Younis", `"yellow line"`) into each engine's query syntax: words are
 * ANDed, stemmed by the index, and quoted phrases kept together. Characters with meaning to the engine are dropped,
 * so no input can make the query itself fail.
 */
export function fullTextQuery(engine: Engine, input: string): string | null {
  const terms: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    const words = (m[1] ?? m[2] ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length === 0) continue;
    if (engine === 'sqlite') terms.push(`"${words.join(' ')}"`);
    else terms.push(words.length === 1 ? `${words[0]}:*` : `(${words.join(' <-> ')})`);
  }
  if (terms.length === 0) return null;
  return terms.join(engine === 'sqlite' ? ' AND ' : ' & ');
}

/**
 * Ids of rows in `table` matching `query`, best match first; at most `limit` when given. The limit is applied in the
 * engine so a common word over 100,000 documents does not carry every match's id back to be cut in JavaScript.
 */
export function fullTextMatch(engine: Engine, table: 'source_documents' | 'incidents', query: string, limit?: number): RawBuilder<{ id: string }> {
  const cap = limit === undefined ? sql`` : sql` LIMIT ${Math.max(0, Math.floor(limit))}`;
  if (engine === 'sqlite') {
    // The full-text tables hold no copy of the records (0008): a match is a rowid, joined back to its record.
    const fts = sql.table(`${table}_fts`);
    return sql<{ id: string }>`SELECT r.id FROM ${fts} JOIN ${sql.table(table)} AS r ON r.rowid = ${fts}.rowid WHERE ${fts} MATCH ${query} ORDER BY bm25(${fts})${cap}`;
  }
  const t = sql.table(table);
  return sql<{ id: string }>`SELECT id FROM ${t} WHERE search @@ to_tsquery('english', ${query}) ORDER BY ts_rank(search, to_tsquery('english', ${query})) DESC${cap}`;
}

/** Ids of rows in `table` matching `query`, unordered: for `id IN (…)` beside other filters, never materialised. */
export function fullTextIds(engine: Engine, table: 'source_documents' | 'incidents', query: string): RawBuilder<{ id: string }> {
  if (engine === 'sqlite') {
    const fts = sql.table(`${table}_fts`);
    return sql<{ id: string }>`SELECT r.id FROM ${sql.table(table)} AS r WHERE r.rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${query})`;
  }
  return sql<{ id: string }>`SELECT id FROM ${sql.table(table)} WHERE search @@ to_tsquery('english', ${query})`;
}
