// Grouping reports of the same incident. Pure: no I/O. The rule is documented in README.md beside this file.
import type { Estimate } from '../domain/estimate.ts';
import { foldName } from '../extract/fold.ts';
import { cosine, idfOf, tokens, vectorOf, type TextVector } from './text.ts';

/** ACLED precision codes: 1 exact (day / named place), 2 near (week / district), 3 vague (month / region). */
export type Precision = 1 | 2 | 3;

/**
 * What consolidation needs to know about one report: derivable from an extracted incident
 * (see `fromExtracted`) or a stored Incident (see `fromIncident`).
 */
export interface ConsolidationReport {
  id: string;
  /** YYYY-MM-DD, or null when the report gives no date. */
  date: string | null;
  datePrecision: Precision;
  placeName: string | null;
  lat: number | null;
  lon: number | null;
  geoPrecision: Precision;
  /** ACLED event type ("Explosions/Remote violence"); null when unknown. */
  eventType: string | null;
  /** Alleged perpetrator and target as controlled values (actor ids or registry names); null when unknown. */
  perpetrator: string | null;
  target: string | null;
  /** The wording: evidence sentence(s), title, notes. */
  text: string;
  /** Where the report came from (a source document id). Two reports of one document are never the same
   * incident: the extractor already separates the incidents one article tells. */
  sourceId?: string | null;
  killed?: Estimate | null;
}

export interface ConsolidateOptions {
  /** Minimum score for two compatible reports to be linked (default 0.6). */
  threshold?: number;
  /** Extra days of slack on top of the date-precision windows (default 0). */
  extraDays?: number;
}

export interface Cluster {
  /** The id of the cluster's earliest-listed report: stable for a given input. */
  id: string;
  reportIds: string[];
}

export interface DuplicateSuggestion {
  id: string;
  score: number;
  reasons: string[];
}

/** Half-width of a report's date window by precision: a day-dated report may be dated by publication (±1). */
const DAY_WINDOW: Record<Precision, number> = { 1: 1, 2: 7, 3: 31 };
/** Radius around a report's point by geo precision: the named place, its district, its region (km). */
const RADIUS_KM: Record<Precision, number> = { 1: 3, 2: 15, 3: 50 };

/** ACLED codes one air strike that kills civilians as either of these; they are compatible with each other. */
const COMPATIBLE_EVENT_TYPES: ReadonlySet<string> = new Set(['Explosions/Remote violence|Violence against civilians', 'Violence against civilians|Explosions/Remote violence']);

const DEFAULT_THRESHOLD = 0.6;
const W_TIME = 0.3;
const W_PLACE = 0.3;
const W_TEXT = 0.4;

/** Internal, precomputed form of a report. */
interface Prepared {
  r: ConsolidationReport;
  index: number;
  day: number | null;
  window: number;
  radius: number;
  place: string | null;
  vec: TextVector;
}

const DAY_MS = 86_400_000;
function dayNumber(date: string | null): number | null {
  if (!date) return null;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? null : Math.round(t / DAY_MS);
}

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function hasPoint(p: Prepared): boolean {
  return p.r.lat !== null && p.r.lon !== null;
}

function prepare(reports: readonly ConsolidationReport[], extraDays: number, idf?: ReadonlyMap<string, number>): Prepared[] {
  const toks = reports.map((r) => tokens(r.text));
  const weights = idf ?? idfOf(toks);
  return reports.map((r, index) => ({
    r,
    index,
    day: dayNumber(r.date),
    window: DAY_WINDOW[r.datePrecision] + extraDays,
    radius: RADIUS_KM[r.geoPrecision],
    place: r.placeName ? foldName(r.placeName) : null,
    vec: vectorOf(toks[index]!, weights),
  }));
}

function sameOrUnknown(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

/**
 * Scores a pair, or returns null when the pair cannot be one incident: dates whose windows do not overlap,
 * places farther apart than their radii allow, different known perpetrators or targets, incompatible event
 * types, or both from one source document.
 */
function scorePair(a: Prepared, b: Prepared): { score: number; reasons: string[] } | null {
  if (a.r.sourceId && a.r.sourceId === b.r.sourceId) return null;
  if (!sameOrUnknown(a.r.perpetrator, b.r.perpetrator)) return null;
  if (!sameOrUnknown(a.r.target, b.r.target)) return null;
  const ea = a.r.eventType;
  const eb = b.r.eventType;
  if (ea !== null && eb !== null && ea !== eb && !COMPATIBLE_EVENT_TYPES.has(`${ea}|${eb}`)) return null;
  const reasons: string[] = [];

  // Time: undated reports only meet other undated reports of the same place (see blocking), at a low score.
  let time: number;
  if (a.day !== null && b.day !== null) {
    const gap = Math.abs(a.day - b.day);
    const win = a.window + b.window;
    if (gap > win) return null;
    time = 1 - gap / (win + 1);
    reasons.push(gap === 0 ? 'same day' : `${gap} day${gap === 1 ? '' : 's'} apart (within ${win})`);
  } else {
    if (a.day !== null || b.day !== null) return null;
    time = 0.3;
    reasons.push('both undated');
  }

  let place: number;
  if (hasPoint(a) && hasPoint(b)) {
    const d = distanceKm(a.r.lat!, a.r.lon!, b.r.lat!, b.r.lon!);
    const lim = a.radius + b.radius;
    if (d > lim) return null;
    place = 1 - d / (lim + 1);
    reasons.push(d < 0.5 ? 'same place' : `${d.toFixed(1)} km apart (within ${lim})`);
  } else if (a.place !== null && a.place === b.place) {
    place = 0.8;
    reasons.push(`same place name "${a.r.placeName}"`);
  } else {
    // Without a point on both sides only the same place name counts (blocking relies on this).
    return null;
  }

  const text = cosine(a.vec, b.vec);
  reasons.push(`wording ${Math.round(text * 100)}% alike`);
  if (a.r.perpetrator !== null && a.r.perpetrator === b.r.perpetrator) reasons.push(`same perpetrator (${a.r.perpetrator})`);
  if (ea !== null && ea === eb) reasons.push(`same event type (${ea})`);
  const score = W_TIME * time + W_PLACE * place + W_TEXT * text;
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/**
 * Blocking: every report goes into one grid cell keyed by its date-and-place precision level, its day bucket and
 * its lat/lon cell (cells as large as that level's windows), or, without a point, by its folded place name.
 * A report is compared only with reports in cells its own window reaches, so the work grows with the number of
 * reports times the density of reports nearby in time and space — linear for a fixed density — instead of with
 * the square of the number of reports.
 */
function candidatePairs(prepared: readonly Prepared[]): [number, number][] {
  // Cells: per level, day bucket → numeric lat/lon cell key → report indexes. Numeric keys (not strings) keep
  // the lookups cheap and the maps small per day, which is what keeps 100k reports near-linear in practice.
  type Level = { window: number; radius: number; cellDeg: number; days: Map<number, Map<number, number[]>> };
  const levels = new Map<string, Level>();
  const byName = new Map<string, number[]>();
  const KM_PER_DEG = 111.2;
  const OFFSET = 1e6;
  const key = (y: number, x: number) => (y + OFFSET) * 4e6 + (x + OFFSET);

  for (const p of prepared) {
    if (p.day !== null && hasPoint(p)) {
      const k = `${p.window}|${p.radius}`;
      let lv = levels.get(k);
      if (!lv) levels.set(k, (lv = { window: p.window, radius: p.radius, cellDeg: p.radius / KM_PER_DEG, days: new Map() }));
      const d = Math.floor(p.day / lv.window);
      let cells = lv.days.get(d);
      if (!cells) lv.days.set(d, (cells = new Map()));
      const ck = key(Math.floor(p.r.lat! / lv.cellDeg), Math.floor(p.r.lon! / lv.cellDeg));
      const list = cells.get(ck);
      if (list) list.push(p.index);
      else cells.set(ck, [p.index]);
    } else if (p.place !== null) {
      // No point (or no date): only the same place name can match; a name's reports are few.
      const list = byName.get(p.place);
      if (list) list.push(p.index);
      else byName.set(p.place, [p.index]);
    }
  }

  const pairs: [number, number][] = [];
  for (const p of prepared) {
    if (p.day === null || !hasPoint(p)) continue;
    const lat = p.r.lat!;
    const lon = p.r.lon!;
    for (const lv of levels.values()) {
      const days = p.window + lv.window;
      const km = p.radius + lv.radius;
      const cellDeg = lv.cellDeg;
      // 5% slack over the spherical bounds, so rounding never drops a pair the brute-force search would find.
      const dLat = (km / KM_PER_DEG) * 1.05;
      // A degree of longitude shrinks towards the poles: widen the scan by the cosine at the farthest latitude
      // (and a further 1.2: the great circle between two points is shorter than the parallel between them).
      const cos = Math.max(0.05, Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180));
      const dLon = (dLat / cos) * 1.2;
      const d0 = Math.floor((p.day - days) / lv.window);
      const d1 = Math.floor((p.day + days) / lv.window);
      const y0 = Math.floor((lat - dLat) / cellDeg);
      const y1 = Math.floor((lat + dLat) / cellDeg);
      const x0 = Math.floor((lon - dLon) / cellDeg);
      const x1 = Math.floor((lon + dLon) / cellDeg);
      for (let d = d0; d <= d1; d++) {
        const cells = lv.days.get(d);
        if (!cells) continue;
        for (let y = y0; y <= y1; y++)
          for (let x = x0; x <= x1; x++) {
            const list = cells.get(key(y, x));
            if (!list) continue;
            for (const j of list) if (j > p.index) pairs.push([p.index, j]);
          }
      }
    }
  }
  // Reports without a point (or date) meet every report carrying the same place name.
  const named = new Map<string, number[]>();
  for (const p of prepared) {
    if (p.place === null) continue;
    const list = named.get(p.place);
    if (list) list.push(p.index);
    else named.set(p.place, [p.index]);
  }
  for (const [name, loose] of byName) {
    const all = named.get(name)!;
    const looseSet = new Set(loose);
    for (const i of loose)
      for (const j of all) {
        if (j === i || (looseSet.has(j) && j < i)) continue;
        pairs.push(i < j ? [i, j] : [j, i]);
      }
  }
  return pairs;
}

/** Every pair of distinct reports: the reference the blocked search must equal (tests), quadratic. */
function allPairs(prepared: readonly Prepared[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < prepared.length; i++) for (let j = i + 1; j < prepared.length; j++) pairs.push([i, j]);
  return pairs;
}

/**
 * Groups reports of the same incident. Linked pairs are joined strongest first (single linkage), except that a
 * join never puts two reports of one source document in one cluster. Every input report is in exactly one
 * cluster; clusters are listed in input order of their first report.
 */
export function clusterReports(
  reports: readonly ConsolidationReport[],
  options: ConsolidateOptions & { bruteForce?: boolean; stats?: { pairs: number; links: number; ms: Record<string, number> } } = {},
): Cluster[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  let t = performance.now();
  const lap = (name: string) => {
    if (options.stats) options.stats.ms[name] = Math.round(performance.now() - t);
    t = performance.now();
  };
  const prepared = prepare(reports, options.extraDays ?? 0);
  lap('prepare');
  const pairs = options.bruteForce ? allPairs(prepared) : candidatePairs(prepared);
  lap('pairs');

  const links: { i: number; j: number; score: number }[] = [];
  for (const [i, j] of pairs) {
    const s = scorePair(prepared[i]!, prepared[j]!);
    if (s && s.score >= threshold) links.push({ i, j, score: s.score });
  }
  // Strongest first; ties by index so that the result never depends on how pairs were found.
  links.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  lap('score');
  if (options.stats) Object.assign(options.stats, { pairs: pairs.length, links: links.length });

  // Single linkage alone chains in dense data (A near B near C … across a whole city and week). So each cluster
  // keeps its extent — days, bounding box, known perpetrator and target, source documents — and a join that would
  // make the cluster wider in time or space than its members' windows allow, or give it two known perpetrators or
  // targets, or two reports of one document, is refused.
  interface Extent { d0: number; d1: number; win: number; y0: number; y1: number; x0: number; x1: number; rad: number; perp: string | null; target: string | null; sources: Set<string> }
  const parent = prepared.map((_, i) => i);
  const extent: Extent[] = prepared.map((p) => ({
    // Undated or unplaced reports start with an empty extent (min +∞, max −∞), so they widen nothing.
    d0: p.day ?? Infinity, d1: p.day ?? -Infinity, win: p.window,
    y0: hasPoint(p) ? p.r.lat! : Infinity, y1: hasPoint(p) ? p.r.lat! : -Infinity,
    x0: hasPoint(p) ? p.r.lon! : Infinity, x1: hasPoint(p) ? p.r.lon! : -Infinity, rad: p.radius,
    perp: p.r.perpetrator, target: p.r.target, sources: p.r.sourceId ? new Set([p.r.sourceId]) : new Set<string>(),
  }));
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const { i, j } of links) {
    let a = find(i);
    let b = find(j);
    if (a === b) continue;
    let ea = extent[a]!;
    let eb = extent[b]!;
    if (ea.perp !== null && eb.perp !== null && ea.perp !== eb.perp) continue;
    if (ea.target !== null && eb.target !== null && ea.target !== eb.target) continue;
    const d0 = Math.min(ea.d0, eb.d0);
    const d1 = Math.max(ea.d1, eb.d1);
    const win = Math.max(ea.win, eb.win);
    if (d1 > d0 && d1 - d0 > 2 * win) continue;
    const y0 = Math.min(ea.y0, eb.y0), y1 = Math.max(ea.y1, eb.y1), x0 = Math.min(ea.x0, eb.x0), x1 = Math.max(ea.x1, eb.x1);
    const rad = Math.max(ea.rad, eb.rad);
    if (y1 >= y0 && distanceKm(y0, x0, y1, x1) > 2 * rad) continue;
    if (ea.sources.size < eb.sources.size) [a, b, ea, eb] = [b, a, eb, ea];
    let clash = false;
    for (const s of eb.sources) if (ea.sources.has(s)) { clash = true; break; }
    if (clash) continue;
    for (const s of eb.sources) ea.sources.add(s);
    Object.assign(ea, { d0, d1, win, y0, y1, x0, x1, rad, perp: ea.perp ?? eb.perp, target: ea.target ?? eb.target });
    parent[b] = a;
  }

  const groups = new Map<number, string[]>();
  for (let i = 0; i < prepared.length; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(reports[i]!.id);
    else groups.set(root, [reports[i]!.id]);
  }
  return [...groups.values()].map((ids) => ({ id: ids[0]!, reportIds: ids }));
}

/**
 * Which of `candidates` (e.g. the stored incidents near a new draft) may be the same incident as `report`,
 * best first, each with the reasons a reviewer reads. Candidates that cannot be the same incident are left out.
 */
export function suggestDuplicates(
  report: ConsolidationReport,
  candidates: readonly ConsolidationReport[],
  options: ConsolidateOptions = {},
): DuplicateSuggestion[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const prepared = prepare([report, ...candidates], options.extraDays ?? 0);
  const me = prepared[0]!;
  const out: DuplicateSuggestion[] = [];
  for (const c of prepared.slice(1)) {
    if (c.r.id === report.id) continue;
    const s = scorePair(me, c);
    if (s && s.score >= threshold) out.push({ id: c.r.id, score: s.score, reasons: s.reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
