// Importing a dataset file: each good row becomes a dataset-row source document plus what it says (an incident
// with its claim, or series points), all in one transaction with their audit events. Rows are committed in
// batches for speed; a killed import leaves only whole rows, and a re-run finds them held (by the row's content
// hash and the dataset's own id) and completes without duplicates. Bad rows are reported and written to a rejects
// file the user can fix and import again; good rows still land.
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { sql } from 'kysely';
import { basename, join } from 'node:path';
import { canonicalJson } from '../domain/audit.ts';
import { invalidInput, UserError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import type { Series } from '../domain/series.ts';
import { contentHash, type SourceDocument } from '../domain/source.ts';
import { csvLine } from '../formats/csv.ts';
import { type ImportFormat, openImportFile } from '../formats/read.ts';
import type { IncidentRow, Rejection, RowDocument, SeriesRow } from '../formats/records.ts';
import { getAgreement } from '../store/repositories/agreements.ts';
import { getIncidentsByExternalId } from '../store/repositories/incidents.ts';
import { getSeries } from '../store/repositories/series.ts';
import type { Context } from './context.ts';
import { addClaimsIn, addSourceDocumentIn, addSourceDocumentsIn, createIncidentsIn, defineSeriesIn, recordSeriesPointIn, updateIncidentIn, updateSeriesIn } from './records.ts';
import { type Step, type Write, writeInSteps } from './write.ts';

export type RowOutcome = 'new' | 'updated' | 'unchanged';

export interface ImportSummary {
  format: ImportFormat;
  file: string;
  holds: 'incidents' | 'series';
  rows: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Series imports: the points behind the rows. */
  points: { new: number; updated: number; unchanged: number };
  rejectsFile: string | null;
  dryRun: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Incidents imported are monitored under this agreement. */
  agreementId?: string | null;
  /** Rows per batch: read, written and let go together. */
  batchSize?: number;
  /** Batches per transaction (each under its own savepoint). */
  batchesPerTransaction?: number;
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
  onReject?: (r: Rejection, file: string) => void;
}

class DryRunRollback extends Error {}

export async function importFile(ctx: Context, format: ImportFormat, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const agreementId = options.agreementId ?? null;
  if (agreementId && !(await getAgreement(ctx.store.db, agreementId))) throw invalidInput(`no agreement "${agreementId}" is held; load it first (truce agreement load) or leave out --agreement`, 'agreement');
  const source = await openImportFile(format, file);
  const summary: ImportSummary = { format, file, holds: source.holds, rows: 0, new: 0, updated: 0, unchanged: 0, rejected: 0, points: { new: 0, updated: 0, unchanged: 0 }, rejectsFile: null, dryRun: options.dryRun === true };
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const batchesPerTransaction = Math.max(1, options.batchesPerTransaction ?? BATCHES_PER_TRANSACTION);
  const why = (line: number) => `import ${format} ${basename(file)}:${line}`;
  const definedSeries = new Set<string>();

  let rejects: WriteStream | null = null;
  let rejectsJson = 0;
  const reject = async (r: Rejection) => {
    summary.rejected++;
    options.onReject?.(r, file);
    if (summary.dryRun) return;
    if (!rejects) {
      const opened = openRejectsFile(`${file}.rejects.${source.rejectsKind}`);
      summary.rejectsFile = opened.path;
      rejects = createWriteStream('', { fd: opened.fd });
      if (source.rejectsKind === 'csv') for (const h of source.rejectsHeader) rejects.write(csvLine(h));
      else rejects.write(source.rejectsWrap[0]);
    }
    const reason = `line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.reason}`;
    const ok = source.rejectsKind === 'csv' ? rejects.write(csvLine([...r.values, reason])) : rejects.write(`${rejectsJson++ ? ',\n' : ''}${r.values[0] ?? 'null'}`);
    if (!ok) await new Promise<void>((res) => rejects!.once('drain', () => res()));
  };

  type Row = (IncidentRow | SeriesRow) & { raw: string[] };
  const count = (o: RowOutcome) => {
    summary[o]++;
  };

  // A file holds incident rows or series rows, never both: a batch goes to one of the two.
  const apply = (w: Write, rows: (IncidentRow | SeriesRow)[], pending: Set<string>): Promise<RowOutcome[]> =>
    source.holds === 'incidents'
      ? applyIncidents(w, rows as IncidentRow[], agreementId, (r) => why(r.line))
      : sequential(rows as SeriesRow[], (r) => applySeries(w, r, definedSeries, pending, why(r.line), summary.points, agreementId));

  // One batch as one step of the transaction: all its rows, or (when the store refuses one row the parser passed)
  // each row as its own step, so only that row is rejected.
  const applyBatch = async (step: Step, rows: Row[]) => {
    const pointsBefore = { ...summary.points };
    const pending = new Set<string>();
    try {
      const outcomes = await step((w) => apply(w, rows, pending));
      outcomes.forEach(count);
      // A dry run rolls its series definitions back at the end: they are looked up again in the next transaction.
      if (!summary.dryRun) for (const id of pending) definedSeries.add(id);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      summary.points = pointsBefore;
      for (const r of rows) {
        const mine = new Set<string>();
        try {
          (await step((w) => apply(w, [r], mine))).forEach(count);
          if (!summary.dryRun) for (const id of mine) definedSeries.add(id);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          await reject({ kind: 'rejected', line: r.line, column: e.field ?? null, reason: e.message, values: r.raw });
        }
      }
    }
  };

  // The file's rows, a batch at a time. The same event twice in one file ends a batch, so the earlier version is
  // written first and the later one updates it.
  const rows = source.rows[Symbol.asyncIterator]();
  let carried: Row | null = null;
  let ended = false;
  const nextBatch = async (): Promise<Row[]> => {
    const batch: Row[] = [];
    const ids = new Set<string>();
    if (carried) {
      batch.push(carried);
      if (carried.kind === 'incident') ids.add(carried.externalId);
      carried = null;
    }
    while (!ended && batch.length < batchSize) {
      const next = await rows.next();
      if (next.done) {
        ended = true;
        break;
      }
      const row = next.value;
      summary.rows++;
      if (summary.rows % 100 === 0) options.onProgress?.({ rows: summary.rows, bytes: row.bytes, totalBytes: source.totalBytes });
      if (row.kind === 'rejected') {
        await reject(row);
        continue;
      }
      if (row.kind === 'incident' && ids.has(row.externalId)) {
        carried = row;
        break;
      }
      if (row.kind === 'incident') ids.add(row.externalId);
      batch.push(row);
    }
    return batch;
  };

  let restore = async () => {};
  try {
    restore = await tuneForImport(ctx);
    // Several batches per transaction: fewer commits, and an index page changed by several batches is written once,
    // while only one batch of rows is held at a time. A crash loses at most the transaction under way, whose rows
    // a re-run finds missing and adds.
    let batch = await nextBatch();
    while (batch.length > 0) {
      await inTransactionOf(ctx, summary.dryRun, async (step) => {
        for (let n = 1; batch.length > 0; n++) {
          await applyBatch(step, batch);
          batch = [];
          if (n >= batchesPerTransaction) break;
          batch = await nextBatch();
        }
      });
      if (batch.length === 0) batch = await nextBatch();
    }
    options.onProgress?.({ rows: summary.rows, bytes: source.totalBytes, totalBytes: source.totalBytes });
  } finally {
    await restore().catch(() => undefined);
    const r = rejects as WriteStream | null;
    if (r) {
      if (source.rejectsKind === 'json') r.write(source.rejectsWrap[1]);
      await new Promise<void>((res) => r.end(res));
    }
  }
  return summary;
}

/**
 * SQLite settings for the length of an import, put back after it (neither touches durability: what a commit
 * guarantees is unchanged). Statement journals in memory: each multi-row insert keeps the pages it changes until it
 * completes, and with the default (a temporary file) that doubled what an import wrote to disk (1.25 GB of writes
 * for a 135 MB database at 20k rows; 0.63 GB in memory). A longer write-ahead log between checkpoints: an index page
 * changed by several batches is copied into the database file once instead of once per batch. A smaller page cache
 * (the connection's 32 MB serves reads): an import touches index pages all over the file, which the system's file
 * cache holds as well, so a large private cache only adds to the importing process's memory (peak RSS at 100k rows
 * 277 → 247 MB, at 1M 302 → 281 MB; CPU per row within 3%: bench/RESULTS.md item 22).
 */
async function tuneForImport(ctx: Context): Promise<() => Promise<void>> {
  if (ctx.store.engine !== 'sqlite') return async () => {};
  const db = ctx.store.db;
  const read = async (name: string) => Number(Object.values((await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] as object)[0]);
  const before = { temp_store: await read('temp_store'), wal_autocheckpoint: await read('wal_autocheckpoint'), cache_size: await read('cache_size') };
  await sql.raw('PRAGMA temp_store = MEMORY').execute(db);
  await sql.raw(`PRAGMA cache_size = -${IMPORT_CACHE_KB}`).execute(db);
  await sql.raw(`PRAGMA wal_autocheckpoint = ${before.wal_autocheckpoint > 0 ? Math.max(before.wal_autocheckpoint, IMPORT_CHECKPOINT_PAGES) : 0}`).execute(db);
  return async () => {
    await sql.raw(`PRAGMA temp_store = ${before.temp_store}`).execute(db);
    await sql.raw(`PRAGMA wal_autocheckpoint = ${before.wal_autocheckpoint}`).execute(db);
    await sql.raw(`PRAGMA cache_size = ${before.cache_size}`).execute(db);
  };
}

/** Pages of write-ahead log between SQLite checkpoints during an import (32 MB at 4 KB pages; the default is 1,000). */
const IMPORT_CHECKPOINT_PAGES = 8192;

/** SQLite's page cache during an import, in KB. */
const IMPORT_CACHE_KB = 8192;

/** Beside the imported file, or in the working directory when that folder cannot be written. */
function openRejectsFile(path: string): { path: string; fd: number } {
  try {
    return { path, fd: openSync(path, 'w') };
  } catch {
    const here = join(process.cwd(), basename(path));
    return { path: here, fd: openSync(here, 'w') };
  }
}

async function sequential<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const t of items) out.push(await fn(t));
  return out;
}

/**
 * Batches of an import written together in one transaction (see writeInSteps): fewer commits rewrite fewer index
 * pages, but each open batch's savepoint journal is held in memory. 4 ran as fast as 8 at 100k rows with 5–7 MB
 * less at the peak (bench/RESULTS.md item 19), which keeps room under the 300 MB aim.
 */
const BATCHES_PER_TRANSACTION = 4;

/** One transaction of steps; in a dry run it is rolled back after computing what would change. */
async function inTransactionOf(ctx: Context, dryRun: boolean, fn: (step: Step) => Promise<void>): Promise<void> {
  if (!dryRun) return writeInSteps(ctx, fn);
  try {
    await writeInSteps(ctx, async (step) => {
      await fn(step);
      throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
}

function documentFields(d: RowDocument, at: string) {
  return { kind: 'dataset-row' as const, url: d.url, title: d.title, publisher: d.publisher, publishedAt: d.publishedAt, retrievedAt: at, language: 'en', text: d.text, contentHash: contentHash(d.text), sensitivity: 'public' as const, reliability: null };
}

const MODELLED = ['date', 'dateEnd', 'datePrecision', 'location', 'eventType', 'subEventType', 'actor1', 'actor2', 'killed', 'injured', 'notes'] as const;

function sameFields(held: Incident, row: IncidentRow['incident']): boolean {
  return MODELLED.every((k) => canonicalJson(held[k] ?? null) === canonicalJson(row[k] ?? null));
}

/**
 * A row already held (same text) is unchanged, whatever analysts have since done to its incident. A new version
 * of a held event (same dataset id, different text) updates the incident's fields and adds its claim beside the
 * earlier ones; review status and grade stay as the analysts left them. A batch of rows is written together:
 * what is held is read in one query per table and what is new in multi-row statements, so a row costs a share of
 * a few statements rather than several of its own. The caller gives each dataset id at most once per batch.
 */
export async function applyIncidents(w: Write, rows: readonly IncidentRow[], agreementId: string | null, why: (row: IncidentRow) => string): Promise<RowOutcome[]> {
  const documents = await addSourceDocumentsIn(
    w,
    rows.map((r) => ({ document: documentFields(r.document, w.at), why: why(r) })),
  );
  const held = await getIncidentsByExternalId(
    w.tx,
    rows.map((r) => r.externalId),
  );
  const outcomes: RowOutcome[] = rows.map((r, i) => (!held.has(r.externalId) ? 'new' : documents[i]!.created ? 'updated' : 'unchanged'));
  const fresh = rows.flatMap((r, i) => (outcomes[i] === 'new' ? [{ incident: { ...r.incident, agreementId, status: 'draft' as const, grade: null, gradeReason: null, provisions: [], spatial: [] }, externalId: r.externalId, why: why(r) }] : []));
  const created = new Map((await createIncidentsIn(w, fresh)).map((inc, k) => [fresh[k]!.externalId, inc.id]));
  const claims = [];
  const reports = new Map<string, SourceDocument>();
  for (const [i, row] of rows.entries()) {
    if (outcomes[i] === 'unchanged') continue;
    const document = documents[i]!.document;
    reports.set(document.id, document);
    let incidentId = created.get(row.externalId);
    if (!incidentId) {
      const inc = held.get(row.externalId)!;
      incidentId = inc.id;
      const patch: Partial<Incident> = sameFields(inc, row.incident) ? {} : { ...row.incident };
      if (agreementId && inc.agreementId !== agreementId) patch.agreementId = agreementId;
      if (Object.keys(patch).length > 0) await updateIncidentIn(w, inc.id, inc.version, patch, `${why(row)}: the dataset revised this event`);
    }
    claims.push({ claim: { kind: 'incident' as const, sourceDocumentId: document.id, claimantId: null, claimantName: row.claim.claimantName, claimedAt: row.claim.claimedAt, evidence: row.claim.evidence, incidentId, status: 'draft' as const, body: row.claim.body }, why: why(row) });
  }
  await addClaimsIn(w, claims, reports);
  return outcomes;
}

/**
 * A series is defined when first met, or looked up when held. Its agreements (the row's, and `--agreement`) are
 * added to a held series' links, and a held series without a territory takes the row's: the series then lists
 * under those agreements' tallies. The first row of a series in a file speaks for it.
 */
export async function applySeries(w: Write, row: SeriesRow, defined: Set<string>, pending: Set<string>, why: string, points: ImportSummary['points'], agreementId: string | null = null): Promise<RowOutcome> {
  const doc = row.document ? (await addSourceDocumentIn(w, documentFields(row.document, w.at), why)).document : null;
  const outcomes: RowOutcome[] = [];
  for (const p of row.points) {
    if (!defined.has(p.series.id) && !pending.has(p.series.id)) {
      const links = [...new Set([...(p.series.agreements ?? []), ...(agreementId ? [agreementId] : [])])];
      for (const a of links) if (a !== agreementId && !(await getAgreement(w.tx, a))) throw invalidInput(`agreement "${a}" is not held; load it first (truce agreement load) or correct the agreement column`, 'agreement');
      const held = await getSeries(w.tx, p.series.id);
      if (!held) await defineSeriesIn(w, { ...p.series, territory: p.series.territory ?? null, ...(links.length ? { agreements: links } : {}) }, why);
      else {
        const missing = links.filter((a) => !(held.agreements ?? []).includes(a));
        const patch: Partial<Series> = {};
        if (missing.length) patch.agreements = [...(held.agreements ?? []), ...missing];
        if (held.territory === null && p.series.territory) patch.territory = p.series.territory;
        if (Object.keys(patch).length) await updateSeriesIn(w, held.id, held.version, patch, `${why}: ${missing.length ? `linked to ${missing.join(', ')}` : `territory ${patch.territory}`}`);
      }
      pending.add(p.series.id);
    }
    const o = await recordSeriesPointIn(w, { seriesId: p.series.id, date: p.date, value: p.value, sourceDocumentId: doc?.id ?? null, note: p.note }, why);
    points[o]++;
    outcomes.push(o);
  }
  return outcomes.includes('new') ? 'new' : outcomes.includes('updated') ? 'updated' : 'unchanged';
}
