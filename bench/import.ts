// ACLED-format import speed and memory: generates an ACLED CSV (1,000,000 rows; --quick 20,000; --rows N), imports
// it with Truce's importer (a source document, an incident and a claim per row, each with its audit event, in
// batched transactions) into a fresh database, and in the same run has the engine's own bulk loader load the same
// file into a bare table: the baseline. On SQLite (the default) that is the sqlite3 shell's `.import`; with
// --postgres URL (a server on which a scratch database is created and dropped) it is PostgreSQL's COPY through
// psql's \copy. Prints rows/s for both, the ratio, CPU time, and the importer's peak RSS.
// When the sqlite3 CLI is missing, the baseline is better-sqlite3 prepared inserts in one transaction (said so).
// Run: node --import tsx bench/import.ts [--quick | --rows N] [--postgres URL]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ACLED_COLUMNS } from '../src/formats/acled.ts';
import { csvLine, readCsv } from '../src/formats/csv.ts';
import { systemContext } from '../src/services/context.ts';
import { importFile } from '../src/services/import.ts';
import { migrate, openStore } from '../src/store/connect.ts';

const args = process.argv.slice(2);
const rowsArg = args.indexOf('--rows');
const ROWS = rowsArg >= 0 ? Number(args[rowsArg + 1]) : args.includes('--quick') ? 20_000 : 1_000_000;
const pgArg = args.indexOf('--postgres');
const POSTGRES = pgArg >= 0 ? args[pgArg + 1] : undefined;
const batchArg = args.indexOf('--batch');
const BATCH = batchArg >= 0 ? Number(args[batchArg + 1]) : undefined;

const SUBS: [string, string][] = [['Battles', 'Armed clash'], ['Explosions/Remote violence', 'Air/drone strike'], ['Explosions/Remote violence', 'Shelling/artillery/missile attack'], ['Violence against civilians', 'Attack'], ['Protests', 'Peaceful protest']];

async function generate(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? undefined : new Promise<void>((res) => out.once('drain', () => res())));
  await write(csvLine([...ACLED_COLUMNS]));
  for (let i = 0; i < n; i++) {
    const [type, sub] = SUBS[i % SUBS.length]!;
    const d = new Date(Date.UTC(2020, 0, 1) + (i % 2000) * 86_400_000).toISOString().slice(0, 10);
    await write(csvLine([`BEN${i}`, d, d.slice(0, 4), 1 + (i % 3), 'Political violence', type, sub, `Force ${i % 37}`, '', 'State forces', `Group ${i % 53}`, '', 'Rebel group', 'State forces-Rebel group', '', 999, 'Middle East', 'Benchland', `Province ${i % 9}`, `District ${i % 40}`, '', `Town ${i % 400}`, (30 + (i % 1000) / 1000).toFixed(4), (34 + (i % 700) / 1000).toFixed(4), 1 + (i % 3), 'Bench Wire; Bench Daily', 'National', `Synthetic event ${i}: an exchange of fire near town ${i % 400}, reported by two outlets.`, i % 5, '', 1700000000 + i]));
  }
  await new Promise<void>((res) => out.end(() => res()));
}

function baseline(file: string, dir: string): { seconds: number; how: string } {
  const db = join(dir, 'bare.db');
  const hasCli = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
  if (hasCli) {
    const t = performance.now();
    const r = spawnSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${file} bare`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
    return { seconds: (performance.now() - t) / 1000, how: "sqlite3's .import into a bare table" };
  }
  throw new Error('no sqlite3 CLI');
}

async function preparedBaseline(file: string, db: string): Promise<{ seconds: number; how: string }> {
  const t = performance.now();
  const d = new Database(db);
  d.exec(`CREATE TABLE bare (${ACLED_COLUMNS.map((c) => `"${c}" TEXT`).join(', ')})`);
  const insert = d.prepare(`INSERT INTO bare VALUES (${ACLED_COLUMNS.map(() => '?').join(', ')})`);
  d.exec('BEGIN');
  let first = true;
  for await (const r of readCsv(file)) {
    if (first) first = false;
    else insert.run(...r.values);
  }
  d.exec('COMMIT');
  d.close();
  return { seconds: (performance.now() - t) / 1000, how: 'better-sqlite3 prepared inserts in one transaction (the sqlite3 CLI is not installed)' };
}

/** A scratch database on the server, and PostgreSQL's own COPY of the file into a bare table there as the baseline. */
async function postgresTarget(server: string, file: string): Promise<{ url: string; base: { seconds: number; how: string }; dispose(): Promise<void> }> {
  const name = `truce_bench_import_${process.pid}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const psql = (command: string) => {
    const r = spawnSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  };
  psql(`CREATE TABLE bare (${ACLED_COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
  const t = performance.now();
  psql(`\\copy bare FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  const base = { seconds: (performance.now() - t) / 1000, how: "PostgreSQL's COPY (psql \\copy) into a bare table" };
  psql('DROP TABLE bare');
  return { url: url.toString(), base, dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * What the schema alone costs: the rows the import wrote (documents, incidents, claims, audit events) copied by
 * SQLite itself into a fresh, migrated database with the same indexes and full-text triggers, no JavaScript
 * involved. The importer cannot beat this; the gap between the two is what the importer's own work costs.
 */
async function storageFloor(imported: string, fresh: string): Promise<number> {
  const store = await openStore({ engine: 'sqlite', target: fresh }, { create: true });
  await migrate(store);
  await store.close();
  const d = new Database(fresh);
  d.pragma('journal_mode = WAL');
  d.pragma('synchronous = NORMAL');
  d.pragma('cache_size = -32768');
  d.prepare('ATTACH DATABASE ? AS imported').run(imported);
  const t = performance.now();
  d.exec('BEGIN');
  for (const table of ['source_documents', 'incidents', 'claims', 'audit_events']) d.exec(`INSERT INTO main.${table} SELECT * FROM imported.${table}`);
  d.exec('COMMIT');
  const seconds = (performance.now() - t) / 1000;
  d.close();
  return seconds;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'truce-bench-import-'));
  try {
    const file = join(dir, 'acled.csv');
    let t = performance.now();
    await generate(file, ROWS);
    console.log(`generated ${ROWS.toLocaleString('en')} ACLED rows (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    let base: { seconds: number; how: string };
    let target = { engine: 'sqlite' as 'sqlite' | 'postgres', url: join(dir, 'truce.db'), dispose: async () => {} };
    if (POSTGRES) {
      const p = await postgresTarget(POSTGRES, file);
      base = p.base;
      target = { engine: 'postgres', url: p.url, dispose: p.dispose };
    } else {
      try {
        base = baseline(file, dir);
      } catch {
        base = await preparedBaseline(file, join(dir, 'bare.db'));
      }
    }
    console.log(`baseline, ${base.how}: ${base.seconds.toFixed(2)} s = ${Math.round(ROWS / base.seconds).toLocaleString('en')} rows/s`);

    const store = await openStore({ engine: target.engine, target: target.url }, { create: true });
    await migrate(store);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 200);
    t = performance.now();
    const cpu0 = process.cpuUsage();
    let shown = 0;
    const summary = await importFile(systemContext(store, 'bench'), 'acled', file, {
      ...(BATCH ? { batchSize: BATCH } : {}),
      onProgress: ({ rows }) => {
        if (rows % 100_000 === 0 && rows > shown && (shown = rows)) console.log(`  … ${rows.toLocaleString('en')} rows, ${Math.round(rows / ((performance.now() - t) / 1000))} rows/s, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sample);
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    await store.close();
    const floor = target.engine === 'sqlite' ? await storageFloor(target.url, join(dir, 'floor.db')) : null;
    await target.dispose();
    if (summary.new !== ROWS) throw new Error(`expected ${ROWS} new incidents, got ${summary.new} (rejected ${summary.rejected})`);
    const rate = ROWS / seconds;
    console.log(`truce import acled: ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en")} rows/s (${target.engine}; each row: source document + incident + claim + 3 audit events)`);
    console.log(`  CPU ${cpuSeconds.toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)}) = ${Math.round(ROWS / cpuSeconds).toLocaleString('en')} rows per CPU-second; the rest of the wall time was spent waiting for a core or the disk`);
    console.log(`ratio to the baseline: ${(rate / (ROWS / base.seconds)).toFixed(4)} (aim ≥ 0.5)`);
    if (floor) console.log(`storage floor: SQLite copying the same rows table to table into a fresh Truce database (same indexes, search triggers, no JavaScript): ${floor.toFixed(1)} s = ${Math.round(ROWS / floor).toLocaleString('en')} rows/s, ratio ${(ROWS / floor / (ROWS / base.seconds)).toFixed(3)} to the baseline: the most this data model allows`);
    console.log(`peak RSS of the importing process: ${Math.round(peak / 1e6)} MB (aim ≤ 300 MB); RSS before the import ${Math.round(rssBefore / 1e6)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
