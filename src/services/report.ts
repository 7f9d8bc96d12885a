// Situation reports: gathers one period's records for an agreement — from the live store (staff) or from a numbered
// release (what the public may cite) — computes compliance with the same engine as `truce compliance`, and hands
// everything to the pure assembly (src/report/model.ts). Reads only.
//
// Protected sources never reach the assembly: claims from them are dropped here, series points citing them lose the
// citation, and the list of citable sources holds public documents only. A release's claims and series values are
// rebuilt from the audit log up to the release's audit event, so "release N" reads what was on record then.
import { type Agreement, agreementTerritories } from '../domain/agreement.ts';
import type { Claim } from '../domain/claim.ts';
import { complianceSeriesOf } from '../domain/compliance.ts';
import { tollTotal } from '../domain/estimate.ts';
import { UserError, invalidInput } from '../domain/errors.ts';
import { isIsoDate } from '../domain/incident.ts';
import { reportsOn, type Series, type SeriesPoint } from '../domain/series.ts';
import { assembleSitrep, daysBetween, type CitableSource, type ReportBasis, type ReportIncident, type Sitrep } from '../report/model.ts';
import type { Store } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';
import { listActors } from '../store/repositories/actors.ts';
import { bundledLexicon } from '../extract/bundled.ts';
import { listClaims } from '../store/repositories/claims.ts';
import { listIncidents } from '../store/repositories/incidents.ts';
import { getSeries, listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { agreementAsOf, areaTest, complianceOver, type LeanIncident } from './compliance.ts';
import type { ReleaseSnapshot } from './releases.ts';

export interface SitrepRequest {
  agreementId: string;
  from: string;
  to: string;
  /** A release number; `'latest'` for the newest release; absent for the live internal record. */
  release?: number | 'latest';
  /** The moment the report is made (from the caller's clock). */
  now: string;
}

/** Longest period one report covers: a sitrep is daily, weekly or monthly, not a history. */
export const MAX_PERIOD_DAYS = 366;

export function checkPeriod(from: string, to: string): void {
  if (!isIsoDate(from)) throw invalidInput(`--from "${from}" is not a day; give YYYY-MM-DD, e.g. 2025-11-03`, 'from');
  if (!isIsoDate(to)) throw invalidInput(`--to "${to}" is not a day; give YYYY-MM-DD, e.g. 2025-11-09`, 'to');
  if (to < from) throw invalidInput(`the period ends (${to}) before it starts (${from}); swap --from and --to`, 'to');
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw invalidInput(`the period is ${daysBetween(from, to)} days; a report covers at most ${MAX_PERIOD_DAYS}`, 'to');
}

export async function sitrepOf(store: Store, req: SitrepRequest): Promise<Sitrep> {
  checkPeriod(req.from, req.to);
  const end = `${req.to}T23:59:59Z`;
  const { stored, agreement } = await agreementAsOf(store, req.agreementId, end);
  const records = req.release === undefined ? await liveRecords(store, agreement, req.to) : await releaseRecords(store, agreement, req.release);
  // Indicators read only the series that report on this agreement, as in the live compliance and the overview.
  const territories = agreementTerritories(agreement);
  const indicatorSeries = records.series.filter((s) => reportsOn(s.series, agreement.id, territories));
  // By the compliance service's own input rule, so the report's verdicts are `truce compliance`'s (placing each
  // incident against the lines once per point and party, not once per incident).
  const compliance = complianceOver(agreement, end, leanIncidents(records.incidents, end), indicatorSeries.flatMap((s) => complianceSeriesOf(s.series, s.points.filter((p) => p.date <= req.to))));
  return assembleSitrep({ agreement, agreementVersion: stored.version, from: req.from, to: req.to, generatedAt: req.now, compliance, actorName: await actorNamesOf(store), ...records });
}

interface Records {
  basis: ReportBasis;
  incidents: ReportIncident[];
  series: { series: Series; points: SeriesPoint[] }[];
  claims: Claim[];
  sources: Map<string, CitableSource>;
  incidentSources: Map<string, string[]>;
}

function bboxOf(geojson: unknown): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
    else if (c && typeof c === 'object') Object.values(c).forEach(visit);
  };
  visit(geojson);
  return [w, s, e, n];
}

/** Incidents filed under the agreement, and unfiled ones inside its area on or after signing (as compliance counts them). */
function belongsTo(agreement: Agreement): (i: ReportIncident) => boolean {
  // The outline is tested once per point (areaTest remembers): incidents share a few thousand places.
  const inArea = areaTest(agreement);
  const signed = agreement.signedAt.slice(0, 10);
  return (i) => {
    if (i.agreementId === agreement.id) return true;
    if (i.agreementId !== null || !inArea || !i.date || i.date < signed) return false;
    const l = i.location;
    return !!l && l.lat !== null && l.lon !== null && inArea({ lon: l.lon, lat: l.lat });
  };
}

/** The report's incidents dated by `asOf` as the compliance service reads them (services/compliance.ts). */
function leanIncidents(incidents: readonly ReportIncident[], asOf: string): LeanIncident[] {
  const day = asOf.slice(0, 10);
  const out: LeanIncident[] = [];
  for (const i of incidents) {
    if (i.date === null || i.date.slice(0, 10) > day) continue;
    const l = i.location;
    out.push({ id: i.id, date: i.date, status: i.status, grade: i.grade, actor1: i.actor1, eventType: i.eventType, subEventType: i.subEventType, killedBest: tollTotal(i.killed)?.best ?? null, provisions: i.provisions, point: l && l.lat !== null && l.lon !== null ? { lon: l.lon, lat: l.lat } : null });
  }
  return out;
}

/** Names for ids the agreement does not list: the actors held, then the bundled registry (data/actors.yaml). */
async function actorNamesOf(store: Store): Promise<(id: string) => string | undefined> {
  const registry = bundledLexicon().actors;
  const held = new Map((await listActors(store.db)).map((a) => [a.id, a.name]));
  return (id) => held.get(id) ?? registry.get(id)?.name;
}

async function publicSources(store: Store): Promise<Map<string, CitableSource>> {
  const rows = await store.db.selectFrom('sourceDocuments').select(['id', 'kind', 'url', 'title', 'publisher', 'publishedAt']).where('sensitivity', '=', 'public').execute();
  return new Map(rows.map((r) => [r.id, { ...r, kind: r.kind as CitableSource['kind'] }]));
}

function sourcesBehindIncidents(claims: readonly Claim[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of claims) if (c.incidentId) out.set(c.incidentId, [...new Set([...(out.get(c.incidentId) ?? []), c.sourceDocumentId])]);
  return out;
}

const withoutProtectedCitations = (points: SeriesPoint[], sources: Map<string, CitableSource>) =>
  points.map((p) => (p.sourceDocumentId && !sources.has(p.sourceDocumentId) ? { ...p, sourceDocumentId: null } : p));

async function liveRecords(store: Store, agreement: Agreement, to: string): Promise<Records> {
  const head = await auditHeadOf(store.db);
  const sources = await publicSources(store);
  const keep = belongsTo(agreement);
  const incidents = new Map<string, ReportIncident>();
  // Filed under the agreement, and unfiled ones in its area's bounding box (belongsTo checks the area itself);
  // nothing after the period matters to it.
  const area = (agreement.geometry ?? []).find((g) => g.meaning?.role === 'agreement-area' && g.geojson)?.geojson;
  const filters = [{ agreementId: agreement.id, to }, ...(area ? [{ bbox: bboxOf(area), from: agreement.signedAt.slice(0, 10), to }] : [])];
  for (const filter of filters) {
    let after: string | undefined;
    do {
      const page = await listIncidents(store.db, store.engine, { ...filter, after, limit: 1000 });
      for (const { createdBy: _c, updatedBy: _u, ...i } of page.incidents) if (keep(i)) incidents.set(i.id, i);
      after = page.next ?? undefined;
    } while (after);
  }
  const claims = (await listClaims(store.db, { limit: 10_000_000 })).filter((c) => c.status !== 'rejected' && sources.has(c.sourceDocumentId));
  const series = [];
  for (const s of await listSeries(store.db)) series.push({ series: s, points: withoutProtectedCitations(await listSeriesPoints(store.db, s.id), sources) });
  return { basis: { kind: 'live', auditSeq: head.seq, auditHead: head.hash }, incidents: [...incidents.values()], series, claims, sources, incidentSources: sourcesBehindIncidents(claims) };
}

async function releaseRecords(store: Store, agreement: Agreement, which: number | 'latest'): Promise<Records> {
  let q = store.db.selectFrom('releases').selectAll();
  q = which === 'latest' ? q.orderBy('number', 'desc').limit(1) : q.where('number', '=', which);
  const row = await q.executeTakeFirst();
  if (!row) throw new UserError('not-found', which === 'latest' ? 'nothing has been released yet, so there is no public record to report on; an admin makes one with `truce release create`' : `there is no release ${which}; \`truce release list\` shows the releases held`, { field: 'release' });
  const snapshot = fromJson<ReleaseSnapshot>(row.snapshot, { incidents: [], sources: [], agreements: [], series: [] });
  const auditSeq = Number(row.auditSeq);
  const sources = new Map<string, CitableSource>(snapshot.sources.map((s) => [s.id, { id: s.id, kind: s.kind, url: s.url, title: s.title, publisher: s.publisher, publishedAt: s.publishedAt }]));
  const keep = belongsTo(agreement);
  const incidents = snapshot.incidents.filter(keep);

  // Claims and series values as they stood at the release's audit event, replayed from the audit log.
  const events = await store.db.selectFrom('auditEvents').select(['entity', 'entityId', 'action', 'new']).where('entity', 'in', ['claim', 'series-point']).where('seq', '<=', auditSeq).orderBy('seq').execute();
  const claimState = new Map<string, Record<string, unknown>>();
  const pointState = new Map<string, SeriesPoint>();
  for (const e of events) {
    const neu = fromJson<Record<string, unknown> | null>(e.new, null);
    if (!neu) continue;
    if (e.entity === 'claim') claimState.set(e.entityId, e.action === 'create' ? { ...neu } : { ...(claimState.get(e.entityId) ?? {}), ...neu });
    else pointState.set(e.entityId, neu as unknown as SeriesPoint);
  }
  // Only reviewed claims from sources the release published: nothing machine-made is published unreviewed.
  const claims = [...claimState.values()].map((c) => c as unknown as Claim).filter((c) => c.status === 'accepted' && sources.has(c.sourceDocumentId));
  const series = [];
  for (const { id } of snapshot.series) {
    const s = await getSeries(store.db, id);
    if (!s) continue;
    const points = [...pointState.values()].filter((p) => p.seriesId === id).sort((a, b) => (a.date < b.date ? -1 : 1));
    series.push({ series: s, points: withoutProtectedCitations(points, sources) });
  }
  const basis: ReportBasis = { kind: 'release', number: Number(row.number), createdAt: row.createdAt, note: row.note, contentHash: row.contentHash, auditSeq, auditHead: row.auditHead };
  return { basis, incidents, series, claims, sources, incidentSources: sourcesBehindIncidents(claims.filter((c) => c.incidentId && incidents.some((i) => i.id === c.incidentId))) };
}
