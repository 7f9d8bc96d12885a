import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clusterReports, suggestDuplicates, type ConsolidationReport } from './cluster.ts';
import { incidentRange } from './range.ts';

const report = (id: string, over: Partial<ConsolidationReport> = {}): ConsolidationReport => ({
  id, date: '2025-10-29', datePrecision: 1, placeName: 'Jabalia', lat: 31.5300, lon: 34.4830, geoPrecision: 1,
  eventType: 'Explosions/Remote violence', perpetrator: 'Israel', target: null,
  text: 'An Israeli air strike on a school sheltering displaced families in Jabalia killed 12 people, medics said',
  sourceId: `doc-${id}`, ...over,
});
const groups = (rs: ConsolidationReport[]) => clusterReports(rs).map((c) => c.reportIds.sort().join('+')).sort();

test('the same event in two wordings is grouped, with reasons a reviewer can read', () => {
  const a = report('a');
  const b = report('b', { date: '2025-10-30', placeName: 'Jabaliya', lat: 31.5312, lon: 34.4851, text: 'Twelve dead as Israeli strike hits Jabalia school used as a shelter for the displaced' });
  assert.deepEqual(groups([a, b]), ['a+b']);
  const [s] = suggestDuplicates(a, [b]);
  assert.equal(s?.id, 'b');
  assert.ok(s!.reasons.includes('1 day apart (within 2)'), s!.reasons.join('; '));
  assert.ok(s!.reasons.some((r) => /wording \d+% alike/.test(r)));
});

test('different places, or dates too far apart, are not grouped', () => {
  const a = report('a');
  const rafah = report('rafah', { placeName: 'Rafah', lat: 31.2969, lon: 34.2436, text: a.text.replace('Jabalia', 'Rafah') });
  const later = report('later', { date: '2025-11-02' });
  assert.deepEqual(groups([a, rafah, later]), ['a', 'later', 'rafah']);
  // Month precision widens the window: "in early November" may be the same strike.
  const vague = report('vague', { date: '2025-11-01', datePrecision: 3 });
  assert.deepEqual(groups([a, vague]), ['a+vague']);
});

test('incompatible perpetrators, targets or event types are not grouped; unknown ones may be', () => {
  const a = report('a');
  assert.deepEqual(groups([a, report('h', { perpetrator: 'Hamas' })]), ['a', 'h']);
  assert.deepEqual(groups([report('t1', { target: 'Hamas' }), report('t2', { target: 'civilians' })]), ['t1', 't2']);
  assert.deepEqual(groups([a, report('p', { eventType: 'Protests' })]), ['a', 'p']);
  assert.deepEqual(groups([a, report('u', { perpetrator: null })]), ['a+u']);
  assert.deepEqual(groups([a, report('v', { eventType: 'Violence against civilians' })]), ['a+v'], 'an air strike on civilians is coded either way');
});

test('two incidents told by one document stay apart, even through a third report', () => {
  const one = report('one', { sourceId: 'doc-1' });
  const two = report('two', { sourceId: 'doc-1' });
  const other = report('other', { sourceId: 'doc-2' });
  const g = groups([one, two, other]);
  assert.equal(g.length, 2);
  assert.ok(!g.some((x) => x.includes('one') && x.includes('two')));
});

test('a report without coordinates meets only reports of the same place name', () => {
  const a = report('a');
  const named = report('named', { lat: null, lon: null });
  const elsewhere = report('elsewhere', { lat: null, lon: null, placeName: 'Beit Lahia' });
  assert.deepEqual(groups([a, named, elsewhere]), ['a+named', 'elsewhere']);
});

test('blocking by date and place gives exactly what comparing every pair gives', () => {
  const places = [[31.53, 34.483], [31.5312, 34.4851], [31.5, 34.46], [31.35, 34.3], [33.27, 35.2], [31.296, 34.2436]] as const;
  const words = ['air strike', 'school', 'shelter', 'tent', 'drone', 'market', 'Jabalia', 'Rafah', 'killed', 'families', 'car'];
  const arb = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 40 }), dp: fc.constantFrom(1, 2, 3), gp: fc.constantFrom(1, 2, 3), place: fc.integer({ min: 0, max: places.length - 1 }),
      jitter: fc.double({ min: -0.08, max: 0.08, noNaN: true }), lat: fc.double({ min: 31.2, max: 31.8, noNaN: true }), lon: fc.double({ min: 34.2, max: 34.8, noNaN: true }), free: fc.boolean(), hasPoint: fc.boolean(), dated: fc.integer({ min: 0, max: 9 }),
      perp: fc.constantFrom('Israel', 'Hamas', null), ev: fc.constantFrom('Explosions/Remote violence', 'Battles', 'Violence against civilians', null),
      text: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }), src: fc.integer({ min: 0, max: 30 }),
    }),
    { maxLength: 80 },
  );
  fc.assert(
    fc.property(arb, (rows) => {
      const rs: ConsolidationReport[] = rows.map((r, i) => ({
        id: `r${i}`, date: r.dated === 0 ? null : new Date(Date.UTC(2025, 9, 10 + r.day)).toISOString().slice(0, 10), datePrecision: r.dp as 1 | 2 | 3,
        placeName: `place ${r.place}`, lat: !r.hasPoint ? null : r.free ? r.lat : places[r.place]![0] + r.jitter, lon: !r.hasPoint ? null : r.free ? r.lon : places[r.place]![1] - r.jitter,
        geoPrecision: r.gp as 1 | 2 | 3, eventType: r.ev, perpetrator: r.perp, target: null, text: r.text.join(' '), sourceId: `d${r.src}`,
      }));
      assert.deepEqual(clusterReports(rs, { threshold: 0.3 }), clusterReports(rs, { threshold: 0.3, bruteForce: true }));
    }),
    { numRuns: 200, seed: 42 },
  );
});

test('range over conflicting figures: one figure per source, median best, ACLED conservative rule available', () => {
  const claims = [
    { sourceId: 'civil-defence', toll: { civilians: { low: 21, best: 21, high: 21 } }, reportedAt: '2025-10-29T10:00:00Z' },
    { sourceId: 'medics', toll: { civilians: { low: 13, best: 13, high: 13 } }, reportedAt: '2025-10-29T09:00:00Z' },
    { sourceId: 'moh', toll: { civilians: { low: 15, best: 15, high: 15 } }, reportedAt: '2025-10-29T08:00:00Z' },
    // The ministry revised its figure: its earlier 15 no longer counts.
    { sourceId: 'moh', toll: { civilians: { low: 17, best: 17, high: 17 } }, reportedAt: '2025-10-30T08:00:00Z' },
  ];
  assert.deepEqual(incidentRange(claims), { civilians: { low: 13, best: 17, high: 21 } });
  assert.deepEqual(incidentRange(claims, 'conservative'), { civilians: { low: 13, best: 13, high: 21 } });
  assert.deepEqual(incidentRange([]), {});
});

test('a chain of reports a day apart each does not become one incident spanning a week', () => {
  const chain = [0, 1, 2, 3, 4, 5, 6].map((d) => report(`c${d}`, { date: `2025-10-${String(20 + d).padStart(2, '0')}` }));
  const g = clusterReports(chain);
  for (const c of g) {
    const days = c.reportIds.map((id) => Number(id.slice(1)));
    assert.ok(Math.max(...days) - Math.min(...days) <= 2, `cluster ${c.reportIds.join('+')} spans more than the day windows allow`);
  }
  assert.ok(g.length >= 3);
});

test('reports without a point are compared only with same-name reports their dates can meet', () => {
  // Three years of daily unplaced reports from one town: each can only be one incident with a report a few days off.
  const day0 = Date.UTC(2024, 0, 1);
  const rs = Array.from({ length: 1500 }, (_, k) => report(`u${k}`, { lat: null, lon: null, date: new Date(day0 + k * 86_400_000).toISOString().slice(0, 10) }));
  const stats = { pairs: 0, links: 0, ms: {} };
  const clusters = clusterReports(rs, { stats });
  assert.ok(stats.pairs <= 1500 * 2, `${stats.pairs} pairs compared; every pair of the name would be ${(1500 * 1499) / 2}`);
  assert.deepEqual(clusters.map((c) => c.reportIds), clusterReports(rs, { bruteForce: true }).map((c) => c.reportIds));
});
