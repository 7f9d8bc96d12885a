// Releases: numbered, citable snapshots of what the public may see. A release freezes the published incidents,
// public source documents, agreements and series as presented to the public (protected sources and protected
// fields already removed), with a SHA-256 over that content and the audit log's head at that moment, so anyone can
// cite "release N" and check later that nothing in it moved. The public API serves the latest release.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/audit.ts';
import { UserError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import type { SourceDocument } from '../domain/source.ts';
import type { Queryable } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';
import { listAgreements } from '../store/repositories/agreements.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';
import { listIncidents } from '../store/repositories/incidents.ts';
import { listSeries } from '../store/repositories/series.ts';
import { listSourceDocuments } from '../store/repositories/source-documents.ts';
import type { Engine } from '../store/engine.ts';
import type { Context } from './context.ts';
import { write } from './write.ts';

/** An incident as the public sees it: no staff names; notes only when no protected source stands behind it. */
export type PublicIncident = Omit<Incident, 'createdBy' | 'updatedBy'>;
/** A source document as the public sees it: its description, not its text. */
export type PublicSource = Omit<SourceDocument, 'text' | 'sensitivity' | 'reliability' | 'version'>;

export interface ReleaseSnapshot {
  incidents: PublicIncident[];
  sources: PublicSource[];
  agreements: Array<{ id: string; version: number; title: string }>;
  series: Array<{ id: string; version: number }>;
}

export interface Release {
  number: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  /** SHA-256 over the canonical JSON of the snapshot. */
  contentHash: string;
  auditSeq: number;
  auditHead: string;
  counts: { incidents: number; sources: number; agreements: number; series: number };
}

/**
 * The public form of an incident. `protectedSourceBehind` says whether any claim attached to it comes from a
 * protected source: then free-text notes, which may paraphrase that source, are withheld.
 */
export function presentIncident(i: Incident, protectedSourceBehind: boolean): PublicIncident {
  const { createdBy: _c, updatedBy: _u, ...rest } = i;
  return { ...rest, notes: protectedSourceBehind ? null : i.notes };
}

export function presentSource(d: SourceDocument): PublicSource | null {
  if (d.sensitivity !== 'public') return null;
  const { text: _t, sensitivity: _s, reliability: _r, version: _v, ...rest } = d;
  return rest;
}

/** Ids of incidents that any claim from a protected source is attached to. */
export async function incidentsWithProtectedSources(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('claims')
    .innerJoin('sourceDocuments', 'sourceDocuments.id', 'claims.sourceDocumentId')
    .select('claims.incidentId')
    .where('sourceDocuments.sensitivity', '!=', 'public')
    .where('claims.incidentId', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.incidentId!).filter(Boolean));
}

export async function buildSnapshot(db: Queryable, engine: Engine): Promise<ReleaseSnapshot> {
  const incidents: PublicIncident[] = [];
  let after: string | undefined;
  do {
    const page = await listIncidents(db, engine, { status: ['published'], limit: 1000, after });
    const withProtected = await incidentsWithProtectedSources(db, page.incidents.map((i) => i.id));
    for (const i of page.incidents) incidents.push(presentIncident(i, withProtected.has(i.id)));
    after = page.next ?? undefined;
  } while (after);
  const sources = (await listSourceDocuments(db, engine, { sensitivity: 'public', limit: 1_000_000 })).map(presentSource).filter((s): s is PublicSource => s !== null);
  const agreements = (await listAgreements(db)).map((a) => ({ id: a.id, version: a.version, title: a.title }));
  const series = (await listSeries(db)).map((s) => ({ id: s.id, version: s.version }));
  return { incidents, sources, agreements, series };
}

const fromRow = (r: { number: number; createdAt: string; createdBy: string; note: string | null; contentHash: string; auditSeq: number; auditHead: string; counts: string }): Release => ({
  number: Number(r.number),
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  note: r.note,
  contentHash: r.contentHash,
  auditSeq: Number(r.auditSeq),
  auditHead: r.auditHead,
  counts: fromJson(r.counts, { incidents: 0, sources: 0, agreements: 0, series: 0 }),
});

const COLUMNS = ['number', 'createdAt', 'createdBy', 'note', 'contentHash', 'auditSeq', 'auditHead', 'counts'] as const;

/** Freezes the published record as the next release. Runs under the write lock, so numbers never collide. */
export async function createRelease(ctx: Context, note: string | null = null): Promise<Release> {
  return write(ctx, async (w) => {
    const snapshot = await buildSnapshot(w.tx, ctx.store.engine);
    const contentHash = createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
    const last = await w.tx.selectFrom('releases').select('number').orderBy('number', 'desc').limit(1).executeTakeFirst();
    // The head before this release's own audit event: the release cites the history it was made from.
    const head = await auditHeadOf(w.tx);
    const release: Release = {
      number: last ? Number(last.number) + 1 : 1,
      createdAt: w.at,
      createdBy: w.actor,
      note,
      contentHash,
      auditSeq: head.seq,
      auditHead: head.hash,
      counts: { incidents: snapshot.incidents.length, sources: snapshot.sources.length, agreements: snapshot.agreements.length, series: snapshot.series.length },
    };
    await w.tx.insertInto('releases').values({ ...release, counts: toJson(release.counts), snapshot: toJson(snapshot) }).execute();
    await w.audit('release', String(release.number), 'create', null, { ...release }, note);
    return release;
  });
}

export async function listReleases(db: Queryable): Promise<Release[]> {
  return (await db.selectFrom('releases').select([...COLUMNS]).orderBy('number', 'desc').execute()).map(fromRow);
}

export async function getRelease(db: Queryable, n: number): Promise<Release> {
  const r = await db.selectFrom('releases').select([...COLUMNS]).where('number', '=', n).executeTakeFirst();
  if (!r) throw new UserError('not-found', `there is no release ${n}; see GET /api/releases`);
  return fromRow(r);
}

/**
 * The latest release with its snapshot. A snapshot never changes once made, and two with one content hash hold the
 * same content, so the one read last is held (frozen: every public reader shares it) and read again only when the
 * latest release's hash differs. Parsing it for every public request cost 5.3–5.8 s and ~500 MB at a million
 * incidents (a 159 MB snapshot of 199k published incidents); concurrent first readers share one read.
 */
export async function latestRelease(db: Queryable): Promise<{ release: Release; snapshot: ReleaseSnapshot } | null> {
  const r = await db.selectFrom('releases').select([...COLUMNS]).orderBy('number', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  if (heldSnapshot?.contentHash !== r.contentHash) {
    const reading = (async () => {
      const row = await db.selectFrom('releases').select('snapshot').where('number', '=', r.number).executeTakeFirstOrThrow();
      return deepFreeze(fromJson<ReleaseSnapshot>(row.snapshot, { incidents: [], sources: [], agreements: [], series: [] }));
    })();
    heldSnapshot = { contentHash: r.contentHash, snapshot: reading };
    // A failed read is not held: the next reader tries again.
    reading.catch(() => {
      if (heldSnapshot?.snapshot === reading) heldSnapshot = null;
    });
  }
  return { release: fromRow(r), snapshot: await heldSnapshot.snapshot };
}

let heldSnapshot: { contentHash: string; snapshot: Promise<ReleaseSnapshot> } | null = null;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Recomputes a release's content hash from its stored snapshot: false means the release row was altered. */
export async function releaseIntact(db: Queryable, n: number): Promise<boolean> {
  const r = await db.selectFrom('releases').select(['contentHash', 'snapshot']).where('number', '=', n).executeTakeFirst();
  if (!r) throw new UserError('not-found', `there is no release ${n}`);
  return createHash('sha256').update(canonicalJson(fromJson(r.snapshot, {}))).digest('hex') === r.contentHash;
}
