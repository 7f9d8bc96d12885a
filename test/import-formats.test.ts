// The format readers without a database: dates as ACLED files write them, actor types and interactions in both
// forms, UCDP's low/best/high carried into Truce's per-group tolls, HXL tags, series rows, and row rejections that
// name the column and say what to write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tollTotal } from '../src/domain/estimate.ts';
import { acledLayout, interactionLabel, parseAcledRow } from '../src/formats/acled.ts';
import { headerIndex } from '../src/formats/csv.ts';
import { columnsFromTags, isHashtagRow, normaliseTag } from '../src/formats/hxl.ts';
import { parseDay, rowFields, rowText } from '../src/formats/records.ts';
import { parseSeriesRow } from '../src/formats/series-csv.ts';
import { parseTfp } from '../src/formats/tfp.ts';
import { ucdpToll } from '../src/formats/ucdp.ts';

test('dates in the forms ACLED files use, and nothing that is not a real day', () => {
  for (const s of ['2025-10-19', '19 October 2025', '19-Oct-25', '19-10-2025', '19/10/2025', '2025-10-19 00:00:00.000', '19 Oct 2025']) assert.equal(parseDay(s), '2025-10-19', s);
  assert.equal(parseDay('12-Mar-99'), '1999-03-12');
  for (const s of ['2025-02-30', '31 June 2025', '19 Octember 2025', 'yesterday', '', '2025/10/19x']) assert.equal(parseDay(s), null, s);
});

test('interaction codes become ACLED text labels; text labels stay', () => {
  assert.equal(interactionLabel('17'), 'State forces-Civilians');
  assert.equal(interactionLabel('20'), 'Rebel group only');
  assert.equal(interactionLabel('State forces-Civilians'), 'State forces-Civilians');
});

const HEADER = ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'inter1', 'actor2', 'inter2', 'location', 'latitude', 'longitude', 'geo_precision', 'notes', 'fatalities'];
const layout = (() => {
  const l = acledLayout(HEADER, headerIndex(HEADER));
  if ('missing' in l) throw new Error('layout');
  return l.ok;
})();
const good = ['XX1', '19-Oct-25', '2', 'Battles', 'Armed clash', 'Army', '1', 'Militia', 'Political militia', 'Hill', '31.2', '34.3', '3', 'Fire was exchanged.', '4'];

test('an ACLED row becomes an incident with its precisions, the conservative figure and the notes as evidence', () => {
  const r = parseAcledRow(layout, good, 2);
  assert.equal(r.kind, 'incident');
  if (r.kind !== 'incident') return;
  assert.equal(r.externalId, 'acled:XX1');
  assert.equal(r.incident.date, '2025-10-19');
  assert.equal(r.incident.datePrecision, 2);
  assert.equal(r.incident.location?.precision, 3);
  assert.deepEqual(r.incident.killed, { unknown: { low: 4, best: 4, high: 4 } });
  assert.match(r.claim.body.kind === 'incident' ? (r.claim.body.victims ?? '') : '', /lowest reported/);
  assert.equal(r.document.text.slice(r.claim.evidence!.start, r.claim.evidence!.end), 'Fire was exchanged.');
  assert.equal(rowFields(r.document.text).get('inter2'), 'Political militia');
});

test('a bad ACLED field is a rejection naming the column and what to write', () => {
  const bad = (i: number, v: string) => {
    const values = [...good];
    values[i] = v;
    const r = parseAcledRow(layout, values, 7);
    assert.equal(r.kind, 'rejected');
    return r.kind === 'rejected' ? r : null!;
  };
  assert.match(bad(1, '2025-13-01').reason, /^event_date .*write 2025-10-19, 19 October 2025 or 19-Oct-25/);
  assert.equal(bad(3, 'Skirmish').column, 'event_type');
  assert.match(bad(4, 'Air/drone strike').reason, /not a sub-event type of "Battles"/);
  assert.match(bad(6, '9').reason, /inter1 "9" is not an ACLED actor type/);
  assert.match(bad(14, 'two').reason, /fatalities "two" is not a whole number/);
  assert.match(bad(10, '95').reason, /latitude/);
  assert.equal(bad(0, '').column, 'event_id_cnty');
});

test("UCDP's low, best and high survive as the toll's totals, deaths by side in their groups", () => {
  const t = ucdpToll({ sideA: 1, sideB: 2, civilians: 0, unknown: 0 }, 3, 3, 5);
  assert.deepEqual(tollTotal(t), { low: 3, best: 3, high: 5 });
  assert.equal(t.sideB?.best, 2);
  const u = ucdpToll({ sideA: 0, sideB: 0, civilians: 4, unknown: 1 }, 4, 6, 9);
  assert.deepEqual(tollTotal(u), { low: 4, best: 6, high: 9 });
  assert.ok(Object.values(u).every((e) => e!.low >= 0 && e!.low <= e!.best && e!.best <= e!.high));
});

test('HXL tags match whatever their case and attribute order; a hashtag row is recognised', () => {
  assert.equal(normaliseTag('#Affected +Killed'), normaliseTag('#affected+killed'));
  assert.ok(isHashtagRow(['#event+code', '', '#affected+killed']));
  assert.ok(!isHashtagRow(['TST1', '2025-10-19']));
  assert.deepEqual(columnsFromTags(['A', 'B', 'Extra'], ['#event+code', '#affected +killed', ''], { event_id_cnty: '#event+code', fatalities: '#affected+killed' }), ['event_id_cnty', 'fatalities', 'extra']);
});

test('a series row needs a day, a number, a metric and a body; mode comes from its column', () => {
  const idx = headerIndex(['date', 'value', 'metric', 'body', 'mode']);
  const r = parseSeriesRow(idx, ['2025-10-12', '1,234', 'killed_cum', 'test-ministry', ''], 2);
  assert.equal(r.kind, 'series');
  if (r.kind === 'series') {
    assert.equal(r.points[0]!.value, 1234);
    assert.equal(r.points[0]!.series.mode, 'cumulative');
    assert.equal(r.points[0]!.series.id, 'test-ministry.killed_cum');
  }
  const d = parseSeriesRow(idx, ['2025-10-12', '5', 'trucks', 'crossing', 'daily'], 3);
  assert.equal(d.kind === 'series' && d.points[0]!.series.mode, 'daily');
  const bad = parseSeriesRow(idx, ['2025-10-12', 'many', 'trucks', 'crossing', ''], 4);
  assert.equal(bad.kind === 'rejected' && bad.column, 'value');
  const mode = parseSeriesRow(idx, ['2025-10-12', '5', 'trucks', 'crossing', 'weekly'], 5);
  assert.equal(mode.kind === 'rejected' && mode.column, 'mode');
});

test("Tech For Palestine rows: each field in its reporting body's series, ext_* and fill days as estimates", () => {
  const gaza = parseTfp('g.json', [
    { report_date: '2025-10-11', report_source: 'mohtel', report_period: 24, killed: 5, killed_cum: 100, ext_killed_cum: 100 },
    { report_date: '2025-10-12', report_source: 'gmotel', report_period: 48, killed_cum: 110 },
    { report_date: '2025-10-13', report_source: 'missing', ext_killed_cum: 111 },
    { report_date: '13/10/2025', report_source: 'mohtel', killed: 1 },
  ]);
  assert.equal(gaza.dataset, 'gaza');
  const ids = gaza.rows.flatMap((r) => (r.kind === 'series' ? r.points.map((p) => `${p.series.id}${p.series.estimated ? '~' : ''}=${p.value}`) : [`rejected:${r.kind === 'rejected' ? r.column : ''}`]));
  assert.deepEqual(ids, ['gaza-moh.killed=5', 'gaza-moh.killed_cum=100', 'tech-for-palestine.gaza.killed_cum~=100', 'gaza-gmo.killed_cum=110', 'tech-for-palestine.gaza.killed_cum~=111', 'rejected:report_date']);
  const mohKilled = gaza.rows[0]!.kind === 'series' ? gaza.rows[0]!.points[0]! : null;
  assert.equal(mohKilled?.series.mode, 'period');
  assert.equal(mohKilled?.note, 'covers 24 hours');
  const wb = parseTfp('w.json', [{ report_date: '2025-10-11', flash_source: 'fill', killed_cum: 9, verified: { killed_cum: 8 } }]);
  assert.equal(wb.dataset, 'west-bank');
  const p = wb.rows[0]!.kind === 'series' ? wb.rows[0]!.points : [];
  assert.deepEqual(p.map((x) => [x.series.id, x.series.estimated]), [['tech-for-palestine.west_bank.killed_cum', true], ['tech-for-palestine.west_bank.verified_killed_cum', true]]);
  assert.throws(() => parseTfp('x.json', { rows: [] }), /expected a JSON array/);
});

test('row text keeps every non-empty value under its column, and reads back', () => {
  const t = rowText(['a', 'b', 'c'], ['1', '', 'x: y']);
  assert.equal(t, 'a: 1\nc: x: y');
  assert.deepEqual([...rowFields(t)], [['a', '1'], ['c', 'x: y']]);
});
