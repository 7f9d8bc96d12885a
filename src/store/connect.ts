// Opening the database named by --database / TRUCE_DATABASE: a file path means the embedded SQLite default, a
// postgres:// URL means a PostgreSQL server. The rest of Truce only sees a `Store`.
import { existsSync, mkdirSync, statSync, accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, CompiledQuery, type DatabaseConnection, type Driver, Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, SqliteDriver, sql, type Transaction } from 'kysely';
import { UserError } from '../domain/errors.ts';
import type { Engine } from './engine.ts';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.ts';
import type { TruceDatabase } from './schema.ts';

export type Db = Kysely<TruceDatabase>;
export type Tx = Transaction<TruceDatabase>;
/** A query target: the database itself or an open transaction. Repositories accept either. */
export type Queryable = Db | Tx;

export interface Store {
  db: Db;
  engine: Engine;
  /** Where the data lives, safe to print (a PostgreSQL password is masked). */
  describe: string;
  /** How to open the same database again (a worker thread computing a kept report opens its own connection). */
  location: DatabaseLocation;
  /**
   * The audit head (seq, hash) read through the driver, without Kysely: a server reads it for every cached read
   * (server/read-cache.ts), where building, compiling and mapping the query cost as much as running it. Always
   * committed data: on SQLite, while a write transaction holds the one connection it waits behind it through Kysely.
   */
  readAuditHead?(): Promise<{ seq: number; hash: string }>;
  /**
   * Every row of a read query, in order, as an array of its column values handed to `each` one at a time: no object
   * per row and no result held whole (an agreement's compliance walks half a million rows at a million incidents).
   * SQLite steps the statement through the driver (through Kysely while a transaction holds the connection);
   * PostgreSQL fetches from a cursor in batches on a connection of its own.
   */
  eachRow(query: CompiledQuery, each: (row: unknown[]) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Rows as arrays of column values (in select order), read through the driver without Kysely's result pass: a hot
 * read (a page of incidents for the API) spent more CPU turning rows into keyed objects and renaming their keys than
 * the engine spent finding them. `null` when the read must go through Kysely instead (on SQLite, while a write
 * transaction holds the one connection). Only for a store's own Kysely instance, never a transaction: rowReaderOf.
 */
export type RowReader = (text: string, parameters: readonly unknown[]) => Promise<unknown[][]> | null;
const rowReaders = new WeakMap<object, RowReader>();
/** The row reader of a store's own Kysely instance; undefined for a transaction (its reads must stay in it). */
export const rowReaderOf = (db: Queryable): RowReader | undefined => rowReaders.get(db);

export const DEFAULT_DATABASE = 'truce-data/truce.db';

export interface DatabaseLocation {
  engine: Engine;
  /** Absolute file path (SQLite) or the URL (PostgreSQL). */
  target: string;
}

/** The flag wins over the environment, which wins over the default file under the working directory. */
export function resolveDatabase(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseLocation {
  const given = (flag ?? env.TRUCE_DATABASE ?? '').trim() || DEFAULT_DATABASE;
  if (/^postgres(ql)?:/i.test(given)) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new UserError('invalid-input', `the database URL "${maskPassword(given)}" is not a valid URL; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
    }
    if (!url.hostname && !url.searchParams.get('host')) {
      throw new UserError('invalid-input', `the database URL "${maskPassword(given)}" names no host; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE`);
    }
    if (url.pathname.replace(/^\//, '') === '') {
      throw new UserError('invalid-input', `the database URL "${maskPassword(given)}" names no database; add one after the host, as in postgres://HOST:5432/truce`);
    }
    if (url.port && !/^\d+$/.test(url.port)) {
      throw new UserError('invalid-input', `the database URL "${maskPassword(given)}" has a bad port; use a number, as in postgres://HOST:5432/truce`);
    }
    return { engine: 'postgres', target: given };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new UserError('invalid-input', `"${given}" is neither a file path nor a postgres:// URL; give a SQLite file path or postgres://USER@HOST:PORT/DATABASE`);
  }
  return { engine: 'sqlite', target: resolve(cwd, given) };
}

export function maskPassword(url: string): string {
  return url.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}

export async function openStore(location: DatabaseLocation, options: { create?: boolean } = {}): Promise<Store> {
  return location.engine === 'sqlite' ? openSqlite(location.target, options.create ?? true) : openPostgres(location.target);
}

/** Creates `dir` and its missing parents one level at a time. Node 20's `mkdirSync(…, {recursive: true})` never
 * returns for a path under /proc, so the recursion is done here, where a missing parent simply fails. */
function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolders(parent);
  mkdirSync(dir);
}

/**
 * Every Truce transaction writes (reads go outside transactions), so on SQLite it starts with BEGIN IMMEDIATE: the
 * write lock is taken first, and a second process waits for it (busy_timeout) and then reads fresh data. A plain
 * BEGIN would let both read the same version and fail one of them with "database is locked" at its first write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: Database.Database) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.#database = cached;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing costs more than running a small query: a
 * page of incidents spent more CPU in SQLite's parser than in the query. The same SQL text (Kysely compiles the same
 * query shape to the same text, with values as parameters) gets the statement prepared the first time. Long texts
 * (multi-row inserts, each with its own row count) are not kept, and a statement still being read by a stream is
 * never handed out twice.
 */
function withStatementCache(db: Database.Database, size = 200): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare: (text: string) => {
      if (text.length > 4000) return db.prepare(text);
      const held = cache.get(text);
      if (held && !held.busy) {
        cache.delete(text); // most recently used last
        cache.set(text, held);
        return held;
      }
      const fresh = db.prepare(text);
      if (!held) {
        cache.set(text, fresh);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return fresh;
    },
  };
}

function openSqlite(file: string, create: boolean): Store {
  const dir = dirname(file);
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new UserError('database-unavailable', `cannot open the database ${file}: it is a directory; pass --database with a file path such as ${file}/truce.db`);
  }
  if (!existsSync(file)) {
    if (!create) throw new UserError('database-unavailable', `no database at ${file}; run \`truce init\` first or pass --database`);
    try {
      makeFolders(dir);
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw new UserError('database-unavailable', `cannot create the database ${file}: the folder ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}); pass --database with a writable path`);
    }
  }
  let handle: Database.Database;
  try {
    handle = new Database(file, { fileMustExist: !create });
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('synchronous = NORMAL');
    // SQLite's default page cache is 2 MB; at a million incidents the indexes touched by a write or a page of
    // results no longer fit and every statement goes back to the file. 32 MB keeps the hot index pages in memory.
    handle.pragma('cache_size = -32768');
    // Reading the schema proves the file is a database and not some other file given by mistake.
    handle.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    throw new UserError('database-unavailable', `cannot open ${file} as a SQLite database: ${(err as Error).message}; pass --database with a Truce database file or a new path`, { cause: err });
  }
  const db = new Kysely<TruceDatabase>({ dialect: new ImmediateSqliteDialect(handle), plugins: [new CamelCasePlugin()] });
  let headStatement: Database.Statement<[], { seq: number; hash: string }> | undefined;
  const readAuditHead = async () => {
    // Kysely keeps a write transaction open on this one connection across awaits; read through it now and the
    // answer would be that transaction's uncommitted head. So wait behind it like any other query.
    const h = handle.inTransaction
      ? await db.selectFrom('auditHead').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()
      : (headStatement ??= handle.prepare('SELECT seq, hash FROM audit_head WHERE id = 1')).get();
    if (!h) throw new Error('the audit_head row is missing: the database was not set up by truce init');
    return { seq: Number(h.seq), hash: h.hash };
  };
  const eachRow = async (query: CompiledQuery, each: (row: unknown[]) => void) => {
    if (handle.inTransaction) {
      for (const r of (await db.withoutPlugins().executeQuery(query)).rows) each(Object.values(r as object));
      return;
    }
    for (const r of handle.prepare(query.sql).raw(true).iterate(...(query.parameters as unknown[]))) each(r as unknown[]);
  };
  // Statements of their own in raw mode (arrays), apart from the ones Kysely's driver reads as objects.
  const rawStatements = new Map<string, Database.Statement>();
  rowReaders.set(db, (text, parameters) => {
    if (handle.inTransaction) return null; // reading now would see that transaction's uncommitted rows
    try {
      let s = rawStatements.get(text);
      if (!s || s.busy) {
        s = handle.prepare(text).raw(true);
        if (rawStatements.size < 200) rawStatements.set(text, s);
      }
      return Promise.resolve(s.all(...parameters) as unknown[][]);
    } catch (err) {
      return Promise.reject(err);
    }
  });
  return { db, engine: 'sqlite', eachRow, describe: `SQLite ${file}`, location: { engine: 'sqlite', target: file }, readAuditHead, close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use. Nothing to do here.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new UserError('database-unavailable', `cannot connect to PostgreSQL at ${maskPassword(url)}: ${(err as Error).message}; check that the server runs and the URL is right`, { cause: err });
  }
  const db = new Kysely<TruceDatabase>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  const readAuditHead = async () => {
    // A named statement: each pooled connection parses and plans it once.
    const h = (await pool.query<{ seq: string; hash: string }>({ name: 'truce-audit-head', text: 'SELECT seq, hash FROM audit_head WHERE id = 1' })).rows[0];
    if (!h) throw new Error('the audit_head row is missing: the database was not set up by truce init');
    return { seq: Number(h.seq), hash: h.hash };
  };
  const eachRow = async (query: CompiledQuery, each: (row: unknown[]) => void) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      // Every row is read: plan for the whole result (a cursor is otherwise planned for its first tenth, which at a
      // million incidents chose an index probe per row over one hash join).
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query({ text: `DECLARE truce_rows NO SCROLL CURSOR FOR ${query.sql}`, values: query.parameters as unknown[] });
      for (;;) {
        const { rows } = await client.query<unknown[]>({ text: 'FETCH 10000 FROM truce_rows', rowMode: 'array' });
        for (const r of rows) each(r);
        if (rows.length < 10000) break;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  // Unnamed statements, so each is planned for its values: a kept (generic) plan for a page's shape read a whole
  // period through a bitmap scan and sorted it, where the values' own plan walks the ordered index for a page.
  rowReaders.set(db, (text, values) => pool.query({ text, values: values as unknown[], rowMode: 'array' }).then((r) => r.rows as unknown[][]));
  return { db, engine: 'postgres', eachRow, describe: `PostgreSQL ${maskPassword(url)}`, location: { engine: 'postgres', target: url }, readAuditHead, close: () => db.destroy() };
}

/** Creates or upgrades the schema to the latest migration. Safe to run on every start. */
export async function migrate(store: Store): Promise<string[]> {
  // Already up to date (the usual case): nothing is written, so every command also works against a read-only
  // PostgreSQL replica, and a command does not take the migration lock just to find there is nothing to do.
  if (await hasEveryMigration(store)) return [];
  // Migrations are numbered as they are planned, and one may land after a higher number already ran on a database
  // (0008 before 0006 and 0007): each touches its own tables, so one missing is run rather than refused.
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.engine), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new UserError('database-unavailable', `could not bring the database ${store.describe} up to date (${failed} failed: ${(error as Error).message}); it was left as it was`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function hasEveryMigration(store: Store): Promise<boolean> {
  try {
    const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM kysely_migration WHERE name IN (${sql.join(MIGRATION_NAMES)})`.execute(store.db);
    return Number(r.rows[0]?.n) === MIGRATION_NAMES.length;
  } catch {
    return false; // no migration table yet: a new database
  }
}

/** True once `migrate` has created the schema. */
export async function isMigrated(store: Store): Promise<boolean> {
  try {
    await sql`SELECT 1 FROM audit_head`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}
