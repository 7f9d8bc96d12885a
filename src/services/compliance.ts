// Compliance of a stored agreement at a moment: gathers what the pure engine (src/domain/compliance.ts) needs from
// the store — the agreement version in force at that moment, its geometry as of then, the incidents that belong
// to it and the reported series its indicators read — and returns the engine's report unchanged.
import type { Agreement, AgreementGeometry } from '../domain/agreement.ts';
import { type ComplianceIncident, type ComplianceReport, type ComplianceSeriesPoint, assessCompliance, complianceIncidentOf, complianceSeriesOf } from '../domain/compliance.ts';
import { UserError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import { placeIncident, pointInZone, wrongSideOf } from '../geo/spatial.ts';
import type { Store } from '../store/connect.ts';
import { type StoredAgreement, getAgreement, listGeometries } from '../store/repositories/agreements.ts';
import { type IncidentFilter, listIncidents } from '../store/repositories/incidents.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';

export interface AgreementAsOf {
  stored: StoredAgreement;
  agreement: Agreement;
}

/**
 * The version of an agreement that applied at `asOf`: the newest version signed on or before that moment (an
 * amendment signed later does not rewrite what was promised earlier). Without `asOf`, the newest version.
 * Geometry is the version of each line or zone valid at `asOf`, so a moved line is judged where it lay then.
 */
export async function agreementAsOf(store: Store, id: string, asOf?: string): Promise<AgreementAsOf> {
  const versions = await store.db.selectFrom('agreements').select(['version', 'signedAt']).where('id', '=', id).orderBy('version', 'desc').execute();
  if (versions.length === 0) throw new UserError('not-found', `no agreement "${id}" is held; \`truce agreement list\` shows what is, \`truce agreement load FILE\` adds one`, { field: 'agreement' });
  const at = asOf ? Date.parse(asOf) : Number.NaN;
  const chosen = Number.isNaN(at) ? versions[0]! : (versions.find((v) => v.signedAt === null || Date.parse(v.signedAt) <= at) ?? versions[versions.length - 1]!);
  const stored = (await getAgreement(store.db, id, Number(chosen.version)))!;
  const agreement = stored.document as Agreement;
  const geometry = await listGeometries(store.db, id, asOf);
  if (geometry.length > 0) {
    const byName = new Map((agreement.geometry ?? []).map((g) => [g.name, g] as const));
    for (const g of geometry) {
      const declared = byName.get(g.name);
      byName.set(g.name, { ...(declared ?? {}), name: g.name, kind: g.kind, meaning: g.meaning, geojson: g.geojson ?? declared?.geojson, validFrom: g.validFrom ?? undefined } as AgreementGeometry);
    }
    return { stored, agreement: { ...agreement, geometry: [...byName.values()] } };
  }
  return { stored, agreement };
}

/** Every incident (all pages) matching `filter`. */
async function* allIncidents(store: Store, filter: IncidentFilter): AsyncGenerator<Incident> {
  let after: string | undefined;
  do {
    const page = await listIncidents(store.db, store.engine, { ...filter, after, limit: 1000 });
    yield* page.incidents;
    after = page.next ?? undefined;
  } while (after);
}

/**
 * The incidents that belong to an agreement: those filed under it, and those filed under no agreement that lie
 * inside its area (its `agreement-area` zone) on or after its signing — a freshly ingested report of a strike in
 * Khan Younis counts for the Gaza ceasefire before anyone files it. Compliance and tallies both count these, so
 * the two never disagree about which incidents are the agreement's. `filter` narrows by status or dates.
 */
export async function* incidentsUnder(store: Store, agreement: Agreement, filter: Pick<IncidentFilter, 'status' | 'from' | 'to'> = {}): AsyncGenerator<Incident> {
  const seen = new Set<string>();
  for await (const i of allIncidents(store, { ...filter, agreementId: agreement.id })) {
    seen.add(i.id);
    yield i;
  }
  const area = (agreement.geometry ?? []).find((g) => (g.meaning as { role?: string } | undefined)?.role === 'agreement-area' && g.geojson);
  if (!area?.geojson) return;
  const signed = agreement.signedAt.slice(0, 10);
  const from = filter.from && filter.from > signed ? filter.from : signed;
  for await (const i of allIncidents(store, { ...filter, bbox: bboxOf(area.geojson), from })) {
    const point = pointOf(i);
    if (!seen.has(i.id) && i.agreementId === null && point && pointInZone(point, area.geojson)) yield i;
  }
}

/** The agreement's incidents as the compliance engine reads them, as of `asOf`. */
async function incidentsOf(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceIncident[]> {
  const out = new Map<string, ComplianceIncident>();
  for await (const incident of incidentsUnder(store, agreement)) {
    if (out.has(incident.id)) continue;
    const c = complianceIncidentOf(incident, agreement);
    if (!c || c.date.slice(0, 10) > asOf.slice(0, 10)) continue;
    const point = pointOf(incident);
    if (point && (agreement.geometry ?? []).some((g) => g.geojson)) {
      const wrong = wrongSideOf(placeIncident(point, agreement, asOf), c.perpetrator);
      if (wrong.length > 0) c.wrongSideOf = wrong;
    }
    out.set(incident.id, c);
  }
  return [...out.values()];
}

function pointOf(i: Incident): { lon: number; lat: number } | null {
  const l = i.location;
  return l && l.lat !== null && l.lon !== null ? { lon: l.lon, lat: l.lat } : null;
}

function bboxOf(geojson: NonNullable<AgreementGeometry['geojson']>): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  const g = geojson as { type: string; coordinates?: unknown; features?: Array<{ geometry: { coordinates: unknown } }>; geometry?: { coordinates: unknown } };
  if (g.features) g.features.forEach((f) => visit(f.geometry?.coordinates));
  else if (g.geometry) visit(g.geometry.coordinates);
  else visit(g.coordinates);
  return [w, s, e, n];
}

/** The reported series an agreement's indicators read, each point tagged with its reporting body. */
async function seriesOf(store: Store, agreement: Agreement, asOf: string): Promise<ComplianceSeriesPoint[]> {
  const metrics = new Set(agreement.provisions.flatMap((p) => (p.indicator ? [p.indicator.metric] : [])));
  if (metrics.size === 0) return [];
  const out: ComplianceSeriesPoint[] = [];
  for (const s of await listSeries(store.db)) {
    if (!metrics.has(s.metric)) continue;
    out.push(...complianceSeriesOf(s, await listSeriesPoints(store.db, s.id, { to: asOf.slice(0, 10) })));
  }
  return out;
}

export interface ComplianceResult {
  agreement: Agreement;
  version: number;
  report: ComplianceReport;
  incidentsConsidered: number;
}

/** Compliance of agreement `id` per provision, party and phase at `asOf` (an ISO date or date-time). */
export async function complianceOf(store: Store, id: string, asOf: string): Promise<ComplianceResult> {
  const at = normaliseAsOf(asOf);
  const { stored, agreement } = await agreementAsOf(store, id, at);
  const incidents = await incidentsOf(store, agreement, at);
  const series = await seriesOf(store, agreement, at);
  const report = assessCompliance({ agreement, asOf: at, incidents, series });
  return { agreement, version: stored.version, report, incidentsConsidered: incidents.length };
}

/** A date alone means the end of that day (UTC): "as of 20 October" includes what happened on the 20th. */
export function normaliseAsOf(asOf: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return `${asOf}T23:59:59Z`;
  if (Number.isNaN(Date.parse(asOf))) throw new UserError('invalid-input', `"${asOf}" is not a date; give YYYY-MM-DD or an ISO date-time such as 2025-10-20T12:00:00Z`, { field: 'asOf' });
  return asOf;
}
