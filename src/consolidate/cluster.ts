// Grouping reports of the same incident. Pure: no I/O. The rule is documented in README.md beside this file.
import type { Estimate } from '../domain/estimate.ts';
import { foldName } from '../extract/fold.ts';
import { cosine, textVectors, type TextVectors } from './text.ts';

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

/**
 * Internal, precomputed form of a report. What every pair compares is reduced once per report to numbers: the
 * controlled values (perpetrator, target, event type, source document) to small integer codes of the batch; the
 * point is the batch's `lat`/`lon` at `index` (NaN without one), the wording its vector `index` (text.ts).
 */
interface Prepared {
  r: ConsolidationReport;
  index: number;
  day: number | null;
  window: number;
  radius: number;
  place: string | null;
  hasPoint: boolean;
  /** Codes in the batch; -1 for unknown (null), and for no source document. */
  perp: number;
  target: number;
  event: number;
  source: number;
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

/** Small integer codes for the values of one field over a batch: equal values, equal codes; null is -1. */
function coder(): (value: string | null | undefined) => number {
  const codes = new Map<string, number>();
  return (value) => {
    if (value === null || value === undefined) return -1;
    let c = codes.get(value);
    if (c === undefined) codes.set(value, (c = codes.size));
    return c;
  };
}

/** Event-type codes and which pairs of codes are compatible (equal codes always are). */
interface EventTypes {
  code: (value: string | null) => number;
  compatible: (a: number, b: number) => boolean;
}

function eventTypes(): EventTypes {
  const code = coder();
  const names: string[] = [];
  const pairs = new Set<number>();
  return {
    code: (value) => {
      const c = code(value);
      if (c >= 0 && c === names.length) {
        names.push(value!);
        for (let k = 0; k < c; k++) {
          if (COMPATIBLE_EVENT_TYPES.has(`${names[k]}|${value}`)) pairs.add(k * 65_536 + c);
          if (COMPATIBLE_EVENT_TYPES.has(`${value}|${names[k]}`)) pairs.add(c * 65_536 + k);
        }
      }
      return c;
    },
    compatible: (a, b) => a === b || a < 0 || b < 0 || pairs.has(a * 65_536 + b),
  };
}

interface Batch {
  prepared: Prepared[];
  events: EventTypes;
  text: TextVectors;
  /** Points as plain arrays of doubles: a number field of an object would be one more object per report. */
  lat: Float64Array;
  lon: Float64Array;
}

function prepare(reports: readonly ConsolidationReport[], extraDays: number): Batch {
  const text = textVectors(reports.map((r) => r.text));
  const perps = coder(); // perpetrator and target share codes: both are actor names
  const sources = coder();
  const events = eventTypes();
  const lat = new Float64Array(reports.length);
  const lon = new Float64Array(reports.length);
  const prepared = reports.map((r, index): Prepared => {
    const point = r.lat !== null && r.lon !== null;
    lat[index] = point ? r.lat! : NaN;
    lon[index] = point ? r.lon! : NaN;
    return {
      r,
      index,
      day: dayNumber(r.date),
      window: DAY_WINDOW[r.datePrecision] + extraDays,
      radius: RADIUS_KM[r.geoPrecision],
      place: r.placeName ? foldName(r.placeName) : null,
      hasPoint: point,
      perp: perps(r.perpetrator),
      target: perps(r.target),
      event: events.code(r.eventType),
      // An empty source id is no source, as a missing one.
      source: r.sourceId ? sources(r.sourceId) : -1,
    };
  });
  return { prepared, events, text, lat, lon };
}

/**
 * Scores a pair, or returns -1 when the pair cannot be one incident: dates whose windows do not overlap,
 * places farther apart than their radii allow, different known perpetrators or targets, incompatible event
 * types, or both from one source document. With `reasons`, says why in words a reviewer reads (clustering
 * passes none: composing them for every candidate pair cost more than the scoring).
 */
function scorePair(a: Prepared, b: Prepared, batch: Batch, reasons: string[] | null = null): number {
  if (a.source >= 0 && a.source === b.source) return -1;
  if (a.perp >= 0 && b.perp >= 0 && a.perp !== b.perp) return -1;
  if (a.target >= 0 && b.target >= 0 && a.target !== b.target) return -1;
  if (!batch.events.compatible(a.event, b.event)) return -1;

  // Time: undated reports only meet other undated reports of the same place (see blocking), at a low score.
  let time: number;
  if (a.day !== null && b.day !== null) {
    const gap = Math.abs(a.day - b.day);
    const win = a.window + b.window;
    if (gap > win) return -1;
    time = 1 - gap / (win + 1);
    reasons?.push(gap === 0 ? 'same day' : `${gap} day${gap === 1 ? '' : 's'} apart (within ${win})`);
  } else {
    if (a.day !== null || b.day !== null) return -1;
    time = 0.3;
    reasons?.push('both undated');
  }

  let place: number;
  if (a.hasPoint && b.hasPoint) {
    const d = distanceKm(batch.lat[a.index]!, batch.lon[a.index]!, batch.lat[b.index]!, batch.lon[b.index]!);
    const lim = a.radius + b.radius;
    if (d > lim) return -1;
    place = 1 - d / (lim + 1);
    reasons?.push(d < 0.5 ? 'same place' : `${d.toFixed(1)} km apart (within ${lim})`);
  } else if (a.place !== null && a.place === b.place) {
    place = 0.8;
    reasons?.push(`same place name "${a.r.placeName}"`);
  } else {
    // Without a point on both sides only the same place name counts (blocking relies on this).
    return -1;
  }

  const text = cosine(batch.text, a.index, b.index);
  if (reasons) {
    reasons.push(`wording ${Math.round(text * 100)}% alike`);
    if (a.perp >= 0 && a.perp === b.perp) reasons.push(`same perpetrator (${a.r.perpetrator})`);
    if (a.event >= 0 && a.event === b.event) reasons.push(`same event type (${a.r.eventType})`);
  }
  const score = W_TIME * time + W_PLACE * place + W_TEXT * text;
  return Math.round(score * 1000) / 1000;
}

/** Reports of one blocking cell, sorted by day: a report's candidates in it are one binary search away. */
interface Cell {
  days: Int32Array;
  members: Int32Array;
  /** The members' points, beside their days: most members scanned are refused on these alone. */
  lat: Float64Array;
  lon: Float64Array;
}

function cellOf(entries: number[], batch: Batch): Cell {
  const { prepared } = batch;
  entries.sort((i, j) => prepared[i]!.day! - prepared[j]!.day! || i - j);
  const n = entries.length;
  const cell = { days: new Int32Array(n), members: new Int32Array(n), lat: new Float64Array(n), lon: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const i = entries[k]!;
    cell.days[k] = prepared[i]!.day!;
    cell.members[k] = i;
    cell.lat[k] = batch.lat[i]!;
    cell.lon[k] = batch.lon[i]!;
  }
  return cell;
}

/** First position in `days` (ascending) holding a day ≥ `day`. */
function firstFrom(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Blocking: every dated report with a point goes into one grid cell of its date-and-place precision level, keyed
 * by its lat/lon cell (cells twice that level's radius across) and kept sorted by day; a report without a point
 * or a date, by its folded place name. A report is compared only with the reports of the cells its radius reaches
 * whose days its window reaches (a binary search per cell), so the work grows with the number of reports times
 * the density of reports nearby in time and space — linear for a fixed density — instead of with the square of
 * the number of reports. Every pair is visited once, lower index first.
 */
function candidatePairs(batch: Batch, visit: (i: number, j: number) => void): void {
  const { prepared } = batch;
  type Level = { window: number; radius: number; cellDeg: number; building: Map<number, number[]>; cells: Map<number, Cell> };
  const levels: Level[] = [];
  const byName = new Map<string, number[]>();
  const KM_PER_DEG = 111.2;
  // Cell keys are small integers (V8 hashes them fastest) for every real coordinate; anything else (a longitude
  // of 1000°) still gets a distinct key of its own, a negative one.
  const key = (y: number, x: number) => {
    const yy = y + 4096;
    const xx = x + 8192;
    return yy >= 0 && yy < 8192 && xx >= 0 && xx < 16_384 ? yy * 16_384 + xx : -1 - ((y + 1e6) * 4e6 + (x + 1e6));
  };

  for (const p of prepared) {
    if (p.day !== null && p.hasPoint) {
      let lv: Level | undefined;
      for (const l of levels) if (l.window === p.window && l.radius === p.radius) lv = l;
      if (!lv) levels.push((lv = { window: p.window, radius: p.radius, cellDeg: (2 * p.radius) / KM_PER_DEG, building: new Map(), cells: new Map() }));
      const ck = key(Math.floor(batch.lat[p.index]! / lv.cellDeg), Math.floor(batch.lon[p.index]! / lv.cellDeg));
      const list = lv.building.get(ck);
      if (list) list.push(p.index);
      else lv.building.set(ck, [p.index]);
    } else if (p.place !== null) {
      // No point (or no date): only the same place name can match.
      const list = byName.get(p.place);
      if (list) list.push(p.index);
      else byName.set(p.place, [p.index]);
    }
  }
  for (const lv of levels) for (const [k, entries] of lv.building) lv.cells.set(k, cellOf(entries, batch));

  for (const p of prepared) {
    if (p.day === null || !p.hasPoint) continue;
    const i = p.index;
    const lat = batch.lat[i]!;
    const lon = batch.lon[i]!;
    for (const lv of levels) {
      const days = p.window + lv.window;
      const km = p.radius + lv.radius;
      const cellDeg = lv.cellDeg;
      // 5% slack over the spherical bounds, so rounding never drops a pair the brute-force search would find.
      const dLat = (km / KM_PER_DEG) * 1.05;
      // A degree of longitude shrinks towards the poles: widen the scan by the cosine at the farthest latitude
      // (and a further 1.2: the great circle between two points is shorter than the parallel between them).
      const cos = Math.max(0.05, Math.cos((Math.min(89, Math.abs(lat) + dLat) * Math.PI) / 180));
      const dLon = (dLat / cos) * 1.2;
      const y0 = Math.floor((lat - dLat) / cellDeg);
      const y1 = Math.floor((lat + dLat) / cellDeg);
      const x0 = Math.floor((lon - dLon) / cellDeg);
      const x1 = Math.floor((lon + dLon) / cellDeg);
      const first = p.day - days;
      const last = p.day + days;
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const cell = lv.cells.get(key(y, x));
          if (!cell) continue;
          const { days: cd, members: cm, lat: clat, lon: clon } = cell;
          for (let k = firstFrom(cd, first); k < cd.length && cd[k]! <= last; k++) {
            const j = cm[k]!;
            if (j <= i) continue;
            // The cells reach a little beyond the scanned box; what lies outside it is too far (see above).
            if (Math.abs(clat[k]! - lat) > dLat || Math.abs(clon[k]! - lon) > dLon) continue;
            visit(i, j);
          }
        }
    }
  }

  // Reports without a point (or date) meet the reports carrying the same place name whose dates they can meet:
  // an undated report only undated ones (all of which are here), a dated one those dated within both windows.
  const named = new Map<string, { dated: Cell; undated: number[]; widest: number }>();
  {
    const dated = new Map<string, number[]>();
    for (const p of prepared) {
      if (p.place === null || !byName.has(p.place)) continue;
      let g = named.get(p.place);
      if (!g) named.set(p.place, (g = { dated: cellOf([], batch), undated: [], widest: 0 }));
      if (p.day === null) g.undated.push(p.index);
      else {
        const list = dated.get(p.place);
        if (list) list.push(p.index);
        else dated.set(p.place, [p.index]);
        g.widest = Math.max(g.widest, p.window);
      }
    }
    for (const [name, entries] of dated) named.get(name)!.dated = cellOf(entries, batch);
  }
  const loose = (q: Prepared) => q.day === null || !q.hasPoint;
  for (const [name, members] of byName) {
    const g = named.get(name)!;
    for (const i of members) {
      const p = prepared[i]!;
      if (p.day === null) {
        // Undated reports are all loose: each pair once, from its lower index.
        for (const j of g.undated) if (j > i) visit(i, j);
        continue;
      }
      const { days, members: dated } = g.dated;
      const last = p.day + p.window + g.widest;
      for (let k = firstFrom(days, p.day - p.window - g.widest); k < days.length && days[k]! <= last; k++) {
        const j = dated[k]!;
        if (j === i) continue;
        const q = prepared[j]!;
        if (Math.abs(q.day! - p.day) > p.window + q.window) continue;
        // A pair of two loose reports is met from both sides: visit it once.
        if (loose(q) && j < i) continue;
        if (i < j) visit(i, j);
        else visit(j, i);
      }
    }
  }
}

/** Every pair of distinct reports: the reference the blocked search must equal (tests), quadratic. */
function allPairs(prepared: readonly Prepared[], visit: (i: number, j: number) => void): void {
  for (let i = 0; i < prepared.length; i++) for (let j = i + 1; j < prepared.length; j++) visit(i, j);
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
  const batch = prepare(reports, options.extraDays ?? 0);
  const { prepared } = batch;
  lap('prepare');

  const links: { i: number; j: number; score: number }[] = [];
  let pairs = 0;
  const consider = (i: number, j: number) => {
    pairs++;
    const score = scorePair(prepared[i]!, prepared[j]!, batch);
    if (score >= 0 && score >= threshold) links.push({ i, j, score });
  };
  if (options.bruteForce) allPairs(prepared, consider);
  else candidatePairs(batch, consider);
  lap('pairs and score');
  // Strongest first; ties by index so that the result never depends on how pairs were found.
  links.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  lap('sort');
  if (options.stats) Object.assign(options.stats, { pairs, links: links.length });

  // Single linkage alone chains in dense data (A near B near C … across a whole city and week). So each cluster
  // keeps its extent — days, bounding box, known perpetrator and target, source documents — and a join that would
  // make the cluster wider in time or space than its members' windows allow, or give it two known perpetrators or
  // targets, or two reports of one document, is refused. Perpetrators, targets and documents are the batch's codes.
  // The extents live in arrays indexed by each cluster's root, and a cluster's documents are listed only once it
  // has more than its first report's: one object per report would be a hundred thousand for the collector to copy.
  const n = prepared.length;
  const parent = new Int32Array(n);
  const d0s = new Float64Array(n), d1s = new Float64Array(n), wins = new Float64Array(n), rads = new Float64Array(n);
  const y0s = new Float64Array(n), y1s = new Float64Array(n), x0s = new Float64Array(n), x1s = new Float64Array(n);
  const perps = new Int32Array(n), targets = new Int32Array(n);
  const sources: (number[] | undefined)[] = new Array(n);
  for (const p of prepared) {
    const i = p.index;
    parent[i] = i;
    // Undated or unplaced reports start with an empty extent (min +∞, max −∞), so they widen nothing.
    d0s[i] = p.day ?? Infinity;
    d1s[i] = p.day ?? -Infinity;
    wins[i] = p.window;
    y0s[i] = p.hasPoint ? batch.lat[i]! : Infinity;
    y1s[i] = p.hasPoint ? batch.lat[i]! : -Infinity;
    x0s[i] = p.hasPoint ? batch.lon[i]! : Infinity;
    x1s[i] = p.hasPoint ? batch.lon[i]! : -Infinity;
    rads[i] = p.radius;
    perps[i] = p.perp;
    targets[i] = p.target;
  }
  const documentsOf = (root: number): number[] => sources[root] ?? (prepared[root]!.source >= 0 ? [prepared[root]!.source] : []);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const { i, j } of links) {
    let a = find(i);
    let b = find(j);
    if (a === b) continue;
    if (perps[a]! >= 0 && perps[b]! >= 0 && perps[a] !== perps[b]) continue;
    if (targets[a]! >= 0 && targets[b]! >= 0 && targets[a] !== targets[b]) continue;
    const d0 = Math.min(d0s[a]!, d0s[b]!);
    const d1 = Math.max(d1s[a]!, d1s[b]!);
    const win = Math.max(wins[a]!, wins[b]!);
    if (d1 > d0 && d1 - d0 > 2 * win) continue;
    const y0 = Math.min(y0s[a]!, y0s[b]!), y1 = Math.max(y1s[a]!, y1s[b]!), x0 = Math.min(x0s[a]!, x0s[b]!), x1 = Math.max(x1s[a]!, x1s[b]!);
    const rad = Math.max(rads[a]!, rads[b]!);
    if (y1 >= y0 && distanceKm(y0, x0, y1, x1) > 2 * rad) continue;
    let da = documentsOf(a);
    let db = documentsOf(b);
    if (da.length < db.length) [a, b, da, db] = [b, a, db, da];
    if (db.some((s) => da.includes(s))) continue;
    for (const s of db) da.push(s);
    sources[a] = da;
    sources[b] = undefined;
    d0s[a] = d0; d1s[a] = d1; wins[a] = win; y0s[a] = y0; y1s[a] = y1; x0s[a] = x0; x1s[a] = x1; rads[a] = rad;
    if (perps[a]! < 0) perps[a] = perps[b]!;
    if (targets[a]! < 0) targets[a] = targets[b]!;
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
  const batch = prepare([report, ...candidates], options.extraDays ?? 0);
  const { prepared } = batch;
  const me = prepared[0]!;
  const out: DuplicateSuggestion[] = [];
  for (const c of prepared.slice(1)) {
    if (c.r.id === report.id) continue;
    const reasons: string[] = [];
    const score = scorePair(me, c, batch, reasons);
    if (score >= 0 && score >= threshold) out.push({ id: c.r.id, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
