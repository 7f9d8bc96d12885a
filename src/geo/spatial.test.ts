import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAgreementFile } from '../formats/agreement-yaml.ts';
import { withGeometry } from '../domain/agreement.ts';
import type { Agreement, AgreementGeometry } from '../domain/agreement.ts';
import { placeIncident, placeInZone, placeRelativeToLine, sideOfLine, toSpatialFact, wrongSideOf } from './spatial.ts';
import type { LinePlacement, ZonePlacement } from './spatial.ts';

const fixtures = fileURLToPath(new URL('../../test/fixtures/agreements/', import.meta.url));
const ocean = await loadAgreementFile(`${fixtures}valid-with-lines.yaml`);
const gaza = await loadAgreementFile(fileURLToPath(new URL('../../data/agreements/gaza-2025.yaml', import.meta.url)));
const geometry = (a: Agreement, name: string): AgreementGeometry => a.geometry!.find((g) => g.name === name)!;

/** Great-circle distance, written independently of the module under test, to check its metres. */
function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

function placed(p: LinePlacement): Extract<LinePlacement, { status: 'placed' }> {
  assert.equal(p.status, 'placed');
  return p as Extract<LinePlacement, { status: 'placed' }>;
}

test('a point east of a north–south line is east, at the right distance in metres', () => {
  const p = placed(placeRelativeToLine({ lon: -29.99, lat: 10.2 }, geometry(ocean, 'straight-line')));
  assert.equal(p.side, 'east');
  const expected = haversine(-29.99, 10.2, -30.0, 10.2);
  assert.ok(Math.abs(p.distanceMetres - expected) < 2, `${p.distanceMetres} vs ${expected}`);
  assert.equal(p.party, 'east-fleet');
  assert.equal(p.mustStay, 'east');
  assert.equal(p.onRequiredSide, true);
});

test('a point west of the line is west, and off the side the party must keep to', () => {
  const p = placed(placeRelativeToLine({ lon: -30.05, lat: 10.1 }, geometry(ocean, 'straight-line')));
  assert.equal(p.side, 'west');
  assert.equal(p.onRequiredSide, false);
  assert.ok(Math.abs(p.distanceMetres - haversine(-30.05, 10.1, -30.0, 10.1)) < 5);
});

test('a kinked line: the side follows the line at the point’s latitude, the distance the nearest segment', () => {
  const kinked = geometry(ocean, 'kinked-line');
  // At 10.2° N the line bulges east to −29.9°: a point at −29.95° is west of it, though east of both ends.
  const p = placed(placeRelativeToLine({ lon: -29.95, lat: 10.2 }, kinked));
  assert.equal(p.side, 'west');
  assert.equal(p.onRequiredSide, true);
  assert.ok(p.distanceMetres < haversine(-29.95, 10.2, -29.9, 10.2), 'the nearest point lies on a slanting segment, nearer than due east');
  assert.equal(placed(placeRelativeToLine({ lon: -29.85, lat: 10.2 }, kinked)).side, 'east');
});

test('beyond the end of a line the side is unknown, but the distance to its end is given', () => {
  const p = placed(placeRelativeToLine({ lon: -29.99, lat: 10.5 }, geometry(ocean, 'straight-line')));
  assert.equal(p.side, null);
  assert.equal(p.onRequiredSide, null);
  assert.ok(Math.abs(p.distanceMetres - haversine(-29.99, 10.5, -30.0, 10.4)) < 50);
});

test('a line whose meaning is north/south is judged north/south', () => {
  const line = geometry(ocean, 'parallel');
  const south = placed(placeRelativeToLine({ lon: -30.0, lat: 10.9 }, line));
  assert.equal(south.side, 'south');
  assert.equal(south.onRequiredSide, true);
  assert.ok(Math.abs(south.distanceMetres - haversine(-30.0, 10.9, -30.0, 11.0)) < 2);
  assert.equal(placed(placeRelativeToLine({ lon: -30.0, lat: 11.1 }, line)).side, 'north');
  assert.equal(sideOfLine({ lon: -30, lat: 11.1 }, [[[-30.5, 11], [-29.5, 11]]], 'east-west'), null);
});

test('zones: inside, outside, and inside the hole counts as outside', () => {
  const buffer = geometry(ocean, 'buffer');
  const at = (lon: number, lat: number) => placeInZone({ lon, lat }, buffer) as Extract<ZonePlacement, { status: 'placed' }>;
  const ring = at(-30.95, 9.2);
  assert.equal(ring.inside, true);
  assert.equal(ring.onRequiredSide, false, 'west-fleet must stay outside the buffer');
  assert.ok(Math.abs(ring.distanceToEdgeMetres - haversine(-30.95, 9.2, -31.0, 9.2)) < 5);
  assert.equal(at(-30.8, 9.2).inside, false, 'in the hole');
  assert.equal(at(-30.8, 9.2).onRequiredSide, true);
  assert.equal(at(-29.0, 9.2).inside, false);
});

test('a line declared without coordinates answers line-not-loaded, never a guess', () => {
  assert.deepEqual(placeRelativeToLine({ lon: 34.45, lat: 31.5 }, geometry(gaza, 'yellow-line')), {
    geometry: 'yellow-line',
    kind: 'line',
    status: 'line-not-loaded',
  });
  assert.deepEqual(toSpatialFact(placeRelativeToLine({ lon: 34.45, lat: 31.5 }, geometry(gaza, 'yellow-line'))), {
    geometry: 'yellow-line',
    side: null,
    distanceMetres: null,
    inside: null,
  });
});

test('Gaza: a point in Gaza City and one in Khan Younis fall in their governorates, both in the Strip', () => {
  const inside = (lon: number, lat: number) =>
    placeIncident({ lon, lat }, gaza, '2025-11-01T00:00:00Z')
      .filter((p): p is Extract<ZonePlacement, { status: 'placed' }> => p.kind === 'zone' && p.status === 'placed' && p.inside)
      .map((p) => p.geometry);
  assert.deepEqual(inside(34.4667, 31.5), ['gaza-strip', 'gaza-governorate']);
  assert.deepEqual(inside(34.3, 31.34), ['gaza-strip', 'khan-younis']);
  assert.deepEqual(inside(34.8, 31.5), [], 'Israel, outside the Strip');
});

test('placeIncident uses only geometry valid at the date, and a loaded line is then measured', () => {
  const before = placeIncident({ lon: 34.45, lat: 31.5 }, gaza, '2025-10-01T00:00:00Z');
  assert.ok(!before.some((p) => p.geometry === 'yellow-line'), 'the line did not exist before 10 Oct 2025');
  const after = placeIncident({ lon: 34.45, lat: 31.5 }, gaza, '2025-11-01T00:00:00Z');
  assert.equal(after.find((p) => p.geometry === 'yellow-line')!.status, 'line-not-loaded');

  // A user loads a line (here an invented straight one, for the test only): the same point is now placed.
  const loaded = withGeometry(gaza, 'yellow-line', { type: 'LineString', coordinates: [[34.5, 31.2], [34.5, 31.6]] });
  const p = placed(placeIncident({ lon: 34.45, lat: 31.5 }, loaded, '2025-11-01T00:00:00Z').find((x) => x.geometry === 'yellow-line') as LinePlacement);
  assert.equal(p.side, 'west');
  assert.equal(p.party, 'israel');
  assert.equal(p.onRequiredSide, false);
});

test('wrongSideOf names the lines and zones a perpetrator is on the forbidden side of', () => {
  // East of the straight line (east-fleet must stay east: fine), east of the kinked line (west-fleet must stay
  // west: wrong side), outside the buffer.
  const placements = placeIncident({ lon: -29.85, lat: 10.2 }, ocean);
  assert.deepEqual(wrongSideOf(placements, 'west-fleet'), ['kinked-line']);
  assert.deepEqual(wrongSideOf(placements, 'east-fleet'), []);
  assert.deepEqual(wrongSideOf(placeIncident({ lon: -30.95, lat: 9.2 }, ocean), 'west-fleet'), ['buffer']);
  assert.deepEqual(wrongSideOf(placements, null), []);
});
