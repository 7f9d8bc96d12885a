// The pure parts of a sitrep, without a database: period figures from a body's series, readable times, and charts
// and maps that stay well-formed at the edges (one day, a period before the ceasefire, nothing to draw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodFigure } from '../src/report/model.ts';
import { readable } from '../src/report/document.ts';
import { NUMBERED_MAX, chartSvg, mapSvg } from '../src/report/svg.ts';
import type { Series } from '../src/domain/series.ts';

const series = (mode: Series['mode'], metric = 'trucks'): Series => ({ id: `b.${metric}`, bodyId: 'b', metric, mode, unit: 'u', description: null, estimated: false, territory: null, version: 1 });
const pts = (...p: Array<[string, number]>) => p.map(([date, value]) => ({ seriesId: 'b.x', date, value, sourceDocumentId: null, note: null }));

test('a daily series is summed over the days it reported in the period', () => {
  const f = periodFigure(series('daily'), pts(['2025-11-02', 100], ['2025-11-03', 500], ['2025-11-05', 700], ['2025-11-10', 9]), '2025-11-03', '2025-11-09', '2025-10-10');
  assert.equal(f.value, 1200);
  assert.equal(f.note, '600 a day');
  assert.equal(periodFigure(series('daily'), pts(['2025-11-02', 100]), '2025-11-03', '2025-11-09', '2025-10-10').value, null, 'no figure is not zero');
});

test('a running total gives its change over the period, or nothing when there is no earlier value', () => {
  const total = series('cumulative', 'killed_total');
  assert.equal(periodFigure(total, pts(['2025-10-20', 93], ['2025-11-02', 230], ['2025-11-09', 260]), '2025-11-03', '2025-11-09', '2025-10-10').value, 30);
  assert.equal(periodFigure(total, pts(['2025-11-09', 260]), '2025-11-03', '2025-11-09', '2025-10-10').value, null);
  // a body counting from the ceasefire itself started from zero on the first day
  assert.equal(periodFigure(series('cumulative', 'killed_since_truce'), pts(['2025-10-15', 40]), '2025-10-10', '2025-10-16', '2025-10-10').value, 40);
});

test('times read as a person writes them', () => {
  assert.equal(readable('deadline 2025-10-13T09:00:00.000Z passed'), 'deadline 2025-10-13 09:00 UTC passed');
  assert.equal(readable('fulfilled 2025-10-10T12:00:00+03:00'), 'fulfilled 2025-10-10 12:00 UTC+03:00');
});

test('charts and maps stay well-formed at the edges', () => {
  const one = chartSvg({ title: 'x', unit: 'u', kind: 'bars', from: '2025-11-05', to: '2025-11-05', period: { from: '2025-11-05', to: '2025-11-05' }, series: [{ label: 'a', points: [{ date: '2025-11-05', value: 0 }] }] });
  const lines = chartSvg({ title: 'y', unit: 'u', kind: 'lines', from: '2025-10-01', to: '2025-10-07', period: { from: '2025-10-01', to: '2025-10-07' }, series: [{ label: 'b', points: [{ date: '2025-10-03', value: 4 }] }], target: { value: 10, label: 't' } });
  for (const svg of [one, lines]) {
    assert.match(svg, /^<svg [^>]*viewBox="0 0 680 190"/);
    assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
  }
  assert.equal(mapSvg([], []), '', 'nothing to draw, no map');
  const map = mapSvg([{ name: 'zone', role: 'agreement-area', description: null, geojson: { type: 'Polygon', coordinates: [[[34.2, 31.2], [34.6, 31.2], [34.6, 31.6], [34.2, 31.2]]] } }], [{ n: 1, id: 'i', date: '2025-11-05', place: 'P <b>', area: null, lon: 34.4, lat: 31.4, eventType: 'Battles', subEventType: 'Armed clash', perpetrator: 'X', target: null, killed: null, injured: null, grade: null, evidence: 'alleged', provisions: [], refs: [] }]);
  assert.doesNotMatch(map, /NaN|<b>/, 'coordinates are numbers and text is escaped');
  assert.match(map, /P &lt;b&gt;/);
  assert.match(map, />1<\/text>/, 'a few incidents are numbered as in the list');
  // Past NUMBERED_MAX, numbers would only cover each other: dots, each still with its title.
  const many = Array.from({ length: NUMBERED_MAX + 1 }, (_, k) => ({ n: k + 1, id: `i${k}`, date: '2025-11-05', place: `P${k}`, area: null, lon: 34.3 + k / 200, lat: 31.3 + k / 200, eventType: 'Battles', subEventType: 'Armed clash', perpetrator: 'X', target: null, killed: null, injured: null, grade: null, evidence: 'verified' as const, provisions: [], refs: [] }));
  const dots = mapSvg([], many);
  assert.equal((dots.match(/<circle [^>]*r="3.5"/g) ?? []).length, NUMBERED_MAX + 1);
  assert.doesNotMatch(dots, />\d+<\/text>/);
});
