// Situation reports: gathers one period's records for an agreement — from the live store (staff) or from a numbered
// release (what the public may cite) — computes compliance with the same engine as `truce compliance`, and hands
// everything to the pure assembly (src/report/model.ts). Reads only (beyond the kept compliance it may compute).
//
// Only the period and the one before it are read as records; what reaches back to the agreement's start (the
// verified sum, incidents per day, compliance) comes summed in SQL or from the kept compliance (services/kept.ts),
// so a weekly report over a record of a million incidents reads a few tens of thousands of them, not all.
//
// Protected sources never reach the assembly: claims from them are dropped here, series points citing them lose the
// citation, and the list of citable sources holds public documents only. A release's claims and series values are
// rebuilt from the audit log up to the release's audit event, so "release N" reads what was on record then.
import { type ExpressionBuilder, sql } from 'kysely';
import { type Agreement, agreementTerritories } from '../domain/agreement.ts';
import type { Claim } from '../domain/claim.ts';
import { type ComplianceReport, complianceSeriesOf } from '../domain/compliance.ts';
import { computeTallies } from '../consolidate/tallies.ts';
import { tollTotal } from '../domain/estimate.ts';
import { UserError, invalidInput } from '../domain/errors.ts';
import { type Incident, isIsoDate } from '../domain/incident.ts';
import { reportsOn, type SeriesPoint } from '../domain/series.ts';
import { assembleSitrep, daysBetween, sitrepDays, type CitableSource, type ReportBasis, type ReportIncident, type Sitrep, type SitrepInput } from '../report/model.ts';
import type { Store } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';
import { listActors } from '../store/repositories/actors.ts';
import { bundledActors } from '../extract/bundled.ts';
import { listClaims } from '../store/repositories/claims.ts';
import { getSeries, listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { SORT_DAY, agreementAsOf, areaTest, complianceOver, incidentsUnder, keptComplianceOf, type LeanIncident, leanIndex, pointsInside } from './compliance.ts';
import { agreementArms, verifiedSum } from './overview.ts';
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
  const days = sitrepDays(agreement, req.from, req.to);
  const records = req.release === undefined ? await liveRecords(store, agreement, days, req.to) : await releaseRecords(store, agreement, days, req.to, req.release);
  // By the compliance service's own input rule, so the report's verdicts are `truce compliance`'s (placing each
  // incident against the lines once per point and party, not once per incident).
  const recentCompliance = complianceOver(agreement, end, leanIncidents(records.incidents, end), indicatorPoints(agreement, records.series, req.to), { evidenceLimit: Infinity });
  return assembleSitrep({ agreement, agreementVersion: stored.version, from: req.from, to: req.to, generatedAt: req.now, recentCompliance, actorName: await actorNamesOf(store), ...records });
}

type Days = ReturnType<typeof sitrepDays>;

/** Indicators read only the series that report on this agreement, as in the live compliance and the overview. */
function indicatorPoints(agreement: Agreement, series: Records['series'], to: string) {
  const territories = agreementTerritories(agreement);
  return series.filter((s) => reportsOn(s.series, agreement.id, territories)).flatMap((s) => complianceSeriesOf(s.series, s.points.filter((p) => p.date <= to)));
}

type Records = Pick<SitrepInput, 'basis' | 'incidents' | 'verifiedSinceStart' | 'perDay' | 'compliance' | 'series' | 'claims' | 'sources' | 'incidentSources'>;

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
  const registry = bundledActors();
  const held = new Map((await listActors(store.db)).map((a) => [a.id, a.name]));
  return (id) => held.get(id) ?? registry.get(id)?.name;
}

/** Which of the documents `ids` are public, with what a report may say of them. */
async function publicSources(store: Store, ids: Iterable<string>): Promise<Map<string, CitableSource>> {
  const out = new Map<string, CitableSource>();
  const all = [...new Set(ids)];
  for (let k = 0; k < all.length; k += 500) {
    const rows = await store.db.selectFrom('sourceDocuments').select(['id', 'kind', 'url', 'title', 'publisher', 'publishedAt']).where('sensitivity', '=', 'public').where('id', 'in', all.slice(k, k + 500)).execute();
    for (const r of rows) out.set(r.id, { ...r, kind: r.kind as CitableSource['kind'] });
  }
  return out;
}

function sourcesBehindIncidents(claims: Iterable<Pick<Claim, 'incidentId' | 'sourceDocumentId'>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of claims) if (c.incidentId) out.set(c.incidentId, [...new Set([...(out.get(c.incidentId) ?? []), c.sourceDocumentId])]);
  return out;
}

/** The kinds of claim the report reads whole (its incident claims only cite their sources). */
const REPORTED_CLAIM_KINDS = ['tally', 'pledge', 'objection', 'position', 'accusation', 'denial'] as const;

/**
 * Incidents per day from `from` to `to` as the agreement's incident walk finds them (filed under it, and unfiled
 * inside its area from its signing on), rejected and merged ones not counted, in SQL: the outline is tested once
 * per point, and the points inside are then named in the query.
 */
async function incidentsPerDay(store: Store, agreement: Agreement, from: string, to: string): Promise<Map<string, { verified: number; alleged: number }>> {
  const out = new Map<string, { verified: number; alleged: number }>();
  const [filed, unfiled] = agreementArms(agreement, from, to);
  // Grouped by the order of 0006's covering index (named as the walk names it, `leanIndex`), coalesce(date, ''), with
  // the verified counted in the group: SQLite walks the days in order and needs no temporary b-tree, which grouping by
  // (date, status) built (the filed arm of a weekly report's chart at 1M: 120 -> 77 ms; bench/RESULTS.md Finding 20).
  // The arms only take dated incidents. PostgreSQL plans both shapes alike (its status index, in parallel).
  type DayCount = { day: string; n: number | string | bigint; verified: number | string | bigint | null };
  const perDay = (arm: NonNullable<typeof filed>, inside?: (typeof inAreaChunks)[number]) => {
    const q = store.db
      .selectFrom(leanIndex(store))
      .select((eb: ExpressionBuilder<any, any>) => [SORT_DAY.as('day'), eb.fn.countAll().as('n'), sql`sum(case when status in ('verified', 'published') then 1 else 0 end)`.as('verified')])
      .where(arm)
      .where('status', 'not in', ['rejected', 'merged']);
    return (inside ? q.where(inside) : q).groupBy(SORT_DAY).execute() as Promise<DayCount[]>;
  };
  const add = (rows: DayCount[]) => {
    for (const r of rows) {
      if (r.day === '') continue;
      const day = r.day.slice(0, 10);
      let d = out.get(day);
      if (!d) out.set(day, (d = { verified: 0, alleged: 0 }));
      const verified = Number(r.verified ?? 0);
      d.verified += verified;
      d.alleged += Number(r.n) - verified;
    }
  };
  add(await perDay(filed!));
  const inAreaChunks = unfiled ? await pointsInside(agreement, () => store.db.selectFrom('incidents').select(['lat', 'lon']).distinct().where(unfiled).execute()) : [];
  for (const inside of inAreaChunks) add(await perDay(unfiled!, inside));
  return out;
}

const withoutProtectedCitations = (points: SeriesPoint[], sources: Map<string, CitableSource>) =>
  points.map((p) => (p.sourceDocumentId && !sources.has(p.sourceDocumentId) ? { ...p, sourceDocumentId: null } : p));

async function liveRecords(store: Store, agreement: Agreement, days: Days, to: string): Promise<Records> {
  const head = await auditHeadOf(store.db);
  const incidents: ReportIncident[] = [];
  for await (const { createdBy: _c, updatedBy: _u, ...i } of incidentsUnder(store, agreement, { from: days.previousFrom, to })) incidents.push(i);
  // The claims a report reads whole (tallies, pledges, statements; few), and the sources behind the incidents listed.
  const claims: Claim[] = [];
  for (const kind of REPORTED_CLAIM_KINDS) for (const c of await listClaims(store.db, { kind, limit: 10_000_000 })) if (c.status !== 'rejected') claims.push(c);
  const behind: Array<{ incidentId: string | null; sourceDocumentId: string }> = [];
  const ids = incidents.map((i) => i.id);
  for (let k = 0; k < ids.length; k += 500) {
    behind.push(...(await store.db.selectFrom('claims').select(['incidentId', 'sourceDocumentId']).where('incidentId', 'in', ids.slice(k, k + 500)).where('status', '!=', 'rejected').execute()));
  }
  const held = [];
  for (const s of await listSeries(store.db)) held.push({ series: s, points: await listSeriesPoints(store.db, s.id) });
  const sources = await publicSources(store, [...claims.map((c) => c.sourceDocumentId), ...behind.map((c) => c.sourceDocumentId), ...held.flatMap((s) => s.points.flatMap((p) => (p.sourceDocumentId ? [p.sourceDocumentId] : [])))]);
  const series = held.map(({ series, points }) => ({ series, points: withoutProtectedCitations(points, sources) }));
  // The figures `truce compliance` gives as of the period's end, current with the record (never a stale copy: the
  // report states the audit event it reads).
  const compliance: ComplianceReport = (await keptComplianceOf(store, agreement.id, `${to}T23:59:59Z`, { waitBelowMs: Infinity })).report;
  return {
    basis: { kind: 'live', auditSeq: head.seq, auditHead: head.hash },
    incidents,
    verifiedSinceStart: await verifiedSum(store, agreement, days.startDay, to),
    perDay: await incidentsPerDay(store, agreement, days.chartFrom, to),
    compliance,
    series,
    claims: claims.filter((c) => sources.has(c.sourceDocumentId)),
    sources,
    incidentSources: sourcesBehindIncidents(behind.filter((c) => sources.has(c.sourceDocumentId))),
  };
}

async function releaseRecords(store: Store, agreement: Agreement, days: Days, to: string, which: number | 'latest'): Promise<Records> {
  let q = store.db.selectFrom('releases').selectAll();
  q = which === 'latest' ? q.orderBy('number', 'desc').limit(1) : q.where('number', '=', which);
  const row = await q.executeTakeFirst();
  if (!row) throw new UserError('not-found', which === 'latest' ? 'nothing has been released yet, so there is no public record to report on; an admin makes one with `truce release create`' : `there is no release ${which}; \`truce release list\` shows the releases held`, { field: 'release' });
  const snapshot = fromJson<ReleaseSnapshot>(row.snapshot, { incidents: [], sources: [], agreements: [], series: [] });
  const auditSeq = Number(row.auditSeq);
  const sources = new Map<string, CitableSource>(snapshot.sources.map((s) => [s.id, { id: s.id, kind: s.kind, url: s.url, title: s.title, publisher: s.publisher, publishedAt: s.publishedAt }]));
  const keep = belongsTo(agreement);
  // A release holds published incidents only and is read whole: its sums are made here, as SQL makes the live ones.
  const all = snapshot.incidents.filter(keep);
  const incidents = all.filter((i) => i.date !== null && i.date.slice(0, 10) >= days.previousFrom && i.date.slice(0, 10) <= to);
  const perDay = new Map<string, { verified: number; alleged: number }>();
  for (const i of all) {
    const day = i.date?.slice(0, 10);
    if (!day || day < days.chartFrom || day > to || i.status === 'rejected' || i.status === 'merged') continue;
    let d = perDay.get(day);
    if (!d) perDay.set(day, (d = { verified: 0, alleged: 0 }));
    d[i.status === 'verified' || i.status === 'published' ? 'verified' : 'alleged']++;
  }

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
  const listed = new Set(incidents.map((i) => i.id));
  const end = `${to}T23:59:59Z`;
  return {
    basis,
    incidents,
    verifiedSinceStart: computeTallies({ agreementId: agreement.id, start: days.startDay, asOf: to, territories: [], series: [], tallyClaims: [], incidents: all as Incident[] }).incidents,
    perDay,
    compliance: complianceOver(agreement, end, leanIncidents(all, end), indicatorPoints(agreement, series, to)),
    series,
    claims,
    sources,
    incidentSources: sourcesBehindIncidents(claims.filter((c) => c.incidentId && listed.has(c.incidentId))),
  };
}
