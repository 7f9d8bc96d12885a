// Ingest: reports in → source documents → extraction → draft claims and draft incidents in the review queue.
// Each document and everything drawn from it land in ONE transaction: a crash leaves either all of it or none,
// and a re-run adds what is missing. A document already held (same SHA-256 of its normalised text) adds nothing.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromExtracted, fromIncident, incidentRange, suggestDuplicates } from '../consolidate/index.ts';
import { draftClaims, draftIncidentOf, type DraftClaim } from '../consolidate/draft.ts';
import type { Agreement } from '../domain/agreement.ts';
import type { Claim, IncidentClaimBody } from '../domain/claim.ts';
import { invalidInput } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import { contentHash, type SourceKind } from '../domain/source.ts';
import { bundledLexicon } from '../extract/bundled.ts';
import { extract, type Extraction, type ExtractedIncident, type ProvisionDescriptor } from '../extract/index.ts';
import { isMohBulletin } from '../extract/bulletins.ts';
import { cleanText, guessLanguage, type ReadDocument } from '../formats/documents.ts';
import { getAgreement } from '../store/repositories/agreements.ts';
import { listClaims } from '../store/repositories/claims.ts';
import { getIncident, listIncidents } from '../store/repositories/incidents.ts';
import { getSourceDocumentsByHash } from '../store/repositories/source-documents.ts';
import type { Context } from './context.ts';
import { addClaimIn, addSourceDocumentIn, createIncidentIn, updateIncidentIn } from './records.ts';
import { write, type Write } from './write.ts';

export interface IngestOptions {
  /** Protected sources (witnesses, field staff) never leave the server to a public surface. */
  protected?: boolean;
  /** The agreement the drafts are filed under; its provisions are checked for possible breaches. */
  agreementId?: string | null;
  kind?: SourceKind;
}

export type IngestOutcome =
  | { origin: string; status: 'new'; documentId: string; incidents: number; grouped: number; claims: number }
  | { origin: string; status: 'held'; documentId: string }
  | { origin: string; status: 'failed'; reason: string };

export interface IngestSummary {
  new: number;
  held: number;
  failed: number;
  incidents: number;
  grouped: number;
  claims: number;
  outcomes: IngestOutcome[];
}

export const emptySummary = (): IngestSummary => ({ new: 0, held: 0, failed: 0, incidents: 0, grouped: 0, claims: 0, outcomes: [] });

export function addOutcome(s: IngestSummary, o: IngestOutcome): void {
  s.outcomes.push(o);
  s[o.status]++;
  if (o.status === 'new') {
    s.incidents += o.incidents;
    s.grouped += o.grouped;
    s.claims += o.claims;
  }
}

/** What a session of ingests shares: the agreement's provisions, loaded once. */
export interface IngestRun {
  options: IngestOptions;
  provisions: ProvisionDescriptor[];
}

export async function prepareIngest(ctx: Context, options: IngestOptions): Promise<IngestRun> {
  let provisions: ProvisionDescriptor[] = [];
  if (options.agreementId) {
    const stored = await getAgreement(ctx.store.db, options.agreementId);
    if (!stored) throw invalidInput(`no agreement "${options.agreementId}" is held; see \`truce agreement list\` or load it first`, 'agreement');
    provisions = provisionsOf(stored.document as Agreement);
  }
  return { options, provisions };
}

function provisionsOf(a: Agreement): ProvisionDescriptor[] {
  return a.provisions.map((p) => ({
    id: p.id,
    category: p.category,
    breachedBy: (p.breachedBy ?? []).map((r) => ({ eventType: r.eventType, ...(r.subEventType ? { subEventType: r.subEventType } : {}) })),
    obligated: p.obligated,
  }));
}

/** Ingests one read document. Never throws for a problem with the document itself: it becomes a failed outcome. */
export async function ingestDocument(ctx: Context, run: IngestRun, doc: ReadDocument): Promise<IngestOutcome> {
  const text = cleanText(doc.text);
  if (text.length === 0) return { origin: doc.origin, status: 'failed', reason: 'holds no text to read' };
  const hash = contentHash(text);
  // Fast path: a document already held is not extracted again (checked once more inside the transaction).
  const held = (await getSourceDocumentsByHash(ctx.store.db, [hash])).get(hash);
  if (held) return { origin: doc.origin, status: 'held', documentId: held.id };
  const published = doc.publishedAt ? doc.publishedAt.slice(0, 10) : null;
  let extraction: Extraction;
  try {
    extraction = extract(text, bundledLexicon(), { published, provisions: run.provisions });
  } catch (err) {
    return { origin: doc.origin, status: 'failed', reason: `the extractor could not read it: ${(err as Error).message}` };
  }
  const kind: SourceKind = run.options.kind ?? (isMohBulletin(text) ? 'ministry-bulletin' : 'news-article');
  return write(ctx, async (w) => {
    const { document, created } = await addSourceDocumentIn(
      w,
      {
        kind,
        url: doc.url,
        title: doc.title,
        publisher: doc.publisher ?? publisherOf(doc.url),
        publishedAt: doc.publishedAt,
        retrievedAt: w.at,
        language: doc.language ?? guessLanguage(text),
        text,
        contentHash: hash,
        sensitivity: run.options.protected ? 'protected' : 'public',
        reliability: null,
      },
      `ingested from ${doc.origin}`,
    );
    if (!created) return { origin: doc.origin, status: 'held' as const, documentId: document.id };
    const drafted = await draftFrom(w, {
      documentId: document.id,
      published,
      claimedAt: doc.publishedAt ?? w.at,
      label: doc.title ?? doc.url ?? doc.origin,
      agreementId: run.options.agreementId ?? null,
      extraction,
    });
    return { origin: doc.origin, status: 'new' as const, documentId: document.id, ...drafted };
  });
}

const publisherOf = (url: string | null): string | null => {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
};

/** Statuses of incidents a new report may be grouped into automatically: those nobody has verified yet. */
const OPEN_STATUSES = ['draft', 'in-review'] as const;
const GROUP_WINDOW_DAYS = 7;

/**
 * Stores the document's findings as draft claims. Each extracted incident joins the open incident it most
 * likely reports (same time, place, actors and wording, by the consolidation rules), or opens a new draft.
 */
async function draftFrom(
  w: Write,
  d: { documentId: string; published: string | null; claimedAt: string; label: string; agreementId: string | null; extraction: Extraction },
): Promise<{ incidents: number; grouped: number; claims: number }> {
  const incidentOf = new Map<number, string>();
  const touched = new Set<string>();
  const openedHere = new Set<string>();
  let grouped = 0;
  for (const [index, x] of d.extraction.incidents.entries()) {
    const match = await matchingIncident(w, x, d, openedHere);
    if (match) {
      incidentOf.set(index, match.id);
      touched.add(match.id);
      grouped++;
      continue;
    }
    const incident = await createIncidentIn(w, draftIncidentOf(x, { agreementId: d.agreementId, note: `Drafted from ${d.label}` }), { why: 'drafted by the extractor' });
    incidentOf.set(index, incident.id);
    openedHere.add(incident.id);
  }
  const claims: DraftClaim[] = draftClaims(d.extraction);
  for (const c of claims) {
    await addClaimIn(
      w,
      {
        kind: c.kind,
        sourceDocumentId: d.documentId,
        claimantId: null,
        claimantName: c.claimantName,
        claimedAt: d.claimedAt,
        evidence: c.evidence,
        incidentId: c.incidentIndex === undefined ? null : (incidentOf.get(c.incidentIndex) ?? null),
        status: 'draft',
        body: c.body,
      },
      'drafted by the extractor',
    );
  }
  for (const id of touched) await refreshFromClaims(w, id, 'another report of it was ingested');
  return { incidents: openedHere.size, grouped, claims: claims.length };
}

async function matchingIncident(
  w: Write,
  x: ExtractedIncident,
  d: { documentId: string; published: string | null },
  exclude: ReadonlySet<string>,
): Promise<Incident | null> {
  const day = x.date ?? d.published;
  if (!day) return null;
  const from = shiftDay(day, -GROUP_WINDOW_DAYS);
  const to = shiftDay(day, GROUP_WINDOW_DAYS);
  // Only incidents that could be the same event are read: within the date window and, when the report is placed,
  // within a box wider than the largest place radius consolidation allows (50 km ≈ 0.5°).
  const box: [number, number, number, number] | undefined =
    x.location?.lat != null && x.location.lon != null ? [x.location.lon - 0.6, x.location.lat - 0.5, x.location.lon + 0.6, x.location.lat + 0.5] : undefined;
  const page = await listIncidents(w.tx, w.engine, { from, to, status: [...OPEN_STATUSES], limit: 1000, ...(box ? { bbox: box } : {}) });
  const unplaced = box ? (await listIncidents(w.tx, w.engine, { from, to, status: [...OPEN_STATUSES], limit: 1000 })).incidents.filter((i) => i.location?.lat == null) : [];
  const candidates = [...page.incidents, ...unplaced].filter((i) => !exclude.has(i.id));
  if (candidates.length === 0) return null;
  // Their wording, in one query: the evidence of their incident claims.
  const rows = await w.tx
    .selectFrom('claims')
    .select(['incidentId', 'sourceDocumentId', 'evidenceText'])
    .where('incidentId', 'in', candidates.map((i) => i.id))
    .where('kind', '=', 'incident')
    .execute();
  const wording = new Map<string, string>();
  const sameDocument = new Set<string>();
  for (const r of rows) {
    // Two reports from one document are never one incident: the extractor already told them apart.
    if (r.sourceDocumentId === d.documentId) sameDocument.add(r.incidentId!);
    wording.set(r.incidentId!, `${wording.get(r.incidentId!) ?? ''} ${r.evidenceText ?? ''}`);
  }
  const reports = candidates.filter((i) => wording.has(i.id) && !sameDocument.has(i.id)).map((i) => fromIncident(i, wording.get(i.id)));
  const best = suggestDuplicates(fromExtracted('new', x, d.documentId, { published: d.published }), reports)[0];
  return best ? (candidates.find((i) => i.id === best.id) ?? null) : null;
}

/**
 * Recomputes an incident's figures as the range over its claims (one figure per source document, best by the
 * median rule) and fills fields the incident lacks from its claims. Claims keep their own figures.
 */
export async function refreshFromClaims(w: Write, incidentId: string, why: string): Promise<Incident> {
  const incident = await getIncident(w.tx, incidentId);
  if (!incident) throw invalidInput(`incident ${incidentId} does not exist`, 'incidentId');
  const claims = (await listClaims(w.tx, { incidentId, kind: 'incident' })).filter((c) => c.status !== 'rejected');
  if (claims.length === 0) return incident;
  const bodies = claims.map((c) => ({ c, b: c.body as IncidentClaimBody }));
  const figures = (field: 'killed' | 'injured') =>
    incidentRange(bodies.filter(({ b }) => Object.keys(b[field]).length > 0).map(({ c, b }) => ({ sourceId: c.sourceDocumentId, toll: b[field], reportedAt: c.claimedAt })));
  const first = <T>(pick: (b: IncidentClaimBody) => T | null): T | null => bodies.map(({ b }) => pick(b)).find((v) => v !== null) ?? null;
  const patch: Partial<Incident> = { killed: figures('killed'), injured: figures('injured') };
  if (incident.date === null) {
    const date = first((b) => b.date);
    if (date) Object.assign(patch, { date, datePrecision: 1 });
  }
  if (incident.actor1 === null) patch.actor1 = first((b) => b.perpetrator);
  if (incident.actor2 === null) patch.actor2 = first((b) => b.target);
  return updateIncidentIn(w, incident.id, incident.version, patch, why);
}

function shiftDay(day: string, days: number): string {
  const t = Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

// ---- the first-run example ---------------------------------------------------------------------------------

/** ../shared/seed/article.txt beside the checkout: the project's starting article, read at run time. */
export const SEED_ARTICLE = fileURLToPath(new URL('../../../shared/seed/article.txt', import.meta.url));

/** Words of our own for when ../shared is absent, so a new user still sees the queue at work. */
const SAMPLE_REPORT = [
  'Sample report written for Truce (not a real event): it shows how a report becomes drafts for review.',
  'Two people were killed and five injured when a drone strike hit a house in Khan Younis on Monday, the health ministry said.',
  'The ministry said the total number of people killed since the ceasefire began on October 10 had risen to 350.',
].join(' ');

/**
 * On a fresh database, ingests the seed article (or the sample) under gaza-2025 so the review queue and the
 * overview show a working example. Does nothing once any document is held.
 */
export async function ingestFirstRunExample(ctx: Context): Promise<IngestOutcome | null> {
  const any = await ctx.store.db.selectFrom('sourceDocuments').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const seed = existsSync(SEED_ARTICLE);
  const agreement = (await getAgreement(ctx.store.db, 'gaza-2025')) ? 'gaza-2025' : null;
  const run = await prepareIngest(ctx, { agreementId: agreement });
  return ingestDocument(ctx, run, {
    origin: seed ? '../shared/seed/article.txt' : 'the built-in sample report',
    text: seed ? readFileSync(SEED_ARTICLE, 'utf8') : SAMPLE_REPORT,
    title: seed ? 'Seed article: Rubio urges Hamas disarmament as mediators meet in Miami' : 'Sample report (not a real event)',
    url: null,
    publisher: null,
    // The seed carries no dateline; it was published around 20 Dec 2025 (../shared/eval/README.md).
    publishedAt: seed ? '2025-12-20' : '2025-10-20',
    language: 'en',
  });
}
