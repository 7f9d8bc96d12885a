// Where an incident lies relative to an agreement's lines and zones: which side of a line (in the compass terms
// the agreement uses: "Israeli forces stay east of the yellow line"), how far from it in metres, and whether it
// is inside a zone. A line or zone declared without coordinates answers `line-not-loaded` / `zone-not-loaded`:
// a spatial fact is never computed from a guessed line.
//
// Geometry is small and local (a ceasefire line is tens of kilometres long), so distances use a local
// equirectangular projection centred on the incident: error well under 0.5% at that scale, and no dependency.
import type { Agreement, AgreementGeometry, CompassSide, GeometryMeaning, Position } from '../domain/agreement.ts';
import type { SpatialFact } from '../domain/incident.ts';

export interface LonLat {
  lon: number;
  lat: number;
}

export type LinePlacement =
  | { geometry: string; kind: 'line'; status: 'line-not-loaded' }
  | {
      geometry: string;
      kind: 'line';
      status: 'placed';
      /** the side of the line the point is on, along the axis the meaning uses (east/west unless it says
       * north/south); null when the line does not reach the point's latitude (or longitude) */
      side: CompassSide | null;
      distanceMetres: number;
      /** whose forces must stay where, if the line means that */
      party: string | null;
      mustStay: CompassSide | null;
      /** true/false when the meaning names a side and the side is known; null otherwise */
      onRequiredSide: boolean | null;
    };

export type ZonePlacement =
  | { geometry: string; kind: 'zone'; status: 'zone-not-loaded' }
  | {
      geometry: string;
      kind: 'zone';
      status: 'placed';
      inside: boolean;
      /** distance to the zone's edge, whichever side the point is on */
      distanceToEdgeMetres: number;
      party: string | null;
      mustStay: 'inside' | 'outside' | null;
      onRequiredSide: boolean | null;
    };

export type Placement = LinePlacement | ZonePlacement;

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

// ---------------------------------------------------------------------------------------------------------
// Plain geometry over coordinate arrays

type Segment = readonly [Position, Position];

/** Line coordinates as a list of parts (LineString = one part). */
function lineParts(g: NonNullable<AgreementGeometry['geojson']>): Position[][] {
  if (g.type === 'LineString') return [g.coordinates as Position[]];
  if (g.type === 'MultiLineString') return g.coordinates as Position[][];
  if (g.type === 'Polygon') return g.coordinates as Position[][];
  return (g.coordinates as Position[][][]).flat();
}

function* segments(parts: Position[][]): Generator<Segment> {
  for (const part of parts) for (let i = 1; i < part.length; i++) yield [part[i - 1]!, part[i]!];
}

/** Shortest distance in metres from the point to any segment. */
export function distanceToSegmentsMetres(point: LonLat, parts: Position[][]): number {
  const kx = Math.cos(point.lat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  let best = Infinity;
  for (const [a, b] of segments(parts)) {
    const ax = (a[0] - point.lon) * kx;
    const ay = (a[1] - point.lat) * ky;
    const bx = (b[0] - point.lon) * kx;
    const by = (b[1] - point.lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    // Closest point on the segment to the origin (the incident).
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const d = Math.hypot(ax + t * dx, ay + t * dy);
    if (d < best) best = d;
  }
  return best;
}

/**
 * Which side of the line the point is on along one axis. For east/west, a ray is cast east along the point's
 * latitude: crossing the line an odd number of times means the line lies to the east, so the point is west.
 * North/south likewise along its longitude. Null when the line does not cover the point on that axis.
 */
export function sideOfLine(point: LonLat, parts: Position[][], axis: 'east-west' | 'north-south'): CompassSide | null {
  const [u, v] = axis === 'east-west' ? [point.lon, point.lat] : [point.lat, point.lon];
  const coord = (p: Position) => (axis === 'east-west' ? [p[0], p[1]] : [p[1], p[0]]) as [number, number];
  let ahead = 0;
  let behind = 0;
  for (const [pa, pb] of segments(parts)) {
    const [au, av] = coord(pa);
    const [bu, bv] = coord(pb);
    if (av > v === bv > v) continue; // half-open rule: a vertex exactly on the ray is counted once
    const cu = au + ((v - av) / (bv - av)) * (bu - au);
    if (cu > u) ahead++;
    else behind++;
  }
  if (axis === 'east-west') return ahead % 2 === 1 ? 'west' : behind % 2 === 1 ? 'east' : null;
  return ahead % 2 === 1 ? 'south' : behind % 2 === 1 ? 'north' : null;
}

/** Even-odd containment over all rings (holes included); a MultiPolygon contains a point if any polygon does. */
export function pointInZone(point: LonLat, zone: NonNullable<AgreementGeometry['geojson']>): boolean {
  const polygons =
    zone.type === 'Polygon' ? [zone.coordinates as Position[][]] : zone.type === 'MultiPolygon' ? (zone.coordinates as Position[][][]) : [];
  for (const rings of polygons) {
    let inside = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Placement against an agreement's named geometry

const AXIS: Record<CompassSide, 'east-west' | 'north-south'> = { east: 'east-west', west: 'east-west', north: 'north-south', south: 'north-south' };

function compassOf(meaning: GeometryMeaning): CompassSide | null {
  const m = meaning.mustStay;
  return m === 'east' || m === 'west' || m === 'north' || m === 'south' ? m : null;
}

export function placeRelativeToLine(point: LonLat, line: AgreementGeometry): LinePlacement {
  const g = line.geojson;
  if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) return { geometry: line.name, kind: 'line', status: 'line-not-loaded' };
  const parts = lineParts(g);
  const mustStay = compassOf(line.meaning);
  const side = sideOfLine(point, parts, mustStay ? AXIS[mustStay] : 'east-west');
  return {
    geometry: line.name,
    kind: 'line',
    status: 'placed',
    side,
    distanceMetres: Math.round(distanceToSegmentsMetres(point, parts)),
    party: line.meaning.party ?? null,
    mustStay,
    onRequiredSide: mustStay && side ? side === mustStay : null,
  };
}

export function placeInZone(point: LonLat, zone: AgreementGeometry): ZonePlacement {
  const g = zone.geojson;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return { geometry: zone.name, kind: 'zone', status: 'zone-not-loaded' };
  const inside = pointInZone(point, g);
  const m = zone.meaning.mustStay;
  const mustStay = m === 'inside' || m === 'outside' ? m : null;
  return {
    geometry: zone.name,
    kind: 'zone',
    status: 'placed',
    inside,
    distanceToEdgeMetres: Math.round(distanceToSegmentsMetres(point, lineParts(g))),
    party: zone.meaning.party ?? null,
    mustStay,
    onRequiredSide: mustStay ? inside === (mustStay === 'inside') : null,
  };
}

/**
 * The point against every line and zone of the agreement valid at `asOf` (geometry versions carry validFrom /
 * validTo because lines move). Without asOf, every geometry is used.
 */
export function placeIncident(point: LonLat, agreement: Agreement, asOf?: string): Placement[] {
  const at = asOf === undefined ? undefined : Date.parse(asOf);
  return (agreement.geometry ?? [])
    .filter((g) => at === undefined || ((!g.validFrom || Date.parse(g.validFrom) <= at) && (!g.validTo || at < Date.parse(g.validTo))))
    .map((g) => (g.kind === 'line' ? placeRelativeToLine(point, g) : placeInZone(point, g)));
}

/**
 * Names of the lines and zones whose meaning the point contradicts for `perpetrator`: it is on the side of a line,
 * or in/out of a zone, that this party must keep off. Feeds `ComplianceIncident.wrongSideOf`.
 */
export function wrongSideOf(placements: readonly Placement[], perpetrator: string | null): string[] {
  if (perpetrator === null) return [];
  return placements.filter((p) => p.status === 'placed' && p.party === perpetrator && p.onRequiredSide === false).map((p) => p.geometry);
}

/** The placement in the incident record's shape (src/domain/incident.ts `SpatialFact`). */
export function toSpatialFact(p: Placement): SpatialFact {
  if (p.status === 'line-not-loaded' || p.status === 'zone-not-loaded') return { geometry: p.geometry, side: null, distanceMetres: null, inside: null };
  if (p.kind === 'line') return { geometry: p.geometry, side: p.side, distanceMetres: p.distanceMetres, inside: null };
  return { geometry: p.geometry, side: null, distanceMetres: p.distanceToEdgeMetres, inside: p.inside };
}
