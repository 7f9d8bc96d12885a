// The review workflow: drafts from ingest are accepted, edited, rejected, merged, split, graded, verified under the
// four-eyes rule, and published. Every step is one transaction with its audit event (who, when, old, new, why).
//
// Ids tell the two kinds of draft apart: `inc_…` is a draft incident (with its claims), anything else a claim on
// its own (a tally, a pledge, a position, …). Every change names the version the reviewer saw: a stale one is
// refused, so two reviewers never overwrite each other.
import { fromIncident, suggestDuplicates, type DuplicateSuggestion } from '../consolidate/index.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { Claim, IncidentClaimBody } from '../domain/claim.ts';
import { UserError, invalidInput } from '../domain/errors.ts';
import { GRADES, canMoveTo, isOneOf, type Grade, type WorkflowStatus } from '../domain/grade.ts';
import type { Incident } from '../domain/incident.ts';
import { VICTIM_GROUPS } from '../domain/estimate.ts';
import { bundledLexicon } from '../extract/bundled.ts';
import type { SourceDocument } from '../domain/source.ts';
import { historyOf } from '../store/repositories/audit.ts';
import { getClaim, listClaims } from '../store/repositories/claims.ts';
import { getIncident, listIncidents } from '../store/repositories/incidents.ts';
import { getSourceDocument } from '../store/repositories/source-documents.ts';
import { StaleVersionError } from '../store/versioning.ts';
import type { Context } from './context.ts';
import { refreshFromClaims } from './ingest.ts';
import { createIncidentIn, updateClaimIn, updateIncidentIn, type NewIncident } from './records.ts';
import { write, type Write } from './write.ts';

export const isIncidentId = (id: string) => id.startsWith('inc_');

// ---- reading the queue -------------------------------------------------------------------------------------

export interface QueueItem {
  id: string;
  /** `incident`, or the claim's kind (tally, pledge, accusation, …). */
  kind: string;
  status: string;
  version: number;
  /** One line a reviewer scans: what, where, when, figures. */
  summary: string;
  date: string | null;
  createdAt: string;
  /** The claims behind a draft incident (1 = a single report). */
  reports: number;
}

export interface QueueFilter {
  kind?: 'incidents' | 'claims';
  agreementId?: string;
  limit?: number;
}

/** Drafts waiting for review: draft and in-review incidents first (newest first), then loose draft claims. */
export async function reviewQueue(ctx: Context, f: QueueFilter = {}): Promise<QueueItem[]> {
  const limit = Math.min(Math.max(f.limit ?? 100, 1), 1000);
  const out: QueueItem[] = [];
  if (f.kind !== 'claims') {
    const page = await listIncidents(ctx.store.db, ctx.store.engine, { status: ['draft', 'in-review'], agreementId: f.agreementId, limit });
    for (const i of page.incidents) {
      const claims = await listClaims(ctx.store.db, { incidentId: i.id, kind: 'incident' });
      out.push({ id: i.id, kind: 'incident', status: i.status, version: i.version, summary: incidentLine(i), date: i.date, createdAt: i.createdAt, reports: claims.length });
    }
  }
  if (f.kind !== 'incidents' && out.length < limit) {
    const rows = await ctx.store.db
      .selectFrom('claims')
      .select('id')
      .where('status', '=', 'draft')
      .where('incidentId', 'is', null)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .limit(limit - out.length)
      .execute();
    for (const { id } of rows) {
      const c = (await getClaim(ctx.store.db, id))!;
      out.push({ id: c.id, kind: c.kind, status: c.status, version: c.version, summary: claimLine(c), date: c.claimedAt?.slice(0, 10) ?? null, createdAt: c.claimedAt ?? '', reports: 1 });
    }
  }
  return out;
}

const figure = (t: Incident['killed']) => {
  const parts = Object.values(t);
  if (parts.length === 0) return '?';
  const low = parts.reduce((a, e) => a + e!.low, 0);
  const best = parts.reduce((a, e) => a + e!.best, 0);
  const high = parts.reduce((a, e) => a + e!.high, 0);
  return low === high ? `${best}` : `${best} (${low}–${high})`;
};

export function incidentLine(i: Incident): string {
  return `${i.date ?? 'date unknown'}  ${i.location?.name ?? 'place unknown'}  ${i.subEventType}  by ${i.actor1 ?? 'unknown'}${i.actor2 ? ` on ${i.actor2}` : ''}  killed ${figure(i.killed)}, injured ${figure(i.injured)}`;
}

export function claimLine(c: Claim): string {
  const b = c.body;
  const who = c.claimantName ? ` (per ${c.claimantName})` : '';
  switch (b.kind) {
    case 'incident':
      return `incident ${b.date ?? ''} ${b.location ?? ''} killed ${figure(b.killed)}${who}`;
    case 'tally':
      return `${b.metric} ${b.value}${b.since ? ` since ${b.since}` : ''}${b.asOf ? ` as of ${b.asOf}` : ''}${b.subject ? ` — ${b.subject}` : ''}${who}`;
    case 'pledge':
      return `${b.country} ${b.status}${b.troops ? ` ${b.troops.low === b.troops.high ? b.troops.best : `${b.troops.low}–${b.troops.high}`} troops` : ''} to ${b.force}`;
    case 'objection':
      return `${b.objector} objects to ${b.objectsTo}${b.force ? ` in ${b.force}` : ''}`;
    case 'accusation':
    case 'denial':
      return `${c.kind === 'denial' ? `${b.accused} denies` : `${c.claimantName ?? 'someone'} accuses ${b.accused}`}: ${b.what}`;
    case 'position':
      return `${b.speaker} ${b.stance} ${b.issue}`;
    case 'aid':
      return `${b.trucks} trucks on ${b.date}${b.crossing ? ` via ${b.crossing}` : ''} (per ${b.body})`;
    case 'exchange':
      return `${b.count} ${b.what}${b.date ? ` on ${b.date}` : ''}`;
  }
}

export interface ClaimWithSource {
  claim: Claim;
  source: Pick<SourceDocument, 'id' | 'title' | 'url' | 'publisher' | 'publishedAt' | 'sensitivity' | 'contentHash'>;
}

export interface ReviewItem {
  kind: 'incident' | 'claim';
  incident: Incident | null;
  claim: Claim | null;
  claims: ClaimWithSource[];
  /** The source text around each claim's evidence, for highlighting (start/end are offsets into `text`). */
  excerpts: { claimId: string; text: string; start: number; end: number }[];
  duplicates: DuplicateSuggestion[];
  history: AuditEvent[];
}

const EXCERPT_MARGIN = 400;

/** One draft with everything a reviewer needs: its claims side by side, their evidence in context, possible
 * duplicates among the incidents already held, and its history. */
export async function reviewItem(ctx: Context, id: string): Promise<ReviewItem> {
  const db = ctx.store.db;
  if (isIncidentId(id)) {
    const incident = await getIncident(db, id);
    if (!incident) throw notFound(id);
    const claims = await listClaims(db, { incidentId: id });
    const withSources = await Promise.all(claims.map(async (claim) => ({ claim, source: meta(await getSourceDocument(db, claim.sourceDocumentId)) })));
    return {
      kind: 'incident',
      incident,
      claim: null,
      claims: withSources,
      excerpts: await excerptsOf(ctx, claims),
      duplicates: await duplicatesOf(ctx, incident, claims),
      history: await historyOf(db, 'incident', id),
    };
  }
  const claim = await getClaim(db, id);
  if (!claim) throw notFound(id);
  return {
    kind: 'claim',
    incident: null,
    claim,
    claims: [{ claim, source: meta(await getSourceDocument(db, claim.sourceDocumentId)) }],
    excerpts: await excerptsOf(ctx, [claim]),
    duplicates: [],
    history: await historyOf(db, 'claim', id),
  };
}

function meta(d: SourceDocument | undefined): ClaimWithSource['source'] {
  if (!d) throw new UserError('not-found', 'a claim points at a source document that is not held; run `truce verify`');
  return { id: d.id, title: d.title, url: d.url, publisher: d.publisher, publishedAt: d.publishedAt, sensitivity: d.sensitivity, contentHash: d.contentHash };
}

async function excerptsOf(ctx: Context, claims: Claim[]): Promise<ReviewItem['excerpts']> {
  const out: ReviewItem['excerpts'] = [];
  for (const c of claims) {
    if (!c.evidence) continue;
    const doc = await getSourceDocument(ctx.store.db, c.sourceDocumentId);
    if (!doc) continue;
    const from = Math.max(0, c.evidence.start - EXCERPT_MARGIN);
    const to = Math.min(doc.text.length, c.evidence.end + EXCERPT_MARGIN);
    out.push({ claimId: c.id, text: doc.text.slice(from, to), start: c.evidence.start - from, end: c.evidence.end - from });
  }
  return out;
}

async function duplicatesOf(ctx: Context, incident: Incident, claims: Claim[]): Promise<DuplicateSuggestion[]> {
  if (!incident.date) return [];
  const around = (d: number) => new Date(Date.parse(`${incident.date}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
  const page = await listIncidents(ctx.store.db, ctx.store.engine, { from: around(-7), to: around(7), status: ['draft', 'in-review', 'verified', 'published'], limit: 500 });
  const others = page.incidents.filter((i) => i.id !== incident.id);
  const wording = async (i: Incident) => (await listClaims(ctx.store.db, { incidentId: i.id, kind: 'incident' })).map((c) => c.evidence?.text ?? '').join(' ');
  const candidates = await Promise.all(others.map(async (i) => fromIncident(i, await wording(i))));
  const me = fromIncident(incident, claims.map((c) => c.evidence?.text ?? '').join(' '));
  return suggestDuplicates(me, candidates).slice(0, 5);
}

// ---- changing drafts ---------------------------------------------------------------------------------------

const notFound = (id: string) => new UserError('not-found', `${id} is not a draft, claim or incident Truce holds; see \`truce review list\``);

function needReason(why: string | undefined, what: string): string {
  const reason = why?.trim();
  if (!reason) throw invalidInput(`${what} needs a reason: give --reason "…" (it is kept in the audit log)`, 'reason');
  return reason;
}

/** The record as held, refused when the caller's copy (its version) is out of date so no edit is silently lost. */
async function loadAt<T extends { version: number }>(w: Write, what: 'incident' | 'claim', load: (tx: Write['tx'], id: string) => Promise<T | undefined>, id: string, version: number | undefined): Promise<T> {
  const r = await load(w.tx, id);
  if (!r) throw notFound(id);
  if (version !== undefined && version !== r.version) throw new StaleVersionError(`${what} ${id}`, version, r.version);
  return r;
}
const loadIncident = (w: Write, id: string, version: number | undefined) => loadAt<Incident>(w, 'incident', getIncident, id, version);
const loadClaim = (w: Write, id: string, version: number | undefined) => loadAt<Claim>(w, 'claim', getClaim, id, version);

function move(i: Incident, to: WorkflowStatus): void {
  if (!canMoveTo(i.status, to)) {
    throw new UserError('conflict', `incident ${i.id} is ${i.status}; it cannot become ${to} from there${i.status === 'draft' && to === 'verified' ? ' (accept it first, then a second reviewer verifies it)' : ''}`);
  }
}

export interface Changed {
  id: string;
  status: string;
  version: number;
}

const changedOf = (r: Incident | Claim): Changed => ({ id: r.id, status: r.status, version: r.version });

/** Accept: a draft incident goes to review (in-review) with its draft claims accepted; a claim is accepted. */
export async function accept(ctx: Context, id: string, version?: number, why?: string): Promise<Changed> {
  return write(ctx, async (w) => {
    if (!isIncidentId(id)) {
      const c = await loadClaim(w, id, version);
      if (c.status !== 'draft') throw new UserError('conflict', `claim ${id} is already ${c.status}`);
      return changedOf(await updateClaimIn(w, id, c.version, { status: 'accepted' }, why ?? 'accepted in review'));
    }
    const i = await loadIncident(w, id, version);
    move(i, 'in-review');
    await acceptClaimsOf(w, id, why);
    return changedOf(await updateIncidentIn(w, id, i.version, { status: 'in-review' }, why ?? 'accepted in review'));
  });
}

async function acceptClaimsOf(w: Write, incidentId: string, why?: string): Promise<void> {
  for (const c of await listClaims(w.tx, { incidentId, status: 'draft' })) await updateClaimIn(w, c.id, c.version, { status: 'accepted' }, why ?? 'accepted with its incident');
}

/** Reject with a reason: the draft incident and its draft claims, or one claim. Nothing is deleted. */
export async function reject(ctx: Context, id: string, reason: string | undefined, version?: number): Promise<Changed> {
  const why = needReason(reason, 'rejecting');
  return write(ctx, async (w) => {
    if (!isIncidentId(id)) {
      const c = await loadClaim(w, id, version);
      if (c.status === 'rejected') throw new UserError('conflict', `claim ${id} is already rejected`);
      const out = await updateClaimIn(w, id, c.version, { status: 'rejected' }, why);
      if (c.incidentId && c.kind === 'incident') await refreshFromClaims(w, c.incidentId, `a claim was rejected: ${why}`);
      return changedOf(out);
    }
    const i = await loadIncident(w, id, version);
    move(i, 'rejected');
    for (const c of await listClaims(w.tx, { incidentId: id, status: 'draft' })) await updateClaimIn(w, c.id, c.version, { status: 'rejected' }, why);
    return changedOf(await updateIncidentIn(w, id, i.version, { status: 'rejected' }, why));
  });
}

/** The incident fields a reviewer may set, as the CLI and API name them. */
export const EDITABLE_FIELDS = ['date', 'dateEnd', 'datePrecision', 'location', 'eventType', 'subEventType', 'actor1', 'actor2', 'killed', 'injured', 'notes', 'agreementId', 'provisions'] as const;
export type IncidentEdit = Partial<Pick<NewIncident, (typeof EDITABLE_FIELDS)[number]>>;

/**
 * Edits a draft incident's fields (or a claim's body). Editing a verified or published incident sends it back to
 * review: a changed record needs a second pair of eyes again.
 */
export async function edit(ctx: Context, id: string, patch: Record<string, unknown>, why: string | undefined, version?: number): Promise<Changed> {
  if (Object.keys(patch).length === 0) throw invalidInput('nothing to change: give at least one field', 'fields');
  return write(ctx, async (w) => {
    if (!isIncidentId(id)) {
      const c = await loadClaim(w, id, version);
      const unknown = Object.keys(patch).filter((k) => !(k in c.body) || k === 'kind');
      if (unknown.length) throw invalidInput(`a ${c.kind} claim has no field ${unknown.join(', ')}; its fields are ${Object.keys(c.body).filter((k) => k !== 'kind').join(', ')}`, unknown[0]);
      const out = await updateClaimIn(w, id, c.version, { body: { ...c.body, ...patch } as Claim['body'] }, why ?? 'edited in review');
      if (c.incidentId && c.kind === 'incident') await refreshFromClaims(w, c.incidentId, 'a claim was edited');
      return changedOf(out);
    }
    const unknown = Object.keys(patch).filter((k) => !(EDITABLE_FIELDS as readonly string[]).includes(k));
    if (unknown.length) throw invalidInput(`an incident has no editable field ${unknown.join(', ')}; editable: ${EDITABLE_FIELDS.join(', ')}`, unknown[0]);
    patch = checkedEdit(patch as Record<string, unknown>);
    const i = await loadIncident(w, id, version);
    if (i.status === 'merged' || i.status === 'rejected') throw new UserError('conflict', `incident ${id} is ${i.status}; ${i.status === 'rejected' ? 'reopen it first' : 'edit the incident it was merged into'}`);
    const reopen = i.status === 'verified' || i.status === 'published';
    return changedOf(await updateIncidentIn(w, id, i.version, { ...(patch as IncidentEdit), ...(reopen ? { status: 'in-review' as const } : {}) }, why ?? 'edited in review'));
  });
}

/** A place by name through the gazetteer (coordinates and precision), or the bare name when it is not known. */
export function placeNamed(name: string): NonNullable<Incident['location']> {
  const place = bundledLexicon().gazetteer.lookup(name);
  if (!place) return { name, admin1: null, admin2: null, lat: null, lon: null, precision: 3 };
  const coarse = place.kind === 'region' || place.kind === 'country' || place.kind === 'county';
  return { name: place.name, admin1: place.admin || null, admin2: null, lat: place.lat, lon: place.lon, precision: coarse ? 3 : 1 };
}

/** Shapes an edit the way the record holds it, refusing what would not fit (the record's own check runs on save). */
function checkedEdit(patch: Record<string, unknown>): IncidentEdit {
  const out: Record<string, unknown> = { ...patch };
  if (typeof patch.location === 'string') out.location = placeNamed(patch.location);
  else if (patch.location !== undefined && patch.location !== null) {
    const l = patch.location as Record<string, unknown>;
    const num = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v));
    if (typeof l !== 'object' || typeof l.name !== 'string' || !num(l.lat) || !num(l.lon) || ![1, 2, 3].includes(l.precision as number)) {
      throw invalidInput('location must be a place name, or {name, lat, lon, precision 1|2|3}', 'location');
    }
    out.location = { name: l.name, admin1: typeof l.admin1 === 'string' ? l.admin1 : null, admin2: typeof l.admin2 === 'string' ? l.admin2 : null, lat: l.lat ?? null, lon: l.lon ?? null, precision: l.precision };
  }
  for (const field of ['killed', 'injured'] as const) {
    const t = patch[field];
    if (t === undefined) continue;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw invalidInput(`${field} must be {group: {low, best, high}} with groups ${VICTIM_GROUPS.join(', ')}`, field);
    const bad = Object.keys(t).find((g) => !(VICTIM_GROUPS as readonly string[]).includes(g));
    if (bad) throw invalidInput(`${field}: "${bad}" is not a victim group; use ${VICTIM_GROUPS.join(', ')}`, field);
    for (const [g, e] of Object.entries(t as Record<string, unknown>)) {
      const v = e as Record<string, unknown>;
      if (typeof v !== 'object' || v === null || ![v.low, v.best, v.high].every((n) => Number.isInteger(n) && (n as number) >= 0)) throw invalidInput(`${field}.${g} must be {low, best, high} whole numbers`, `${field}.${g}`);
    }
  }
  if (patch.provisions !== undefined) {
    const ok = Array.isArray(patch.provisions) && patch.provisions.every((l) => typeof l === 'object' && l !== null && typeof (l as Record<string, unknown>).agreementId === 'string' && typeof (l as Record<string, unknown>).provisionId === 'string');
    if (!ok) throw invalidInput('provisions must be a list of {agreementId, provisionId, partyId}', 'provisions');
    out.provisions = (patch.provisions as Record<string, unknown>[]).map((l) => ({ agreementId: l.agreementId, provisionId: l.provisionId, partyId: typeof l.partyId === 'string' ? l.partyId : null }));
  }
  for (const field of ['date', 'dateEnd', 'actor1', 'actor2', 'notes', 'agreementId', 'eventType', 'subEventType'] as const) {
    const v = patch[field];
    if (v !== undefined && v !== null && typeof v !== 'string') throw invalidInput(`${field} must be text or null`, field);
  }
  return out as IncidentEdit;
}

/** Grade with a reason (Airwars: confirmed, fair, weak, contested, discounted). */
export async function grade(ctx: Context, id: string, value: string, reason: string | undefined, version?: number): Promise<Changed> {
  if (!isOneOf(GRADES, value)) throw invalidInput(`"${value}" is not a grade; use one of ${GRADES.join(', ')}`, 'grade');
  const why = needReason(reason, 'grading');
  if (!isIncidentId(id)) throw invalidInput(`${id} is a claim; grades belong to incidents`, 'id');
  return write(ctx, async (w) => {
    const i = await loadIncident(w, id, version);
    if (i.status === 'merged' || i.status === 'rejected') throw new UserError('conflict', `incident ${id} is ${i.status}; it cannot be graded`);
    const reopen = i.status === 'verified' || i.status === 'published';
    return changedOf(await updateIncidentIn(w, id, i.version, { grade: value as Grade, gradeReason: why, ...(reopen ? { status: 'in-review' as const } : {}) }, why));
  });
}

/**
 * Verify under the four-eyes rule: the incident must have been accepted into review and graded, and the verifier
 * must be neither who drafted it nor who last changed it.
 */
export async function verify(ctx: Context, id: string, why?: string, version?: number): Promise<Changed> {
  if (!isIncidentId(id)) throw invalidInput(`${id} is a claim; verify the incident it belongs to`, 'id');
  return write(ctx, async (w) => {
    const i = await loadIncident(w, id, version);
    if (i.status === 'draft') throw new UserError('conflict', `incident ${id} is still a draft; accept it first (\`truce review accept ${id}\`), then a second reviewer verifies it`);
    move(i, 'verified');
    if (!i.grade) throw new UserError('conflict', `incident ${id} has no grade; grade it first (\`truce review grade ${id} GRADE --reason …\`)`);
    if (w.actor === i.createdBy || w.actor === i.updatedBy) {
      throw new UserError('forbidden', `four eyes: ${w.actor} ${w.actor === i.createdBy ? 'drafted' : 'last changed'} incident ${id}, so another reviewer must verify it`);
    }
    return changedOf(await updateIncidentIn(w, id, i.version, { status: 'verified' }, why ?? 'verified'));
  });
}

/** Publish a verified incident: it enters the next release the public reads. */
export async function publish(ctx: Context, id: string, why?: string, version?: number): Promise<Changed> {
  if (!isIncidentId(id)) throw invalidInput(`${id} is a claim; publish the incident it belongs to`, 'id');
  return write(ctx, async (w) => {
    const i = await loadIncident(w, id, version);
    if (i.status !== 'verified') throw new UserError('conflict', `incident ${id} is ${i.status}; only a verified incident can be published`);
    return changedOf(await updateIncidentIn(w, id, i.version, { status: 'published' }, why ?? 'published'));
  });
}

/** Merge a duplicate into another incident: its claims move over, the figures become the range over all of them,
 * and the duplicate is kept as `merged` (never deleted). A verified target goes back to review. */
export async function merge(ctx: Context, id: string, into: string, why?: string, version?: number): Promise<Changed> {
  if (!isIncidentId(id) || !isIncidentId(into)) throw invalidInput('merge joins two incidents: give two inc_… ids', 'id');
  if (id === into) throw invalidInput('an incident cannot be merged into itself', 'into');
  return write(ctx, async (w) => {
    const dup = await loadIncident(w, id, version);
    const target = await loadIncident(w, into, undefined);
    move(dup, 'merged');
    if (target.status === 'merged' || target.status === 'rejected') throw new UserError('conflict', `incident ${into} is ${target.status}; merge into an open incident`);
    const reason = why ?? `same incident as ${into}`;
    for (const c of await listClaims(w.tx, { incidentId: id })) await updateClaimIn(w, c.id, c.version, { incidentId: into }, reason);
    await updateIncidentIn(w, id, dup.version, { status: 'merged', notes: `${dup.notes ? `${dup.notes}\n` : ''}Merged into ${into}.` }, reason);
    let merged = await refreshFromClaims(w, into, `${id} merged into it`);
    if (merged.status === 'verified' || merged.status === 'published') merged = await updateIncidentIn(w, into, merged.version, { status: 'in-review' }, `${id} merged into it: to be verified again`);
    return changedOf(merged);
  });
}

/** Split claims off an incident into a new draft incident (two events reported as one). */
export async function split(ctx: Context, id: string, claimIds: string[], why?: string, version?: number): Promise<{ from: Changed; to: Changed }> {
  if (!isIncidentId(id)) throw invalidInput('split takes an incident: give an inc_… id', 'id');
  if (claimIds.length === 0) throw invalidInput('name the claims to split off: --claims clm_…,clm_…', 'claims');
  return write(ctx, async (w) => {
    const i = await loadIncident(w, id, version);
    if (i.status === 'merged' || i.status === 'rejected') throw new UserError('conflict', `incident ${id} is ${i.status}; it cannot be split`);
    const all = await listClaims(w.tx, { incidentId: id });
    const moving = claimIds.map((cid) => {
      const c = all.find((x) => x.id === cid);
      if (!c) throw invalidInput(`claim ${cid} is not a claim of incident ${id}; its claims are ${all.map((x) => x.id).join(', ')}`, 'claims');
      return c;
    });
    if (moving.length === all.length) throw invalidInput('splitting off every claim leaves an empty incident; keep at least one', 'claims');
    const reason = why ?? `split off ${id}`;
    const b = moving.find((c) => c.kind === 'incident')?.body as IncidentClaimBody | undefined;
    const created = await createIncidentIn(
      w,
      {
        ...i,
        date: b?.date ?? i.date,
        datePrecision: b?.date ? 1 : i.datePrecision,
        location: b?.location && b.location !== i.location?.name ? { name: b.location, admin1: null, admin2: null, lat: null, lon: null, precision: 3 } : i.location,
        actor1: b?.perpetrator ?? i.actor1,
        actor2: b?.target ?? i.actor2,
        eventType: (b?.eventType ?? i.eventType) as Incident['eventType'],
        subEventType: b?.subEventType ?? i.subEventType,
        grade: null,
        gradeReason: null,
        status: 'draft',
        notes: `Split off ${id}.`,
      },
      { why: reason },
    );
    for (const c of moving) await updateClaimIn(w, c.id, c.version, { incidentId: created.id }, reason);
    let from = await refreshFromClaims(w, id, reason);
    if (from.status === 'verified' || from.status === 'published') from = await updateIncidentIn(w, id, from.version, { status: 'in-review' }, `${reason}: to be verified again`);
    const to = await refreshFromClaims(w, created.id, reason);
    return { from: changedOf(from), to: changedOf(to) };
  });
}
