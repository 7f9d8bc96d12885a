// The presenter: what a caller who does not read the internal record (the public, a liaison) gets. Everything comes
// from the latest release's snapshot, which was built with protected sources and protected fields already removed
// (services/releases.ts), so no query parameter can reach a draft, a protected source or a staff name. Before the
// first release the public record is empty.
import { invalidInput } from '../domain/errors.ts';
import type { Store } from '../store/connect.ts';
import type { AuditEvent } from '../domain/audit.ts';
import { incidentsWithProtectedSources, latestRelease, type PublicIncident, type PublicSource } from '../services/releases.ts';

export interface PublicIncidentQuery {
  agreement?: string;
  from?: string;
  to?: string;
  status?: string;
  eventType?: string;
  actor?: string;
  grade?: string;
  provision?: string;
  bbox?: string;
  q?: string;
  after?: string;
  limit?: number;
}

const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * A released incident's words, each after a space, so a query word begins one of them exactly where " word" occurs.
 * Made once per incident of the snapshot a server holds (services/releases.ts), not once per request: a text search
 * over a million-incident release took 0.6–0.7 s a page, splitting every incident's text each time.
 */
const searchTexts = new WeakMap<PublicIncident, string>();
function searchText(i: PublicIncident): string {
  let text = searchTexts.get(i);
  if (text === undefined) {
    text = ` ${words([i.location?.name, i.location?.admin1, i.location?.admin2, i.actor1, i.actor2, i.eventType, i.subEventType, i.notes].filter(Boolean).join(' ')).join(' ')}`;
    searchTexts.set(i, text);
  }
  return text;
}

/** Whether a released incident passes the query's filters; `terms` are the words of its text search (`q`). */
function matches(i: PublicIncident, q: PublicIncidentQuery, terms: readonly string[]): boolean {
  if (q.agreement && i.agreementId !== q.agreement) return false;
  if (q.from && (i.date ?? '') < q.from) return false;
  if (q.to && (i.date === null || i.date > q.to)) return false;
  if (q.status && !q.status.split(',').map((s) => s.trim()).includes(i.status)) return false;
  if (q.eventType && i.eventType !== q.eventType) return false;
  if (q.actor && i.actor1 !== q.actor && i.actor2 !== q.actor) return false;
  if (q.grade && i.grade !== q.grade) return false;
  if (q.provision && !i.provisions.some((p) => p.provisionId === q.provision)) return false;
  if (q.bbox) {
    const [w, s, e, n] = q.bbox.split(',').map(Number) as [number, number, number, number];
    const { lat, lon } = i.location ?? { lat: null, lon: null };
    if (lat === null || lon === null || lon < w || lon > e || lat < s || lat > n) return false;
  }
  if (terms.length > 0) {
    const hay = searchText(i);
    if (!terms.every((w) => hay.includes(` ${w}`))) return false;
  }
  return true;
}

/** One page of the latest release's incidents, newest first, with the same filters as the internal list. */
export async function publicIncidentPage(store: Store, q: PublicIncidentQuery): Promise<{ incidents: PublicIncident[]; next: string | null; release: number | null }> {
  let start = 0;
  if (q.after) {
    const m = /^r\d+:(\d{1,9})$/.exec(Buffer.from(q.after, 'base64url').toString('utf8'));
    if (!m) throw invalidInput('the page cursor is not one Truce gave out; start again from the first page', 'after');
    start = Number(m[1]);
  }
  const latest = await latestRelease(store.db);
  if (!latest) return { incidents: [], next: null, release: null };
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 1000);
  const terms = q.q ? words(q.q) : [];
  const all = latest.snapshot.incidents.filter((i) => matches(i, q, terms));
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? Buffer.from(`r${latest.release.number}:${start + limit}`).toString('base64url') : null;
  return { incidents: page, next, release: latest.release.number };
}

export async function publicIncident(store: Store, id: string): Promise<PublicIncident | undefined> {
  return (await latestRelease(store.db))?.snapshot.incidents.find((i) => i.id === id);
}

export async function publicSources(store: Store, text: string | undefined, limit: number): Promise<PublicSource[]> {
  const sources = (await latestRelease(store.db))?.snapshot.sources ?? [];
  const terms = text ? words(text) : [];
  return sources.filter((s) => terms.every((t) => words(`${s.title ?? ''} ${s.publisher ?? ''}`).some((w) => w.startsWith(t)))).slice(0, limit);
}

/** A series value (or any record) may cite a protected source by id: the public sees null in its place. */
async function withoutProtectedSourceIds(store: Store, events: AuditEvent[]): Promise<AuditEvent[]> {
  const cited = [...new Set(events.flatMap((e) => [e.old?.sourceDocumentId, e.new?.sourceDocumentId]).filter((v): v is string => typeof v === 'string'))];
  if (cited.length === 0) return events;
  const open = new Set((await store.db.selectFrom('sourceDocuments').select('id').where('id', 'in', cited).where('sensitivity', '=', 'public').execute()).map((r) => r.id));
  const strip = (o: Record<string, unknown> | null) => (o && typeof o.sourceDocumentId === 'string' && !open.has(o.sourceDocumentId) ? { ...o, sourceDocumentId: null } : o);
  return events.map((e) => ({ ...e, old: strip(e.old), new: strip(e.new) }));
}

/** Fields of an incident's history the public never sees: staff names, and notes when a protected source stands behind it. */
const STAFF_FIELDS = ['createdBy', 'updatedBy'];

/**
 * An entity's history as the public may read it: incidents only once released, with staff names and (when a
 * protected source stands behind the incident) its notes taken out of every event. Other public entities
 * (agreements, series, actors, releases) carry nothing protected.
 */
export async function publicHistory(store: Store, entity: string, id: string, events: AuditEvent[]): Promise<AuditEvent[]> {
  if (entity !== 'incident') return withoutProtectedSourceIds(store, events);
  if (!(await publicIncident(store, id))) return [];
  const hidden = new Set([...STAFF_FIELDS, ...((await incidentsWithProtectedSources(store.db, [id])).has(id) ? ['notes'] : [])]);
  const strip = (o: Record<string, unknown> | null) => (o ? Object.fromEntries(Object.entries(o).filter(([k]) => !hidden.has(k))) : o);
  return events.map((e) => ({ ...e, old: strip(e.old), new: strip(e.new) }));
}
