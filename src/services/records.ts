// Use cases that create and change the core records (actors, users, source documents, claims, incidents,
// series). Each runs in one transaction with its audit event; the review and ingest workflows build on these.
import type { Actor } from '../domain/actor.ts';
import type { Claim } from '../domain/claim.ts';
import { invalidInput } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import { assertValidIncident } from '../domain/incident.ts';
import type { Series, SeriesPoint } from '../domain/series.ts';
import type { SourceDocument } from '../domain/source.ts';
import type { User } from '../domain/user.ts';
import * as actors from '../store/repositories/actors.ts';
import * as claims from '../store/repositories/claims.ts';
import * as incidents from '../store/repositories/incidents.ts';
import * as series from '../store/repositories/series.ts';
import * as sources from '../store/repositories/source-documents.ts';
import * as users from '../store/repositories/users.ts';
import type { Context } from './context.ts';
import type { Write } from './write.ts';
import { changeRecord, write } from './write.ts';

type Fields<T> = Omit<T, 'version'>;
const snapshot = (o: object): Record<string, unknown> => ({ ...o }) as Record<string, unknown>;

// ---- actors ------------------------------------------------------------------------------------------------
export async function createActor(ctx: Context, a: Fields<Actor>, why?: string): Promise<Actor> {
  return write(ctx, async (w) => {
    const actor = { ...a, version: 1 };
    await actors.insertActor(w.tx, actor, w.at);
    await w.audit('actor', a.id, 'create', null, snapshot(a), why);
    return actor;
  });
}

export async function updateActor(ctx: Context, id: string, expectedVersion: number, patch: Partial<Fields<Actor>>, why?: string): Promise<Actor> {
  return write(ctx, (w) => changeRecord(w, { entity: 'actor', id, expectedVersion, why: why ?? null, load: actors.getActor, save: (tx, a) => actors.updateActor(tx, a, w.at), patch: (c) => ({ ...c, ...patch }) }));
}

// ---- users -------------------------------------------------------------------------------------------------
export async function createUser(ctx: Context, u: Omit<Fields<User>, 'id'>, why?: string): Promise<User> {
  if (u.role === 'liaison' && !u.partyId) throw invalidInput('a liaison speaks for one party: give --party', 'partyId');
  return write(ctx, async (w) => {
    if (await users.getUserByName(w.tx, u.name)) throw invalidInput(`a user named "${u.name}" already exists; pick another name`, 'name');
    const user = { ...u, id: ctx.newId('usr'), version: 1 };
    await users.insertUser(w.tx, user, w.at);
    await w.audit('user', user.id, 'create', null, snapshot(user), why);
    return user;
  });
}

export async function updateUser(ctx: Context, id: string, expectedVersion: number, patch: Partial<Omit<Fields<User>, 'id'>>, why?: string): Promise<User> {
  return write(ctx, (w) => changeRecord(w, { entity: 'user', id, expectedVersion, why: why ?? null, load: users.getUser, save: (tx, u) => users.updateUser(tx, u, w.at), patch: (c) => ({ ...c, ...patch }) }));
}

// ---- source documents --------------------------------------------------------------------------------------
/**
 * Adds a report unless the same text is already held (same content hash). Returns the document held and whether
 * it was new, so ingesting the same file twice adds nothing.
 */
export async function addSourceDocument(ctx: Context, d: Omit<Fields<SourceDocument>, 'id'>, why?: string): Promise<{ document: SourceDocument; created: boolean }> {
  return write(ctx, (w) => addSourceDocumentIn(w, d, why));
}

/** `addSourceDocument` inside a caller's transaction, so a document and what is drawn from it land together. */
export async function addSourceDocumentIn(w: Write, d: Omit<Fields<SourceDocument>, 'id'>, why?: string): Promise<{ document: SourceDocument; created: boolean }> {
  return (await addSourceDocumentsIn(w, [{ document: d, why }]))[0]!;
}

/**
 * Many reports in one go (an import batch): the held ones are found in one query and the new ones written in
 * multi-row statements. A text given twice is added once; the second is answered with the first, as held.
 */
export async function addSourceDocumentsIn(w: Write, items: readonly { document: Omit<Fields<SourceDocument>, 'id'>; why?: string | null }[]): Promise<{ document: SourceDocument; created: boolean }[]> {
  const held = await sources.getSourceDocumentsByHash(
    w.tx,
    items.map((i) => i.document.contentHash),
  );
  const added: SourceDocument[] = [];
  const out = [];
  for (const { document: d, why } of items) {
    const known = held.get(d.contentHash);
    if (known) {
      out.push({ document: known, created: false });
      continue;
    }
    const document = { ...d, id: w.newId('doc'), version: 1 };
    held.set(d.contentHash, document);
    added.push(document);
    out.push({ document, created: true });
    // The text itself is not copied into the audit log: the hash identifies it.
    const { text: _text, ...meta } = document;
    await w.audit('source-document', document.id, 'create', null, snapshot(meta), why);
  }
  await sources.insertSourceDocuments(w.tx, added, w.at);
  return out;
}

export async function updateSourceDocument(ctx: Context, id: string, expectedVersion: number, patch: Partial<Omit<Fields<SourceDocument>, 'id' | 'text' | 'contentHash'>>, why?: string): Promise<SourceDocument> {
  return write(ctx, (w) => changeRecord(w, { entity: 'source-document', id, expectedVersion, why: why ?? null, load: sources.getSourceDocument, save: (tx, d) => sources.updateSourceDocument(tx, d, w.at), patch: (c) => ({ ...c, ...patch }) }));
}

// ---- claims ------------------------------------------------------------------------------------------------
export async function addClaim(ctx: Context, c: Omit<Fields<Claim>, 'id'>, why?: string): Promise<Claim> {
  return write(ctx, (w) => addClaimIn(w, c, why));
}

export async function addClaimIn(w: Write, c: Omit<Fields<Claim>, 'id'>, why?: string): Promise<Claim> {
  return (await addClaimsIn(w, [{ claim: c, why }]))[0]!;
}

/**
 * Many claims in one go (an import batch). Each is checked against its report (which must be held, and whose text
 * must hold the evidence span word for word); reports the caller already has in hand are not read again.
 */
export async function addClaimsIn(w: Write, items: readonly { claim: Omit<Fields<Claim>, 'id'>; why?: string | null }[], reports: ReadonlyMap<string, SourceDocument> = new Map()): Promise<Claim[]> {
  const missing = items.map((i) => i.claim.sourceDocumentId).filter((id) => !reports.has(id));
  const loaded = missing.length > 0 ? await sources.getSourceDocuments(w.tx, missing) : new Map<string, SourceDocument>();
  const out: Claim[] = [];
  for (const { claim: c, why } of items) {
    if (c.kind !== c.body.kind && !(c.kind === 'denial' && c.body.kind === 'accusation')) {
      throw invalidInput(`a ${c.kind} claim cannot carry a ${c.body.kind} body`, 'body.kind');
    }
    const doc = reports.get(c.sourceDocumentId) ?? loaded.get(c.sourceDocumentId);
    if (!doc) throw invalidInput(`source document ${c.sourceDocumentId} does not exist; ingest the report first`, 'sourceDocumentId');
    if (c.evidence && doc.text.slice(c.evidence.start, c.evidence.end) !== c.evidence.text) {
      throw invalidInput(`the evidence span ${c.evidence.start}–${c.evidence.end} does not match the text of ${doc.id}`, 'evidence');
    }
    const claim = { ...c, id: w.newId('clm'), version: 1 };
    out.push(claim);
    await w.audit('claim', claim.id, 'create', null, snapshot(claim), why);
  }
  await claims.insertClaims(w.tx, out, w.actor, w.at);
  return out;
}

export async function updateClaim(ctx: Context, id: string, expectedVersion: number, patch: Partial<Omit<Fields<Claim>, 'id' | 'sourceDocumentId'>>, why?: string): Promise<Claim> {
  return write(ctx, (w) => updateClaimIn(w, id, expectedVersion, patch, why));
}

export async function updateClaimIn(w: Write, id: string, expectedVersion: number, patch: Partial<Omit<Fields<Claim>, 'id' | 'sourceDocumentId'>>, why?: string): Promise<Claim> {
  return changeRecord(w, { entity: 'claim', id, expectedVersion, why: why ?? null, load: claims.getClaim, save: (tx, c) => claims.updateClaim(tx, c, w.at), patch: (c) => ({ ...c, ...patch }) });
}

// ---- incidents ---------------------------------------------------------------------------------------------
export type NewIncident = Omit<Fields<Incident>, 'id' | 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt'>;

export async function createIncident(ctx: Context, i: NewIncident, options: { externalId?: string; why?: string } = {}): Promise<Incident> {
  return write(ctx, (w) => createIncidentIn(w, i, options));
}

export async function createIncidentIn(w: Write, i: NewIncident, options: { externalId?: string; why?: string } = {}): Promise<Incident> {
  return (await createIncidentsIn(w, [{ incident: i, externalId: options.externalId ?? null, why: options.why }]))[0]!;
}

/** Many incidents in one go (an import batch), each checked and audited, written in multi-row statements. */
export async function createIncidentsIn(w: Write, items: readonly { incident: NewIncident; externalId?: string | null; why?: string | null }[]): Promise<Incident[]> {
  const made: { incident: Incident; externalId: string | null }[] = [];
  for (const { incident: i, externalId, why } of items) {
    const incident: Incident = { ...i, provisions: incidents.normaliseLinks(i.provisions), id: w.newId('inc'), createdBy: w.actor, updatedBy: w.actor, createdAt: w.at, updatedAt: w.at, version: 1 };
    assertValidIncident(incident);
    made.push({ incident, externalId: externalId ?? null });
    await w.audit('incident', incident.id, 'create', null, snapshot(incident), why);
  }
  await incidents.insertIncidents(w.tx, made);
  return made.map((m) => m.incident);
}

export async function updateIncident(ctx: Context, id: string, expectedVersion: number, patch: Partial<NewIncident>, why?: string): Promise<Incident> {
  return write(ctx, (w) => updateIncidentIn(w, id, expectedVersion, patch, why));
}

export async function updateIncidentIn(w: Write, id: string, expectedVersion: number, patch: Partial<NewIncident>, why?: string): Promise<Incident> {
  return (
    changeRecord(w, {
      entity: 'incident',
      id,
      expectedVersion,
      why: why ?? null,
      load: incidents.getIncident,
      save: async (tx, next) => {
        assertValidIncident(next);
        await incidents.updateIncident(tx, next);
      },
      patch: (c) => ({ ...c, ...patch, ...(patch.provisions ? { provisions: incidents.normaliseLinks(patch.provisions) } : {}), updatedBy: w.actor, updatedAt: w.at }),
      action: patch.status && Object.keys(patch).length === 1 ? 'status' : 'update',
    })
  );
}

// ---- series ------------------------------------------------------------------------------------------------
export async function defineSeries(ctx: Context, s: Fields<Series>, why?: string): Promise<Series> {
  return write(ctx, (w) => defineSeriesIn(w, s, why));
}

export async function defineSeriesIn(w: Write, s: Fields<Series>, why?: string): Promise<Series> {
  if (await series.getSeries(w.tx, s.id)) throw invalidInput(`series ${s.id} already exists`, 'id');
  const out = { ...s, version: 1 };
  await series.insertSeries(w.tx, out, w.at);
  await w.audit('series', s.id, 'create', null, snapshot(s), why);
  return out;
}

export async function updateSeries(ctx: Context, id: string, expectedVersion: number, patch: Partial<Omit<Fields<Series>, 'id'>>, why?: string): Promise<Series> {
  return write(ctx, (w) => updateSeriesIn(w, id, expectedVersion, patch, why));
}

export async function updateSeriesIn(w: Write, id: string, expectedVersion: number, patch: Partial<Omit<Fields<Series>, 'id'>>, why?: string): Promise<Series> {
  return changeRecord(w, { entity: 'series', id, expectedVersion, why: why ?? null, load: series.getSeries, save: (tx, s) => series.updateSeries(tx, s, w.at), patch: (c) => ({ ...c, ...patch }) });
}

/** Records a series value for a day; a changed value keeps the old one in the audit log. Unchanged values are no-ops. */
export async function recordSeriesPoint(ctx: Context, p: SeriesPoint, why?: string): Promise<'new' | 'updated' | 'unchanged'> {
  return write(ctx, (w) => recordSeriesPointIn(w, p, why));
}

export async function recordSeriesPointIn(w: Write, p: SeriesPoint, why?: string): Promise<'new' | 'updated' | 'unchanged'> {
  if (!Number.isFinite(p.value)) throw invalidInput(`series ${p.seriesId} on ${p.date}: the value must be a number`, 'value');
  {
    if (!(await series.getSeries(w.tx, p.seriesId))) throw invalidInput(`series ${p.seriesId} does not exist; define it first`, 'seriesId');
    const held = await series.getSeriesPoint(w.tx, p.seriesId, p.date);
    if (held && held.value === p.value && held.note === p.note && held.sourceDocumentId === p.sourceDocumentId) return 'unchanged';
    await series.putSeriesPoint(w.tx, p);
    const key = `${p.seriesId}@${p.date}`;
    await w.audit('series-point', key, held ? 'update' : 'create', held ? snapshot(held) : null, snapshot(p), why);
    return held ? 'updated' : 'new';
  }
}
