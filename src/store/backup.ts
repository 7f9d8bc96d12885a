// Backups in each engine's own format, so a backup can be read by the engine's own tools too: SQLite's online
// backup API (a consistent copy while Truce keeps serving, an ordinary .db file) and PostgreSQL's pg_dump custom
// format (restorable with pg_restore). A restore never writes over data it was not told to replace.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { UserError } from '../domain/errors.ts';
import type { DatabaseLocation } from './connect.ts';

export type BackupKind = 'sqlite' | 'pg-dump';

/** What a file holds, from its first bytes. */
export function backupKindOf(file: string): BackupKind | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new UserError('invalid-input', `cannot read the backup ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`, { field: 'file' });
  }
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1').startsWith('SQLite format 3\0')) return 'sqlite';
  if (head.toString('latin1').startsWith('PGDMP')) return 'pg-dump';
  return null;
}

function refuseExisting(file: string): void {
  if (existsSync(file)) throw new UserError('conflict', `${file} already exists; choose a new backup file name (a backup never overwrites a file)`, { field: 'file' });
}

/** Writes a backup of the database at `location` to `file` (which must not exist yet). */
export async function backupDatabase(location: DatabaseLocation, file: string): Promise<BackupKind> {
  refuseExisting(file);
  if (location.engine === 'sqlite') {
    if (!existsSync(location.target)) throw new UserError('database-unavailable', `no database at ${location.target}; nothing to back up`);
    const source = new Database(location.target, { readonly: true, fileMustExist: true });
    const partial = `${file}.partial`;
    try {
      await source.backup(partial);
      renameSync(partial, file);
    } catch (err) {
      rmSync(partial, { force: true });
      throw new UserError('database-unavailable', `backup of ${location.target} failed: ${(err as Error).message}; the database is unchanged`, { cause: err });
    } finally {
      source.close();
    }
    return 'sqlite';
  }
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}.partial`, location.target], file);
  renameSync(`${file}.partial`, file);
  return 'pg-dump';
}

async function tablesIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const r = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    return r.rows[0].n as number;
  } catch (err) {
    throw new UserError('database-unavailable', `cannot connect to the PostgreSQL database to restore into: ${(err as Error).message}; create it first (createdb) and check the URL`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Restores `file` into `location`. The target must be empty (a new SQLite path, or a PostgreSQL database with no
 * tables) unless `replace` is set; a backup of one engine cannot be restored into the other (use export/import).
 */
export async function restoreDatabase(file: string, location: DatabaseLocation, options: { replace?: boolean } = {}): Promise<BackupKind> {
  const kind = backupKindOf(file);
  if (kind === null) throw new UserError('invalid-input', `${file} is not a Truce backup (neither a SQLite database nor a pg_dump custom-format file)`, { field: 'file' });
  const wanted: BackupKind = location.engine === 'sqlite' ? 'sqlite' : 'pg-dump';
  if (kind !== wanted) {
    throw new UserError('invalid-input', `${file} is a ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup and cannot be restored into ${location.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}; restore it into the same engine, or move data across with truce export / truce import`, { field: 'file' });
  }
  if (kind === 'sqlite') {
    const target = location.target;
    if (existsSync(target) && statSync(target).size > 0 && !options.replace) {
      throw new UserError('conflict', `${target} already holds a database; restore into a new path, or pass --replace to overwrite it (back it up first)`, { field: 'database' });
    }
    const source = new Database(file, { readonly: true, fileMustExist: true });
    const partial = join(dirname(target), `.restore-${process.pid}.db`);
    try {
      source.prepare("select count(*) from sqlite_master where name = 'kysely_migration'").get();
      await source.backup(partial);
      // The new file replaces the old one in one rename: a crash leaves either the old or the new database.
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(partial, target);
    } catch (err) {
      rmSync(partial, { force: true });
      throw new UserError('database-unavailable', `restore from ${file} failed: ${(err as Error).message}; ${target} is unchanged`, { cause: err });
    } finally {
      source.close();
    }
    return kind;
  }
  const tables = await tablesIn(location.target);
  if (tables > 0 && !options.replace) {
    throw new UserError('conflict', `the PostgreSQL database already holds ${tables} tables; restore into an empty database (createdb), or pass --replace to drop and replace them (back it up first)`, { field: 'database' });
  }
  const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${location.target}`];
  if (tables > 0) args.push('--clean', '--if-exists');
  await run('pg_restore', [...args, file], file);
  return kind;
}

function run(command: string, args: string[], file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new UserError('database-unavailable', `${command} is not installed; install PostgreSQL's client tools (apt-get install postgresql-client) to back up or restore PostgreSQL`)
          : new UserError('database-unavailable', `${command} could not start: ${err.message}`),
      );
    });
    child.on('close', (code) => {
      if (code === 0) return resolve();
      rmSync(`${file}.partial`, { force: true });
      const detail = stderr.trim().split('\n').slice(-2).join(' ').replace(/postgres(ql)?:\/\/[^@\s]*@/g, 'postgres://…@');
      reject(new UserError('database-unavailable', `${command} failed (exit ${code}): ${detail}`));
    });
  });
}
