// What the dashboard shows for one agreement, aggregated on the server so a browser never downloads every incident
// to draw a chart: day N, tallies by reporting body beside the sum over verified incidents, alleged vs verified
// violations per party per week, aid trucks per day per body against the target, troop pledges against the
// requirement with objections, deadlines, phases — and the points the map draws.
//
// Two views of the same computation: `internal` (staff: the whole record) and `public` (the public and liaisons:
// only the latest release's snapshot — published incidents, public sources — so nothing protected is reachable).
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Agreement } from '../domain/agreement.ts';
import { actorIdOf, actorName } from '../domain/agreement.ts';
import { complianceSeriesOf, type ComplianceReport } from '../domain/compliance.ts';
import type { AidClaimBody, Claim, ObjectionClaimBody, PledgeClaimBody, TallyClaimBody } from '../domain/claim.ts';
import type { Estimate } from '../domain/estimate.ts';
import { tollTotal } from '../domain/estimate.ts';
import { agreementTerritories } from '../domain/agreement.ts';
import { reportsOn, type Series } from '../domain/series.ts';
import { computeTallies, type TallyClaimInput, type TallyReport } from '../consolidate/tallies.ts';
import { auditHeadOf } from '../store/repositories/audit.ts';
import { type Freshness, type KeptOptions, keptKey, keptReport } from './kept.ts';
import type { Store } from '../store/connect.ts';
import { listActors } from '../store/repositories/actors.ts';
import { listClaims } from '../store/repositories/claims.ts';
import { listSeries, listSeriesPoints } from '../store/repositories/series.ts';
import { agreementAsOf, areaOf, areaTest, assessEntries, complianceGroupsInSql, complianceOver, type LeanIncident, normaliseAsOf, SORT_DAY, type TollGroup, walkAgreement, walkHeld, walksShared } from './compliance.ts';
import type { TruceDatabase } from '../store/schema.ts';
import { latestRelease, type PublicIncident } from './releases.ts';

export type OverviewView = 'internal' | 'public';

/** One group of incidents: a day, an alleged perpetrator as written, a workflow status. */
interface IncidentGroup {
  date: string;
  actor1: string | null;
  status: string;
  /** filed under the agreement (false: filed under none, but inside its area) */
  filed: boolean;
  count: number;
  killedLow: number;
  killedBest: number;
  killedHigh: number;
  /** how many of them report any deaths or injuries (a sum over none is "none reported", not 0) */
  withKilled: number;
  withInjured: number;
  injuredLow: number;
  injuredBest: number;
  injuredHigh: number;
}

export interface OverviewReport {
  view: OverviewView;
  /** The release the public view is read from (null before the first release, or for staff). */
  release: number | null;
  agreement: { id: string; title: string; version: number; signedAt: string | null; inForceAt: string | null; asOf: string; dayN: number | null; parties: Array<{ id: string; name: string }> };
  incidents: { total: number; byStatus: Record<string, number> };
  tallies: {
    since: string;
    bodies: Array<{ bodyId: string; bodyName: string; seriesId: string; metric: string; value: number | null; asOf: string | null; method: string; estimated: boolean }>;
    claims: Array<{ body: string; bodyName: string; metric: string; value: number; since: string | null; asOf: string | null }>;
    verified: { count: number; killed: Estimate | null; injured: Estimate | null };
    /** Series that name no territory or agreement: not listed above, named so they are not lost. */
    unlinked: string[];
  };
  /** Deaths since the start over time: verified incidents summed per day (cumulative), and each body's own series. */
  deathsOverTime: {
    verified: Array<{ date: string; low: number; best: number; high: number }>;
    bodies: Array<{ seriesId: string; bodyId: string; bodyName: string; metric: string; mode: string; points: Array<{ date: string; value: number }> }>;
  };
  /** Incidents per week (Monday) per party: alleged = draft or in review, verified = verified or published. */
  violations: { weeks: string[]; parties: Array<{ id: string; name: string; alleged: number[]; verified: number[] }> };
  aid: {
    provisionId: string | null;
    metric: string | null;
    target: number | null;
    per: string | null;
    bodies: Array<{ body: string; bodyName: string; from: 'series' | 'claims'; points: Array<{ date: string; value: number }> }>;
  };
  pledges: {
    requirement: { provisionId: string; target: number; unit: string | null; note: string | null } | null;
    pledges: Array<{ country: string; force: string; troops: Estimate | null; status: string; claimedAt: string | null; claimStatus: string; claimant: string | null }>;
    objections: Array<{ objector: string; objectsTo: string; force: string | null; claimedAt: string | null; claimStatus: string }>;
  };
  deadlines: Array<{ provisionId: string; act: string; party: string; partyName: string; status: string; state: string; at: string | null; hoursLeft: number | null; reason: string }>;
  phases: Array<{ phaseId: string; name: string; order: number; status: string; startsAt: string | null; waitingOn: string | null; counts: Record<string, number>; openItems: number; blockedBy: Array<{ provisionId: string; party: string; status: string; reason: string }> }>;
}

const DAY_MS = 86_400_000;
const ALLEGED = new Set(['draft', 'in-review']);
const VERIFIED = new Set(['verified', 'published']);
const COUNTED_OUT = new Set(['rejected', 'merged']);

/** The Monday of an ISO day's week. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * DAY_MS).toISOString().slice(0, 10);
}

function weeksBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${weekOf(first)}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 7 * DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export type IncidentCondition = (eb: ExpressionBuilder<TruceDatabase, 'incidents'>) => Expression<SqlBool>;

/**
 * The agreement's dated incidents from `from` (null: any day) to `to` as two conditions, each answered by one walk
 * of migration 0006's covering index: filed under it, and filed under none, inside its area's bounding box, from
 * its signing on. Asked as one OR, SQLite gathered the row ids from both and then read every table row: seconds at
 * a million incidents.
 */
export function agreementArms(agreement: Agreement, from: string | null, to: string): IncidentCondition[] {
  const box = areaOf(agreement)?.box ?? null;
  const signed = (agreement.signedAt ?? agreement.inForceAt ?? '0000').slice(0, 10);
  const filed: IncidentCondition = (eb) =>
    eb.and([eb('agreementId', '=', agreement.id), eb('date', 'is not', null), eb('date', '<=', to), eb(SORT_DAY, '<=', to), ...(from ? [eb('date', '>=', from), eb(SORT_DAY, '>=', from)] : [])]);
  if (!box) return [filed];
  const since = from && from > signed ? from : signed;
  const unfiled: IncidentCondition = (eb) =>
    eb.and([eb('agreementId', 'is', null), eb('date', '>=', since), eb(SORT_DAY, '>=', since), eb('date', '<=', to), eb(SORT_DAY, '<=', to), eb('lon', '>=', box[0]), eb('lon', '<=', box[2]), eb('lat', '>=', box[1]), eb('lat', '<=', box[3])]);
  return [filed, unfiled];
}

/**
 * The incidents an agreement is judged on, grouped in SQL: those filed under it, and those filed under no agreement
 * inside its area's bounding box from its signing on (the compliance service refines the box to the outline).
 */
async function internalGroups(store: Store, agreement: Agreement, asOfDay: string): Promise<IncidentGroup[]> {
  const query = (arm: IncidentCondition) =>
    store.db
      .selectFrom('incidents')
      .select((eb) => [
        'date',
        'actor1',
        'status',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('killedLow').as('kl'),
        eb.fn.sum<number>('killedBest').as('kb'),
        eb.fn.sum<number>('killedHigh').as('kh'),
        eb.fn.count<number>('killedBest').as('nk'),
        eb.fn.sum<number>('injuredLow').as('il'),
        eb.fn.sum<number>('injuredBest').as('ib'),
        eb.fn.sum<number>('injuredHigh').as('ih'),
        eb.fn.count<number>('injuredBest').as('ni'),
        'agreementId',
      ])
      .where(arm)
      .groupBy(['date', 'actor1', 'status', 'agreementId'])
      .execute();
  const rows: Awaited<ReturnType<typeof query>> = [];
  for (const arm of agreementArms(agreement, null, asOfDay)) rows.push(...(await query(arm)));
  // In the order one grouped query over both gave on SQLite (PostgreSQL's was arbitrary): by day, actor, status.
  const key = (r: (typeof rows)[number]) => [r.date ?? '', r.actor1 === null ? '' : `~${r.actor1}`, r.status, r.agreementId === null ? '' : `~${r.agreementId}`];
  rows.sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  });
  return rows.map((r) => ({
    date: r.date!,
    actor1: r.actor1,
    status: r.status,
    filed: r.agreementId === agreement.id,
    count: Number(r.n),
    killedLow: Number(r.kl ?? 0),
    killedBest: Number(r.kb ?? 0),
    killedHigh: Number(r.kh ?? 0),
    withKilled: Number(r.nk ?? 0),
    injuredLow: Number(r.il ?? 0),
    injuredBest: Number(r.ib ?? 0),
    injuredHigh: Number(r.ih ?? 0),
    withInjured: Number(r.ni ?? 0),
  }));
}

function publicGroups(incidents: readonly PublicIncident[], agreement: Agreement, asOfDay: string): IncidentGroup[] {
  const groups = new Map<string, IncidentGroup>();
  for (const i of publicIncidentsOf(incidents, agreement, asOfDay)) {
    const key = `${i.date}\u0000${i.actor1 ?? ''}\u0000${i.status}\u0000${i.agreementId ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { date: i.date!, actor1: i.actor1, status: i.status, filed: i.agreementId === agreement.id, count: 0, killedLow: 0, killedBest: 0, killedHigh: 0, withKilled: 0, injuredLow: 0, injuredBest: 0, injuredHigh: 0, withInjured: 0 }));
    const k = tollTotal(i.killed);
    const j = tollTotal(i.injured);
    g.count++;
    g.killedLow += k?.low ?? 0;
    g.killedBest += k?.best ?? 0;
    g.killedHigh += k?.high ?? 0;
    g.withKilled += k ? 1 : 0;
    g.injuredLow += j?.low ?? 0;
    g.injuredBest += j?.best ?? 0;
    g.injuredHigh += j?.high ?? 0;
    g.withInjured += j ? 1 : 0;
  }
  return [...groups.values()];
}

function publicIncidentsOf(incidents: readonly PublicIncident[], agreement: Agreement, asOfDay: string): PublicIncident[] {
  const box = areaOf(agreement)?.box ?? null;
  const signed = (agreement.signedAt ?? agreement.inForceAt ?? '0000').slice(0, 10);
  return incidents.filter((i) => {
    if (i.date === null || i.date > asOfDay) return false;
    if (i.agreementId === agreement.id) return true;
    if (i.agreementId !== null || !box || i.date < signed) return false;
    const { lat, lon } = i.location ?? { lat: null, lon: null };
    return lat !== null && lon !== null && lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
  });
}

/** The kinds of claim the dashboard reads; incident claims (most of them) are left in the store. */
const OVERVIEW_CLAIM_KINDS = ['tally', 'aid', 'pledge', 'objection'] as const;

/**
 * Claims a view may read: staff every claim not rejected; the public only accepted claims from released public
 * sources. Each kind in the list's own order (every use below reads one kind at a time).
 */
async function claimsFor(store: Store, view: OverviewView, publicSourceIds: Set<string>): Promise<Claim[]> {
  const all = (await Promise.all(OVERVIEW_CLAIM_KINDS.map((kind) => listClaims(store.db, { kind, limit: 1_000_000 })))).flat();
  return all.filter((c) => (view === 'internal' ? c.status !== 'rejected' : c.status === 'accepted' && publicSourceIds.has(c.sourceDocumentId)));
}

/**
 * The walk's toll groups as the dashboard groups incidents (day, actor as written, status, filed or not): unfiled
 * incidents count anywhere inside the area's bounding box (as the dashboard always has), in the order one grouped
 * query over both arms gave on SQLite.
 */
function groupsOf(tolls: readonly TollGroup[], agreement: Agreement): IncidentGroup[] {
  const merged = new Map<string, IncidentGroup>();
  for (const t of tolls) {
    const key = `${t.date}\u0000${t.actor1 === null ? '' : `~${t.actor1}`}\u0000${t.status}\u0000${t.filed ? `~${agreement.id}` : ''}`;
    const g = merged.get(key);
    if (!g) merged.set(key, { date: t.date, actor1: t.actor1, status: t.status, filed: t.filed, count: t.count, killedLow: t.killedLow, killedBest: t.killedBest, killedHigh: t.killedHigh, withKilled: t.withKilled, injuredLow: t.injuredLow, injuredBest: t.injuredBest, injuredHigh: t.injuredHigh, withInjured: t.withInjured });
    else {
      g.count += t.count;
      g.killedLow += t.killedLow; g.killedBest += t.killedBest; g.killedHigh += t.killedHigh; g.withKilled += t.withKilled;
      g.injuredLow += t.injuredLow; g.injuredBest += t.injuredBest; g.injuredHigh += t.injuredHigh; g.withInjured += t.withInjured;
    }
  }
  const key = (g: IncidentGroup) => [g.date, g.actor1 === null ? '' : `~${g.actor1}`, g.status, g.filed ? `~${agreement.id}` : ''];
  return [...merged.values()].sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  });
}

/** Groups of incidents summed: how many, how many report a toll, and each toll's low (or best), best and high (or best). */
interface TollSums { count: number; withKilled: number; withInjured: number; killed: [number, number, number]; injured: [number, number, number] }

/** The verified sum from groups already chosen: low, best and high each summed on its own; null where none reports a figure. */
function verifiedTotal(groups: Iterable<TollSums>): TallyReport['incidents'] {
  let count = 0;
  let withKilled = 0;
  let withInjured = 0;
  const killed = { low: 0, best: 0, high: 0 };
  const injured = { low: 0, best: 0, high: 0 };
  for (const g of groups) {
    count += g.count;
    withKilled += g.withKilled;
    withInjured += g.withInjured;
    killed.low += g.killed[0]; killed.best += g.killed[1]; killed.high += g.killed[2];
    injured.low += g.injured[0]; injured.best += g.injured[1]; injured.high += g.injured[2];
  }
  return { count, killed: { total: withKilled ? killed : null, byGroup: {} }, injured: { total: withInjured ? injured : null, byGroup: {} }, incidentIds: [] };
}

/** `verifiedSum` from the walk's toll groups: verified or published, from the start, filed or inside the outline. */
function verifiedOf(tolls: readonly TollGroup[], startDay: string): TallyReport['incidents'] {
  return verifiedTotal(
    tolls
      .filter((t) => t.inArea && VERIFIED.has(t.status) && t.date >= startDay)
      .map((t) => ({ count: t.count, withKilled: t.withKilled, withInjured: t.withInjured, killed: [t.killedLowOrBest, t.killedBest, t.killedHighOrBest], injured: [t.injuredLowOrBest, t.injuredBest, t.injuredHighOrBest] })),
  );
}

/**
 * The verified sum the tallies service gives (services/tallies.ts: verified or published incidents from the start to
 * as-of, filed under the agreement or unfiled inside its area), summed in SQL per point so the area's outline is
 * tested once per place: low, best and high each summed on its own, over the incidents that report a figure.
 */
export async function verifiedSum(store: Store, agreement: Agreement, startDay: string, asOfDay: string): Promise<TallyReport['incidents']> {
  const inArea = areaTest(agreement);
  const query = (arm: IncidentCondition) =>
    store.db
      .selectFrom('incidents')
      .select((eb) => [
        'agreementId',
        'lat',
        'lon',
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('killedBest').as('nk'),
        eb.fn.sum<number>(sql`coalesce(killed_low, killed_best)`).as('kl'),
        eb.fn.sum<number>('killedBest').as('kb'),
        eb.fn.sum<number>(sql`coalesce(killed_high, killed_best)`).as('kh'),
        eb.fn.count<number>('injuredBest').as('ni'),
        eb.fn.sum<number>(sql`coalesce(injured_low, injured_best)`).as('il'),
        eb.fn.sum<number>('injuredBest').as('ib'),
        eb.fn.sum<number>(sql`coalesce(injured_high, injured_best)`).as('ih'),
      ])
      .where('status', 'in', ['verified', 'published'])
      .where(arm)
      .groupBy(['agreementId', 'lat', 'lon'])
      .execute();
  const rows: Awaited<ReturnType<typeof query>> = [];
  for (const arm of agreementArms(agreement, startDay, asOfDay)) rows.push(...(await query(arm)));
  return verifiedTotal(
    rows
      .filter((r) => r.agreementId !== null || (r.lat !== null && r.lon !== null && !!inArea?.({ lon: Number(r.lon), lat: Number(r.lat) })))
      .map((r) => ({ count: Number(r.n), withKilled: Number(r.nk), withInjured: Number(r.ni), killed: [Number(r.kl ?? 0), Number(r.kb ?? 0), Number(r.kh ?? 0)], injured: [Number(r.il ?? 0), Number(r.ib ?? 0), Number(r.ih ?? 0)] })),
  );
}

/**
 * The dashboard of an agreement at `asOf` (absent: now), as kept with the audit head it was computed at
 * (services/kept.ts): current when the record has not changed since; when it has and the last computation was slow
 * (a million incidents), the kept figures come back marked stale while newer ones are computed.
 */
export async function overviewOf(store: Store, agreementId: string, asOf: string | undefined, view: OverviewView, options: KeptOptions = {}): Promise<OverviewReport & { freshness: Freshness }> {
  const at = normaliseAsOf(asOf ?? new Date().toISOString());
  const kept = await keptReport(store, keptKey('overview', agreementId, asOf, at, view), () => computeOverview(store, agreementId, at, view), options);
  return { ...kept.report, freshness: kept.freshness };
}

export async function computeOverview(store: Store, agreementId: string, at: string, view: OverviewView): Promise<OverviewReport> {
  const asOfDay = at.slice(0, 10);
  const { stored, agreement } = await agreementAsOf(store, agreementId, at);
  const start = agreement.inForceAt ?? agreement.signedAt;
  const startDay = start.slice(0, 10);
  const names = new Map((await listActors(store.db)).map((a) => [a.id, a.name] as const));
  const nameOf = (id: string) => {
    try {
      const n = actorName(agreement, id);
      if (n !== id) return n;
    } catch {
      /* not one of the agreement's actors */
    }
    return names.get(id) ?? id;
  };

  const latest = view === 'public' ? await latestRelease(store.db) : null;
  const publicSourceIds = new Set((latest?.snapshot.sources ?? []).map((s) => s.id));
  const claims = await claimsFor(store, view, publicSourceIds);
  const allSeries = await listSeries(store.db);
  // Tallies, the deaths chart and aid list only the series that report on this agreement (linked, or its territory).
  const territories = agreementTerritories(agreement);
  const reporting = (s: Series) => reportsOn(s, agreementId, territories);
  const seriesPoints = new Map<string, Array<{ date: string; value: number }>>();
  for (const s of allSeries) seriesPoints.set(s.id, (await listSeriesPoints(store.db, s.id, { to: asOfDay })).map((p) => ({ date: p.date, value: p.value })));

  // Incidents, grouped. Staff: one walk through the agreement's incidents gives the groups, the verified sum and the
  // compliance engine's input.
  // PostgreSQL computing the dashboard alone sums the tolls in SQL (its grouped scans run in parallel, and parsing
  // every row's tolls costs Node more), unless a walk summing them is held; the worker's job (walks shared) walks
  // summing them, so the walk it holds makes the next job after a change cost the days it touched (walk-memory.ts).
  const sumInSql = store.engine === 'postgres' && !walksShared() && !walkHeld(store, agreement, at, true);
  const walk = view === 'internal' ? (sumInSql ? { entries: await complianceGroupsInSql(store, agreement, at), tolls: undefined } : await walkAgreement(store, agreement, at, { tolls: true })) : null;
  const groups = view === 'public' ? publicGroups(latest?.snapshot.incidents ?? [], agreement, asOfDay) : walk?.tolls ? groupsOf(walk.tolls, agreement) : await internalGroups(store, agreement, asOfDay);
  const byStatus: Record<string, number> = {};
  for (const g of groups) byStatus[g.status] = (byStatus[g.status] ?? 0) + g.count;

  // Tallies: staff through the tallies service; the public over the release's incidents and public claims only.
  let tallies: TallyReport;
  if (view === 'internal') {
    // As services/tallies.ts: each body's series, tally claims not rejected, and the verified incidents filed under
    // the agreement (computeTallies keeps only verified or published ones from the start on).
    const tallyClaims: TallyClaimInput[] = claims.filter((c) => c.body.kind === 'tally').map((c) => {
      const b = c.body as TallyClaimBody;
      return { claimId: c.id, body: c.claimantId ?? c.claimantName ?? 'unattributed', metric: b.metric, value: b.value, since: b.since, asOf: b.asOf ?? c.claimedAt };
    });
    tallies = computeTallies({
      agreementId,
      start,
      asOf: asOfDay,
      territories,
      series: allSeries.map((s) => ({ series: s, points: (seriesPoints.get(s.id) ?? []).map((p) => ({ seriesId: s.id, date: p.date, value: p.value, sourceDocumentId: null, note: null })) })),
      tallyClaims,
      incidents: [],
    });
    tallies.incidents = walk?.tolls ? verifiedOf(walk.tolls, startDay) : await verifiedSum(store, agreement, startDay, asOfDay);
  } else {
    const tallyClaims: TallyClaimInput[] = claims.filter((c) => c.body.kind === 'tally').map((c) => {
      const b = c.body as TallyClaimBody;
      return { claimId: c.id, body: c.claimantId ?? c.claimantName ?? 'unattributed', metric: b.metric, value: b.value, since: b.since, asOf: b.asOf ?? c.claimedAt };
    });
    tallies = computeTallies({
      agreementId,
      start,
      asOf: asOfDay,
      territories,
      series: allSeries.map((s) => ({ series: s, points: (seriesPoints.get(s.id) ?? []).map((p) => ({ seriesId: s.id, date: p.date, value: p.value, sourceDocumentId: null, note: null })) })),
      tallyClaims,
      incidents: publicIncidentsOf(latest?.snapshot.incidents ?? [], agreement, asOfDay) as never,
    });
  }

  // Deaths over time: cumulative sum of verified incidents per day since the start.
  const perDay = new Map<string, { low: number; best: number; high: number }>();
  for (const g of groups) {
    if (!VERIFIED.has(g.status) || g.date < startDay) continue;
    const d = perDay.get(g.date) ?? { low: 0, best: 0, high: 0 };
    d.low += g.killedLow; d.best += g.killedBest; d.high += g.killedHigh;
    perDay.set(g.date, d);
  }
  const cumulative: OverviewReport['deathsOverTime']['verified'] = [];
  let acc = { low: 0, best: 0, high: 0 };
  for (const date of [...perDay.keys()].sort()) {
    const d = perDay.get(date)!;
    acc = { low: acc.low + d.low, best: acc.best + d.best, high: acc.high + d.high };
    cumulative.push({ date, ...acc });
  }
  const deathSeries = allSeries
    .filter((s) => reporting(s) && /kill|death|dead|fatal/i.test(s.metric))
    .map((s) => ({ seriesId: s.id, bodyId: s.bodyId, bodyName: nameOf(s.bodyId), metric: s.metric, mode: s.mode, points: (seriesPoints.get(s.id) ?? []).filter((p) => p.date >= startDay) }))
    .filter((s) => s.points.length > 0);

  // Violations per party per week.
  const parties = agreement.parties.map((p) => ({ id: p.id, name: p.name }));
  const partyOf = new Map<string | null, string | null>();
  const resolve = (actor: string | null) => {
    if (!partyOf.has(actor)) partyOf.set(actor, actor === null ? null : (actorIdOf(agreement, actor) ?? null));
    return partyOf.get(actor)!;
  };
  const counted = groups.filter((g) => !COUNTED_OUT.has(g.status) && g.date >= startDay);
  const lastDay = counted.reduce((m, g) => (g.date > m ? g.date : m), startDay);
  // From the start to the last week with a report (not to today: a long quiet tail would squeeze the bars).
  const weeks = counted.length ? weeksBetween(startDay, lastDay) : [];
  const weekIndex = new Map(weeks.map((w, i) => [w, i] as const));
  const rows = new Map(parties.map((p) => [p.id, { ...p, alleged: weeks.map(() => 0), verified: weeks.map(() => 0) }] as const));
  let unattributed: { id: string; name: string; alleged: number[]; verified: number[] } | null = null;
  for (const g of counted) {
    const party = resolve(g.actor1);
    let row = party ? rows.get(party) : undefined;
    if (!row) row = unattributed ??= { id: 'unattributed', name: 'Not attributed to a party', alleged: weeks.map(() => 0), verified: weeks.map(() => 0) };
    const w = weekIndex.get(weekOf(g.date));
    if (w === undefined) continue;
    if (ALLEGED.has(g.status)) row.alleged[w]! += g.count;
    else if (VERIFIED.has(g.status)) row.verified[w]! += g.count;
  }
  const violationRows = [...rows.values(), ...(unattributed ? [unattributed] : [])];

  // Aid: the agreement's truck indicator, each body's series and aid claims kept apart.
  const aidProvision = agreement.provisions.find((p) => p.category === 'humanitarian-access' && p.indicator && /truck/i.test(p.indicator.metric) && !/fuel/i.test(p.indicator.metric))
    ?? agreement.provisions.find((p) => p.indicator && /truck/i.test(p.indicator.metric));
  const aidMetric = aidProvision?.indicator?.metric ?? null;
  const aidBodies: OverviewReport['aid']['bodies'] = [];
  if (aidMetric) {
    for (const s of allSeries) {
      if (s.metric !== aidMetric || !reporting(s)) continue;
      const points = (seriesPoints.get(s.id) ?? []).filter((p) => p.date >= startDay);
      if (points.length) aidBodies.push({ body: s.bodyId, bodyName: nameOf(s.bodyId), from: 'series', points });
    }
  }
  const aidClaims = new Map<string, Map<string, number>>();
  for (const c of claims) {
    if (c.body.kind !== 'aid') continue;
    const b = c.body as AidClaimBody;
    if (!b.date || b.date < startDay || b.date > asOfDay) continue;
    const byDay = aidClaims.get(b.body) ?? new Map<string, number>();
    // One body's count for a day is one figure: the largest reported (a later correction would replace it in review).
    byDay.set(b.date, Math.max(byDay.get(b.date) ?? 0, b.trucks));
    aidClaims.set(b.body, byDay);
  }
  for (const [body, byDay] of aidClaims) {
    if (aidBodies.some((a) => a.body === body)) continue;
    aidBodies.push({ body, bodyName: nameOf(body), from: 'claims', points: [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, value]) => ({ date, value })) });
  }

  // Pledges against the force requirement, with objections.
  const forceProvision = agreement.provisions.find((p) => p.category === 'international-force' && p.indicator);
  const pledges = claims.filter((c) => c.body.kind === 'pledge').map((c) => {
    const b = c.body as PledgeClaimBody;
    return { country: b.country, force: b.force, troops: b.troops, status: b.status, claimedAt: c.claimedAt, claimStatus: c.status, claimant: c.claimantName };
  });
  const objections = claims.filter((c) => c.body.kind === 'objection').map((c) => {
    const b = c.body as ObjectionClaimBody;
    return { objector: b.objector, objectsTo: b.objectsTo, force: b.force, claimedAt: c.claimedAt, claimStatus: c.status };
  });

  // Compliance: staff from the whole record; the public from the release's incidents only.
  let report: ComplianceReport;
  const metrics = new Set(agreement.provisions.flatMap((p) => (p.indicator ? [p.indicator.metric] : [])));
  const indicatorSeries = allSeries.filter((s) => metrics.has(s.metric) && reporting(s)).flatMap((s) => complianceSeriesOf(s, seriesPoints.get(s.id) ?? []));
  // The overview shows verdicts, counts and reasons, never the incident ids behind them: grouped input suffices.
  if (view === 'internal') report = assessEntries({ agreement, asOf: at, incidents: walk!.entries, series: indicatorSeries }).finish((e) => [e.id]);
  else {
    const released: LeanIncident[] = publicIncidentsOf(latest?.snapshot.incidents ?? [], agreement, asOfDay).map((i) => ({
      id: i.id,
      date: i.date!,
      status: i.status,
      grade: i.grade,
      actor1: i.actor1,
      eventType: i.eventType,
      subEventType: i.subEventType,
      killedBest: tollTotal(i.killed)?.best ?? null,
      provisions: i.provisions,
      point: i.location?.lat != null && i.location.lon != null ? { lat: i.location.lat, lon: i.location.lon } : null,
    }));
    report = complianceOver(agreement, at, released, indicatorSeries);
  }
  const actOf = new Map(agreement.provisions.map((p) => [p.id, p.act] as const));
  const deadlines = report.provisions
    .filter((a) => (a.deadline.state === 'coming' || a.deadline.state === 'passed') && a.status !== 'met')
    .map((a) => ({ provisionId: a.provisionId, act: actOf.get(a.provisionId) ?? a.provisionId, party: a.party, partyName: nameOf(a.party), status: a.status, state: a.deadline.state, at: a.deadline.at, hoursLeft: a.deadline.hoursLeft, reason: a.reason }))
    .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));

  const inForce = agreement.inForceAt ?? agreement.signedAt;
  const dayN = inForce ? Math.floor((Date.parse(at) - Date.parse(inForce)) / DAY_MS) + 1 : null;

  return {
    view,
    release: latest?.release.number ?? null,
    agreement: { id: agreement.id, title: agreement.title, version: stored.version, signedAt: agreement.signedAt ?? null, inForceAt: agreement.inForceAt ?? null, asOf: at, dayN: dayN !== null && dayN >= 1 ? dayN : null, parties },
    incidents: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    tallies: {
      since: tallies.since,
      bodies: tallies.bodies.map((b) => ({ bodyId: b.bodyId, bodyName: nameOf(b.bodyId), seriesId: b.seriesId, metric: b.metric, value: b.value, asOf: b.asOf, method: b.method, estimated: b.estimated })),
      claims: tallies.claims.map((c) => ({ body: c.body, bodyName: nameOf(c.body), metric: c.metric, value: c.value, since: c.since, asOf: c.asOf })),
      verified: { count: tallies.incidents.count, killed: tallies.incidents.killed.total, injured: tallies.incidents.injured.total },
      unlinked: tallies.unlinked.map((u) => u.seriesId),
    },
    deathsOverTime: { verified: cumulative, bodies: deathSeries },
    violations: { weeks, parties: violationRows },
    aid: { provisionId: aidProvision?.id ?? null, metric: aidMetric, target: aidProvision?.indicator?.target ?? null, per: aidProvision?.indicator?.per ?? null, bodies: aidBodies },
    pledges: {
      requirement: forceProvision?.indicator ? { provisionId: forceProvision.id, target: forceProvision.indicator.target, unit: forceProvision.indicator.unit ?? null, note: forceProvision.indicator.note ?? null } : null,
      pledges,
      objections,
    },
    deadlines,
    phases: report.phases.map((p) => ({ phaseId: p.phaseId, name: p.name, order: p.order, status: p.status, startsAt: p.startsAt, waitingOn: p.waitingOn, counts: p.counts, openItems: p.openItems.length, blockedBy: p.blockedBy })),
  };
}

// ---- the map ------------------------------------------------------------------------------------------------

export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  date: string | null;
  /** the party the incident is attributed to (an agreement party id), else the actor as written, else null */
  perpetrator: string | null;
  killed: number | null;
  status: string;
  grade: string | null;
  eventType: string;
  place: string | null;
}

export interface MapData {
  view: OverviewView;
  agreement: { id: string; title: string; inForceAt: string | null; parties: Array<{ id: string; name: string }> };
  geometry: Array<{ name: string; kind: string; role: string | null; description: string | null; loaded: boolean; attribution: string | null; geojson: unknown }>;
  points: MapPoint[];
  /** incidents with coordinates that match; `points` holds at most `limit` of them (the deadliest first) */
  total: number;
}

const MAP_CACHE = new Map<string, MapData>();

/** The map's data, kept per agreement, view, size and audit head like the overview (a write or release moves the head). */
export async function mapOf(store: Store, agreementId: string, view: OverviewView, limit: number): Promise<MapData> {
  const head = await auditHeadOf(store.db);
  const key = `${store.describe}\u0000${agreementId}\u0000${view}\u0000${limit}\u0000${head.seq}:${head.hash}`;
  const hit = MAP_CACHE.get(key);
  if (hit) return hit;
  const data = await computeMap(store, agreementId, view, limit);
  MAP_CACHE.set(key, data);
  if (MAP_CACHE.size > 8) MAP_CACHE.delete(MAP_CACHE.keys().next().value!);
  return data;
}

async function computeMap(store: Store, agreementId: string, view: OverviewView, limit: number): Promise<MapData> {
  const { agreement } = await agreementAsOf(store, agreementId, new Date().toISOString());
  const partyOf = (i: { actor1: string | null; provisions?: Array<{ agreementId: string; partyId: string | null }> }) => {
    const named = i.provisions?.find((l) => l.agreementId === agreement.id && l.partyId)?.partyId;
    if (named) return named;
    return i.actor1 === null ? null : (actorIdOf(agreement, i.actor1) ?? i.actor1);
  };
  const box = areaOf(agreement)?.box ?? null;
  const signed = (agreement.signedAt ?? agreement.inForceAt ?? '0000').slice(0, 10);
  let points: MapPoint[];
  let total: number;
  if (view === 'public') {
    const latest = await latestRelease(store.db);
    const all = publicIncidentsOf(latest?.snapshot.incidents ?? [], agreement, '9999-12-31').filter((i) => i.location?.lat != null && i.location?.lon != null);
    total = all.length;
    points = all
      .map((i) => ({ id: i.id, lon: i.location!.lon!, lat: i.location!.lat!, date: i.date, perpetrator: partyOf(i), killed: tollTotal(i.killed)?.best ?? null, status: i.status, grade: i.grade, eventType: i.eventType, place: i.location!.name }))
      .sort((a, b) => (b.killed ?? 0) - (a.killed ?? 0))
      .slice(0, limit);
  } else {
    const where = (q: ReturnType<typeof base>) =>
      q
        .where('lat', 'is not', null)
        .where('lon', 'is not', null)
        .where('status', 'not in', ['rejected', 'merged'])
        .where((eb) =>
          eb.or([
            eb('agreementId', '=', agreement.id),
            ...(box ? [eb.and([eb('agreementId', 'is', null), eb('date', '>=', signed), eb('lon', '>=', box[0]), eb('lon', '<=', box[2]), eb('lat', '>=', box[1]), eb('lat', '<=', box[3])])] : []),
          ]),
        );
    const base = () => store.db.selectFrom('incidents');
    total = Number((await where(base()).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await where(base())
      .select(['id', 'lon', 'lat', 'date', 'actor1', 'killedBest', 'status', 'grade', 'eventType', 'locationName'])
      .orderBy(sql`coalesce(killed_best, 0)`, 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    const links = rows.length
      ? await store.db.selectFrom('incidentProvisions').select(['incidentId', 'agreementId', 'partyId']).where('agreementId', '=', agreement.id).where('partyId', 'is not', null).where('incidentId', 'in', rows.map((r) => r.id)).execute()
      : [];
    const linked = new Map(links.map((l) => [l.incidentId, l.partyId] as const));
    points = rows.map((r) => ({
      id: r.id,
      lon: Number(r.lon),
      lat: Number(r.lat),
      date: r.date,
      perpetrator: linked.get(r.id) ?? partyOf({ actor1: r.actor1 }),
      killed: r.killedBest === null ? null : Number(r.killedBest),
      status: r.status,
      grade: r.grade,
      eventType: r.eventType,
      place: r.locationName,
    }));
  }
  return {
    view,
    agreement: { id: agreement.id, title: agreement.title, inForceAt: agreement.inForceAt ?? null, parties: agreement.parties.map((p) => ({ id: p.id, name: p.name })) },
    geometry: (agreement.geometry ?? []).map((g) => ({
      name: g.name,
      kind: g.kind,
      role: g.meaning?.role ?? null,
      description: g.description ?? null,
      loaded: Boolean(g.geojson),
      attribution: g.attribution ?? null,
      geojson: g.geojson ?? null,
    })),
    points,
    total,
  };
}
