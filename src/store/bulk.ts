// Multi-row statements for the bulk paths (dataset imports, the bench world): one statement per chunk of rows
// instead of one per row. Both engines cap the bound parameters of one statement (SQLite 32,766, PostgreSQL 65,535),
// so a chunk holds as many rows as fit under the lower cap.
import { CompiledQuery } from 'kysely';
import type { Queryable } from './connect.ts';
import type { TruceDatabase } from './schema.ts';

const MAX_PARAMETERS = 30_000;

/** Calls `run` on consecutive slices of `rows`, each small enough for `parametersPerRow` bound values per row. */
export async function inChunks<R>(rows: readonly R[], parametersPerRow: number, run: (chunk: R[]) => Promise<unknown>): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, parametersPerRow)));
  for (let i = 0; i < rows.length; i += size) await run(rows.slice(i, i + size));
}

/** How one table's rows of one shape are inserted: the statement's head and one row's placeholders, from Kysely. */
interface InsertShape {
  keys: string[];
  head: string;
  postgres: boolean;
  /** Rows per statement: on SQLite, the statement text stays short enough for the connection's statement cache. */
  rowsPerStatement: number;
  texts: Map<number, string>;
}

const shapes = new WeakMap<object, Map<string, InsertShape | null>>();
// SQLite's connection keeps prepared statements whose text is at most this long (store/connect.ts); a multi-row
// insert written in chunks of a fixed row count is then parsed and planned once, not once per batch.
const CACHED_TEXT = 4000;

/**
 * Inserts `rows` (all with the same defined fields, as one repository's `toRow` makes them) into `table` in
 * multi-row statements, without building a Kysely query per chunk: Kysely compiles one row once per table and
 * shape (so names, quoting and the camelCase → snake_case mapping are exactly its own), and the statement for N rows
 * is that row's placeholders N times. Rows of another shape fall back to Kysely's own multi-row insert.
 */
export async function insertRows<T extends keyof TruceDatabase & string>(db: Queryable, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined);
  const shape = shapeOf(db, table, keys, rows[0]!);
  if (!shape || !rows.every((r) => sameShape(r, keys))) {
    await inChunks(rows, keys.length, (chunk) => db.insertInto(table).values(chunk as never).execute());
    return;
  }
  const width = keys.length;
  const size = Math.min(shape.rowsPerStatement, Math.max(1, Math.floor(MAX_PARAMETERS / width)));
  for (let i = 0; i < rows.length; i += size) {
    const n = Math.min(size, rows.length - i);
    const parameters: unknown[] = new Array(n * width);
    let p = 0;
    for (let r = i; r < i + n; r++) {
      const row = rows[r]!;
      for (const k of keys) parameters[p++] = row[k];
    }
    await db.executeQuery(CompiledQuery.raw(statementText(shape, n), parameters));
  }
}

function sameShape(row: Record<string, unknown>, keys: readonly string[]): boolean {
  let defined = 0;
  for (const k in row) if (row[k] !== undefined) defined++;
  if (defined !== keys.length) return false;
  for (const k of keys) if (row[k] === undefined) return false;
  return true;
}

function shapeOf(db: Queryable, table: string, keys: string[], sample: Record<string, unknown>): InsertShape | null {
  // Keyed by the executor: a transaction's executor differs from the database's, but both compile alike; a
  // WeakMap on the executor's adapter object keeps one entry per engine connection type.
  const owner = db.getExecutor().adapter as object;
  let byShape = shapes.get(owner);
  if (!byShape) shapes.set(owner, (byShape = new Map()));
  const key = `${table}\u0000${keys.join(',')}`;
  const held = byShape.get(key);
  if (held !== undefined) return held;
  const compiled = db.insertInto(table as never).values(sample as never).compile();
  const at = compiled.sql.lastIndexOf(' values (');
  const postgres = compiled.sql.includes('$1');
  const expected = keys.map((k) => sample[k]);
  // Kysely lists a row's columns in its fields' order; anything else (a plugin adding columns, a default) and the
  // shape is not reused.
  const ok = at > 0 && compiled.sql.endsWith(')') && compiled.parameters.length === keys.length && compiled.parameters.every((v, i) => v === expected[i]);
  const shape: InsertShape | null = ok
    ? { keys, head: compiled.sql.slice(0, at), postgres, rowsPerStatement: postgres ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.floor((CACHED_TEXT - at - 8) / (keys.length * 3 + 2))), texts: new Map() }
    : null;
  byShape.set(key, shape);
  return shape;
}

function statementText(shape: InsertShape, n: number): string {
  let text = shape.texts.get(n);
  if (text) return text;
  const width = shape.keys.length;
  const tuples: string[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const marks: string[] = new Array(width);
    for (let c = 0; c < width; c++) marks[c] = shape.postgres ? `$${r * width + c + 1}` : '?';
    tuples[r] = `(${marks.join(', ')})`;
  }
  text = `${shape.head} values ${tuples.join(', ')}`;
  if (shape.texts.size < 64) shape.texts.set(n, text);
  return text;
}
