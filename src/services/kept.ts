// Reports derived from the record (an agreement's dashboard, its compliance), kept in the database with the audit
// head they were computed at (migration 0010). At a million incidents such a report takes seconds to compute and is
// read far more often than the record changes; kept in the database, every server behind a load balancer answers
// from the same copy and a restarted server answers at once. Every write appends an audit event (and a release is
// one too), so a copy whose audit head is not the current one is known to be stale and is never passed off as
// current: the answer says which audit event it reflects and how many changes came after.
import { Worker } from 'node:worker_threads';
import type { DatabaseLocation, Store } from '../store/connect.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';

export type KeptKind = 'overview' | 'compliance';

/** How current a report is: what the reader is told beside the figures. */
export interface Freshness {
  /** when the figures were computed, and the last audit event (change to the record) they include */
  computedAt: string;
  auditSeq: number;
  /** the record has not changed since they were computed */
  current: boolean;
  /** changes to the record (audit events) since; 0 when current */
  changesSince: number;
  /** a newer copy is being computed now: asking again shortly gives it */
  refreshing: boolean;
}

export interface KeptReport<T> {
  /** the report (parsed from `body` when first read) */
  readonly report: T;
  /** the report as kept, JSON: an API can send it as it is (compliance at a million incidents is megabytes) */
  body: string;
  freshness: Freshness;
}

function answer<T>(body: string, f: Freshness): KeptReport<T> {
  let parsed: T | undefined;
  return {
    get report() {
      return (parsed ??= JSON.parse(body) as T);
    },
    body,
    freshness: f,
  };
}

export interface KeptKey {
  kind: KeptKind;
  /** the agreement */
  subject: string;
  /** what else decides the report: the view, and the moment (`now` for the live report) */
  variant: string;
  /** the moment the report is computed for */
  at: string;
  /** the live report ("now"): a copy from an earlier minute is out of date even when the record is unchanged */
  live: boolean;
  /** the dashboard's view (staff or public) */
  view?: 'internal' | 'public';
}

/**
 * The key of a kept report. A moment asked for is kept to the minute, as the live report is redone each minute; the
 * dashboard's view is part of its variant (`internal:now`, `public:2025-10-31T23:59`).
 */
export function keptKey(kind: KeptKind, subject: string, asOf: string | undefined, at: string, view?: 'internal' | 'public'): KeptKey {
  const moment = asOf === undefined ? 'now' : at.slice(0, 16);
  return { kind, subject, variant: kind === 'overview' ? `${view}:${moment}` : moment, at, live: asOf === undefined, ...(kind === 'overview' ? { view } : {}) };
}

/** An agreement's live reports, in the order they are computed together (services/kept-compute.ts). */
export function liveKeys(subject: string, at: string): KeptKey[] {
  return [keptKey('overview', subject, undefined, at, 'internal'), keptKey('overview', subject, undefined, at, 'public'), keptKey('compliance', subject, undefined, at)];
}

/**
 * A computation handed to a worker thread (kept-job.ts): the key and where the database is, and the agreement's
 * other live reports computed in the same job, which share its walk through the incidents.
 */
export interface KeptJob extends KeptKey {
  location: DatabaseLocation;
  alongside?: KeptKey[];
}

/** What a computation hands back to be kept: the report's JSON and, for a worker, what computing it took. */
export interface ComputedBody {
  body: string;
  computeMs: number | null;
}

export interface KeptOptions {
  /**
   * A stale copy is recomputed before answering when its last computation took less than this (ms); when it took
   * longer, the stale copy is answered, marked, and a new one computed in the background — a dashboard at a
   * million incidents answers at once rather than after half a minute. 0: never wait (tests); Infinity: always wait
   * (the CLI, which answers one question and exits).
   */
  waitBelowMs?: number;
}

/** By default a reader waits for a computation that took under two seconds last time. */
export const WAIT_BELOW_MS = 2000;

/** A report whose last computation took this long (ms) or longer is computed in the worker thread (see keptReport). */
const IN_WORKER_FROM_MS = 250;

/** How long a live report stays good per millisecond it took to compute (see keptReport). */
const LIVE_AGE_PER_COMPUTE_MS = 20;

/** Computations under way in this process, so concurrent readers of one stale report start one computation. */
const running = new Map<string, Promise<unknown>>();

/**
 * The kept copy of a report when it is current; otherwise computed (and kept) before answering, or — when the last
 * computation was slow — the stale copy, marked as such, while a new one is computed in the background.
 */
export async function keptReport<T>(store: Store, key: KeptKey, compute: () => Promise<T>, options: KeptOptions = {}): Promise<KeptReport<T>> {
  const waitBelowMs = options.waitBelowMs ?? WAIT_BELOW_MS;
  const head = await auditHeadOf(store.db);
  const row = await store.db
    .selectFrom('keptReports')
    .selectAll()
    .where('kind', '=', key.kind)
    .where('subject', '=', key.subject)
    .where('variant', '=', key.variant)
    .executeTakeFirst();
  if (row) {
    const sameRecord = Number(row.auditSeq) === head.seq && row.auditHash === head.hash;
    const changesSince = Math.max(0, head.seq - Number(row.auditSeq));
    if (sameRecord && sameMoment(row, key)) return answer(row.body, freshness(row, true, 0, false));
    if (Number(row.computeMs) >= waitBelowMs) {
      computeOnce(store, key, compute, { inWorker: true, background: true });
      return answer(row.body, freshness(row, sameRecord, changesSince, true));
    }
  }
  // One that took long enough to hold up a server's other requests is computed in the worker, which also holds the
  // walk it read last time (a change then costs the days it touched: walk-memory.ts); the reader waits for it.
  const kept = await computeOnce(store, key, compute, { inWorker: row !== undefined && Number(row.computeMs) >= IN_WORKER_FROM_MS });
  return answer(kept.body, { computedAt: kept.computedAt, auditSeq: kept.auditSeq, current: true, changesSince: 0, refreshing: false });
}

/**
 * The live report is computed for a moment (deadlines count hours from it; the report says which): it is redone
 * each minute, or — when it takes long to compute — once it is twenty times as old as it took, so a watched
 * dashboard over a million incidents (~24 s) is recomputed every eight minutes, not every minute.
 */
function sameMoment(row: { asOf: string; computeMs: number | null }, key: KeptKey): boolean {
  return !key.live || row.asOf.slice(0, 16) === key.at.slice(0, 16) || Date.parse(key.at) - Date.parse(row.asOf) < LIVE_AGE_PER_COMPUTE_MS * Number(row.computeMs);
}

function freshness(row: { computedAt: string; auditSeq: number }, current: boolean, changesSince: number, refreshing: boolean): Freshness {
  return { computedAt: row.computedAt, auditSeq: Number(row.auditSeq), current, changesSince, refreshing };
}

interface Computed {
  body: string;
  computedAt: string;
  auditSeq: number;
}

function runningId(store: Store, key: KeptKey): string {
  return `${store.describe}\u0000${key.kind}\u0000${key.subject}\u0000${key.variant}`;
}

function computeOnce<T>(store: Store, key: KeptKey, compute: () => Promise<T>, how: { inWorker?: boolean; background?: boolean } = {}): Promise<Computed> {
  const id = runningId(store, key);
  const under = running.get(id);
  if (under) return under as Promise<Computed>;
  // A slow computation runs in the worker thread with its own connection: seconds of synchronous SQLite work on the
  // server's own thread would hold up every other request meanwhile.
  const job = (
    how.inWorker ? inWorkerAlongside(store, key, !how.background) : keepTogether(store, [key], async () => [{ body: JSON.stringify(await compute()), computeMs: null }]).then((kept) => kept[0]!)
  ).finally(() => running.delete(id));
  running.set(id, job);
  if (how.background) {
    job.catch((err: unknown) => {
      // Nobody awaits a background computation: say once what failed; the next reader tries again.
      console.error(`truce: computing the ${key.kind} of ${key.subject} (${key.variant}) failed: ${(err as Error).message}`);
    });
  }
  return job;
}

/**
 * A live report computed in a worker together with the agreement's other live reports that readers have asked for
 * and that are out of date too: one change to the record makes them all stale, and computed one job each they
 * would walk a million incidents once per report (the dashboard's walk serves compliance: ~6 s of CPU saved).
 * Readers of those reports meanwhile wait for this job rather than start their own.
 */
async function inWorkerAlongside(store: Store, key: KeptKey, awaited: boolean): Promise<Computed> {
  const alongside = key.live ? await staleAlongside(store, key) : [];
  const all = keepTogether(store, [key, ...alongside], () => inWorker({ ...key, location: store.location, alongside }, awaited));
  alongside.forEach((k, n) => {
    const id = runningId(store, k);
    const theirs = all.then((kept) => kept[n + 1]!).finally(() => running.delete(id));
    theirs.catch(() => undefined); // failure is reported once, for the report that started the job
    running.set(id, theirs);
  });
  return (await all)[0]!;
}

/** The agreement's other live reports that are kept, out of date, and not being computed already. */
async function staleAlongside(store: Store, key: KeptKey): Promise<KeptKey[]> {
  const head = await auditHeadOf(store.db);
  const others = liveKeys(key.subject, key.at).filter((k) => k.variant !== key.variant || k.kind !== key.kind);
  const rows = await store.db
    .selectFrom('keptReports')
    .select(['kind', 'variant', 'auditSeq', 'auditHash', 'asOf', 'computeMs'])
    .where('subject', '=', key.subject)
    .where('variant', 'in', others.map((k) => k.variant))
    .execute();
  return others.filter((k) => {
    if (running.has(runningId(store, k))) return false;
    const row = rows.find((r) => r.kind === k.kind && r.variant === k.variant);
    return row !== undefined && !(Number(row.auditSeq) === head.seq && row.auditHash === head.hash && sameMoment(row, k));
  });
}

/**
 * Runs a computation in the worker thread (kept-worker.mjs → kept-job.ts) and resolves with each report's JSON. One
 * worker serves the process, started at the first job: it holds the agreement walks it read, so the job after a
 * change reads only the days the change touched (walk-memory.ts), and a thread is not started per job.
 */
function inWorker(job: KeptJob, awaited: boolean): Promise<ComputedBody[]> {
  return new Promise((resolve, reject) => {
    if (!worker) {
      const started: WorkerThread = { thread: new Worker(WORKER), pending: new Map() };
      started.thread.on('message', (m: { n: number; reports?: ComputedBody[]; error?: string }) => {
        const waiting = started.pending.get(m.n);
        started.pending.delete(m.n);
        holdWhileAwaited(started);
        if (m.error !== undefined) waiting?.reject(new Error(m.error));
        else waiting?.resolve(m.reports!);
      });
      // A worker that fails or stops fails its jobs; the next job starts another.
      const fail = (err: Error) => {
        if (worker === started) worker = null;
        for (const waiting of started.pending.values()) waiting.reject(err);
        started.pending.clear();
      };
      started.thread.on('error', fail);
      started.thread.on('exit', (code) => fail(new Error(`the worker computing it stopped (exit code ${code}) before answering`)));
      worker = started;
    }
    const n = ++jobs;
    worker.pending.set(n, { resolve, reject, awaited });
    holdWhileAwaited(worker);
    worker.thread.postMessage({ ...job, n });
  });
}

interface WorkerThread {
  thread: Worker;
  pending: Map<number, { resolve(r: ComputedBody[]): void; reject(e: Error): void; awaited: boolean }>;
}

/**
 * The worker keeps the process alive only while someone awaits one of its jobs (a CLI command waiting for figures):
 * a server shutting down does not wait for background figures nobody is waiting for; the next reader asks again.
 * (Set after its listeners: adding a message listener refs the thread again.)
 */
function holdWhileAwaited(w: WorkerThread): void {
  if ([...w.pending.values()].some((p) => p.awaited)) w.thread.ref();
  else w.thread.unref();
}

let worker: WorkerThread | null = null;
let jobs = 0;

const WORKER = new URL('./kept-worker.mjs', import.meta.url);

/**
 * Computes reports together and keeps each with the audit head read before computing. Each is kept with what the
 * whole computation took (for one alone, its own time): a report computed alongside others cost little only because
 * they walked the record for it, and a reader deciding whether to wait for the next one must expect the full cost.
 */
export async function keepTogether(store: Store, keys: readonly KeptKey[], compute: () => Promise<ComputedBody[]>): Promise<Computed[]> {
  // The head is read before computing: a change landing meanwhile leaves the copy marked older than it may be,
  // so it is recomputed on the next read rather than passed off as including that change.
  const head = await auditHeadOf(store.db);
  const started = performance.now();
  const computed = await compute();
  // The worker's own figures when there are: its start-up is not the reports' cost.
  const computeMs = computed.every((c) => c.computeMs !== null) ? computed.reduce((sum, c) => sum + c.computeMs!, 0) : Math.round(performance.now() - started);
  const computedAt = new Date().toISOString();
  const kept: Computed[] = [];
  for (const [n, key] of keys.entries()) {
    const body = computed[n]!.body;
    await keep(store, key, { body, computedAt, computeMs, head });
    // Answered as a kept copy is (parsed from its JSON), so the first answer and every later one are the same.
    kept.push({ body, computedAt, auditSeq: head.seq });
  }
  return kept;
}

async function keep(store: Store, key: KeptKey, c: { body: string; computedAt: string; computeMs: number; head: { seq: number; hash: string } }): Promise<void> {
  const { body, computedAt, computeMs, head } = c;
  const row = { kind: key.kind, subject: key.subject, variant: key.variant, auditSeq: head.seq, auditHash: head.hash, asOf: key.at, computedAt, computeMs, body };
  try {
    await store.db
      .insertInto('keptReports')
      .values(row)
      // Two servers computing at once: the copy of the later record wins, whichever finishes last.
      .onConflict((oc) =>
        oc
          .columns(['kind', 'subject', 'variant'])
          .doUpdateSet({ auditSeq: head.seq, auditHash: head.hash, asOf: key.at, computedAt, computeMs, body })
          .where('keptReports.auditSeq', '<=', head.seq),
      )
      .execute();
    if (!key.live) {
      // Reports for a chosen moment accumulate one per moment asked; those not recomputed for a day go (the live
      // ones, `now` and `<view>:now`, stay: they tell which reports to refresh together).
      const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
      await store.db.deleteFrom('keptReports').where('kind', '=', key.kind).where('subject', '=', key.subject).where('variant', 'not like', '%now').where('computedAt', '<', dayAgo).execute();
    }
  } catch (err) {
    // A read-only replica answers with what it computed; the primary's servers keep the copies.
    if (!isReadOnly(err)) throw err;
  }
}

function isReadOnly(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '25006' || code === 'SQLITE_READONLY';
}
